// test_metrics.cpp: the activity instruments on a hand-built network with known dead, always-on
// and half-active units, and the bounded history.
#include <doctest/doctest.h>

#include <numeric>

#include "instruments/metrics.h"

using namespace relulab;

namespace {

// The activity instruments over n points (x1, x2), in one chunk.
Stats activity_stats(const Network& net, const float* x1, const float* x2, int n) {
  MatrixR X;
  expand_features(net.spec.features, x1, x2, n, X);
  Forward f;
  forward(net, X, f);
  ActivityAccumulator acc;
  acc.begin(net);
  acc.add(net, f);
  Stats s;
  acc.finish(net, s);
  return s;
}

}  // namespace

TEST_CASE("activity instruments on a hand-built network") {
  // input x1; layer 0: units x, -x, dead (-1), always on (+1); layer 1: one unit x+... always on
  NetworkSpec spec;
  spec.features = 0b1;
  spec.hidden = {{4, Activation::relu}, {1, Activation::relu}};
  spec.output = Output::linear_mse;
  Network net = make_network(spec, 1);
  net.layers[0].W << 1, -1, 0, 0;
  net.layers[0].b << 0, 0, -1, 1;
  net.layers[1].W << 1, 1, 0, 0;
  net.layers[1].b << 0;
  float x1[] = {-1, 2, 3, -4}, x2[] = {0, 0, 0, 0};
  const Stats s = activity_stats(net, x1, x2, 4);
  REQUIRE(s.layers.size() == 2);
  const LayerStats& l0 = s.layers[0];
  CHECK(l0.units == 4);
  CHECK(l0.exact_zeros);
  CHECK(l0.unit_active_fraction == std::vector<float>{0.5f, 0.5f, 0.0f, 1.0f});
  CHECK(l0.dead_units == 1);
  CHECK(l0.always_on_units == 1);
  CHECK(l0.unit_dead == std::vector<std::uint8_t>{0, 0, 1, 0});
  CHECK(l0.unit_always_on == std::vector<std::uint8_t>{0, 0, 0, 1});
  CHECK(l0.active_fraction == doctest::Approx(0.5));
  CHECK(l0.zero_fraction == doctest::Approx(0.5));
  CHECK(l0.mean_abs_activation == doctest::Approx((1 + 2 + 3 + 4 + 4 * 1) / 16.0));
  CHECK(s.layers[1].always_on_units == 1);
  // every sample: 2 of 4 active in layer 0, 1 of 1 in layer 1
  CHECK(s.active_path_fraction == doctest::Approx(0.5));
  float total =
      std::accumulate(l0.preactivation.counts.begin(), l0.preactivation.counts.end(), 0.0f);
  CHECK(total == doctest::Approx(1.0));
  // pre-activation -4 (unit 1 at x = 4... clamps into the end bins) lands in the first bin
  CHECK(l0.preactivation.counts.front() > 0);
}

TEST_CASE("smooth layers count a threshold, not exact zeros") {
  NetworkSpec spec;
  spec.features = 0b1;
  spec.hidden = {{2, Activation::tanh}};
  Network net = make_network(spec, 2);
  net.layers[0].W << 1, 0;
  net.layers[0].b << 0, 0;  // unit 1 outputs tanh(0) = 0 < eps everywhere: "dead" by threshold
  float x1[] = {-1, 0.5f, 2}, x2[] = {0, 0, 0};
  const Stats s = activity_stats(net, x1, x2, 3);
  CHECK_FALSE(s.layers[0].exact_zeros);
  CHECK(s.layers[0].zero_fraction == 0.0f);  // tanh(0) = 0 exactly, but smooth units report 0
  CHECK(s.layers[0].unit_always_on[0] == 1);
  CHECK(s.layers[0].unit_dead[1] == 1);
}

TEST_CASE("history stays bounded and evenly thinned") {
  History h;
  h.capacity = 8;
  for (int i = 0; i < 100; ++i) {
    Stats s;
    s.epoch = i;
    s.loss_train = static_cast<float>(i);
    s.layers.resize(2);
    s.layers[1].active_fraction = 0.01f * i;
    h.push(s);
    CHECK(h.epoch.size() < 8);
    CHECK(h.loss_train.size() == h.epoch.size());
    CHECK(h.active_fraction.size() == 2);
    CHECK(h.active_fraction[1].size() == h.epoch.size());
  }
  // kept points are evenly spaced from the first
  REQUIRE(h.epoch.size() >= 3);
  const double spacing = h.epoch[1] - h.epoch[0];
  CHECK(h.epoch[0] == 0);
  for (size_t i = 1; i < h.epoch.size(); ++i) CHECK(h.epoch[i] - h.epoch[i - 1] == spacing);
  CHECK(h.epoch.back() > 80);
  h.clear();
  CHECK(h.epoch.empty());
  CHECK(h.stride == 1);
}
