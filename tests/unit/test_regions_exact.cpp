// test_regions_exact.cpp: the exact partition into linear regions (core/regions_exact.h).
//
// Known answers computed by hand (lines in general position, parallel, coincident, dead units,
// cones through the origin, tent maps with 4^L regions), an independent count for one hidden layer
// (Euler: 1 + lines crossing the rectangle + crossings inside it), a reference forward pass in
// double written here (patterns and outputs at centroids, vertices and sample points), and a fine
// grid of that reference: the grid can only miss regions, and it must see every polygon wide enough
// to contain a grid point.
#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <set>
#include <vector>

#include "instruments/grid.h"
#include "nn/random.h"
#include "instruments/regions_exact.h"

using namespace relulab;

namespace {

// ---- the reference: a forward pass in double, written from the activations' definitions --------
struct RefEval {
  std::vector<char> bits;  // per hidden unit, layer then unit: 1 = active
  std::vector<double> out;  // output layer, pre-link
  std::vector<double> margin;  // per hidden unit: |z| / (term scale), how far from its switch
};

RefEval ref_eval(const Network& net, double x1, double x2) {
  RefEval r;
  std::vector<double> a, s, z, zs;
  if (net.spec.features & 1u) {
    a.push_back(x1);
    s.push_back(std::fabs(x1));
  }
  if (net.spec.features & 2u) {
    a.push_back(x2);
    s.push_back(std::fabs(x2));
  }
  for (int l = 0; l < static_cast<int>(net.layers.size()); ++l) {
    const Layer& L = net.layers[l];
    z.assign(L.out(), 0.0);
    zs.assign(L.out(), 0.0);
    for (int i = 0; i < L.out(); ++i) {
      z[i] = L.b(i);
      zs[i] = std::fabs(L.b(i));
      for (int j = 0; j < L.in(); ++j) {
        z[i] += double(L.W(i, j)) * a[j];
        zs[i] += std::fabs(double(L.W(i, j))) * s[j];
      }
    }
    if (l == net.hidden_count()) {
      r.out = z;
      break;
    }
    a.assign(L.out(), 0.0);
    s.assign(L.out(), 0.0);
    for (int i = 0; i < L.out(); ++i) {
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
        case Activation::linear: on = true; break;
        default: FAIL("not piecewise linear");
      }
      a[i] = gain * v;
      s[i] = std::fabs(gain) * zs[i];  // the size of the terms a[i] carries
      r.bits.push_back(on);
      r.margin.push_back(zs[i] > 0 ? std::fabs(v) / zs[i] : (v == 0 ? 0 : 1));
    }
  }
  return r;
}

std::vector<char> stored_bits(const Partition& p, int q) {
  std::vector<char> b;
  for (int l = 0; l < p.layers; ++l)
    for (int i = 0; i < p.layer_units[l]; ++i) b.push_back(pattern_bit(p, q, l, i));
  return b;
}

Network net_from(const std::vector<std::vector<std::vector<float>>>& W,
                 const std::vector<std::vector<float>>& b, Activation act = Activation::relu,
                 unsigned features = 0b11) {
  NetworkSpec s;
  s.features = features;
  s.hidden.clear();
  for (size_t l = 0; l + 1 < W.size(); ++l) s.hidden.push_back({static_cast<int>(W[l].size()), act});
  s.output = Output::sigmoid_bce;
  Network net = make_network(s, 2);
  for (size_t l = 0; l < W.size(); ++l) {
    Layer& L = net.layers[l];
    REQUIRE(L.out() == static_cast<int>(W[l].size()));
    for (int i = 0; i < L.out(); ++i) {
      REQUIRE(L.in() == static_cast<int>(W[l][i].size()));
      for (int j = 0; j < L.in(); ++j) L.W(i, j) = W[l][i][j];
      L.b(i) = b[l][i];
    }
  }
  return net;
}

// One hidden layer with the given lines (w1, w2, b) and a plain readout.
Network lines_net(const std::vector<std::array<float, 3>>& lines, Activation act = Activation::relu) {
  std::vector<std::vector<float>> W1, W2(1);
  std::vector<float> b1;
  for (const auto& l : lines) {
    W1.push_back({l[0], l[1]});
    b1.push_back(l[2]);
    W2[0].push_back(1.0f);
  }
  return net_from({W1, W2}, {b1, {0.0f}}, act);
}

