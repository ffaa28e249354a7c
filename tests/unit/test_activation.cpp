// test_activation.cpp: every activation's value (hand-computed cases) and exact derivative (central
// differences away from kinks), the name table, is_active, and the SIMD row kernels against the
// scalar reference forms.
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "nn/activation.h"
#include "nn/kernels.h"

using namespace relulab;

namespace {

// Points away from the kink at 0; includes values in the vector body and the scalar tail.
const float test_points[] = {-3.1f, -1.7f, -0.6f, -0.13f, 0.21f, 0.77f, 1.9f, 3.3f};

double central_difference(Activation a, float z, float slope) {
  const double h = 1e-3;
  double up = activate(a, static_cast<float>(z + h), slope);
  double down = activate(a, static_cast<float>(z - h), slope);
  // the arguments themselves round to float: divide by the step actually taken
  return (up - down) / (static_cast<double>(static_cast<float>(z + h)) - static_cast<float>(z - h));
}

}  // namespace

TEST_CASE("activation derivatives match central differences") {
  // float evaluation noise ~1e-7 |phi| / 1e-3 plus O(h^2) curvature: 2e-3 absolute is comfortable
  for (int i = 0; i < activation_count; ++i) {
    Activation a = static_cast<Activation>(i);
    for (float z : test_points) {
      CAPTURE(activation_name(a));
      CAPTURE(z);
      CHECK(activate_der(a, z, 0.3f) == doctest::Approx(central_difference(a, z, 0.3f)).epsilon(2e-3));
    }
  }
}

TEST_CASE("activation values, hand-computed") {
  CHECK(activate(Activation::relu, 2.0f) == 2.0f);
  CHECK(activate(Activation::relu, -1.0f) == 0.0f);
  CHECK(activate(Activation::relu_neg, -2.0f) == 2.0f);
  CHECK(activate(Activation::relu_neg, 2.0f) == 0.0f);
  CHECK(activate(Activation::neg_relu, 2.0f) == -2.0f);
  CHECK(activate(Activation::neg_relu, -2.0f) == 0.0f);
  CHECK(activate(Activation::neg_relu_neg, -2.0f) == -2.0f);
  CHECK(activate(Activation::neg_relu_neg, 2.0f) == 0.0f);
  CHECK(activate(Activation::leaky_relu, -1.0f) == doctest::Approx(-0.01));
  CHECK(activate(Activation::prelu, -2.0f) == doctest::Approx(-0.5));  // init slope 0.25
  CHECK(activate(Activation::prelu, -2.0f, 0.1f) == doctest::Approx(-0.2));
  CHECK(activate(Activation::elu, -1.0f) == doctest::Approx(-0.6321206));
  CHECK(activate(Activation::gelu, 1.0f) == doctest::Approx(0.8413447));
  CHECK(activate(Activation::gelu, -1.0f) == doctest::Approx(-0.1586553));
  CHECK(activate(Activation::silu, 1.0f) == doctest::Approx(0.7310586));
  CHECK(activate(Activation::softplus, 0.0f) == doctest::Approx(0.6931472));
  CHECK(activate(Activation::softplus, 100.0f) == doctest::Approx(100.0));
  CHECK(activate(Activation::softplus, -100.0f) == doctest::Approx(0.0));
  CHECK(activate(Activation::sigmoid, 0.0f) == 0.5f);
  CHECK(activate(Activation::sigmoid, -200.0f) == doctest::Approx(0.0));
  CHECK(activate(Activation::tanh, 0.5f) == doctest::Approx(0.4621172));
  CHECK(activate(Activation::linear, -7.5f) == -7.5f);
  // derivatives at known points
  CHECK(activate_der(Activation::gelu, 0.0f) == doctest::Approx(0.5));
  CHECK(activate_der(Activation::silu, 0.0f) == doctest::Approx(0.5));
  CHECK(activate_der(Activation::sigmoid, 0.0f) == doctest::Approx(0.25));
  CHECK(activate_der(Activation::tanh, 0.0f) == doctest::Approx(1.0));
  CHECK(activate_der(Activation::elu, -1.0f) == doctest::Approx(0.3678794));
  CHECK(activate_der(Activation::relu_neg, -1.0f) == -1.0f);
  CHECK(activate_der(Activation::neg_relu, 1.0f) == -1.0f);
  CHECK(activate_der(Activation::neg_relu_neg, -1.0f) == 1.0f);
}

