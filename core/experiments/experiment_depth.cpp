// experiment_depth.cpp: "each added layer divides the activation rate by 2" (docs/science.md claim 2).
//
// ReLU nets with He-normal weights and zero biases, depths 1..12 and several widths, measured at
// initialisation over a dense grid of the input domain [-6, 6]^2. Per network:
//   - active fraction of each hidden layer (mean over units and inputs): stays ~1/2 at every depth,
//     since each pre-activation is symmetric about 0 (He et al. 2015, section 2.2);
//   - active-path fraction: with every unit of layer l connected to every unit of layer l+1, the
//     input->output paths through N hidden layers that are active for input x number
//     prod_l k_l(x) out of prod_l w_l, so the fraction is prod_l k_l(x)/w_l ~ 2^-N;
//   - units dead on every input / active on every input (loss of selectivity with depth);
//   - born dead: the output is constant over the whole domain (Lu et al. 2019, arXiv 1903.06733).
#include <algorithm>
#include <cmath>
#include <memory>

#include "experiments/experiment_common.h"

namespace relulab {

namespace {

struct DepthCell {
  std::vector<double> last_active, mean_active, path, dead, always_on, born_dead;  // [seed]
  std::vector<std::vector<double>> layer_active;                                   // [layer][seed]
};

struct DepthState {
  std::vector<int> widths, depths;
  int seeds = 0;
  std::uint64_t seed0 = 1;
  MatrixR X;                                  // (2, grid^2) input sample
  std::vector<std::vector<DepthCell>> cells;  // [width][depth]
  Forward fwd;
};

void measure_network(DepthState& s, int wi, int di, int seed_index) {
  int width = s.widths[wi], depth = s.depths[di];
  NetworkSpec spec;
  spec.hidden.assign(static_cast<size_t>(depth), LayerSpec{width, Activation::relu});
  spec.output = Output::sigmoid_bce;
  spec.init = Init::he_normal;
  spec.bias_init = BiasInit::zero;
  spec.seed = s.seed0 + static_cast<std::uint64_t>(seed_index);
  Network net = make_network(spec, 2);
  forward(net, s.X, s.fwd);

  const long n = s.X.cols();
  Eigen::ArrayXd path = Eigen::ArrayXd::Ones(n);  // per input: prod_l k_l(x) / w_l
  double active_sum = 0, last_active = 0;
  int dead = 0, always_on = 0;
  DepthCell& cell = s.cells[wi][di];
  if (cell.layer_active.size() < static_cast<size_t>(depth)) cell.layer_active.resize(depth);
  for (int l = 0; l < depth; ++l) {
    // ReLU counts exact zeros: a unit is active on x when its output is non-zero.
    Eigen::ArrayXXf on = (s.fwd.A[l].array() != 0.0f).cast<float>();  // (width, n)
    Eigen::ArrayXf per_unit = on.rowwise().sum();                     // inputs each unit is on
    Eigen::ArrayXf per_input = on.colwise().sum().transpose();        // k_l(x)
    path *= per_input.cast<double>() / width;
    double layer_active = per_unit.sum() / (static_cast<double>(width) * n);
    cell.layer_active[l].push_back(layer_active);
    active_sum += layer_active;
    if (l == depth - 1) last_active = layer_active;
    dead += (per_unit == 0.0f).count();
    always_on += (per_unit == static_cast<float>(n)).count();
  }
  const MatrixR& out = s.fwd.Z.back();  // (1, n) pre-link output
  float lo = out.minCoeff(), hi = out.maxCoeff();
  bool constant = (hi - lo) <= 1e-7f * (1.0f + std::max(std::fabs(lo), std::fabs(hi)));
  double units = static_cast<double>(width) * depth;
  cell.last_active.push_back(last_active);
  cell.mean_active.push_back(active_sum / depth);
  cell.path.push_back(path.mean());
  cell.dead.push_back(dead / units);
  cell.always_on.push_back(always_on / units);
  cell.born_dead.push_back(constant ? 1.0 : 0.0);
}

void finish_depth(const DepthState& s, ExperimentResult& r) {
  r.claim =
      "Every ReLU layer stays ~50% active at any depth (He et al. 2015); what falls as 2^-N is "
      "the fraction of active input-to-output paths; narrow deep nets are born dead "
      "(Lu et al. 2019).";
  ResultTable& t = r.table;
  t.columns = {"width",
               "depth",
               "seeds",
               "last_layer_active_mean",
               "last_layer_active_sd",
               "mean_layer_active",
               "active_path_fraction",
               "active_path_sd",
               "two_pow_minus_depth",
               "dead_unit_fraction",
               "always_on_unit_fraction",
               "born_dead_fraction"};
  Chart active{"Active fraction of layer N (mean over seeds)",
               "depth N (hidden layers)",
               "fraction of units active",
               false,
               false,
               false,
               {},
               {}};
  Chart paths{"Active input-output paths",
              "depth N (hidden layers)",
              "fraction of paths active",
              false,
              true,
              false,
              {},
              {}};
  Chart selectivity{"Units dead everywhere (solid) / always on (dashed)",
                    "depth N (hidden layers)",
                    "fraction of hidden units",
                    false,
                    false,
                    false,
                    {},
                    {}};
  Chart born{"Networks born dead (constant output)",
             "depth N (hidden layers)",
             "fraction of networks",
             false,
             false,
             false,
             {},
             {}};
  std::vector<double> xs(s.depths.begin(), s.depths.end()), halving;
  for (int d : s.depths) halving.push_back(std::pow(0.5, d));

  bool layers_ok = true, paths_ok = true;
  double wide_min = 1, wide_max = 0;
  double deepest_wide_min =
      1;  // the last layer's activity of width >= 16 nets at the largest depth
  for (size_t wi = 0; wi < s.widths.size(); ++wi) {
    int w = s.widths[wi];
    std::vector<double> a_m, a_sd, p_m, p_sd, dead_m, on_m, born_m;
    for (size_t di = 0; di < s.depths.size(); ++di) {
      const DepthCell& c = s.cells[wi][di];
      int d = s.depths[di];
      a_m.push_back(mean_of(c.last_active));
      a_sd.push_back(stddev_of(c.last_active));
      p_m.push_back(mean_of(c.path));
      p_sd.push_back(stddev_of(c.path));
      dead_m.push_back(mean_of(c.dead));
      on_m.push_back(mean_of(c.always_on));
      born_m.push_back(mean_of(c.born_dead));
      t.add("",
            {double(w), double(d), double(s.seeds), a_m.back(), a_sd.back(), mean_of(c.mean_active),
             p_m.back(), p_sd.back(), std::pow(0.5, d), dead_m.back(), on_m.back(), born_m.back()});
      if (w >= 16) {
        // Claim 2's range: about half of every layer is active at every depth.
        if (!(0.4 <= a_m.back() && a_m.back() <= 0.6)) layers_ok = false;
        wide_min = std::min(wide_min, a_m.back());
        wide_max = std::max(wide_max, a_m.back());
        if (di + 1 == s.depths.size()) deepest_wide_min = std::min(deepest_wide_min, a_m.back());
      }
      if (wi + 1 == s.widths.size() && w >= 16 &&
          !(std::fabs(std::log2(std::max(p_m.back(), 1e-30)) + d) <= 1.0))
        paths_ok = false;
    }
    std::string name = "width " + std::to_string(w);
    int col = static_cast<int>(wi);
    active.series.push_back(make_series(name, xs, a_m, a_sd, false, col));
    paths.series.push_back(make_series(name, xs, p_m, {}, false, col));
    selectivity.series.push_back(make_series(name + " dead", xs, dead_m, {}, false, col));
    selectivity.series.push_back(make_series(name + " always on", xs, on_m, {}, true, col));
    born.series.push_back(make_series(name, xs, born_m, {}, false, col));
  }
  active.series.push_back(make_series("article: 2^-N", xs, halving, {}, true, 7));
  paths.series.push_back(make_series("2^-N", xs, halving, {}, true, 7));
  active.y_min = selectivity.y_min = born.y_min = 0;
  active.y_max = born.y_max = 1;
  r.charts = {active, paths, selectivity, born};

  // Headline numbers: the widest and narrowest nets at the largest depth.
  size_t wide = s.widths.size() - 1, deep = s.depths.size() - 1;
  int dmax = s.depths[deep], wmin = s.widths[0], wmax = s.widths[wide];
  double path_deep = mean_of(s.cells[wide][deep].path);
  double born_narrow = mean_of(s.cells[0][deep].born_dead);
  double born_narrow_first = mean_of(s.cells[0][0].born_dead);
  double dead_narrow = mean_of(s.cells[0][deep].dead);
  double on_wide = mean_of(s.cells[wide][deep].always_on);
  double every_min = 1, every_max = 0;  // each layer of the deepest, widest nets
  for (const auto& layer : s.cells[wide][deep].layer_active) {
    every_min = std::min(every_min, mean_of(layer));
    every_max = std::max(every_max, mean_of(layer));
  }
  r.headline = {{"max_depth", double(dmax)},
                {"widest", double(wmax)},
                {"narrowest", double(wmin)},
                {"wide_layer_active_min", wide_min},
                {"wide_layer_active_max", wide_max},
                {"deepest_widest_each_layer_active_min", every_min},
                {"deepest_widest_each_layer_active_max", every_max},
                {"path_fraction_deepest_widest", path_deep},
                {"two_pow_minus_max_depth", std::pow(0.5, dmax)},
                {"born_dead_narrowest_deepest", born_narrow},
                {"born_dead_narrowest_depth1", born_narrow_first},
                {"dead_units_narrowest_deepest", dead_narrow},
                {"always_on_widest_deepest", on_wide}};
  // Lu et al.: the narrowest nets die more often as depth grows.
  bool born_ok = born_narrow > born_narrow_first;
  r.as_expected = layers_ok && paths_ok && born_ok;
  // The article's 2^-N for a layer's activity is refuted when, at the largest depth, every wide
  // net's last layer is more than twice as active as 2^-N says (the two agree at N = 1).
  const double halving_deepest = std::pow(0.5, dmax);
  const bool halving_refuted = dmax >= 2 && deepest_wide_min > 2 * halving_deepest;
  const std::string halving_clause =
      halving_refuted
          ? " (the article's 2^-N, " + fmt_num(halving_deepest) + " at depth " +
                std::to_string(dmax) + ", is wrong)"
          : " (not twice the article's 2^-N = " + fmt_num(halving_deepest) + " at depth " +
                std::to_string(dmax) + ", so this run does not refute it)";
  r.verdict = std::string(r.as_expected ? "Confirmed" : "NOT as expected") +
              ": layers of width >= 16 stay " + fmt_pct(wide_min) + "-" + fmt_pct(wide_max) +
              " active at depths " + std::to_string(s.depths.front()) + "-" + std::to_string(dmax) +
              halving_clause + "; active paths at depth " + std::to_string(dmax) + ", width " +
              std::to_string(wmax) + ": " + fmt_num(path_deep) + " vs 2^-" + std::to_string(dmax) +
              " = " + fmt_num(std::pow(0.5, dmax)) + "; width-" + std::to_string(wmin) +
              " nets born dead: " + fmt_pct(born_narrow_first) + " at depth " +
              std::to_string(s.depths.front()) + ", " + fmt_pct(born_narrow) + " at depth " +
              std::to_string(dmax) + ".";
}

}  // namespace

void build_depth(ExperimentRun& run) {
  const ExperimentOptions& o = run.options;
  auto s = std::make_shared<DepthState>();
  s->seeds = pick(o.seeds, o.quick, 100, 30);
  int grid = pick(o.grid, o.quick, 40, 24);
  s->seed0 = o.seed;
  s->widths = o.quick ? std::vector<int>{2, 16} : std::vector<int>{2, 4, 8, 16, 64};
  for (int d = 1; d <= max_hidden_layers; ++d) s->depths.push_back(d);
  domain_inputs(0b11, grid, s->X);
  s->cells.assign(s->widths.size(), std::vector<DepthCell>(s->depths.size()));
  for (size_t wi = 0; wi < s->widths.size(); ++wi)
    for (size_t di = 0; di < s->depths.size(); ++di)
      for (int k = 0; k < s->seeds; ++k) {
        DepthState* p = s.get();
        run.tasks.push_back(
            [p, wi, di, k] { measure_network(*p, static_cast<int>(wi), static_cast<int>(di), k); });
      }
  run.finish = [p = s.get()](ExperimentResult& r) { finish_depth(*p, r); };
  run.state = s;
}

}  // namespace relulab
