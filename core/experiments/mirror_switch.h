// mirror_switch.h: switching a running trainer's ReLU layers to a mirrored variant mid-run, so that
// training continues on exactly the same trajectory (docs/science.md claim 3).
//
// mirror_map (network.h) re-parameterises the weights by sign flips. For the run to continue
// unchanged the optimiser state must follow the same flips: a first moment (momentum, Adam's m) is
// linear in the gradient, which flips sign with its parameter; Adam's second moment v is a square
// and does not change. The data, minibatch order and history are kept, so the loss curve continues
// without a visible seam (bit-identical in float: negation is exact).
#pragma once

#include "nn/trainer.h"

namespace relulab {

// Maps every hidden layer of the ReLU family to `variant` (relu, relu_neg, neg_relu, neg_relu_neg),
// with its weights, the optimiser's moments, the rollback copy, and the config's activations.
// Returns false (and changes nothing) when `variant` is not of the ReLU family.
bool mirror_switch(Trainer& t, Activation variant);

}  // namespace relulab
