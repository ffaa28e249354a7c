// test_state.cpp: JSON state files. Round trips are bit-exact (config, weights, custom points);
// every malformed case is rejected with a message naming the problem and the outputs untouched.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>

#include "io/state.h"
#include "nn/portable_math.h"
#include "nn/random.h"

using namespace relulab;

namespace {

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

// Fills a network for `c` with random weights of mixed magnitudes, without make_network.
Network random_network(const Config& c, std::uint64_t seed) {
  DataRng rng(seed);
  Network n;
  n.spec = c.network;
  n.classes = class_count(c.data);
  int in = input_count(c.network);
  const int hidden = static_cast<int>(c.network.hidden.size());
  for (int l = 0; l <= hidden; ++l) {
    const int out = l < hidden ? c.network.hidden[l].units : output_count(c.network, n.classes);
    Layer layer;
    layer.activation = l < hidden ? c.network.hidden[l].activation : Activation::linear;
    layer.W.resize(out, in);
    layer.b.resize(out);
    auto draw = [&]() {  // one draw per statement: operand order differs between compilers
      const double z = rng.normal();
      return static_cast<float>(z * std::ldexp(1.0, static_cast<int>(rng.below(40)) - 20));
    };
    for (int r = 0; r < out; ++r)
      for (int k = 0; k < in; ++k) layer.W(r, k) = draw();
    for (int r = 0; r < out; ++r) layer.b(r) = draw();
    if (layer.activation == Activation::prelu) {
      layer.slope.resize(out);
      for (int r = 0; r < out; ++r) layer.slope(r) = draw();
    }
    n.layers.push_back(std::move(layer));
    in = out;
  }
  return n;
}

bool same_bits(const float* a, const float* b, long n) {
  return n == 0 || std::memcmp(a, b, static_cast<size_t>(n) * sizeof(float)) == 0;
}

bool same_network(const Network& a, const Network& b) {
  if (a.layers.size() != b.layers.size() || a.classes != b.classes) return false;
  for (size_t l = 0; l < a.layers.size(); ++l) {
    const Layer &x = a.layers[l], &y = b.layers[l];
    if (x.activation != y.activation || x.W.rows() != y.W.rows() || x.W.cols() != y.W.cols() ||
        x.b.size() != y.b.size() || x.slope.size() != y.slope.size())
      return false;
    if (!same_bits(x.W.data(), y.W.data(), x.W.size()) ||
        !same_bits(x.b.data(), y.b.data(), x.b.size()) ||
        !same_bits(x.slope.data(), y.slope.data(), x.slope.size()))
      return false;
  }
  return true;
}

bool same_config(const Config& a, const Config& b) {
  // config_to_json writes every field, with floats bit-exact: equal text means equal configs.
  return config_to_json(a) == config_to_json(b);
}

Config sample_config() {
  Config c;
  c.data.kind = DataKind::spirals;
  c.data.classes = 4;
  c.data.points = 777;
  c.data.noise = 0.123456789f;
  c.data.train_fraction = 0.3f;
  c.data.seed = 18446744073709551557ull;  // near 2^64: must survive as an exact integer
  c.network.features = 0b1010111;
  c.network.hidden = {{5, Activation::prelu}, {3, Activation::neg_relu_neg}, {7, Activation::gelu}};
  c.network.output = Output::softmax_ce;
  c.network.init = Init::xavier_uniform;
  c.network.bias_init = BiasInit::small;
  c.network.seed = 42;
  c.train.optimizer = Optimizer::momentum;
  c.train.learning_rate = 0.0003f;
  c.train.momentum = 0.95f;
  c.train.epsilon = 1e-7f;
  c.train.batch_size = 17;
  c.train.l2 = 1e-4f;
  c.train.activation_l1 = 3e-5f;
  return c;
}

struct Outputs {
  Config c;
  Network n;
  Dataset d;
};

Outputs sentinel() {
  Outputs o;
  o.c.data.kind = DataKind::moons;
  o.c.data.seed = 99;
  o.n = random_network(o.c, 5);
  o.d.train = {{1, 2, 1}};
  return o;
}

bool untouched(const Outputs& o) {
  const Outputs s = sentinel();
  return same_config(o.c, s.c) && same_network(o.n, s.n) && o.d.train.size() == 1 &&
         o.d.test.empty() && o.d.train[0].x1 == 1;
}

std::string replace(std::string s, const std::string& from, const std::string& to) {
  const auto at = s.find(from);
  REQUIRE(at != std::string::npos);
  return s.replace(at, from.size(), to);
}

// Replaces the items of the first list that starts with `opening` (up to its first ']').
std::string replace_list(std::string s, const std::string& opening, const std::string& items) {
  const auto at = s.find(opening);
  REQUIRE(at != std::string::npos);
  const auto begin = at + opening.size(), end = s.find(']', begin);
  return s.replace(begin, end - begin, items);
}

}  // namespace

