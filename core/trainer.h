// trainer.h: minibatch training with instruments, driven by a work budget.
//
// The platform loop hands work in (`step(trainer, steps)`) and reads plain data out (`stats()`),
// as floooh's chips emulators do with time: the core has no clock. A step that produces a
// non-finite loss, gradient or weight is rolled back: the trainer keeps the last finite weights,
// sets `diverged` with the step and cause, and refuses further steps until reset or resume.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "config.h"
#include "dataset.h"
#include "metrics.h"
#include "network.h"

namespace relulab {

struct OptimizerState {
  std::vector<MatrixR> mW, vW;
  std::vector<Vector> mb, vb, ms, vs;
  long t = 0;
};

struct Trainer {
  Config config;
  Dataset data;
  Network net;
  OptimizerState opt;
  std::uint64_t rng_state = 0;   // minibatch shuffling
  long step_count = 0;           // minibatch steps taken
  long samples_seen = 0;
  std::vector<int> order;        // shuffled training indices; an epoch is one pass
  int order_pos = 0;
  bool diverged = false;
  std::string divergence;        // "step 1234: loss is NaN" etc.
  Stats stats;                   // last measured instruments
  History history;               // bounded per-step series for plots
  // scratch, reused between calls
  MatrixR Xb, Yb;
  Forward fwd;
  Gradients grad;
};

// Builds data, network and optimiser from the config. Returns an error message (and leaves *out
// untouched) if the config is invalid.
std::string make_trainer(const Config& c, Trainer* out);
// Same, but with a given data set (CSV import, hand-edited points).
std::string make_trainer(const Config& c, Dataset data, Trainer* out);

// Runs up to `steps` minibatch steps. Returns the number taken (less than asked when it diverged).
int train_steps(Trainer& t, int steps);

// Recomputes the instruments (loss/accuracy on train and test, per-unit activity, gradients on the
// full training set, paths, histograms) into t.stats and appends to t.history.
void measure(Trainer& t);

// Training parameters that may change between steps without a reset (learning rate, batch size,
// optimiser, penalties). Switching optimiser clears its moment buffers.
void set_train_spec(Trainer& t, const TrainSpec& s);

// Re-initialises weights (same data) with the network seed; clears divergence and history.
void reset(Trainer& t);

double epoch(const Trainer& t);  // samples_seen / train size

}  // namespace relulab
