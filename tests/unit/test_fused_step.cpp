// test_fused_step.cpp: the fused tile pass (fused_step.h) against the reference layer-by-layer
// forward() + loss_sum() + backward() (whose gradients test_network.cpp checks against central
// differences).
//
// Tolerance: the two compute the same sums in a different order (tiles, FMA, a reduction tree for
// the output), so each gradient entry may differ by float rounding of its sum: we allow
// 2e-5 * (largest |entry| of that parameter array) + 1e-6 (the absolute term: the output's
// dL/dz = p - y is rounded near 1, about 6e-8, before it is multiplied by activations of a few
// units), and 1e-5 relative on the loss sum.
// Exact properties are checked exactly: ReLU mirrors give the same loss and sign-flipped gradients,
// NaN reaches the loss or gradient, and padding samples of a partial tile contribute nothing.
// Also: the subnormal flush mode that training runs under (kernels.h) is scoped and sign-symmetric.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "nn/fused_step.h"
#include "nn/kernels.h"
#include "nn/loss.h"
#include "nn/optimizer.h"
#include "nn/random.h"
#include "nn/trainer.h"

using namespace relulab;

namespace {

struct Problem {
  Network net;
  MatrixR X;  // (inputs, N)
  std::vector<float> y;
  std::vector<int> idx;
};

// A net with the given hidden layers and output on N random points; labels fit the output.
Problem make_problem(std::vector<LayerSpec> hidden, Output output, int classes, unsigned features,
                     int n, std::uint64_t seed) {
  NetworkSpec spec;
  spec.features = features;
  spec.hidden = std::move(hidden);
  spec.output = output;
  spec.init = Init::he_uniform;
  spec.bias_init = BiasInit::small;
  spec.seed = seed;
  Problem p;
  p.net = make_network(spec, classes);
  Rng rng(seed * 7919 + 1);
  // PReLU slopes away from their common init, so a wrong unit's slope would show
  for (Layer& layer : p.net.layers)
    for (int o = 0; o < layer.slope.size(); ++o)
      layer.slope[o] = static_cast<float>(rng.uniform(0.05, 0.5));
  const int N = n + 23;
  std::vector<float> x1(N), x2(N);
  p.y.resize(N);
  for (int s = 0; s < N; ++s) {
    x1[s] = static_cast<float>(rng.uniform(-3, 3));
    x2[s] = static_cast<float>(rng.uniform(-3, 3));
    p.y[s] = output == Output::linear_mse   ? static_cast<float>(rng.uniform(-2, 2))
             : output == Output::softmax_ce ? static_cast<float>(rng.below(classes))
                                            : static_cast<float>(rng.below(2));
  }
  expand_features(features, x1.data(), x2.data(), N, p.X);
  // a minibatch of distinct indices in shuffled order
  std::vector<int> all(N);
  for (int s = 0; s < N; ++s) all[s] = s;
  for (int s = N - 1; s > 0; --s)
    std::swap(all[s], all[rng.below(static_cast<std::uint32_t>(s + 1))]);
  p.idx.assign(all.begin(), all.begin() + n);
  return p;
}

// The reference: gather, forward, loss_sum (grad_scale 1/n), backward.
double reference(const Problem& p, float activation_l1, Gradients& g) {
  const int n = static_cast<int>(p.idx.size());
  MatrixR Xb(p.X.rows(), n), dZ;
  std::vector<float> yb(n);
  for (int s = 0; s < n; ++s) {
    Xb.col(s) = p.X.col(p.idx[s]);
    yb[s] = p.y[p.idx[s]];
  }
  Forward f;
  forward(p.net, Xb, f);
  const double loss = loss_sum(p.net.spec.output, f.A.back(), yb.data(), 1.0f / n, &dZ);
  backward(p.net, Xb, f, dZ, activation_l1, g);
  return loss;
}

double fused(const Problem& p, float activation_l1, Gradients& g) {
  return fused_loss_gradients(p.net, p.X, p.y.data(), p.idx.data(), static_cast<int>(p.idx.size()),
                              activation_l1, g);
}

template <class M>
void check_close(const M& got, const M& want, const std::string& what) {
  REQUIRE(got.rows() == want.rows());
  REQUIRE(got.cols() == want.cols());
  const float scale = want.size() ? want.cwiseAbs().maxCoeff() : 0.0f;
  const float tol = 2e-5f * scale + 1e-6f;
  float worst = 0;
  for (long i = 0; i < want.size(); ++i)
    worst = std::max(worst, std::fabs(got.data()[i] - want.data()[i]));
  CAPTURE(what);
  CAPTURE(scale);
  CHECK(worst <= tol);
}

void check_same(const Problem& p, float activation_l1, const std::string& what) {
  Gradients want, got;
  const double loss_want = reference(p, activation_l1, want);
  const double loss_got = fused(p, activation_l1, got);
  CAPTURE(what);
  CHECK(loss_got == doctest::Approx(loss_want).epsilon(1e-5));
  REQUIRE(got.dW.size() == p.net.layers.size());
  for (size_t l = 0; l < p.net.layers.size(); ++l) {
    check_close(got.dW[l], want.dW[l], what + " dW[" + std::to_string(l) + "]");
    check_close(got.db[l], want.db[l], what + " db[" + std::to_string(l) + "]");
    check_close(got.dslope[l], want.dslope[l], what + " dslope[" + std::to_string(l) + "]");
  }
}

struct OutputCase {
  Output output;
  int classes;
};
const OutputCase output_cases[] = {{Output::tanh_mse, 2},
                                   {Output::sigmoid_bce, 2},
                                   {Output::linear_mse, 1},
                                   {Output::softmax_ce, 3},
                                   {Output::softmax_ce, 5}};

}  // namespace

