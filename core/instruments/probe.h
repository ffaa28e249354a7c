// probe.h: what the network does at one point of the plane: which hidden units are active, and
// the local linear map of its output there.
//
// Inside one activation pattern a piecewise-linear network (ReLU family, leaky, PReLU, linear) is an
// affine map of its input features: each active unit passes its input with slope phi'(z) and each
// inactive ReLU unit blocks it, so the active sub-network collapses to
//   z_out = M f + c,   M = W_L D_{L-1} W_{L-1} ... D_0 W_0,   D_l = diag(phi'(z_l))
// on the feature vector f (Hanin & Rolnick 2019 call this region the network's "linear region").
// For smooth activations the same product is the Jacobian, and M f + c is the tangent plane.
// The map is of the pre-link output (the logit; softmax: one row per class). With only x1, x2 as
// features the map is affine in the plane itself; otherwise the plane map is its chain rule
// through the features (d f / d x), which is what `jacobian` reports.
#pragma once

#include <cstdint>
#include <vector>

#include "nn/network.h"

namespace relulab {

struct Probe {
  float x1 = 0, x2 = 0;
  std::vector<Vector> z, a;  // [layer] (units_l): pre-activation and activation, hidden + output
  std::vector<std::vector<std::uint8_t>> active;  // [hidden layer][unit]: is_active at this point
  int active_units = 0, hidden_units = 0;
  bool piecewise_linear = false;  // every hidden layer piecewise linear: exact in the region
  Vector features;                // (inputs) expanded features at the point
  MatrixR feature_map;            // M (outputs, inputs): d z_out / d f
  Vector offset;                  // c (outputs): z_out = M f + c at the point
  MatrixR jacobian;               // (outputs, 2): d z_out / d (x1, x2)
  Vector output;                  // (outputs) z_out at the point, pre-link
};

// Forward at one point with the local map. Cheap (one sample): called on every hover frame.
Probe probe_point(const Network& net, float x1, float x2);

// True when two probes of the same network share the activation pattern (same linear region).
bool same_pattern(const Probe& a, const Probe& b);

// Whether link (layer l, from unit `from` of the layer below or input feature, to unit `to`) belongs
// to the active sub-network at the probe: its source (inputs always) and target are active.
bool link_active(const Probe& p, int layer, int from, int to);

}  // namespace relulab
