// bench_regions.cpp: the exact linear-region partition (core/regions_exact.h) against the grid
// count it replaces, on the trained spiral nets; natively (relulab_bench_regions) and as
// WebAssembly under node (relulab_bench_regions.js), same models, same run, medians.
//
//   relulab_bench_regions [--json] [--reps N] [MODEL.json ...]
//   node --no-experimental-fetch relulab_bench_regions.js [--json] [--reps N] [MODEL.json ...]
//
// Default models: bench/data/spiral_16x3.json and spiral_32x3.json, trained by `relulab train`
// (spiral, 500 points, noise 0.1, three ReLU layers of 16 / 32, He normal, zero bias, sigmoid +
// BCE, Adam 0.01, batch 32, 20000 steps, seed 1), written with --out and stripped of their
// "progress" section. For each: the exact partition of [-6, 6]^2 (ms, median and best of N),
// regions per second, and the 256 x 256 grid count of the same net (count_regions, the app's live
// estimate before the exact count).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "instruments/grid.h"
#include "instruments/regions_exact.h"
#include "io/state.h"

#ifdef __EMSCRIPTEN__
#include <emscripten.h>
// Process CPU time under node (user + system, microseconds): std::clock is wall time in wasm.
EM_JS(double, node_cpu_us, (), {
  const u = process.cpuUsage();
  return u.user + u.system;
});
double cpu_ms() { return node_cpu_us() * 1e-3; }
#else
double cpu_ms() { return 1e3 * double(std::clock()) / CLOCKS_PER_SEC; }
#endif

#ifndef RELULAB_BENCH_DATA
#define RELULAB_BENCH_DATA "bench/data"
#endif

using namespace relulab;

namespace {

using clock_type = std::chrono::steady_clock;

double ms_since(clock_type::time_point t0) {
  return std::chrono::duration<double, std::milli>(clock_type::now() - t0).count();
}

// Wall-clock median and best, and the median of the process CPU time (std::clock natively,
// process.cpuUsage() under node), which leaves out the time the thread waited for a core on a
// shared machine.
struct Timing {
  double median = 0, best = 0, cpu_median = 0;
};

template <class F>
Timing time_it(int reps, F&& f) {
  std::vector<double> t, cpu;
  f();  // warm-up
  for (int k = 0; k < reps; ++k) {
    const double c0 = cpu_ms();
    auto t0 = clock_type::now();
    f();
    t.push_back(ms_since(t0));
    cpu.push_back(cpu_ms() - c0);
  }
  std::sort(t.begin(), t.end());
  std::sort(cpu.begin(), cpu.end());
  return {t[t.size() / 2], t.front(), cpu[cpu.size() / 2]};
}

}  // namespace

int main(int argc, char** argv) {
  bool json = false;
  int reps = 21;
  std::vector<std::string> models;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--json")) {
      json = true;
    } else if (!std::strcmp(argv[i], "--reps") && i + 1 < argc) {
      reps = std::max(1, std::atoi(argv[++i]));
    } else if (argv[i][0] == '-') {
      std::cerr << "usage: relulab_bench_regions [--json] [--reps N] [MODEL.json ...]\n";
      return 2;
    } else {
      models.push_back(argv[i]);
    }
  }
  if (models.empty())
    models = {RELULAB_BENCH_DATA "/spiral_16x3.json", RELULAB_BENCH_DATA "/spiral_32x3.json"};
#ifdef __EMSCRIPTEN__
  const char* platform = "wasm";
#else
  const char* platform = "native";
#endif
  std::ostringstream rows;
  for (size_t m = 0; m < models.size(); ++m) {
    std::string text, err = read_text_file(models[m], 1 << 24, &text);
    Config c;
    Network net;
    if (err.empty()) err = load_state(text, models[m], &c, &net, nullptr);
    if (err.empty()) err = exact_regions_unsupported(net);
    if (!err.empty()) {
      std::cerr << "relulab_bench_regions: " << err << "\n";
      return 2;
    }
    std::string shape = "2";
    for (int l = 0; l < static_cast<int>(net.layers.size()); ++l) shape += "-" + std::to_string(net.layers[l].out());
    Partition p;
    const Timing exact = time_it(reps, [&] { exact_partition(net, ExactOptions{}, &p); });
    GridSpec g;  // [-6, 6]^2, 256 x 256
    int grid_regions = 0;
    const Timing grid = time_it(reps, [&] { grid_regions = count_regions(net, g); });
    const double per_s = p.regions / (exact.cpu_median * 1e-3);
    if (json) {
      rows << (m ? ",\n" : "") << "    {\"model\": \"" << models[m] << "\", \"net\": \"" << shape
           << "\", \"regions\": " << p.regions << ", \"polygons\": " << p.polygons()
           << ", \"exact_ms\": " << exact.median << ", \"exact_best_ms\": " << exact.best
           << ", \"exact_cpu_ms\": " << exact.cpu_median
           << ", \"regions_per_s\": " << per_s << ", \"grid256_regions\": " << grid_regions
           << ", \"grid256_ms\": " << grid.median << ", \"grid256_best_ms\": " << grid.best
           << ", \"grid256_cpu_ms\": " << grid.cpu_median << "}";
    } else {
      char line[400];
      std::snprintf(line, sizeof line,
                    "%-7s %-13s exact %5ld regions %7.3f ms (best %6.3f, cpu %6.3f) %9.0f regions/s"
                    " | grid 256^2 %5d regions %7.3f ms (best %6.3f, cpu %6.3f)\n",
                    platform, shape.c_str(), p.regions, exact.median, exact.best, exact.cpu_median,
                    per_s, grid_regions, grid.median, grid.best, grid.cpu_median);
      rows << line;
    }
  }
  if (json)
    std::cout << "{\n  \"platform\": \"" << platform << "\", \"reps\": " << reps << ",\n  \"nets\": [\n"
              << rows.str() << "\n  ]\n}\n";
  else
    std::cout << rows.str() << "(medians of " << reps << " runs after a warm-up; regions/s from the CPU-time median)\n";
  return 0;
}