long count(const Network& net, Rect d = Rect{}) {
  Partition p;
  ExactOptions o;
  o.domain = d;
  const std::string err = exact_partition(net, o, &p);
  REQUIRE_MESSAGE(err.empty(), err);
  return p.regions;
}

Network random_net(std::uint64_t seed, std::vector<LayerSpec> hidden, BiasInit bias = BiasInit::playground,
                   Output out = Output::sigmoid_bce, int classes = 2) {
  NetworkSpec s;
  s.hidden = std::move(hidden);
  s.seed = seed;
  s.bias_init = bias;
  s.output = out;
  Network net = make_network(s, classes);
  // Playground biases are all 0.1: spread them so lines do not all pass near the origin.
  Rng rng(seed * 7919 + 3);
  for (int l = 0; l < net.hidden_count(); ++l)
    for (int i = 0; i < net.layers[l].out(); ++i) net.layers[l].b(i) = static_cast<float>(rng.normal() * 1.5);
  return net;
}

// Invariants every partition must satisfy (returns the polygon count checked).
void check_invariants(const Network& net, const Partition& p) {
  const Rect& d = p.domain;
  REQUIRE(p.polygons() > 0);
  // areas tile the rectangle; every polygon is convex, counter-clockwise, positive area
  double sum = 0;
  for (int q = 0; q < p.polygons(); ++q) {
    CHECK(p.area[q] > 0);
    sum += p.area[q];
    const int f = p.first[q], n = p.vertex_count(q);
    REQUIRE(n >= 3);
    for (int k = 0; k < n; ++k) {
      const int a = f + k, b = f + (k + 1) % n, c = f + (k + 2) % n;
      const double cr = (p.vx[b] - p.vx[a]) * (p.vy[c] - p.vy[b]) - (p.vy[b] - p.vy[a]) * (p.vx[c] - p.vx[b]);
      const double scale = std::hypot(p.vx[b] - p.vx[a], p.vy[b] - p.vy[a]) *
                           std::hypot(p.vx[c] - p.vx[b], p.vy[c] - p.vy[b]);
      CHECK(cr >= -1e-9 * scale);  // no reflex corner
      CHECK(p.vx[a] >= d.x0 - 1e-9);
      CHECK(p.vx[a] <= d.x1 + 1e-9);
      CHECK(p.vy[a] >= d.y0 - 1e-9);
      CHECK(p.vy[a] <= d.y1 + 1e-9);
    }
  }
  CHECK(std::fabs(sum - d.area()) <= 1e-9 * d.area());
  // the count is of distinct patterns
  std::set<std::vector<char>> patterns;
  for (int q = 0; q < p.polygons(); ++q) patterns.insert(stored_bits(p, q));
  CHECK(static_cast<long>(patterns.size()) == p.regions);
  if (p.layers > 0) CHECK(p.regions_after_layer.back() == p.regions);
  // the reference forward pass at each centroid gives the polygon's pattern and output map
  int mismatched = 0;
  for (int q = 0; q < p.polygons(); ++q) {
    double cx, cy;
    polygon_centroid(p, q, &cx, &cy);
    const RefEval r = ref_eval(net, cx, cy);
    if (r.bits != stored_bits(p, q)) ++mismatched;
    if (p.outputs)
      for (int k = 0; k < p.outputs; ++k) {
        const double m = map_value(p, q, k, cx, cy);
        CHECK(m == doctest::Approx(r.out[k]).epsilon(1e-9).scale(1.0));
      }
  }
  CHECK(mismatched == 0);
}

