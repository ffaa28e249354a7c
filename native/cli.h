// cli.h: the headless subcommands of the native binary (train, regions, eval, bench, experiment).
#pragma once

namespace relulab {

// True when argv[1] names a headless subcommand (or is --help / --version), so main() runs the CLI
// instead of opening a window.
bool is_cli_invocation(int argc, char** argv);

// Runs the CLI. Exit codes: 0 success, 2 bad usage or bad input, 1 internal failure.
int cli_main(int argc, char** argv);

}  // namespace relulab
