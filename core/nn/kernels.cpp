// kernels.cpp: vector-extension kernels behind kernels.h, in one or two vector widths.
//
// The kernel bodies live in kernels_simd.inc, compiled once per width: 4 lanes (wasm SIMD128) or
// 8 (AVX2), plus 16 (AVX-512) natively when the compiler targets it, used for 64+ samples.
// Register blocking: gemm_nn keeps a 4-row x 2-vector block of C in eight accumulators and streams
// B's rows through it (each B row is loaded once per 4 output rows); gemm_nt keeps 4 x 2 dot
// products over samples in eight accumulators. Eight live vectors fit SIMD128's 16 registers as
// well as AVX2's (AVX-512 has 32). A sample tail (n not a multiple of the vector width) runs as one
// overlapping or zero-padded vector, so every sample sees the same arithmetic. a * b + c may
// contract to FMA natively (wasm SIMD128 has none), so native and wasm results agree to rounding,
// not bitwise (core/CMakeLists.txt compiles this file with -ffp-contract=fast). Negating the inputs of any product negates its output exactly, FMA or not, which
// the mirror experiment relies on.
#include "nn/kernels.h"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

#if (defined(__SSE__) || defined(__x86_64__)) && !defined(__wasm__)
#include <immintrin.h>
#define RELULAB_FLUSH_SUBNORMALS 1
#endif

namespace relulab {

namespace {

// The narrow width: SIMD128 in wasm, AVX2 natively.
namespace narrow {
#if defined(__wasm_simd128__) || !defined(__AVX__)
#define RELULAB_LANES 4
#else
#define RELULAB_LANES 8
#endif
#include "nn/simd_width.inc"  // first: the vector types of this width

#include "nn/kernels_simd.inc"
}  // namespace narrow

// The wide width, AVX-512 natively when the compiler targets it: used for at least
// `wide_from` samples, where its 32-sample blocks are full (small batches stay narrow).
#if defined(__AVX512F__) && !defined(__wasm_simd128__)
#define RELULAB_WIDE_KERNELS 1
namespace wide {
#define RELULAB_LANES 16
#include "nn/simd_width.inc"  // first: the vector types of this width

#include "nn/kernels_simd.inc"
}  // namespace wide
constexpr int wide_from = 64;
#define RELULAB_KERNEL(n, call) return (n) >= wide_from ? wide::call : narrow::call
#else
#define RELULAB_KERNEL(n, call) return narrow::call
#endif

}  // namespace

void gemm_nn(const float* A, int lda, const float* B, int ldb, const float* bias, float* C, int ldc,
             int m, int k, int n) {
  RELULAB_KERNEL(n, gemm_nn(A, lda, B, ldb, bias, C, ldc, m, k, n));
}

void gemm_nt(const float* A, int lda, const float* B, int ldb, float* C, int ldc, int m, int k,
             int n) {
  RELULAB_KERNEL(n, gemm_nt(A, lda, B, ldb, C, ldc, m, k, n));
}

void row_sums(const float* A, int lda, int m, int n, float* out) {
  RELULAB_KERNEL(n, row_sums(A, lda, m, n, out));
}

void activate_rows(Activation a, const float* Z, int ldz, const float* slope, float* Y, int ldy,
                   int m, int n) {
  RELULAB_KERNEL(n, activate_rows(a, Z, ldz, slope, Y, ldy, m, n));
}

void activate_backward_rows(Activation a, const float* Z, int ldz, const float* Y, int ldy,
                            const float* slope, float penalty, float* dA, int ldd, float* dslope,
                            int m, int n) {
  RELULAB_KERNEL(n,
                 activate_backward_rows(a, Z, ldz, Y, ldy, slope, penalty, dA, ldd, dslope, m, n));
}

void dense_forward(const float* W, const float* b, int out, int in, const float* X, int n,
                   Activation act, const float* slope, float* Z, float* A) {
  RELULAB_KERNEL(n, dense_forward(W, b, out, in, X, n, act, slope, Z, A));
}

void dense_backward_input(const float* Wt, int in, int out, const float* dZ, int n,
                          Activation act_below, const float* Z_below, const float* A_below,
                          const float* slope_below, float penalty, float* dZ_below,
                          float* dslope_below) {
  RELULAB_KERNEL(n, dense_backward_input(Wt, in, out, dZ, n, act_below, Z_below, A_below,
                                         slope_below, penalty, dZ_below, dslope_below));
}

#if RELULAB_FLUSH_SUBNORMALS
FlushSubnormals::FlushSubnormals() : saved(_mm_getcsr()) {
  _mm_setcsr(saved | 0x8040u);
}  // FTZ | DAZ
FlushSubnormals::~FlushSubnormals() { _mm_setcsr(saved); }
#else
FlushSubnormals::FlushSubnormals() {}
FlushSubnormals::~FlushSubnormals() {}
#endif

void tanh_n(const float* x, float* y, int n) { RELULAB_KERNEL(n, tanh_n(x, y, n)); }
void sigmoid_n(const float* x, float* y, int n) { RELULAB_KERNEL(n, sigmoid_n(x, y, n)); }
void softplus_n(const float* x, float* y, int n) { RELULAB_KERNEL(n, softplus_n(x, y, n)); }

}  // namespace relulab
