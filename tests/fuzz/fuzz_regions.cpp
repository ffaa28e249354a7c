// fuzz_regions.cpp: fuzz target for the exact linear-region partition (core/regions_exact.cpp).
//
// The input bytes build a small piecewise-linear network (1-3 hidden layers of 1-6 units, any of the
// ReLU family, leaky ReLU, PReLU or linear units, inputs x1 and/or x2) whose weights come from a
// palette rich in degeneracies: zeros, +-1e-30, +-1e30, small integers (parallel and concurrent
// lines), exact copies of the previous row (coincident units) and its negation; and a domain from a
// few presets (the default, [0,1]^2, a tiny box, a box far from the origin). Invariants:
//   - an error is one of the documented refusals (magnitudes beyond 1e290, the polygon limit);
//   - otherwise the polygons tile the rectangle (areas sum to its area within 1e-9 relative), each
//     has positive area, three or more vertices inside the domain, and a distinct pattern;
//   - a forward pass in double at each centroid gives the polygon's pattern and its output map, to
//     1e-8 of the output's term scale. Term scales are measured as the partition measures them
//     (inputs at their largest over the domain); a unit within 1e-8 of its switch relative to its
//     term scale (100 times the partition's side tolerance) is not judged, and counts with its
//     larger gain in the output's scale.
#include <cmath>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "fuzz_common.h"
#include "nn/network.h"
#include "instruments/regions_exact.h"

using namespace relulab;

