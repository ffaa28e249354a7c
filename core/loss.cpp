// loss.cpp: the four output links and losses of loss.h.
#include "loss.h"

#include <cmath>

namespace relulab {

namespace {

double sigmoid_d(double z) {
  if (z >= 0) return 1 / (1 + std::exp(-z));
  double e = std::exp(z);
  return e / (1 + e);
}

}  // namespace

void apply_link(Output o, MatrixR& Z) {
  const int n = static_cast<int>(Z.cols());
  switch (o) {
    case Output::tanh_mse:
      for (int s = 0; s < n; ++s) Z(0, s) = std::tanh(Z(0, s));
      break;
    case Output::sigmoid_bce:
      for (int s = 0; s < n; ++s) Z(0, s) = static_cast<float>(sigmoid_d(Z(0, s)));
      break;
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
  double total = 0;
  for (int s = 0; s < n; ++s) {
    const double z = Z(0, s);
    switch (o) {
      case Output::tanh_mse: {
        double p = std::tanh(z), t = y[s] > 0.5f ? 1.0 : -1.0;
        total += 0.5 * (p - t) * (p - t);
        if (dZ) (*dZ)(0, s) = static_cast<float>(grad_scale * (p - t) * (1 - p * p));
        break;
      }
      case Output::sigmoid_bce: {
        double yy = y[s];
        total += (z > 0 ? z : 0) - yy * z + std::log1p(std::exp(-std::fabs(z)));
        if (dZ) (*dZ)(0, s) = static_cast<float>(grad_scale * (sigmoid_d(z) - yy));
        break;
      }
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
        double r = z - y[s];
        total += 0.5 * r * r;
        if (dZ) (*dZ)(0, s) = static_cast<float>(grad_scale * r);
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
