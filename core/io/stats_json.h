// stats_json.h: the instruments' per-layer statistics as JSON, one spelling for every reader (the
// CLI's --json reports and the page's state()).
#pragma once

#include <nlohmann/json.hpp>

#include "instruments/metrics.h"
#include "nn/network.h"

namespace relulab {

// One object per hidden layer l of `s` (net's hidden layers), keys in this order:
//   layer (1-based), units, activation (its table name), counts_exact_zeros (true for the ReLU
//   family; otherwise "active" is a threshold, metrics.h), active_fraction, zero_fraction,
//   mean_abs_activation, dead_units, always_on_units, grad_norm_z (||dL/dZ||_F), grad_norm_w
//   (||dL/dW||_F).
// A non-finite value (a diverged run) is written as null, as nlohmann writes NaN.
nlohmann::ordered_json layer_stats_json(const Network& net, const Stats& s);

}  // namespace relulab
