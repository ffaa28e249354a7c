// optimizer.cpp: the updates of optimizer.h, one vectorisable pass per parameter array.
//
// The optimiser and the penalties are chosen once per array (template arguments), so each loop is
// branch-free element-wise float arithmetic the compiler vectorises (AVX-512 / SIMD128). Adam's bias
// corrections 1 / (1 - b^t) are formed once per step in double; m_hat and v_hat are the float
// roundings of the double products m / (1 - b1^t), v / (1 - b2^t) (a product by the reciprocal
// instead of a quotient: the float result differs only when the double result lies within one
// double ulp of a float rounding boundary). Every operation is sign-symmetric (-g, -p, -m give
// exactly -update; v only sees g^2) and NaN propagates as in any float arithmetic.
#include "nn/optimizer.h"

#include <cmath>
#include <cstdint>
#include <cstring>

namespace relulab {

namespace {

// 1 when x is infinite or NaN (all exponent bits set), else 0: an integer test that vectorises.
inline std::uint32_t not_finite(float x) {
  std::uint32_t bits;
  std::memcpy(&bits, &x, sizeof bits);
  return (bits & 0x7f800000u) == 0x7f800000u;
}

struct Coefficients {
  float lr, l1, l2, mu, b1, c1, b2, c2, eps;  // c1 = 1 - b1, c2 = 1 - b2 (float)
  double r1, r2;                              // 1 / (1 - b1^t), 1 / (1 - b2^t)
};

// dst = src updated from gradients d with moment buffers m, v (n elements). dst may equal src;
// d, m, v do not overlap dst. Returns whether all of dst is finite.
template <Optimizer O, bool L1, bool L2>
bool update(const Coefficients& c, const float* src, float* dst, const float* __restrict d,
            float* __restrict m, float* __restrict v, long n) {
  std::uint32_t bad = 0;
  for (long i = 0; i < n; ++i) {
    const float p = src[i];
    float g = d[i];
    if constexpr (L1) g += p > 0 ? c.l1 : (p < 0 ? -c.l1 : 0.0f);
    if constexpr (L2) g += c.l2 * p;
    if constexpr (O == Optimizer::momentum) {
      const float mi = c.mu * m[i] + g;
      m[i] = mi;
      dst[i] = p - c.lr * mi;
    } else if constexpr (O == Optimizer::adam) {
      const float mi = c.b1 * m[i] + c.c1 * g;
      const float vi = c.b2 * v[i] + c.c2 * g * g;
      m[i] = mi;
      v[i] = vi;
      const float m_hat = static_cast<float>(mi * c.r1);
      const float v_hat = static_cast<float>(vi * c.r2);
      dst[i] = p - c.lr * m_hat / (std::sqrt(v_hat) + c.eps);
    } else {
      dst[i] = p - c.lr * g;
    }
    bad |= not_finite(dst[i]);
  }
  return bad == 0;
}

using UpdateFn = bool (*)(const Coefficients&, const float*, float*, const float*, float*, float*,
                          long);

template <Optimizer O>
UpdateFn pick(bool l1, bool l2) {
  if (l1) return l2 ? update<O, true, true> : update<O, true, false>;
  return l2 ? update<O, false, true> : update<O, false, false>;
}

// The update for weights (with penalties l1, l2) or for biases and slopes (l1 = l2 = false).
UpdateFn pick(Optimizer o, bool l1, bool l2) {
  switch (o) {
    case Optimizer::momentum: return pick<Optimizer::momentum>(l1, l2);
    case Optimizer::adam: return pick<Optimizer::adam>(l1, l2);
    case Optimizer::sgd:
    case Optimizer::count: break;
  }
  return pick<Optimizer::sgd>(l1, l2);
}

}  // namespace

void optimizer_reset(OptimizerState& s, const Network& net) {
  const size_t L = net.layers.size();
  s.mW.resize(L);
  s.vW.resize(L);
  s.mb.resize(L);
  s.vb.resize(L);
  s.ms.resize(L);
  s.vs.resize(L);
  for (size_t l = 0; l < L; ++l) {
    const Layer& layer = net.layers[l];
    s.mW[l].setZero(layer.W.rows(), layer.W.cols());
    s.vW[l].setZero(layer.W.rows(), layer.W.cols());
    s.mb[l].setZero(layer.b.size());
    s.vb[l].setZero(layer.b.size());
    s.ms[l].setZero(layer.slope.size());
    s.vs[l].setZero(layer.slope.size());
  }
  s.t = 0;
  s.beta1_power = s.beta2_power = 1;
}

bool optimizer_step(const TrainSpec& spec, OptimizerState& s, const Network& from, Network& to,
                    const Gradients& g) {
  if (s.mW.size() != from.layers.size()) optimizer_reset(s, from);
  s.t += 1;
  s.beta1_power *= spec.beta1;
  s.beta2_power *= spec.beta2;
  Coefficients c;
  c.lr = spec.learning_rate;
  c.l1 = spec.l1;
  c.l2 = spec.l2;
  c.mu = spec.momentum;
  c.b1 = spec.beta1;
  c.c1 = 1 - spec.beta1;
  c.b2 = spec.beta2;
  c.c2 = 1 - spec.beta2;
  c.eps = spec.epsilon;
  c.r1 = 1 / (1 - s.beta1_power);
  c.r2 = 1 / (1 - s.beta2_power);
  const UpdateFn weights = pick(spec.optimizer, spec.l1 != 0, spec.l2 != 0);
  const UpdateFn plain = pick(spec.optimizer, false, false);
  bool finite = true;
  for (size_t l = 0; l < from.layers.size(); ++l) {
    const Layer& src = from.layers[l];
    Layer& dst = to.layers[l];
    finite &= weights(c, src.W.data(), dst.W.data(), g.dW[l].data(), s.mW[l].data(), s.vW[l].data(),
                      src.W.size());
    finite &= plain(c, src.b.data(), dst.b.data(), g.db[l].data(), s.mb[l].data(), s.vb[l].data(),
                    src.b.size());
    if (src.slope.size() > 0)
      finite &= plain(c, src.slope.data(), dst.slope.data(), g.dslope[l].data(), s.ms[l].data(),
                      s.vs[l].data(), src.slope.size());
  }
  return finite;
}

void optimizer_step(const TrainSpec& spec, OptimizerState& s, Network& net, const Gradients& g) {
  optimizer_step(spec, s, net, net, g);
}

bool all_finite(const float* x, long n) {
  std::uint32_t bad = 0;
  for (long i = 0; i < n; ++i) bad |= not_finite(x[i]);
  return bad == 0;
}

bool all_finite(const Gradients& g) {
  for (size_t l = 0; l < g.dW.size(); ++l)
    if (!all_finite(g.dW[l].data(), g.dW[l].size()) ||
        !all_finite(g.db[l].data(), g.db[l].size()) ||
        !all_finite(g.dslope[l].data(), g.dslope[l].size()))
      return false;
  return true;
}

}  // namespace relulab