// The output at each vertex agrees with the map of every polygon that touches the vertex (the
// network is continuous). O(polygons^2): small partitions only.
void check_continuity(const Partition& p) {
  REQUIRE(p.outputs > 0);
  const double tol = 1e-9 * std::max(p.domain.x1 - p.domain.x0, p.domain.y1 - p.domain.y0);
  int touching = 0;
  for (int q = 0; q < p.polygons(); ++q)
    for (int k = p.first[q]; k < p.first[q + 1]; ++k) {
      const double x = p.vx[k], y = p.vy[k];
      for (int r = 0; r < p.polygons(); ++r) {
        if (r == q) continue;
        double margin = HUGE_VAL;  // signed distance from r's boundary (inside > 0)
        for (int e = p.first[r]; e < p.first[r + 1]; ++e) {
          const int en = e + 1 == p.first[r + 1] ? p.first[r] : e + 1;
          const double ex = p.vx[en] - p.vx[e], ey = p.vy[en] - p.vy[e], len = std::hypot(ex, ey);
          margin = std::min(margin, (ex * (y - p.vy[e]) - ey * (x - p.vx[e])) / len);
        }
        if (margin < -tol) continue;
        ++touching;
        for (int o = 0; o < p.outputs; ++o) {
          const double a = map_value(p, q, o, x, y), b = map_value(p, r, o, x, y);
          CHECK(a == doctest::Approx(b).epsilon(1e-7).scale(1.0));
        }
      }
    }
  CHECK(touching > 0);
}

// Pattern of the reference at the centres of a side x side grid over the domain.
std::set<std::vector<char>> grid_patterns(const Network& net, const Rect& d, int side) {
  std::set<std::vector<char>> out;
  for (int r = 0; r < side; ++r)
    for (int c = 0; c < side; ++c)
      out.insert(ref_eval(net, d.x0 + (c + 0.5) * (d.x1 - d.x0) / side,
                          d.y0 + (r + 0.5) * (d.y1 - d.y0) / side).bits);
  return out;
}

// Least width of a convex polygon (over its edge directions).
double min_width(const Partition& p, int q) {
  double w = HUGE_VAL;
  for (int e = p.first[q]; e < p.first[q + 1]; ++e) {
    const int en = e + 1 == p.first[q + 1] ? p.first[q] : e + 1;
    const double ex = p.vx[en] - p.vx[e], ey = p.vy[en] - p.vy[e], len = std::hypot(ex, ey);
    if (len == 0) continue;
    double far = 0;
    for (int k = p.first[q]; k < p.first[q + 1]; ++k)
      far = std::max(far, std::fabs(ex * (p.vy[k] - p.vy[e]) - ey * (p.vx[k] - p.vx[e])) / len);
    w = std::min(w, far);
  }
  return w;
}

}  // namespace

TEST_CASE("exact regions: hand-computed arrangements of lines") {
  // one unit: 2 regions; two crossing lines: 4; three lines in general position: 7
  CHECK(count(lines_net({{1, 1, 0.5f}})) == 2);
  CHECK(count(lines_net({{1, 0, -0.3f}, {0, 1, 0.2f}})) == 4);
  CHECK(count(lines_net({{1, 0, 0}, {0, 1, 0}, {1, 1, -1}})) == 7);
  // parallel lines: 3, and k parallel lines k + 1
  CHECK(count(lines_net({{1, 0, 0}, {1, 0, -1}})) == 3);
  CHECK(count(lines_net({{1, 2, 0}, {1, 2, -1}, {2, 4, 3}, {-1, -2, 5}})) == 5);
  // coincident duplicates (same, scaled, negated): no extra region
  CHECK(count(lines_net({{1, 1, 0.5f}, {1, 1, 0.5f}, {3, 3, 1.5f}, {-2, -2, -1}})) == 2);
  CHECK(count(lines_net({{1, 0, 0}, {0, 1, 0}, {1, 0, 0}, {0, -2, 0}})) == 4);
  // dead units: zero weights (any bias), or a line outside the domain: no extra region
  CHECK(count(lines_net({{1, 0, 0}, {0, 0, -1}, {0, 0, 0}, {0, 0, 1}, {1, 0, 100}})) == 2);
  // a line through a corner of the domain and lines through each other's crossing point
  CHECK(count(lines_net({{1, 1, 0}}), Rect{-1, 1, -1, 1}) == 2);       // the diagonal
  CHECK(count(lines_net({{1, -1, 0}, {1, 1, -2}}), Rect{-1, 1, -1, 1}) == 2);  // second meets a corner only
  CHECK(count(lines_net({{1, 0, 0}, {0, 1, 0}, {1, 1, 0}, {1, -1, 0}})) == 8);
  // a line along the domain's edge: no region of zero width
  CHECK(count(lines_net({{1, 0, -6}, {0, 1, 6}})) == 1);
}

