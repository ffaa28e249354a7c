// trainer.cpp: minibatch training, divergence rollback, and the full-pass instruments.
//
// One step: draw the next `batch` indices of a shuffled epoch order (reshuffled when exhausted,
// as minibatch SGD usually does), forward, loss, backward, update; forward to backward run fused
// over sample tiles (fused_step.h) where that pays off, layer by layer (network.h) otherwise.
// The minibatch loss is the mean over the batch; the activation-L1 term adds
// activation_l1 * sum|A| / batch to the objective.
// A step whose loss or gradient is not finite is not applied; one whose update makes a weight
// non-finite is undone from `last_good`. Either way the trainer stops with "step N: cause".
#include "nn/trainer.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "nn/fused_step.h"
#include "nn/kernels.h"
#include "nn/loss.h"
#include "nn/random.h"

namespace relulab {

namespace {

constexpr int measure_chunk = 2048;  // samples per forward/backward chunk in measure()

void features_and_labels(const Network& net, const std::vector<Point>& pts, MatrixR& X,
                         std::vector<float>& y) {
  const int n = static_cast<int>(pts.size());
  std::vector<float> x1(n), x2(n);
  y.resize(n);
  for (int i = 0; i < n; ++i) {
    x1[i] = pts[i].x1;
    x2[i] = pts[i].x2;
    y[i] = pts[i].label;
  }
  expand_features(net.spec.features, x1.data(), x2.data(), n, X);
}

// Fisher-Yates: swap order[i] with order[rng.below(i + 1)] for i = n-1 down to 1. The draws do not
// depend on the order, so natively they are made a block at a time (vectorised: 64-bit products
// in AVX-512), then the swaps run. SIMD128 has no fast 64-bit product: wasm draws one at a time.
void shuffle_order(Trainer& t) {
  Rng rng(t.rng_state);
#if defined(__wasm__)
  for (int i = static_cast<int>(t.order.size()) - 1; i > 0; --i)
    std::swap(t.order[i], t.order[rng.below(static_cast<std::uint32_t>(i + 1))]);
#else
  constexpr int block = 256;
  std::uint64_t draw[block];
  std::uint32_t pick[block];
  int* order = t.order.data();
  for (int i = static_cast<int>(t.order.size()) - 1; i > 0;) {
    const int n = std::min(i, block);
    rng.next_n(draw, n);
    for (int k = 0; k < n; ++k)
      pick[k] = Rng::below(draw[k], static_cast<std::uint32_t>(i + 1 - k));
    for (int k = 0; k < n; ++k, --i) std::swap(order[i], order[pick[k]]);
  }
#endif
  t.rng_state = rng.state;
  t.order_pos = 0;
}

void ensure_data(Trainer& t) {
  if (t.X_train.cols() != static_cast<long>(t.data.train.size()) ||
      t.X_test.cols() != static_cast<long>(t.data.test.size()) ||
      t.order.size() != t.data.train.size())
    refresh_data(t);
}

// Makes `spare` a network like `net` apart from parameter values (which optimizer_step will
// overwrite): same spec, classes, activations and parameter shapes. Copies only on a change.
void prepare_rollback(const Network& net, Network& spare) {
  bool shapes = spare.layers.size() == net.layers.size();
  for (size_t l = 0; shapes && l < net.layers.size(); ++l) {
    const Layer &a = net.layers[l], &b = spare.layers[l];
    shapes = a.W.rows() == b.W.rows() && a.W.cols() == b.W.cols() && a.b.size() == b.b.size() &&
             a.slope.size() == b.slope.size();
  }
  if (!shapes) {
    spare = net;
    return;
  }
  spare.spec = net.spec;
  spare.classes = net.classes;
  for (size_t l = 0; l < net.layers.size(); ++l)
    spare.layers[l].activation = net.layers[l].activation;
}

void start(Trainer& t) {
  t.net = make_network(t.config.network, t.data.regression ? 1 : t.data.classes);
  optimizer_reset(t.opt, t.net);
  t.rng_state = t.config.network.seed ^ 0x6a09e667f3bcc908ull;
  t.step_count = 0;
  t.samples_seen = 0;
  t.diverged = false;
  t.divergence.clear();
  t.has_last_good = false;
  t.last_loss = 0;
  t.history.clear();
  t.order.clear();
  refresh_data(t);
  measure(t);
}

std::string label_error(const Dataset& d) {
  if (d.regression) return "";
  for (const auto* set : {&d.train, &d.test})
    for (size_t i = 0; i < set->size(); ++i) {
      float label = (*set)[i].label;
      if (!(label >= 0 && label < d.classes && label == std::floor(label)))
        return std::string("data: ") + (set == &d.train ? "train" : "test") + " point " +
               std::to_string(i) + " has label " + std::to_string(label) +
               ", expected a class 0.." + std::to_string(d.classes - 1);
    }
  return "";
}

}  // namespace

std::string make_trainer(const Config& c, Trainer* out) {
  std::string err = validate(c);
  if (!err.empty()) return err;
  return make_trainer(c, generate(c.data), out);
}

std::string make_trainer(const Config& c, Dataset data, Trainer* out) {
  Config cfg = c;
  if (data.spec.kind == DataKind::custom) {
    cfg.data = data.spec;
    cfg.data.classes = data.regression ? 1 : data.classes;
    cfg.data.points = static_cast<int>(data.train.size() + data.test.size());
  }
  std::string err = validate(cfg);
  if (!err.empty()) return err;
  if (data.regression != data_is_regression(cfg.data) ||
      (!data.regression && data.classes != class_count(cfg.data)))
    return "data: the data set's classes (" + std::to_string(data.regression ? 1 : data.classes) +
           ") do not match data.classes (" + std::to_string(class_count(cfg.data)) + ")";
  err = label_error(data);
  if (!err.empty()) return err;
  Trainer t;
  t.config = cfg;
  t.data = std::move(data);
  start(t);
  *out = std::move(t);
  return "";
}

void refresh_data(Trainer& t) {
  features_and_labels(t.net, t.data.train, t.X_train, t.y_train);
  features_and_labels(t.net, t.data.test, t.X_test, t.y_test);
  t.order.resize(t.data.train.size());
  for (size_t i = 0; i < t.order.size(); ++i) t.order[i] = static_cast<int>(i);
  shuffle_order(t);
}

int train_steps(Trainer& t, int steps) {
  if (t.diverged) return 0;
  ensure_data(t);
  const int N = static_cast<int>(t.X_train.cols());
  if (N == 0) return 0;
  const int inputs = static_cast<int>(t.X_train.rows());
  const TrainSpec& spec = t.config.train;
  // the fused tile pass (fused_step.h) where it covers the net and pays off, else layer by layer
  const bool fused = fused_step_preferred(t.net);
  const FlushSubnormals flush;  // kernels.h: a trained net's gradients underflow
  thread_local std::vector<int> batch_index;
  for (int k = 0; k < steps; ++k) {
    const int batch = std::clamp(spec.batch_size, 1, N);
    // the next `batch` indices of the epoch order (reshuffled when used up), read in place unless
    // the batch runs over the end of the epoch
    if (t.order_pos >= N) shuffle_order(t);
    const int* index = t.order.data() + t.order_pos;
    if (t.order_pos + batch <= N) {
      t.order_pos += batch;
    } else {
      batch_index.resize(batch);
      for (int i = 0; i < batch;) {
        if (t.order_pos >= N) shuffle_order(t);
        const int take = std::min(batch - i, N - t.order_pos);
        std::copy_n(t.order.begin() + t.order_pos, take, batch_index.begin() + i);
        t.order_pos += take;
        i += take;
      }
      index = batch_index.data();
    }
    float loss = 0;
    bool loss_ok = false;
    if (fused) {
      loss = static_cast<float>(fused_loss_gradients(t.net, t.X_train, t.y_train.data(), index,
                                                     batch, spec.activation_l1, t.grad) /
                                batch);
      loss_ok = std::isfinite(loss);
    } else {
      // Xb: (inputs, batch), Yb: (1, batch)
      t.Xb.resize(inputs, batch);
      t.Yb.resize(1, batch);
      for (int i = 0; i < batch; ++i) {
        for (int r = 0; r < inputs; ++r) t.Xb(r, i) = t.X_train(r, index[i]);
        t.Yb(0, i) = t.y_train[index[i]];
      }
      forward(t.net, t.Xb, t.fwd);
      loss = static_cast<float>(
          loss_sum(t.net.spec.output, t.fwd.A.back(), t.Yb.data(), 1.0f / batch, &t.dZ_out) /
          batch);
      loss_ok = std::isfinite(loss);
      if (loss_ok) backward(t.net, t.Xb, t.fwd, t.dZ_out, spec.activation_l1, t.grad);
    }
    if (!loss_ok || !all_finite(t.grad)) {
      // The weights in use came from the previous step's update: undo that step too.
      const std::string cause = !loss_ok
                                    ? (std::isnan(loss) ? "loss is NaN" : "loss is infinite")
                                    : "gradient is not finite (loss " + std::to_string(loss) + ")";
      long named = t.step_count + 1;
      std::string what = cause;
      if (t.has_last_good) {
        t.net = t.last_good;
        t.step_count -= 1;
        t.samples_seen -= t.last_batch;
        named = t.step_count + 1;
        what = "after this update the " + cause + " on the next minibatch; rolled back";
        k -= 1;
      }
      optimizer_reset(t.opt, t.net);
      t.has_last_good = false;
      t.diverged = true;
      t.divergence = "step " + std::to_string(named) + ": " + what;
      return std::max(k, 0);
    }
    // The update is written into the rollback network, which then swaps with t.net: last_good
    // holds the weights before the update without a copy per step.
    prepare_rollback(t.net, t.last_good);
    const bool finite = optimizer_step(spec, t.opt, t.net, t.last_good, t.grad);
    std::swap(t.net, t.last_good);
    if (!finite) {
      std::swap(t.net, t.last_good);
      optimizer_reset(t.opt, t.net);
      t.has_last_good = false;
      t.diverged = true;
      t.divergence = "step " + std::to_string(t.step_count + 1) +
                     ": weights became non-finite after the update; rolled back";
      return k;
    }
    t.has_last_good = true;
    t.last_batch = batch;
    t.last_loss = loss;
    t.step_count += 1;
    t.samples_seen += batch;
  }
  return steps;
}

void measure(Trainer& t) {
  ensure_data(t);
  const Network& net = t.net;
  const Output output = net.spec.output;
  const bool regression = output == Output::linear_mse;
  const int classes = regression ? 1 : net.classes;
  const int H = net.hidden_count();
  const long N = t.X_train.cols(), M = t.X_test.cols();
  Stats s;
  s.step = t.step_count;
  s.epoch = epoch(t);
  s.classes = classes;
  if (!regression) s.confusion.assign(classes * classes, 0);

  ActivityAccumulator activity;
  activity.begin(net);
  std::vector<MatrixR> dW_sum(H);
  std::vector<double> dZ_squares(H, 0.0);
  for (int l = 0; l < H; ++l) dW_sum[l].setZero(net.layers[l].out(), net.layers[l].in());
  MatrixR X;
  Forward f;
  Gradients g;
  MatrixR dZ;
  double loss_train = 0, loss_test = 0;
  long correct_train = 0, correct_test = 0;
  for (long start = 0; start < N; start += measure_chunk) {
    const int n = static_cast<int>(std::min<long>(measure_chunk, N - start));
    X = t.X_train.middleCols(start, n);
    forward(net, X, f);
    // dZ scaled by 1/N and activation_l1 by n/N: chunk gradients sum to the full-set gradient
    loss_train +=
        loss_sum(output, f.A.back(), t.y_train.data() + start, 1.0f / N, &dZ, &correct_train);
    backward(net, X, f, dZ, t.config.train.activation_l1 * n / N, g);
    for (int l = 0; l < H; ++l) {
      dW_sum[l] += g.dW[l];
      dZ_squares[l] += g.dZ[l].squaredNorm();
    }
    activity.add(net, f);
  }
  for (long start = 0; start < M; start += measure_chunk) {
    const int n = static_cast<int>(std::min<long>(measure_chunk, M - start));
    X = t.X_test.middleCols(start, n);
    forward(net, X, f);
    loss_test += loss_sum(output, f.A.back(), t.y_test.data() + start, 0.0f, nullptr, &correct_test,
                          regression ? nullptr : &s.confusion, classes);
  }
  activity.finish(net, s);
  for (int l = 0; l < H; ++l) {
    s.layers[l].grad_norm_z = static_cast<float>(std::sqrt(dZ_squares[l]));
    s.layers[l].grad_norm_w = dW_sum[l].norm();
  }
  s.loss_train = N ? static_cast<float>(loss_train / N) : 0.0f;
  s.loss_test = M ? static_cast<float>(loss_test / M) : 0.0f;
  s.accuracy_train = !regression && N ? static_cast<float>(correct_train) / N : 0.0f;
  s.accuracy_test = !regression && M ? static_cast<float>(correct_test) / M : 0.0f;
  t.stats = std::move(s);
  t.history.push(t.stats);
}

std::string set_train_spec(Trainer& t, const TrainSpec& s) {
  Config c = t.config;
  c.train = s;
  std::string err = validate(c);
  if (!err.empty()) return err;
  if (s.optimizer != t.config.train.optimizer) optimizer_reset(t.opt, t.net);
  t.config.train = s;
  return "";
}

void resume(Trainer& t) {
  if (!t.diverged) return;
  t.diverged = false;
  t.divergence.clear();
  t.has_last_good = false;
  optimizer_reset(t.opt, t.net);
}

void reset(Trainer& t) { start(t); }

double epoch(const Trainer& t) {
  return t.data.train.empty() ? 0.0 : static_cast<double>(t.samples_seen) / t.data.train.size();
}

}  // namespace relulab
