// test_trainer.cpp: training reaches known accuracy, is deterministic per seed, mirrored ReLU runs
// reproduce the ReLU run's losses exactly, divergence stops with the step and finite weights, and
// measure() over chunks equals a one-pass computation.
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "nn/loss.h"
#include "nn/trainer.h"

using namespace relulab;

namespace {

Config circle_config(std::uint64_t seed = 1) {
  Config c;
  c.data.kind = DataKind::circle;
  c.data.points = 500;
  c.data.noise = 0.05f;
  c.data.seed = seed;
  c.network.hidden = {{8, Activation::relu}, {8, Activation::relu}};
  c.network.output = Output::tanh_mse;
  c.network.seed = seed;
  c.train.optimizer = Optimizer::adam;
  c.train.learning_rate = 0.01f;
  c.train.batch_size = 32;
  return c;
}

Dataset hand_dataset(float scale) {
  Dataset d;
  d.spec.kind = DataKind::custom;
  d.spec.classes = 2;
  d.classes = 2;
  for (int i = 0; i < 40; ++i) {
    float x = scale * (i % 2 ? 1.0f : -1.0f) * (1 + i % 5), y = scale * (i % 3 - 1.0f);
    (i < 30 ? d.train : d.test).push_back({x, y, static_cast<float>(i % 2)});
  }
  return d;
}

}  // namespace

TEST_CASE("2-8-8-1 ReLU learns the circle to > 90% test accuracy") {
  Trainer t;
  REQUIRE(make_trainer(circle_config(), &t) == "");
  const float before = t.stats.accuracy_test;
  CHECK(train_steps(t, 3000) == 3000);
  measure(t);
  CAPTURE(before);
  CHECK(t.stats.accuracy_test > 0.9f);
  CHECK(t.stats.loss_train < t.history.loss_train.front());
  CHECK(t.step_count == 3000);
  CHECK(t.samples_seen == 3000L * 32);
  CHECK(epoch(t) == doctest::Approx(3000.0 * 32 / t.data.train.size()));
}

TEST_CASE("training is deterministic per seed") {
  Trainer a, b, c;
  REQUIRE(make_trainer(circle_config(3), &a) == "");
  REQUIRE(make_trainer(circle_config(3), &b) == "");
  REQUIRE(make_trainer(circle_config(4), &c) == "");
  std::vector<float> la, lb, lc;
  for (int i = 0; i < 50; ++i) {
    train_steps(a, 1);
    train_steps(b, 1);
    train_steps(c, 1);
    la.push_back(a.last_loss);
    lb.push_back(b.last_loss);
    lc.push_back(c.last_loss);
  }
  CHECK(la == lb);
  CHECK(la != lc);
  CHECK(a.net.layers[1].W == b.net.layers[1].W);
}

TEST_CASE("mirrored ReLU runs reproduce the ReLU losses exactly") {
  // docs/science.md claim 3: sign flips commute with SGD, momentum, Adam and L2 (and L1 penalties)
  for (Optimizer o : {Optimizer::sgd, Optimizer::momentum, Optimizer::adam}) {
    for (Activation v : {Activation::relu_neg, Activation::neg_relu, Activation::neg_relu_neg}) {
      Config c = circle_config(5);
      c.network.bias_init = BiasInit::small;
      c.train.optimizer = o;
      c.train.learning_rate = o == Optimizer::adam ? 0.01f : 0.05f;
      c.train.l2 = 1e-3f;
      c.train.activation_l1 = o == Optimizer::momentum ? 1e-3f : 0.0f;
      c.train.batch_size = o == Optimizer::adam ? 100 : 32;  // 100: wide kernels and a tail
      Trainer relu;
      REQUIRE(make_trainer(c, &relu) == "");
      Trainer mirrored = relu;
      mirror_map(mirrored.net, v);
      CAPTURE(optimizer_name(o));
      CAPTURE(activation_name(v));
      int equal = 0;
      const int steps = 300;
      for (int i = 0; i < steps; ++i) {
        train_steps(relu, 1);
        train_steps(mirrored, 1);
        equal += relu.last_loss == mirrored.last_loss;
      }
      CHECK(equal == steps);
      CHECK(relu.last_loss < 0.5f);  // it did train
      mirror_map(mirrored.net, Activation::relu);
      for (size_t l = 0; l < relu.net.layers.size(); ++l)
        CHECK(mirrored.net.layers[l].W == relu.net.layers[l].W);
    }
  }
}

