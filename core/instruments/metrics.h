// metrics.h: the ReLU instruments, computed from a full pass over a data set.
//
// "Active" follows is_active() in activation.h: exact non-zero output for the ReLU family, the
// positive side of the kink for the other piecewise-linear units, |phi(z)| >= smooth_active_eps for
// smooth ones (the UI labels that case as a threshold, not exact zeros).
#pragma once

#include <cstdint>
#include <vector>

#include "nn/network.h"

namespace relulab {

struct Histogram {
  float lo = -4, hi = 4;      // bin range; values outside land in the end bins
  std::vector<float> counts;  // fraction of samples per bin (sums to 1)
};

struct LayerStats {
  int units = 0;
  bool exact_zeros = false;   // counts exact zeros (ReLU family) or a threshold (smooth)
  float active_fraction = 0;  // mean over units and samples of is_active
  float zero_fraction = 0;    // exact zeros (0 for smooth activations)
  float mean_abs_activation = 0;
  int dead_units = 0;                       // inactive on every sample of the data
  int always_on_units = 0;                  // active on every sample
  float grad_norm_z = 0;                    // || dL/dZ ||_F of this layer, mean loss over the data
  float grad_norm_w = 0;                    // || dL/dW ||_F
  std::vector<float> unit_active_fraction;  // per unit
  std::vector<std::uint8_t> unit_dead, unit_always_on;
  Histogram preactivation;
};

struct Stats {
  long step = 0;
  double epoch = 0;
  float loss_train = 0, loss_test = 0;
  float accuracy_train = 0, accuracy_test = 0;  // for regression: 0
  std::vector<LayerStats> layers;               // hidden layers only
  float active_path_fraction = 0;  // mean over samples of (#active input->output paths / #paths)
  std::vector<int> confusion;      // classes x classes, row = true class, column = predicted (test)
  int classes = 2;
};

// Bounded time series for the plots (at most `capacity` points; older ones are thinned by half
// when full, so memory stays constant on long runs).
struct History {
  int capacity = 2048;
  std::vector<double> epoch;
  std::vector<float> loss_train, loss_test, accuracy_train, accuracy_test;
  std::vector<std::vector<float>> active_fraction;  // [layer][t]
  std::vector<std::vector<float>> grad_norm_z;      // [layer][t]
  int stride = 1;   // keeps every stride-th pushed point; doubles at each thinning
  long pushes = 0;  // points offered since clear()
  void clear();
  void push(const Stats& s);
};

// Per-layer activity over a data set, accumulated chunk by chunk of a forward pass: fills the
// activity fields of LayerStats (active/zero fractions, mean |a|, dead / always-on units,
// pre-activation histogram) and the active path fraction. Gradient norms are left to the caller.
struct ActivityAccumulator {
  int histogram_bins = 32;
  long samples = 0;
  double path_sum = 0;
  std::vector<std::vector<long>> unit_active;  // [layer][unit] samples on which the unit is active
  std::vector<std::vector<double>> abs_sum;    // [layer][unit] sum |a|
  std::vector<long> zeros;                     // [layer] exact zeros
  std::vector<std::vector<long>> bins;         // [layer][bin]
  std::vector<float> path_scratch;
  void begin(const Network& net);
  void add(const Network& net, const Forward& f);  // f over one chunk of samples
  void finish(const Network& net, Stats& out) const;
};

}  // namespace relulab
