// test_probe.cpp: the probe's local linear map against central differences (inside a linear region
// of ReLU nets, and for smooth nets), hand-computed values, and the affine map reproducing the
// network exactly elsewhere in the same region.
#include <doctest/doctest.h>

#include <cmath>

#include "instruments/probe.h"
#include "nn/network.h"
#include "nn/random.h"

using namespace relulab;

namespace {

// Pre-link outputs (outputs) at one point.
Vector pre_link(const Network& net, float x1, float x2) {
  MatrixR X;
  expand_features(net.spec.features, &x1, &x2, 1, X);
  Forward f;
  forward(net, X, f);
  return f.A.back().col(0);
}

Network random_net(std::vector<LayerSpec> hidden, unsigned features, Output out, int classes,
                   std::uint64_t seed) {
  NetworkSpec s;
  s.features = features;
  s.hidden = std::move(hidden);
  s.output = out;
  s.seed = seed;
  s.bias_init = BiasInit::playground;
  return make_network(s, classes);
}

// Checks jacobian vs central differences at `count` random points; returns how many were checked.
// For piecewise-linear nets points whose pattern changes within +-h are skipped.
int check_jacobian(const Network& net, int count, double h, double tol, std::uint64_t seed) {
  Rng rng(seed);
  int checked = 0;
  for (int i = 0; i < count; ++i) {
    const float x1 = static_cast<float>(rng.uniform(-5, 5)),
                x2 = static_cast<float>(rng.uniform(-5, 5));
    const Probe p = probe_point(net, x1, x2);
    bool same = true;
    const float hf = static_cast<float>(h);
    for (float dx : {-hf, hf})
      same = same && same_pattern(p, probe_point(net, x1 + dx, x2)) &&
             same_pattern(p, probe_point(net, x1, x2 + dx));
    if (p.piecewise_linear && !same) continue;
    for (int k = 0; k < 2; ++k) {
      const float e1 = k == 0 ? hf : 0.0f, e2 = k == 1 ? hf : 0.0f;
      const Vector up = pre_link(net, x1 + e1, x2 + e2), down = pre_link(net, x1 - e1, x2 - e2);
      // the actual step in float (x + h may round)
      const double step = (static_cast<double>(k == 0 ? x1 + e1 : x2 + e2) -
                           static_cast<double>(k == 0 ? x1 - e1 : x2 - e2));
      for (int o = 0; o < up.size(); ++o) {
        const double fd = (static_cast<double>(up[o]) - down[o]) / step;
        CHECK(p.jacobian(o, k) == doctest::Approx(fd).epsilon(tol).scale(1.0));
      }
    }
    ++checked;
  }
  return checked;
}

}  // namespace

TEST_CASE("probe: hand-computed ReLU net") {
  NetworkSpec s;
  s.hidden = {{2, Activation::relu}};
  Network net = make_network(s, 2);
  net.layers[0].W << 1, 0, 0, 1;
  net.layers[0].b << 0, 0;
  net.layers[1].W << 2, 3;
  net.layers[1].b << 1;
  // at (1, -1): unit 0 on (z = 1), unit 1 off (z = -1); z_out = 2*1 + 1 = 3
  Probe p = probe_point(net, 1, -1);
  CHECK(p.active[0][0] == 1);
  CHECK(p.active[0][1] == 0);
  CHECK(p.active_units == 1);
  CHECK(p.hidden_units == 2);
  CHECK(p.piecewise_linear);
  CHECK(p.output[0] == doctest::Approx(3));
  CHECK(p.jacobian(0, 0) == doctest::Approx(2));
  CHECK(p.jacobian(0, 1) == doctest::Approx(0));
  CHECK(p.offset[0] == doctest::Approx(1));
  CHECK(link_active(p, 0, 0, 0));   // input -> active unit
  CHECK(!link_active(p, 0, 1, 1));  // input -> inactive unit
  CHECK(link_active(p, 1, 0, 0));   // active unit -> output
  CHECK(!link_active(p, 1, 1, 0));  // inactive unit -> output
  // at (1, 1): both on, z_out = 2 + 3 + 1
  p = probe_point(net, 1, 1);
  CHECK(p.jacobian(0, 1) == doctest::Approx(3));
  CHECK(p.output[0] == doctest::Approx(6));
}

TEST_CASE("probe: PReLU passes its slope on the inactive side") {
  NetworkSpec s;
  s.hidden = {{1, Activation::prelu}};
  Network net = make_network(s, 2);
  net.layers[0].W << 1, 1;
  net.layers[0].b << 0;
  net.layers[0].slope << 0.3f;
  net.layers[1].W << 2;
  net.layers[1].b << 0;
  const Probe p = probe_point(net, -1, -2);  // z = -3: inactive, slope 0.3
  CHECK(p.active[0][0] == 0);
  CHECK(p.jacobian(0, 0) == doctest::Approx(0.6));
  CHECK(p.jacobian(0, 1) == doctest::Approx(0.6));
  CHECK(p.output[0] == doctest::Approx(-1.8));
  CHECK(p.offset[0] == doctest::Approx(0).scale(1));
}

TEST_CASE("probe: ReLU nets, local map vs central differences inside the region") {
  const Network net =
      random_net({{8, Activation::relu}, {8, Activation::relu}}, 0b11, Output::tanh_mse, 2, 7);
  CHECK(check_jacobian(net, 200, 1e-3, 1e-3, 11) > 150);
  const Network deep = random_net(
      {{6, Activation::leaky_relu}, {6, Activation::relu_neg}, {6, Activation::neg_relu_neg}}, 0b11,
      Output::sigmoid_bce, 2, 3);
  CHECK(check_jacobian(deep, 200, 1e-3, 1e-3, 12) > 150);
}

TEST_CASE("probe: the affine map reproduces the network across its whole region") {
  const Network net =
      random_net({{8, Activation::relu}, {8, Activation::relu}}, 0b11, Output::tanh_mse, 2, 21);
  Rng rng(5);
  int checked = 0;
  for (int i = 0; i < 300; ++i) {
    const float x1 = static_cast<float>(rng.uniform(-5, 5)),
                x2 = static_cast<float>(rng.uniform(-5, 5));
    const float y1 = x1 + static_cast<float>(rng.uniform(-0.3, 0.3));
    const float y2 = x2 + static_cast<float>(rng.uniform(-0.3, 0.3));
    const Probe p = probe_point(net, x1, x2), q = probe_point(net, y1, y2);
    if (!same_pattern(p, q)) continue;
    const Vector predicted = p.feature_map * q.features + p.offset;
    CHECK(predicted[0] == doctest::Approx(q.output[0]).epsilon(1e-4).scale(1));
    ++checked;
  }
  CHECK(checked > 100);
}

TEST_CASE("probe: nonlinear features, smooth activations and softmax") {
  // x1, x2, x1^2, x1*x2, sin(x2): the plane map goes through the features' derivatives
  const unsigned features = 0b1010111;
  const Network relu = random_net({{8, Activation::relu}}, features, Output::tanh_mse, 2, 4);
  CHECK(check_jacobian(relu, 200, 1e-3, 2e-3, 13) > 100);
  const Network smooth = random_net({{8, Activation::tanh}, {6, Activation::gelu}}, features,
                                    Output::softmax_ce, 3, 9);
  CHECK(check_jacobian(smooth, 50, 1e-2, 1e-2, 14) == 50);
  const Probe p = probe_point(smooth, 0.5f, -1);
  CHECK(!p.piecewise_linear);
  CHECK(p.jacobian.rows() == 3);
  CHECK(p.feature_map.cols() == 5);
}
