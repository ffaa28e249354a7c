// kernels.h: the hot loops of training and grid evaluation, vectorised over samples.
//
// Eigen 3.4 has no WebAssembly SIMD backend, so the dense-layer products and elementwise
// activations are written with GCC/Clang vector extensions: natively 8-float vectors (AVX2 + FMA),
// under em++ -msimd128 4-float vectors (SIMD128). All matrices are row-major with one row per unit
// and one column per sample (rows contiguous over samples), so every inner loop runs along samples.
// Eigen keeps the storage; these take raw pointers, and every row has stride n (contiguous).
//
// Smooth activations and the output links use vectorised exp / log / erf (Cephes-style range
// reduction and minimax polynomials, Moshier 1992; erf by Abramowitz & Stegun 7.1.26), accurate to
// a few float ulps (erf: 1.5e-7 absolute). The scalar forms in activation.cpp are the reference.
//
// Products (m: output rows, k: inner size, n: samples):
//   gemm_nn:  C (m, n) = A (m, k) B (k, n) [+ bias (m) per row]
//   gemm_nt:  C (m, k) = A (m, n) B (k, n)^T
#pragma once

#include "nn/activation.h"

namespace relulab {

// The ReLU family as s_out * relu(s_in * z).
struct ReluSigns {
  float in = 1, out = 1;
};
constexpr bool is_relu_family(Activation a) {
  return a == Activation::relu || a == Activation::relu_neg || a == Activation::neg_relu ||
         a == Activation::neg_relu_neg;
}
constexpr ReluSigns relu_signs(Activation a) {
  switch (a) {
    case Activation::relu_neg: return {-1, 1};
    case Activation::neg_relu: return {1, -1};
    case Activation::neg_relu_neg: return {-1, -1};
    default: return {1, 1};
  }
}

// is_active() from a forward cache, without re-evaluating phi: a unit with output a = phi(z) is
// active when a != 0 (ReLU family), z > 0 (leaky, PReLU), always (linear), |a| >= eps (smooth).
enum class ActiveRule { nonzero, positive, always, threshold };
constexpr ActiveRule active_rule(Activation a) {
  return is_relu_family(a)                                       ? ActiveRule::nonzero
         : a == Activation::leaky_relu || a == Activation::prelu ? ActiveRule::positive
         : a == Activation::linear                               ? ActiveRule::always
                                                                 : ActiveRule::threshold;
}
inline bool active_at(ActiveRule rule, float z, float a) {
  switch (rule) {
    case ActiveRule::nonzero: return a != 0.0f;
    case ActiveRule::positive: return z > 0.0f;
    case ActiveRule::always: return true;
    case ActiveRule::threshold: break;
  }
  return a >= smooth_active_eps || a <= -smooth_active_eps;
}

// C (m, n) = A (m, k) * B (k, n) + bias (m, may be null). Strides in floats.
void gemm_nn(const float* A, int lda, const float* B, int ldb, const float* bias, float* C, int ldc,
             int m, int k, int n);

// C (m, k) = A (m, n) * B (k, n)^T, overwriting C.
void gemm_nt(const float* A, int lda, const float* B, int ldb, float* C, int ldc, int m, int k,
             int n);

// Row sums: out[i] = sum_s A[i, s], A (m, n).
void row_sums(const float* A, int lda, int m, int n, float* out);

// Elementwise activation: Y (m, n) = phi(Z) per row; slope (m) for PReLU (else may be null).
void activate_rows(Activation a, const float* Z, int ldz, const float* slope, float* Y, int ldy,
                   int m, int n);

// Elementwise backward through phi, in place: dA (m, n) becomes dZ = dA * phi'(Z).
// If `penalty` != 0 first adds penalty * sign(Y) to dA (the L1 activation term, Y = phi(Z)).
// For PReLU also accumulates dslope[i] += sum_s dA[i, s] * min(Z[i, s], 0).
void activate_backward_rows(Activation a, const float* Z, int ldz, const float* Y, int ldy,
                            const float* slope, float penalty, float* dA, int ldd, float* dslope,
                            int m, int n);

// A layer's forward pass, fused: Z (out, n) = W (out, in) X (in, n) + b, and A = phi(Z) when A is
// not null. All rows have stride n.
void dense_forward(const float* W, const float* b, int out, int in, const float* X, int n,
                   Activation act, const float* slope, float* Z, float* A);

// Backward into the layer below, fused: dZ_below (in, n) = (W^T dZ) * phi'(Z_below), with the L1
// activation penalty and PReLU slope gradient as in activate_backward_rows. Wt is W transposed,
// (in, out) row-major.
void dense_backward_input(const float* Wt, int in, int out, const float* dZ, int n,
                          Activation act_below, const float* Z_below, const float* A_below,
                          const float* slope_below, float penalty, float* dZ_below,
                          float* dslope_below);

// While alive, float results below 2^-126 in magnitude (subnormals) are flushed to zero and
// subnormal inputs read as zero (x86 MXCSR FTZ + DAZ); the previous mode is restored after. A
// trained net's dL/dz underflows (sigmoid(z) - y ~ e^-80 for a confident sample, over the batch),
// and on x86 arithmetic on subnormals takes microcode assists that made long runs several times
// slower. The change to any result is below 2^-126 in absolute value and sign-symmetric (the ReLU
// mirrors stay exact); NaN and infinity are untouched. WebAssembly has no such mode: a no-op there.
struct FlushSubnormals {
  FlushSubnormals();
  ~FlushSubnormals();
  FlushSubnormals(const FlushSubnormals&) = delete;
  FlushSubnormals& operator=(const FlushSubnormals&) = delete;
  unsigned saved = 0;
};

// Vectorised links over n values (y may alias x).
void tanh_n(const float* x, float* y, int n);
void sigmoid_n(const float* x, float* y, int n);
void softplus_n(const float* x, float* y, int n);  // log(1 + e^x), stable for large |x|

}  // namespace relulab
