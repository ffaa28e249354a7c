// activation.h: the hidden-unit nonlinearities, each with its exact derivative.
//
// Every activation is a small value type described by one table entry (name, label, whether it
// produces exact zeros), in the spirit of tensorflow/playground's nn.ts. The UI's combo box and the
// CLI's config reader both read `activation_table()`, so a name means the same thing everywhere.
//
// Mirrored ReLUs (docs/science.md, claim 3):
//   relu_neg      relu(-x)        = max(0, -x)
//   neg_relu      -relu(x)        = min(0, -x)... written out: -max(0, x)
//   neg_relu_neg  -relu(-x)       = min(0, x)
// PReLU's slope is a learned per-unit parameter held by the layer (init 0.25, He et al. 2015).
#pragma once

#include <optional>
#include <string_view>

namespace relulab {

enum class Activation {
  relu,
  leaky_relu,  // x > 0 ? x : 0.01 x (Maas et al. 2013)
  prelu,       // x > 0 ? x : a x, a learned per unit, init 0.25
  elu,         // x > 0 ? x : (e^x - 1), alpha = 1 (Clevert et al. 2016)
  gelu,        // x * Phi(x), exact erf form (Hendrycks & Gimpel)
  silu,        // x * sigmoid(x)
  softplus,    // log(1 + e^x)
  sigmoid,
  tanh,
  linear,
  relu_neg,      // relu(-x)
  neg_relu,      // -relu(x)
  neg_relu_neg,  // -relu(-x) = min(0, x)
  count
};

struct ActivationInfo {
  Activation id;
  const char* name;  // stable identifier used in files, URLs and the CLI: "relu", "leaky_relu", ...
  const char* label;      // human label for the UI: "ReLU", "Leaky ReLU (0.01)", "relu(-x)", ...
  bool exact_zeros;       // true for the ReLU family (relu and its mirrors): "active" means != 0
  bool piecewise_linear;  // relu family, leaky, prelu, linear: linear regions are meaningful
};

constexpr int activation_count = static_cast<int>(Activation::count);

// All activations, in UI order.
const ActivationInfo* activation_table();
const ActivationInfo& activation_info(Activation a);
const char* activation_name(Activation a);
std::optional<Activation> activation_from_name(std::string_view name);

constexpr float leaky_slope = 0.01f;
constexpr float prelu_init_slope = 0.25f;

// Scalar reference forms (used by tests, the shader generator and slow paths).
// `slope` is only read by prelu.
float activate(Activation a, float z, float slope = prelu_init_slope);
float activate_der(Activation a, float z, float slope = prelu_init_slope);  // d output / d z

// Whether a unit with this activation counts as "active" at pre-activation z: non-zero output for
// exact-zero activations, z > 0 for the other piecewise-linear ones (the side of the kink; a linear
// unit has no kink and is always active), and |phi(z)| >= eps for smooth ones (the UI labels that
// as a threshold).
bool is_active(Activation a, float z, float slope = prelu_init_slope);
constexpr float smooth_active_eps = 1e-3f;

}  // namespace relulab
