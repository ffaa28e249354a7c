// loss.h: output links and losses, each with dL/dZ of the output layer's pre-activation.
//
// The output layer is linear; its link (tanh, sigmoid, softmax, identity) and the loss are applied
// together so the gradient is the simple, stable closed form:
//   tanh_mse     p = tanh(z), t = +-1 (labels 0/1 map to -1/+1), L = (p - t)^2 / 2,
//                dL/dz = (p - t)(1 - p^2)                                    (the Playground's setup)
//   sigmoid_bce  L = softplus(z) - y z = max(z, 0) - y z + log1p(e^-|z|),  dL/dz = sigmoid(z) - y
//   softmax_ce   L = logsumexp(z) - z_y (max subtracted first),            dL/dz = softmax(z) - e_y
//   linear_mse   L = (z - y)^2 / 2,                                         dL/dz = z - y
#pragma once

#include <vector>

#include "io/config.h"
#include "nn/network.h"

namespace relulab {

// Applies the output link in place: Z (outputs, n) becomes the network's prediction.
void apply_link(Output o, MatrixR& Z);

// Predicted class of sample s from the pre-link output Z (outputs, n); -1 for regression.
int predicted_class(Output o, const MatrixR& Z, int s);

// Per-sample losses over Z (outputs, n) against labels y (n). Returns the SUM of the losses; when
// dZ is given, fills it (outputs, n) with grad_scale * dL_s/dZ (grad_scale = 1/n gives the gradient
// of the mean). When correct is given, adds the number of correctly classified samples; when
// confusion is given (classes x classes, row = true class), adds to it.
double loss_sum(Output o, const MatrixR& Z, const float* y, float grad_scale, MatrixR* dZ,
                long* correct = nullptr, std::vector<int>* confusion = nullptr, int classes = 2);

}  // namespace relulab
