// fuzz_common.h: invariant checks and comparisons shared by the fuzz targets.
//
// A failed invariant prints what broke and aborts, which libFuzzer records as a crash (with the
// input saved) and the replay binary turns into a failed ctest. Plain assert() is not used because
// the sanitizer presets build with NDEBUG (RelWithDebInfo).
#pragma once

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "io/config.h"

#define FUZZ_CHECK(cond, what)                                                                 \
  do {                                                                                         \
    if (!(cond)) {                                                                             \
      std::fprintf(stderr, "%s:%d: invariant failed: %s\n  %s\n", __FILE__, __LINE__, #cond,   \
                   std::string(what).c_str());                                                 \
      std::abort();                                                                            \
    }                                                                                          \
  } while (0)

namespace relulab {

inline bool same_bits(float a, float b) { return std::memcmp(&a, &b, sizeof a) == 0; }

// Field by field; floats compared bit for bit (a round trip must be exact).
inline bool same_config(const Config& a, const Config& b) {
  const DataSpec &da = a.data, &db = b.data;
  if (da.kind != db.kind || da.points != db.points || !same_bits(da.noise, db.noise) ||
      !same_bits(da.train_fraction, db.train_fraction) || da.seed != db.seed)
    return false;
  // `classes` only matters where class_count() reads it.
  if (class_count(da) != class_count(db)) return false;
  const NetworkSpec &na = a.network, &nb = b.network;
  if (na.features != nb.features || na.output != nb.output || na.init != nb.init ||
      na.bias_init != nb.bias_init || na.seed != nb.seed || na.hidden.size() != nb.hidden.size())
    return false;
  for (size_t i = 0; i < na.hidden.size(); ++i)
    if (na.hidden[i].units != nb.hidden[i].units || na.hidden[i].activation != nb.hidden[i].activation)
      return false;
  const TrainSpec &ta = a.train, &tb = b.train;
  return ta.optimizer == tb.optimizer && same_bits(ta.learning_rate, tb.learning_rate) &&
         same_bits(ta.momentum, tb.momentum) && same_bits(ta.beta1, tb.beta1) &&
         same_bits(ta.beta2, tb.beta2) && same_bits(ta.epsilon, tb.epsilon) &&
         ta.batch_size == tb.batch_size && same_bits(ta.l1, tb.l1) && same_bits(ta.l2, tb.l2) &&
         same_bits(ta.activation_l1, tb.activation_l1);
}

// A recognisable non-default config, to detect outputs written on error.
inline Config sentinel_config() {
  Config c;
  c.data.kind = DataKind::moons;
  c.data.points = 123;
  c.network.hidden = {{3, Activation::tanh}};
  c.train.learning_rate = 0.125f;
  return c;
}

}  // namespace relulab
