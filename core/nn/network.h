// network.h: the multilayer perceptron, its initialisation, forward and backward passes.
//
// Columns are samples: an input block X is (inputs, n), a layer's pre-activation Z and activation A
// are (units, n), stored row-major so that one unit's values over the batch are contiguous (the
// SIMD kernels vectorise over samples). Forward caches what backward needs (Z and A per layer);
// backward fills gradient buffers whose names carry a `d` prefix, as in karpathy/llm.c.
//
// The last layer is the output layer (1 unit, or `classes` units for softmax); its nonlinearity and
// loss are applied together by loss.h. Hidden layers hold their own activation.
#pragma once

#include <cstdint>
#include <vector>

#include <Eigen/Core>

#include "io/config.h"
#include "nn/activation.h"

namespace relulab {

using MatrixR = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using Vector = Eigen::VectorXf;

struct Layer {
  Activation activation = Activation::linear;  // output layer: linear (the loss applies its link)
  MatrixR W;                                   // (out, in)
  Vector b;                                    // (out)
  Vector slope;                                // (out) PReLU slopes; empty for other activations
  int in() const { return static_cast<int>(W.cols()); }
  int out() const { return static_cast<int>(W.rows()); }
};

struct Network {
  NetworkSpec spec;
  int classes = 2;
  std::vector<Layer> layers;  // hidden layers, then the output layer
  int hidden_count() const { return static_cast<int>(layers.size()) - 1; }
};

// Builds and initialises a network for `spec` (seeded by spec.seed). `classes` sets the output width
// for softmax (else 1).
Network make_network(const NetworkSpec& spec, int classes);

// Re-draws all weights from the spec's init scheme and seed.
void initialise(Network& net, std::uint64_t seed);

// Feature expansion: fills X (inputs, n) from raw coordinates per the feature mask.
void expand_features(unsigned features, const float* x1, const float* x2, int n, MatrixR& X);

// Forward cache. Z[l], A[l]: (units_l, n). A.back() is the output layer's pre-link value (= Z).
struct Forward {
  std::vector<MatrixR> Z, A;
};
void forward(const Network& net, const MatrixR& X, Forward& f);

// Gradients with the same shapes as the network's parameters, plus dL/dZ per layer.
struct Gradients {
  std::vector<MatrixR> dW;
  std::vector<Vector> db;
  std::vector<Vector> dslope;
  std::vector<MatrixR> dZ;  // (units_l, n)
  MatrixR Wt;               // scratch: a layer's W transposed
};

// Backward pass from dL/dZ of the output layer (given by the loss). Adds the L1 activation penalty
// `activation_l1 * sum|A|/n` over hidden layers when non-zero. Weight penalties are applied by the
// optimiser, not here.
void backward(const Network& net, const MatrixR& X, const Forward& f, const MatrixR& dZ_out,
              float activation_l1, Gradients& g);

// Output of the network at points (features expanded internally). out: (outputs, n) after the
// output link (tanh / sigmoid / softmax / identity).
void predict(const Network& net, const float* x1, const float* x2, int n, MatrixR& out);

// Sign-flip reparameterisation (docs/science.md claim 3): maps a network whose hidden layers use ReLU
// into the exactly equivalent network whose hidden layers use `variant` (relu_neg, neg_relu,
// neg_relu_neg, or relu for the inverse). relu(-x): negate the layer's incoming weights and bias;
// -relu(x): negate the layer's outgoing weights (the next layer's columns); both for -relu(-x).
// Only layers whose activation belongs to the ReLU family are mapped.
void mirror_map(Network& net, Activation variant);

bool all_finite(const Network& net);
int parameter_count(const Network& net);

}  // namespace relulab
