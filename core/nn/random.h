// random.h: a small portable PRNG (splitmix64) with uniform and normal draws.
//
// std::normal_distribution differs between libstdc++ and libc++, and libm's log differs between
// glibc and emscripten's musl in the last bit, so both are avoided: normals come from Marsaglia's
// polar method with a logarithm written out in +, *, / only (IEEE-exact operations), so native and
// wasm builds draw identical weights for a seed. Reference: Steele, Lea, Flood 2014 (splitmix64);
// Marsaglia & Bray 1964 (polar method).
#pragma once

#include <cmath>
#include <cstdint>

namespace relulab {

#if defined(__clang__)
#pragma clang fp contract(off)
#endif

// Natural log of x > 0: x = m 2^e with m in [sqrt(1/2), sqrt(2)), log m = 2 atanh(f), f = (m-1)/(m+1),
// summed as the odd series 2 (f + f^3/3 + ...); |f| <= 0.172 so 14 terms reach double precision.
inline double portable_log(double x) {
  int e = 0;
  double m = std::frexp(x, &e);  // exact: x = m 2^e, m in [0.5, 1)
  if (m < 0.70710678118654752) {
    m *= 2;
    e -= 1;
  }
  double f = (m - 1) / (m + 1), f2 = f * f, term = f, sum = 0;
  for (int k = 1; k <= 29; k += 2) {
    sum += term / k;
    term *= f2;
  }
  return 2 * sum + e * 0.69314718055994531;
}

struct Rng {
  std::uint64_t state = 0;
  explicit Rng(std::uint64_t seed = 0) : state(seed) {}
  static constexpr std::uint64_t increment = 0x9e3779b97f4a7c15ull;
  static std::uint64_t mix(std::uint64_t z) {
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  std::uint64_t next() { return mix(state += increment); }
  // The next n values of next() into out[0, n): the same draws, as a loop without a carried
  // dependence (compilers vectorise it). Fisher-Yates shuffles draw their indices in blocks.
  void next_n(std::uint64_t* out, int n) {
    const std::uint64_t s = state;
    for (int k = 0; k < n; ++k) out[k] = mix(s + static_cast<std::uint64_t>(k + 1) * increment);
    state = s + static_cast<std::uint64_t>(n) * increment;
  }
  // below(n) for a draw r of next()
  static std::uint32_t below(std::uint64_t r, std::uint32_t n) {
    return static_cast<std::uint32_t>(((r >> 32) * static_cast<std::uint64_t>(n)) >> 32);
  }
  double uniform() { return static_cast<double>(next() >> 11) * (1.0 / 9007199254740992.0); }  // [0,1)
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  // [0, n), multiply-shift (Lemire), bias < 2^-32
  std::uint32_t below(std::uint32_t n) { return below(next(), n); }
  double normal() {
    for (;;) {
      double u = uniform(-1, 1), v = uniform(-1, 1), s = u * u + v * v;
      if (s > 0 && s < 1) return u * std::sqrt(-2 * portable_log(s) / s);
    }
  }
};

#if defined(__clang__)
#pragma clang fp contract(on)
#endif

}  // namespace relulab
