// test_optimizer.cpp: SGD, momentum and Adam updates against hand-computed values, L1/L2 on
// weights only, PReLU slopes updated without penalty.
#include <doctest/doctest.h>

#include "optimizer.h"

using namespace relulab;

namespace {

// One weight w, one bias b (no hidden layer, one input feature).
struct Tiny {
  Network net;
  Gradients g;
  OptimizerState s;
  Tiny(float w, float b) {
    NetworkSpec spec;
    spec.features = 0b1;
    spec.hidden = {};
    net = make_network(spec, 2);
    net.layers[0].W(0, 0) = w;
    net.layers[0].b[0] = b;
    g.dW = {MatrixR::Zero(1, 1)};
    g.db = {Vector::Zero(1)};
    g.dslope = {Vector()};
    optimizer_reset(s, net);
  }
  void step(const TrainSpec& t, float gw, float gb) {
    g.dW[0](0, 0) = gw;
    g.db[0][0] = gb;
    optimizer_step(t, s, net, g);
  }
  float w() const { return net.layers[0].W(0, 0); }
  float b() const { return net.layers[0].b[0]; }
};

TrainSpec spec_of(Optimizer o, float lr, float l1 = 0, float l2 = 0) {
  TrainSpec t;
  t.optimizer = o;
  t.learning_rate = lr;
  t.l1 = l1;
  t.l2 = l2;
  return t;
}

}  // namespace

TEST_CASE("sgd: w -= lr g") {
  Tiny t(0.5f, 0.5f);
  t.step(spec_of(Optimizer::sgd, 0.1f), 0.2f, -0.3f);
  CHECK(t.w() == doctest::Approx(0.48));
  CHECK(t.b() == doctest::Approx(0.53));
}

TEST_CASE("weight penalties act on weights, not biases") {
  Tiny l2(0.5f, 0.5f);
  l2.step(spec_of(Optimizer::sgd, 0.1f, 0, 0.1f), 0.2f, 0.2f);
  CHECK(l2.w() == doctest::Approx(0.475));  // g = 0.2 + 0.1 * 0.5
  CHECK(l2.b() == doctest::Approx(0.48));
  Tiny l1(-0.5f, 0.5f);
  l1.step(spec_of(Optimizer::sgd, 0.1f, 0.1f, 0), 0.2f, 0.2f);
  CHECK(l1.w() == doctest::Approx(-0.51));  // g = 0.2 + 0.1 * sign(-0.5)
  CHECK(l1.b() == doctest::Approx(0.48));
  Tiny zero(0.0f, 0.0f);
  zero.step(spec_of(Optimizer::sgd, 0.1f, 0.1f, 0), 0.0f, 0.0f);
  CHECK(zero.w() == 0.0f);  // sign(0) = 0: L1 leaves an exact zero in place
}

TEST_CASE("momentum: m = mu m + g, w -= lr m") {
  Tiny t(0.5f, 0.0f);
  TrainSpec s = spec_of(Optimizer::momentum, 0.1f);
  s.momentum = 0.9f;
  t.step(s, 0.2f, 0);
  CHECK(t.w() == doctest::Approx(0.48));
  t.step(s, 0.2f, 0);
  CHECK(t.w() == doctest::Approx(0.442));  // m = 0.38
}

TEST_CASE("adam: two steps with bias correction") {
  Tiny t(0.5f, 0.0f);
  TrainSpec s = spec_of(Optimizer::adam, 0.1f);
  t.step(s, 0.2f, 0);
  CHECK(t.w() == doctest::Approx(0.4000000049999997).epsilon(1e-6));  // first step moves by ~lr
  t.step(s, -0.1f, 0);
  CHECK(t.w() == doctest::Approx(0.3733663027186757).epsilon(1e-6));
  CHECK(t.s.t == 2);
  optimizer_reset(t.s, t.net);
  CHECK(t.s.t == 0);
  CHECK(t.s.mW[0](0, 0) == 0.0f);
}

TEST_CASE("prelu slopes are trained, unpenalised") {
  NetworkSpec spec;
  spec.hidden = {{2, Activation::prelu}};
  Network net = make_network(spec, 2);
  Gradients g;
  for (const Layer& l : net.layers) {
    g.dW.push_back(MatrixR::Zero(l.out(), l.in()));
    g.db.push_back(Vector::Zero(l.out()));
    g.dslope.push_back(Vector::Zero(l.slope.size()));
  }
  g.dslope[0] << 1.0f, -1.0f;
  OptimizerState s;
  optimizer_reset(s, net);
  optimizer_step(spec_of(Optimizer::sgd, 0.05f, 0.5f, 0.5f), s, net, g);
  CHECK(net.layers[0].slope[0] == doctest::Approx(0.2));
  CHECK(net.layers[0].slope[1] == doctest::Approx(0.3));
}
