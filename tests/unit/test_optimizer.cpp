// test_optimizer.cpp: SGD, momentum and Adam updates against hand-computed values, L1/L2 on
// weights only, PReLU slopes updated without penalty; the out-of-place step equals the in-place
// one bit for bit and is sign-symmetric; non-finite results are reported.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <utility>
#include <vector>

#include "nn/optimizer.h"
#include "nn/random.h"

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

namespace {

// A 2-5-7-1 net (PReLU then ReLU), its parameters and gradients drawn from normals.
struct Mixed {
  Network net;
  Gradients g;
  explicit Mixed(std::uint64_t seed) {
    NetworkSpec spec;
    spec.hidden = {{5, Activation::prelu}, {7, Activation::relu}};
    net = make_network(spec, 2);
    Rng rng(seed);
    for (Layer& l : net.layers) {
      for (long i = 0; i < l.W.size(); ++i) l.W.data()[i] = static_cast<float>(rng.normal());
      for (long i = 0; i < l.b.size(); ++i) l.b[i] = static_cast<float>(rng.normal());
      for (long i = 0; i < l.slope.size(); ++i) l.slope[i] = static_cast<float>(rng.normal());
      g.dW.push_back(MatrixR::Zero(l.out(), l.in()));
      g.db.push_back(Vector::Zero(l.out()));
      g.dslope.push_back(Vector::Zero(l.slope.size()));
    }
    net.layers[0].W(1, 0) = 0.0f;  // an exact zero for L1's sign(0)
  }
  void draw_gradients(Rng& rng) {
    for (size_t l = 0; l < g.dW.size(); ++l) {
      for (long i = 0; i < g.dW[l].size(); ++i)
        g.dW[l].data()[i] = static_cast<float>(rng.normal());
      for (long i = 0; i < g.db[l].size(); ++i) g.db[l][i] = static_cast<float>(rng.normal());
      for (long i = 0; i < g.dslope[l].size(); ++i)
        g.dslope[l][i] = static_cast<float>(rng.normal());
    }
  }
};

std::vector<float> parameters(const Network& net, float sign = 1) {
  std::vector<float> p;
  for (const Layer& l : net.layers) {
    for (long i = 0; i < l.W.size(); ++i) p.push_back(sign * l.W.data()[i]);
    for (long i = 0; i < l.b.size(); ++i) p.push_back(sign * l.b[i]);
    for (long i = 0; i < l.slope.size(); ++i) p.push_back(sign * l.slope[i]);
  }
  return p;
}

void negate(Network& net) {
  for (Layer& l : net.layers) {
    l.W = -l.W;
    l.b = -l.b;
    l.slope = -l.slope;
  }
}

void negate(Gradients& g) {
  for (size_t l = 0; l < g.dW.size(); ++l) {
    g.dW[l] = -g.dW[l];
    g.db[l] = -g.db[l];
    g.dslope[l] = -g.dslope[l];
  }
}

}  // namespace

TEST_CASE("out-of-place step equals the in-place one, leaves its source alone, is sign-symmetric") {
  for (Optimizer o : {Optimizer::sgd, Optimizer::momentum, Optimizer::adam})
    for (float l1 : {0.0f, 0.01f})
      for (float l2 : {0.0f, 0.02f}) {
        CAPTURE(optimizer_name(o));
        CAPTURE(l1);
        CAPTURE(l2);
        const TrainSpec spec = spec_of(o, 0.05f, l1, l2);
        Mixed in_place(5), mirrored(5);
        negate(mirrored.net);
        Network from = in_place.net, to = in_place.net;
        for (Layer& l : to.layers) l.W.setConstant(123.0f);  // overwritten by the step
        OptimizerState s_in, s_out, s_mirror;
        Rng rng(17);
        for (int step = 0; step < 3; ++step) {
          in_place.draw_gradients(rng);
          mirrored.g = in_place.g;
          negate(mirrored.g);
          const std::vector<float> before = parameters(from);
          optimizer_step(spec, s_in, in_place.net, in_place.g);
          CHECK(optimizer_step(spec, s_out, from, to, in_place.g));
          optimizer_step(spec, s_mirror, mirrored.net, mirrored.g);
          CHECK(parameters(from) == before);
          CHECK(parameters(to) == parameters(in_place.net));
          CHECK(parameters(mirrored.net, -1) == parameters(in_place.net));
          std::swap(from, to);
        }
        CHECK(s_out.t == 3);
        CHECK(s_out.mW[1] == s_in.mW[1]);
        CHECK(s_out.vW[1] == s_in.vW[1]);
      }
}

TEST_CASE("optimizer_step reports non-finite parameters, all_finite finds inf and NaN") {
  Mixed m(9);
  m.g.db[1][3] = 3e38f;
  Network to = m.net;
  OptimizerState s;
  CHECK_FALSE(optimizer_step(spec_of(Optimizer::sgd, 10.0f), s, m.net, to, m.g));  // b -= 3e39
  CHECK(std::isinf(to.layers[1].b[3]));
  m.g.db[1][3] = std::numeric_limits<float>::quiet_NaN();
  CHECK_FALSE(optimizer_step(spec_of(Optimizer::adam, 0.01f), s, m.net, to, m.g));
  CHECK(std::isnan(to.layers[1].b[3]));
  CHECK_FALSE(all_finite(m.g));
  m.g.db[1][3] = 0;
  CHECK(all_finite(m.g));
  // the NaN stays in Adam's moments until they are reset
  CHECK_FALSE(optimizer_step(spec_of(Optimizer::adam, 0.01f), s, m.net, to, m.g));
  optimizer_reset(s, m.net);
  CHECK(optimizer_step(spec_of(Optimizer::adam, 0.01f), s, m.net, to, m.g));

  std::vector<float> x(37, 1.0f);
  x[5] = std::numeric_limits<float>::max();
  x[6] = -std::numeric_limits<float>::denorm_min();
  CHECK(all_finite(x.data(), static_cast<long>(x.size())));
  for (float bad :
       {std::numeric_limits<float>::infinity(), -std::numeric_limits<float>::infinity(),
        std::numeric_limits<float>::quiet_NaN(), -std::numeric_limits<float>::quiet_NaN()})
    for (int at : {0, 15, 16, 36}) {
      std::vector<float> y = x;
      y[at] = bad;
      CHECK_FALSE(all_finite(y.data(), static_cast<long>(y.size())));
      CHECK(all_finite(y.data(), at));
    }
}
