// kernels.cpp: vector-extension kernels behind kernels.h.
//
// Register blocking: gemm_nn keeps a 4-row x 2-vector block of C in eight accumulators and streams
// B's rows through it (each B row is loaded once per 4 output rows); gemm_nt keeps 4 x 2 dot
// products over samples in eight accumulators. Eight live vectors fit SIMD128's 16 registers as
// well as AVX2's. A sample tail (n not a multiple of the vector width) runs as one zero-padded
// partial vector, so every sample sees the same arithmetic. a * b + c may contract to FMA natively (wasm SIMD128 has none), so
// native and wasm results agree to rounding, not bitwise. Negating the inputs of any product
// negates its output exactly, FMA or not, which the mirror experiment relies on.
#include "kernels.h"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

#if defined(__clang__)
#pragma clang fp contract(fast)
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=fast")
#endif

namespace relulab {

namespace {

#if defined(__wasm_simd128__) || !defined(__AVX__)
constexpr int lanes = 4;
typedef float vf __attribute__((vector_size(16)));
typedef std::int32_t vi __attribute__((vector_size(16)));
inline vf splat(float s) { return vf{s, s, s, s}; }
inline vi splat_int(std::int32_t s) { return vi{s, s, s, s}; }
inline vi lane_index() { return vi{0, 1, 2, 3}; }
#else
constexpr int lanes = 8;
typedef float vf __attribute__((vector_size(32)));
typedef std::int32_t vi __attribute__((vector_size(32)));
inline vf splat(float s) { return vf{s, s, s, s, s, s, s, s}; }
inline vi splat_int(std::int32_t s) { return vi{s, s, s, s, s, s, s, s}; }
inline vi lane_index() { return vi{0, 1, 2, 3, 4, 5, 6, 7}; }
#endif

inline vf load(const float* p) {
  vf v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
inline void store(float* p, vf v) { std::memcpy(p, &v, sizeof v); }
// The first `count` lanes (all when count >= lanes); missing lanes read as 0, and are not written.
inline vf load_n(const float* p, int count) {
  if (count >= lanes) return load(p);
  float lane[lanes] = {};
  std::memcpy(lane, p, sizeof(float) * count);
  return load(lane);
}
inline void store_n(float* p, int count, vf v) {
  if (count >= lanes) return store(p, v);
  float lane[lanes];
  store(lane, v);
  std::memcpy(p, lane, sizeof(float) * count);
}
inline vi as_int(vf v) {
  vi r;
  std::memcpy(&r, &v, sizeof r);
  return r;
}
inline vf as_float(vi v) {
  vf r;
  std::memcpy(&r, &v, sizeof r);
  return r;
}
// mask lanes are all ones or all zeros (from a comparison)
inline vf select(vi mask, vf a, vf b) { return as_float((as_int(a) & mask) | (as_int(b) & ~mask)); }
inline vf vmin(vf a, vf b) { return select(a < b, a, b); }
inline vf vmax(vf a, vf b) { return select(a > b, a, b); }
inline vf vabs(vf a) { return as_float(as_int(a) & splat_int(0x7fffffff)); }
inline vf copy_sign(vf magnitude, vf sign) {
  return as_float(as_int(magnitude) | (as_int(sign) & splat_int(INT32_MIN)));
}
inline float hsum(vf v) {
  // fixed order, the same on every target of a given width
  float sum = 0;
  for (int i = 0; i < lanes / 2; ++i) sum += v[i] + v[i + lanes / 2];
  return sum;
}

// ---- vectorised elementary functions -------------------------------------------------------

// e^x: x = n ln2 + r, |r| <= ln2/2, e^r by Cephes expf's polynomial, 2^n through the exponent bits.
// Clamped to [-87, 88] (no denormals, no overflow of 2^n).
inline vf v_exp(vf x) {
  x = vmin(vmax(x, splat(-87.0f)), splat(88.0f));
  vf t = x * 1.44269504088896341f;
  vi n = __builtin_convertvector(t + select(t >= 0.0f, splat(0.5f), splat(-0.5f)), vi);
  vf nf = __builtin_convertvector(n, vf);
  vf r = x - nf * 0.693359375f;
  r = r - nf * -2.12194440e-4f;
  vf p = splat(1.9875691500e-4f);
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  vf y = p * (r * r) + r + 1.0f;
  return y * as_float((n + 127) << 23);
}

// log x for positive normal x: x = m 2^e, m in [sqrt(1/2), sqrt(2)), Cephes logf's polynomial.
inline vf v_log(vf x) {
  vi bits = as_int(x);
  vi e = ((bits >> 23) & 0xff) - 126;
  vf m = as_float((bits & splat_int(static_cast<std::int32_t>(0x807fffff))) | 0x3f000000);  // [0.5, 1)
  vi small = m < 0.70710678118654752f;
  e = e + small;  // small lanes are -1
  m = select(small, m + m, m) - 1.0f;
  vf z = m * m;
  vf p = splat(7.0376836292e-2f);
  p = p * m - 1.1514610310e-1f;
  p = p * m + 1.1676998740e-1f;
  p = p * m - 1.2420140846e-1f;
  p = p * m + 1.4249322787e-1f;
  p = p * m - 1.6668057665e-1f;
  p = p * m + 2.0000714765e-1f;
  p = p * m - 2.4999993993e-1f;
  p = p * m + 3.3333331174e-1f;
  vf ef = __builtin_convertvector(e, vf);
  vf y = p * m * z;
  y = y + ef * -2.12194440e-4f;
  y = y - 0.5f * z;
  return m + y + ef * 0.693359375f;
}

// log(1 + u) for u in [0, 1]: log(w) for w = 1 + u, plus the rounding of w to first order,
// (u - (w - 1)) / w, which restores the digits of u that 1 + u dropped (Goldberg 1991, thm. 4).
inline vf v_log1p_unit(vf u) {
  vf w = u + 1.0f;
  return v_log(w) + (u - (w - 1.0f)) / w;
}

// tanh: Cephes tanhf, an odd polynomial below 0.625, else 1 - 2 / (e^{2|x|} + 1) with x's sign.
inline vf v_tanh(vf x) {
  vf a = vabs(x);
  vf big = 1.0f - 2.0f / (v_exp(a + a) + 1.0f);
  vf z = x * x;
  vf p = splat(-5.70498872745e-3f);
  p = p * z + 2.06390887954e-2f;
  p = p * z - 5.37397155531e-2f;
  p = p * z + 1.33314422036e-1f;
  p = p * z - 3.33332819422e-1f;
  vf small = p * z * x + x;
  return select(a < 0.625f, small, copy_sign(big, x));
}

inline vf v_sigmoid(vf x) { return 1.0f / (1.0f + v_exp(-x)); }

inline vf v_softplus(vf x) { return vmax(x, splat(0.0f)) + v_log1p_unit(v_exp(-vabs(x))); }

// Phi(x), the standard normal CDF, from erf by Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7),
// written for the tail so that Phi(-large) keeps relative accuracy: Phi(x) = q for x < 0,
// 1 - q else, with q = poly(t) e^{-x^2/2} / 2, t = 1 / (1 + p |x| / sqrt 2).
inline vf v_phi_cdf(vf x, vf gauss /* e^{-x^2/2} */) {
  vf t = 1.0f / (1.0f + 0.3275911f * 0.70710678118654752f * vabs(x));
  vf poly = splat(1.061405429f);
  poly = poly * t - 1.453152027f;
  poly = poly * t + 1.421413741f;
  poly = poly * t - 0.284496736f;
  poly = poly * t + 0.254829592f;
  vf q = 0.5f * poly * t * gauss;
  return select(x < 0.0f, q, 1.0f - q);
}

// ---- products ------------------------------------------------------------------------------

// Writes C = acc.
struct StoreEpilogue {
  float* C;
  int ldc;
  void vec(int r, int s, vf acc) const { store(C + static_cast<long>(r) * ldc + s, acc); }
  void one(int r, int s, float acc) const { C[static_cast<long>(r) * ldc + s] = acc; }
};

// Forward through a piecewise-linear unit: Z = acc, A = s_out * (u > 0 ? u : lo * u), u = s_in z.
struct LinearPiecesEpilogue {
  float* Z;
  float* A;
  int n;
  float s_in, s_out, lo;
  const float* lo_per_row;  // PReLU slopes, or null
  void vec(int r, int s, vf z) const {
    const long at = static_cast<long>(r) * n + s;
    store(Z + at, z);
    vf u = z * s_in;
    vf l = splat(lo_per_row ? lo_per_row[r] : lo);
    store(A + at, s_out * select(u > 0.0f, u, l * u));
  }
  void one(int r, int s, float z) const {
    const long at = static_cast<long>(r) * n + s;
    Z[at] = z;
    float u = s_in * z, l = lo_per_row ? lo_per_row[r] : lo;
    A[at] = s_out * (u > 0 ? u : l * u);
  }
};

// Backward into a piecewise-linear layer: dA = acc (+ penalty sign(A)); dslope += dA min(z, 0)
// (PReLU); dZ = dA * (u > 0 ? on : off), u = s_in z.
struct LinearPiecesBackEpilogue {
  const float* Z;
  const float* A;
  float* dZ;
  int n;
  float s_in, on, off, penalty;
  const float* off_per_row;  // PReLU slopes, or null
  float* dslope;             // PReLU slope gradients, or null
  void vec(int r, int s, vf d) const {
    const long at = static_cast<long>(r) * n + s;
    vf z = load(Z + at);
    if (penalty != 0) {
      vf y = load(A + at);
      d += select(y > 0.0f, splat(penalty), select(y < 0.0f, splat(-penalty), splat(0.0f)));
    }
    if (dslope) dslope[r] += hsum(d * select(z > 0.0f, splat(0.0f), z));
    vf u = z * s_in;
    store(dZ + at, d * select(u > 0.0f, splat(on), splat(off_per_row ? off_per_row[r] : off)));
  }
  void one(int r, int s, float d) const {
    const long at = static_cast<long>(r) * n + s;
    const float z = Z[at];
    if (penalty != 0) d += A[at] > 0 ? penalty : (A[at] < 0 ? -penalty : 0.0f);
    if (dslope) dslope[r] += d * (z > 0 ? 0.0f : z);
    dZ[at] = d * (s_in * z > 0 ? on : (off_per_row ? off_per_row[r] : off));
  }
};

// R rows of C = A B + bias, starting at row r0 of the epilogue, over all samples. `Ap` holds the
// R rows of A interleaved by column, Ap[p R + r] = A[r, p], so the inner loop walks one pointer.
template <int R, class Epilogue>
inline void gemm_nn_rows(const float* Ap, const float* B, int ldb, const float* bias, int r0, int k,
                         int n, const Epilogue& epi) {
  float row_bias[R];
  for (int r = 0; r < R; ++r) row_bias[r] = bias ? bias[r] : 0.0f;
  int s = 0;
  for (; s + 2 * lanes <= n; s += 2 * lanes) {
    vf acc0[R], acc1[R];
    for (int r = 0; r < R; ++r) acc0[r] = acc1[r] = splat(row_bias[r]);
    const float* b = B + s;
    const float* a = Ap;
    for (int p = 0; p < k; ++p, b += ldb, a += R) {
      const vf b0 = load(b), b1 = load(b + lanes);
      for (int r = 0; r < R; ++r) {
        const vf ar = splat(a[r]);
        acc0[r] += ar * b0;
        acc1[r] += ar * b1;
      }
    }
    for (int r = 0; r < R; ++r) {
      epi.vec(r0 + r, s, acc0[r]);
      epi.vec(r0 + r, s + lanes, acc1[r]);
    }
  }
  for (; s + lanes <= n; s += lanes) {
    vf acc[R];
    for (int r = 0; r < R; ++r) acc[r] = splat(row_bias[r]);
    const float* b = B + s;
    const float* a = Ap;
    for (int p = 0; p < k; ++p, b += ldb, a += R) {
      const vf b0 = load(b);
      for (int r = 0; r < R; ++r) acc[r] += splat(a[r]) * b0;
    }
    for (int r = 0; r < R; ++r) epi.vec(r0 + r, s, acc[r]);
  }
  if (s < n) {
    // The last partial vector: when n >= lanes, the full vector ending at n (overlapping samples
    // already done) is computed and only its last `count` lanes go through the epilogue.
    const int count = n - s, start = n >= lanes ? n - lanes : s, first = n >= lanes ? lanes - count : 0;
    vf acc[R];
    for (int r = 0; r < R; ++r) acc[r] = splat(row_bias[r]);
    const float* b = B + start;
    const float* a = Ap;
    for (int p = 0; p < k; ++p, b += ldb, a += R) {
      const vf b0 = n >= lanes ? load(b) : load_n(b, count);
      for (int r = 0; r < R; ++r) acc[r] += splat(a[r]) * b0;
    }
    for (int r = 0; r < R; ++r)
      for (int j = 0; j < count; ++j) epi.one(r0 + r, s + j, acc[r][first + j]);
  }
}

template <int R, class Epilogue>
inline void gemm_nn_block(const float* A, int lda, const float* B, int ldb, const float* bias,
                          int r0, int k, int n, const Epilogue& epi, float* pack) {
  for (int p = 0; p < k; ++p)
    for (int r = 0; r < R; ++r) pack[p * R + r] = A[static_cast<long>(r) * lda + p];
  gemm_nn_rows<R>(pack, B, ldb, bias, r0, k, n, epi);
}

template <class Epilogue>
void gemm_nn_with(const float* A, int lda, const float* B, int ldb, const float* bias, int m,
                  int k, int n, const Epilogue& epi) {
  thread_local std::vector<float> pack;
  if (pack.size() < static_cast<size_t>(4 * k)) pack.resize(4 * k);
  int i = 0;
  for (; i + 4 <= m; i += 4)
    gemm_nn_block<4>(A + static_cast<long>(i) * lda, lda, B, ldb, bias ? bias + i : nullptr, i, k,
                     n, epi, pack.data());
  for (; i + 2 <= m; i += 2)
    gemm_nn_block<2>(A + static_cast<long>(i) * lda, lda, B, ldb, bias ? bias + i : nullptr, i, k,
                     n, epi, pack.data());
  for (; i < m; ++i)
    gemm_nn_block<1>(A + static_cast<long>(i) * lda, lda, B, ldb, bias ? bias + i : nullptr, i, k,
                     n, epi, pack.data());
}

template <int R, int K>
inline void gemm_nt_block(const float* A, int lda, const float* B, int ldb, float* C, int ldc,
                          int n) {
  vf acc[R][K];
  for (int r = 0; r < R; ++r)
    for (int c = 0; c < K; ++c) acc[r][c] = vf{};
  int s = 0;
  for (; s + lanes <= n; s += lanes) {
    vf b[K];
    for (int c = 0; c < K; ++c) b[c] = load(B + static_cast<long>(c) * ldb + s);
    for (int r = 0; r < R; ++r) {
      vf a = load(A + static_cast<long>(r) * lda + s);
      for (int c = 0; c < K; ++c) acc[r][c] += a * b[c];
    }
  }
  if (s < n) {
    // The last partial vector: the full vector ending at n with the lanes already summed masked
    // to 0 (or, when n < lanes, a zero-padded copy).
    const int count = n - s, start = n >= lanes ? n - lanes : s;
    const vi keep = lane_index() >= (n >= lanes ? lanes - count : 0);
    vf b[K];
    for (int c = 0; c < K; ++c) {
      const float* row = B + static_cast<long>(c) * ldb + start;
      b[c] = n >= lanes ? load(row) : load_n(row, count);
    }
    for (int r = 0; r < R; ++r) {
      const float* row = A + static_cast<long>(r) * lda + start;
      const vf a = select(keep, n >= lanes ? load(row) : load_n(row, count), splat(0.0f));
      for (int c = 0; c < K; ++c) acc[r][c] += a * b[c];
    }
  }
  for (int r = 0; r < R; ++r)
    for (int c = 0; c < K; ++c) C[static_cast<long>(r) * ldc + c] = hsum(acc[r][c]);
}

bool linear_pieces(Activation a) {
  return is_relu_family(a) || a == Activation::leaky_relu || a == Activation::prelu ||
         a == Activation::linear;
}

}  // namespace

void gemm_nn(const float* A, int lda, const float* B, int ldb, const float* bias, float* C, int ldc,
             int m, int k, int n) {
  gemm_nn_with(A, lda, B, ldb, bias, m, k, n, StoreEpilogue{C, ldc});
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
    vf acc{};
    int s = 0;
    for (; s + lanes <= n; s += lanes) acc += load(a + s);
    float sum = hsum(acc);
    for (; s < n; ++s) sum += a[s];
    out[i] = sum;
  }
}

void tanh_n(const float* x, float* y, int n) {
  int s = 0;
  for (; s < n; s += lanes) store_n(y + s, n - s, v_tanh(load_n(x + s, n - s)));
}

void sigmoid_n(const float* x, float* y, int n) {
  int s = 0;
  for (; s < n; s += lanes) store_n(y + s, n - s, v_sigmoid(load_n(x + s, n - s)));
}

void softplus_n(const float* x, float* y, int n) {
  int s = 0;
  for (; s < n; s += lanes) store_n(y + s, n - s, v_softplus(load_n(x + s, n - s)));
}

void activate_rows(Activation act, const float* Z, int ldz, const float* slope, float* Y, int ldy,
                   int m, int n) {
  for (int i = 0; i < m; ++i) {
    const float* z = Z + static_cast<long>(i) * ldz;
    float* y = Y + static_cast<long>(i) * ldy;
    const float a = slope ? slope[i] : prelu_init_slope;
    int s = 0;
    switch (act) {
      case Activation::elu:
        for (; s < n; s += lanes) {
          vf v = load_n(z + s, n - s);
          store_n(y + s, n - s, select(v > 0.0f, v, v_exp(v) - 1.0f));
        }
        break;
      case Activation::gelu:
        for (; s < n; s += lanes) {
          vf v = load_n(z + s, n - s);
          store_n(y + s, n - s, v * v_phi_cdf(v, v_exp(-0.5f * v * v)));
        }
        break;
      case Activation::silu:
        for (; s < n; s += lanes) {
          vf v = load_n(z + s, n - s);
          store_n(y + s, n - s, v * v_sigmoid(v));
        }
        break;
      case Activation::softplus:
        for (; s < n; s += lanes) store_n(y + s, n - s, v_softplus(load_n(z + s, n - s)));
        break;
      case Activation::sigmoid:
        for (; s < n; s += lanes) store_n(y + s, n - s, v_sigmoid(load_n(z + s, n - s)));
        break;
      case Activation::tanh:
        for (; s < n; s += lanes) store_n(y + s, n - s, v_tanh(load_n(z + s, n - s)));
        break;
      default: {
        const ReluSigns sg = relu_signs(act);
        const float s_in = is_relu_family(act) ? sg.in : 1, s_out = is_relu_family(act) ? sg.out : 1;
        const float lo = act == Activation::leaky_relu ? leaky_slope
                         : act == Activation::prelu    ? a
                         : act == Activation::linear   ? 1.0f
                                                       : 0.0f;
        for (; s < n; s += lanes) {
          vf u = load_n(z + s, n - s) * s_in;
          store_n(y + s, n - s, s_out * select(u > 0.0f, u, lo * u));
        }
        break;
      }
    }
  }
}

void activate_backward_rows(Activation act, const float* Z, int ldz, const float* Y, int ldy,
                            const float* slope, float penalty, float* dA, int ldd, float* dslope,
                            int m, int n) {
  for (int i = 0; i < m; ++i) {
    const float* z = Z + static_cast<long>(i) * ldz;
    const float* y = Y + static_cast<long>(i) * ldy;
    float* d = dA + static_cast<long>(i) * ldd;
    const float a = slope ? slope[i] : prelu_init_slope;
    if (linear_pieces(act)) {
      const ReluSigns sg = relu_signs(act);
      const bool family = is_relu_family(act);
      LinearPiecesBackEpilogue epi{z,
                                   y,
                                   d,
                                   0,
                                   family ? sg.in : 1.0f,
                                   family ? sg.in * sg.out : 1.0f,
                                   family                            ? 0.0f
                                   : act == Activation::leaky_relu ? leaky_slope
                                   : act == Activation::prelu      ? a
                                                                     : 1.0f,
                                   penalty,
                                   nullptr,
                                   act == Activation::prelu && dslope ? dslope + i : nullptr};
      int s = 0;
      for (; s + lanes <= n; s += lanes) epi.vec(0, s, load(d + s));
      for (; s < n; ++s) epi.one(0, s, d[s]);
      continue;
    }
    if (penalty != 0) {
      int s = 0;
      for (; s < n; s += lanes) {
        vf v = load_n(y + s, n - s);
        store_n(d + s, n - s, load_n(d + s, n - s) + select(v > 0.0f, splat(penalty),
                                          select(v < 0.0f, splat(-penalty), splat(0.0f))));
      }
    }
    int s = 0;
    switch (act) {
      case Activation::elu:  // 1, or e^z = y + 1
        for (; s < n; s += lanes) {
          vf v = load_n(z + s, n - s);
          store_n(d + s, n - s, load_n(d + s, n - s) * select(v > 0.0f, splat(1.0f), load_n(y + s, n - s) + 1.0f));
        }
        break;
      case Activation::gelu:  // Phi(z) + z phi(z)
        for (; s < n; s += lanes) {
          vf v = load_n(z + s, n - s), g = v_exp(-0.5f * v * v);
          store_n(d + s, n - s, load_n(d + s, n - s) * (v_phi_cdf(v, g) + v * g * 0.39894228040143268f));
        }
        break;
      case Activation::silu:  // s (1 + z (1 - s))
        for (; s < n; s += lanes) {
          vf v = load_n(z + s, n - s), sg = v_sigmoid(v);
          store_n(d + s, n - s, load_n(d + s, n - s) * (sg * (1.0f + v * (1.0f - sg))));
        }
        break;
      case Activation::softplus:  // sigmoid(z)
        for (; s < n; s += lanes) store_n(d + s, n - s, load_n(d + s, n - s) * v_sigmoid(load_n(z + s, n - s)));
        break;
      case Activation::sigmoid:  // y (1 - y)
        for (; s < n; s += lanes) {
          vf v = load_n(y + s, n - s);
          store_n(d + s, n - s, load_n(d + s, n - s) * (v * (1.0f - v)));
        }
        break;
      case Activation::tanh:  // 1 - y^2
        for (; s < n; s += lanes) {
          vf v = load_n(y + s, n - s);
          store_n(d + s, n - s, load_n(d + s, n - s) * (1.0f - v * v));
        }
        break;
      default: break;
    }
  }
}

void dense_forward(const float* W, const float* b, int out, int in, const float* X, int n,
                   Activation act, const float* slope, float* Z, float* A) {
  if (A && linear_pieces(act)) {
    const ReluSigns sg = relu_signs(act);
    const bool family = is_relu_family(act);
    LinearPiecesEpilogue epi{Z,
                             A,
                             n,
                             family ? sg.in : 1.0f,
                             family ? sg.out : 1.0f,
                             family                            ? 0.0f
                             : act == Activation::leaky_relu ? leaky_slope
                                                               : 1.0f,
                             act == Activation::prelu ? slope : nullptr};
    gemm_nn_with(W, in, X, n, b, out, in, n, epi);
    return;
  }
  gemm_nn_with(W, in, X, n, b, out, in, n, StoreEpilogue{Z, n});
  if (A) activate_rows(act, Z, n, slope, A, n, out, n);
}

void dense_backward_input(const float* Wt, int in, int out, const float* dZ, int n,
                          Activation act_below, const float* Z_below, const float* A_below,
                          const float* slope_below, float penalty, float* dZ_below,
                          float* dslope_below) {
  if (linear_pieces(act_below)) {
    const ReluSigns sg = relu_signs(act_below);
    const bool family = is_relu_family(act_below);
    const bool prelu = act_below == Activation::prelu;
    LinearPiecesBackEpilogue epi{Z_below,
                                 A_below,
                                 dZ_below,
                                 n,
                                 family ? sg.in : 1.0f,
                                 family ? sg.in * sg.out : 1.0f,
                                 family                                  ? 0.0f
                                 : act_below == Activation::leaky_relu ? leaky_slope
                                                                         : 1.0f,
                                 penalty,
                                 prelu ? slope_below : nullptr,
                                 prelu ? dslope_below : nullptr};
    gemm_nn_with(Wt, out, dZ, n, nullptr, in, out, n, epi);
    return;
  }
  gemm_nn_with(Wt, out, dZ, n, nullptr, in, out, n, StoreEpilogue{dZ_below, n});
  activate_backward_rows(act_below, Z_below, n, A_below, n, slope_below, penalty, dZ_below, n,
                         dslope_below, in, n);
}

}  // namespace relulab
