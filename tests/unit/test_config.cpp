// test_config.cpp: name tables round-trip, and validate() rejects each out-of-range field and bad
// combination with a message naming the field.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <string>

#include "io/config.h"

using namespace relulab;

namespace {
bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}
}  // namespace

TEST_CASE("config: every name round-trips and unknown names are refused") {
  for (int i = 0; i < static_cast<int>(DataKind::count); ++i) {
    DataKind k{};
    CHECK(data_kind_from_name(data_kind_name(DataKind(i)), &k));
    CHECK(k == DataKind(i));
  }
  CHECK(std::string(data_kind_name(DataKind::xor_)) == "xor");
  CHECK(std::string(data_kind_name(DataKind::custom)) == "custom");
  for (int i = 0; i < feature_count; ++i) {
    Feature f{};
    CHECK(feature_from_name(feature_name(Feature(i)), &f));
    CHECK(f == Feature(i));
  }
  for (int i = 0; i < static_cast<int>(Init::count); ++i) {
    Init v{};
    CHECK(init_from_name(init_name(Init(i)), &v));
    CHECK(v == Init(i));
  }
  for (int i = 0; i < static_cast<int>(BiasInit::count); ++i) {
    BiasInit v{};
    CHECK(bias_init_from_name(bias_init_name(BiasInit(i)), &v));
    CHECK(v == BiasInit(i));
  }
  for (int i = 0; i < static_cast<int>(Output::count); ++i) {
    Output v{};
    CHECK(output_from_name(output_name(Output(i)), &v));
    CHECK(v == Output(i));
  }
  for (int i = 0; i < static_cast<int>(Optimizer::count); ++i) {
    Optimizer v{};
    CHECK(optimizer_from_name(optimizer_name(Optimizer(i)), &v));
    CHECK(v == Optimizer(i));
  }
  DataKind k = DataKind::moons;
  CHECK_FALSE(data_kind_from_name("Circle", &k));
  CHECK_FALSE(data_kind_from_name("", &k));
  CHECK(k == DataKind::moons);
  CHECK(contains(data_kind_choices(), "checkerboard"));
  CHECK(contains(output_choices(), "softmax_ce"));
}

TEST_CASE("config: input and output counts") {
  NetworkSpec n;
  CHECK(input_count(n) == 2);
  n.features = 0b1111111;
  CHECK(input_count(n) == 7);
  CHECK(output_count(n, 4) == 1);
  n.output = Output::softmax_ce;
  CHECK(output_count(n, 4) == 4);
  DataSpec d;
  d.kind = DataKind::blobs;
  d.classes = 4;
  CHECK(class_count(d) == 4);
  d.kind = DataKind::circle;
  CHECK(class_count(d) == 2);
  d.kind = DataKind::reg_plane;
  CHECK(class_count(d) == 1);
  CHECK(data_is_regression(d));
  d.kind = DataKind::custom;
  d.classes = 1;
  CHECK(data_is_regression(d));
}

TEST_CASE("config: the default config is valid") { CHECK(validate(Config{}) == ""); }