TEST_CASE("exact regions: edges for drawing give each line once") {
  // x1 = 0, x2 = 0 and x1 + x2 = 1 cross [-6, 6]^2 over 12, 12 and 11 sqrt(2)
  Partition p;
  REQUIRE(exact_partition(lines_net({{1, 0, 0}, {0, 1, 0}, {1, 1, -1}}), ExactOptions{}, &p).empty());
  std::vector<float> xy;
  std::vector<std::int16_t> layer;
  partition_edges(p, -1, &xy, &layer);
  REQUIRE(xy.size() == 4 * layer.size());
  double length = 0;
  for (size_t e = 0; e < layer.size(); ++e) {
    CHECK(layer[e] == 0);
    length += std::hypot(xy[4 * e + 2] - xy[4 * e], xy[4 * e + 3] - xy[4 * e + 1]);
  }
  CHECK(length == doctest::Approx(24 + 11 * std::sqrt(2.0)).epsilon(1e-6));
  // the same lines negated (relu(-x)-style sides) and duplicated: still each once
  REQUIRE(exact_partition(lines_net({{-1, 0, 0}, {0, 1, 0}, {-1, -1, 1}, {0, 2, 0}}), ExactOptions{}, &p).empty());
  partition_edges(p, -1, &xy, &layer);
  length = 0;
  for (size_t e = 0; e < layer.size(); ++e)
    length += std::hypot(xy[4 * e + 2] - xy[4 * e], xy[4 * e + 3] - xy[4 * e + 1]);
  CHECK(length == doctest::Approx(24 + 11 * std::sqrt(2.0)).epsilon(1e-6));
  // layer by layer: a 2-layer net's first-layer edges are the first layer's lines
  Network net = random_net(31, {{5, Activation::relu}, {5, Activation::relu}});
  REQUIRE(exact_partition(net, ExactOptions{}, &p).empty());
  ExactOptions first;
  first.layers = 1;
  Partition p1;
  REQUIRE(exact_partition(net, first, &p1).empty());
  std::vector<float> a, b;
  partition_edges(p, 0, &a);
  partition_edges(p1, -1, &b);
  double la = 0, lb = 0;
  for (size_t e = 0; e < a.size(); e += 4) la += std::hypot(a[e + 2] - a[e], a[e + 3] - a[e + 1]);
  for (size_t e = 0; e < b.size(); e += 4) lb += std::hypot(b[e + 2] - b[e], b[e + 3] - b[e + 1]);
  CHECK(la == doctest::Approx(lb).epsilon(1e-6));
  CHECK(la > 0);
}

TEST_CASE("exact regions: zero-bias lines meet at the origin, 2k sectors") {
  for (int k : {1, 2, 3, 5, 8, 16, 33}) {
    std::vector<std::array<float, 3>> lines;
    for (int i = 0; i < k; ++i) {
      const double t = 3.14159265358979 * (i + 0.37) / k;
      lines.push_back({float(std::cos(t)), float(std::sin(t)), 0});
    }
    CHECK(count(lines_net(lines)) == 2 * k);
    CHECK(count(lines_net(lines), Rect{-1e-3, 2e-3, -1e-3, 1e-3}) == 2 * k);  // tiny domain
  }
  // a deep zero-bias net: every unit's kink set is a union of rays from the origin (cones), so
  // every polygon is a sector touching the origin
  Network net = random_net(5, {{8, Activation::relu}, {8, Activation::relu}, {8, Activation::relu}});
  for (Layer& L : net.layers) L.b.setZero();
  Partition p;
  REQUIRE(exact_partition(net, ExactOptions{}, &p).empty());
  check_invariants(net, p);
  for (int q = 0; q < p.polygons(); ++q) {
    bool origin = false;
    for (int k = p.first[q]; k < p.first[q + 1]; ++k)
      origin |= std::hypot(p.vx[k], p.vy[k]) < 1e-9;
    CHECK(origin);
  }
}

