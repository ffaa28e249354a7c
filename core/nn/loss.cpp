// loss.cpp: the four output links and losses of loss.h.
#include "nn/loss.h"

#include <cmath>

#include "nn/kernels.h"

namespace relulab {

void apply_link(Output o, MatrixR& Z) {
  const int n = static_cast<int>(Z.cols());
  switch (o) {
    case Output::tanh_mse: tanh_n(Z.data(), Z.data(), n); break;
    case Output::sigmoid_bce: sigmoid_n(Z.data(), Z.data(), n); break;
    case Output::softmax_ce:
      for (int s = 0; s < n; ++s) {
        float mx = Z.col(s).maxCoeff();
        double sum = 0;
        for (int c = 0; c < Z.rows(); ++c) sum += std::exp(static_cast<double>(Z(c, s) - mx));
        for (int c = 0; c < Z.rows(); ++c)
          Z(c, s) = static_cast<float>(std::exp(static_cast<double>(Z(c, s) - mx)) / sum);
      }
      break;
    case Output::linear_mse:
    case Output::count: break;
  }
}

int predicted_class(Output o, const MatrixR& Z, int s) {
  switch (o) {
    case Output::tanh_mse:
    case Output::sigmoid_bce: return Z(0, s) >= 0 ? 1 : 0;  // tanh(0) = 0, sigmoid(0) = 1/2
    case Output::softmax_ce: {
      int best = 0;
      for (int c = 1; c < Z.rows(); ++c)
        if (Z(c, s) > Z(best, s)) best = c;
      return best;
    }
    case Output::linear_mse:
    case Output::count: break;
  }
  return -1;
}

double loss_sum(Output o, const MatrixR& Z, const float* y, float grad_scale, MatrixR* dZ,
                long* correct, std::vector<int>* confusion, int classes) {
  const int n = static_cast<int>(Z.cols()), outs = static_cast<int>(Z.rows());
  if (dZ) dZ->resize(outs, n);
  // links of the one-output losses, vectorised: tanh or sigmoid (and softplus for the BCE value)
  thread_local std::vector<float> link, softplus;
  const float* z = Z.data();
  if (o == Output::tanh_mse || o == Output::sigmoid_bce) {
    link.resize(n);
    if (o == Output::tanh_mse) {
      tanh_n(z, link.data(), n);
    } else {
      softplus.resize(n);
      sigmoid_n(z, link.data(), n);
      softplus_n(z, softplus.data(), n);
    }
  }
  float* d = dZ ? dZ->data() : nullptr;
  double total = 0;
  for (int s = 0; s < n; ++s) {
    switch (o) {
      case Output::tanh_mse: {
        const float p = link[s], r = p - (y[s] > 0.5f ? 1.0f : -1.0f);
        total += 0.5 * r * r;
        if (d) d[s] = grad_scale * r * (1 - p * p);
        break;
      }
      case Output::sigmoid_bce:
        total += softplus[s] - static_cast<double>(y[s]) * z[s];
        if (d) d[s] = grad_scale * (link[s] - y[s]);
        break;
      case Output::softmax_ce: {
        double mx = Z.col(s).maxCoeff(), sum = 0;
        for (int c = 0; c < outs; ++c) sum += std::exp(Z(c, s) - mx);
        const int label = static_cast<int>(y[s]);
        total += mx + std::log(sum) - Z(label, s);
        if (dZ)
          for (int c = 0; c < outs; ++c)
            (*dZ)(c, s) = static_cast<float>(
                grad_scale * (std::exp(Z(c, s) - mx) / sum - (c == label ? 1.0 : 0.0)));
        break;
      }
      case Output::linear_mse:
      case Output::count: {
        const float r = z[s] - y[s];
        total += 0.5 * r * r;
        if (d) d[s] = grad_scale * r;
        break;
      }
    }
    if (o != Output::linear_mse && (correct || confusion)) {
      int truth = static_cast<int>(y[s] + 0.5f), pred = predicted_class(o, Z, s);
      if (correct && pred == truth) ++*correct;
      if (confusion && truth >= 0 && truth < classes && pred >= 0 && pred < classes)
        (*confusion)[truth * classes + pred] += 1;
    }
  }
  return total;
}

}  // namespace relulab
