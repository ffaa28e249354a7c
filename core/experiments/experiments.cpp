// experiments.cpp: the experiment table, run driver, option checks, CSV and shared helpers.
//
// A run is a list of work units over shared state (see experiments.h); this file steps through it
// and leaves the science to experiment_<name>.cpp.
#include "experiments/experiments.h"

#include <cmath>
#include <cstdio>
#include <ostream>

#include "data/dataset.h"
#include "experiments/experiment_common.h"

namespace relulab {

namespace {

struct ExperimentEntry {
  ExperimentKind kind;
  const char* name;
  const char* title;
  void (*build)(ExperimentRun&);
};

const ExperimentEntry experiment_table[] = {
    {ExperimentKind::sparsity, "sparsity",
     "Sparsity: exact zeros per layer, with and without an L1 penalty", build_sparsity},
    {ExperimentKind::depth, "depth", "Depth: every layer ~50% active, active paths fall as 2^-N",
     build_depth},
    {ExperimentKind::mirror, "mirror", "Mirrored ReLUs: exact reparameterisation by sign flips",
     build_mirror},
    {ExperimentKind::gradients, "gradients", "Gradients: per-layer dL/dz through 10 layers",
     build_gradients},
    {ExperimentKind::regions, "regions", "Linear regions against depth and width", build_regions},
};
static_assert(sizeof(experiment_table) / sizeof(*experiment_table) == experiment_count,
              "one entry per experiment");

const ExperimentEntry& entry(ExperimentKind k) {
  int i = static_cast<int>(k);
  return experiment_table[(i >= 0 && i < experiment_count) ? i : 0];
}

std::string range_error(const char* field, long v, long lo, long hi) {
  return std::string(field) + ": " + std::to_string(v) + " is out of range " + std::to_string(lo) +
         ".." + std::to_string(hi);
}

}  // namespace

const char* experiment_name(ExperimentKind k) { return entry(k).name; }
const char* experiment_title(ExperimentKind k) { return entry(k).title; }

bool experiment_from_name(const std::string& s, ExperimentKind* out) {
  for (const ExperimentEntry& e : experiment_table)
    if (s == e.name) {
      *out = e.kind;
      return true;
    }
  return false;
}

std::string experiment_choices() {
  std::string r;
  for (const ExperimentEntry& e : experiment_table)
    r += (r.empty() ? "" : ", ") + std::string(e.name);
  return r;
}

std::string validate_experiment_options(const ExperimentOptions& o) {
  if (o.seeds != 0 && !(1 <= o.seeds && o.seeds <= max_experiment_seeds))
    return range_error("seeds", o.seeds, 1, max_experiment_seeds);
  if (o.epochs != 0 && !(1 <= o.epochs && o.epochs <= max_experiment_epochs))
    return range_error("epochs", o.epochs, 1, max_experiment_epochs);
  if (o.grid != 0 && !(min_experiment_grid <= o.grid && o.grid <= max_experiment_grid))
    return range_error("grid", o.grid, min_experiment_grid, max_experiment_grid);
  return "";
}

void ResultTable::add(const std::string& label, std::vector<double> row) {
  if (!label_column.empty()) labels.push_back(label);
  rows.push_back(std::move(row));
}

double ExperimentResult::headline_value(const std::string& key, double fallback) const {
  for (const auto& kv : headline)
    if (kv.first == key) return kv.second;
  return fallback;
}

float ExperimentRun::progress() const {
  if (done) return 1.0f;
  if (tasks.empty()) return 0.0f;
  return static_cast<float>(next_task) / static_cast<float>(tasks.size() + 1);
}

std::string start_experiment(ExperimentKind kind, const ExperimentOptions& options,
                             ExperimentRun* run) {
  if (static_cast<int>(kind) < 0 || static_cast<int>(kind) >= experiment_count)
    return "experiment: unknown kind (valid: " + experiment_choices() + ")";
  std::string err = validate_experiment_options(options);
  if (!err.empty()) return err;
  ExperimentRun r;
  r.kind = kind;
  r.options = options;
  entry(kind).build(r);
  r.result.name = experiment_name(kind);
  r.result.title = experiment_title(kind);
  *run = std::move(r);
  return "";
}

bool experiment_step(ExperimentRun& run, int work_units) {
  if (run.done) return true;
  int budget = work_units > 0 ? work_units : 1;
  while (budget-- > 0 && run.next_task < run.tasks.size()) run.tasks[run.next_task++]();
  if (run.next_task < run.tasks.size()) return false;
  if (run.finish) run.finish(run.result);
  run.tasks.clear();
  run.state.reset();
  run.done = true;
  return true;
}

ExperimentResult run_experiment(ExperimentKind kind, const ExperimentOptions& options,
                                const std::function<bool(float)>& progress, bool* cancelled) {
  if (cancelled) *cancelled = false;
  ExperimentRun run;
  std::string err = start_experiment(kind, options, &run);
  if (!err.empty()) {
    ExperimentResult r;
    r.name = experiment_name(kind);
    r.verdict = "error: " + err;
    return r;
  }
  while (!experiment_step(run, 1)) {
    if (progress && !progress(run.progress())) {
      if (cancelled) *cancelled = true;
      return ExperimentResult{};
    }
  }
  if (progress) progress(1.0f);
  return run.result;
}

void write_result_csv(std::ostream& out, const ExperimentResult& r) {
  const ResultTable& t = r.table;
  bool text = !t.label_column.empty();
  if (text) out << t.label_column;
  for (size_t c = 0; c < t.columns.size(); ++c) out << (c || text ? "," : "") << t.columns[c];
  out << '\n';
  char buf[40];
  for (size_t i = 0; i < t.rows.size(); ++i) {
    if (text) out << (i < t.labels.size() ? t.labels[i] : "");
    for (size_t c = 0; c < t.rows[i].size(); ++c) {
      std::snprintf(buf, sizeof buf, "%.9g", t.rows[i][c]);
      out << (c || text ? "," : "") << buf;
    }
    out << '\n';
  }
}

double mean_of(const std::vector<double>& v) {
  if (v.empty()) return 0;
  double s = 0;
  for (double x : v) s += x;
  return s / static_cast<double>(v.size());
}

double stddev_of(const std::vector<double>& v) {
  if (v.size() < 2) return 0;
  double m = mean_of(v), s = 0;
  for (double x : v) s += (x - m) * (x - m);
  return std::sqrt(s / static_cast<double>(v.size() - 1));
}

// ---- shared helpers (experiment_common.h) ----

void domain_inputs(unsigned features, int side, MatrixR& X) {
  std::vector<float> x1(static_cast<size_t>(side) * side), x2(x1.size());
  float cell = 2 * domain_extent / static_cast<float>(side);
  for (int r = 0; r < side; ++r)
    for (int c = 0; c < side; ++c) {
      x1[static_cast<size_t>(r) * side + c] = -domain_extent + (c + 0.5f) * cell;
      x2[static_cast<size_t>(r) * side + c] = -domain_extent + (r + 0.5f) * cell;
    }
  expand_features(features, x1.data(), x2.data(), side * side, X);
}

Config experiment_config(DataKind kind, int layers, int width, Activation act, std::uint64_t seed) {
  Config c;
  c.data.kind = kind;
  c.data.points = 500;
  c.data.noise = 0;
  c.data.train_fraction = 0.5f;
  c.data.seed = seed;
  c.network.hidden.assign(static_cast<size_t>(layers), LayerSpec{width, act});
  c.network.output = Output::sigmoid_bce;
  c.network.init = Init::he_normal;
  c.network.bias_init = BiasInit::zero;
  c.network.seed = seed;
  c.train.optimizer = Optimizer::adam;
  c.train.learning_rate = 0.01f;
  c.train.batch_size = 32;
  return c;
}

std::string fmt_num(double v, int significant) {
  char buf[40];
  if (v != 0 && (std::fabs(v) < 1e-3 || std::fabs(v) >= 1e6))
    std::snprintf(buf, sizeof buf, "%.*e", significant > 1 ? significant - 1 : 0, v);
  else
    std::snprintf(buf, sizeof buf, "%.*g", significant, v);
  return buf;
}

std::string fmt_pct(double fraction, int decimals) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.*f%%", decimals, 100 * fraction);
  return buf;
}

Series make_series(const std::string& name, std::vector<double> x, std::vector<double> y,
                   std::vector<double> y_err, bool dashed, int color) {
  Series s;
  s.name = name;
  s.x = std::move(x);
  s.y = std::move(y);
  s.y_err = std::move(y_err);
  s.dashed = dashed;
  s.color = color;
  return s;
}

}  // namespace relulab
