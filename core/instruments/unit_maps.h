// unit_maps.h: every unit's output over a small grid of the plane, for the network diagram.
//
// The diagram draws each unit as a thumbnail of its activation h_u(x) over the input domain (as the
// TensorFlow Playground does), or of its on/off mask. One forward pass over the grid's cells gives
// all of them at once: A[l] row u is unit (l, u)'s map. Cells are ordered as in grid.h (row-major
// from the top row, cell centres).
#pragma once

#include <vector>

#include "instruments/grid.h"
#include "nn/network.h"

namespace relulab {

struct UnitMaps {
  GridSpec grid;
  std::vector<MatrixR> value;   // [layer] (units_l, width*height); output layer after its link
  std::vector<MatrixR> active;  // [hidden layer] (units_l, width*height): 1 where is_active, else 0
  std::vector<float> lo,
      hi;  // [layer] value range over the layer's units (for a shared colour scale)
};

void eval_unit_maps(const Network& net, const GridSpec& g, UnitMaps& out);

}  // namespace relulab
