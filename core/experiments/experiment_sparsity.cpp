// experiment_sparsity.cpp: one-sided inhibition makes a ReLU network sparse (docs/science.md claim 1).
//
// Three hidden layers (as in Glorot, Bordes & Bengio 2011, scaled down to 2-D data) trained on the
// spiral and the moons. Measured through training: the exact-zero fraction of each hidden layer
// (ReLU outputs exactly 0 for z <= 0, so at init about half of the outputs are zero), with an L1
// penalty lambda * sum|h| / n on the hidden activations at several strengths, and test accuracy
// alongside, to show where sparsity starts to cost accuracy. tanh and sigmoid nets give no exact
// zeros; for them the |h| < 1e-3 fraction is reported as a clearly labelled threshold count.
#include <cmath>
#include <memory>

#include "experiments/experiment_common.h"
#include "nn/trainer.h"

namespace relulab {

namespace {

struct SparsityRunSpec {
  DataKind data;
  Activation act;
  float l1;
  int width;
};

struct Checkpoint {
  double epoch = 0, zero = 0, below_eps = 0, accuracy = 0,
         dead = 0;  // dead: units zero on all data
  std::vector<double> layer_zero;
};

struct SparsityState {
  std::vector<SparsityRunSpec> specs;
  std::vector<DataKind> datasets;
  std::vector<float> strengths;
  std::vector<int> widths;  // ReLU without penalty also runs at these widths; widths[0] runs all
  int seeds = 0, epochs = 0, checkpoints = 0, layers = 3;
  std::uint64_t seed0 = 1;
  std::vector<std::vector<Trainer>> trainers;               // [spec][seed]
  std::vector<std::vector<std::vector<Checkpoint>>> marks;  // [spec][seed][checkpoint]
  std::string error;
};

std::string strength_label(float l1) { return l1 == 0 ? "0" : fmt_num(l1, 2); }

void record(SparsityState& s, int i, int k) {
  Trainer& t = s.trainers[i][k];
  measure(t);
  Checkpoint c;
  c.epoch = epoch(t);
  c.accuracy = t.stats.accuracy_test;
  double units = 0;
  for (const LayerStats& ls : t.stats.layers) {
    units += ls.units;
    c.dead += ls.dead_units;
    c.layer_zero.push_back(ls.zero_fraction);
    c.zero += ls.zero_fraction;
    // For smooth units "inactive" means |phi(z)| < smooth_active_eps (a threshold, not a zero).
    c.below_eps += ls.exact_zeros ? ls.zero_fraction : 1.0 - ls.active_fraction;
  }
  double nl = std::max<size_t>(1, t.stats.layers.size());
  c.zero /= nl;
  c.dead /= std::max(1.0, units);
  c.below_eps /= nl;
  s.marks[i][k].push_back(c);
}

void sparsity_task(SparsityState& s, int i, int k, int checkpoint) {
  if (!s.error.empty()) return;
  if (checkpoint == 0) {
    const SparsityRunSpec& sp = s.specs[i];
    Config cfg = experiment_config(sp.data, s.layers, sp.width, sp.act,
                                   s.seed0 + static_cast<std::uint64_t>(k));
    cfg.train.activation_l1 = sp.l1;
    std::string err = make_trainer(cfg, &s.trainers[i][k]);
    if (!err.empty()) {
      s.error = err;
      return;
    }
  } else {
    Trainer& t = s.trainers[i][k];
    int per_epoch = (static_cast<int>(t.data.train.size()) + t.config.train.batch_size - 1) /
                    t.config.train.batch_size;
    int e0 = s.epochs * (checkpoint - 1) / s.checkpoints,
        e1 = s.epochs * checkpoint / s.checkpoints;
    train_steps(t, per_epoch * (e1 - e0));
  }
  record(s, i, k);
}

// Mean and spread over seeds of one checkpoint field.
template <class F>
void over_seeds(const SparsityState& s, int i, int cp, F field, double* mean, double* sd) {
  std::vector<double> v;
  for (const auto& seed : s.marks[i])
    if (cp < static_cast<int>(seed.size())) v.push_back(field(seed[cp]));
  *mean = mean_of(v);
  *sd = stddev_of(v);
}

void finish_sparsity(const SparsityState& s, ExperimentResult& r) {
  r.claim =
      "A ReLU unit outputs an exact zero for about half of its inputs at init; training and an "
      "L1 activation penalty raise the exact-zero fraction (Glorot et al. 2011: 68-85% after "
      "training); tanh and sigmoid give no exact zeros.";
  if (!s.error.empty()) {
    r.verdict = "error: " + s.error;
    return;
  }
  ResultTable& t = r.table;
  t.label_column = "run";
  t.columns = {"width",
               "l1_strength",
               "epoch",
               "zero_fraction_mean",
               "zero_fraction_sd",
               "below_eps_fraction_mean",
               "dead_unit_fraction_mean",
               "test_accuracy_mean",
               "test_accuracy_sd"};
  for (int l = 0; l < s.layers; ++l)
    t.columns.push_back("layer" + std::to_string(l + 1) + "_zero_fraction");

  std::vector<Chart> curves;
  Chart final_zero{"Exact zeros after training vs L1 strength (ReLU)",
                   "L1 activation penalty",
                   "exact-zero fraction",
                   false,
                   false,
                   true,
                   {},
                   {}};
  Chart final_acc{"Test accuracy after training vs L1 strength (ReLU)",
                  "L1 activation penalty",
                  "test accuracy",
                  false,
                  false,
                  true,
                  {},
                  {}};
  for (float l1 : s.strengths) final_zero.categories.push_back(strength_label(l1));
  final_acc.categories = final_zero.categories;
  Chart by_width{"Exact zeros after training vs layer width (ReLU, no penalty)",
                 "units per layer",
                 "fraction (light: from dead units)",
                 false,
                 false,
                 true,
                 {},
                 {}};
  for (int w : s.widths) by_width.categories.push_back(std::to_string(w));
  std::vector<double> widest_zero(s.datasets.size()), widest_dead(s.datasets.size());

  double relu_init = 0, tanh_zero = 0, sigmoid_zero = 0, smooth_below = 0;
  int relu_init_n = 0;
  bool more_sparse = true, smooth_ok = true;
  std::vector<double> acc_plain(s.datasets.size()), acc_strong(s.datasets.size()),
      zero_plain(s.datasets.size()), zero_strong(s.datasets.size());
  for (size_t di = 0; di < s.datasets.size(); ++di) {
    Chart c{std::string("Exact zeros during training: ") + data_kind_name(s.datasets[di]),
            "epoch",
            "fraction of hidden outputs",
            false,
            false,
            false,
            {},
            {}};
    std::vector<double> fx, fz, fzsd, fa, fasd, wx, wz, wzsd, wd;
    int color = 0;
    for (size_t i = 0; i < s.specs.size(); ++i) {
      const SparsityRunSpec& sp = s.specs[i];
      if (sp.data != s.datasets[di]) continue;
      std::string label = activation_info(sp.act).label;
      bool base_width = sp.width == s.widths[0];
      if (sp.act == Activation::relu) label += ", L1 " + strength_label(sp.l1);
      if (!base_width) label += ", width " + std::to_string(sp.width);
      std::vector<double> ex, ez, ezsd, eb;
      int ncp = s.marks[i].empty() ? 0 : static_cast<int>(s.marks[i][0].size());
      for (int cp = 0; cp < ncp; ++cp) {
        double ep, epsd, z, zsd, b, bsd, a, asd, dd, ddsd;
        over_seeds(
            s, static_cast<int>(i), cp, [](const Checkpoint& m) { return m.epoch; }, &ep, &epsd);
        over_seeds(
            s, static_cast<int>(i), cp, [](const Checkpoint& m) { return m.zero; }, &z, &zsd);
        over_seeds(
            s, static_cast<int>(i), cp, [](const Checkpoint& m) { return m.below_eps; }, &b, &bsd);
        over_seeds(
            s, static_cast<int>(i), cp, [](const Checkpoint& m) { return m.accuracy; }, &a, &asd);
        over_seeds(
            s, static_cast<int>(i), cp, [](const Checkpoint& m) { return m.dead; }, &dd, &ddsd);
        std::vector<double> row = {double(sp.width), sp.l1, ep, z, zsd, b, dd, a, asd};
        for (int l = 0; l < s.layers; ++l) {
          double lz, lsd;
          over_seeds(
              s, static_cast<int>(i), cp,
              [l](const Checkpoint& m) {
                return l < (int)m.layer_zero.size() ? m.layer_zero[l] : NAN;
              },
              &lz, &lsd);
          row.push_back(lz);
        }
        t.add(std::string(data_kind_name(sp.data)) + " " + label, row);
        ex.push_back(ep);
        ez.push_back(z);
        ezsd.push_back(zsd);
        eb.push_back(b);
        if (cp + 1 == ncp && sp.act == Activation::relu && sp.l1 == 0) {
          wx.push_back(static_cast<double>(wz.size()));
          wz.push_back(z);
          wzsd.push_back(zsd);
          wd.push_back(dd);
          if (sp.width == s.widths.back()) {
            widest_zero[di] = z;
            widest_dead[di] = dd;
          }
        }
        if (!base_width) continue;
        if (cp == 0 && sp.act == Activation::relu) {
          relu_init += z;
          ++relu_init_n;
        }
        if (cp + 1 == ncp) {
          if (sp.act == Activation::relu) {
            fx.push_back(static_cast<double>(fz.size()));
            fz.push_back(z);
            fzsd.push_back(zsd);
            fa.push_back(a);
            fasd.push_back(asd);
            if (sp.l1 == 0) {
              acc_plain[di] = a;
              zero_plain[di] = z;
            }
            if (sp.l1 == s.strengths.back()) {
              acc_strong[di] = a;
              zero_strong[di] = z;
            }
          } else {
            if (z != 0) smooth_ok = false;
            if (sp.act == Activation::tanh) tanh_zero = std::max(tanh_zero, z);
            if (sp.act == Activation::sigmoid) sigmoid_zero = std::max(sigmoid_zero, z);
            smooth_below = std::max(smooth_below, b);
          }
        }
      }
      if (!base_width) continue;
      if (sp.act == Activation::relu) {
        c.series.push_back(make_series(label, ex, ez, ezsd, false, color++));
      } else {
        c.series.push_back(make_series(label + " exact zeros", ex, ez, {}, false, color));
        c.series.push_back(make_series(label + " |h|<1e-3 (threshold)", ex, eb, {}, true, color++));
      }
    }
    c.y_min = 0;
    c.y_max = 1;
    curves.push_back(c);
    final_zero.series.push_back(
        make_series(data_kind_name(s.datasets[di]), fx, fz, fzsd, false, int(di)));
    final_acc.series.push_back(
        make_series(data_kind_name(s.datasets[di]), fx, fa, fasd, false, int(di)));
    if (!(zero_strong[di] > zero_plain[di])) more_sparse = false;
    by_width.series.push_back(
        make_series(std::string(data_kind_name(s.datasets[di])) + " exact zeros", wx, wz, wzsd,
                    false, int(di)));
    by_width.series.push_back(make_series(
        std::string(data_kind_name(s.datasets[di])) + " dead units", wx, wd, {}, true, int(di)));
  }
  relu_init = relu_init_n ? relu_init / relu_init_n : 0;
  final_zero.y_min = final_acc.y_min = 0;
  final_zero.y_max = final_acc.y_max = 1;
  r.charts = curves;
  r.charts.push_back(final_zero);
  r.charts.push_back(final_acc);
  if (s.widths.size() > 1) {
    by_width.y_min = 0;
    by_width.y_max = 1;
    r.charts.push_back(by_width);
  }

  size_t spiral = 0, moons = s.datasets.size() > 1 ? 1 : 0;
  float strong = s.strengths.back();
  r.headline = {{"relu_zero_fraction_init", relu_init},
                {"relu_zero_fraction_trained_spiral", zero_plain[spiral]},
                {"relu_zero_fraction_trained_moons", zero_plain[moons]},
                {"strongest_l1", strong},
                {"relu_zero_fraction_strong_l1_spiral", zero_strong[spiral]},
                {"relu_zero_fraction_strong_l1_moons", zero_strong[moons]},
                {"accuracy_spiral", acc_plain[spiral]},
                {"accuracy_strong_l1_spiral", acc_strong[spiral]},
                {"accuracy_moons", acc_plain[moons]},
                {"accuracy_strong_l1_moons", acc_strong[moons]},
                {"widest", double(s.widths.back())},
                {"relu_zero_fraction_trained_spiral_widest", widest_zero[spiral]},
                {"relu_zero_fraction_trained_moons_widest", widest_zero[moons]},
                {"dead_unit_fraction_spiral_widest", widest_dead[spiral]},
                {"dead_unit_fraction_moons_widest", widest_dead[moons]},
                {"tanh_exact_zero_fraction", tanh_zero},
                {"sigmoid_exact_zero_fraction", sigmoid_zero},
                {"smooth_below_eps_fraction_max", smooth_below}};
  // docs/science.md: about half exact zeros at init; the L1 penalty raises sparsity; no exact zeros
  // from tanh or sigmoid.
  r.as_expected = 0.4 <= relu_init && relu_init <= 0.6 && more_sparse && smooth_ok;
  const std::string dead_clause =
      widest_dead[spiral] > 0 || widest_dead[moons] > 0
          ? fmt_pct(widest_dead[spiral]) + " / " + fmt_pct(widest_dead[moons]) + " of units dead"
          : "no dead units";
  r.verdict = std::string(r.as_expected ? "Confirmed" : "NOT as expected") + ": ReLU layers are " +
              fmt_pct(relu_init) + " exact zeros at init, " + fmt_pct(zero_plain[spiral]) +
              " after training on spiral (" + fmt_pct(zero_plain[moons]) + " on moons; with " +
              std::to_string(s.widths.back()) + "-unit layers " + fmt_pct(widest_zero[spiral]) +
              " / " + fmt_pct(widest_zero[moons]) + ", " + dead_clause + "); an L1 penalty of " +
              strength_label(strong) + " raises that to " + fmt_pct(zero_strong[spiral]) + " / " +
              fmt_pct(zero_strong[moons]) + " while test accuracy goes " +
              fmt_pct(acc_plain[spiral]) + " -> " + fmt_pct(acc_strong[spiral]) + " on spiral, " +
              fmt_pct(acc_plain[moons]) + " -> " + fmt_pct(acc_strong[moons]) +
              " on moons; tanh and sigmoid: " + fmt_pct(std::max(tanh_zero, sigmoid_zero)) +
              " exact zeros (|h|<1e-3 threshold: at most " + fmt_pct(smooth_below) + ").";
}

}  // namespace

void build_sparsity(ExperimentRun& run) {
  const ExperimentOptions& o = run.options;
  auto s = std::make_shared<SparsityState>();
  s->seeds = pick(o.seeds, o.quick, 6, 1);
  s->epochs = pick(o.epochs, o.quick, 150, 10);
  s->checkpoints = std::min(s->epochs, o.quick ? 2 : 15);
  s->seed0 = o.seed;
  s->datasets = {DataKind::spiral, DataKind::moons};
  s->strengths = o.quick ? std::vector<float>{0, 0.03f}
                         : std::vector<float>{0, 0.001f, 0.003f, 0.01f, 0.03f, 0.1f};
  s->widths = o.quick ? std::vector<int>{16} : std::vector<int>{16, 64, 128};
  int w0 = s->widths[0];
  for (DataKind d : s->datasets) {
    for (float l1 : s->strengths) s->specs.push_back({d, Activation::relu, l1, w0});
    s->specs.push_back({d, Activation::tanh, 0, w0});
    s->specs.push_back({d, Activation::sigmoid, 0, w0});
    for (size_t wi = 1; wi < s->widths.size(); ++wi)
      s->specs.push_back({d, Activation::relu, 0, s->widths[wi]});
  }
  size_t n = s->specs.size();
  s->trainers.assign(n, std::vector<Trainer>(static_cast<size_t>(s->seeds)));
  s->marks.assign(n, std::vector<std::vector<Checkpoint>>(static_cast<size_t>(s->seeds)));
  SparsityState* p = s.get();
  for (int cp = 0; cp <= s->checkpoints; ++cp)
    for (size_t i = 0; i < n; ++i)
      for (int k = 0; k < s->seeds; ++k)
        run.tasks.push_back([p, i, k, cp] { sparsity_task(*p, static_cast<int>(i), k, cp); });
  run.finish = [p](ExperimentResult& r) { finish_sparsity(*p, r); };
  run.state = s;
}

}  // namespace relulab