TEST_CASE("state: config JSON round trip") {
  const Config c = sample_config();
  REQUIRE(validate(c) == "");
  const std::string text = config_to_json(c);
  CHECK(contains(text, "\"format\": \"relulab-model\""));
  CHECK(contains(text, "\"kind\": \"spirals\""));
  CHECK(contains(text, "\"x1*x2\""));
  CHECK_FALSE(contains(text, "\"x2^2\""));
  CHECK(contains(text, "\"learning_rate\": 0.0003,"));  // shortest decimal, not 0.000300000014
  Config back;
  REQUIRE(parse_config_json(text, "c.json", &back) == "");
  CHECK(same_config(back, c));
  CHECK(back.data.seed == c.data.seed);
  CHECK(back.data.noise == c.data.noise);
  CHECK(back.network.hidden[1].activation == Activation::neg_relu_neg);
}

TEST_CASE("state: partial and bare config files keep defaults") {
  Config c;
  REQUIRE(parse_config_json(R"({"format": "relulab-model", "version": 1,
      "config": {"data": {"kind": "xor", "noise": 0.2}, "network": {"hidden": [{"units": 4}]}}})",
                            "c.json", &c) == "");
  CHECK(c.data.kind == DataKind::xor_);
  CHECK(c.data.noise == 0.2f);
  CHECK(c.data.points == Config{}.data.points);
  REQUIRE(c.network.hidden.size() == 1);
  CHECK(c.network.hidden[0].units == 4);
  CHECK(c.network.hidden[0].activation == Activation::relu);
  CHECK(c.train.learning_rate == Config{}.train.learning_rate);
  REQUIRE(parse_config_json(R"({"train": {"optimizer": "sgd", "batch_size": 10}})", "c.json", &c) ==
          "");
  CHECK(c.train.optimizer == Optimizer::sgd);
  CHECK(c.data.kind == DataKind::circle);
}

TEST_CASE("state: model round trip is bit-exact, with and without custom data") {
  const Config c = sample_config();
  const Network net = random_network(c, 77);
  const std::string text = save_state(c, net, nullptr);
  Outputs o = sentinel();
  REQUIRE(load_state(text, "m.json", &o.c, &o.n, &o.d) == "");
  CHECK(same_config(o.c, c));
  CHECK(same_network(o.n, net));
  CHECK(o.n.classes == 4);
  CHECK(o.n.spec.hidden.size() == 3);
  CHECK(o.d.train.size() == 1);  // not custom data: untouched
  CHECK(save_state(o.c, o.n, nullptr) == text);

  Config cc;
  cc.data.kind = DataKind::custom;
  cc.data.classes = 1;
  cc.network.output = Output::linear_mse;
  cc.network.hidden = {};
  DataSpec gen;
  gen.kind = DataKind::reg_gaussians;
  gen.points = 50;
  gen.noise = 0.3f;
  Dataset data = generate(gen);
  const Network linear = random_network(cc, 3);
  const std::string with_data = save_state(cc, linear, &data);
  REQUIRE(load_state(with_data, "m.json", &o.c, &o.n, &o.d) == "");
  CHECK(same_network(o.n, linear));
  REQUIRE(o.d.train.size() == data.train.size());
  REQUIRE(o.d.test.size() == data.test.size());
  CHECK(std::memcmp(o.d.train.data(), data.train.data(), data.train.size() * sizeof(Point)) == 0);
  CHECK(std::memcmp(o.d.test.data(), data.test.data(), data.test.size() * sizeof(Point)) == 0);
  CHECK(o.d.regression);
  CHECK(o.d.spec.kind == DataKind::custom);
  CHECK(o.c.data.points == 50);
}

