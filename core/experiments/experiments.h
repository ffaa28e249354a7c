// experiments.h: the five measured claims of docs/science.md, as resumable runs returning plain data.
//
// Each experiment (sparsity, depth, mirror, gradients, regions) tests one claim of the article on
// ReLU against the literature cited in docs/science.md, over many seeds. A run is a list of small work
// units (one network measured, or a few dozen training steps) so the app can advance it a little
// per frame without threads, and the CLI can run it to the end with a progress callback. The result
// is plain data: a one-line verdict computed from the numbers, a table for CSV and chart series for
// drawing (chart_svg.h writes them as SVG, the UI draws them with ImGui).
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace relulab {

enum class ExperimentKind { sparsity, depth, mirror, gradients, regions, count };
constexpr int experiment_count = static_cast<int>(ExperimentKind::count);

const char* experiment_name(ExperimentKind k);  // "sparsity", "depth", ...
bool experiment_from_name(const std::string& s, ExperimentKind* out);
std::string experiment_choices();                // "sparsity, depth, mirror, gradients, regions"
const char* experiment_title(ExperimentKind k);  // one line for menus

// Sizes of a run. Zero means "the experiment's default"; `quick` selects the reduced defaults the
// test suite uses (a second or so each). Explicit values override either set of defaults.
struct ExperimentOptions {
  int seeds = 0;   // networks per configuration, 1..max_experiment_seeds
  int epochs = 0;  // training length where the experiment trains, 1..max_experiment_epochs
  int grid = 0;    // side of the input-domain sample grid, min..max_experiment_grid
  bool quick = false;
  std::uint64_t seed = 1;  // first seed; run k uses seed + k
};
constexpr int max_experiment_seeds = 1000;
constexpr int max_experiment_epochs = 2000;
constexpr int min_experiment_grid = 8, max_experiment_grid = 1024;

// Empty when valid, else a message naming the field and its range ("seeds: 0 is out of range
// 1..1000"). Zero fields are valid (defaults).
std::string validate_experiment_options(const ExperimentOptions& o);

// ---- results -------------------------------------------------------------------------------------
struct Series {
  std::string name;
  std::vector<double> x, y;
  std::vector<double>
      y_err;            // empty, or one spread (standard deviation) per point: drawn as a band
  bool dashed = false;  // reference curves and "at init" twins of trained curves
  int color = -1;       // palette index; -1 = by position in the chart
};

Series make_series(const std::string& name, std::vector<double> x, std::vector<double> y,
                   std::vector<double> y_err = {}, bool dashed = false, int color = -1);

struct Chart {
  std::string title, x_label, y_label;
  bool log_x = false, log_y = false;
  bool bars = false;                    // grouped bars: x holds category indices
  std::vector<std::string> categories;  // bar/category labels for x = 0, 1, ...
  std::vector<Series> series;
  double y_min = NAN, y_max = NAN;  // fixed y range (e.g. 0..1 for fractions); NaN = fit data
};

// A table of numbers for CSV: an optional text column (e.g. "activation") then numeric columns.
struct ResultTable {
  std::string label_column;               // empty: no text column
  std::vector<std::string> columns;       // numeric column names
  std::vector<std::string> labels;        // one per row when label_column is set
  std::vector<std::vector<double>> rows;  // each of size columns.size()
  void add(const std::string& label, std::vector<double> row);
};

struct ExperimentResult {
  std::string name;          // "depth"
  std::string title;         // "Depth: activation rate per layer vs. active paths"
  std::string claim;         // the corrected claim tested, as docs/science.md states it
  std::string verdict;       // one line computed from the numbers
  bool as_expected = false;  // every checked number falls in docs/science.md's expected range
  std::vector<std::pair<std::string, double>> headline;  // named key numbers (verdict, JSON, docs)
  ResultTable table;
  std::vector<Chart> charts;
  double headline_value(const std::string& key, double fallback = 0) const;
};

// ---- running -------------------------------------------------------------------------------------
// A run in progress. `tasks` are equal-ish work units over a state shared with `finish`, which
// assembles the result once all have run. Advance it with experiment_step(). Move a run, do not
// copy it: a copy's tasks work on the same shared state.
struct ExperimentRun {
  ExperimentKind kind = ExperimentKind::depth;
  ExperimentOptions options;
  std::vector<std::function<void()>> tasks;
  std::size_t next_task = 0;
  std::function<void(ExperimentResult&)> finish;
  std::shared_ptr<void> state;  // the experiment's accumulators, kept alive with the run
  bool done = false;
  ExperimentResult result;  // valid once done
  float progress() const;   // 0..1
};

// Prepares a run (no work done yet). Returns an error message for invalid options.
std::string start_experiment(ExperimentKind kind, const ExperimentOptions& options,
                             ExperimentRun* run);

// Runs up to `work_units` tasks (at least one when any remain) and, after the last, the finish step.
// Returns true once the run is done and `run.result` is valid.
bool experiment_step(ExperimentRun& run, int work_units);

// Runs an experiment to the end. `progress` (may be empty) is called with the fraction done after
// each work unit; returning false cancels, and then *cancelled is set and the result is empty.
ExperimentResult run_experiment(ExperimentKind kind, const ExperimentOptions& options,
                                const std::function<bool(float fraction)>& progress,
                                bool* cancelled = nullptr);

// CSV of the result table: header line then one row per line (text column first when present).
void write_result_csv(std::ostream& out, const ExperimentResult& r);

// Summary statistics used by the experiments and their tests.
double mean_of(const std::vector<double>& v);
double stddev_of(const std::vector<double>& v);  // sample standard deviation (n - 1); 0 for n < 2

}  // namespace relulab
