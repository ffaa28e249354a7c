// optimizer.cpp: the updates of optimizer.h, one parameter array at a time.
#include "optimizer.h"

#include <cmath>

namespace relulab {

namespace {

// Updates n parameters p from gradients d with moment buffers m, v. `l1`/`l2` are 0 for biases.
void update(const TrainSpec& spec, const OptimizerState& s, float* p, const float* d, float* m,
            float* v, long n, float l1, float l2) {
  const float lr = spec.learning_rate;
  for (long i = 0; i < n; ++i) {
    float g = d[i];
    if (l1 != 0) g += p[i] > 0 ? l1 : (p[i] < 0 ? -l1 : 0.0f);
    if (l2 != 0) g += l2 * p[i];
    switch (spec.optimizer) {
      case Optimizer::sgd:
      case Optimizer::count: p[i] -= lr * g; break;
      case Optimizer::momentum:
        m[i] = spec.momentum * m[i] + g;
        p[i] -= lr * m[i];
        break;
      case Optimizer::adam: {
        m[i] = spec.beta1 * m[i] + (1 - spec.beta1) * g;
        v[i] = spec.beta2 * v[i] + (1 - spec.beta2) * g * g;
        float m_hat = static_cast<float>(m[i] / (1 - s.beta1_power));
        float v_hat = static_cast<float>(v[i] / (1 - s.beta2_power));
        p[i] -= lr * m_hat / (std::sqrt(v_hat) + spec.epsilon);
        break;
      }
    }
  }
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

void optimizer_step(const TrainSpec& spec, OptimizerState& s, Network& net, const Gradients& g) {
  if (s.mW.size() != net.layers.size()) optimizer_reset(s, net);
  s.t += 1;
  s.beta1_power *= spec.beta1;
  s.beta2_power *= spec.beta2;
  for (size_t l = 0; l < net.layers.size(); ++l) {
    Layer& layer = net.layers[l];
    update(spec, s, layer.W.data(), g.dW[l].data(), s.mW[l].data(), s.vW[l].data(), layer.W.size(),
           spec.l1, spec.l2);
    update(spec, s, layer.b.data(), g.db[l].data(), s.mb[l].data(), s.vb[l].data(), layer.b.size(),
           0, 0);
    if (layer.slope.size() > 0)
      update(spec, s, layer.slope.data(), g.dslope[l].data(), s.ms[l].data(), s.vs[l].data(),
             layer.slope.size(), 0, 0);
  }
}

}  // namespace relulab
