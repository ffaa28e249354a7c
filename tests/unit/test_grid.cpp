// test_grid.cpp: the grid evaluator agrees with predict/forward, linear networks draw a straight
// boundary, linear regions of one hidden layer respect the line-arrangement bound.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "instruments/grid.h"

using namespace relulab;

namespace {

NetworkSpec spec_with(std::vector<LayerSpec> hidden, Output out, std::uint64_t seed = 1) {
  NetworkSpec s;
  s.hidden = std::move(hidden);
  s.output = out;
  s.seed = seed;
  s.bias_init = BiasInit::playground;
  return s;
}

void cell_centre(const GridSpec& g, int cell, float* x, float* y) {
  int row = cell / g.width, col = cell % g.width;
  *x = g.x0 + (col + 0.5f) * (g.x1 - g.x0) / g.width;
  *y = g.y1 - (row + 0.5f) * (g.y1 - g.y0) / g.height;
}

}  // namespace

TEST_CASE("line_arrangement_bound") {
  CHECK(line_arrangement_bound(0) == 1);
  CHECK(line_arrangement_bound(1) == 2);
  CHECK(line_arrangement_bound(2) == 4);
  CHECK(line_arrangement_bound(3) == 7);
  CHECK(line_arrangement_bound(100) == 5051);
}

TEST_CASE("grid fields agree with predict and forward") {
  Network net =
      make_network(spec_with({{5, Activation::relu}, {4, Activation::tanh}}, Output::tanh_mse), 2);
  GridSpec g;
  g.width = 37;  // 37 x 29 = 1073 cells: more than one tile, with a tail
  g.height = 29;
  std::vector<float> out, value, mask;
  eval_grid(net, g, GridField::output, 0, 0, out);
  eval_grid(net, g, GridField::unit_value, 0, 2, value);
  eval_grid(net, g, GridField::unit_mask, 0, 2, mask);
  REQUIRE(out.size() == 37u * 29u);
  std::vector<float> x1(out.size()), x2(out.size());
  for (int c = 0; c < static_cast<int>(out.size()); ++c) cell_centre(g, c, &x1[c], &x2[c]);
  MatrixR expect, X;
  predict(net, x1.data(), x2.data(), static_cast<int>(out.size()), expect);
  expand_features(net.spec.features, x1.data(), x2.data(), static_cast<int>(out.size()), X);
  Forward f;
  forward(net, X, f);
  for (size_t c = 0; c < out.size(); ++c) {
    CHECK(out[c] == doctest::Approx(expect(0, c)));
    CHECK(value[c] == doctest::Approx(f.A[0](2, c)));
    CHECK(mask[c] == (f.A[0](2, c) != 0 ? 1.0f : 0.0f));
  }
  // top-left cell centre
  CHECK(x1[0] == doctest::Approx(-6 + 6.0 / 37));
  CHECK(x2[0] == doctest::Approx(6 - 6.0 / 29));
}

TEST_CASE("softmax grid output is the predicted class") {
  Network net = make_network(spec_with({{6, Activation::relu}}, Output::softmax_ce), 3);
  GridSpec g;
  g.width = g.height = 16;
  std::vector<float> cls;
  eval_grid(net, g, GridField::output, 0, 0, cls);
  for (float c : cls) CHECK((c == 0 || c == 1 || c == 2));
}

