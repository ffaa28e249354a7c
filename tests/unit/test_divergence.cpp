// test_divergence.cpp: training that blows up stops cleanly, keeping the last finite weights.
//
// Learning rates up to the limit (10) on every output/loss and optimiser, huge inputs, and exploding
// weights. At the first non-finite loss, gradient or weight the trainer must stop, name the step,
// refuse further steps, and keep the weights of the last finite step. "Kept" is checked exactly: a
// second trainer replaying the same number of steps from the same seed must hold bit-identical
// weights (training is deterministic). The kept weights must still render: predict() and the grid
// evaluator over the plot domain give finite values.
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "data/dataset.h"
#include "instruments/grid.h"
#include "io/config.h"
#include "nn/network.h"
#include "nn/trainer.h"

using namespace relulab;

namespace {

bool same_weights(const Network& a, const Network& b) {
  if (a.layers.size() != b.layers.size()) return false;
  for (size_t l = 0; l < a.layers.size(); ++l) {
    const Layer &x = a.layers[l], &y = b.layers[l];
    if (x.W.rows() != y.W.rows() || x.W.cols() != y.W.cols() || x.b.size() != y.b.size() ||
        x.slope.size() != y.slope.size())
      return false;
    if (std::memcmp(x.W.data(), y.W.data(), sizeof(float) * x.W.size()) != 0 ||
        std::memcmp(x.b.data(), y.b.data(), sizeof(float) * x.b.size()) != 0 ||
        (x.slope.size() &&
         std::memcmp(x.slope.data(), y.slope.data(), sizeof(float) * x.slope.size()) != 0))
      return false;
  }
  return true;
}

bool all_finite(const std::vector<float>& v) {
  for (float x : v)
    if (!std::isfinite(x)) return false;
  return true;
}

// The kept weights render: the output field over the default plot domain, every hidden unit's
// value at a coarse resolution, and predict() at the training points inside the domain.
void check_renders(const Trainer& t) {
  GridSpec g;
  g.width = g.height = 48;
  std::vector<float> values;
  eval_grid(t.net, g, GridField::output, 0, 0, values);
  CHECK(all_finite(values));
  for (int l = 0; l < t.net.hidden_count(); ++l)
    for (int u = 0; u < t.net.layers[l].out(); ++u) {
      GridSpec coarse = g;
      coarse.width = coarse.height = 8;
      eval_grid(t.net, coarse, GridField::unit_value, l, u, values);
      CHECK(all_finite(values));
    }
  std::vector<float> x1, x2;
  for (const Point& p : t.data.train)
    if (std::fabs(p.x1) <= domain_extent && std::fabs(p.x2) <= domain_extent) {
      x1.push_back(p.x1);
      x2.push_back(p.x2);
    }
  MatrixR out;
  predict(t.net, x1.data(), x2.data(), static_cast<int>(x1.size()), out);
  CHECK(out.allFinite());
}

// Trains until divergence or `max_steps`; when it diverged, checks the contract. Returns whether it
// diverged.
bool run_and_check(const Config& c, const Dataset* data, int max_steps) {
  Trainer t;
  const std::string err = data ? make_trainer(c, *data, &t) : make_trainer(c, &t);
  REQUIRE(err == "");
  const int taken = train_steps(t, max_steps);
  if (!t.diverged) {
    CHECK(taken == max_steps);
    CHECK(all_finite(t.net));
    return false;
  }
  CAPTURE(t.divergence);
  CHECK(taken < max_steps);
  CHECK(t.step_count == taken);
  // the message names the step that failed: the one after the last completed
  CHECK(t.divergence.rfind("step " + std::to_string(taken + 1) + ": ", 0) == 0);
  CHECK(all_finite(t.net));

  // Kept weights are exactly those after `taken` steps.
  Trainer replay;
  REQUIRE((data ? make_trainer(c, *data, &replay) : make_trainer(c, &replay)) == "");
  REQUIRE(train_steps(replay, taken) == taken);
  CHECK_FALSE(replay.diverged);
  CHECK(same_weights(t.net, replay.net));

  // Stopped: further steps are refused and change nothing.
  const Network kept = t.net;
  CHECK(train_steps(t, 10) == 0);
  CHECK(t.step_count == taken);
  CHECK(same_weights(t.net, kept));
  measure(t);  // the instruments run on the kept weights without crashing
  CHECK(t.diverged);
  check_renders(t);
  return true;
}

Config base(DataKind kind, Output output, Optimizer opt, float lr, Activation act) {
  Config c;
  c.data.kind = kind;
  c.data.points = 200;
  c.data.classes = 3;
  c.network.output = output;
  c.network.hidden = {{8, act}, {8, act}};
  c.train.optimizer = opt;
  c.train.learning_rate = lr;
  c.train.batch_size = 16;
  return c;
}

}  // namespace

