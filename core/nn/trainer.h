// trainer.h: minibatch training with instruments, driven by a work budget.
//
// The platform loop hands work in (`train_steps(trainer, steps)`) and reads plain data out (the
// `stats` and `history` members, refreshed by `measure(trainer)`), as floooh's chips emulators do
// with time: the core has no clock. A step that produces a
// non-finite loss, gradient or weight is rolled back: the trainer keeps the last finite weights,
// sets `diverged` with the step and cause, and refuses further steps until reset or resume.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "data/dataset.h"
#include "instruments/metrics.h"
#include "io/config.h"
#include "nn/network.h"
#include "nn/optimizer.h"  // OptimizerState

namespace relulab {

struct Trainer {
  Config config;
  Dataset data;
  Network net;
  OptimizerState opt;
  std::uint64_t rng_state = 0;  // minibatch shuffling
  long step_count = 0;          // minibatch steps taken
  long samples_seen = 0;
  std::vector<int> order;  // shuffled training indices; an epoch is one pass
  int order_pos = 0;
  bool diverged = false;
  std::string divergence;  // "step 1234: loss is NaN" etc.
  Stats stats;             // last measured instruments
  History history;         // bounded per-step series for plots
  float last_loss = 0;     // mean data loss of the last minibatch
  // expanded features (inputs, n) and labels of data.train / data.test; refresh_data() rebuilds
  // them after `data` is edited (train_steps and measure also do when the point counts changed)
  MatrixR X_train, X_test;
  std::vector<float> y_train, y_test;
  // scratch, reused between calls
  MatrixR Xb, Yb, dZ_out;
  Forward fwd;
  Gradients grad;
  // Rollback: the weights before the last kept step's update (valid when has_last_good, with that
  // step's batch size), restored when the weights it produced give a non-finite loss or gradient.
  Network last_good;
  bool has_last_good = false;
  int last_batch = 0;
};

// Builds data, network and optimiser from the config. Returns an error message (and leaves *out
// untouched) if the config is invalid.
std::string make_trainer(const Config& c, Trainer* out);
// Same, but with a given data set (CSV import, hand-edited points).
std::string make_trainer(const Config& c, Dataset data, Trainer* out);

// Runs up to `steps` minibatch steps. Returns the number taken and kept in this call (less than asked
// when it diverged; a step undone by the divergence rule below is not counted).
// Divergence rule: step k's update is kept only if its weights are finite and step k+1's loss and
// gradient on its minibatch are finite. When step k+1 finds a non-finite loss or gradient, step k
// is undone as well (the weights that caused it are the ones it produced) and the message names
// step k; a non-finite weight after step k's update names step k. So the kept weights are always
// ones that gave a finite loss and gradient, and `step_count` counts only kept steps.
int train_steps(Trainer& t, int steps);

// Recomputes the instruments (loss/accuracy on train and test, per-unit activity, gradients on the
// full training set, paths, histograms) into t.stats and appends to t.history.
void measure(Trainer& t);

// Training parameters that may change between steps without a reset (learning rate, batch size,
// optimiser, penalties). Switching optimiser clears its moment buffers.
// Returns an error message (and changes nothing) when `s` is invalid.
std::string set_train_spec(Trainer& t, const TrainSpec& s);

// Rebuilds the cached features and labels after t.data was edited (add_point, remove_nearest).
void refresh_data(Trainer& t);

// Clears a divergence and keeps the rolled-back weights (optimiser moments are cleared).
void resume(Trainer& t);

// Re-initialises weights (same data) with the network seed; clears divergence and history.
void reset(Trainer& t);

double epoch(const Trainer& t);  // samples_seen / train size

}  // namespace relulab