TEST_CASE("a linear network is affine and draws a straight boundary, at any depth") {
  for (std::uint64_t seed : {1, 2, 3}) {
    std::vector<LayerSpec> hidden(4, {6, Activation::linear});
    Network net = make_network(spec_with(hidden, Output::linear_mse, seed), 1);
    GridSpec g;
    g.width = g.height = 64;
    std::vector<float> v;
    eval_grid(net, g, GridField::output, 0, 0, v);
    // affine: second differences along rows and columns vanish (up to float rounding)
    float scale = 0;
    for (float x : v) scale = std::max(scale, std::fabs(x));
    for (int r = 0; r < g.height; ++r)
      for (int c = 1; c + 1 < g.width; ++c) {
        int i = r * g.width + c;
        CHECK(std::fabs(v[i - 1] - 2 * v[i] + v[i + 1]) <= 1e-4f * scale);
        if (r > 0 && r + 1 < g.height)
          CHECK(std::fabs(v[i - g.width] - 2 * v[i] + v[i + g.width]) <= 1e-4f * scale);
      }
    // the zero level set: every sign-change cell lies within one cell of the line fitted to
    // the output's plane through three corners
    const float h = 12.0f / 64;
    float x0, y0;
    cell_centre(g, 0, &x0, &y0);
    const auto fit = [&](float* a, float* b, float* c0) {
      *a = (v[g.width - 1] - v[0]) / ((g.width - 1) * h);                // d/dx1
      *b = (v[0] - v[(g.height - 1) * g.width]) / ((g.height - 1) * h);  // d/dx2
      *c0 = v[0] - *a * x0 - *b * y0;                                    // the output at (0, 0)
    };
    float a, b, c0;
    fit(&a, &b, &c0);
    // move the zero line through the origin (the output layer's bias shifts the plane), so that it
    // crosses the grid whatever the seed drew
    net.layers.back().b(0) -= c0;
    eval_grid(net, g, GridField::output, 0, 0, v);
    fit(&a, &b, &c0);
    int changes = 0;
    const auto check_change = [&](int i, int j) {
      if ((v[i] > 0) == (v[j] > 0)) return;
      ++changes;
      float x, y;
      cell_centre(g, i, &x, &y);
      const float distance = std::fabs(a * x + b * y + c0) / std::sqrt(a * a + b * b);
      CHECK(distance <= 1.5f * h);
    };
    for (int r = 0; r < g.height; ++r)
      for (int c = 0; c < g.width; ++c) {
        const int i = r * g.width + c;
        if (c + 1 < g.width) check_change(i, i + 1);         // along the row
        if (r + 1 < g.height) check_change(i, i + g.width);  // down the column
      }
    // A line through the centre of the square spans its full width or its full height, so it
    // separates at least width - 1 neighbouring pairs in one of the two directions.
    CAPTURE(seed);
    CHECK(changes >= g.width - 1);
  }
}

TEST_CASE("two axis-aligned ReLU units make exactly four regions") {
  NetworkSpec s = spec_with({{2, Activation::relu}}, Output::tanh_mse);
  Network net = make_network(s, 2);
  net.layers[0].W << 1, 0, 0, 1;
  net.layers[0].b << 0, 0;
  GridSpec g;
  g.width = g.height = 32;
  CHECK(count_regions(net, g) == 4);
  std::vector<std::uint64_t> p;
  eval_patterns(net, g, p);
  CHECK(p[0] != p[g.width - 1]);  // top-left vs top-right
  CHECK(p[0] == p[1]);
}

TEST_CASE("one hidden layer: regions <= 1 + k + k(k-1)/2") {
  for (int k : {1, 3, 6, 10})
    for (std::uint64_t seed : {1, 2, 3, 4}) {
      Network net = make_network(spec_with({{k, Activation::relu}}, Output::tanh_mse, seed), 2);
      GridSpec g;
      g.width = g.height = 128;
      CAPTURE(k);
      CAPTURE(seed);
      for (GridMethod method : {GridMethod::sweep, GridMethod::dense}) {
        int regions = count_regions(net, g, method);
        CHECK(regions >= 1);
        CHECK(regions <= line_arrangement_bound(k));
      }
    }
  // deeper nets have more than one region and patterns differ from a linear net's single one
  Network deep =
      make_network(spec_with({{8, Activation::relu}, {8, Activation::relu}}, Output::tanh_mse), 2);
  GridSpec g;
  CHECK(count_regions(deep, g) > 8);
  Network linear = make_network(spec_with({{8, Activation::linear}}, Output::tanh_mse), 2);
  CHECK(count_regions(linear, g) == 1);
}
