// test_grid_sweep.cpp: the scanline sweep (GridMethod::sweep) against the dense forward pass.
//
// The sweep computes each pre-activation as c + e t in double, the dense pass as a float sum of
// products, so they agree to rounding. The statements checked, on random piecewise-linear nets
// (depth 1-5, widths 1-64, every piecewise-linear activation, every output, feature sets that sweep
// along rows or columns, several domains, odd grid sizes):
//   - outputs (after the link) and unit values differ by at most tol * (1 + S), where S = |b| +
//     sum_j |W_j| |a_j| is the magnitude of the terms the dense pass sums for that value (the
//     scale of its rounding error) and tol = 1e-4; a softmax class may differ only where the dense
//     logits of the two classes are within that bound of each other;
//   - a cell whose activation pattern (hash) or unit mask differs from the dense one has, in the
//     dense pass, some hidden pre-activation with |z| <= tol * S (within rounding of 0);
//   - where no unit is that close to 0 on any cell, count_regions is the same by both methods and
//     every cell's pattern hash is identical (the same hash function);
//   - exact zeros are inactive as in the dense path (z == 0: ReLU off, relu(-x) off, leaky off);
//   - NaN / infinite / overflowing weights and smooth activations take the dense path (same bits);
//   - bad grid sizes and domains are refused with a message naming the field.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include "instruments/grid.h"
#include "nn/loss.h"
#include "nn/random.h"

using namespace relulab;

namespace {

constexpr float tol = 1e-4f;

const Activation piecewise[] = {
    Activation::relu,     Activation::leaky_relu, Activation::prelu,       Activation::linear,
    Activation::relu_neg, Activation::neg_relu,   Activation::neg_relu_neg};

unsigned mask_of(std::initializer_list<Feature> fs) {
  unsigned m = 0;
  for (Feature f : fs) m |= 1u << static_cast<int>(f);
  return m;
}

// Feature sets: the first five sweep along rows, the next three along columns.
const unsigned feature_sets[] = {
    mask_of({Feature::x1, Feature::x2}),
    mask_of({Feature::x1, Feature::x2, Feature::x1_x2}),
    mask_of({Feature::x1, Feature::x2, Feature::x2_sq, Feature::sin_x2}),
    mask_of({Feature::x1}),
    mask_of({Feature::x2, Feature::x1_x2, Feature::x2_sq}),
    mask_of({Feature::x1, Feature::x2, Feature::x1_sq}),
    mask_of({Feature::x2, Feature::sin_x1, Feature::x1_x2}),
    mask_of({Feature::x1_sq, Feature::x1, Feature::x2, Feature::sin_x1}),
};

const PlaneDomain domains[] = {
    {-6, 6, -6, 6}, {-1, 3, -0.5f, 0.5f}, {0.1f, 0.2f, -5, 5}, {-20, 20, -2, 10}};
const int sizes[] = {1, 2, 3, 7, 31, 64, 65};

struct Case {
  Network net;
  GridSpec g;
};

Case random_case(Rng& rng, int index) {
  NetworkSpec s;
  const int depth = 1 + static_cast<int>(rng.below(5));
  const int widths[] = {1, 2, 3, 5, 8, 16, 33, 64};
  s.hidden.clear();
  for (int l = 0; l < depth; ++l)
    s.hidden.push_back({widths[rng.below(depth >= 4 ? 6 : 8)], piecewise[rng.below(7)]});
  const Output outputs[] = {Output::tanh_mse, Output::sigmoid_bce, Output::softmax_ce,
                            Output::linear_mse};
  s.output = outputs[index % 4];
  s.features = feature_sets[rng.below(8)];
  s.seed = 1000 + index;
  const int classes = s.output == Output::softmax_ce ? 3 + static_cast<int>(rng.below(3)) : 2;
  Case c{make_network(s, classes), {}};
  // biases spread over the domain's scale so that units cross inside it; PReLU slopes of any sign
  for (int l = 0; l < c.net.hidden_count(); ++l) {
    Layer& L = c.net.layers[l];
    for (int i = 0; i < L.out(); ++i) L.b(i) = static_cast<float>(rng.uniform(-2, 2));
    for (int i = 0; i < L.slope.size(); ++i)
      L.slope(i) = static_cast<float>(rng.uniform(-0.5, 1.5));
  }
  const PlaneDomain& d = domains[rng.below(4)];
  const int width = sizes[rng.below(7)];
  c.g = grid_over(d, width, sizes[rng.below(7)]);
  return c;
}

// The dense pass over every cell centre, kept whole: Z, A per layer and the rounding scale
// S = |b| + |W| |A_below| per layer, each (units, cells).
struct DenseRef {
  Forward f;
  std::vector<MatrixR> scale;
};

DenseRef dense_ref(const Network& net, const GridSpec& g) {
  const int n = g.width * g.height;
  std::vector<float> x1(n), x2(n);
  const float dx = (g.x1 - g.x0) / g.width, dy = (g.y1 - g.y0) / g.height;
  for (int cell = 0; cell < n; ++cell) {
    x1[cell] = g.x0 + (cell % g.width + 0.5f) * dx;
    x2[cell] = g.y1 - (cell / g.width + 0.5f) * dy;
  }
  MatrixR X;
  expand_features(net.spec.features, x1.data(), x2.data(), n, X);
  DenseRef r;
  forward(net, X, r.f);
  for (size_t l = 0; l < net.layers.size(); ++l) {
    const Layer& L = net.layers[l];
    const MatrixR& below = l == 0 ? X : r.f.A[l - 1];
    MatrixR S = L.W.cwiseAbs() * below.cwiseAbs();
    S.colwise() += L.b.cwiseAbs();
    r.scale.push_back(S);
  }
  return r;
}

// The smallest |z| / S over the hidden units at a cell.
float nearest_zero(const Network& net, const DenseRef& r, int cell) {
  float best = std::numeric_limits<float>::infinity();
  for (int l = 0; l < net.hidden_count(); ++l)
    for (int u = 0; u < net.layers[l].out(); ++u)
      best = std::min(best, std::fabs(r.f.Z[l](u, cell)) / r.scale[l](u, cell));
  return best;
}

float max_output_scale(const DenseRef& r, int cell) { return r.scale.back().col(cell).maxCoeff(); }

}  // namespace

