// fused_step.h: one minibatch's loss and gradients in a single pass over sample tiles.
//
// The same quantities as forward() + loss_sum() + backward() (network.h, loss.h), which stay the
// reference: for each tile of 16 to 64 samples the inputs are gathered from the training set through
// the minibatch's indices, every layer's activations stay in small L1-resident tile buffers, the
// loss gives dL/dZ of the output on the tile, and the backward pass accumulates dW, db and the PReLU
// slope gradients across tiles. Results equal the reference up to float rounding (sums run in a
// different order); ReLU and its mirrored variants share one arithmetic with sign factors, so the
// mirror reparameterisation stays exact, and NaN propagates to the loss or the gradient.
#pragma once

#include "nn/network.h"

namespace relulab {

// Hidden widths up to this many units take the fused path (wider nets gain little from tiling).
constexpr int max_fused_units = 64;

// Whether fused_loss_gradients handles this network: at least one hidden layer, hidden widths
// 1..max_fused_units; every activation, output and feature set is covered.
bool fused_step_covers(const Network& net);

// Whether the trainer should take the fused pass for this net: where it covers the net and is
// measured faster than the layer-by-layer pass (fused_step.cpp has the numbers): when the widest
// hidden layer has more than 4 units, and under WebAssembly SIMD128 at most 16.
bool fused_step_preferred(const Network& net);

// Minibatch X(:, idx[s]), labels y[idx[s]] for s < n (X: (inputs, N) row-major, the trainer's
// expanded training set). Fills g.dW, g.db, g.dslope with the gradient of
//   mean loss + activation_l1 * sum|A_hidden| / n
// (the objective of backward() with dZ_out from loss_sum at grad_scale 1/n; g.dZ is not filled)
// and returns the SUM of the per-sample losses, as loss_sum does. Requires fused_step_covers(net)
// and n >= 1.
double fused_loss_gradients(const Network& net, const MatrixR& X, const float* y, const int* idx,
                            int n, float activation_l1, Gradients& g);

}  // namespace relulab
