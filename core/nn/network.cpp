// network.cpp: building, initialising, and running the MLP forward and backward.
//
// This is the readable reference: one layer at a time, each step below written as its formula.
// The fused SIMD training step (fused_step.h, fused_simd.inc) computes the same loss and gradients
// in one pass over sample tiles, and tests/unit/test_fused_step.cpp checks it against forward() +
// loss_sum() + backward() here, for every activation, output, width and batch tail.
//
// Forward, per layer l (A_{-1} = X):   Z_l = W_l A_{l-1} + b_l,   A_l = phi_l(Z_l)
// Backward, from dZ_L given by the loss:
//   dW_l = dZ_l A_{l-1}^T,  db_l = dZ_l 1,  dA_{l-1} = W_l^T dZ_l (+ l1_act sign(A_{l-1}) / n),
//   dZ_{l-1} = dA_{l-1} * phi'(Z_{l-1}),  dslope_{l-1} = sum_s dA_{l-1} min(Z_{l-1}, 0)  (PReLU)
// Initialisation (fan_in = in, fan_out = out of the layer):
//   He normal N(0, 2/fan_in), He uniform U(+-sqrt(6/fan_in))            (He et al. 2015)
//   Xavier normal N(0, 2/(fan_in+fan_out)), Xavier uniform U(+-sqrt(6/(fan_in+fan_out)))
//                                                                       (Glorot & Bengio 2010)
//   Playground U(-0.5, 0.5)                                             (tensorflow/playground nn.ts)
// drawn from the portable Rng in random.h, so a seed gives the same weights natively and in wasm.
#include "nn/network.h"

#include <cmath>

#include "nn/kernels.h"
#include "nn/loss.h"
#include "nn/random.h"