TEST_CASE("divergence stops training, names the step, keeps finite weights") {
  SUBCASE("learning rate too large for regression") {
    Config c;
    c.data.kind = DataKind::reg_plane;
    c.network.output = Output::linear_mse;
    c.train.optimizer = Optimizer::sgd;
    c.train.learning_rate = 10.0f;
    Trainer t;
    REQUIRE(make_trainer(c, &t) == "");
    int taken = train_steps(t, 5000);
    REQUIRE(t.diverged);
    CHECK(taken < 5000);
    CHECK(t.step_count == taken);
    CHECK(t.divergence.rfind("step " + std::to_string(taken + 1) + ": ", 0) == 0);
    CHECK(all_finite(t.net));
    // the kept weights are those after `taken` steps, which gave a finite loss and gradient
    Trainer replay;
    REQUIRE(make_trainer(c, &replay) == "");
    REQUIRE(train_steps(replay, taken) == taken);
    for (size_t l = 0; l < t.net.layers.size(); ++l)
      CHECK(replay.net.layers[l].W == t.net.layers[l].W);
    CHECK(train_steps(t, 10) == 0);  // refuses until reset
    CHECK(t.step_count == taken);
    measure(t);
    reset(t);
    CHECK_FALSE(t.diverged);
    CHECK(t.step_count == 0);
    CHECK(train_steps(t, 1) == 1);
  }
  SUBCASE("huge inputs overflow the forward pass, even through saturating tanh units") {
    Config c;
    c.network.features = 0b1100;  // x1^2, x2^2 of 1e25 are inf in float
    c.network.hidden = {{8, Activation::tanh}, {8, Activation::relu}};  // w inf - w' inf = NaN
    Trainer t;
    REQUIRE(make_trainer(c, hand_dataset(1e25f), &t) == "");
    CHECK(train_steps(t, 5) == 0);
    CHECK(t.diverged);
    CHECK(t.divergence.rfind("step 1: ", 0) == 0);
    CHECK(all_finite(t.net));
    resume(t);
    CHECK_FALSE(t.diverged);
  }
}

TEST_CASE("measure over chunks equals one full pass") {
  Config c = circle_config(7);
  c.data.points = 6000;  // 3000 training points: two chunks
  c.train.activation_l1 = 0.01f;
  c.network.hidden = {{6, Activation::relu}, {5, Activation::tanh}};
  Trainer t;
  REQUIRE(make_trainer(c, &t) == "");
  train_steps(t, 100);
  measure(t);
  const int N = static_cast<int>(t.data.train.size());
  REQUIRE(N > 2048);
  Forward f;
  forward(t.net, t.X_train, f);
  MatrixR dZ;
  long correct = 0;
  double loss = loss_sum(t.net.spec.output, f.A.back(), t.y_train.data(), 1.0f / N, &dZ, &correct);
  Gradients g;
  backward(t.net, t.X_train, f, dZ, c.train.activation_l1, g);
  CHECK(t.stats.loss_train == doctest::Approx(loss / N).epsilon(1e-5));
  CHECK(t.stats.accuracy_train == doctest::Approx(static_cast<double>(correct) / N));
  REQUIRE(t.stats.layers.size() == 2);
  double path = 0;
  for (int s = 0; s < N; ++s) {
    double p = 1;
    for (int l = 0; l < 2; ++l) {
      int on = 0;
      for (int u = 0; u < f.Z[l].rows(); ++u)
        on += is_active(t.net.layers[l].activation, f.Z[l](u, s));
      p *= static_cast<double>(on) / f.Z[l].rows();
    }
    path += p / N;
  }
  CHECK(t.stats.active_path_fraction == doctest::Approx(path).epsilon(1e-4));
  for (int l = 0; l < 2; ++l) {
    CAPTURE(l);
    CHECK(t.stats.layers[l].grad_norm_w == doctest::Approx(g.dW[l].norm()).epsilon(1e-3));
    CHECK(t.stats.layers[l].grad_norm_z == doctest::Approx(g.dZ[l].norm()).epsilon(1e-3));
    CHECK(t.stats.layers[l].units == f.Z[l].rows());
  }
  CHECK(t.stats.layers[0].exact_zeros);
  CHECK(t.stats.layers[0].zero_fraction == doctest::Approx(1 - t.stats.layers[0].active_fraction));
  CHECK_FALSE(t.stats.layers[1].exact_zeros);
  CHECK(t.stats.layers[1].zero_fraction == 0.0f);
  int confusion_total = 0, diagonal = 0;
  for (int i = 0; i < 4; ++i) confusion_total += t.stats.confusion[i];
  diagonal = t.stats.confusion[0] + t.stats.confusion[3];
  CHECK(confusion_total == static_cast<int>(t.data.test.size()));
  CHECK(t.stats.accuracy_test == doctest::Approx(static_cast<double>(diagonal) / confusion_total));
  CHECK(t.stats.step == 100);
}