TEST_CASE("sweep axis: rows, columns, or none (dense) by features, activations and parameters") {
  NetworkSpec s;
  s.hidden = {{8, Activation::relu}, {8, Activation::prelu}};
  GridSpec g;
  CHECK(grid_sweep_axis(make_network(s, 2), g) == GridSweep::rows);
  s.features = mask_of({Feature::x1, Feature::x2, Feature::x1_sq});
  CHECK(grid_sweep_axis(make_network(s, 2), g) == GridSweep::columns);
  s.features = mask_of({Feature::x1, Feature::x2, Feature::sin_x1, Feature::sin_x2});
  CHECK(grid_sweep_axis(make_network(s, 2), g) == GridSweep::none);
  s.features = mask_of({Feature::x1, Feature::x2});
  for (Activation smooth : {Activation::tanh, Activation::sigmoid, Activation::elu,
                            Activation::gelu, Activation::silu, Activation::softplus}) {
    s.hidden = {{8, Activation::relu}, {8, smooth}};
    CHECK(grid_sweep_axis(make_network(s, 2), g) == GridSweep::none);
  }
  s.hidden = {{8, Activation::relu}};
  Network net = make_network(s, 2);
  net.layers[0].W(3, 1) = std::numeric_limits<float>::quiet_NaN();
  CHECK(grid_sweep_axis(net, g) == GridSweep::none);
  net = make_network(s, 2);
  net.layers[1].b(0) = std::numeric_limits<float>::infinity();
  CHECK(grid_sweep_axis(net, g) == GridSweep::none);
  net = make_network(s, 2);
  net.layers[0].W *= 1e29f;  // |z| could exceed 1e30 over [-6, 6]^2
  CHECK(grid_sweep_axis(net, g) == GridSweep::none);
}

