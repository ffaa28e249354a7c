// test_url.cpp: the URL fragment round-trips random valid configs exactly and rejects truncated,
// hand-edited or overlong input with a message, leaving the target untouched.
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "io/state.h"
#include "io/url.h"
#include "nn/portable_math.h"
#include "nn/random.h"

using namespace relulab;

namespace {

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

// config_to_json prints every field bit-exactly: equal text means equal configs.
bool same_config(const Config& a, const Config& b) {
  return config_to_json(a) == config_to_json(b);
}

float random_float(DataRng& rng, float lo, float hi) {
  return static_cast<float>(rng.uniform(lo, hi));
}

Config random_config(DataRng& rng) {
  Config c;
  c.data.kind = static_cast<DataKind>(rng.below(static_cast<std::uint32_t>(DataKind::count)));
  c.data.classes = data_kind_is_multiclass(c.data.kind) ? 3 + static_cast<int>(rng.below(3))
                   : c.data.kind == DataKind::custom    ? 1 + static_cast<int>(rng.below(5))
                                                        : 2 + static_cast<int>(rng.below(4));
  c.data.points =
      min_generated_points + static_cast<int>(rng.below(max_points - min_generated_points + 1));
  c.data.noise = random_float(rng, 0, 0.5f);
  c.data.train_fraction = random_float(rng, 0.1f, 0.9f);
  c.data.seed = rng.next();
  c.network.features = 1 + rng.below((1u << feature_count) - 1);
  c.network.hidden.resize(rng.below(max_hidden_layers + 1));
  for (auto& l : c.network.hidden) {
    l.units = 1 + static_cast<int>(rng.below(max_units));
    l.activation = static_cast<Activation>(rng.below(activation_count));
  }
  const int classes = class_count(c.data);
  c.network.output = classes == 1   ? Output::linear_mse
                     : classes >= 3 ? Output::softmax_ce
                                    : (rng.below(2) ? Output::tanh_mse : Output::sigmoid_bce);
  c.network.init = static_cast<Init>(rng.below(static_cast<std::uint32_t>(Init::count)));
  c.network.bias_init =
      static_cast<BiasInit>(rng.below(static_cast<std::uint32_t>(BiasInit::count)));
  c.network.seed = rng.below(2) ? rng.next() : rng.below(10);
  c.train.optimizer =
      static_cast<Optimizer>(rng.below(static_cast<std::uint32_t>(Optimizer::count)));
  // One draw per statement: argument evaluation order differs between GCC and clang (wasm).
  const double lr_mantissa = rng.uniform(0.5, 1);
  c.train.learning_rate =
      static_cast<float>(std::ldexp(lr_mantissa, -static_cast<int>(rng.below(20))));
  c.train.momentum = random_float(rng, 0, 0.999f);
  c.train.beta1 = random_float(rng, 0, 0.999f);
  c.train.beta2 = random_float(rng, 0.9f, 0.99999f);
  const double eps_mantissa = rng.uniform(0.5, 1);
  c.train.epsilon = static_cast<float>(std::ldexp(eps_mantissa, -static_cast<int>(rng.below(40))));
  c.train.batch_size = 1 + static_cast<int>(rng.below(max_batch));
  c.train.l1 = rng.below(2) ? 0 : random_float(rng, 0, 0.01f);
  c.train.l2 = rng.below(2) ? 0 : random_float(rng, 0, 0.01f);
  c.train.activation_l1 = rng.below(2) ? 0 : random_float(rng, 0, 1e-3f);
  return c;
}

}  // namespace

TEST_CASE("url: the default config is just the version") {
  CHECK(encode_config_url(Config{}) == "v=1");
  Config c;
  c.data.kind = DataKind::spiral;
  c.data.noise = 0.1f;
  c.train.learning_rate = 0.03f;
  CHECK(encode_config_url(c) == "data=spiral&noise=0.1&lr=0.03&v=1");
  c.network.hidden = {};
  CHECK(encode_config_url(c) == "data=spiral&noise=0.1&layers=&lr=0.03&v=1");
  Config back;
  REQUIRE(decode_config_url("#" + encode_config_url(c), &back) == "");
  CHECK(back.network.hidden.empty());
}

TEST_CASE("url: random valid configs round-trip exactly") {
  DataRng rng(2024);
  for (int i = 0; i < 500; ++i) {
    const Config c = random_config(rng);
    REQUIRE(validate(c) == "");
    const std::string url = encode_config_url(c);
    INFO(url);
    CHECK(url.size() <= max_url_length);
    Config back;
    REQUIRE(decode_config_url(url, &back) == "");
    CHECK(same_config(back, c));
  }
}

