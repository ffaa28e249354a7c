// test_loss.cpp: the four losses: hand-computed values, dL/dZ against central differences,
// numerical stability at large logits, links, accuracy counting and the confusion matrix.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "nn/loss.h"
#include "nn/random.h"

using namespace relulab;

TEST_CASE("losses, hand-computed values and gradients") {
  MatrixR Z(1, 1), dZ;
  float y1 = 1, y0 = 0;
  Z(0, 0) = 0;
  CHECK(loss_sum(Output::tanh_mse, Z, &y1, 1, &dZ) == doctest::Approx(0.5));  // (0 - 1)^2 / 2
  CHECK(dZ(0, 0) == doctest::Approx(-1.0));
  CHECK(loss_sum(Output::tanh_mse, Z, &y0, 1, &dZ) == doctest::Approx(0.5));  // label 0 -> -1
  CHECK(dZ(0, 0) == doctest::Approx(1.0));
  CHECK(loss_sum(Output::sigmoid_bce, Z, &y1, 1, &dZ) == doctest::Approx(std::log(2.0)));
  CHECK(dZ(0, 0) == doctest::Approx(-0.5));
  Z(0, 0) = 3;
  CHECK(loss_sum(Output::linear_mse, Z, &y1, 0.5f, &dZ) == doctest::Approx(2.0));
  CHECK(dZ(0, 0) == doctest::Approx(1.0));  // grad_scale 0.5 * (3 - 1)
  MatrixR Zs = MatrixR::Zero(3, 1);
  float y2 = 2;
  CHECK(loss_sum(Output::softmax_ce, Zs, &y2, 1, &dZ) == doctest::Approx(std::log(3.0)));
  CHECK(dZ(0, 0) == doctest::Approx(1.0 / 3));
  CHECK(dZ(2, 0) == doctest::Approx(-2.0 / 3));
}

TEST_CASE("loss gradients match central differences") {
  Rng rng(17);
  for (Output o : {Output::tanh_mse, Output::sigmoid_bce, Output::softmax_ce, Output::linear_mse}) {
    const int outs = o == Output::softmax_ce ? 4 : 1, n = 6;
    MatrixR Z(outs, n), dZ;
    std::vector<float> y(n);
    for (long i = 0; i < Z.size(); ++i) Z.data()[i] = static_cast<float>(rng.normal() * 1.5);
    for (int s = 0; s < n; ++s)
      y[s] = o == Output::softmax_ce   ? static_cast<float>(rng.below(4))
             : o == Output::linear_mse ? static_cast<float>(rng.normal())
                                       : static_cast<float>(rng.below(2));
    loss_sum(o, Z, y.data(), 1.0f / n, &dZ);
    for (long i = 0; i < Z.size(); ++i) {
      const float saved = Z.data()[i], h = 1e-3f;
      Z.data()[i] = saved + h;
      double up = loss_sum(o, Z, y.data(), 0, nullptr) / n;
      Z.data()[i] = saved - h;
      double down = loss_sum(o, Z, y.data(), 0, nullptr) / n;
      Z.data()[i] = saved;
      CAPTURE(output_name(o));
      CHECK(dZ.data()[i] == doctest::Approx((up - down) / (2.0 * h)).epsilon(1e-3).scale(0.01));
    }
  }
}

TEST_CASE("losses are stable at large logits") {
  MatrixR Z(1, 2), dZ;
  Z << 100.0f, -100.0f;
  float y[] = {0, 1};
  double L = loss_sum(Output::sigmoid_bce, Z, y, 1, &dZ);
  CHECK(L == doctest::Approx(200.0));
  CHECK(dZ(0, 0) == doctest::Approx(1.0));
  CHECK(dZ(0, 1) == doctest::Approx(-1.0));
  MatrixR Zs(2, 1);
  Zs << 1000.0f, 0.0f;
  float c = 1;
  CHECK(loss_sum(Output::softmax_ce, Zs, &c, 1, &dZ) == doctest::Approx(1000.0));
  CHECK(std::isfinite(dZ(0, 0)));
  CHECK(dZ(0, 0) == doctest::Approx(1.0));
  MatrixR P = Zs;
  apply_link(Output::softmax_ce, P);
  CHECK(P(0, 0) == doctest::Approx(1.0));
  CHECK(P(1, 0) == doctest::Approx(0.0));
}

TEST_CASE("links, predicted classes, accuracy and confusion") {
  MatrixR Z(1, 4);
  Z << -2.0f, -0.1f, 0.3f, 5.0f;
  float y[] = {0, 1, 1, 0};
  long correct = 0;
  std::vector<int> confusion(4, 0);
  loss_sum(Output::tanh_mse, Z, y, 1, nullptr, &correct, &confusion, 2);
  CHECK(correct == 2);
  CHECK(confusion == std::vector<int>{1, 1, 1, 1});
  MatrixR P = Z;
  apply_link(Output::sigmoid_bce, P);
  CHECK(P(0, 2) == doctest::Approx(1 / (1 + std::exp(-0.3))));
  P = Z;
  apply_link(Output::tanh_mse, P);
  CHECK(P(0, 0) == doctest::Approx(std::tanh(-2.0)));
  MatrixR Zs(3, 2);
  Zs << 0, 5, 2, 1, 1, 0;
  CHECK(predicted_class(Output::softmax_ce, Zs, 0) == 1);
  CHECK(predicted_class(Output::softmax_ce, Zs, 1) == 0);
  apply_link(Output::softmax_ce, Zs);
  CHECK(Zs.col(0).sum() == doctest::Approx(1.0));
}