TEST_CASE("fused step: loss and gradients equal the reference for every activation and output") {
  const int widths[] = {1, 3, 4, 8, 9, 16, 17, 32, 33, 64};
  const int batches[] = {1, 5, 16, 17, 40, 100};
  int k = 0;
  for (int a = 0; a < activation_count; ++a)
    for (const OutputCase& oc : output_cases) {
      const Activation act = static_cast<Activation>(a);
      const int w1 = widths[k % 10], w2 = widths[(k * 3 + 5) % 10], n = batches[k % 6];
      const unsigned features = k % 3 == 0 ? 0b1111111u : k % 3 == 1 ? 0b11u : 0b10100u;
      const float l1 = k % 2 ? 0.05f : 0.0f;
      ++k;
      Problem p = make_problem({{w1, act}, {w2, act}}, oc.output, oc.classes, features, n, 100 + k);
      check_same(p, l1,
                 std::string(activation_name(act)) + " " + output_name(oc.output) + " " +
                     std::to_string(w1) + "-" + std::to_string(w2) + " n=" + std::to_string(n) +
                     " l1=" + std::to_string(l1));
    }
}

TEST_CASE("fused step: depths, mixed activations, widths and partial tiles") {
  struct Case {
    std::vector<LayerSpec> hidden;
    int n;
  };
  const Case cases[] = {
      {{{16, Activation::relu}}, 1},
      {{{16, Activation::relu}, {16, Activation::relu}}, 1024},
      {{{16, Activation::tanh}, {16, Activation::tanh}}, 33},
      {{{64, Activation::relu}, {64, Activation::relu}, {64, Activation::relu}}, 256},
      {{{5, Activation::prelu},
        {12, Activation::gelu},
        {2, Activation::neg_relu},
        {7, Activation::elu}},
       31},
      {{{3, Activation::relu_neg},
        {3, Activation::silu},
        {3, Activation::softplus},
        {3, Activation::sigmoid},
        {3, Activation::leaky_relu},
        {3, Activation::linear},
        {3, Activation::neg_relu_neg}},
       18},
  };
  int k = 0;
  for (const Case& c : cases)
    for (const OutputCase& oc : output_cases)
      for (float l1 : {0.0f, 0.1f}) {
        Problem p = make_problem(c.hidden, oc.output, oc.classes, 0b11, c.n, 500 + ++k);
        check_same(p, l1, "case " + std::to_string(k));
      }
}

