// cli_experiment.h: `relulab experiment NAME [--seeds N] [--epochs N] [--grid N] [--seed S]
// [--out DIR] [--json] [--quick]`, which runs one of the experiments of core/experiments/experiments.h and
// writes DIR/NAME.csv and DIR/NAME.svg.
#pragma once

#include <cstdint>
#include <string>

namespace CLI {
class App;
}

namespace relulab {

struct ExperimentCliArgs {
  std::string name;
  int seeds = -1, epochs = -1, grid = -1;  // -1 = not given: the experiment's default
  std::uint64_t seed = 1;
  std::string out = ".";
  bool json = false, quick = false;
};

// Runs the experiment. Exit codes: 0 done (the verdict says whether the numbers were as expected),
// 2 bad usage (unknown name, value out of range, --out not writable; checked before any work),
// 1 internal failure.
int run_experiment_cli(const ExperimentCliArgs& args);

// Registers the `experiment` subcommand on a CLI11 app; when it runs, *exit_code receives the result
// of run_experiment_cli.
CLI::App* add_experiment_command(CLI::App& app, ExperimentCliArgs& args, int* exit_code);

}  // namespace relulab