TEST_CASE("exact regions: one biased layer in general position reaches 1 + N + N(N-1)/2") {
  // N lines tangent to the unit circle at angles in [0, pi/2): no three concurrent, no two
  // parallel, every crossing within distance sqrt(2) of the origin, inside [-6, 6]^2
  for (int n : {1, 2, 5, 10, 24}) {
    std::vector<std::array<float, 3>> lines;
    for (int i = 0; i < n; ++i) {
      const double t = 1.5 * i / n;
      lines.push_back({float(std::cos(t)), float(std::sin(t)), -1});
    }
    CHECK(count(lines_net(lines)) == line_arrangement_bound(n));
  }
}

TEST_CASE("exact regions: one hidden layer against Euler's count of the arrangement") {
  // For lines in general position the regions inside a rectangle number 1 + (lines crossing its
  // interior) + (pairwise crossings inside it).
  for (std::uint64_t seed = 1; seed <= 12; ++seed) {
    Network net = random_net(seed, {{int(3 + seed % 9), Activation::relu}});
    const Rect d{-3, 4, -2.5, 3};
    const Layer& L = net.layers[0];
    std::vector<std::array<double, 3>> in;
    for (int i = 0; i < L.out(); ++i) {
      const double a = L.W(i, 0), b = L.W(i, 1), c = L.b(i);
      const double v[4] = {a * d.x0 + b * d.y0 + c, a * d.x1 + b * d.y0 + c, a * d.x1 + b * d.y1 + c,
                           a * d.x0 + b * d.y1 + c};
      if (*std::min_element(v, v + 4) < 0 && *std::max_element(v, v + 4) > 0) in.push_back({a, b, c});
    }
    long expect = 1 + static_cast<long>(in.size());
    for (size_t i = 0; i < in.size(); ++i)
      for (size_t j = i + 1; j < in.size(); ++j) {
        const double det = in[i][0] * in[j][1] - in[i][1] * in[j][0];
        const double x = (-in[i][2] * in[j][1] + in[j][2] * in[i][1]) / det;
        const double y = (-in[i][0] * in[j][2] + in[j][0] * in[i][2]) / det;
        if (x > d.x0 && x < d.x1 && y > d.y0 && y < d.y1) ++expect;
      }
    CHECK(count(net, d) == expect);
  }
}

TEST_CASE("exact regions: tent maps on [0,1]^2 give 4^L regions") {
  // t(x) = 2 relu(x) - 4 relu(x - 1/2) folds [0, 1] onto itself; L folds of each coordinate give
  // 2^L pieces per axis. Many lines pass exactly through vertices of earlier cells.
  for (int depth = 1; depth <= 8; ++depth) {
    std::vector<std::vector<std::vector<float>>> W;
    std::vector<std::vector<float>> b;
    W.push_back({{1, 0}, {1, 0}, {0, 1}, {0, 1}});
    b.push_back({0, -0.5f, 0, -0.5f});
    for (int l = 1; l < depth; ++l) {
      W.push_back({{2, -4, 0, 0}, {2, -4, 0, 0}, {0, 0, 2, -4}, {0, 0, 2, -4}});
      b.push_back({0, -0.5f, 0, -0.5f});
    }
    W.push_back({{2, -4, 2, -4}});
    b.push_back({0});
    const Network net = net_from(W, b);
    Partition p;
    ExactOptions o;
    o.domain = Rect{0, 1, 0, 1};
    REQUIRE(exact_partition(net, o, &p).empty());
    CHECK(p.regions == (1L << (2 * depth)));
    CHECK(p.polygons() == p.regions);
    for (int l = 0; l < depth; ++l) CHECK(p.regions_after_layer[l] == (1L << (2 * (l + 1))));
    if (depth <= 4) check_invariants(net, p);
    if (depth <= 3) check_continuity(p);
  }
}