TEST_CASE("prelu slope derivative matches a central difference") {
  for (float z : test_points) {
    const float a = 0.3f, h = 1e-3f;
    double numeric = (activate(Activation::prelu, z, a + h) - activate(Activation::prelu, z, a - h)) /
                     (2.0 * h);
    CHECK(numeric == doctest::Approx(z > 0 ? 0.0 : z).epsilon(1e-3).scale(1));
  }
}

TEST_CASE("mirrored relus are sign flips of relu") {
  for (float z : test_points) {
    CHECK(activate(Activation::relu_neg, z) == activate(Activation::relu, -z));
    CHECK(activate(Activation::neg_relu, z) == -activate(Activation::relu, z));
    CHECK(activate(Activation::neg_relu_neg, z) == -activate(Activation::relu, -z));
    CHECK(activate(Activation::neg_relu_neg, z) == std::fmin(0.0f, z));
  }
}

TEST_CASE("activation name table round-trips") {
  const ActivationInfo* table = activation_table();
  for (int i = 0; i < activation_count; ++i) {
    CHECK(table[i].id == static_cast<Activation>(i));
    auto back = activation_from_name(table[i].name);
    REQUIRE(back.has_value());
    CHECK(*back == table[i].id);
    CHECK(std::string(activation_name(table[i].id)) == table[i].name);
  }
  CHECK_FALSE(activation_from_name("rectifier").has_value());
  CHECK(activation_info(Activation::relu).exact_zeros);
  CHECK(activation_info(Activation::neg_relu_neg).exact_zeros);
  CHECK_FALSE(activation_info(Activation::leaky_relu).exact_zeros);
  CHECK_FALSE(activation_info(Activation::tanh).piecewise_linear);
}

TEST_CASE("is_active") {
  CHECK(is_active(Activation::relu, 0.5f));
  CHECK_FALSE(is_active(Activation::relu, -0.5f));
  CHECK_FALSE(is_active(Activation::relu, 0.0f));
  CHECK(is_active(Activation::relu_neg, -0.5f));
  CHECK_FALSE(is_active(Activation::relu_neg, 0.5f));
  CHECK(is_active(Activation::neg_relu, 0.5f));
  CHECK(is_active(Activation::neg_relu_neg, -0.5f));
  CHECK(is_active(Activation::leaky_relu, 0.5f));
  CHECK_FALSE(is_active(Activation::leaky_relu, -0.5f));  // non-zero output, but the off side
  CHECK(is_active(Activation::tanh, 0.01f));
  CHECK_FALSE(is_active(Activation::tanh, 1e-4f));       // |tanh| < 1e-3 threshold
  CHECK_FALSE(is_active(Activation::sigmoid, -20.0f));
  CHECK(is_active(Activation::sigmoid, 0.0f));
}

TEST_CASE("row kernels agree with the scalar forms") {
  // 19: vector blocks and a partial tail; 77: the wide kernels natively, with a tail
  for (const int n : {19, 77}) {
    const int m = 3;
    std::vector<float> Z(m * n), Y(m * n), dA(m * n), slope = {0.25f, 0.1f, 0.4f};
    for (int i = 0; i < m * n; ++i) Z[i] = -3.0f + 6.0f * ((i * 37) % 101) / 100.0f + 0.005f;
    for (int ai = 0; ai < activation_count; ++ai) {
      Activation a = static_cast<Activation>(ai);
      CAPTURE(activation_name(a));
      activate_rows(a, Z.data(), n, slope.data(), Y.data(), n, m, n);
      for (int i = 0; i < m; ++i)
        for (int s = 0; s < n; ++s) CHECK(Y[i * n + s] == doctest::Approx(activate(a, Z[i * n + s], slope[i])));
      for (float penalty : {0.0f, 0.05f}) {
        for (int i = 0; i < m * n; ++i) dA[i] = 0.1f * ((i * 13) % 7) - 0.3f;
        std::vector<float> dA0 = dA, dslope(m, 0.0f);
        activate_backward_rows(a, Z.data(), n, Y.data(), n, slope.data(), penalty, dA.data(), n,
                               dslope.data(), m, n);
        for (int i = 0; i < m; ++i) {
          double slope_sum = 0;
          for (int s = 0; s < n; ++s) {
            float z = Z[i * n + s], y = Y[i * n + s];
            float d = dA0[i * n + s] + (y > 0 ? penalty : (y < 0 ? -penalty : 0.0f));
            slope_sum += d * (z > 0 ? 0.0 : z);
            CHECK(dA[i * n + s] == doctest::Approx(d * activate_der(a, z, slope[i])));
          }
          CHECK(dslope[i] == doctest::Approx(a == Activation::prelu ? slope_sum : 0.0));
        }
      }
    }
  }
}

