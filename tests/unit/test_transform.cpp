// test_transform.cpp: transformed space against hand-computed values and the forward pass, and its
// refusal of bad layer/unit choices.
#include <doctest/doctest.h>

#include "instruments/transform.h"
#include "nn/network.h"

using namespace relulab;

TEST_CASE("transform: hand-computed ReLU layer") {
  NetworkSpec s;
  s.hidden = {{2, Activation::relu}};
  Network net = make_network(s, 2);
  net.layers[0].W << 2, 0, 0, -1;
  net.layers[0].b << 1, 0;
  Dataset d;
  d.train = {{1, 2, 0}, {-3, -4, 1}};
  d.test = {{0.5f, -0.5f, 1}};
  TransformSpec spec;
  spec.lines = 3;
  spec.samples = 5;
  TransformedSpace t;
  REQUIRE(transform_space(net, d, spec, &t) == "");
  // h = (relu(2 x1 + 1), relu(-x2))
  CHECK(t.train_a == std::vector<float>{3, 0});
  CHECK(t.train_b == std::vector<float>{0, 4});
  CHECK(t.test_a[0] == doctest::Approx(2));
  CHECK(t.test_b[0] == doctest::Approx(0.5));
  CHECK(t.train_label == std::vector<float>{0, 1});
  REQUIRE(t.lines.size() == 6);
  // line 0: x2 = -6, x1 from -6 to 6 in 5 samples (-6, -3, 0, 3, 6)
  CHECK(t.lines[0].size() == 10);
  CHECK(t.lines[0][0] == doctest::Approx(0));  // relu(-11)
  CHECK(t.lines[0][1] == doctest::Approx(6));  // relu(6)
  CHECK(t.lines[0][6] == doctest::Approx(7));  // x1 = 3: relu(7)
  // line 4: the second line of constant x1 = 0, x2 from -6 to 6
  CHECK(t.lines[4][0] == doctest::Approx(1));
  CHECK(t.lines[4][1] == doctest::Approx(6));
  CHECK(t.lines[4][9] == doctest::Approx(0));
  CHECK(t.lo_a == doctest::Approx(0));
  CHECK(t.hi_a == doctest::Approx(13));
  CHECK(t.hi_b == doctest::Approx(6));
}

TEST_CASE("transform: deeper layer agrees with the forward pass") {
  NetworkSpec s;
  s.hidden = {{5, Activation::tanh}, {4, Activation::relu}};
  s.features = 0b111;
  const Network net = make_network(s, 2);
  Dataset d;
  for (int i = 0; i < 20; ++i) d.train.push_back({-5.0f + i * 0.5f, 3.0f - i * 0.3f, float(i % 2)});
  TransformSpec spec;
  spec.layer = 1;
  spec.unit_a = 3;
  spec.unit_b = 1;
  TransformedSpace t;
  REQUIRE(transform_space(net, d, spec, &t) == "");
  for (int i = 0; i < 20; ++i) {
    MatrixR X;
    expand_features(s.features, &d.train[i].x1, &d.train[i].x2, 1, X);
    Forward f;
    forward(net, X, f);
    CHECK(t.train_a[i] == doctest::Approx(f.A[1](3, 0)));
    CHECK(t.train_b[i] == doctest::Approx(f.A[1](1, 0)));
  }
  CHECK(t.lines.size() == 40);
  CHECK(t.lines[7].size() == 200);
}

TEST_CASE("transform: bad choices are refused, output untouched") {
  NetworkSpec s;
  s.hidden = {{3, Activation::relu}};
  const Network net = make_network(s, 2);
  Dataset d;
  TransformedSpace t;
  t.lo_a = 42;
  TransformSpec spec;
  spec.layer = 1;
  CHECK(transform_space(net, d, spec, &t).find("layer 1") != std::string::npos);
  spec.layer = 0;
  spec.unit_b = 3;
  CHECK(transform_space(net, d, spec, &t).find("unit 3") != std::string::npos);
  spec.unit_b = 1;
  spec.lines = 1;
  CHECK(!transform_space(net, d, spec, &t).empty());
  CHECK(t.lo_a == 42);
  s.hidden.clear();
  CHECK(!transform_space(make_network(s, 2), d, TransformSpec{}, &t).empty());
}
