// experiment_common.h: what the five experiment files share (internal to core, not a contract).
//
// Each experiment_*.cpp defines one `build_*` that resolves the run's sizes, allocates its shared
// accumulator state, and fills the run's task list and finish step. The helpers here resolve
// defaults, sample the input domain, summarise seeds and format numbers for verdict lines.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "experiments/experiments.h"
#include "io/config.h"
#include "nn/network.h"

namespace relulab {

void build_sparsity(ExperimentRun& run);
void build_depth(ExperimentRun& run);
void build_mirror(ExperimentRun& run);
void build_gradients(ExperimentRun& run);
void build_regions(ExperimentRun& run);

// Option value if given (non-zero), else the quick or the full default.
inline int pick(int given, bool quick, int full_default, int quick_default) {
  return given > 0 ? given : (quick ? quick_default : full_default);
}

// Cell centres of a side x side grid over the data domain [-6, 6]^2, expanded to network inputs.
void domain_inputs(unsigned features, int side, MatrixR& X);

// A two-class configuration on `kind` with `layers` hidden layers of `width` units of `act`.
Config experiment_config(DataKind kind, int layers, int width, Activation act, std::uint64_t seed);

// Number formatting for verdict lines: "0.503", "50.3%", "2.4e-04".
std::string fmt_num(double v, int significant = 3);
std::string fmt_pct(double fraction, int decimals = 1);

}  // namespace relulab
