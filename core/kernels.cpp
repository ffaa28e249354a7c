// kernels.cpp: vector-extension kernels behind kernels.h.
//
// Register blocking: gemm_nn keeps a 4-row x 16-sample block of C in eight 8-wide accumulators and
// streams B's rows through it (each B row is loaded once per block of 4 output rows); gemm_nt keeps
// 4 x 2 dot products over samples in eight accumulators. Sample tails (n not a multiple of 8) run
// scalar with the same arithmetic order per element. a * b + c is allowed to contract to FMA
// (natively; wasm SIMD128 has no FMA), so native and wasm results agree to rounding, not bitwise.
// Negating inputs negates outputs exactly either way, which the mirror experiment relies on.
#include "kernels.h"

#include <cmath>
#include <cstring>

#if defined(__clang__)
#pragma clang fp contract(fast)
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=fast")
#endif

namespace relulab {

namespace {

typedef float f32x8 __attribute__((vector_size(32)));
typedef int i32x8 __attribute__((vector_size(32)));

inline f32x8 load(const float* p) {
  f32x8 v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
inline void store(float* p, f32x8 v) { std::memcpy(p, &v, sizeof v); }
inline f32x8 splat(float s) { return f32x8{} + s; }
inline f32x8 select(i32x8 mask, f32x8 a, f32x8 b) {
  // mask lanes are all ones or all zeros (from a comparison)
  i32x8 ai, bi;
  std::memcpy(&ai, &a, sizeof a);
  std::memcpy(&bi, &b, sizeof b);
  i32x8 r = (ai & mask) | (bi & ~mask);
  f32x8 out;
  std::memcpy(&out, &r, sizeof out);
  return out;
}
inline float hsum(f32x8 v) {
  // fixed pairwise order, so the result does not depend on the target
  float a = (v[0] + v[4]) + (v[2] + v[6]);
  float b = (v[1] + v[5]) + (v[3] + v[7]);
  return a + b;
}

// One block of R rows of C over all samples.
template <int R>
inline void gemm_nn_rows(const float* A, int lda, const float* B, int ldb, const float* bias,
                         float* C, int ldc, int k, int n) {
  float a_bias[R];
  for (int r = 0; r < R; ++r) a_bias[r] = bias ? bias[r] : 0.0f;
  int s = 0;
  for (; s + 16 <= n; s += 16) {
    f32x8 acc0[R], acc1[R];
    for (int r = 0; r < R; ++r) acc0[r] = acc1[r] = splat(a_bias[r]);
    for (int p = 0; p < k; ++p) {
      const float* b = B + static_cast<long>(p) * ldb + s;
      f32x8 b0 = load(b), b1 = load(b + 8);
      for (int r = 0; r < R; ++r) {
        f32x8 a = splat(A[r * lda + p]);
        acc0[r] += a * b0;
        acc1[r] += a * b1;
      }
    }
    for (int r = 0; r < R; ++r) {
      store(C + static_cast<long>(r) * ldc + s, acc0[r]);
      store(C + static_cast<long>(r) * ldc + s + 8, acc1[r]);
    }
  }
  for (; s + 8 <= n; s += 8) {
    f32x8 acc[R];
    for (int r = 0; r < R; ++r) acc[r] = splat(a_bias[r]);
    for (int p = 0; p < k; ++p) {
      f32x8 b0 = load(B + static_cast<long>(p) * ldb + s);
      for (int r = 0; r < R; ++r) acc[r] += splat(A[r * lda + p]) * b0;
    }
    for (int r = 0; r < R; ++r) store(C + static_cast<long>(r) * ldc + s, acc[r]);
  }
  for (; s < n; ++s) {
    for (int r = 0; r < R; ++r) {
      float acc = a_bias[r];
      for (int p = 0; p < k; ++p) acc += A[r * lda + p] * B[static_cast<long>(p) * ldb + s];
      C[static_cast<long>(r) * ldc + s] = acc;
    }
  }
}

template <int R, int K>
inline void gemm_nt_block(const float* A, int lda, const float* B, int ldb, float* C, int ldc,
                          int n) {
  f32x8 acc[R][K];
  for (int r = 0; r < R; ++r)
    for (int c = 0; c < K; ++c) acc[r][c] = f32x8{};
  int s = 0;
  for (; s + 8 <= n; s += 8) {
    f32x8 b[K];
    for (int c = 0; c < K; ++c) b[c] = load(B + static_cast<long>(c) * ldb + s);
    for (int r = 0; r < R; ++r) {
      f32x8 a = load(A + static_cast<long>(r) * lda + s);
      for (int c = 0; c < K; ++c) acc[r][c] += a * b[c];
    }
  }
  for (int r = 0; r < R; ++r)
    for (int c = 0; c < K; ++c) {
      float sum = hsum(acc[r][c]);
      for (int t = s; t < n; ++t)
        sum += A[static_cast<long>(r) * lda + t] * B[static_cast<long>(c) * ldb + t];
      C[static_cast<long>(r) * ldc + c] = sum;
    }
}

}  // namespace

void gemm_nn(const float* A, int lda, const float* B, int ldb, const float* bias, float* C, int ldc,
             int m, int k, int n) {
  int i = 0;
  for (; i + 4 <= m; i += 4)
    gemm_nn_rows<4>(A + static_cast<long>(i) * lda, lda, B, ldb, bias ? bias + i : nullptr,
                    C + static_cast<long>(i) * ldc, ldc, k, n);
  for (; i < m; ++i)
    gemm_nn_rows<1>(A + static_cast<long>(i) * lda, lda, B, ldb, bias ? bias + i : nullptr,
                    C + static_cast<long>(i) * ldc, ldc, k, n);
}

void gemm_nt(const float* A, int lda, const float* B, int ldb, float* C, int ldc, int m, int k,
             int n) {
  int i = 0;
  for (; i + 4 <= m; i += 4) {
    const float* a = A + static_cast<long>(i) * lda;
    float* c = C + static_cast<long>(i) * ldc;
    int j = 0;
    for (; j + 2 <= k; j += 2) gemm_nt_block<4, 2>(a, lda, B + static_cast<long>(j) * ldb, ldb, c + j, ldc, n);
    for (; j < k; ++j) gemm_nt_block<4, 1>(a, lda, B + static_cast<long>(j) * ldb, ldb, c + j, ldc, n);
  }
  for (; i < m; ++i) {
    const float* a = A + static_cast<long>(i) * lda;
    float* c = C + static_cast<long>(i) * ldc;
    int j = 0;
    for (; j + 4 <= k; j += 4) gemm_nt_block<1, 4>(a, lda, B + static_cast<long>(j) * ldb, ldb, c + j, ldc, n);
    for (; j < k; ++j) gemm_nt_block<1, 1>(a, lda, B + static_cast<long>(j) * ldb, ldb, c + j, ldc, n);
  }
}

void row_sums(const float* A, int lda, int m, int n, float* out) {
  for (int i = 0; i < m; ++i) {
    const float* a = A + static_cast<long>(i) * lda;
    f32x8 acc{};
    int s = 0;
    for (; s + 8 <= n; s += 8) acc += load(a + s);
    float sum = hsum(acc);
    for (; s < n; ++s) sum += a[s];
    out[i] = sum;
  }
}

void activate_rows(Activation act, const float* Z, int ldz, const float* slope, float* Y, int ldy,
                   int m, int n) {
  const bool relu_like = is_relu_family(act);
  const bool leaky = act == Activation::leaky_relu || act == Activation::prelu;
  for (int i = 0; i < m; ++i) {
    const float* z = Z + static_cast<long>(i) * ldz;
    float* y = Y + static_cast<long>(i) * ldy;
    if (relu_like || leaky || act == Activation::linear) {
      float s_in = 1, s_out = 1, lo = 0;  // y = s_out * (u > 0 ? u : lo * u), u = s_in * z
      if (relu_like) {
        ReluSigns sg = relu_signs(act);
        s_in = sg.in;
        s_out = sg.out;
      } else if (act == Activation::leaky_relu) {
        lo = leaky_slope;
      } else if (act == Activation::prelu) {
        lo = slope[i];
      } else {
        lo = 1;
      }
      f32x8 vin = splat(s_in), vout = splat(s_out), vlo = splat(lo), zero{};
      int s = 0;
      for (; s + 8 <= n; s += 8) {
        f32x8 u = vin * load(z + s);
        store(y + s, vout * select(u > zero, u, vlo * u));
      }
      for (; s < n; ++s) {
        float u = s_in * z[s];
        y[s] = s_out * (u > 0 ? u : lo * u);
      }
    } else {
      float a = slope ? slope[i] : prelu_init_slope;
      for (int s = 0; s < n; ++s) y[s] = activate(act, z[s], a);
    }
  }
}

void activate_backward_rows(Activation act, const float* Z, int ldz, const float* Y, int ldy,
                            const float* slope, float penalty, float* dA, int ldd, float* dslope,
                            int m, int n) {
  const bool relu_like = is_relu_family(act);
  const bool leaky = act == Activation::leaky_relu || act == Activation::prelu;
  const f32x8 zero{};
  for (int i = 0; i < m; ++i) {
    const float* z = Z + static_cast<long>(i) * ldz;
    const float* y = Y + static_cast<long>(i) * ldy;
    float* d = dA + static_cast<long>(i) * ldd;
    if (penalty != 0) {
      // d/dY of penalty * |Y| is penalty * sign(Y), 0 at exact zeros
      f32x8 vp = splat(penalty), vn = splat(-penalty);
      int s = 0;
      for (; s + 8 <= n; s += 8) {
        f32x8 v = load(y + s);
        f32x8 sg = select(v > zero, vp, select(v < zero, vn, zero));
        store(d + s, load(d + s) + sg);
      }
      for (; s < n; ++s) d[s] += y[s] > 0 ? penalty : (y[s] < 0 ? -penalty : 0.0f);
    }
    if (act == Activation::prelu && dslope) {
      f32x8 acc{};
      int s = 0;
      for (; s + 8 <= n; s += 8) {
        f32x8 v = load(z + s);
        acc += load(d + s) * select(v > zero, zero, v);
      }
      float sum = hsum(acc);
      for (; s < n; ++s) sum += d[s] * (z[s] > 0 ? 0.0f : z[s]);
      dslope[i] += sum;
    }
    if (act == Activation::linear) continue;
    if (relu_like || leaky) {
      // phi'(z) = s_out s_in [s_in z > 0] (relu family), or 1 / lo (leaky, prelu)
      float on = 1, off = 0, s_in = 1;
      if (relu_like) {
        ReluSigns sg = relu_signs(act);
        s_in = sg.in;
        on = sg.out * sg.in;
      } else {
        off = act == Activation::prelu ? slope[i] : leaky_slope;
      }
      f32x8 vin = splat(s_in), von = splat(on), voff = splat(off);
      int s = 0;
      for (; s + 8 <= n; s += 8) {
        f32x8 u = vin * load(z + s);
        store(d + s, load(d + s) * select(u > zero, von, voff));
      }
      for (; s < n; ++s) d[s] *= s_in * z[s] > 0 ? on : off;
    } else {
      float a = slope ? slope[i] : prelu_init_slope;
      for (int s = 0; s < n; ++s) d[s] *= activate_der(act, z[s], a);
    }
  }
}

}  // namespace relulab