TEST_CASE("exact regions: invariants and a fine grid on random nets") {
  struct Case {
    std::vector<LayerSpec> hidden;
    Output out;
    int classes;
  };
  const Case cases[] = {
      {{{6, Activation::relu}, {5, Activation::relu}}, Output::sigmoid_bce, 2},
      {{{5, Activation::relu}, {4, Activation::relu}, {4, Activation::relu}}, Output::tanh_mse, 2},
      {{{5, Activation::leaky_relu}, {5, Activation::prelu}}, Output::softmax_ce, 3},
      {{{4, Activation::relu_neg}, {4, Activation::neg_relu}, {4, Activation::neg_relu_neg}}, Output::sigmoid_bce, 2},
      {{{6, Activation::relu}, {3, Activation::linear}, {5, Activation::relu}}, Output::linear_mse, 1},
  };
  const Rect d{-4, 4, -3, 5};
  const int side = 400;
  const double cell_diag = std::hypot((d.x1 - d.x0) / side, (d.y1 - d.y0) / side);
  std::uint64_t seed = 100;
  for (const Case& c : cases)
    for (int rep = 0; rep < 3; ++rep) {
      Network net = random_net(++seed, c.hidden, BiasInit::playground, c.out, c.classes);
      if (c.hidden[1].activation == Activation::prelu)
        for (int i = 0; i < net.layers[1].out(); ++i) net.layers[1].slope(i) = 0.1f + 0.3f * i;
      Partition p;
      ExactOptions o;
      o.domain = d;
      REQUIRE(exact_partition(net, o, &p).empty());
      CAPTURE(seed);
      check_invariants(net, p);
      check_continuity(p);
      // the grid (reference patterns at cell centres) sees only patterns of the partition, and
      // every polygon wide enough to hold a disk of a cell's diagonal holds a grid point
      const auto seen = grid_patterns(net, d, side);
      std::set<std::vector<char>> exact;
      for (int q = 0; q < p.polygons(); ++q) exact.insert(stored_bits(p, q));
      int unknown = 0, missed_wide = 0;
      for (const auto& g : seen) unknown += !exact.count(g);
      for (int q = 0; q < p.polygons(); ++q)
        if (!seen.count(stored_bits(p, q)) && min_width(p, q) >= 3 * cell_diag) ++missed_wide;
      CHECK(unknown == 0);
      CHECK(missed_wide == 0);
      CHECK(p.regions >= static_cast<long>(seen.size()));
    }
}

TEST_CASE("exact regions: the app's grid count never exceeds the exact count, same hashes") {
  for (std::uint64_t seed = 1; seed <= 4; ++seed) {
    Network net = random_net(seed, {{8, Activation::relu}, {8, Activation::relu}});
    GridSpec g;  // [-6, 6]^2, 256 x 256
    Partition p;
    REQUIRE(exact_partition(net, ExactOptions{}, &p).empty());
    std::vector<std::uint64_t> cells;
    REQUIRE(eval_patterns(net, g, cells));
    std::set<std::uint64_t> exact;
    for (int q = 0; q < p.polygons(); ++q) exact.insert(pattern_hash(p, q));
    int unknown = 0;
    for (std::uint64_t h : cells) unknown += !exact.count(h);
    CHECK(unknown == 0);
    CHECK(p.regions >= count_regions(net, g));
  }
}

TEST_CASE("exact regions: mirrored ReLUs partition the plane alike") {
  Network base = random_net(9, {{6, Activation::relu}, {6, Activation::relu}});
  Partition p0;
  REQUIRE(exact_partition(base, ExactOptions{}, &p0).empty());
  for (Activation v : {Activation::relu_neg, Activation::neg_relu, Activation::neg_relu_neg}) {
    Network m = base;
    for (int l = 0; l < m.hidden_count(); ++l) m.layers[l].activation = Activation::relu;
    mirror_map(m, v);
    Partition p;
    REQUIRE(exact_partition(m, ExactOptions{}, &p).empty());
    check_invariants(m, p);
    CHECK(p.regions == p0.regions);
    CHECK(p.polygons() == p0.polygons());
  }
}