TEST_CASE("state: special float values round trip exactly") {
  Config c;
  c.network.hidden = {{4, Activation::relu}};
  Network net = random_network(c, 1);
  const float specials[] = {0.0f, -0.0f, 1e-45f, -1.17549435e-38f, 3.40282347e38f, 0.1f, 1.0f / 3};
  for (int i = 0; i < 7; ++i) net.layers[0].W(i / 2, i % 2) = specials[i];
  Config c2;
  Network back;
  REQUIRE(load_state(save_state(c, net, nullptr), "m.json", &c2, &back, nullptr) == "");
  CHECK(same_network(back, net));
  CHECK(std::signbit(back.layers[0].W(0, 1)));
}

TEST_CASE("state: malformed files are rejected, naming the problem, outputs untouched") {
  Config c;
  c.network.hidden = {{3, Activation::relu}, {2, Activation::prelu}};
  const std::string good = save_state(c, random_network(c, 8), nullptr);
  {
    Outputs o = sentinel();
    REQUIRE(load_state(good, "m.json", &o.c, &o.n, &o.d) == "");
  }
  std::string many_layers =
      R"({"format": "relulab-model", "version": 1, "config": {"network": {"hidden": [)";
  for (int i = 0; i < 13; ++i) many_layers += std::string(i ? "," : "") + R"({"units": 2})";
  many_layers += "]}}, \"weights\": {\"layers\": []}}";
  std::string deep(100, '[');
  struct Case {
    const char* what;
    std::string text;
    const char* expect;
  };
  const Case cases[] = {
      {"truncated", good.substr(0, good.size() / 2), "m.json: invalid JSON at byte"},
      {"empty", "", "invalid JSON at byte"},
      {"not json", "hello", "invalid JSON at byte 1"},
      {"deep", deep, "nested deeper than 32 levels"},
      {"top array", "[1, 2]", "(top level): expected an object"},
      {"wrong format", replace(good, "relulab-model", "keras"),
       "format: 'keras' is not 'relulab-model'"},
      {"wrong version", replace(good, "\"version\": 1", "\"version\": 2"),
       "version: 2 is not supported"},
      {"version string", replace(good, "\"version\": 1", "\"version\": \"1\""),
       "version: expected an integer"},
      {"no version", replace(good, "\"version\": 1,", ""), "version: missing"},
      {"unknown top key", replace(good, "\"version\": 1,", "\"version\": 1, \"extra\": 0,"),
       "extra: unknown key"},
      {"unknown activation", replace(good, "\"activation\": \"relu\"", "\"activation\": \"relu2\""),
       "config.network.hidden[0].activation: \"relu2\" is not one of relu, leaky_relu"},
      {"unknown kind", replace(good, "\"kind\": \"circle\"", "\"kind\": \"donut\""),
       "config.data.kind: \"donut\" is not one of circle, xor"},
      {"unknown key", replace(good, "\"noise\"", "\"noize\""),
       "config.data.noize: unknown key (valid keys: kind, points"},
      {"noise range", replace(good, "\"noise\": 0.0", "\"noise\": 0.9"),
       "config.data.noise: 0.899999976 is out of range 0..0.5"},
      {"noise string", replace(good, "\"noise\": 0.0", "\"noise\": \"NaN\""),
       "config.data.noise: expected a number, found string"},
      {"huge number", replace(good, "\"noise\": 0.0", "\"noise\": 1e999"),
       "number overflow parsing '1e999'"},
      {"float overflow", replace(good, "\"noise\": 0.0", "\"noise\": 1e300"),
       "config.data.noise: 1e+300 is not a finite float"},
      {"points not int", replace(good, "\"points\": 500", "\"points\": 500.5"),
       "config.data.points: 500.5 is not an integer"},
      {"too many points", replace(good, "\"points\": 500", "\"points\": 100001"),
       "config.data.points: 100001 is out of range 0..100000"},
      {"too many units", replace(good, "\"units\": 3", "\"units\": 129"),
       "config.network.hidden[0].units: 129 is out of range 1..128"},
      {"too many layers", many_layers,
       "config.network.hidden: 13 hidden layers is out of range 0..12"},
      {"negative seed", replace(good, "\"seed\": 1", "\"seed\": -1"),
       "config.data.seed: -1 is not a seed"},
      {"combination", replace(good, "\"output\": \"tanh_mse\"", "\"output\": \"softmax_ce\""),
       "config.network.output: softmax_ce does not fit two-class data"},
      {"no weights", config_to_json(c), "weights: missing"},
      {"bare config", R"({"data": {}})", "bare config"},
      {"activation mismatch",
       replace(good, "\"activation\": \"relu\",\n", "\"activation\": \"tanh\",\n"),
       "weights.layers[0].activation: 'tanh' does not match the config's 'relu'"},
      {"shape rows",
       replace(good, "\"weights\": [\n          [", "\"weights\": [\n          [1, 2], ["),
       "weights.layers[0].weights: 4 rows, expected 3"},
      {"shape cols", replace(good, "\"weights\": [\n          [", "\"weights\": [\n          [7, "),
       "weights.layers[0].weights[0]: 3 columns, expected 2"},
      {"bias count", replace(good, "\"biases\": [", "\"biases\": [0, "),
       "weights.layers[0].biases: 4 values, expected 3"},
      {"missing slopes", replace(good, ",\n        \"slopes\"", ",\n        \"slopez\""),
       "weights.layers[1].slopez: unknown key"},
      {"null bias", replace_list(good, "\"biases\": [", "0, null, 0"),
       "weights.layers[0].biases[1]: expected a number, found null"},
      {"string weight", replace_list(good, "\"weights\": [\n          [", "0, \"1e40\""),
       "weights.layers[0].weights[0][1]: expected a number, found string \"1e40\""},
      {"huge weight", replace_list(good, "\"weights\": [\n          [", "0, 1e40"),
       "weights.layers[0].weights[0][1]: 1e+40 is not a finite float"},
      {"data for generated kind", replace(good, "\n}\n", ", \"data\": {\"train\": []}\n}\n"),
       "data: given, but config.data.kind is 'circle'"},
  };
  for (const auto& tc : cases) {
    Outputs o = sentinel();
    const std::string msg = load_state(tc.text, "m.json", &o.c, &o.n, &o.d);
    INFO(std::string(tc.what) << ": " << msg);
    CHECK(contains(msg, tc.expect));
    CHECK(contains(msg, "m.json: "));
    CHECK(untouched(o));
  }
}