TEST_CASE("sweep agrees with the dense pass on random piecewise-linear nets (tolerance 1e-4 S)") {
  Rng rng(20261126);
  int swept = 0, columns = 0, pattern_differs = 0, cells_total = 0;
  float worst_output = 0, worst_zero = 0;
  for (int index = 0; index < 160; ++index) {
    const Case c = random_case(rng, index);
    const Network& net = c.net;
    const GridSpec& g = c.g;
    const GridSweep axis = grid_sweep_axis(net, g);
    swept += axis != GridSweep::none;
    columns += axis == GridSweep::columns;
    const int n = g.width * g.height;
    cells_total += n;
    const DenseRef ref = dense_ref(net, g);
    CAPTURE(index);
    CAPTURE(g.width);
    CAPTURE(g.height);

    // output field
    std::vector<float> sweep, dense;
    REQUIRE(eval_grid(net, g, GridField::output, 0, 0, sweep, GridMethod::sweep));
    REQUIRE(eval_grid(net, g, GridField::output, 0, 0, dense, GridMethod::dense));
    REQUIRE(sweep.size() == static_cast<size_t>(n));
    const MatrixR& logits = ref.f.A.back();
    for (int cell = 0; cell < n; ++cell) {
      const float bound = tol * (1 + max_output_scale(ref, cell));
      if (net.spec.output == Output::softmax_ce) {
        const int a = static_cast<int>(sweep[cell]), b = static_cast<int>(dense[cell]);
        REQUIRE(a >= 0);
        REQUIRE(a < logits.rows());
        if (a != b) CHECK(logits(b, cell) - logits(a, cell) <= bound);
      } else {
        const float diff = std::fabs(sweep[cell] - dense[cell]);
        worst_output = std::max(worst_output, diff / bound * tol);
        CHECK(diff <= bound);
      }
    }

    // activation patterns
    std::vector<std::uint64_t> ps, pd;
    REQUIRE(eval_patterns(net, g, ps, GridMethod::sweep));
    REQUIRE(eval_patterns(net, g, pd, GridMethod::dense));
    for (int cell = 0; cell < n; ++cell)
      if (ps[cell] != pd[cell]) {
        ++pattern_differs;
        const float near = nearest_zero(net, ref, cell);
        worst_zero = std::max(worst_zero, near);
        CHECK(near <= tol);
      }

    // one unit's value and mask, any layer including the output layer
    const int layer = static_cast<int>(rng.below(net.hidden_count() + 1));
    const int unit = static_cast<int>(rng.below(net.layers[layer].out()));
    CAPTURE(layer);
    CAPTURE(unit);
    std::vector<float> vs, vd, ms, md;
    eval_grid(net, g, GridField::unit_value, layer, unit, vs, GridMethod::sweep);
    eval_grid(net, g, GridField::unit_value, layer, unit, vd, GridMethod::dense);
    eval_grid(net, g, GridField::unit_mask, layer, unit, ms, GridMethod::sweep);
    eval_grid(net, g, GridField::unit_mask, layer, unit, md, GridMethod::dense);
    const Layer& L = net.layers[layer];
    const float gain = L.slope.size() ? std::max(1.0f, std::fabs(L.slope(unit))) : 1.0f;
    for (int cell = 0; cell < n; ++cell) {
      const float S = ref.scale[layer](unit, cell);
      CHECK(std::fabs(vs[cell] - vd[cell]) <= tol * gain * (1 + S));
      if (ms[cell] != md[cell]) CHECK(std::fabs(ref.f.Z[layer](unit, cell)) <= tol * S);
    }
  }
  // the sample covers both directions and mostly sweeps (the rest have both x1^2 and sin x1 ...)
  CHECK(swept >= 140);
  CHECK(columns >= 20);
  MESSAGE("cells " << cells_total << ", pattern differs in " << pattern_differs
                   << ", worst |z|/S there " << worst_zero << ", worst output diff / tol-scale "
                   << worst_output);
}

TEST_CASE("away from zero crossings the sweep's patterns and region counts equal the dense ones") {
  Rng rng(7);
  int checked = 0;
  for (int index = 0; index < 80; ++index) {
    NetworkSpec s;
    s.hidden.clear();
    const int depth = 1 + index % 3;
    for (int l = 0; l < depth; ++l)
      s.hidden.push_back({2 + static_cast<int>(rng.below(7)), piecewise[rng.below(7)]});
    s.features = feature_sets[index % 8];
    s.bias_init = BiasInit::playground;
    s.seed = 50 + index;
    const Network net = make_network(s, 2);
    GridSpec g;
    g.width = 40 + index % 9;
    g.height = 33;
    if (grid_sweep_axis(net, g) == GridSweep::none) continue;
    const DenseRef ref = dense_ref(net, g);
    float nearest = std::numeric_limits<float>::infinity();
    for (int cell = 0; cell < g.width * g.height; ++cell)
      nearest = std::min(nearest, nearest_zero(net, ref, cell));
    if (nearest <= tol) continue;  // some unit within rounding of zero: either side is right
    ++checked;
    CAPTURE(index);
    CHECK(count_regions(net, g, GridMethod::sweep) == count_regions(net, g, GridMethod::dense));
    std::vector<std::uint64_t> ps, pd;
    eval_patterns(net, g, ps, GridMethod::sweep);
    eval_patterns(net, g, pd, GridMethod::dense);
    CHECK(ps == pd);  // the same hash of the same pattern, cell by cell
  }
  CHECK(checked >= 30);
}