namespace {

struct Bytes {
  const std::uint8_t* p;
  std::size_t n, at = 0;
  std::uint8_t next() { return at < n ? p[at++] : 0; }
};

float weight(Bytes& in, float previous) {
  const std::uint8_t b = in.next();
  switch (b % 16) {
    case 0: return 0.0f;
    case 1: return 1e-30f;
    case 2: return -1e-30f;
    case 3: return 1e30f;
    case 4: return -1e30f;
    case 5: return previous;
    case 6: return -previous;
    case 7: return 1.0f;
    case 8: return -1.0f;
    default: return static_cast<float>(static_cast<int>(b) - 128) / 16.0f;  // multiples of 1/16
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Bytes in{data, size};
  static const Activation acts[] = {Activation::relu,       Activation::relu_neg,
                                    Activation::neg_relu,   Activation::neg_relu_neg,
                                    Activation::leaky_relu, Activation::prelu,
                                    Activation::linear};
  NetworkSpec spec;
  spec.features = 1u + in.next() % 3u;  // x1, x2 or both
  spec.hidden.clear();
  const int layers = 1 + in.next() % 3;
  for (int l = 0; l < layers; ++l)
    spec.hidden.push_back({1 + in.next() % 6, acts[in.next() % 7]});
  spec.output = Output::sigmoid_bce;
  Network net = make_network(spec, 2);
  for (Layer& L : net.layers) {
    float prev = 1.0f;
    for (int i = 0; i < L.out(); ++i) {
      const bool copy_row = i > 0 && in.next() % 4 == 0;  // a coincident unit, maybe negated/scaled
      const float scale = copy_row ? weight(in, 1.0f) : 1.0f;
      for (int j = 0; j < L.in(); ++j)
        prev = L.W(i, j) = copy_row ? scale * L.W(i - 1, j) : weight(in, prev);
      L.b(i) = copy_row ? scale * L.b(i - 1) : weight(in, prev);
      if (L.slope.size() == L.out()) L.slope(i) = weight(in, 0.25f);
    }
  }
  static const Rect domains[] = {{-6, 6, -6, 6}, {0, 1, 0, 1}, {-1e-3, 2e-3, -1e-3, 1e-3}, {1000, 1001, -1, 1}};
  ExactOptions o;
  o.domain = domains[in.next() % 4];
  o.max_polygons = 20000;
  Partition p;
  const std::string err = exact_partition(net, o, &p);
  if (!err.empty()) {
    FUZZ_CHECK(err.find("1e290") != std::string::npos || err.find("polygons") != std::string::npos ||
                   err.find("not finite") != std::string::npos,
               "unexpected refusal: " + err);
    FUZZ_CHECK(p.polygons() == 0, "a partition left behind on error");
    return 0;
  }
  const Rect& d = o.domain;
  FUZZ_CHECK(p.polygons() == p.regions, "regions != polygons");
  double sum = 0;
  std::set<std::vector<std::uint64_t>> patterns;
  const double slack = 1e-9 * std::max(d.x1 - d.x0, d.y1 - d.y0);
  for (int q = 0; q < p.polygons(); ++q) {
    FUZZ_CHECK(p.vertex_count(q) >= 3, "a polygon with fewer than 3 vertices");
    FUZZ_CHECK(p.area[q] > 0, "a polygon without area");
    sum += p.area[q];
    for (int k = p.first[q]; k < p.first[q + 1]; ++k)
      FUZZ_CHECK(p.vx[k] >= d.x0 - slack && p.vx[k] <= d.x1 + slack && p.vy[k] >= d.y0 - slack &&
                     p.vy[k] <= d.y1 + slack,
                 "a vertex outside the domain");
    patterns.emplace(p.patterns.begin() + static_cast<long>(q) * p.words,
                     p.patterns.begin() + static_cast<long>(q + 1) * p.words);
  }
  FUZZ_CHECK(std::fabs(sum - d.area()) <= 1e-9 * d.area(),
             "areas sum to " + std::to_string(sum) + " for a domain of " + std::to_string(d.area()));
  FUZZ_CHECK(static_cast<int>(patterns.size()) == p.polygons(), "two polygons share a pattern");

  // The forward pass in double at each centroid.
  for (int q = 0; q < p.polygons(); ++q) {
    double cx, cy;
    polygon_centroid(p, q, &cx, &cy);
    std::vector<double> a, s, z, zs;
    // Term scales as the partition measures them: inputs at their largest over the domain.
    if (spec.features & 1u) a.push_back(cx), s.push_back(std::max(std::fabs(d.x0), std::fabs(d.x1)));
    if (spec.features & 2u) a.push_back(cy), s.push_back(std::max(std::fabs(d.y0), std::fabs(d.y1)));
    int bit = 0;
    for (int l = 0; l < static_cast<int>(net.layers.size()); ++l) {
      const Layer& L = net.layers[l];
      z.assign(L.out(), 0.0);
      zs.assign(L.out(), 0.0);
      for (int i = 0; i < L.out(); ++i) {
        z[i] = L.b(i);
        zs[i] = std::fabs(double(L.b(i)));
        for (int j = 0; j < L.in(); ++j) {
          z[i] += double(L.W(i, j)) * a[j];
          zs[i] += std::fabs(double(L.W(i, j))) * s[j];
        }
      }
      if (l == net.hidden_count()) {
        const double m = map_value(p, q, 0, cx, cy);
        FUZZ_CHECK(std::fabs(m - z[0]) <= 1e-8 * (zs[0] + 1e-300),
                   "output map " + std::to_string(m) + " vs forward " + std::to_string(z[0]));
        break;
      }
      a.assign(L.out(), 0.0);
      s.assign(L.out(), 0.0);
      for (int i = 0; i < L.out(); ++i, ++bit) {
        const double v = z[i];
        bool on = v > 0;
        double gain = 1;  // a[i] = gain * v
        switch (L.activation) {
          case Activation::relu: gain = v > 0 ? 1 : 0; break;
          case Activation::relu_neg: on = v < 0, gain = v < 0 ? -1 : 0; break;
          case Activation::neg_relu: gain = v > 0 ? -1 : 0; break;
          case Activation::neg_relu_neg: on = v < 0, gain = v < 0 ? 1 : 0; break;
          case Activation::leaky_relu: gain = v > 0 ? 1 : double(leaky_slope); break;
          case Activation::prelu: gain = v > 0 ? 1 : double(L.slope(i)); break;
          default: on = true; break;
        }
        a[i] = gain * v;
        s[i] = std::fabs(gain) * zs[i];  // the size of the terms a[i] carries
        if (std::fabs(v) <= 1e-8 * zs[i]) {
          // At its switch within rounding (weights like 1e30 cancel): its side is not judged, and
          // either side's gain may carry the rounding of v into the output.
          double other = 1;
          switch (L.activation) {
            case Activation::leaky_relu: other = double(leaky_slope); break;
            case Activation::prelu: other = double(L.slope(i)); break;
            default: break;
          }
          s[i] = std::max(1.0, std::fabs(other)) * zs[i];
          continue;
        }
        FUZZ_CHECK(pattern_bit(p, q, l, i) == on,
                   "polygon " + std::to_string(q) + ": unit " + std::to_string(l) + "," +
                       std::to_string(i) + " is " + (on ? "on" : "off") + " at the centroid");
      }
    }
  }
  return 0;
}