TEST_CASE("exact regions: huge and tiny weights") {
  Network base = random_net(21, {{7, Activation::relu}, {6, Activation::relu}});
  const long expect = count(base);
  CHECK(expect > 10);
  // rescaling a ReLU layer by a positive factor changes no pattern
  for (double f : {1e30, 1e-30, 1e-12, 1e15}) {
    Network net = base;
    net.layers[0].W *= float(f);
    net.layers[0].b *= float(f);
    net.layers[1].W /= float(f);  // keeps layer 2 of moderate size, and not: both cases
    CHECK(count(net) == expect);
    Network net2 = base;
    net2.layers[1].W *= float(f);
    net2.layers[1].b *= float(f);
    CHECK(count(net2) == expect);
  }
  // a weight of 1e-30 next to ordinary ones: the line is where it is
  Network tiny = lines_net({{1e-30f, 1, 0}, {1, 1e-30f, 0}});
  CHECK(count(tiny) == 4);
  // magnitudes that overflow double: refused with a message, not a wrong count
  Network deep = random_net(3, std::vector<LayerSpec>(12, LayerSpec{4, Activation::relu}));
  for (Layer& L : deep.layers) L.W.setConstant(1e30f);
  Partition p;
  const std::string err = exact_partition(deep, ExactOptions{}, &p);
  CHECK(err.find("1e290") != std::string::npos);
  CHECK(p.polygons() == 0);
}

TEST_CASE("exact regions: linear units never cut; leaky and PReLU cut like ReLU") {
  const std::vector<std::array<float, 3>> lines = {{1, 0, 0}, {0, 1, 0.5f}, {1, 1, -1}};
  CHECK(count(lines_net(lines, Activation::linear)) == 1);
  CHECK(count(lines_net(lines, Activation::leaky_relu)) == 7);
  CHECK(count(lines_net(lines, Activation::prelu)) == 7);
  // a deep linear net is one region
  Network lin = random_net(4, {{8, Activation::linear}, {8, Activation::linear}, {8, Activation::linear}});
  CHECK(count(lin) == 1);
}

TEST_CASE("exact regions: where it does not apply, it says why") {
  NetworkSpec s;
  s.hidden = {{4, Activation::tanh}};
  CHECK(exact_regions_unsupported(make_network(s, 2)).find("smooth") != std::string::npos);
  s.hidden = {{4, Activation::relu}};
  s.features = 0b111;  // x1, x2, x1^2
  CHECK(exact_regions_unsupported(make_network(s, 2)).find("x1^2") != std::string::npos);
  s.features = 0b10;  // x2 alone applies: horizontal lines
  Network x2only = make_network(s, 2);
  CHECK(exact_regions_unsupported(x2only).empty());
  Partition p;
  REQUIRE(exact_partition(x2only, ExactOptions{}, &p).empty());
  check_invariants(x2only, p);
  s.features = 0b11;
  Network bad = make_network(s, 2);
  bad.layers[0].W(1, 1) = NAN;
  CHECK(exact_regions_unsupported(bad).find("not finite") != std::string::npos);
  CHECK(!exact_partition(bad, ExactOptions{}, &p).empty());
  ExactOptions o;
  o.domain = Rect{1, 0, 0, 1};
  CHECK(!exact_partition(make_network(s, 2), o, &p).empty());
}

TEST_CASE("exact regions: the polygon limit stops with a message") {
  Network net = random_net(2, {{10, Activation::relu}, {10, Activation::relu}});
  ExactOptions o;
  o.max_polygons = 5;
  Partition p;
  const std::string err = exact_partition(net, o, &p);
  CHECK(err.find("more than 5 polygons") != std::string::npos);
  CHECK(p.polygons() == 0);
}

TEST_CASE("exact regions: a job spread over calls gives the same partition") {
  Network net = random_net(8, {{10, Activation::relu}, {10, Activation::relu}, {10, Activation::relu}});
  Partition once;
  REQUIRE(exact_partition(net, ExactOptions{}, &once).empty());
  PartitionJob job;
  REQUIRE(start_partition(net, ExactOptions{}, &job).empty());
  net.layers[0].W.setZero();  // the job holds its own copy of the weights
  int calls = 0;
  double progress = 0;
  while (!continue_partition(job, 2000)) {
    ++calls;
    CHECK(job.progress >= progress);
    progress = job.progress;
  }
  CHECK(calls > 3);
  REQUIRE(job.error.empty());
  CHECK(job.result.regions == once.regions);
  CHECK(job.result.vx == once.vx);
  CHECK(job.result.patterns == once.patterns);
  CHECK(job.result.maps == once.maps);
}

