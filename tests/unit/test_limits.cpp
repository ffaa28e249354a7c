// test_limits.cpp: the size limits on outside input (docs/model-format.md, "Limits") are wide
// enough for every valid input and are enforced with a message before anything big is allocated.
//
// The largest valid state file (12 hidden layers of 128 PReLU units, all 7 features, 5 classes,
// 100000 custom points, every number written at its widest) must fit max_state_bytes and load; the
// largest valid CSV as write_csv writes it must fit max_csv_bytes and read. Inputs one step beyond
// each limit are refused with a message that names the limit.
#include <doctest/doctest.h>

#include <cfloat>
#include <sstream>
#include <string>

#include "data/dataset.h"
#include "io/config.h"
#include "io/state.h"
#include "io/url.h"
#include "nn/network.h"

using namespace relulab;

namespace {

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

// max_points points whose text is as wide as write_csv and save_state make it.
Dataset widest_custom_data(int classes) {
  Dataset d;
  d.spec.kind = DataKind::custom;
  d.spec.classes = classes;
  d.spec.points = max_points;
  d.classes = classes;
  const float x = -999.999939f;  // 9 significant digits, negative
  for (int i = 0; i < max_points; ++i)
    (i < max_points * 9 / 10 ? d.train : d.test).push_back({x, x, static_cast<float>(classes - 1)});
  return d;
}

}  // namespace

TEST_CASE("limits: the largest valid state file fits max_state_bytes and loads") {
  Config c;
  c.data.kind = DataKind::custom;
  c.data.classes = max_classes;
  c.data.points = max_points;
  c.network.features = (1u << feature_count) - 1;
  c.network.hidden.assign(max_hidden_layers, {max_units, Activation::prelu});
  c.network.output = Output::softmax_ce;
  REQUIRE(validate(c) == "");
  Network net = make_network(c.network, max_classes);
  const float widest = -1.17549435e-38f;  // -FLT_MIN: sign, 9 digits, two-digit exponent
  for (Layer& L : net.layers) {
    L.W.setConstant(widest);
    L.b.setConstant(widest);
    if (L.slope.size()) L.slope.setConstant(widest);
  }
  const Dataset data = widest_custom_data(max_classes);
  const std::string text = save_state(c, net, &data);
  MESSAGE("largest state file: " << text.size() << " bytes, limit " << max_state_bytes);
  CHECK(text.size() <= max_state_bytes);
  Config c2;
  Network n2;
  Dataset d2;
  CHECK(load_state(text, "max.json", &c2, &n2, &d2) == "");
  CHECK(d2.train.size() + d2.test.size() == static_cast<size_t>(max_points));
  CHECK(n2.layers.size() == net.layers.size());
}

TEST_CASE("limits: state text beyond max_state_bytes is refused before parsing") {
  std::string text = "{\"format\": \"relulab-model\", \"version\": 1}";
  text.resize(max_state_bytes + 1, ' ');
  Config c = Config{};
  c.train.learning_rate = 0.5f;
  const std::string err = parse_config_json(text, "big.json", &c);
  CHECK(contains(err, "big.json"));
  CHECK(contains(err, std::to_string(max_state_bytes)));
  CHECK(c.train.learning_rate == 0.5f);
}

TEST_CASE("limits: the largest valid CSV fits max_csv_bytes; longer input is refused") {
  const Dataset data = widest_custom_data(max_classes);
  std::stringstream io;
  write_csv(io, data);
  const std::string text = io.str();
  MESSAGE("largest CSV as written: " << text.size() << " bytes, limit " << max_csv_bytes);
  CHECK(text.size() <= max_csv_bytes);
  Dataset back;
  std::istringstream in(text);
  CHECK(read_csv(in, "max.csv", 0.5f, 1, &back) == "");
  CHECK(back.train.size() + back.test.size() == static_cast<size_t>(max_points));

  // One row more is too many points.
  std::istringstream more(text + "1,2,0\n");
  const std::string too_many = read_csv(more, "more.csv", 0.5f, 1, &back);
  CHECK(contains(too_many, "more.csv:" + std::to_string(max_points + 2) + ": "));
  CHECK(contains(too_many, std::to_string(max_points)));

  // Comment lines do not count as rows but do count as bytes.
  std::string comments;
  const std::string line = "# " + std::string(1000, 'c') + "\n";
  while (comments.size() <= max_csv_bytes) comments += line;
  Dataset untouched = data;
  std::istringstream big(comments + "1,2,0\n");
  const std::string err = read_csv(big, "big.csv", 0.5f, 1, &untouched);
  CHECK(contains(err, "big.csv:"));
  CHECK(contains(err, std::to_string(max_csv_bytes)));
  CHECK(untouched.train.size() == data.train.size());
}

TEST_CASE("limits: a URL fragment beyond max_url_length is refused") {
  std::string fragment = "data=xor&v=1";
  Config c;
  REQUIRE(decode_config_url(fragment, &c) == "");
  fragment = std::string(max_url_length + 1 - fragment.size(), '&') + fragment;
  c.train.learning_rate = 0.25f;
  const std::string err = decode_config_url(fragment, &c);
  CHECK(contains(err, std::to_string(max_url_length)));
  CHECK(c.train.learning_rate == 0.25f);
}

TEST_CASE("limits: JSON nesting deeper than max_json_depth is refused") {
  auto nested = [](int depth) {
    return "{\"format\": \"relulab-model\", \"version\": 1, \"weights\": " +
           std::string(depth - 1, '[') + std::string(depth - 1, ']') + "}";
  };
  Config c;
  const std::string deep = parse_config_json(nested(max_json_depth + 1), "deep.json", &c);
  CHECK(contains(deep, "deeper than " + std::to_string(max_json_depth)));
  // At the limit the nesting itself is accepted (this file then fails for lacking "config").
  const std::string at_limit = parse_config_json(nested(max_json_depth), "ok.json", &c);
  CHECK_FALSE(contains(at_limit, "deeper"));
  CHECK(contains(at_limit, "config"));
}
