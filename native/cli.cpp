// cli.cpp: the headless subcommands of the native binary (CLI11), declared in cli.h.
//
//   relulab train   --config FILE [--data FILE.csv] [--steps N] [--seed S] [--out MODEL.json] [--json]
//                   (a FILE written by --out resumes its run for N more steps; a state file
//                   without progress starts from its weights and trains on its custom points)
//   relulab regions --model MODEL.json [--domain X0,X1,Y0,Y1] [--resolution N] [--svg FILE [--layer L]]
//                   [--pixels N] [--json]     (exact by default; --resolution N: the grid estimate)
//   relulab eval    --model MODEL.json --data FILE.csv [--json]
//   relulab bench   [--json] [--quick] [--write-data FILE.csv]
//   relulab experiment NAME ...      (native/cli_experiment.cpp, when present)
//
// Exit codes: 0 success; 2 bad usage or bad input (the message names the file, line and field, as
// the core's readers word it; nothing is written); 1 internal failure, or a training run that
// diverged (it stops at the step whose loss or weights became non-finite, and --out still receives
// the last finite weights, with a warning). Results go to stdout (a table, or JSON with --json);
// progress of long runs goes to stderr.
#include "cli.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <exception>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "bench_core.h"
#include "io/config.h"
#include "data/dataset.h"
#include "instruments/grid.h"
#include "nn/loss.h"
#include "instruments/metrics.h"
#include "nn/network.h"
#include "instruments/regions_exact.h"
#include "io/state.h"
#include "io/stats_json.h"
#include "nn/trainer.h"

// The `experiment` subcommand is implemented in native/cli_experiment.cpp; it is registered only
// when that file is part of the tree.
#if __has_include("cli_experiment.h")
#include "cli_experiment.h"
#define RELULAB_CLI_EXPERIMENT 1
#else
#define RELULAB_CLI_EXPERIMENT 0
#endif

#ifndef RELULAB_VERSION
#define RELULAB_VERSION "0.1.0"
#endif