namespace relulab {

Network make_network(const NetworkSpec& spec, int classes) {
  Network net;
  net.spec = spec;
  net.classes = classes;
  int in = input_count(spec);
  for (const LayerSpec& h : spec.hidden) {
    Layer layer;
    layer.activation = h.activation;
    layer.W.resize(h.units, in);
    layer.b.resize(h.units);
    if (h.activation == Activation::prelu) layer.slope.resize(h.units);
    net.layers.push_back(std::move(layer));
    in = h.units;
  }
  Layer out;
  out.activation = Activation::linear;
  out.W.resize(output_count(spec, classes), in);
  out.b.resize(out.W.rows());
  net.layers.push_back(std::move(out));
  initialise(net, spec.seed);
  return net;
}

void initialise(Network& net, std::uint64_t seed) {
  Rng rng(seed);
  const float bias = net.spec.bias_init == BiasInit::small        ? 0.01f
                     : net.spec.bias_init == BiasInit::playground ? 0.1f
                                                                  : 0.0f;
  for (Layer& layer : net.layers) {
    const double fan_in = layer.in(), fan_out = layer.out();
    for (long i = 0; i < layer.W.size(); ++i) {
      double w = 0;
      switch (net.spec.init) {
        case Init::he_normal: w = rng.normal() * std::sqrt(2 / fan_in); break;
        case Init::he_uniform: w = rng.uniform(-1, 1) * std::sqrt(6 / fan_in); break;
        case Init::xavier_normal: w = rng.normal() * std::sqrt(2 / (fan_in + fan_out)); break;
        case Init::xavier_uniform:
          w = rng.uniform(-1, 1) * std::sqrt(6 / (fan_in + fan_out));
          break;
        case Init::playground:
        case Init::count: w = rng.uniform(-0.5, 0.5); break;
      }
      layer.W.data()[i] = static_cast<float>(w);
    }
    layer.b.setConstant(bias);
    layer.slope.setConstant(prelu_init_slope);
  }
}

void expand_features(unsigned features, const float* x1, const float* x2, int n, MatrixR& X) {
  int rows = 0;
  for (int f = 0; f < feature_count; ++f) rows += (features >> f) & 1u;
  X.resize(rows, n);
  int r = 0;
  for (int f = 0; f < feature_count; ++f) {
    if (!((features >> f) & 1u)) continue;
    float* row = X.row(r++).data();
    switch (static_cast<Feature>(f)) {
      case Feature::x1:
        for (int s = 0; s < n; ++s) row[s] = x1[s];
        break;
      case Feature::x2:
        for (int s = 0; s < n; ++s) row[s] = x2[s];
        break;
      case Feature::x1_sq:
        for (int s = 0; s < n; ++s) row[s] = x1[s] * x1[s];
        break;
      case Feature::x2_sq:
        for (int s = 0; s < n; ++s) row[s] = x2[s] * x2[s];
        break;
      case Feature::x1_x2:
        for (int s = 0; s < n; ++s) row[s] = x1[s] * x2[s];
        break;
      case Feature::sin_x1:
        for (int s = 0; s < n; ++s) row[s] = std::sin(x1[s]);
        break;
      case Feature::sin_x2:
        for (int s = 0; s < n; ++s) row[s] = std::sin(x2[s]);
        break;
      case Feature::count: break;
    }
  }
}

// X: (inputs, n); f.Z[l], f.A[l]: (units_l, n)
void forward(const Network& net, const MatrixR& X, Forward& f) {
  const size_t L = net.layers.size();
  const int n = static_cast<int>(X.cols());
  f.Z.resize(L);
  f.A.resize(L);
  for (size_t l = 0; l < L; ++l) {
    const Layer& layer = net.layers[l];
    const MatrixR& in = l == 0 ? X : f.A[l - 1];
    MatrixR& Z = f.Z[l];
    MatrixR& A = f.A[l];
    Z.resize(layer.out(), n);
    A.resize(layer.out(), n);
    const bool output = l + 1 == L;
    dense_forward(layer.W.data(), layer.b.data(), layer.out(), layer.in(), in.data(), n,
                  layer.activation, layer.slope.size() ? layer.slope.data() : nullptr, Z.data(),
                  output ? nullptr : A.data());
    if (output) A = Z;
  }
}

// dZ_out: (outputs, n); g.dZ[l]: (units_l, n)
void backward(const Network& net, const MatrixR& X, const Forward& f, const MatrixR& dZ_out,
              float activation_l1, Gradients& g) {
  const size_t L = net.layers.size();
  const int n = static_cast<int>(X.cols());
  g.dW.resize(L);
  g.db.resize(L);
  g.dslope.resize(L);
  g.dZ.resize(L);
  g.dZ[L - 1] = dZ_out;
  const float penalty = n > 0 ? activation_l1 / n : 0.0f;
  for (size_t l = L; l-- > 0;) {
    const Layer& layer = net.layers[l];
    const MatrixR& in = l == 0 ? X : f.A[l - 1];
    const MatrixR& dZ = g.dZ[l];
    g.dW[l].resize(layer.out(), layer.in());
    g.db[l].resize(layer.out());
    gemm_nt(dZ.data(), n, in.data(), n, g.dW[l].data(), layer.in(), layer.out(), layer.in(), n);
    row_sums(dZ.data(), n, layer.out(), n, g.db[l].data());
    if (l == 0) continue;
    // dZ_{l-1} = (W_l^T dZ_l) * phi_{l-1}'(Z_{l-1}), one fused pass
    const Layer& below = net.layers[l - 1];
    MatrixR& dA = g.dZ[l - 1];
    dA.resize(below.out(), n);
    g.Wt = layer.W.transpose();
    const bool prelu = below.activation == Activation::prelu;
    g.dslope[l - 1].setZero(prelu ? below.out() : 0);
    dense_backward_input(g.Wt.data(), below.out(), layer.out(), dZ.data(), n, below.activation,
                         f.Z[l - 1].data(), f.A[l - 1].data(), prelu ? below.slope.data() : nullptr,
                         penalty, dA.data(), prelu ? g.dslope[l - 1].data() : nullptr);
  }
  g.dslope[L - 1].resize(0);
}

void predict(const Network& net, const float* x1, const float* x2, int n, MatrixR& out) {
  MatrixR X;
  Forward f;
  expand_features(net.spec.features, x1, x2, n, X);
  forward(net, X, f);
  out = f.A.back();
  apply_link(net.spec.output, out);
}

void mirror_map(Network& net, Activation variant) {
  if (!is_relu_family(variant)) return;
  const ReluSigns to = relu_signs(variant);
  for (int l = 0; l < net.hidden_count(); ++l) {
    Layer& layer = net.layers[l];
    if (!is_relu_family(layer.activation)) continue;
    // s_out relu(s_in z) = s_out s_out' * (s_out' relu(s_in' (s_in s_in' z))), as s^2 = 1
    const ReluSigns from = relu_signs(layer.activation);
    const float flip_in = from.in * to.in, flip_out = from.out * to.out;
    if (flip_in < 0) {
      layer.W = -layer.W;
      layer.b = -layer.b;
    }
    if (flip_out < 0) {
      MatrixR& next = net.layers[l + 1].W;
      next = -next;
    }
    layer.activation = variant;
    if (l < static_cast<int>(net.spec.hidden.size())) net.spec.hidden[l].activation = variant;
  }
}

bool all_finite(const Network& net) {
  for (const Layer& layer : net.layers)
    if (!layer.W.allFinite() || !layer.b.allFinite() || !layer.slope.allFinite()) return false;
  return true;
}

int parameter_count(const Network& net) {
  long count = 0;
  for (const Layer& layer : net.layers)
    count += layer.W.size() + layer.b.size() + layer.slope.size();
  return static_cast<int>(count);
}

}  // namespace relulab
