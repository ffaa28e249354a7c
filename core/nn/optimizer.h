// optimizer.h: SGD, momentum and Adam updates with L1 / L2 weight penalties.
//
// The penalties act on weights only (not biases, not PReLU slopes): the gradient used is
//   g = dL/dW + l1 sign(W) + l2 W          (penalty l1 |W|_1 + l2/2 |W|^2)
// and then
//   sgd       W -= lr g
//   momentum  m = mu m + g;  W -= lr m                                   (heavy ball)
//   adam      m = b1 m + (1-b1) g;  v = b2 v + (1-b2) g^2;
//             W -= lr (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)     (Kingma & Ba 2015)
// Learning rate, penalties and betas are read at every step, so they can change between steps.
#pragma once

#include <vector>

#include "io/config.h"
#include "nn/network.h"

namespace relulab {

struct OptimizerState {
  std::vector<MatrixR> mW, vW;
  std::vector<Vector> mb, vb, ms, vs;
  long t = 0;
  double beta1_power = 1, beta2_power = 1;  // b1^t, b2^t as running products (no pow())
};

// Zeroes the moment buffers, sized for `net`.
void optimizer_reset(OptimizerState& s, const Network& net);

// One update of all parameters of `net` from gradients `g` (dW, db, dslope).
void optimizer_step(const TrainSpec& spec, OptimizerState& s, Network& net, const Gradients& g);

// The same update out of place: reads the parameters of `from`, writes all parameters of `to`
// (which must have from's layer shapes; it may be `from` itself). The trainer updates into its
// rollback copy and swaps, instead of copying the weights before every step. Returns whether all
// parameters written are finite (all_finite(to) without a second pass).
bool optimizer_step(const TrainSpec& spec, OptimizerState& s, const Network& from, Network& to,
                    const Gradients& g);

// True when none of the n values is infinite or NaN (one vectorised pass); for gradients, all of
// dW, db and dslope.
bool all_finite(const float* x, long n);
bool all_finite(const Gradients& g);

}  // namespace relulab
