// experiment_regions.cpp: expressiveness, counted as linear regions (docs/science.md claim 4).
//
// A ReLU net is affine inside each activation pattern; its linear regions over the domain
// [-6, 6]^2 are counted exactly, as the polygons of the partition of regions_exact.h (distinct
// activation patterns of positive area; a grid would miss the small ones). A net the exact count
// does not apply to (none here: ReLU and linear units on x1, x2) falls back to the grid's distinct
// patterns (count_regions in grid.h), and the verdict says how many did. Measured for several depths and widths at init (He normal, zero bias: every unit's
// kink set is a union of rays from the origin, so regions are sectors) and after training on the
// spiral. Montufar et al. 2014: the maximum grows exponentially with depth; Hanin & Rolnick 2019:
// typical nets have about N^2 regions in 2-D (N units in total), far below it. For one hidden layer
// of k units, an arrangement of k lines makes at most 1 + k + k(k-1)/2 regions (drawn for
// reference). Alongside: a deep *linear* net is one affine map, one region and a straight
// boundary, so it cannot separate the circle at any depth, while a ReLU net of the same shape can.
#include <cmath>
#include <memory>

#include "experiments/experiment_common.h"
#include "instruments/grid.h"
#include "instruments/regions_exact.h"
#include "nn/trainer.h"