TEST_CASE("vectorised functions hold their accuracy over a wide range") {
  // exp/log/tanh/erf are polynomial approximations in kernels.cpp: compare with libm, including
  // saturated tails and large |z| (clamped exponentials must stay finite and monotone).
  std::vector<float> z;
  for (float v = -60.0f; v <= 60.0f; v += 0.37f) z.push_back(v);
  for (float v : {-1e-6f, 1e-6f, -1e-3f, 1e-3f, -0.3f, 0.3f, -88.5f, 88.5f, -1000.0f, 1000.0f})
    z.push_back(v);
  const int n = static_cast<int>(z.size());
  std::vector<float> y(n);
  for (int ai = 0; ai < activation_count; ++ai) {
    Activation a = static_cast<Activation>(ai);
    activate_rows(a, z.data(), n, nullptr, y.data(), n, 1, n);
    for (int s = 0; s < n; ++s) {
      CAPTURE(activation_name(a));
      CAPTURE(z[s]);
      double expect = activate(a, z[s]);
      // a few float ulps relative, or 2e-7 absolute near zero (erf's approximation error)
      CHECK(std::isfinite(y[s]));
      CHECK(std::fabs(y[s] - expect) <= 4e-6 * std::fabs(expect) + 2e-7);
    }
  }
  std::vector<float> t(n), sg(n), sp(n);
  tanh_n(z.data(), t.data(), n);
  sigmoid_n(z.data(), sg.data(), n);
  softplus_n(z.data(), sp.data(), n);
  for (int s = 0; s < n; ++s) {
    CAPTURE(z[s]);
    CHECK(std::fabs(t[s] - std::tanh(double(z[s]))) <= 4e-6 * std::fabs(std::tanh(double(z[s]))) + 1e-7);
    double sig = 1 / (1 + std::exp(-double(z[s])));
    CHECK(std::fabs(sg[s] - sig) <= 4e-6 * sig + 1e-30);
    double soft = std::max(double(z[s]), 0.0) + std::log1p(std::exp(-std::fabs(double(z[s]))));
    CHECK(std::fabs(sp[s] - soft) <= 4e-6 * soft + 1e-12);
  }
}

TEST_CASE("active_at on a forward cache agrees with is_active") {
  for (int ai = 0; ai < activation_count; ++ai) {
    const Activation a = static_cast<Activation>(ai);
    const ActiveRule rule = active_rule(a);
    for (float z = -8.0f; z <= 8.0f; z += 0.0625f) {
      CAPTURE(activation_name(a));
      CAPTURE(z);
      CHECK(active_at(rule, z, activate(a, z)) == is_active(a, z));
    }
  }
}

TEST_CASE("NaN propagates through the vectorised functions, infinities saturate") {
  const float nan = std::nanf(""), inf = INFINITY;
  std::vector<float> z = {nan, 1.0f, -inf, inf, nan, 0.5f, nan, -2.0f, nan}, y(z.size());
  const int n = static_cast<int>(z.size());
  for (int ai = 0; ai < activation_count; ++ai) {
    Activation a = static_cast<Activation>(ai);
    CAPTURE(activation_name(a));
    activate_rows(a, z.data(), n, nullptr, y.data(), n, 1, n);
    for (int s = 0; s < n; ++s)
      if (std::isnan(z[s])) CHECK(std::isnan(y[s]));
  }
  tanh_n(z.data(), y.data(), n);
  CHECK(std::isnan(y[0]));
  CHECK(y[2] == -1.0f);
  CHECK(y[3] == 1.0f);
  sigmoid_n(z.data(), y.data(), n);
  CHECK(std::isnan(y[4]));
  CHECK(y[2] == doctest::Approx(0.0));
  CHECK(y[3] == 1.0f);
  softplus_n(z.data(), y.data(), n);
  CHECK(std::isnan(y[6]));
  CHECK(y[3] == inf);
}
