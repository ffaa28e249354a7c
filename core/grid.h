// grid.h: the network evaluated over a W x H grid of the input plane, and linear regions.
//
// The CPU twin of the fragment shader: the CLI, PNG export, the experiments and the shader
// agreement test read these fields. Work proceeds in cache-sized tiles of rows so that all layer
// activations of a tile stay in L1/L2.
#pragma once

#include <cstdint>
#include <vector>

#include "network.h"

namespace relulab {

struct GridSpec {
  float x0 = -6, x1 = 6, y0 = -6, y1 = 6;  // domain; cell centres are sampled
  int width = 256, height = 256;           // row 0 is y1 (top), as an image
};

enum class GridField {
  output,       // network output after the link; for softmax, the predicted class index
  unit_value,   // activation of (layer, unit)
  unit_mask,    // 1 where (layer, unit) is active, else 0
};

// values: width*height floats, row-major from the top row.
void eval_grid(const Network& net, const GridSpec& g, GridField field, int layer, int unit,
               std::vector<float>& values);

// Activation pattern of every hidden unit per cell, hashed to 64 bits; equal hash = same linear
// region (collisions are negligible at 64 bits for grid sizes here).
void eval_patterns(const Network& net, const GridSpec& g, std::vector<std::uint64_t>& pattern);

// Number of distinct activation patterns over the grid.
int count_regions(const Network& net, const GridSpec& g);

// Upper bound on regions an arrangement of k lines in the plane can make: 1 + k + k(k-1)/2.
long line_arrangement_bound(int k);

}  // namespace relulab