TEST_CASE("zero-bias nets: where a whole layer is off the next one is exactly its bias, as dense") {
  // With zero biases (the regions experiment's init) a sector where every unit of a layer is off
  // gives the next layer pre-activations of exactly 0 in the dense pass; the sweep must not leave
  // rounding residue of its rank-one updates there, whose sign would split the sector into
  // spurious regions (4-unit nets of depth 3-4 showed 52 regions against 32 before the fix).
  int compared = 0;
  for (int width : {2, 3, 4, 6}) {
    for (int depth : {2, 3, 4, 6}) {
      for (std::uint64_t seed = 1; seed <= 4; ++seed) {
        NetworkSpec s;
        s.hidden.clear();
        for (int l = 0; l < depth; ++l) s.hidden.push_back({width, Activation::relu});
        s.bias_init = BiasInit::zero;
        s.seed = seed;
        const Network net = make_network(s, 2);
        GridSpec g;
        g.width = g.height = 128;
        REQUIRE(grid_sweep_axis(net, g) == GridSweep::rows);
        CAPTURE(width);
        CAPTURE(depth);
        CAPTURE(seed);
        CHECK(count_regions(net, g, GridMethod::sweep) == count_regions(net, g, GridMethod::dense));
        ++compared;
      }
    }
  }
  CHECK(compared == 64);
}

TEST_CASE("exact zeros and flat pre-activations are classified as in the dense path") {
  // width 3 over [-3, 3]: cell centres x1 = -2, 0, 2 (exactly); z = x1 is exactly 0 in the middle
  GridSpec g;
  g.x0 = -3;
  g.x1 = 3;
  g.width = 3;
  g.height = 2;
  struct Expect {
    Activation a;
    float mask[3];
    float value[3];
  };
  const Expect expect[] = {
      {Activation::relu, {0, 0, 1}, {0, 0, 2}},
      {Activation::relu_neg, {1, 0, 0}, {2, 0, 0}},
      {Activation::neg_relu, {0, 0, 1}, {0, 0, -2}},
      {Activation::neg_relu_neg, {1, 0, 0}, {-2, 0, 0}},
      {Activation::leaky_relu, {0, 0, 1}, {-0.02f, 0, 2}},
      {Activation::prelu, {0, 0, 1}, {-0.5f, 0, 2}},
      {Activation::linear, {1, 1, 1}, {-2, 0, 2}},
  };
  for (const Expect& x : expect) {
    NetworkSpec s;
    s.hidden = {{2, x.a}};
    Network net = make_network(s, 2);
    net.layers[0].W << 1, 0,  // z0 = x1: crosses 0 along each row, exactly at a cell centre
        0, 1;                 // z1 = x2: constant along a row (e = 0)
    net.layers[0].b.setZero();
    if (net.layers[0].slope.size()) net.layers[0].slope.setConstant(0.25f);
    CAPTURE(activation_name(x.a));
    REQUIRE(grid_sweep_axis(net, g) == GridSweep::rows);
    for (GridMethod m : {GridMethod::sweep, GridMethod::dense}) {
      std::vector<float> mask, value;
      eval_grid(net, g, GridField::unit_mask, 0, 0, mask, m);
      eval_grid(net, g, GridField::unit_value, 0, 0, value, m);
      for (int row = 0; row < 2; ++row)
        for (int col = 0; col < 3; ++col) {
          CHECK(mask[row * 3 + col] == x.mask[col]);
          CHECK(value[row * 3 + col] == doctest::Approx(x.value[col]));
        }
      // unit 1 sees x2 = +3 on the top row, -3 on the bottom row, flat along each row
      eval_grid(net, g, GridField::unit_mask, 0, 1, mask, m);
      std::vector<float> dense_mask;
      eval_grid(net, g, GridField::unit_mask, 0, 1, dense_mask, GridMethod::dense);
      CHECK(mask == dense_mask);
      CHECK(mask[0] == mask[2]);
      CHECK(mask[3] == mask[5]);
    }
    std::vector<std::uint64_t> ps, pd;
    eval_patterns(net, g, ps, GridMethod::sweep);
    eval_patterns(net, g, pd, GridMethod::dense);
    CHECK(ps == pd);
  }
}