TEST_CASE(
    "fused step: covers nets with 1..64 unit hidden layers, not linear models or wider nets") {
  NetworkSpec s;
  s.hidden = {};
  CHECK_FALSE(fused_step_covers(make_network(s, 2)));
  s.hidden = {{64, Activation::relu}, {1, Activation::tanh}};
  CHECK(fused_step_covers(make_network(s, 2)));
  s.hidden = {{65, Activation::relu}};
  CHECK_FALSE(fused_step_covers(make_network(s, 2)));
}

TEST_CASE("fused step: mirrored ReLUs give the same loss and exactly sign-flipped gradients") {
  for (Activation v : {Activation::relu_neg, Activation::neg_relu, Activation::neg_relu_neg})
    for (float l1 : {0.0f, 0.05f}) {
      Problem p = make_problem({{16, Activation::relu}, {16, Activation::relu}},
                               Output::sigmoid_bce, 2, 0b11, 37, 9);
      Problem q = p;
      mirror_map(q.net, v);
      Gradients gp, gq;
      const double lp = fused(p, l1, gp), lq = fused(q, l1, gq);
      CAPTURE(activation_name(v));
      CHECK(lp == lq);
      // map the ReLU run's gradients the way mirror_map maps weights: they must match exactly
      Network mapped = p.net;
      for (size_t l = 0; l < mapped.layers.size(); ++l) {
        mapped.layers[l].W = gp.dW[l];
        mapped.layers[l].b = gp.db[l];
      }
      mirror_map(mapped, v);
      for (size_t l = 0; l < mapped.layers.size(); ++l) {
        CHECK(mapped.layers[l].W == gq.dW[l]);
        CHECK(mapped.layers[l].b == gq.db[l]);
      }
    }
}

TEST_CASE("fused step: NaN and infinity reach the loss or the gradient") {
  for (const OutputCase& oc : output_cases)
    for (Activation act : {Activation::relu, Activation::tanh, Activation::prelu}) {
      Problem p = make_problem({{16, act}, {8, act}}, oc.output, oc.classes, 0b11, 20, 3);
      for (float bad : {NAN, INFINITY}) {
        Problem q = p;
        q.net.layers[1].W(2, 3) = bad;
        Gradients g;
        const double loss = fused(q, 0.0f, g);
        bool finite = std::isfinite(loss);
        for (size_t l = 0; l < g.dW.size(); ++l)
          finite = finite && g.dW[l].allFinite() && g.db[l].allFinite();
        CAPTURE(output_name(oc.output));
        CAPTURE(activation_name(act));
        CAPTURE(bad);
        CHECK_FALSE(finite);
      }
    }
}

TEST_CASE("fused step: a batch gives the same gradient as its samples one by one") {
  // padding lanes of a partial tile must add nothing: the batch gradient is the mean of the
  // per-sample ones (each computed as a batch of 1, i.e. a tile of 15 padding samples)
  Problem p = make_problem({{16, Activation::relu}, {5, Activation::prelu}}, Output::tanh_mse, 2,
                           0b11, 19, 4);
  Gradients whole;
  fused(p, 0.1f, whole);
  const size_t layers = whole.dW.size();
  std::vector<MatrixR> sum_dW(layers);
  std::vector<Vector> sum_db(layers), sum_dslope(layers);
  for (size_t l = 0; l < layers; ++l) {
    sum_dW[l].setZero(whole.dW[l].rows(), whole.dW[l].cols());
    sum_db[l].setZero(whole.db[l].size());
    sum_dslope[l].setZero(whole.dslope[l].size());
  }
  Problem one = p;
  for (int s = 0; s < 19; ++s) {
    one.idx = {p.idx[s]};
    Gradients g;
    fused(one, 0.1f, g);
    for (size_t l = 0; l < layers; ++l) {
      sum_dW[l] += g.dW[l] / 19.0f;
      sum_db[l] += g.db[l] / 19.0f;
      sum_dslope[l] += g.dslope[l] / 19.0f;
    }
  }
  REQUIRE(whole.dslope[1].size() == 5);  // the PReLU layer's slopes take part
  for (size_t l = 0; l < layers; ++l) {
    const std::string at = "[" + std::to_string(l) + "]";
    check_close(whole.dW[l], sum_dW[l], "dW" + at);
    check_close(whole.db[l], sum_db[l], "db" + at);
    check_close(whole.dslope[l], sum_dslope[l], "dslope" + at);
  }
}

