// probe.cpp: one-sample forward pass and the product of layer Jacobians (see probe.h).
//
// Per layer l (M_{-1} = identity on the features):
//   M_l = W_l D_{l-1} M_{l-1}   with D_{-1} = I,  D_l = diag(phi_l'(z_l)) for hidden l
// and the offset c = z_out - M f, which for a piecewise-linear net equals the propagated biases
// c_l = W_l D_{l-1} c_{l-1} + b_l, because every such phi satisfies phi(z) = phi'(z) z on each side.
// d f / d x: x1 -> (1, 0), x1^2 -> (2 x1, 0), x1 x2 -> (x2, x1), sin x1 -> (cos x1, 0), ...
#include "instruments/probe.h"

#include <cmath>

namespace relulab {

namespace {

// (inputs, 2): derivative of each enabled feature by (x1, x2)
MatrixR feature_derivative(unsigned features, float x1, float x2) {
  int rows = 0;
  for (int f = 0; f < feature_count; ++f) rows += (features >> f) & 1u;
  MatrixR J(rows, 2);
  int r = 0;
  for (int f = 0; f < feature_count; ++f) {
    if (!((features >> f) & 1u)) continue;
    float d1 = 0, d2 = 0;
    switch (static_cast<Feature>(f)) {
      case Feature::x1: d1 = 1; break;
      case Feature::x2: d2 = 1; break;
      case Feature::x1_sq: d1 = 2 * x1; break;
      case Feature::x2_sq: d2 = 2 * x2; break;
      case Feature::x1_x2:
        d1 = x2;
        d2 = x1;
        break;
      case Feature::sin_x1: d1 = std::cos(x1); break;
      case Feature::sin_x2: d2 = std::cos(x2); break;
      case Feature::count: break;
    }
    J(r, 0) = d1;
    J(r, 1) = d2;
    ++r;
  }
  return J;
}

}  // namespace

Probe probe_point(const Network& net, float x1, float x2) {
  Probe p;
  p.x1 = x1;
  p.x2 = x2;
  MatrixR X;
  expand_features(net.spec.features, &x1, &x2, 1, X);
  p.features = X.col(0);
  Forward f;
  forward(net, X, f);
  const int L = static_cast<int>(net.layers.size());
  p.z.resize(L);
  p.a.resize(L);
  p.active.resize(net.hidden_count());
  p.piecewise_linear = true;
  MatrixR M = MatrixR::Identity(X.rows(), X.rows());  // d (layer input) / d f
  for (int l = 0; l < L; ++l) {
    const Layer& layer = net.layers[l];
    p.z[l] = f.Z[l].col(0);
    p.a[l] = f.A[l].col(0);
    MatrixR WM = layer.W * M;  // (out, inputs): d z_l / d f
    if (l + 1 == L) {
      M = WM;
      break;
    }
    const ActivationInfo& info = activation_info(layer.activation);
    p.piecewise_linear = p.piecewise_linear && info.piecewise_linear;
    p.active[l].resize(layer.out());
    for (int u = 0; u < layer.out(); ++u) {
      const float slope = layer.slope.size() ? layer.slope[u] : prelu_init_slope;
      const float zu = p.z[l][u];
      const bool on = info.exact_zeros ? p.a[l][u] != 0.0f : is_active(layer.activation, zu, slope);
      p.active[l][u] = on;
      p.active_units += on;
      ++p.hidden_units;
      WM.row(u) *= activate_der(layer.activation, zu, slope);
    }
    M = WM;
  }
  p.feature_map = M;
  p.output = p.z[L - 1];
  p.offset = p.output - M * p.features;
  p.jacobian = M * feature_derivative(net.spec.features, x1, x2);
  return p;
}

bool same_pattern(const Probe& a, const Probe& b) { return a.active == b.active; }

bool link_active(const Probe& p, int layer, int from, int to) {
  const int hidden = static_cast<int>(p.active.size());
  if (layer < 0 || layer > hidden) return false;
  const bool src =
      layer == 0 || (from >= 0 && from < static_cast<int>(p.active[layer - 1].size()) &&
                     p.active[layer - 1][from]);
  const bool dst = layer == hidden || (to >= 0 && to < static_cast<int>(p.active[layer].size()) &&
                                       p.active[layer][to]);
  return src && dst;
}

}  // namespace relulab
