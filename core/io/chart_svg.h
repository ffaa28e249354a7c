// chart_svg.h: experiment charts written as a standalone SVG document (plain text, no libraries).
//
// Each Chart becomes one panel with axes, "nice" ticks (1-2-5 steps, or decades on a log axis),
// axis labels, a title, a legend, lines with point markers, translucent bands for the spread, and
// grouped bars for categorical charts. Panels are laid out `columns` to a row under a figure title.
// The UI draws the same Series with ImGui; this is what the CLI writes next to the CSV.
#pragma once

#include <string>
#include <vector>

#include "experiments/experiments.h"

namespace relulab {

std::string chart_svg(const std::vector<Chart>& charts, const std::string& title, int columns = 2);

// Tick positions for an axis spanning [lo, hi]: 1-2-5 steps (about `target` of them) on a linear
// axis, powers of ten (and 2x, 5x when few decades) on a log axis (lo > 0). Exposed for tests.
std::vector<double> axis_ticks(double lo, double hi, bool log_scale, int target = 6);

}  // namespace relulab
