// grid.h: the network evaluated over a W x H grid of the input plane, and linear regions.
//
// The CPU twin of the fragment shader: the CLI, PNG export, the experiments and the shader
// agreement test read these fields. Two evaluators compute them:
//   sweep  (grid_sweep.cpp) for networks whose hidden units are piecewise linear (ReLU family,
//          leaky ReLU, PReLU, linear): along a grid row every pre-activation is affine in the
//          column, so the row splits into runs of fixed activation pattern, inside which the output
//          is one affine function; a 256-cell row needs a few dozen affine pieces, not 256 forward
//          passes. Used where it applies (grid_sweep_axis() says), else dense.
//   dense  (grid.cpp) the same SIMD forward pass as training over cache-sized tiles of cells.
// Both agree to float rounding: a cell's activation pattern can differ only where some unit's
// pre-activation is within rounding of 0 (tests/unit/test_grid_sweep.cpp states the bounds).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "nn/network.h"

namespace relulab {

struct GridSpec {
  float x0 = -6, x1 = 6, y0 = -6, y1 = 6;  // domain; cell centres are sampled
  int width = 256, height = 256;           // row 0 is y1 (top), as an image
};

// A rectangle of the input plane, as a plot shows it; the default is the data sets' square.
struct PlaneDomain {
  float x0 = -6, x1 = 6, y0 = -6, y1 = 6;
};

// The width x height grid over domain d.
GridSpec grid_over(const PlaneDomain& d, int width, int height);

// Largest grid side accepted (16.7 M cells, 64 MiB of floats at the limit).
constexpr int max_grid_side = 4096;

// Empty when `g` can be evaluated, else what is wrong ("grid width 0 is outside 1..4096",
// "grid domain x0 is not finite").
std::string grid_spec_error(const GridSpec& g);

enum class GridField {
  output,      // network output after the link; for softmax, the predicted class index
  unit_value,  // activation of (layer, unit)
  unit_mask,   // 1 where (layer, unit) is active, else 0
};

enum class GridMethod {
  sweep,  // the scanline sweep where grid_sweep_axis() is not none, dense elsewhere
  dense,  // always the dense forward pass (reference for tests and the benchmark)
};

// Direction of the sweep for this network and grid: rows (x1 varies along a line; needs no x1^2 or
// sin x1 feature), columns (x2 varies; no x2^2 or sin x2), or none (both kinds of feature, a smooth
// hidden activation, a non-finite parameter or domain, or pre-activations that could leave the
// float range over the domain).
enum class GridSweep { none, rows, columns };
GridSweep grid_sweep_axis(const Network& net, const GridSpec& g);

// values: width*height floats, row-major from the top row. Returns false (values empty) when
// grid_spec_error(g) is not empty. An out-of-range (layer, unit) gives all zeros.
bool eval_grid(const Network& net, const GridSpec& g, GridField field, int layer, int unit,
               std::vector<float>& values, GridMethod method = GridMethod::sweep);

// Activation pattern of every hidden unit per cell, hashed to 64 bits; equal hash = same linear
// region (collisions are negligible at 64 bits for grid sizes here). Both methods hash the same
// pattern to the same value. Returns false (pattern empty) on a bad spec.
bool eval_patterns(const Network& net, const GridSpec& g, std::vector<std::uint64_t>& pattern,
                   GridMethod method = GridMethod::sweep);

// Number of distinct activation patterns over the grid (0 on a bad spec).
int count_regions(const Network& net, const GridSpec& g, GridMethod method = GridMethod::sweep);

// Upper bound on regions an arrangement of k lines in the plane can make: 1 + k + k(k-1)/2.
long line_arrangement_bound(int k);

}  // namespace relulab
