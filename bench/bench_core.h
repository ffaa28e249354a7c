// bench_core.h: the throughput benchmark shared by `relulab bench` (native) and relulab_bench.js
// (the same code as WebAssembly under node).
//
// It measures, in one process and one thread:
//   - training throughput, samples/s: forward + backward + Adam update through the real trainer
//     (train_steps) on the circle data set, best of several timed repetitions after a warm-up;
//   - the 256 x 256 grid evaluation (eval_grid, network output), best ms, by the default evaluator
//     (the piecewise-linear sweep where it applies) and by the dense pass, on the trained net and on
//     the freshly initialised one;
//   - the machine's peak FLOP/s, from a register-blocked multiply-add loop written with GCC vector
//     extensions (independent accumulators, so it runs at the FMA/SIMD throughput limit: AVX2 or
//     AVX-512 FMA natively, SIMD128 mul+add in wasm), and the fraction of that peak reached.
// FLOPs are counted per sample from the layer sizes (flops_formula() states the formula), so the
// fraction of peak compares useful arithmetic, not instructions executed.
#pragma once

#include <functional>
#include <iosfwd>
#include <string>
#include <utility>
#include <vector>

#include "nn/activation.h"

namespace relulab {

struct BenchOptions {
  bool quick = false;  // fewer, shorter repetitions (for tests and a first look)
  // Called with a short line per stage ("2-16-16-1 relu: training 45%"); may be empty.
  std::function<void(const std::string&)> progress;
};

struct NetBench {
  std::string name;        // "2-16-16-1 relu"
  std::vector<int> sizes;  // layer widths, inputs first: {2, 16, 16, 1}
  Activation activation = Activation::relu;
  int batch = 0;
  long steps_per_rep = 0;
  int reps = 0, grid_reps = 0;
  // Best repetition (highest samples/s, lowest ms): the machine may be shared, and the best run is
  // the one least disturbed, as for the peak loop. Medians are kept for the record.
  double train_samples_per_s = 0, train_median = 0;
  // 256 x 256 grid of the trained net by eval_grid's default method (`grid_method`: the sweep where
  // it applies), and by the dense pass; the same on the freshly initialised net; regions on the grid.
  double grid_ms = 0, grid_median_ms = 0;
  double grid_dense_ms = 0, grid_dense_median_ms = 0;
  double grid_fresh_ms = 0, grid_fresh_median_ms = 0;
  double grid_fresh_dense_ms = 0, grid_fresh_dense_median_ms = 0;
  int grid_regions = 0, grid_fresh_regions = 0;
  std::string grid_method;
  double train_flops_per_sample = 0, grid_flops_per_point = 0;
  double train_gflops = 0, grid_gflops = 0;
  // of BenchReport::peak_gflops; the grid's for the dense pass (FLOPs are counted per dense point)
  double train_peak_fraction = 0, grid_peak_fraction = 0;
  bool diverged = false;  // the trainer stopped on a non-finite value (should not happen)
};

struct BenchReport {
  std::string platform;     // "native x86-64 AVX2+FMA" / "wasm SIMD128"
  std::string peak_kernel;  // the loop shape that reached the peak (width, accumulators, FMA?)
  double peak_gflops = 0;   // best over the loop shapes, at the vector widths the engine uses
  std::vector<std::pair<std::string, double>> peak_shapes;  // every shape measured, GFLOP/s
  int grid_width = 256, grid_height = 256;
  std::vector<NetBench> nets;
};

// FLOPs counted per training sample and per grid point, for layer widths n0 (inputs) .. nL.
double train_flops_per_sample(const std::vector<int>& sizes, int batch);
double grid_flops_per_point(const std::vector<int>& sizes);
const char* flops_formula();  // the formula in words, printed under the table

// Peak multiply-add throughput of one thread, GFLOP/s: the best of several loop shapes at the
// vector widths the engine's kernels use (core/nn/kernels.cpp: 8 and, where the compiler targets
// AVX-512, 16 floats natively; 4 and 8 floats, i.e. one or two SIMD128 registers, in wasm).
// `seconds` is the total budget; `shapes` receives every shape's result.
double measure_peak_gflops(double seconds, std::string* description,
                           std::vector<std::pair<std::string, double>>* shapes = nullptr);

BenchReport run_bench(const BenchOptions& options);

void print_bench_text(std::ostream& out, const BenchReport& r);
void print_bench_json(std::ostream& out, const BenchReport& r);

// Writes the benchmark's circle data set (all points, x1,x2,label) so the peers train on the same
// data.
void write_bench_data(std::ostream& out);

}  // namespace relulab
