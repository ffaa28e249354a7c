// random.h: the two seeded generators, with uniform, integer and normal draws written once.
//
// Two streams, both fixed by what they have drawn so far (every data set, every initial weight and
// minibatch order, the recorded numbers in tests and docs/experiments.md): changing either
// algorithm would change every run, so both stay, sharing the splitmix64 mixer and the draws.
//   Rng      splitmix64 (Steele, Lea, Flood 2014): the weight initialiser and the minibatch order;
//            its draws are independent of each other, so next_n() computes a block without a
//            carried dependence (compilers vectorise it).
//   DataRng  xoshiro256** seeded through splitmix64 (Blackman & Vigna, https://prng.di.unimi.it/):
//            the data generators.
// std::normal_distribution differs between libstdc++ and libc++, and libm's log between glibc and
// emscripten's musl, so both are avoided: normals come from Marsaglia's polar method (Marsaglia &
// Bray 1964, as the TensorFlow Playground's dataset.ts draws them) with portable::log, so native and
// wasm builds draw identical values for a seed.
#pragma once

#include <cmath>
#include <cstdint>

#include "nn/portable_math.h"

namespace relulab {

#if defined(__clang__)
#pragma clang fp contract(off)
#endif

// splitmix64's increment (the golden ratio in 64 bits) and its output mixer.
constexpr std::uint64_t splitmix64_increment = 0x9e3779b97f4a7c15ull;
inline std::uint64_t splitmix64_mix(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

// The draws, for an Engine with next() giving 64 uniform bits.
template <class Engine>
struct RandomDraws {
  // below(n) for a draw r of next(): [0, n) by Lemire's multiply-shift, bias < 2^-32
  static std::uint32_t below(std::uint64_t r, std::uint32_t n) {
    return static_cast<std::uint32_t>(((r >> 32) * static_cast<std::uint64_t>(n)) >> 32);
  }
  std::uint32_t below(std::uint32_t n) { return below(engine().next(), n); }
  double uniform() { return static_cast<double>(engine().next() >> 11) * 0x1.0p-53; }  // [0, 1)
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  // Standard normal deviate, Marsaglia's polar method.
  double normal() {
    for (;;) {
      const double u = uniform(-1, 1), v = uniform(-1, 1), s = u * u + v * v;
      if (s > 0 && s < 1) return u * std::sqrt(-2 * portable::log(s) / s);
    }
  }

 private:
  Engine& engine() { return static_cast<Engine&>(*this); }
};

struct Rng : RandomDraws<Rng> {
  std::uint64_t state = 0;
  explicit Rng(std::uint64_t seed = 0) : state(seed) {}
  std::uint64_t next() { return splitmix64_mix(state += splitmix64_increment); }
  // The next n values of next() into out[0, n): the same draws, as a loop without a carried
  // dependence (compilers vectorise it). Fisher-Yates shuffles draw their indices in blocks.
  void next_n(std::uint64_t* out, int n) {
    const std::uint64_t s = state;
    for (int k = 0; k < n; ++k)
      out[k] = splitmix64_mix(s + static_cast<std::uint64_t>(k + 1) * splitmix64_increment);
    state = s + static_cast<std::uint64_t>(n) * splitmix64_increment;
  }
};

struct DataRng : RandomDraws<DataRng> {
  std::uint64_t s[4];
  explicit DataRng(std::uint64_t seed) {
    for (auto& w : s) w = splitmix64_mix(seed += splitmix64_increment);
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

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
};

#if defined(__clang__)
#pragma clang fp contract(on)
#endif

}  // namespace relulab
