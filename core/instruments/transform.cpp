// transform.cpp: data points and grid lines pushed through the network to one hidden layer.
//
// All points (data, then grid samples) go through one batched forward pass; A[l] rows unit_a and
// unit_b are the coordinates. Cost: one forward pass of (points + 2 lines samples) samples.
#include "instruments/transform.h"

#include <algorithm>
#include <limits>

namespace relulab {

std::string transform_space(const Network& net, const Dataset& data, const TransformSpec& spec,
                            TransformedSpace* out) {
  const int hidden = net.hidden_count();
  if (hidden < 1) return "transformed space: the network has no hidden layer";
  if (spec.layer < 0 || spec.layer >= hidden)
    return "transformed space: layer " + std::to_string(spec.layer) + " is out of range 0.." +
           std::to_string(hidden - 1);
  const int units = net.layers[spec.layer].out();
  for (int u : {spec.unit_a, spec.unit_b})
    if (u < 0 || u >= units)
      return "transformed space: unit " + std::to_string(u) + " is out of range 0.." +
             std::to_string(units - 1) + " of layer " + std::to_string(spec.layer);
  if (spec.lines < 2 || spec.lines > 200 || spec.samples < 2 || spec.samples > 2000)
    return "transformed space: lines must be 2..200 and samples 2..2000";
  if (!(spec.x1 > spec.x0) || !(spec.y1 > spec.y0)) return "transformed space: empty domain";

  const int n_train = static_cast<int>(data.train.size()),
            n_test = static_cast<int>(data.test.size());
  const int per_dir = spec.lines * spec.samples;
  const int n = n_train + n_test + 2 * per_dir;
  std::vector<float> x1(n), x2(n);
  int k = 0;
  for (const auto* set : {&data.train, &data.test})
    for (const Point& p : *set) {
      x1[k] = p.x1;
      x2[k] = p.x2;
      ++k;
    }
  auto lerp = [](float a, float b, int i, int count) { return a + (b - a) * i / (count - 1); };
  for (int dir = 0; dir < 2; ++dir)
    for (int line = 0; line < spec.lines; ++line)
      for (int s = 0; s < spec.samples; ++s, ++k) {
        const float along_x = lerp(spec.x0, spec.x1, s, spec.samples);
        const float along_y = lerp(spec.y0, spec.y1, s, spec.samples);
        x1[k] = dir == 0 ? along_x : lerp(spec.x0, spec.x1, line, spec.lines);
        x2[k] = dir == 0 ? lerp(spec.y0, spec.y1, line, spec.lines) : along_y;
      }

  MatrixR X;
  expand_features(net.spec.features, x1.data(), x2.data(), n, X);
  Forward f;
  forward(net, X, f);
  const float* a = f.A[spec.layer].row(spec.unit_a).data();
  const float* b = f.A[spec.layer].row(spec.unit_b).data();

  TransformedSpace t;
  t.spec = spec;
  t.train_a.assign(a, a + n_train);
  t.train_b.assign(b, b + n_train);
  t.test_a.assign(a + n_train, a + n_train + n_test);
  t.test_b.assign(b + n_train, b + n_train + n_test);
  for (const Point& p : data.train) t.train_label.push_back(p.label);
  for (const Point& p : data.test) t.test_label.push_back(p.label);
  t.lines.resize(2 * spec.lines);
  for (int line = 0; line < 2 * spec.lines; ++line) {
    std::vector<float>& poly = t.lines[line];
    poly.resize(2 * spec.samples);
    const int first = n_train + n_test + line * spec.samples;
    for (int s = 0; s < spec.samples; ++s) {
      poly[2 * s] = a[first + s];
      poly[2 * s + 1] = b[first + s];
    }
  }
  float lo_a = std::numeric_limits<float>::infinity(), hi_a = -lo_a, lo_b = lo_a, hi_b = -lo_a;
  for (int i = 0; i < n; ++i) {
    lo_a = std::min(lo_a, a[i]);
    hi_a = std::max(hi_a, a[i]);
    lo_b = std::min(lo_b, b[i]);
    hi_b = std::max(hi_b, b[i]);
  }
  t.lo_a = lo_a;
  t.hi_a = hi_a;
  t.lo_b = lo_b;
  t.hi_b = hi_b;
  *out = std::move(t);
  return "";
}

}  // namespace relulab
