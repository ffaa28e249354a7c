// activation.cpp: the activation table and the scalar reference forms with exact derivatives.
//
// The vectorised forms used in training live in kernels.cpp; these scalar forms are the reference
// the tests check them against, and the slow path for smooth activations. The ReLU family is written
// once as s_out * relu(s_in * z) (see relu_signs in kernels.h), so its mirrors differ only by signs.
#include "nn/activation.h"

#include <cmath>
#include <string_view>

#include "nn/kernels.h"

namespace relulab {

namespace {

// The activation table: one row per Activation, in enum order (the shader's ids are the enum values).
// Adding an activation touches, besides this row and the enum in activation.h:
//   1. activate() and activate_der() below, the scalar reference forms;
//   2. nn/kernels_simd.inc, the vector kernels of training and the grid (activate_rows,
//      activate_backward_rows; piecewise-linear units through active_rule in kernels.h);
//   3. nn/fused_simd.inc, the fused training step's forward and derivative;
//   4. shaders/boundary.frag.glsl, activate() and unit_active(), so the drawn boundary agrees;
//   5. the list of names in docs/model-format.md.
// Each of 2-4 has a test that fails while the new activation is missing from it: in
// test_activation.cpp "row kernels agree with the scalar forms" and "the boundary shader evaluates
// every activation", in test_fused_step.cpp "loss and gradients equal the reference for every
// activation and output".
const ActivationInfo table[activation_count] = {
    {Activation::relu, "relu", "ReLU", true, true},
    {Activation::leaky_relu, "leaky_relu", "Leaky ReLU (0.01)", false, true},
    {Activation::prelu, "prelu", "PReLU (learned slope)", false, true},
    {Activation::elu, "elu", "ELU", false, false},
    {Activation::gelu, "gelu", "GELU", false, false},
    {Activation::silu, "silu", "SiLU / Swish", false, false},
    {Activation::softplus, "softplus", "Softplus", false, false},
    {Activation::sigmoid, "sigmoid", "Sigmoid", false, false},
    {Activation::tanh, "tanh", "Tanh", false, false},
    {Activation::linear, "linear", "Linear", false, true},
    {Activation::relu_neg, "relu_neg", "relu(-x)", true, true},
    {Activation::neg_relu, "neg_relu", "-relu(x)", true, true},
    {Activation::neg_relu_neg, "neg_relu_neg", "-relu(-x) = min(0, x)", true, true},
};

constexpr float inv_sqrt2 = 0.70710678118654752f;
constexpr float inv_sqrt_2pi = 0.39894228040143268f;

float sigmoid_of(float z) {
  // Stable on both sides: never evaluates e^{large}.
  if (z >= 0) return 1.0f / (1.0f + std::exp(-z));
  float e = std::exp(z);
  return e / (1.0f + e);
}

}  // namespace

const ActivationInfo* activation_table() { return table; }

const ActivationInfo& activation_info(Activation a) { return table[static_cast<int>(a)]; }

const char* activation_name(Activation a) { return activation_info(a).name; }

std::optional<Activation> activation_from_name(std::string_view name) {
  for (const ActivationInfo& info : table)
    if (name == info.name) return info.id;
  return std::nullopt;
}

float activate(Activation a, float z, float slope) {
  switch (a) {
    case Activation::relu:
    case Activation::relu_neg:
    case Activation::neg_relu:
    case Activation::neg_relu_neg: {
      ReluSigns s = relu_signs(a);
      float u = s.in * z;
      return s.out * (u > 0 ? u : 0.0f);
    }
    case Activation::leaky_relu: return z > 0 ? z : leaky_slope * z;
    case Activation::prelu: return z > 0 ? z : slope * z;
    case Activation::elu: return z > 0 ? z : std::expm1(z);
    case Activation::gelu: return 0.5f * z * (1.0f + std::erf(z * inv_sqrt2));
    case Activation::silu: return z * sigmoid_of(z);
    case Activation::softplus: return (z > 0 ? z : 0.0f) + std::log1p(std::exp(-std::fabs(z)));
    case Activation::sigmoid: return sigmoid_of(z);
    case Activation::tanh: return std::tanh(z);
    case Activation::linear:
    case Activation::count: break;
  }
  return z;
}

float activate_der(Activation a, float z, float slope) {
  switch (a) {
    case Activation::relu:
    case Activation::relu_neg:
    case Activation::neg_relu:
    case Activation::neg_relu_neg: {
      // d/dz s_out relu(s_in z) = s_out s_in [s_in z > 0]; the kink takes the inactive side.
      ReluSigns s = relu_signs(a);
      return s.in * z > 0 ? s.out * s.in : 0.0f;
    }
    case Activation::leaky_relu: return z > 0 ? 1.0f : leaky_slope;
    case Activation::prelu: return z > 0 ? 1.0f : slope;
    case Activation::elu: return z > 0 ? 1.0f : std::exp(z);
    case Activation::gelu:  // Phi(z) + z phi(z)
      return 0.5f * (1.0f + std::erf(z * inv_sqrt2)) + z * inv_sqrt_2pi * std::exp(-0.5f * z * z);
    case Activation::silu: {  // s (1 + z (1 - s))
      float s = sigmoid_of(z);
      return s * (1.0f + z * (1.0f - s));
    }
    case Activation::softplus: return sigmoid_of(z);
    case Activation::sigmoid: {
      float s = sigmoid_of(z);
      return s * (1.0f - s);
    }
    case Activation::tanh: {
      float t = std::tanh(z);
      return 1.0f - t * t;
    }
    case Activation::linear:
    case Activation::count: break;
  }
  return 1.0f;
}

bool is_active(Activation a, float z, float slope) {
  const ActivationInfo& info = activation_info(a);
  if (info.exact_zeros) return activate(a, z, slope) != 0.0f;
  if (info.piecewise_linear) return a == Activation::linear || z > 0;
  return std::fabs(activate(a, z, slope)) >= smooth_active_eps;
}

}  // namespace relulab