TEST_CASE("bad configs and train specs are refused, state untouched") {
  Trainer t;
  t.step_count = 77;
  Config c = circle_config();
  c.network.hidden[1].units = 300;
  std::string err = make_trainer(c, &t);
  CHECK(err.find("network.hidden[1].units") != std::string::npos);
  CHECK(t.step_count == 77);
  Dataset bad = hand_dataset(1.0f);
  bad.train[3].label = 2.5f;
  err = make_trainer(circle_config(), bad, &t);
  CHECK(err.find("label") != std::string::npos);
  CHECK(t.step_count == 77);

  REQUIRE(make_trainer(circle_config(), &t) == "");
  train_steps(t, 5);
  TrainSpec s = t.config.train;
  s.learning_rate = -1;
  CHECK_FALSE(set_train_spec(t, s).empty());
  CHECK(t.config.train.learning_rate == 0.01f);
  CHECK(t.opt.t == 5);
  s = t.config.train;
  s.batch_size = 7;
  s.learning_rate = 0.02f;
  CHECK(set_train_spec(t, s) == "");
  CHECK(t.opt.t == 5);  // same optimiser: moments kept
  train_steps(t, 2);
  CHECK(t.samples_seen == 5 * 32 + 2 * 7);
  s.optimizer = Optimizer::momentum;
  CHECK(set_train_spec(t, s) == "");
  CHECK(t.opt.t == 0);
}

TEST_CASE("hand-made data sets and edits") {
  Config c;
  Trainer t;
  REQUIRE(make_trainer(c, hand_dataset(1.0f), &t) == "");
  CHECK(t.X_train.cols() == 30);
  CHECK(train_steps(t, 4) == 4);
  t.data.train.push_back({0.5f, 0.5f, 1.0f});
  train_steps(t, 1);  // notices the new point
  CHECK(t.X_train.cols() == 31);
  Dataset empty;
  empty.spec.kind = DataKind::custom;
  REQUIRE(make_trainer(c, empty, &t) == "");
  CHECK(train_steps(t, 3) == 0);
  CHECK_FALSE(t.diverged);
}

TEST_CASE("native and wasm builds follow the same training trajectory") {
  // Reference losses recorded from the native (AVX2/AVX-512 + FMA) build; the wasm (SIMD128, no
  // FMA) build of this test agreed to ~1e-6 relative. Data and initial weights are bit-identical
  // across platforms; only rounding (FMA, summation width) differs, so 1e-3 is a generous bound.
  struct Reference {
    int batch;
    float loss_50, loss_500;
  } references[] = {{32, 0.4237758f, 0.08510346f}, {100, 0.4136161f, 0.01034424f}};
  for (const Reference& r : references) {
    Config c;
    c.data.kind = DataKind::spiral;
    c.data.points = 400;
    c.data.noise = 0.1f;
    c.data.seed = 3;
    c.network.hidden = {{8, Activation::relu}, {8, Activation::tanh}, {6, Activation::gelu}};
    c.network.seed = 3;
    c.train.batch_size = r.batch;
    Trainer t;
    REQUIRE(make_trainer(c, &t) == "");
    CAPTURE(r.batch);
    train_steps(t, 50);
    measure(t);
    CHECK(t.stats.loss_train == doctest::Approx(r.loss_50).epsilon(1e-3));
    train_steps(t, 450);
    measure(t);
    CHECK(t.stats.loss_train == doctest::Approx(r.loss_500).epsilon(1e-3));
  }
}
