// bench_main.cpp: the standalone benchmark entry: relulab_bench natively (no window toolkit needed),
// relulab_bench.js as WebAssembly under node:
//   relulab_bench [--json] [--quick] [--write-data FILE.csv]
//   node --no-experimental-fetch relulab_bench.js [--json] [--quick]
// The same body as `relulab bench` (bench_core.h); progress goes to stderr.
#include <cstring>
#include <exception>
#include <fstream>
#include <iostream>
#include <string>

#include "bench_core.h"

int main(int argc, char** argv) {
  relulab::BenchOptions opt;
  bool json = false;
  std::string write_data;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--write-data") && i + 1 < argc) {
      write_data = argv[++i];
    } else if (!std::strcmp(argv[i], "--json")) {
      json = true;
    } else if (!std::strcmp(argv[i], "--quick")) {
      opt.quick = true;
    } else {
      std::cerr << "relulab_bench: unknown option '" << argv[i] << "'\n"
                << "usage: relulab_bench [--json] [--quick] [--write-data FILE.csv]\n";
      return 2;
    }
  }
  if (!write_data.empty()) {
    std::ofstream out(write_data, std::ios::binary);
    if (out) relulab::write_bench_data(out);
    if (!out) {
      std::cerr << "relulab_bench: " << write_data << ": cannot write\n";
      return 2;
    }
    return 0;
  }
  opt.progress = [](const std::string& s) { std::cerr << "bench: " << s << "\n"; };
  try {
    relulab::BenchReport r = relulab::run_bench(opt);
    if (json)
      relulab::print_bench_json(std::cout, r);
    else
      relulab::print_bench_text(std::cout, r);
  } catch (const std::exception& e) {
    std::cerr << "relulab_bench: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
