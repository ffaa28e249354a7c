// cli_experiment.cpp: the `experiment` subcommand: run, report, write CSV + SVG.
//
// Everything from outside (name, sizes, output directory) is checked before the first work unit,
// so a bad invocation costs nothing. Progress goes to stderr, the claim and verdict (or one JSON
// object with --json) to stdout.
#include "cli_experiment.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "experiments/experiments.h"
#include "io/chart_svg.h"

namespace relulab {

namespace {

// Creates `dir` if needed and proves it writable by creating and removing a probe file.
std::string check_output_dir(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path p(dir.empty() ? "." : dir);
  if (fs::exists(p, ec) && !fs::is_directory(p, ec))
    return "--out: '" + dir + "' is not a directory";
  fs::create_directories(p, ec);
  if (ec) return "--out: cannot create directory '" + dir + "': " + ec.message();
  fs::path probe = p / ".relulab_write_probe";
  {
    std::ofstream f(probe);
    if (!(f << "probe" << std::flush)) return "--out: directory '" + dir + "' is not writable";
  }
  fs::remove(probe, ec);
  return "";
}

nlohmann::ordered_json result_json(const ExperimentResult& r, const ExperimentCliArgs& a,
                                   double seconds, const std::string& csv, const std::string& svg) {
  nlohmann::ordered_json j;
  j["experiment"] = r.name;
  j["title"] = r.title;
  j["claim"] = r.claim;
  j["verdict"] = r.verdict;
  j["as_expected"] = r.as_expected;
  nlohmann::ordered_json h = nlohmann::ordered_json::object();
  for (const auto& kv : r.headline) h[kv.first] = kv.second;
  j["headline"] = h;
  auto given = [](int v) {
    return v < 0 ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(v);
  };  // null: default
  j["options"] = {{"seeds", given(a.seeds)},
                  {"epochs", given(a.epochs)},
                  {"grid", given(a.grid)},
                  {"seed", a.seed},
                  {"quick", a.quick}};
  j["seconds"] = seconds;
  j["csv"] = csv;
  j["svg"] = svg;
  return j;
}

}  // namespace

int run_experiment_cli(const ExperimentCliArgs& a) {
  ExperimentKind kind;
  if (a.name.empty()) {
    std::cerr << "relulab experiment: missing the experiment name (valid: " << experiment_choices()
              << ")\n";
    return 2;
  }
  if (!experiment_from_name(a.name, &kind)) {
    std::cerr << "relulab experiment: unknown experiment '" << a.name
              << "' (valid: " << experiment_choices() << ")\n";
    return 2;
  }
  ExperimentOptions o;
  o.seeds = a.seeds < 0 ? 0 : a.seeds;
  o.epochs = a.epochs < 0 ? 0 : a.epochs;
  o.grid = a.grid < 0 ? 0 : a.grid;
  o.seed = a.seed;
  o.quick = a.quick;
  // On the command line 0 (or a negative number) is not "default": it is out of range.
  std::string err;
  if (a.seeds == 0 || a.seeds < -1)
    err = "--seeds: " + std::to_string(a.seeds) + " is out of range";
  else if (a.epochs == 0 || a.epochs < -1)
    err = "--epochs: " + std::to_string(a.epochs) + " is out of range";
  else if (a.grid == 0 || a.grid < -1)
    err = "--grid: " + std::to_string(a.grid) + " is out of range";
  if (err.empty()) {
    err = validate_experiment_options(o);
    if (!err.empty()) err = "--" + err;
  }
  if (!err.empty()) {
    std::cerr << "relulab experiment: " << err << " (--seeds 1.." << max_experiment_seeds
              << ", --epochs 1.." << max_experiment_epochs << ", --grid " << min_experiment_grid
              << ".." << max_experiment_grid << ")\n";
    return 2;
  }
  err = check_output_dir(a.out);
  if (!err.empty()) {
    std::cerr << "relulab experiment: " << err << "\n";
    return 2;
  }

  const bool tty = isatty(STDERR_FILENO);
  int last_shown = -1;
  auto progress = [&](float f) {
    int pct = static_cast<int>(f * 100);
    int step = tty ? 1 : 10;
    if (pct / step != last_shown / step) {
      last_shown = pct;
      if (tty)
        std::fprintf(stderr, "\r[%s] %3d%%", a.name.c_str(), pct);
      else
        std::fprintf(stderr, "[%s] %d%%\n", a.name.c_str(), pct);
    }
    return true;
  };
  auto t0 = std::chrono::steady_clock::now();
  ExperimentResult r = run_experiment(kind, o, progress);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (tty) std::fprintf(stderr, "\n");
  if (r.verdict.rfind("error:", 0) == 0) {
    std::cerr << "relulab experiment " << a.name << ": " << r.verdict << "\n";
    return 1;
  }

  namespace fs = std::filesystem;
  std::string csv = (fs::path(a.out) / (r.name + ".csv")).string();
  std::string svg = (fs::path(a.out) / (r.name + ".svg")).string();
  {
    std::ofstream f(csv);
    write_result_csv(f, r);
    if (!f) {
      std::cerr << "relulab experiment: cannot write " << csv << "\n";
      return 1;
    }
  }
  {
    std::ofstream f(svg);
    f << chart_svg(r.charts, r.title, 2);
    if (!f) {
      std::cerr << "relulab experiment: cannot write " << svg << "\n";
      return 1;
    }
  }
  if (a.json) {
    std::cout << result_json(r, a, seconds, csv, svg).dump(2) << "\n";
  } else {
    std::cout << r.title << "\n"
              << "Claim:   " << r.claim << "\n"
              << "Verdict: " << r.verdict << "\n"
              << "Wrote " << csv << " and " << svg << " (" << static_cast<int>(seconds * 10) / 10.0
              << " s)\n";
  }
  return 0;
}

CLI::App* add_experiment_command(CLI::App& app, ExperimentCliArgs& args, int* exit_code) {
  CLI::App* sub = app.add_subcommand("experiment",
                                     "Run one of the article's claims as a measured experiment (" +
                                         experiment_choices() + "); writes NAME.csv and NAME.svg");
  sub->add_option("name", args.name, "Experiment: " + experiment_choices());
  sub->add_option("--seeds", args.seeds,
                  "Networks per configuration (1.." + std::to_string(max_experiment_seeds) + ")");
  sub->add_option("--epochs", args.epochs,
                  "Training epochs where the experiment trains (1.." +
                      std::to_string(max_experiment_epochs) + ")");
  sub->add_option("--grid", args.grid,
                  "Side of the input-domain sample grid (" + std::to_string(min_experiment_grid) +
                      ".." + std::to_string(max_experiment_grid) + ")");
  sub->add_option("--seed", args.seed, "First seed");
  sub->add_option("--out", args.out, "Output directory for NAME.csv and NAME.svg")
      ->capture_default_str();
  sub->add_flag("--json", args.json, "Print the result as JSON");
  sub->add_flag("--quick", args.quick, "Reduced sizes (the test suite's form)");
  sub->callback([&args, exit_code] { *exit_code = run_experiment_cli(args); });
  return sub;
}

}  // namespace relulab
