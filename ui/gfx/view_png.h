// view_png.h: the main view drawn on the CPU (core's grid evaluators) with the data points on top,
// as PNG bytes: the "Export PNG" action. Same colours as the shader (gfx/colours.h).
#pragma once

#include <vector>

#include "app.h"

namespace relulab {

// The current main view (boundary, linear regions or a unit's map) as a PNG, `size` pixels a side.
std::vector<unsigned char> render_view_png(const AppState& s, int size);

}  // namespace relulab
