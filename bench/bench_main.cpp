// bench_main.cpp: the WebAssembly benchmark entry, relulab_bench.js, run under node:
//   node --no-experimental-fetch relulab_bench.js [--json] [--quick]
// The same body as the native `relulab bench` (bench_core.h); progress goes to stderr.
#include <cstring>
#include <exception>
#include <iostream>

#include "bench_core.h"

int main(int argc, char** argv) {
  relulab::BenchOptions opt;
  bool json = false;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--json")) {
      json = true;
    } else if (!std::strcmp(argv[i], "--quick")) {
      opt.quick = true;
    } else {
      std::cerr << "relulab_bench: unknown option '" << argv[i] << "'\n"
                << "usage: node --no-experimental-fetch relulab_bench.js [--json] [--quick]\n";
      return 2;
    }
  }
  opt.progress = [](const std::string& s) { std::cerr << "bench: " << s << "\n"; };
  try {
    relulab::BenchReport r = relulab::run_bench(opt);
    if (json) relulab::print_bench_json(std::cout, r);
    else relulab::print_bench_text(std::cout, r);
  } catch (const std::exception& e) {
    std::cerr << "relulab_bench: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