TEST_CASE("state: custom data sections are checked") {
  Config c;
  c.data.kind = DataKind::custom;
  c.data.classes = 3;
  c.data.points = 0;
  c.network.output = Output::softmax_ce;
  Dataset d;
  d.classes = 3;
  d.train = {{1, 2, 0}, {3, 4, 2}};
  d.test = {{0, 0, 1}};
  const Network net = random_network(c, 4);
  const std::string good = save_state(c, net, &d);
  {
    Outputs o = sentinel();
    REQUIRE(load_state(good, "m.json", &o.c, &o.n, &o.d) == "");
    CHECK(o.d.train.size() == 2);
    CHECK(o.d.classes == 3);
  }
  std::string big = "{\"format\": \"relulab-model\", \"version\": 1, \"config\": " +
                    config_to_json(c).substr(config_to_json(c).find("\"config\": ") + 10);
  big = big.substr(0, big.rfind('}'));
  const std::string weights = good.substr(good.find("\"weights\""));
  std::string pts;
  for (int i = 0; i <= max_points; ++i) pts += i ? ",[0,0,0]" : "[0,0,0]";
  const std::string too_many = big + ", \"data\": {\"train\": [" + pts + "]}, " +
                               weights.substr(0, weights.find(",\n  \"data\"")) + "}";
  struct Case {
    const char* what;
    std::string text;
    const char* expect;
  };
  const Case cases[] = {
      {"bad label", replace(good, "[3, 4, 2]", "[3, 4, 3]"),
       "data.train[1][2]: 3 is not a class index 0..2"},
      {"fraction label", replace(good, "[3, 4, 2]", "[3, 4, 1.5]"),
       "data.train[1][2]: 1.5 is not a class index"},
      {"short point", replace(good, "[3, 4, 2]", "[3, 4]"), "data.train[1]: 2 values, expected 3"},
      {"far point", replace(good, "[3, 4, 2]", "[3, 4000, 2]"), "data.train[1]: 4000 is outside"},
      {"no data", good.substr(0, good.find(",\n  \"data\"")) + "\n}\n", "data: missing"},
      {"too many points", too_many, "data: 100001 points, more than the limit of 100000"},
  };
  for (const auto& tc : cases) {
    Outputs o = sentinel();
    const std::string msg = load_state(tc.text, "m.json", &o.c, &o.n, &o.d);
    INFO(std::string(tc.what) << ": " << msg);
    CHECK(contains(msg, tc.expect));
    CHECK(untouched(o));
  }
}

