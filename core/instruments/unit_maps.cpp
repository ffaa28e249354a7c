// unit_maps.cpp: one forward pass over the grid's cell centres (see unit_maps.h).
#include "instruments/unit_maps.h"

#include "nn/loss.h"

namespace relulab {

void eval_unit_maps(const Network& net, const GridSpec& g, UnitMaps& out) {
  const int n = g.width * g.height;
  std::vector<float> x1(n), x2(n);
  const float dx = (g.x1 - g.x0) / g.width, dy = (g.y1 - g.y0) / g.height;
  for (int row = 0; row < g.height; ++row)
    for (int col = 0; col < g.width; ++col) {
      x1[row * g.width + col] = g.x0 + (col + 0.5f) * dx;
      x2[row * g.width + col] = g.y1 - (row + 0.5f) * dy;
    }
  MatrixR X;
  expand_features(net.spec.features, x1.data(), x2.data(), n, X);
  Forward f;
  forward(net, X, f);
  apply_link(net.spec.output, f.A.back());
  const int L = static_cast<int>(net.layers.size());
  out.grid = g;
  out.value = std::move(f.A);
  out.active.resize(net.hidden_count());
  out.lo.assign(L, 0.0f);
  out.hi.assign(L, 0.0f);
  for (int l = 0; l < L; ++l) {
    if (out.value[l].size()) {
      out.lo[l] = out.value[l].minCoeff();
      out.hi[l] = out.value[l].maxCoeff();
    }
    if (l + 1 == L) break;
    const Layer& layer = net.layers[l];
    const bool exact = activation_info(layer.activation).exact_zeros;
    MatrixR& mask = out.active[l];
    mask.resize(layer.out(), n);
    for (int u = 0; u < layer.out(); ++u) {
      const float slope = layer.slope.size() ? layer.slope[u] : prelu_init_slope;
      for (int s = 0; s < n; ++s)
        mask(u, s) =
            (exact ? out.value[l](u, s) != 0.0f : is_active(layer.activation, f.Z[l](u, s), slope))
                ? 1.0f
                : 0.0f;
    }
  }
}

}  // namespace relulab