namespace relulab {

namespace {

struct RegionCell {
  std::vector<double> init, trained, accuracy;  // [seed]
};

struct CircleCell {
  std::vector<double> accuracy, regions;  // [seed]
};

struct RegionsState {
  std::vector<int> widths, depths, circle_depths;
  int seeds = 0, epochs = 0, chunks = 4, circle_width = 8;
  std::uint64_t seed0 = 1;
  GridSpec grid;            // the fallback estimate's grid
  int estimated = 0;        // counts that fell back to the grid
  std::vector<std::vector<RegionCell>> cells;         // [width][depth]
  std::vector<std::vector<CircleCell>> circle;        // [0 linear, 1 relu][depth]
  std::vector<std::vector<std::vector<Trainer>>> trainers;  // [width][depth][seed]
  std::string error;
};

// Linear regions of `net`: exact where regions_exact.h applies, else the grid estimate.
double region_count(RegionsState& s, const Network& net) {
  ExactOptions o;
  o.domain = Rect{s.grid.x0, s.grid.x1, s.grid.y0, s.grid.y1};
  Partition p;
  if (exact_partition(net, o, &p).empty()) return double(p.regions);
  ++s.estimated;
  return count_regions(net, s.grid);
}

int steps_per_epoch(const Trainer& t) {
  return (static_cast<int>(t.data.train.size()) + t.config.train.batch_size - 1) /
         t.config.train.batch_size;
}

void region_task(RegionsState& s, int wi, int di, int k, int chunk) {
  if (!s.error.empty()) return;
  Trainer& t = s.trainers[wi][di][k];
  RegionCell& cell = s.cells[wi][di];
  if (chunk == 0) {
    Config cfg = experiment_config(DataKind::spiral, s.depths[di], s.widths[wi], Activation::relu,
                                   s.seed0 + static_cast<std::uint64_t>(k));
    std::string err = make_trainer(cfg, &t);
    if (!err.empty()) {
      s.error = err;
      return;
    }
    cell.init.push_back(region_count(s, t.net));
    return;
  }
  int e0 = s.epochs * (chunk - 1) / s.chunks, e1 = s.epochs * chunk / s.chunks;
  train_steps(t, steps_per_epoch(t) * (e1 - e0));
  if (chunk == s.chunks) {
    cell.trained.push_back(region_count(s, t.net));
    measure(t);
    cell.accuracy.push_back(t.stats.accuracy_test);
    t = Trainer{};  // done with this network
  }
}

void circle_task(RegionsState& s, int kind, int di, int k) {
  if (!s.error.empty()) return;
  Activation act = kind == 0 ? Activation::linear : Activation::relu;
  Config cfg = experiment_config(DataKind::circle, s.circle_depths[di], s.circle_width, act,
                                 s.seed0 + static_cast<std::uint64_t>(k));
  Trainer t;
  std::string err = make_trainer(cfg, &t);
  if (!err.empty()) {
    s.error = err;
    return;
  }
  train_steps(t, steps_per_epoch(t) * s.epochs);
  measure(t);
  s.circle[kind][di].accuracy.push_back(t.stats.accuracy_test);
  s.circle[kind][di].regions.push_back(region_count(s, t.net));
}

// Least-squares slope of log(regions) against log(total units): the growth exponent.
double log_log_slope(const std::vector<double>& n, const std::vector<double>& regions) {
  double sx = 0, sy = 0, sxx = 0, sxy = 0;
  int m = 0;
  for (size_t i = 0; i < n.size(); ++i)
    if (n[i] > 0 && regions[i] > 0) {
      double x = std::log(n[i]), y = std::log(regions[i]);
      sx += x;
      sy += y;
      sxx += x * x;
      sxy += x * y;
      ++m;
    }
  double den = m * sxx - sx * sx;
  return m > 1 && den != 0 ? (m * sxy - sx * sy) / den : 0;
}

void finish_regions(const RegionsState& s, ExperimentResult& r) {
  r.claim =
      "A deep linear net is one affine map (one region, a straight boundary); a ReLU net is "
      "piecewise linear with regions that grow with its units, typically about N^2 in 2-D, "
      "far below the exponential maximum (Montufar et al. 2014; Hanin & Rolnick 2019).";
  if (!s.error.empty()) {
    r.verdict = "error: " + s.error;
    return;
  }
  ResultTable& t = r.table;
  t.label_column = "net";
  t.columns = {"width",
               "depth",
               "total_units",
               "regions_init_mean",
               "regions_init_sd",
               "regions_trained_mean",
               "regions_trained_sd",
               "test_accuracy_mean",
               "single_layer_bound"};
  Chart by_depth{s.estimated ? "Linear regions vs depth (exact; " + std::to_string(s.estimated) +
                                   " on a " + std::to_string(s.grid.width) + "^2 grid)"
                             : std::string("Linear regions vs depth (exact count)"),
                 "depth (hidden layers)", "regions", false, true, false, {}, {}};
  Chart by_units{"Linear regions vs total hidden units N", "N (units)", "regions", true, true, false,
                 {}, {}};
  std::vector<double> all_n, all_trained, all_init;
  bool bound_ok = true;
  double single_max_ratio = 0;
  for (size_t wi = 0; wi < s.widths.size(); ++wi) {
    std::vector<double> dx, im, tm, tsd, nx;
    int w = s.widths[wi];
    for (size_t di = 0; di < s.depths.size(); ++di) {
      const RegionCell& c = s.cells[wi][di];
      int d = s.depths[di];
      double n = double(w) * d;
      double bound = d == 1 ? double(line_arrangement_bound(w)) : NAN;
      t.add("relu", {double(w), double(d), n, mean_of(c.init), stddev_of(c.init),
                     mean_of(c.trained), stddev_of(c.trained), mean_of(c.accuracy), bound});
      if (d == 1)
        for (double v : c.init) {
          if (v > bound) bound_ok = false;
          single_max_ratio = std::max(single_max_ratio, v / bound);
        }
      if (d == 1)
        for (double v : c.trained) {
          if (v > bound) bound_ok = false;
          single_max_ratio = std::max(single_max_ratio, v / bound);
        }
      dx.push_back(d);
      nx.push_back(n);
      im.push_back(mean_of(c.init));
      tm.push_back(mean_of(c.trained));
      tsd.push_back(stddev_of(c.trained));
      all_n.push_back(n);
      all_trained.push_back(tm.back());
      all_init.push_back(im.back());
    }
    std::string name = "width " + std::to_string(w);
    int col = static_cast<int>(wi);
    by_depth.series.push_back(make_series(name + " trained", dx, tm, tsd, false, col));
    by_depth.series.push_back(make_series(name + " init", dx, im, {}, true, col));
    by_units.series.push_back(make_series(name + " trained", nx, tm, {}, false, col));
    by_units.series.push_back(make_series(name + " init", nx, im, {}, true, col));
  }
  std::vector<double> bx, by;
  for (int k = 2; k <= s.widths.back() * s.depths.back(); k = k * 3 / 2 + 1) {
    bx.push_back(k);
    by.push_back(double(line_arrangement_bound(k)));
  }
  by_units.series.push_back(make_series("1 + N + N(N-1)/2 (one layer)", bx, by, {}, true, 7));

  Chart circle{"Circle, width " + std::to_string(s.circle_width) + ": test accuracy",
               "hidden layers",
               "test accuracy",
               false,
               false,
               true,
               {},
               {}};
  std::vector<double> cx, lin_acc, lin_sd, relu_acc, relu_sd;
  // ReLU "can separate": its best seed at every depth (a seed may die or stall in training).
  double linear_max = 0, linear_regions_max = 0, relu_min = 1, relu_best_min = 1;
  for (size_t di = 0; di < s.circle_depths.size(); ++di) {
    int d = s.circle_depths[di];
    circle.categories.push_back(std::to_string(d) + (d == 1 ? " layer" : " layers"));
    const CircleCell& lin = s.circle[0][di];
    const CircleCell& rel = s.circle[1][di];
    cx.push_back(double(di));
    lin_acc.push_back(mean_of(lin.accuracy));
    lin_sd.push_back(stddev_of(lin.accuracy));
    relu_acc.push_back(mean_of(rel.accuracy));
    relu_sd.push_back(stddev_of(rel.accuracy));
    for (double a : lin.accuracy) linear_max = std::max(linear_max, a);
    for (double g : lin.regions) linear_regions_max = std::max(linear_regions_max, g);
    relu_min = std::min(relu_min, relu_acc.back());
    double best = 0;
    for (double a : rel.accuracy) best = std::max(best, a);
    relu_best_min = std::min(relu_best_min, best);
    t.add("linear_circle", {double(s.circle_width), double(d), double(s.circle_width * d), NAN, NAN,
                            mean_of(lin.regions), stddev_of(lin.regions), lin_acc.back(), NAN});
    t.add("relu_circle", {double(s.circle_width), double(d), double(s.circle_width * d), NAN, NAN,
                          mean_of(rel.regions), stddev_of(rel.regions), relu_acc.back(), NAN});
  }
  circle.series.push_back(make_series("linear units", cx, lin_acc, lin_sd, false, 7));
  circle.series.push_back(make_series("ReLU units", cx, relu_acc, relu_sd, false, 0));
  circle.y_min = 0;
  circle.y_max = 1;
  r.charts = {by_depth, by_units, circle};

  double slope_trained = log_log_slope(all_n, all_trained);
  double slope_init = log_log_slope(all_n, all_init);
  size_t wl = s.widths.size() - 1, dl = s.depths.size() - 1;
  double biggest_trained = mean_of(s.cells[wl][dl].trained);
  double biggest_init = mean_of(s.cells[wl][dl].init);
  int biggest_n = s.widths[wl] * s.depths[dl];
  r.headline = {{"growth_exponent_trained", slope_trained},
                {"growth_exponent_init", slope_init},
                {"largest_units", double(biggest_n)},
                {"regions_largest_init", biggest_init},
                {"regions_largest_trained", biggest_trained},
                {"single_layer_max_fraction_of_bound", single_max_ratio},
                {"linear_circle_accuracy_max", linear_max},
                {"linear_regions_max", linear_regions_max},
                {"relu_circle_accuracy_mean_min", relu_min},
                {"relu_circle_accuracy_best_seed_min", relu_best_min}};
  // Expected: linear nets never separate the circle (one region); ReLU nets do; one-layer counts
  // never exceed the arrangement bound.
  r.as_expected = linear_max < 0.75 && linear_regions_max == 1 && relu_best_min >= 0.95 && bound_ok;
  const std::string linear_regions_clause =
      linear_regions_max == 1 ? "stay one region"
                              : "show up to " + fmt_num(linear_regions_max) +
                                    " regions (an affine map has one: a measurement fault)";
  r.verdict = std::string(r.as_expected ? "Confirmed" : "NOT as expected") + ": deep linear nets " +
              linear_regions_clause + " and reach at most " + fmt_pct(linear_max) +
              " on the circle at depths up to " + std::to_string(s.circle_depths.back()) +
              " (ReLU nets of the same shapes: best seed " + fmt_pct(relu_best_min) +
              " or better at every depth, mean " + fmt_pct(relu_min) +
              " at the worst depth); ReLU regions grow with units N as about N^" +
              fmt_num(slope_trained, 2) + " after training (N^" + fmt_num(slope_init, 2) +
              " at init, zero bias: sectors through the origin); N = " + std::to_string(biggest_n) +
              ": " + fmt_num(biggest_init, 3) + " regions at init, " + fmt_num(biggest_trained, 3) +
              " trained, vs 2^N possible; single layers reach at most " + fmt_pct(single_max_ratio) +
              " of the line-arrangement bound" +
              (s.estimated ? " (" + std::to_string(s.estimated) + " counts are grid estimates)" : "") + ".";
}

}  // namespace

void build_regions(ExperimentRun& run) {
  const ExperimentOptions& o = run.options;
  auto s = std::make_shared<RegionsState>();
  s->seeds = pick(o.seeds, o.quick, 10, 2);
  s->epochs = pick(o.epochs, o.quick, 100, 40);
  int side = pick(o.grid, o.quick, 256, 64);
  s->grid.width = s->grid.height = side;
  s->seed0 = o.seed;
  s->widths = o.quick ? std::vector<int>{4, 8} : std::vector<int>{4, 8, 16};
  s->depths = o.quick ? std::vector<int>{1, 2, 3} : std::vector<int>{1, 2, 3, 4, 6};
  s->circle_depths = o.quick ? std::vector<int>{1, 3} : std::vector<int>{1, 2, 4, 8};
  s->chunks = std::max(1, std::min(s->chunks, s->epochs));
  s->cells.assign(s->widths.size(), std::vector<RegionCell>(s->depths.size()));
  s->circle.assign(2, std::vector<CircleCell>(s->circle_depths.size()));
  s->trainers.assign(s->widths.size(), std::vector<std::vector<Trainer>>(
                                           s->depths.size(), std::vector<Trainer>(s->seeds)));
  RegionsState* p = s.get();
  for (size_t wi = 0; wi < s->widths.size(); ++wi)
    for (size_t di = 0; di < s->depths.size(); ++di)
      for (int k = 0; k < s->seeds; ++k)
        for (int chunk = 0; chunk <= s->chunks; ++chunk)
          run.tasks.push_back([p, wi, di, k, chunk] {
            region_task(*p, static_cast<int>(wi), static_cast<int>(di), k, chunk);
          });
  for (int kind = 0; kind < 2; ++kind)
    for (size_t di = 0; di < s->circle_depths.size(); ++di)
      for (int k = 0; k < s->seeds; ++k)
        run.tasks.push_back([p, kind, di, k] { circle_task(*p, kind, static_cast<int>(di), k); });
  run.finish = [p](ExperimentResult& r) { finish_regions(*p, r); };
  run.state = s;
}

}  // namespace relulab