namespace relulab {

namespace {

using json = nlohmann::ordered_json;  // keys in the order written
using clock_type = std::chrono::steady_clock;

constexpr long max_cli_steps = 100000000;  // --steps upper bound (a long night of training)

// Bad usage or bad input: exit code 2 with a message, nothing written.
struct InputError {
  std::string message;
};

double seconds_since(clock_type::time_point t0) {
  return std::chrono::duration<double>(clock_type::now() - t0).count();
}

std::string fixed(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

std::string percent(double fraction) {
  return std::isfinite(fraction) ? fixed(100 * fraction, 1) + "%" : "NaN";
}

std::string sci(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.3g", v);
  return buf;
}

// Progress on stderr for runs longer than about a second: rewritten in place on a terminal, one
// line per report otherwise (logs).
class Progress {
 public:
  Progress(std::string what, bool enabled) : what_(std::move(what)), enabled_(enabled) {
    tty_ = isatty(STDERR_FILENO) != 0;
  }
  void report(long done, long total, const std::string& extra) {
    if (!enabled_) return;
    double elapsed = seconds_since(start_);
    if (elapsed < 1.0 || seconds_since(last_) < (tty_ ? 0.2 : 2.0)) return;
    last_ = clock_type::now();
    double rate = done / std::max(elapsed, 1e-9);
    std::string line = what_ + ": " + fixed(100.0 * done / std::max(total, 1L), 0) + "% (" +
                       std::to_string(done) + "/" + std::to_string(total) + " steps, " +
                       fixed(rate, 0) + " steps/s" + (extra.empty() ? "" : ", " + extra) + ")";
    if (tty_) {
      std::cerr << "\r" << line << "\033[K" << std::flush;
      shown_ = true;
    } else {
      std::cerr << line << "\n";
    }
  }
  void done() {
    if (shown_) std::cerr << "\n";
    shown_ = false;
  }

 private:
  std::string what_;
  bool enabled_ = true, tty_ = false, shown_ = false;
  clock_type::time_point start_ = clock_type::now(), last_ = start_;
};

// ---- file helpers ---------------------------------------------------------------------------------
std::string read_file_or_throw(const std::string& path) {
  std::string text;
  std::string err = read_text_file(path, max_state_bytes, &text);
  if (!err.empty()) throw InputError{err};
  return text;
}

void write_file_or_throw(const std::string& path, const std::string& text, bool internal) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (out) out << text;
  if (out) out.flush();
  if (!out) {
    std::string msg = path + ": cannot write (" + std::strerror(errno) + ")";
    if (internal) throw std::runtime_error(msg);
    throw InputError{msg};
  }
}

// Checks before any work that `path` can be created (so a long run does not end in a write error).
void check_writable(const std::string& path) {
  std::ofstream probe(path, std::ios::binary | std::ios::app);
  if (!probe) throw InputError{path + ": cannot write (" + std::strerror(errno) + ")"};
}

Dataset read_csv_or_throw(const std::string& path, float train_fraction, std::uint64_t seed,
                          int classes) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError{path + ": cannot open (" + std::strerror(errno) + ")"};
  Dataset d;
  std::string err = read_csv(in, path, train_fraction, seed, classes, &d);
  if (!err.empty()) throw InputError{err};
  return d;
}

// ---- shared reporting -------------------------------------------------------------------------------
void print_layers(std::ostream& out, const Network& net, const Stats& s, bool gradients) {
  char line[256];
  std::snprintf(line, sizeof line, "%-6s %5s  %-13s %8s %8s %6s %9s", "layer", "units",
                "activation", "active", "zeros", "dead", "always-on");
  out << line << (gradients ? "   |dL/dz|   |dL/dW|" : "") << "\n";
  bool threshold = false;
  for (size_t l = 0; l < s.layers.size(); ++l) {
    const LayerStats& ls = s.layers[l];
    threshold = threshold || !ls.exact_zeros;
    std::snprintf(line, sizeof line, "%-6zu %5d  %-13s %8s %8s %6d %9d", l + 1, ls.units,
                  activation_name(net.layers[l].activation),
                  (percent(ls.active_fraction) + (ls.exact_zeros ? "" : "*")).c_str(),
                  percent(ls.zero_fraction).c_str(), ls.dead_units, ls.always_on_units);
    out << line;
    if (gradients) {
      std::snprintf(line, sizeof line, " %9s %9s", sci(ls.grad_norm_z).c_str(),
                    sci(ls.grad_norm_w).c_str());
      out << line;
    }
    out << "\n";
  }
  if (threshold)
    out << "* not a ReLU-family unit, so no exact zeros: active means z > 0 for leaky ReLU, PReLU "
           "and linear units, |phi(z)| >= "
        << smooth_active_eps << " for smooth ones\n";
  out << "active input-to-output paths: " << percent(s.active_path_fraction) << "\n";
}

void print_confusion(std::ostream& out, const std::vector<int>& confusion, int classes) {
  if (classes < 2 || confusion.size() != size_t(classes) * classes) return;
  out << "confusion (rows: true class, columns: predicted)\n      ";
  for (int j = 0; j < classes; ++j) out << std::setw(8) << j;
  out << "\n";
  for (int i = 0; i < classes; ++i) {
    out << std::setw(6) << i;
    for (int j = 0; j < classes; ++j) out << std::setw(8) << confusion[size_t(i) * classes + j];
    out << "\n";
  }
}

json confusion_json(const std::vector<int>& confusion, int classes) {
  json rows = json::array();
  if (classes >= 2 && confusion.size() == size_t(classes) * classes)
    for (int i = 0; i < classes; ++i)
      rows.push_back(std::vector<int>(confusion.begin() + size_t(i) * classes,
                                      confusion.begin() + size_t(i + 1) * classes));
  return rows;
}

// ---- train -----------------------------------------------------------------------------------------
struct TrainArgs {
  std::string config, data, out;
  long steps = 1000;
  std::uint64_t seed = 0;
  bool seed_given = false, json = false, quiet = false;
};

int run_train(const TrainArgs& a) {
  if (a.steps < 0 || a.steps > max_cli_steps)
    throw InputError{"--steps: " + std::to_string(a.steps) + " is out of range 0.." +
                     std::to_string(max_cli_steps)};
  Config c;
  const std::string config_text = read_file_or_throw(a.config);
  bool has_progress = false;
  FileParts parts;
  std::string err = parse_config_json(config_text, a.config, &c, &has_progress, &parts);
  if (!err.empty()) throw InputError{err};
  if (a.seed_given) c.network.seed = a.seed;

  Trainer t;
  long resumed_from = -1;
  if (has_progress) {
    // A state file with progress: the saved run continues where it stopped (weights, step count,
    // minibatch order, optimiser moments), with the file's config.train (which may have been edited).
    if (a.seed_given)
      throw InputError{
          "--seed: " + a.config +
          " holds a run's progress, which resumes with its own "
          "weights and minibatch order; drop --seed, or start anew from a config file"};
    if (!a.data.empty())
      throw InputError{"--data: " + a.config +
                       " holds a run's progress, which resumes on its own data "
                       "(custom points are stored in the file); drop --data"};
    err = load_state(config_text, a.config, &t);
    if (!err.empty()) throw InputError{err};
    resumed_from = t.step_count;
    if (!a.quiet)
      std::cerr << "relulab train: resumed " << a.config << " from step " << t.step_count
                << " (epoch " << fixed(epoch(t), 2) << ")\n";
    if (t.diverged) {
      if (!a.quiet)
        std::cerr << "relulab train: the saved run had diverged (" << t.divergence
                  << "); continuing from its last finite weights with cleared optimiser moments\n";
      resume(t);
    }
  } else if (parts.weights || parts.data) {
    // A state file without progress: its weights (training starts from them at step 0 with fresh
    // optimiser moments) and its custom points are used, never dropped (docs/model-format.md).
    const std::string holds = parts.weights && parts.data ? "weights and custom points"
                              : parts.weights             ? "a model's weights"
                                                          : "custom points";
    if (!a.data.empty())
      throw InputError{
          "--data: " + a.config + " holds " + holds +
          ", which training uses; drop --data, "
          "or remove the file's \"weights\" and \"data\" sections to train anew on the CSV"};
    if (a.seed_given && parts.weights)
      throw InputError{"--seed: " + a.config +
                       " holds a model's weights, which training starts from; drop "
                       "--seed, or remove the file's \"weights\" section to draw new ones"};
    err = open_run(config_text, a.config, &t);
    if (!err.empty()) throw InputError{err};
    if (a.seed_given) {  // custom points, fresh weights: the seed draws them
      Config seeded = t.config;
      seeded.network.seed = a.seed;
      Trainer fresh;
      err = make_trainer(seeded, t.data, &fresh);
      if (!err.empty()) throw InputError{a.config + ": " + err};
      t = std::move(fresh);
    }
    if (!a.quiet) {
      const std::string points =
          std::to_string(t.data.train.size() + t.data.test.size()) + " custom points";
      std::cerr << "relulab train: " << a.config << ": "
                << (parts.weights
                        ? "training starts from its weights at step 0 (fresh optimiser moments)" +
                              (parts.data ? ", on its " + points : std::string())
                        : "training fresh weights on its " + points)
                << "\n";
    }
  } else if (!a.data.empty()) {
    Dataset d = read_csv_or_throw(a.data, c.data.train_fraction, c.data.seed, class_count(c.data));
    err = make_trainer(c, std::move(d), &t);
    if (!err.empty()) throw InputError{a.data + ": " + err};
  } else {
    if (c.data.kind == DataKind::custom)
      throw InputError{a.config + ": data.kind is custom: give the points with --data FILE.csv"};
    err = make_trainer(c, &t);
    if (!err.empty()) throw InputError{a.config + ": " + err};
  }
  if (!a.out.empty()) check_writable(a.out);

  // Train in chunks of about 50 ms, so progress and divergence are seen promptly.
  Progress progress("train", !a.quiet);
  auto t0 = clock_type::now();
  long done = 0;
  int chunk = 8;
  while (done < a.steps && !t.diverged) {
    int n = int(std::min<long>(chunk, a.steps - done));
    auto c0 = clock_type::now();
    done += train_steps(t, n);
    double s = seconds_since(c0);
    if (s < 0.025 && chunk < (1 << 20))
      chunk *= 2;
    else if (s > 0.1 && chunk > 1)
      chunk /= 2;
    progress.report(done, a.steps, "loss " + sci(t.last_loss));
  }
  progress.done();
  double seconds = seconds_since(t0);
  measure(t);
  const Stats& s = t.stats;

  if (a.json) {
    json j = {{"config", a.config},
              {"steps", t.step_count},
              {"steps_requested", a.steps},
              {"epoch", epoch(t)},
              {"seconds", seconds},
              {"steps_per_s", seconds > 0 ? done / seconds : 0.0},
              {"seed", c.network.seed},
              {"loss_train", s.loss_train},
              {"loss_test", s.loss_test},
              {"diverged", t.diverged},
              {"layers", layer_stats_json(t.net, s)},
              {"active_path_fraction", s.active_path_fraction}};
    if (!t.data.regression) {
      j["accuracy_train"] = s.accuracy_train;
      j["accuracy_test"] = s.accuracy_test;
      j["confusion_test"] = confusion_json(s.confusion, s.classes);
    }
    if (resumed_from >= 0) j["resumed_from"] = resumed_from;
    if (t.diverged) j["divergence"] = t.divergence;
    if (!a.out.empty()) j["out"] = a.out;
    std::cout << j.dump(2) << "\n";
  } else {
    if (resumed_from >= 0) std::cout << "resumed from step " << resumed_from << "; ";
    std::cout << "trained " << t.step_count << " steps (epoch " << fixed(epoch(t), 1) << ") in "
              << fixed(seconds, 2) << " s, " << fixed(seconds > 0 ? done / seconds : 0, 0)
              << " steps/s, batch " << t.config.train.batch_size << "\n\n";
    char line[128];
    if (t.data.regression) {
      std::snprintf(line, sizeof line, "%-6s %10s\n%-6s %10s\n%-6s %10s\n", "", "loss", "train",
                    sci(s.loss_train).c_str(), "test", sci(s.loss_test).c_str());
    } else {
      std::snprintf(line, sizeof line, "%-6s %10s %9s\n%-6s %10s %9s\n%-6s %10s %9s\n", "", "loss",
                    "accuracy", "train", sci(s.loss_train).c_str(),
                    percent(s.accuracy_train).c_str(), "test", sci(s.loss_test).c_str(),
                    percent(s.accuracy_test).c_str());
    }
    std::cout << line << "\n";
    print_layers(std::cout, t.net, s, true);
    if (!t.data.regression) {
      std::cout << "\n";
      print_confusion(std::cout, s.confusion, s.classes);
    }
  }

  if (!a.out.empty()) {
    write_file_or_throw(a.out, save_state(t), true);
    if (!a.json) std::cout << "\nwrote " << a.out << "\n";
  }
  if (t.diverged) {
    std::cerr << "relulab train: diverged: " << t.divergence << "; training stopped";
    if (!a.out.empty())
      std::cerr << "\nwarning: " << a.out << " holds the last finite weights (after step "
                << t.step_count << ")";
    std::cerr << "\n";
    return 1;
  }
  return 0;
}

// ---- model loading (regions, eval) ------------------------------------------------------------------
struct LoadedModel {
  Config config;
  Network net;
};

LoadedModel load_model(const std::string& path) {
  LoadedModel m;
  std::string err = load_state(read_file_or_throw(path), path, &m.config, &m.net, nullptr);
  if (!err.empty()) throw InputError{err};
  return m;
}

// ---- regions ---------------------------------------------------------------------------------------
struct RegionsArgs {
  std::string model, domain, svg;
  int resolution = 256;
  bool resolution_given = false;  // --resolution N: the grid estimate instead of the exact count
  int pixels = 256;               // area statistics: regions smaller than one cell of an N x N plot
  int layer = 0;                  // --svg: draw the partition after this many hidden layers (0: all)
  bool json = false;
};

// X0,X1,Y0,Y1 (default -6,6,-6,6).
Rect parse_domain(const std::string& text) {
  Rect d;
  if (text.empty()) return d;
  std::vector<double> v;
  std::stringstream ss(text);
  std::string field;
  while (std::getline(ss, field, ',')) {
    char* end = nullptr;
    double x = std::strtod(field.c_str(), &end);
    if (field.empty() || end == field.c_str() || *end != '\0' || !std::isfinite(x) ||
        std::fabs(x) > 1e6)
      throw InputError{"--domain: '" + field + "' is not a finite number (want X0,X1,Y0,Y1)"};
    v.push_back(x);
  }
  if (v.size() != 4 || text.back() == ',')
    throw InputError{"--domain: want four numbers X0,X1,Y0,Y1, got '" + text + "'"};
  if (!(v[0] < v[1]) || !(v[2] < v[3]))
    throw InputError{"--domain: want X0 < X1 and Y0 < Y1, got '" + text + "'"};
  return Rect{v[0], v[1], v[2], v[3]};
}

// Exact by default (core/regions_exact.h): the partition into polygons, counted as distinct
// activation patterns of positive area. --resolution N gives the grid estimate (distinct patterns
// at the centres of N x N cells). Where exactness does not apply (smooth activations, x1^2, x1*x2
// or sine features) the grid estimate is printed with "method": "grid" and the reason.
int run_regions(const RegionsArgs& a) {
  if (a.resolution < 1 || a.resolution > max_grid_resolution)
    throw InputError{"--resolution: " + std::to_string(a.resolution) + " is out of range 1.." +
                     std::to_string(max_grid_resolution)};
  if (a.pixels < 1 || a.pixels > 1 << 16)
    throw InputError{"--pixels: " + std::to_string(a.pixels) + " is out of range 1..65536"};
  if (a.resolution_given && !a.svg.empty())
    throw InputError{"--svg draws the exact partition: leave out --resolution"};
  const Rect d = parse_domain(a.domain);
  GridSpec g;
  g.width = g.height = a.resolution;
  g.x0 = float(d.x0);
  g.x1 = float(d.x1);
  g.y0 = float(d.y0);
  g.y1 = float(d.y1);
  LoadedModel m;
  Dataset custom;
  {
    std::string err = load_state(read_file_or_throw(a.model), a.model, &m.config, &m.net, &custom);
    if (!err.empty()) throw InputError{err};
  }
  if (a.layer < 0 || a.layer > m.net.hidden_count())
    throw InputError{"--layer: " + std::to_string(a.layer) + " is out of range 0.." +
                     std::to_string(m.net.hidden_count())};
  int hidden_units = 0;
  bool piecewise_linear = true;
  for (int l = 0; l < m.net.hidden_count(); ++l) {
    hidden_units += m.net.layers[l].out();
    piecewise_linear =
        piecewise_linear && activation_info(m.net.layers[l].activation).piecewise_linear;
  }
  // One hidden layer of k units on 2-D inputs cuts the plane along k lines at most.
  long bound = m.net.hidden_count() == 1 && input_count(m.net.spec) == 2
                   ? line_arrangement_bound(m.net.layers[0].out())
                   : -1;

  std::string why_not = a.resolution_given ? "" : exact_regions_unsupported(m.net);
  const bool try_exact = !a.resolution_given && why_not.empty();
  Partition part;
  double ms = 0;
  if (try_exact) {
    ExactOptions o;
    o.domain = d;
    auto t0 = clock_type::now();
    why_not = exact_partition(m.net, o, &part);
    ms = seconds_since(t0) * 1e3;
  }
  const bool exact = try_exact && why_not.empty();
  if (!a.svg.empty() && !exact) throw InputError{"--svg needs the exact partition: " + why_not};
  long regions = 0;
  if (!exact) {
    auto t0 = clock_type::now();
    regions = count_regions(m.net, g);
    ms = seconds_since(t0) * 1e3;
  } else {
    regions = part.regions;
  }

  // Exact extras: area distribution and the regions that hold training points.
  const std::vector<Point> train =
      m.config.data.kind == DataKind::custom ? custom.train : generate(m.config.data).train;
  RegionAreaStats areas;
  long with_points = 0;
  if (exact) {
    areas = region_area_stats(part, d.area() / (double(a.pixels) * a.pixels));
    for (int c : points_per_region(part, train)) with_points += c > 0;
    if (!a.svg.empty()) {
      std::ofstream f(a.svg);
      f << partition_svg(part, 800, a.layer > 0 ? a.layer - 1 : -1, &train);
      if (!f) throw InputError{"--svg: cannot write '" + a.svg + "'"};
    }
  }

  if (a.json) {
    json j = {{"model", a.model}, {"method", exact ? "exact" : "grid"}, {"regions", regions}, {"ms", ms}};
    if (!exact) {
      j["resolution"] = a.resolution;
      j["estimate"] = true;
      if (!a.resolution_given) j["exact_unavailable"] = why_not;
    }
    j["domain"] = {d.x0, d.x1, d.y0, d.y1};
    j["hidden_layers"] = m.net.hidden_count();
    j["hidden_units"] = hidden_units;
    j["piecewise_linear"] = piecewise_linear;
    if (bound >= 0) j["line_arrangement_bound"] = bound;
    if (exact) {
      j["polygons"] = part.polygons();
      j["vertices"] = part.vx.size();
      j["regions_after_layer"] = part.regions_after_layer;
      json hist = json::array();
      for (size_t k = 0; k < areas.decade_count.size(); ++k)
        hist.push_back({{"log10_area_from", areas.decade_first + int(k)}, {"regions", areas.decade_count[k]}});
      j["areas"] = {{"min", areas.min},
                    {"median", areas.median},
                    {"max", areas.max},
                    {"mean", areas.mean},
                    {"pixels", a.pixels},
                    {"pixel_area", areas.pixel_area},
                    {"smaller_than_pixel", areas.smaller_than_pixel},
                    {"by_decade", hist}};
      j["training_points"] = train.size();
      j["regions_with_training_points"] = with_points;
      if (!a.svg.empty()) j["svg"] = a.svg;
    }
    std::cout << j.dump(2) << "\n";
  } else {
    std::cout << std::fixed << std::setprecision(2);
    if (exact)
      std::cout << regions << " linear regions (exact: distinct activation patterns of positive area; "
                << part.polygons() << " polygons) over [" << d.x0 << ", " << d.x1 << "] x [" << d.y0
                << ", " << d.y1 << "] in " << ms << " ms; ";
    else
      std::cout << regions << " linear regions (grid estimate: distinct activation patterns at the "
                << "centres of " << a.resolution << " x " << a.resolution << " cells) over [" << d.x0
                << ", " << d.x1 << "] x [" << d.y0 << ", " << d.y1 << "]; ";
    std::cout << m.net.hidden_count() << " hidden layers, " << hidden_units << " hidden units\n";
    std::cout.unsetf(std::ios::floatfield);
    std::cout << std::setprecision(6);
    if (exact) {
      std::cout << "after each hidden layer:";
      for (long r : part.regions_after_layer) std::cout << " " << r;
      std::cout << "\nregion areas: min " << areas.min << ", median " << areas.median << ", max "
                << areas.max << "; " << areas.smaller_than_pixel << " smaller than one cell of a "
                << a.pixels << " x " << a.pixels << " plot\n"
                << with_points << " regions hold training points (" << train.size() << " points)\n";
      if (!a.svg.empty()) std::cout << "partition drawn to " << a.svg << "\n";
    }
    if (bound >= 0)
      std::cout << "upper bound for one hidden layer of " << m.net.layers[0].out()
                << " units (an arrangement of that many lines): " << bound << "\n";
    if (!exact && !a.resolution_given)
      std::cout << "note: the exact count does not apply (" << why_not << "); this is an estimate\n";
    if (!piecewise_linear)
      std::cout << "note: some hidden activations are smooth; their patterns use the |phi(z)| >= "
                << smooth_active_eps << " threshold, so these are not linear regions\n";
  }
  return 0;
}

// ---- eval ------------------------------------------------------------------------------------------
struct EvalArgs {
  std::string model, data;
  bool json = false;
};

int run_eval(const EvalArgs& a) {
  LoadedModel m = load_model(a.model);
  const int classes = class_count(m.config.data);
  Dataset d = read_csv_or_throw(a.data, 0.5f, 1, classes);
  std::vector<Point> points = d.train;
  points.insert(points.end(), d.test.begin(), d.test.end());
  const long n = long(points.size());
  const Output output = m.net.spec.output;
  const bool regression = data_is_regression(m.config.data);

  // Full passes in chunks, so memory stays bounded for large files.
  constexpr int chunk = 4096;
  double loss = 0;
  long correct = 0;
  std::vector<int> confusion(regression ? 0 : size_t(classes) * classes, 0);
  ActivityAccumulator activity;
  activity.begin(m.net);
  std::vector<float> x1, x2, y;
  MatrixR X;
  Forward f;
  for (long start = 0; start < n; start += chunk) {
    int count = int(std::min<long>(chunk, n - start));
    x1.resize(count);
    x2.resize(count);
    y.resize(count);
    for (int i = 0; i < count; ++i) {
      x1[i] = points[start + i].x1;
      x2[i] = points[start + i].x2;
      y[i] = points[start + i].label;
    }
    expand_features(m.net.spec.features, x1.data(), x2.data(), count, X);
    forward(m.net, X, f);
    loss += loss_sum(output, f.A.back(), y.data(), 1.0f, nullptr, regression ? nullptr : &correct,
                     regression ? nullptr : &confusion, classes);
    activity.add(m.net, f);
  }
  Stats s;
  activity.finish(m.net, s);
  const double mean_loss = loss / double(n);
  const double accuracy = regression ? 0.0 : double(correct) / double(n);

  if (a.json) {
    json j = {{"model", a.model},
              {"data", a.data},
              {"points", n},
              {"loss", mean_loss},
              {"output", output_name(output)},
              {"layers", layer_stats_json(m.net, s)},
              {"active_path_fraction", s.active_path_fraction}};
    if (!regression) {
      j["accuracy"] = accuracy;
      j["confusion"] = confusion_json(confusion, classes);
    }
    std::cout << j.dump(2) << "\n";
  } else {
    std::cout << a.data << ": " << n << " points, loss " << sci(mean_loss) << " ("
              << output_name(output) << ")";
    if (!regression) std::cout << ", accuracy " << percent(accuracy);
    std::cout << "\n\n";
    print_layers(std::cout, m.net, s, false);
    if (!std::isfinite(mean_loss))
      std::cout << "note: the loss is not finite: the model's outputs overflow on these points\n";
    if (!regression) {
      std::cout << "\n";
      print_confusion(std::cout, confusion, classes);
    }
  }
  return 0;
}

// ---- bench -----------------------------------------------------------------------------------------
struct BenchArgs {
  bool json = false, quick = false;
  std::string write_data;
};

int run_bench_cli(const BenchArgs& a) {
  if (!a.write_data.empty()) {
    check_writable(a.write_data);
    std::ostringstream csv;
    write_bench_data(csv);
    write_file_or_throw(a.write_data, csv.str(), false);
    std::cerr << "wrote the benchmark data set to " << a.write_data << "\n";
    return 0;
  }
  BenchOptions opt;
  opt.quick = a.quick;
  opt.progress = [](const std::string& s) { std::cerr << "bench: " << s << "\n"; };
  BenchReport r = run_bench(opt);
  if (a.json)
    print_bench_json(std::cout, r);
  else
    print_bench_text(std::cout, r);
  for (const NetBench& n : r.nets)
    if (n.diverged) throw std::runtime_error("bench: " + n.name + " diverged");
  return 0;
}

const char* const exit_code_note =
    "Exit codes: 0 success; 2 bad usage or bad input (the message names file, line and field); "
    "1 internal failure, or a training run that diverged (--out then holds the last finite "
    "weights).";

}  // namespace

