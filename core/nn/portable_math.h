// portable_math.h: a seeded random generator and the few transcendental functions the data
// generators need, written with + - * / and sqrt only, so that the native build (glibc) and the
// WebAssembly build (musl) produce bit-identical data sets.
//
// IEEE 754 makes + - * / and sqrt correctly rounded on every platform; libm's sin, cos and log are
// not (glibc and musl differ in the last bit), and std::normal_distribution differs between
// libstdc++ and libc++. Files using these must be compiled with -ffp-contract=off (no FMA fusion),
// see core/CMakeLists.txt.
//
// Generator: xoshiro256** seeded through splitmix64 (Blackman & Vigna, https://prng.di.unimi.it/).
// sin/cos: Cody-Waite reduction by pi/2 and Taylor polynomials on [-pi/4, pi/4] (|error| < 2e-16).
// log: x = m 2^e with m in [sqrt(1/2), sqrt(2)), log m = 2 atanh((m-1)/(m+1)) as an odd series.
// Normal deviates: Marsaglia's polar method, as the TensorFlow Playground's dataset.ts does.
#pragma once

#include <cmath>
#include <cstdint>

namespace relulab {
namespace portable {  // kept apart from random.h's Rng (the weight initialiser's generator)

inline std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

struct Rng {
  std::uint64_t s[4];
  explicit Rng(std::uint64_t seed) {
    for (auto& w : s) w = splitmix64(seed);
  }
  std::uint64_t next() {
    const std::uint64_t result = rotl(s[1] * 5, 7) * 9;
    const std::uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
  }
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }  // [0, 1)
  double uniform(double a, double b) { return a + (b - a) * uniform(); }
  // Uniform integer in [0, n), n > 0 (Lemire's multiply-shift; the tiny bias is irrelevant here).
  std::uint32_t below(std::uint32_t n) {
    return static_cast<std::uint32_t>(((next() >> 32) * static_cast<std::uint64_t>(n)) >> 32);
  }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
};

constexpr double pi = 3.141592653589793238462643383279502884;

namespace detail {
// r in [-pi/4, pi/4]
inline double sin_poly(double r) {
  const double r2 = r * r;
  double p = -1.0 / 1307674368000.0;  // -1/15!
  p = 1.0 / 6227020800.0 + r2 * p;    // 1/13!
  p = -1.0 / 39916800.0 + r2 * p;
  p = 1.0 / 362880.0 + r2 * p;
  p = -1.0 / 5040.0 + r2 * p;
  p = 1.0 / 120.0 + r2 * p;
  p = -1.0 / 6.0 + r2 * p;
  return r + r * r2 * p;
}
inline double cos_poly(double r) {
  const double r2 = r * r;
  double p = 1.0 / 20922789888000.0;  // 1/16!
  p = -1.0 / 87178291200.0 + r2 * p;  // 1/14!
  p = 1.0 / 479001600.0 + r2 * p;
  p = -1.0 / 3628800.0 + r2 * p;
  p = 1.0 / 40320.0 + r2 * p;
  p = -1.0 / 720.0 + r2 * p;
  p = 1.0 / 24.0 + r2 * p;
  p = -0.5 + r2 * p;
  return 1.0 + r2 * p;
}
// x = r + k pi/2, |r| <= pi/4 (Cody-Waite with a three-part pi/2; exact enough for |x| < 1e5).
inline double reduce_half_pi(double x, long* k) {
  const double kd = std::floor(x * (2.0 / pi) + 0.5);
  *k = static_cast<long>(kd);
  const double p1 = 1.57079632673412561417e+00, p2 = 6.07710050630396597660e-11,
               p3 = 2.02226624879595063154e-21;  // fdlibm's pio2_1, pio2_2, pio2_2t
  return ((x - kd * p1) - kd * p2) - kd * p3;
}
}  // namespace detail

inline double sin(double x) {
  long k;
  const double r = detail::reduce_half_pi(x, &k);
  switch (k & 3) {
    case 0: return detail::sin_poly(r);
    case 1: return detail::cos_poly(r);
    case 2: return -detail::sin_poly(r);
    default: return -detail::cos_poly(r);
  }
}

inline double cos(double x) {
  long k;
  const double r = detail::reduce_half_pi(x, &k);
  switch (k & 3) {
    case 0: return detail::cos_poly(r);
    case 1: return -detail::sin_poly(r);
    case 2: return -detail::cos_poly(r);
    default: return detail::sin_poly(r);
  }
}

// x > 0 and finite.
inline double log(double x) {
  int e;
  double m = std::frexp(x, &e);  // x = m 2^e, m in [0.5, 1), exact
  if (m < 0.70710678118654752) {
    m *= 2;
    e -= 1;
  }
  const double s = (m - 1) / (m + 1);  // |s| <= 0.1716
  const double s2 = s * s;
  double p = 1.0 / 23;
  for (int n = 21; n >= 1; n -= 2) p = 1.0 / n + s2 * p;
  const double ln2_hi = 6.93147180369123816490e-01, ln2_lo = 1.90821492927058770002e-10;
  return (e * ln2_hi + 2 * s * p) + e * ln2_lo;
}

// Standard normal deviate, Marsaglia's polar method.
inline double normal(Rng& rng) {
  double v1, v2, s;
  do {
    v1 = 2 * rng.uniform() - 1;
    v2 = 2 * rng.uniform() - 1;
    s = v1 * v1 + v2 * v2;
  } while (s >= 1 || s == 0);
  return std::sqrt(-2 * log(s) / s) * v1;
}

}  // namespace portable
}  // namespace relulab
