// race.h: two to four copies of one network, same data, same initial weights, same minibatches,
// different hidden activations, trained in lockstep so their curves can be compared step for step.
//
// Every lane is a full Trainer built from the base config with all hidden layers switched to the
// lane's activation. The weights and biases of lane 0 after initialisation are copied into every
// other lane (the shapes agree: only activations differ), and every lane shuffles its minibatches
// from the same seed, so step k sees the same samples in every lane. A lane that diverges stops;
// the others go on.
#pragma once

#include <string>
#include <vector>

#include "nn/trainer.h"

namespace relulab {

constexpr int min_race_lanes = 2, max_race_lanes = 4;

struct Race {
  Config base;
  std::vector<Activation> activations;  // one per lane
  std::vector<Trainer> lanes;
};

// Returns an error (2..4 activations required; the base config must be valid) and leaves *out
// untouched, or "". `data` is shared by all lanes (copied into each).
std::string make_race(const Config& base, const Dataset& data, const std::vector<Activation>& acts,
                      Race* out);

// `steps` minibatch steps in every lane that has not diverged. Returns the steps of the slowest lane.
int race_steps(Race& r, int steps);

// measure() in every lane.
void race_measure(Race& r);

// Same training parameters in every lane (learning rate, batch, optimiser, penalties).
std::string race_set_train_spec(Race& r, const TrainSpec& s);

// Re-initialises every lane to the shared initial weights.
void race_reset(Race& r);

}  // namespace relulab