bool is_cli_invocation(int argc, char** argv) {
  if (argc < 2) return false;
  const std::string a = argv[1];
  static const char* const words[] = {
    "train",
    "regions",
    "eval",
    "bench",
    "--help",
    "-h",
    "--version"
#if RELULAB_CLI_EXPERIMENT
    ,
    "experiment"
#endif
  };
  for (const char* w : words)
    if (a == w) return true;
  return false;
}

int cli_main(int argc, char** argv) {
  CLI::App app{
      "ReLU Lab: an interactive laboratory that measures why ReLU works.\n"
      "Without a subcommand, relulab opens the desktop app (see its --frames, --screenshot, "
      "--shader-check options).",
      "relulab"};
  app.set_version_flag("--version", std::string("relulab ") + RELULAB_VERSION +
                                        " (state files: relulab-model version 1)");
  app.footer(exit_code_note);
  app.require_subcommand(1);
  app.fallthrough(false);

  TrainArgs train;
  CLI::App* train_cmd = app.add_subcommand(
      "train",
      "Train a network from a config file; print losses, accuracies and per-layer "
      "sparsity, dead units and gradient norms");
  train_cmd
      ->add_option("--config", train.config,
                   "Config or state file (JSON, relulab-model); a state file with a progress "
                   "section (from --out) resumes its run: --steps more steps; one without "
                   "starts from its weights at step 0, on its custom points if it has them")
      ->required();
  train_cmd->add_option(
      "--data", train.data,
      "Train on these points instead of the config's generator (CSV x1,x2,label)");
  train_cmd->add_option("--steps", train.steps, "Minibatch steps")->capture_default_str();
  train_cmd->add_option("--seed", train.seed,
                        "Network seed (initial weights and minibatch order); the data set keeps "
                        "data.seed from the config");
  train_cmd->add_option("--out", train.out,
                        "Write the trained model (config, weights, custom points and the training "
                        "progress, so --config can resume it) here");
  train_cmd->add_flag("--json", train.json, "Print the result as JSON");
  train_cmd->add_flag("--quiet", train.quiet, "No progress on stderr");
  train_cmd->footer(exit_code_note);

  RegionsArgs regions;
  CLI::App* regions_cmd = app.add_subcommand(
      "regions", "Count the linear regions of a model: exactly (polygons) by default, or on a grid");
  regions_cmd->add_option("--model", regions.model, "Model file (JSON, from train --out)")->required();
  regions_cmd->add_option("--domain", regions.domain, "Domain X0,X1,Y0,Y1 (default -6,6,-6,6)");
  regions_cmd
      ->add_option("--resolution", regions.resolution,
                   "Grid estimate on N x N cells instead of the exact count (1.." +
                       std::to_string(max_grid_resolution) + ")");
  regions_cmd->add_option("--svg", regions.svg, "Draw the exact partition (with the training points) to FILE");
  regions_cmd->add_option("--layer", regions.layer,
                          "With --svg: the partition after this many hidden layers (0: all)")
      ->capture_default_str();
  regions_cmd
      ->add_option("--pixels", regions.pixels,
                   "Area statistics: count regions smaller than one cell of an N x N plot")
      ->capture_default_str();
  regions_cmd->add_flag("--json", regions.json, "Print the result as JSON");
  regions_cmd->footer(exit_code_note);

  EvalArgs eval;
  CLI::App* eval_cmd = app.add_subcommand(
      "eval", "Evaluate a model on points from a CSV file: loss, accuracy, confusion, sparsity");
  eval_cmd->add_option("--model", eval.model, "Model file (JSON, from train --out)")->required();
  eval_cmd->add_option("--data", eval.data, "Points (CSV x1,x2,label)")->required();
  eval_cmd->add_flag("--json", eval.json, "Print the result as JSON");
  eval_cmd->footer(exit_code_note);

  BenchArgs bench;
  CLI::App* bench_cmd = app.add_subcommand(
      "bench",
      "Training samples/s and 256x256 grid ms for the standard nets, with the measured "
      "peak FLOP/s and the fraction of it reached");
  bench_cmd->add_flag("--json", bench.json, "Print the result as JSON");
  bench_cmd->add_flag("--quick", bench.quick, "Fewer, shorter repetitions");
  bench_cmd->add_option("--write-data", bench.write_data,
                        "Only write the benchmark's circle data set as CSV (for bench/peers)");
  bench_cmd->footer(exit_code_note);

#if RELULAB_CLI_EXPERIMENT
  // ---- experiment: native/cli_experiment.cpp; it reports through experiment_exit. ----
  ExperimentCliArgs experiment;
  int experiment_exit = 0;
  CLI::App* experiment_cmd = add_experiment_command(app, experiment, &experiment_exit);
  experiment_cmd->footer(exit_code_note);
#endif

  const std::string prog = "relulab";
  try {
    try {
      app.parse(argc, argv);
    } catch (const CLI::Success& e) {  // --help, --version
      return app.exit(e);
    } catch (const CLI::ParseError& e) {
      std::string where = prog;
      for (const CLI::App* sub : app.get_subcommands()) where += " " + sub->get_name();
      std::cerr << where << ": " << e.what() << "\nrun '" << where << " --help' for usage\n";
      return 2;
    }
    if (train_cmd->parsed()) {
      train.seed_given = train_cmd->count("--seed") > 0;
      return run_train(train);
    }
    if (regions_cmd->parsed()) {
      regions.resolution_given = regions_cmd->count("--resolution") > 0;
      return run_regions(regions);
    }
    if (eval_cmd->parsed()) return run_eval(eval);
    if (bench_cmd->parsed()) return run_bench_cli(bench);
#if RELULAB_CLI_EXPERIMENT
    if (experiment_cmd->parsed()) return experiment_exit;
#endif
    std::cerr << prog << ": no subcommand\n";
    return 2;
  } catch (const InputError& e) {
    std::string where = prog;
    for (const CLI::App* sub : app.get_subcommands()) where += " " + sub->get_name();
    std::cerr << where << ": " << e.message << "\n";
    return 2;
  } catch (const std::bad_alloc&) {
    std::cerr << prog << ": out of memory\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << prog << ": internal error: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace relulab