TEST_CASE("learning rates up to 10: every loss and optimiser stops at the first non-finite step") {
  struct Task {
    DataKind kind;
    Output output;
  };
  const Task tasks[] = {{DataKind::circle, Output::tanh_mse},
                        {DataKind::xor_, Output::sigmoid_bce},
                        {DataKind::blobs, Output::softmax_ce},
                        {DataKind::reg_plane, Output::linear_mse}};
  int diverged = 0, runs = 0;
  for (const Task& task : tasks)
    for (Optimizer opt : {Optimizer::sgd, Optimizer::momentum, Optimizer::adam})
      for (float lr : {1.0f, 10.0f})
        for (Activation act :
             {Activation::relu, Activation::prelu, Activation::linear, Activation::elu}) {
          CAPTURE(output_name(task.output));
          CAPTURE(optimizer_name(opt));
          CAPTURE(lr);
          CAPTURE(activation_name(act));
          diverged += run_and_check(base(task.kind, task.output, opt, lr, act), nullptr, 1500);
          ++runs;
        }
  // The sweep must actually exercise the divergence path (linear units at lr 10 with SGD explode).
  MESSAGE(diverged << " of " << runs << " runs diverged");
  CHECK(diverged >= 8);
}

TEST_CASE("huge inputs: coordinates at the CSV limit through squared and product features") {
  // 1000^2 = 1e6 per feature; with lr 10 the first updates overflow.
  Dataset d;
  d.spec.kind = DataKind::custom;
  d.spec.classes = 1;
  d.classes = 1;
  d.regression = true;
  for (int i = 0; i < 64; ++i) {
    const float x = static_cast<float>(max_csv_coordinate) * ((i % 7) / 3.0f - 1.0f);
    const float y = static_cast<float>(max_csv_coordinate) * ((i % 5) / 2.0f - 1.0f);
    (i < 48 ? d.train : d.test).push_back({x, y, x * y});
  }
  // SGD through linear hidden units must blow up; Adam's steps are bounded by the learning rate,
  // so it may or may not overflow within the run: the contract is checked whenever it does.
  for (Optimizer opt : {Optimizer::sgd, Optimizer::adam}) {
    const Activation act = opt == Optimizer::sgd ? Activation::linear : Activation::relu;
    Config c;
    c.data.kind = DataKind::custom;
    c.data.classes = 1;
    c.network.output = Output::linear_mse;
    c.network.features = 0b11111;  // x1, x2, x1^2, x2^2, x1*x2
    c.network.hidden = {{16, act}, {16, act}};
    c.train.optimizer = opt;
    c.train.learning_rate = 10.0f;
    CAPTURE(optimizer_name(opt));
    const bool diverged = run_and_check(c, &d, 2000);
    if (opt == Optimizer::sgd) CHECK(diverged);
  }
}

TEST_CASE("exploding weights: a network whose forward pass overflows is not touched") {
  Config c = base(DataKind::circle, Output::linear_mse, Optimizer::adam, 0.01f, Activation::relu);
  c.data.kind = DataKind::reg_gaussians;
  Trainer t;
  REQUIRE(make_trainer(c, &t) == "");
  // Weights of 1e20 per layer: the second hidden layer's values reach ~1e40, beyond float.
  for (Layer& L : t.net.layers) L.W.array() *= 1e20f;
  REQUIRE(all_finite(t.net));
  const Network before = t.net;
  CHECK(train_steps(t, 5) == 0);
  CHECK(t.diverged);
  CAPTURE(t.divergence);
  CHECK(t.divergence.rfind("step 1: ", 0) == 0);
  CHECK(same_weights(t.net, before));
  CHECK(t.step_count == 0);
  // resume() clears the stop; after scaling the weights back training proceeds.
  resume(t);
  CHECK_FALSE(t.diverged);
  for (Layer& L : t.net.layers) L.W.array() *= 1e-20f;
  CHECK(train_steps(t, 20) == 20);
  CHECK(all_finite(t.net));
}
