// experiment_mirror.cpp: mirrored ReLUs train alike by an exact reparameterisation (claim 3).
//
// relu(-x), -relu(x) and -relu(-x) = min(0, x) are ReLU up to sign flips of a layer's incoming
// weights and bias and/or of the next layer's weights (mirror_map in network.h). Negation is exact
// in floating point and gradient descent, momentum, Adam and L2 decay commute with it, so a variant
// started from the mapped initial weights follows the mapped trajectory bit for bit: identical
// losses, and weights that map back to ReLU's exactly. Started from the same raw weights instead,
// each variant is a different network of the same init distribution: the same final accuracy
// within the seed spread, but different curves. (relu(-x) = relu(x) - x: the difference is a linear
// term, not "a constant", as the article says.)
#include <cmath>
#include <memory>

#include "experiments/experiment_common.h"
#include "nn/trainer.h"

namespace relulab {

namespace {

const Activation mirror_variants[] = {Activation::relu, Activation::relu_neg, Activation::neg_relu,
                                      Activation::neg_relu_neg};
constexpr int variant_count = 4;

struct MirrorState {
  int seeds = 0, epochs = 0, layers = 2, width = 16;
  DataKind data = DataKind::spiral;
  std::uint64_t seed0 = 1;
  // trainers[seed][mode][variant], mode 0 = mapped from ReLU's weights, 1 = same raw weights
  std::vector<std::vector<std::vector<Trainer>>> trainers;
  std::vector<std::vector<std::vector<std::vector<double>>>> loss;  // [seed][mode][variant][epoch]
  std::vector<std::vector<std::vector<double>>> accuracy;           // [seed][mode][variant] final
  double max_mapped_loss_diff = 0;                                  // over seeds, variants, epochs
  double max_mapped_weight_diff = 0;    // final weights mapped back to ReLU vs ReLU's own
  double min_raw_loss_diff = INFINITY;  // smallest (over variants) max |loss difference| from raw
  double max_raw_init_diff = 0;         // raw variants start from ReLU's raw weights: must be 0
  std::string error;
};

double max_weight_diff(const Network& a, const Network& b) {
  double m = 0;
  for (size_t l = 0; l < a.layers.size() && l < b.layers.size(); ++l) {
    m = std::max<double>(m, (a.layers[l].W - b.layers[l].W).cwiseAbs().maxCoeff());
    m = std::max<double>(m, (a.layers[l].b - b.layers[l].b).cwiseAbs().maxCoeff());
  }
  return m;
}

void record(MirrorState& s, int k, int mode, int v) {
  Trainer& t = s.trainers[k][mode][v];
  measure(t);
  s.loss[k][mode][v].push_back(t.stats.loss_train);
  s.accuracy[k][mode][v] = t.stats.accuracy_test;
}

void start_seed(MirrorState& s, int k) {
  std::uint64_t seed = s.seed0 + static_cast<std::uint64_t>(k);
  auto& tr = s.trainers[k];
  for (int mode = 0; mode < 2; ++mode)
    for (int v = 0; v < variant_count; ++v) {
      Config cfg = experiment_config(s.data, s.layers, s.width, mirror_variants[v], seed);
      std::string err = make_trainer(cfg, &tr[mode][v]);
      if (!err.empty()) {
        s.error = err;
        return;
      }
    }
  const Network& relu_net = tr[0][0].net;
  for (int v = 1; v < variant_count; ++v) {
    s.max_raw_init_diff = std::max(s.max_raw_init_diff, max_weight_diff(tr[1][v].net, relu_net));
    Network mapped = relu_net;
    mirror_map(mapped, mirror_variants[v]);
    tr[0][v].net = mapped;
  }
  for (int mode = 0; mode < 2; ++mode)
    for (int v = 0; v < variant_count; ++v) record(s, k, mode, v);
}

void train_epoch(MirrorState& s, int k, int mode, int v) {
  Trainer& t = s.trainers[k][mode][v];
  int per_epoch = (static_cast<int>(t.data.train.size()) + t.config.train.batch_size - 1) /
                  t.config.train.batch_size;
  train_steps(t, per_epoch);
  record(s, k, mode, v);
}

void compare_seed(MirrorState& s, int k) {
  const auto& L = s.loss[k];
  for (int v = 1; v < variant_count; ++v) {
    double raw = 0;
    for (size_t e = 0; e < L[0][0].size(); ++e) {
      s.max_mapped_loss_diff = std::max(s.max_mapped_loss_diff, std::fabs(L[0][v][e] - L[0][0][e]));
      raw = std::max(raw, std::fabs(L[1][v][e] - L[1][0][e]));
    }
    s.min_raw_loss_diff = std::min(s.min_raw_loss_diff, raw);
    Network back = s.trainers[k][0][v].net;
    mirror_map(back, Activation::relu);
    s.max_mapped_weight_diff =
        std::max(s.max_mapped_weight_diff, max_weight_diff(back, s.trainers[k][0][0].net));
  }
  s.trainers[k].clear();  // free the trainers of a finished seed
}

void finish_mirror(const MirrorState& s, ExperimentResult& r) {
  r.claim =
      "relu(-x), -relu(x) and -relu(-x) are ReLU up to sign flips of weights: from the mapped "
      "initial weights they train identically (exactly equal losses); from the same raw "
      "weights they reach the same accuracy along different curves.";
  if (!s.error.empty()) {
    r.verdict = "error: " + s.error;
    return;
  }
  const char* const labels[variant_count] = {"relu(x)", "relu(-x)", "-relu(x)", "-relu(-x)"};
  ResultTable& t = r.table;
  t.label_column = "variant";
  t.columns = {"seed", "mapped_init", "epoch", "loss_train", "loss_minus_relu"};
  Chart mapped{"From sign-flip-mapped initial weights (seed " + std::to_string(s.seed0) + ")",
               "epoch",
               "training loss",
               false,
               true,
               false,
               {},
               {}};
  Chart raw{"From the same raw initial weights (seed " + std::to_string(s.seed0) + ")",
            "epoch",
            "training loss",
            false,
            true,
            false,
            {},
            {}};
  Chart acc{"Final test accuracy (mean +- sd over seeds)",
            "variant",
            "test accuracy",
            false,
            false,
            true,
            {},
            {}};
  std::vector<double> acc_x, acc_mapped, acc_mapped_sd, acc_raw, acc_raw_sd;
  std::vector<std::vector<double>> raw_acc(variant_count);
  for (int v = 0; v < variant_count; ++v) {
    acc.categories.push_back(labels[v]);
    std::vector<double> am, ar;
    for (int k = 0; k < s.seeds; ++k) {
      am.push_back(s.accuracy[k][0][v]);
      ar.push_back(s.accuracy[k][1][v]);
      for (int mode = 0; mode < 2; ++mode)
        for (size_t e = 0; e < s.loss[k][mode][v].size(); ++e)
          t.add(labels[v], {double(s.seed0 + k), double(1 - mode), double(e), s.loss[k][mode][v][e],
                            s.loss[k][mode][v][e] - s.loss[k][mode][0][e]});
    }
    raw_acc[v] = ar;
    acc_x.push_back(v);
    acc_mapped.push_back(mean_of(am));
    acc_mapped_sd.push_back(stddev_of(am));
    acc_raw.push_back(mean_of(ar));
    acc_raw_sd.push_back(stddev_of(ar));
    std::vector<double> ex;
    for (size_t e = 0; e < s.loss[0][0][v].size(); ++e) ex.push_back(double(e));
    // Identical curves: draw the variants dashed over ReLU's solid line.
    mapped.series.push_back(make_series(labels[v], ex, s.loss[0][0][v], {}, v > 0, v));
    raw.series.push_back(make_series(labels[v], ex, s.loss[0][1][v], {}, false, v));
  }
  acc.series.push_back(make_series("mapped init", acc_x, acc_mapped, acc_mapped_sd, false, 0));
  acc.series.push_back(make_series("same raw init", acc_x, acc_raw, acc_raw_sd, false, 1));
  r.charts = {mapped, raw, acc};

  // Same accuracy "within spread": each variant's mean within 2 standard errors of the difference
  // (or 3 points of accuracy when the spread is tiny) of ReLU's.
  double worst_gap = 0;
  bool same_accuracy = true;
  for (int v = 1; v < variant_count; ++v) {
    double gap = std::fabs(acc_raw[v] - acc_raw[0]);
    double se = std::sqrt((acc_raw_sd[v] * acc_raw_sd[v] + acc_raw_sd[0] * acc_raw_sd[0]) /
                          std::max(1, s.seeds));
    if (gap > std::max(2 * se, 0.03)) same_accuracy = false;
    worst_gap = std::max(worst_gap, gap);
  }
  r.headline = {{"seeds", double(s.seeds)},
                {"epochs", double(s.epochs)},
                {"max_abs_loss_difference_mapped", s.max_mapped_loss_diff},
                {"max_abs_weight_difference_mapped_back", s.max_mapped_weight_diff},
                {"min_max_abs_loss_difference_raw", s.min_raw_loss_diff},
                {"raw_init_weight_difference", s.max_raw_init_diff},
                {"accuracy_relu_raw", acc_raw[0]},
                {"accuracy_relu_neg_raw", acc_raw[1]},
                {"accuracy_neg_relu_raw", acc_raw[2]},
                {"accuracy_neg_relu_neg_raw", acc_raw[3]},
                {"accuracy_sd_relu_raw", acc_raw_sd[0]},
                {"max_accuracy_gap_raw", worst_gap}};
  bool exact = s.max_mapped_loss_diff == 0 && s.max_mapped_weight_diff == 0;
  bool differ = s.min_raw_loss_diff > 0;
  r.as_expected = exact && differ && same_accuracy;
  std::string accs;
  for (int v = 0; v < variant_count; ++v)
    accs += std::string(v ? ", " : "") + labels[v] + " " + fmt_pct(acc_raw[v]) + " +- " +
            fmt_pct(acc_raw_sd[v]);
  r.verdict = std::string(r.as_expected ? "Confirmed" : "NOT as expected") +
              ": from mapped weights the variants' losses differ from ReLU's by at most " +
              fmt_num(s.max_mapped_loss_diff) +
              " (weights mapped back: " + fmt_num(s.max_mapped_weight_diff) + ") over " +
              std::to_string(s.seeds) + " seeds x " + std::to_string(s.epochs) +
              " epochs; from the same raw weights the curves " +
              (differ ? "differ (by >= " : "do not all differ (smallest largest difference ") +
              fmt_num(s.min_raw_loss_diff) + ") and final test accuracy is " + accs + ".";
}

}  // namespace

void build_mirror(ExperimentRun& run) {
  const ExperimentOptions& o = run.options;
  auto s = std::make_shared<MirrorState>();
  s->seeds = pick(o.seeds, o.quick, 20, 2);
  s->epochs = pick(o.epochs, o.quick, 100, 8);
  s->seed0 = o.seed;
  s->trainers.assign(s->seeds,
                     std::vector<std::vector<Trainer>>(2, std::vector<Trainer>(variant_count)));
  s->loss.assign(s->seeds, std::vector<std::vector<std::vector<double>>>(
                               2, std::vector<std::vector<double>>(variant_count)));
  s->accuracy.assign(s->seeds,
                     std::vector<std::vector<double>>(2, std::vector<double>(variant_count, 0.0)));
  MirrorState* p = s.get();
  // Seed by seed, so only one seed's eight trainers are alive at a time.
  for (int k = 0; k < s->seeds; ++k) {
    run.tasks.push_back([p, k] { start_seed(*p, k); });
    for (int e = 0; e < s->epochs; ++e)
      for (int mode = 0; mode < 2; ++mode)
        for (int v = 0; v < variant_count; ++v)
          run.tasks.push_back([p, k, mode, v] {
            if (p->error.empty()) train_epoch(*p, k, mode, v);
          });
    run.tasks.push_back([p, k] {
      if (p->error.empty()) compare_seed(*p, k);
    });
  }
  run.finish = [p](ExperimentResult& r) { finish_mirror(*p, r); };
  run.state = s;
}

}  // namespace relulab
