// grid.cpp: the network over a grid of the input plane, in tiles of rows, and its linear regions.
//
// The dense evaluator, and the dispatch to the scanline sweep (grid_sweep.cpp) where it applies.
// Dense: a tile of up to `tile_cells` cell centres is expanded to features and pushed through the
// same SIMD forward pass as training (kernels.h); the hidden activations of one tile fit in L2.
// Linear regions: inside one activation pattern (which hidden units are active) a piecewise-linear
// network is affine, so distinct patterns over the grid count the regions the grid resolves. One
// hidden layer of k units cuts the plane with k lines, at most 1 + k + k(k-1)/2 regions.
#include "instruments/grid.h"

#include <algorithm>
#include <cmath>

#include "instruments/grid_sweep.h"
#include "nn/kernels.h"
#include "nn/loss.h"

namespace relulab {

namespace {

constexpr int tile_cells = 1024;

// Runs f(first_cell, n, forward) for each tile; cells are numbered row-major from the top row.
template <class F>
void for_each_tile(const Network& net, const GridSpec& g, F&& f) {
  const long total = static_cast<long>(g.width) * g.height;
  const float dx = (g.x1 - g.x0) / g.width, dy = (g.y1 - g.y0) / g.height;
  std::vector<float> x1(tile_cells), x2(tile_cells);
  MatrixR X;
  Forward fwd;
  for (long first = 0; first < total; first += tile_cells) {
    const int n = static_cast<int>(std::min<long>(tile_cells, total - first));
    for (int i = 0; i < n; ++i) {
      const long cell = first + i;
      const int row = static_cast<int>(cell / g.width), col = static_cast<int>(cell % g.width);
      x1[i] = g.x0 + (col + 0.5f) * dx;
      x2[i] = g.y1 - (row + 0.5f) * dy;
    }
    expand_features(net.spec.features, x1.data(), x2.data(), n, X);
    forward(net, X, fwd);
    f(first, n, fwd);
  }
}

bool use_sweep(const Network& net, const GridSpec& g, GridMethod method, GridSweep* axis) {
  *axis = method == GridMethod::sweep ? grid_sweep_axis(net, g) : GridSweep::none;
  return *axis != GridSweep::none;
}

}  // namespace

GridSpec grid_over(const PlaneDomain& d, int width, int height) {
  GridSpec g;
  g.x0 = d.x0;
  g.x1 = d.x1;
  g.y0 = d.y0;
  g.y1 = d.y1;
  g.width = width;
  g.height = height;
  return g;
}

std::string grid_spec_error(const GridSpec& g) {
  const std::string range = " is outside 1.." + std::to_string(max_grid_side);
  if (g.width < 1 || g.width > max_grid_side)
    return "grid width " + std::to_string(g.width) + range;
  if (g.height < 1 || g.height > max_grid_side)
    return "grid height " + std::to_string(g.height) + range;
  const char* names[] = {"x0", "x1", "y0", "y1"};
  const float bounds[] = {g.x0, g.x1, g.y0, g.y1};
  for (int i = 0; i < 4; ++i)
    if (!std::isfinite(bounds[i])) return std::string("grid domain ") + names[i] + " is not finite";
  return {};
}

bool eval_grid(const Network& net, const GridSpec& g, GridField field, int layer, int unit,
               std::vector<float>& values, GridMethod method) {
  if (!grid_spec_error(g).empty()) {
    values.clear();
    return false;
  }
  const size_t cells = static_cast<size_t>(g.width) * g.height;
  if (field != GridField::output && (layer < 0 || layer >= static_cast<int>(net.layers.size()) ||
                                     unit < 0 || unit >= net.layers[layer].out())) {
    values.assign(cells, 0.0f);
    return true;
  }
  values.resize(cells);  // every cell is written below
  GridSweep axis;
  if (use_sweep(net, g, method, &axis)) {
    sweep_field(net, g, axis, field, layer, unit, values.data());
    return true;
  }
  const Output output = net.spec.output;
  MatrixR out;
  for_each_tile(net, g, [&](long first, int n, const Forward& f) {
    float* v = values.data() + first;
    if (field == GridField::output) {
      out = f.A.back();
      if (output == Output::softmax_ce) {
        for (int s = 0; s < n; ++s) v[s] = static_cast<float>(predicted_class(output, out, s));
      } else {
        apply_link(output, out);
        for (int s = 0; s < n; ++s) v[s] = out(0, s);
      }
      return;
    }
    const Layer& L = net.layers[layer];
    const float* a = f.A[layer].row(unit).data();
    const float* z = f.Z[layer].row(unit).data();
    if (field == GridField::unit_value) {
      std::copy(a, a + n, v);
    } else {
      const ActiveRule rule = active_rule(L.activation);
      for (int s = 0; s < n; ++s) v[s] = active_at(rule, z[s], a[s]) ? 1.0f : 0.0f;
    }
  });
  return true;
}

bool eval_patterns(const Network& net, const GridSpec& g, std::vector<std::uint64_t>& pattern,
                   GridMethod method) {
  if (!grid_spec_error(g).empty()) {
    pattern.clear();
    return false;
  }
  pattern.resize(static_cast<size_t>(g.width) * g.height);  // every cell is written below
  GridSweep axis;
  if (use_sweep(net, g, method, &axis)) {
    sweep_patterns(net, g, axis, pattern.data(), nullptr);
    return true;
  }
  std::vector<std::uint64_t> word;
  for_each_tile(net, g, [&](long first, int n, const Forward& f) {
    std::uint64_t* h = pattern.data() + first;
    std::fill(h, h + n, pattern_hash_seed);
    word.assign(n, 0);
    int bit = 0;
    // pack active bits 64 units at a time, folding each full word into the hash
    auto fold = [&] {
      for (int s = 0; s < n; ++s) h[s] = fold_pattern_word(h[s], word[s]);
      std::fill(word.begin(), word.end(), 0);
      bit = 0;
    };
    for (int l = 0; l < net.hidden_count(); ++l) {
      const Layer& L = net.layers[l];
      const ActiveRule rule = active_rule(L.activation);
      for (int u = 0; u < L.out(); ++u) {
        const float* a = f.A[l].row(u).data();
        const float* z = f.Z[l].row(u).data();
        const std::uint64_t mask = 1ull << bit;
        for (int s = 0; s < n; ++s)
          if (active_at(rule, z[s], a[s])) word[s] |= mask;
        if (++bit == 64) fold();
      }
    }
    if (bit > 0) fold();
  });
  return true;
}

int count_regions(const Network& net, const GridSpec& g, GridMethod method) {
  std::vector<std::uint64_t> pattern;
  GridSweep axis;
  if (!grid_spec_error(g).empty()) return 0;
  if (use_sweep(net, g, method, &axis))
    sweep_patterns(net, g, axis, nullptr, &pattern);  // one hash per run of equal patterns
  else
    eval_patterns(net, g, pattern, GridMethod::dense);
  std::sort(pattern.begin(), pattern.end());
  return static_cast<int>(std::unique(pattern.begin(), pattern.end()) - pattern.begin());
}

long line_arrangement_bound(int k) {
  const long kk = k;
  return 1 + kk + kk * (kk - 1) / 2;
}

}  // namespace relulab