TEST_CASE("fused step: training follows the reference step by step") {
  for (Optimizer o : {Optimizer::sgd, Optimizer::momentum, Optimizer::adam}) {
    Config c;
    c.data.kind = DataKind::spiral;
    c.data.points = 500;  // 250 training points, 5 batches of 50 per epoch
    c.data.noise = 0.1f;
    c.network.hidden = {{16, Activation::relu}, {12, Activation::tanh}};
    c.network.output = Output::sigmoid_bce;
    c.train.optimizer = o;
    c.train.learning_rate = o == Optimizer::adam ? 0.01f : 0.1f;
    c.train.batch_size = 50;
    c.train.activation_l1 = 0.01f;
    c.train.l2 = 0.001f;
    Trainer t;
    REQUIRE(make_trainer(c, &t) == "");
    REQUIRE(fused_step_preferred(t.net));  // so train_steps takes the fused pass, native and wasm
    Network ref = t.net;
    OptimizerState ref_opt;
    optimizer_reset(ref_opt, ref);
    for (int step = 0; step < 60; ++step) {
      REQUIRE(train_steps(t, 1) == 1);
      // the batch this step took: the last 50 of the epoch order (50 divides 250)
      Problem p;
      p.net = ref;
      p.X = t.X_train;
      p.y = t.y_train;
      p.idx.assign(t.order.begin() + (t.order_pos - 50), t.order.begin() + t.order_pos);
      Gradients g;
      const double loss = reference(p, c.train.activation_l1, g) / 50;
      optimizer_step(c.train, ref_opt, ref, g);
      CAPTURE(optimizer_name(o));
      CAPTURE(step);
      CHECK(t.last_loss == doctest::Approx(loss).epsilon(1e-4));
      for (size_t l = 0; l < ref.layers.size(); ++l) {
        CHECK((t.net.layers[l].W - ref.layers[l].W).cwiseAbs().maxCoeff() <= 1e-4f);
        CHECK((t.net.layers[l].b - ref.layers[l].b).cwiseAbs().maxCoeff() <= 1e-4f);
      }
    }
  }
}

TEST_CASE("FlushSubnormals flushes subnormal results while alive (x86), then restores the mode") {
  volatile float tiny = 1e-30f, scale = 1e-10f;
  const float subnormal = tiny * scale;  // 1e-40 < 2^-126
  REQUIRE(subnormal > 0.0f);
  {
    const FlushSubnormals flush;
    const float during = tiny * scale, negative = -tiny * scale;
#if (defined(__SSE__) || defined(__x86_64__)) && !defined(__wasm__)
    CHECK(during == 0.0f);
    CHECK(std::signbit(negative));  // flushed to -0: sign-symmetric
    // only subnormal results go: the smallest normal float survives, half of it does not
    volatile float smallest_normal = std::numeric_limits<float>::min(), half = 0.5f;
    CHECK(smallest_normal * 1.0f == std::numeric_limits<float>::min());
    CHECK(smallest_normal * half == 0.0f);
#else
    CHECK(during == subnormal);  // WebAssembly has no flush mode
    CHECK(negative == -subnormal);
#endif
  }
  CHECK(tiny * scale == subnormal);
}
