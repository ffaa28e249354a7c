// transform.h: the plane as seen by a hidden layer, as the ConvNetJS 2-D classification demo draws
// it (Karpathy, convnetjs/demo/classify2d.html, "transformed representation").
//
// Two units (a, b) of hidden layer l are taken as axes; every data point x is drawn at
// (h_a(x), h_b(x)), and a regular grid of lines over the input domain is pushed through the same map
// as finely sampled polylines, so one sees how each layer folds and stretches the plane (a ReLU
// layer folds whole half-planes onto the axes: the points pile up on the lines h = 0).
#pragma once

#include <string>
#include <vector>

#include "data/dataset.h"
#include "nn/network.h"

namespace relulab {

struct TransformSpec {
  int layer = 0;                           // hidden layer, 0..hidden_count-1
  int unit_a = 0, unit_b = 1;              // the two axes (may be equal)
  int lines = 20;                          // grid lines per direction, 2..200
  int samples = 100;                       // points per line, 2..2000
  float x0 = -6, x1 = 6, y0 = -6, y1 = 6;  // input domain the grid covers
};

struct TransformedSpace {
  TransformSpec spec;
  // data points mapped, in the order of data.train then data.test
  std::vector<float> train_a, train_b, train_label, test_a, test_b, test_label;
  // grid polylines: first the lines of constant x2 (running along x1), then those of constant x1;
  // each is `samples` interleaved (a, b) pairs
  std::vector<std::vector<float>> lines;
  float lo_a = 0, hi_a = 0, lo_b = 0, hi_b = 0;  // bounds of points and lines together
};

// Returns an error message (layer or unit out of range, bad sizes) and leaves *out untouched, or "".
std::string transform_space(const Network& net, const Dataset& data, const TransformSpec& spec,
                            TransformedSpace* out);

}  // namespace relulab
