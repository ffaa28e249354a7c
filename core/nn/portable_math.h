// portable_math.h: the few transcendental functions the data generators and the weight
// initialiser's normal draws need, written with + - * / and sqrt only, so that the native build
// (glibc) and the WebAssembly build (musl) compute bit-identical data sets and weights.
//
// IEEE 754 makes + - * / and sqrt correctly rounded on every platform; libm's sin, cos and log are
// not (glibc and musl differ in the last bit). Code using these must not fuse a * b + c into an
// FMA: the file is compiled with -ffp-contract=off (core/CMakeLists.txt), and the clang pragma
// below keeps these bodies unfused whatever the including file's setting.
//
// sin/cos: Cody-Waite reduction by pi/2 and Taylor polynomials on [-pi/4, pi/4] (|error| < 2e-16).
// log: x = m 2^e with m in [sqrt(1/2), sqrt(2)), log m = 2 atanh((m-1)/(m+1)) as an odd series.
#pragma once

#include <cmath>

namespace relulab {
namespace portable {

#if defined(__clang__)
#pragma clang fp contract(off)
#endif

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

#if defined(__clang__)
#pragma clang fp contract(on)
#endif

}  // namespace portable
}  // namespace relulab