TEST_CASE("state: config parse errors leave the config untouched") {
  Config c = sample_config();
  const std::string before = config_to_json(c);
  CHECK(contains(parse_config_json("{\"network\": {\"features\": [\"x1\", \"x1\"]}}", "c.json", &c),
                 "c.json: network.features[1]: \"x1\" is listed twice"));
  CHECK(contains(parse_config_json("{\"network\": {\"features\": [\"x3\"]}}", "c.json", &c),
                 "network.features[0]: \"x3\" is not one of x1, x2, x1^2"));
  CHECK(contains(parse_config_json("{\"network\": {\"features\": []}}", "c.json", &c),
                 "network.features: at least one input feature"));
  CHECK(contains(parse_config_json("{\"train\": {\"optimizer\": \"rmsprop\"}}", "c.json", &c),
                 "train.optimizer: \"rmsprop\" is not one of sgd, momentum, adam"));
  CHECK(contains(parse_config_json("{\"foo\": 1}", "c.json", &c), "format: missing"));
  CHECK(config_to_json(c) == before);
}

TEST_CASE("state: reading files, with a size limit") {
  const std::string path = "relulab_test_state_file.json";
  std::FILE* f = std::fopen(path.c_str(), "wb");
  REQUIRE(f);
  const std::string text = config_to_json(Config{});
  std::fwrite(text.data(), 1, text.size(), f);
  std::fclose(f);
  std::string got = "keep";
  CHECK(contains(read_text_file(path, 10, &got), "more than the limit of 10"));
  CHECK(got == "keep");
  CHECK(read_text_file(path, max_state_bytes, &got) == "");
  CHECK(got == text);
  std::remove(path.c_str());
  CHECK(contains(read_text_file("no/such/file.json", 100, &got), "no/such/file.json: cannot open"));
}

TEST_CASE("state: truncations and byte edits of a valid file load or are refused cleanly") {
  Config c;
  c.data.kind = DataKind::custom;
  c.data.points = 0;
  c.network.hidden = {{3, Activation::prelu}, {2, Activation::tanh}};
  Dataset d;
  d.train = {{1, 2, 0}, {3, 4, 1}, {-1, 0.5f, 1}};
  const std::string good = save_state(c, random_network(c, 12), &d);
  DataRng rng(5);
  const char alphabet[] = "0123456789-+.eE,:[]{}\" nul";
  int refused = 0;
  for (int i = 0; i < 400; ++i) {
    std::string text = good;
    if (i % 3 == 0)
      text = text.substr(0, rng.below(static_cast<std::uint32_t>(text.size())));
    else
      for (int k = 0; k < 1 + i % 4; ++k)
        text[rng.below(static_cast<std::uint32_t>(text.size()))] =
            alphabet[rng.below(sizeof alphabet - 1)];
    Outputs o = sentinel();
    const std::string msg = load_state(text, "m.json", &o.c, &o.n, &o.d);
    if (msg.empty()) {
      CHECK(validate(o.c) == "");
      CHECK(o.n.layers.size() == o.c.network.hidden.size() + 1);
    } else {
      ++refused;
      CHECK(contains(msg, "m.json: "));
      CHECK(untouched(o));
    }
  }
  CHECK(refused > 200);
}

TEST_CASE("state: a loaded network predicts exactly what the saved one did") {
  for (Output output : {Output::tanh_mse, Output::softmax_ce, Output::linear_mse}) {
    Config c;
    c.data.kind = output == Output::softmax_ce   ? DataKind::blobs
                  : output == Output::linear_mse ? DataKind::reg_plane
                                                 : DataKind::circle;
    c.data.classes = 4;
    c.network.output = output;
    c.network.features = 0b1111111;
    c.network.hidden = {{6, Activation::prelu}, {5, Activation::relu_neg}, {4, Activation::elu}};
    REQUIRE(validate(c) == "");
    const Network net = make_network(c.network, class_count(c.data));
    Config c2;
    Network back;
    REQUIRE(load_state(save_state(c, net, nullptr), "m.json", &c2, &back, nullptr) == "");
    CHECK(same_network(back, net));
    const Dataset d = generate(c.data);
    std::vector<float> x1, x2;
    for (const auto& p : d.train) {
      x1.push_back(p.x1);
      x2.push_back(p.x2);
    }
    MatrixR before, after;
    predict(net, x1.data(), x2.data(), static_cast<int>(x1.size()), before);
    predict(back, x1.data(), x2.data(), static_cast<int>(x1.size()), after);
    REQUIRE(before.size() == after.size());
    CHECK(before.rows() == output_count(c.network, class_count(c.data)));
    CHECK(same_bits(before.data(), after.data(), before.size()));
  }
}