TEST_CASE("non-finite or overflowing weights and smooth units give the dense result, bit for bit") {
  NetworkSpec s;
  s.hidden = {{6, Activation::relu}, {5, Activation::leaky_relu}};
  GridSpec g;
  g.width = 19;
  g.height = 11;
  auto same_bits = [](const std::vector<float>& a, const std::vector<float>& b) {
    return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
  };
  std::vector<Network> nets;
  nets.push_back(make_network(s, 2));
  nets.back().layers[0].W(2, 0) = std::numeric_limits<float>::quiet_NaN();
  nets.push_back(make_network(s, 2));
  nets.back().layers[1].W(1, 3) = -std::numeric_limits<float>::infinity();
  nets.push_back(make_network(s, 2));
  for (Layer& L : nets.back().layers) L.W *= 1e20f;  // finite, but overflows float on the way
  s.hidden = {{6, Activation::relu}, {5, Activation::gelu}};
  nets.push_back(make_network(s, 2));
  for (const Network& net : nets) {
    CHECK(grid_sweep_axis(net, g) == GridSweep::none);
    std::vector<float> a, b;
    eval_grid(net, g, GridField::output, 0, 0, a, GridMethod::sweep);
    eval_grid(net, g, GridField::output, 0, 0, b, GridMethod::dense);
    CHECK(same_bits(a, b));
    eval_grid(net, g, GridField::unit_value, 1, 2, a, GridMethod::sweep);
    eval_grid(net, g, GridField::unit_value, 1, 2, b, GridMethod::dense);
    CHECK(same_bits(a, b));
    CHECK(count_regions(net, g, GridMethod::sweep) == count_regions(net, g, GridMethod::dense));
  }
}

TEST_CASE("grid sizes: refused outside 1..max_grid_side, 1x1 and 1024x1024 agree with dense") {
  NetworkSpec s;
  s.hidden = {{8, Activation::relu}, {8, Activation::relu}};
  s.output = Output::linear_mse;
  s.bias_init = BiasInit::playground;
  const Network net = make_network(s, 1);
  std::vector<float> v(5, 1.0f);
  GridSpec g;
  g.width = 0;
  CHECK(grid_spec_error(g).find("width 0") != std::string::npos);
  CHECK_FALSE(eval_grid(net, g, GridField::output, 0, 0, v));
  CHECK(v.empty());
  g.width = max_grid_side + 1;
  CHECK(grid_spec_error(g).find("width") != std::string::npos);
  g.width = 10;
  g.height = -3;
  CHECK(grid_spec_error(g).find("height -3") != std::string::npos);
  std::vector<std::uint64_t> p(3);
  CHECK_FALSE(eval_patterns(net, g, p));
  CHECK(p.empty());
  CHECK(count_regions(net, g) == 0);
  g.height = 10;
  g.y0 = std::numeric_limits<float>::quiet_NaN();
  CHECK(grid_spec_error(g).find("y0") != std::string::npos);
  CHECK_FALSE(eval_grid(net, g, GridField::output, 0, 0, v));

  for (int side : {1, 1024}) {
    GridSpec ok;
    ok.width = ok.height = side;
    CHECK(grid_spec_error(ok).empty());
    REQUIRE(grid_sweep_axis(net, ok) == GridSweep::rows);
    std::vector<float> a, b;
    REQUIRE(eval_grid(net, ok, GridField::output, 0, 0, a, GridMethod::sweep));
    REQUIRE(eval_grid(net, ok, GridField::output, 0, 0, b, GridMethod::dense));
    REQUIRE(a.size() == static_cast<size_t>(side) * side);
    float worst = 0, scale = 1;
    for (size_t i = 0; i < a.size(); ++i) {
      worst = std::max(worst, std::fabs(a[i] - b[i]));
      scale = std::max(scale, std::fabs(b[i]));
    }
    CAPTURE(side);
    CHECK(worst <= 1e-5f * scale);
    CHECK(count_regions(net, ok) >= 1);
  }
}