TEST_CASE("exact regions: layers, cells, lookup, areas, points and SVG") {
  Network net = random_net(13, {{6, Activation::relu}, {6, Activation::relu}, {6, Activation::relu}});
  Partition p;
  REQUIRE(exact_partition(net, ExactOptions{}, &p).empty());
  // the partition after layer l is the exact partition of the first l layers
  for (int l = 1; l <= 3; ++l) {
    ExactOptions o;
    o.layers = l;
    Partition pl;
    REQUIRE(exact_partition(net, o, &pl).empty());
    CHECK(pl.regions == p.regions_after_layer[l - 1]);
    CHECK(pl.outputs == (l == 3 ? 1 : 0));
    // edges drawn for the layer slider: edges of layers < l of the full partition cover the same
    // boundaries; here, their count of labelled edges is never more than the full partition's
    long edges = 0;
    for (std::int16_t e : pl.edge_layer) edges += e >= 0;
    CHECK(edges > 0);
  }
  CHECK(p.regions_after_layer[0] <= p.regions_after_layer[1]);
  CHECK(p.regions_after_layer[1] <= p.regions_after_layer[2]);
  // lookup: the polygon at a point has the reference pattern there
  Rng rng(77);
  int checked = 0;
  for (int k = 0; k < 2000; ++k) {
    const double x = -6 + 12 * rng.uniform(), y = -6 + 12 * rng.uniform();
    const int q = polygon_at(p, x, y);
    REQUIRE(q >= 0);
    const RefEval r = ref_eval(net, x, y);
    if (*std::min_element(r.margin.begin(), r.margin.end()) < 1e-6) continue;  // on a line
    ++checked;
    CHECK(r.bits == stored_bits(p, q));
    CHECK(map_value(p, q, 0, x, y) == doctest::Approx(r.out[0]).epsilon(1e-9));
  }
  CHECK(checked > 1900);
  CHECK(polygon_at(p, 7, 0) == -1);
  // a cell of layer l: the hull of its polygons, with their total area
  const int q = polygon_at(p, 0.3, -0.2);
  for (int l = 0; l < 3; ++l) {
    double area = 0;
    const std::vector<double> hull = cell_outline(p, q, l, &area);
    double hull_area = 0;
    const size_t n = hull.size() / 2;
    for (size_t k = 0; k < n; ++k)
      hull_area += hull[2 * k] * hull[2 * ((k + 1) % n) + 1] - hull[2 * ((k + 1) % n)] * hull[2 * k + 1];
    CHECK(0.5 * hull_area == doctest::Approx(area).epsilon(1e-9));
    CHECK(area >= p.area[q] * (1 - 1e-12));
  }
  // areas: the pixel count is consistent with the sorted areas
  const RegionAreaStats s = region_area_stats(p, 144.0 / (256 * 256));
  CHECK(s.regions == p.regions);
  CHECK(s.min <= s.median);
  CHECK(s.median <= s.max);
  CHECK(s.mean * s.regions == doctest::Approx(144.0));
  long hist = 0;
  for (long c : s.decade_count) hist += c;
  CHECK(hist == p.regions);
  // points per region
  std::vector<Point> pts = {{0.3f, -0.2f, 0}, {0.3f, -0.2f, 1}, {5.9f, 5.9f, 0}, {9, 9, 0}};
  const std::vector<int> per = points_per_region(p, pts);
  CHECK(per[q] >= 2);
  long total = 0;
  for (int c : per) total += c;
  CHECK(total == 3);
  // SVG: one filled path per polygon, one edge path per layer, the training points
  const std::string svg = partition_svg(p, 300, -1, &pts);
  CHECK(svg.rfind("<svg", 0) == 0);
  size_t paths = 0;
  for (size_t at = svg.find("<path"); at != std::string::npos; at = svg.find("<path", at + 1)) ++paths;
  CHECK(paths == static_cast<size_t>(p.polygons() + 3));
  CHECK(svg.find("<circle") != std::string::npos);
}