TEST_CASE("url: readable hand-written fragments decode") {
  Config c;
  REQUIRE(decode_config_url("#v=1&data=blobs&classes=4&output=softmax_ce&layers=16:leaky_relu,8&"
                            "features=x1,x2,x1x2,sinx1",
                            &c) == "");
  CHECK(c.data.kind == DataKind::blobs);
  CHECK(c.data.classes == 4);
  REQUIRE(c.network.hidden.size() == 2);
  CHECK(c.network.hidden[0].units == 16);
  CHECK(c.network.hidden[0].activation == Activation::leaky_relu);
  CHECK(c.network.hidden[1].activation == Activation::relu);
  CHECK(c.network.features == 0b0110011);
  REQUIRE(decode_config_url("v=1&layers=8%3Arelu%2C4%3Atanh", &c) == "");  // escaped by a browser
  CHECK(c.network.hidden[1].activation == Activation::tanh);
  REQUIRE(decode_config_url("", &c) == "");
  CHECK(same_config(c, Config{}));
  c.data.kind = DataKind::xor_;
  REQUIRE(decode_config_url("#", &c) == "");
  CHECK(same_config(c, Config{}));
}

TEST_CASE("url: every truncation of an encoded fragment is refused") {
  DataRng rng(31);
  for (int i = 0; i < 20; ++i) {
    const std::string url = encode_config_url(random_config(rng));
    for (size_t n = 1; n < url.size(); ++n) {
      Config c;
      const std::string msg = decode_config_url(url.substr(0, n), &c);
      INFO(url.substr(0, n));
      CHECK(contains(msg, "url: "));
      CHECK(same_config(c, Config{}));
    }
  }
  Config c;
  CHECK(contains(decode_config_url("data=spiral&noise=0.1", &c), "no 'v=1'"));
}

TEST_CASE("url: garbage is rejected with a message, target untouched") {
  struct Case {
    std::string text;
    const char* expect;
  };
  const Case cases[] = {
      {"v=2", "key 'v': '2' is not a supported version"},
      {"v=1&data=spi", "key 'data': 'spi' is not one of circle"},
      {"v=1&lr=", "key 'lr': '' is not a finite number"},
      {"v=1&lr=0.0x1", "key 'lr': '0.0x1' is not a finite number"},
      {"v=1&lr=nan", "key 'lr': 'nan' is not a finite number"},
      {"v=1&lr=1e39", "key 'lr': '1e39' is not a finite number"},
      {"v=1&lr=20", "url: train.learning_rate: 20 is out of range"},
      {"v=1&noise=0.6", "url: data.noise: 0.600000024 is out of range 0..0.5"},
      {"v=1&points=100001", "key 'points': '100001' is not an integer 0..100000"},
      {"v=1&points=-5", "key 'points': '-5' is not an integer"},
      {"v=1&seed=18446744073709551616", "key 'seed': '18446744073709551616' is not a seed"},
      {"v=1&layers=8:re", "key 'layers': '8:re' has layer '8:re' with an unknown activation"},
      {"v=1&layers=0:relu", "whose units are not 1..128"},
      {"v=1&layers=129", "whose units are not 1..128"},
      {"v=1&layers=8,", "has layer '' whose units"},
      {"v=1&layers=1,1,1,1,1,1,1,1,1,1,1,1,1", "13 hidden layers, more than 12"},
      {"v=1&features=", "key 'features': '' has '', not one of x1, x2"},
      {"v=1&features=x1,x1", "lists 'x1' twice"},
      {"v=1&foo=1", "unknown key 'foo' (valid keys: v, data"},
      {"v=1&v=1", "key 'v' is given twice"},
      {"v=1&data", "'data' has no '='"},
      {"v=1&data=xor%2", "bad %-escape"},
      {"v=1&data=x or", "unexpected character code 32"},
      {"v=1&output=softmax_ce", "url: network.output: softmax_ce does not fit two-class data"},
      {"v=1&batch=0", "url: train.batch_size: 0 is out of range 1..4096"},
      {"v=1&data=xor&" + std::string(5000, 'x'), "more than the limit of 4096"},
      {"data=xor", "no 'v=1'"},
  };
  for (const auto& tc : cases) {
    Config c;
    c.data.kind = DataKind::moons;
    c.train.l2 = 0.5f;
    const Config before = c;
    const std::string msg = decode_config_url(tc.text, &c);
    INFO(tc.text << " -> " << msg);
    CHECK(contains(msg, tc.expect));
    CHECK(same_config(c, before));
  }
}

TEST_CASE("url: truncations and byte edits of valid fragments never yield an invalid config") {
  DataRng rng(77);
  int rejected = 0;
  for (int i = 0; i < 300; ++i) {
    const std::string url = encode_config_url(random_config(rng));
    std::string edited = url.substr(0, rng.below(static_cast<std::uint32_t>(url.size()) + 1));
    if (i % 2 && !edited.empty())
      edited[rng.below(static_cast<std::uint32_t>(edited.size()))] =
          static_cast<char>(32 + rng.below(95));
    Config c;
    c.data.kind = DataKind::moons;
    const Config before = c;
    const std::string msg = decode_config_url(edited, &c);
    if (msg.empty()) {
      CHECK(validate(c) == "");
    } else {
      ++rejected;
      CHECK(contains(msg, "url: "));
      CHECK(same_config(c, before));
    }
  }
  CHECK(rejected > 50);  // most edits break something; the rest must still be valid configs
}
