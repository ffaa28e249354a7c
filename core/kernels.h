// kernels.h: the hot loops of training and grid evaluation, vectorised over samples.
//
// Eigen 3.4 has no WebAssembly SIMD backend, so the dense-layer products and elementwise
// activations are written with GCC/Clang vector extensions (8 floats per vector): natively they
// compile to AVX2 (+FMA), under em++ -msimd128 to pairs of SIMD128 operations. All matrices are
// row-major with one row per unit and one column per sample (rows contiguous over samples), so
// every inner loop runs along samples. Eigen keeps the storage; these take raw pointers + strides.
//
// Products (m: output rows, k: inner size, n: samples):
//   gemm_nn:  C (m, n) = A (m, k) B (k, n) [+ bias (m) per row]       layer forward, dA = W^T dZ
//   gemm_nt:  C (m, k) = A (m, n) B (k, n)^T                          dW = dZ X^T
#pragma once

#include "activation.h"

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

}  // namespace relulab