TEST_CASE("config: each field out of range is named") {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  struct Case {
    const char* what;
    void (*edit)(Config&);
    const char* expect;
  };
  const Case cases[] = {
      {"points", [](Config& c) { c.data.points = max_points + 1; },
       "data.points: 100001 is out of range 10..100000"},
      {"points low", [](Config& c) { c.data.points = 3; }, "data.points"},
      {"noise", [](Config& c) { c.data.noise = 0.7f; },
       "data.noise: 0.699999988 is out of range 0..0.5"},
      {"noise nan", [](Config& c) { c.data.noise = std::numeric_limits<float>::quiet_NaN(); },
       "data.noise"},
      {"train fraction", [](Config& c) { c.data.train_fraction = 1.0f; }, "data.train_fraction"},
      {"classes",
       [](Config& c) {
         c.data.kind = DataKind::blobs;
         c.data.classes = 6;
         c.network.output = Output::softmax_ce;
       },
       "data.classes: 6 is out of range 3..5"},
      {"classes custom",
       [](Config& c) {
         c.data.kind = DataKind::custom;
         c.data.classes = 0;
       },
       "data.classes"},
      {"kind", [](Config& c) { c.data.kind = DataKind::count; }, "data.kind"},
      {"features none", [](Config& c) { c.network.features = 0; },
       "network.features: at least one"},
      {"features bits", [](Config& c) { c.network.features = 1u << 9; }, "network.features"},
      {"layers", [](Config& c) { c.network.hidden.assign(max_hidden_layers + 1, LayerSpec{}); },
       "network.hidden: 13 hidden layers is out of range 0..12"},
      {"units",
       [](Config& c) {
         c.network.hidden.assign(4, LayerSpec{});
         c.network.hidden[3].units = 300;
       },
       "network.hidden[3].units: 300 is out of range 1..128"},
      {"units zero", [](Config& c) { c.network.hidden[0].units = 0; }, "network.hidden[0].units"},
      {"activation", [](Config& c) { c.network.hidden[1].activation = Activation::count; },
       "network.hidden[1].activation"},
      {"output", [](Config& c) { c.network.output = Output::count; }, "network.output"},
      {"init", [](Config& c) { c.network.init = Init::count; }, "network.init"},
      {"bias init", [](Config& c) { c.network.bias_init = BiasInit::count; }, "network.bias_init"},
      {"optimizer", [](Config& c) { c.train.optimizer = Optimizer::count; }, "train.optimizer"},
      {"lr zero", [](Config& c) { c.train.learning_rate = 0; }, "train.learning_rate"},
      {"lr nan", [](Config& c) { c.train.learning_rate = std::numeric_limits<float>::quiet_NaN(); },
       "train.learning_rate"},
      {"momentum", [](Config& c) { c.train.momentum = 1; }, "train.momentum"},
      {"beta1", [](Config& c) { c.train.beta1 = -0.1f; }, "train.beta1"},
      {"beta2", [](Config& c) { c.train.beta2 = 1; }, "train.beta2"},
      {"epsilon", [](Config& c) { c.train.epsilon = 0; }, "train.epsilon"},
      {"batch", [](Config& c) { c.train.batch_size = max_batch + 1; },
       "train.batch_size: 4097 is out of range 1..4096"},
      {"l1", [](Config& c) { c.train.l1 = -1; }, "train.l1"},
      {"l2", [](Config& c) { c.train.l2 = std::numeric_limits<float>::infinity(); }, "train.l2"},
      {"activation l1", [](Config& c) { c.train.activation_l1 = 11; }, "train.activation_l1"},
  };
  (void)nan;
  for (const auto& tc : cases) {
    Config c;
    tc.edit(c);
    const std::string msg = validate(c);
    INFO(tc.what << ": " << msg);
    CHECK(contains(msg, tc.expect));
  }
}

TEST_CASE("config: output must fit the labels") {
  Config c;
  c.network.output = Output::softmax_ce;
  CHECK(contains(validate(c), "network.output: softmax_ce does not fit two-class data"));
  c.network.output = Output::sigmoid_bce;
  CHECK(validate(c) == "");
  c.data.kind = DataKind::spirals;
  c.data.classes = 3;
  CHECK(contains(validate(c), "use softmax_ce"));
  c.network.output = Output::softmax_ce;
  CHECK(validate(c) == "");
  c.data.kind = DataKind::reg_gaussians;
  CHECK(contains(validate(c), "use linear_mse"));
  c.network.output = Output::linear_mse;
  CHECK(validate(c) == "");
  c.data.kind = DataKind::custom;
  c.data.classes = 1;
  c.data.points = 0;
  CHECK(validate(c) == "");
  c.network.hidden.clear();  // no hidden layer: a linear model is allowed
  CHECK(validate(c) == "");
}
