// bench_core.cpp: the benchmark body behind bench_core.h (native `relulab bench` and wasm).
//
// FLOP counting, per sample, for layer widths n0 (inputs), n1, ..., nL (output), P parameters,
// H hidden units and batch B (a multiply-add counts as 2):
//   forward   2 sum_l n_{l-1} n_l (products) + sum_l n_l (bias) + H (activation)
//   backward  2 sum_l n_{l-1} n_l (dW = dZ X^T) + 2 sum_{l>=2} n_{l-1} n_l (dX = W^T dZ; none for
//             the input layer) + sum_l n_l (db) + H (dZ = dA * phi'(Z))
//   Adam      12 P / B (moments, bias correction, square root, division, update per parameter)
// so training = 6 sum n_{l-1} n_l - 2 n0 n1 + 2 sum n_l + 2 H + 12 P / B, and a grid point (forward
// only) = 2 sum n_{l-1} n_l + sum n_l + H. Loss, output link and data gathering are not counted.
#include "bench_core.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ostream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "data/dataset.h"
#include "instruments/grid.h"
#include "io/config.h"
#include "nn/trainer.h"

// The peak loop must compile to fused multiply-adds where the ISA has them: bench/CMakeLists.txt
// compiles this file with -ffp-contract=fast, as core/CMakeLists.txt does the kernels.

namespace relulab {

namespace {

using clock_type = std::chrono::steady_clock;

double seconds_since(clock_type::time_point t0) {
  return std::chrono::duration<double>(clock_type::now() - t0).count();
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  size_t m = v.size() / 2;
  return v.size() % 2 ? v[m] : 0.5 * (v[m - 1] + v[m]);
}

// ---- peak multiply-add loop ----------------------------------------------------------------------
typedef float f32x4 __attribute__((vector_size(16)));
typedef float f32x8 __attribute__((vector_size(32)));
typedef float f32x16 __attribute__((vector_size(64)));

// Loop constants read at run time, so the compiler can neither fold nor shortcut the loops.
volatile float peak_a = 0.999f, peak_b = 1e-3f, peak_start = 0.5f;

// Two loop forms, each with N independent accumulators so it is bound by multiply-add throughput,
// not latency; both return a value depending on every accumulator so nothing is optimised away.
//   chains:  acc_j = acc_j * a + b           one FMA per vector where the ISA has it
//   stream:  acc_j += x[t, j] * y            x cycling through an L1-resident block, the shape of a
//                                            GEMM micro-kernel: the multiply is off the add chain,
//                                            which matters where mul and add are separate (wasm)
template <class V, int N>
__attribute__((noinline)) float fma_chains(long iterations) {
  constexpr int lanes = sizeof(V) / sizeof(float);
  V acc[N];
  const float a_scalar = peak_a, b_scalar = peak_b, start = peak_start;
  V a = V{} + a_scalar, b = V{} + b_scalar;
  for (int j = 0; j < N; ++j)
    for (int i = 0; i < lanes; ++i) acc[j][i] = start + 0.01f * (j * lanes + i);
  for (long t = 0; t < iterations; ++t) {
#pragma GCC unroll 32
    for (int j = 0; j < N; ++j) acc[j] = acc[j] * a + b;
  }
  V s = acc[0];
  for (int j = 1; j < N; ++j) s += acc[j];
  float r = 0;
  for (int i = 0; i < lanes; ++i) r += s[i];
  return r;
}

constexpr int stream_rows = 16;

template <class V, int N>
__attribute__((noinline)) float mul_add_stream(long iterations) {
  constexpr int lanes = sizeof(V) / sizeof(float);
  static V x[stream_rows * N];  // (stream_rows, N) vectors, 4 KiB or less: stays in L1
  const float b_scalar = peak_b, start = peak_start;
  for (int k = 0; k < stream_rows * N; ++k)
    for (int i = 0; i < lanes; ++i) x[k][i] = start + 1e-4f * (k * lanes + i);
  V y = V{} + b_scalar;
  V acc[N];
  for (int j = 0; j < N; ++j) acc[j] = V{};
  for (long t = 0; t < iterations; ++t) {
    const V* xt = x + (t & (stream_rows - 1)) * N;
#pragma GCC unroll 32
    for (int j = 0; j < N; ++j) acc[j] += xt[j] * y;
  }
  V s = acc[0];
  for (int j = 1; j < N; ++j) s += acc[j];
  float r = 0;
  for (int i = 0; i < lanes; ++i) r += s[i];
  return r;
}

// Best GFLOP/s of one loop over repeated short calls (short so that wasm engines, which optimise a
// function for its next call, run the optimised code).
double best_gflops(float (*loop)(long), double flops_per_iteration, double seconds) {
  // Called through a volatile pointer: binaryen (wasm-opt) inlines single-call-site functions
  // whatever their noinline attribute, and an inlined loop would stay in V8's baseline tier.
  float (*volatile call)(long) = loop;
  long iterations = 1 << 12;
  volatile float sink = 0;
  double best = 0;
  auto t_start = clock_type::now();
  while (seconds_since(t_start) < seconds) {
    auto t0 = clock_type::now();
    sink = sink + call(iterations);
    double s = seconds_since(t0);
    if (s < 2e-3) {
      iterations *= 2;  // too short to time well
      continue;
    }
    best = std::max(best, flops_per_iteration * iterations / s * 1e-9);
  }
  return best;
}

template <class V, int N>
double peak_chains(double seconds) {
  return best_gflops(&fma_chains<V, N>, 2.0 * N * sizeof(V) / sizeof(float), seconds);
}
template <class V, int N>
double peak_stream(double seconds) {
  return best_gflops(&mul_add_stream<V, N>, 2.0 * N * sizeof(V) / sizeof(float), seconds);
}

// ---- benchmark nets ------------------------------------------------------------------------------
struct NetCase {
  const char* name;
  std::vector<int> hidden;
  Activation activation;
  int batch;
};

const std::vector<NetCase>& net_cases() {
  static const std::vector<NetCase> cases = {
      {"2-16-16-1 relu", {16, 16}, Activation::relu, 1024},
      {"2-64-64-64-1 relu", {64, 64, 64}, Activation::relu, 256},
      {"2-16-16-1 tanh", {16, 16}, Activation::tanh, 1024},
  };
  return cases;
}

// The circle data (8192 points, half for training) every net trains on, and the peers too.
DataSpec bench_data_spec() {
  DataSpec d;
  d.kind = DataKind::circle;
  d.points = 8192;
  d.noise = 0.0f;
  d.train_fraction = 0.5f;
  d.seed = 1;
  return d;
}

Config bench_config(const NetCase& nc) {
  Config c;
  c.data = bench_data_spec();
  c.network.features = 0b11;  // x1, x2
  c.network.hidden.clear();
  for (int units : nc.hidden) c.network.hidden.push_back({units, nc.activation});
  c.network.output = Output::sigmoid_bce;
  c.network.init = Init::he_normal;
  c.network.bias_init = BiasInit::zero;
  c.network.seed = 7;
  c.train.optimizer = Optimizer::adam;
  c.train.learning_rate = 0.01f;
  c.train.batch_size = nc.batch;
  return c;
}

NetBench bench_net(const NetCase& nc, double peak_gflops, const BenchOptions& opt) {
  auto say = [&](const std::string& s) {
    if (opt.progress) opt.progress(std::string(nc.name) + ": " + s);
  };
  NetBench r;
  r.name = nc.name;
  r.sizes = {2};
  for (int u : nc.hidden) r.sizes.push_back(u);
  r.sizes.push_back(1);
  r.activation = nc.activation;
  r.batch = nc.batch;
  r.train_flops_per_sample = train_flops_per_sample(r.sizes, r.batch);
  r.grid_flops_per_point = grid_flops_per_point(r.sizes);

  Trainer t;
  std::string err = make_trainer(bench_config(nc), &t);
  if (!err.empty()) throw std::runtime_error("bench config for " + r.name + ": " + err);

  // Warm up until the speed is steady: at least warm_seconds, and two consecutive chunks of at
  // least 20 ms within 10% of each other (at most max_warm_seconds). A wasm engine first runs
  // baseline code and swaps in optimised code for later calls once its background compiler is done,
  // which on a busy machine can take seconds. The last chunk's speed sizes a repetition to about
  // 0.25 s (0.08 s quick).
  const double rep_seconds = opt.quick ? 0.08 : 0.25;
  const double warm_seconds = opt.quick ? 0.2 : 0.5, max_warm_seconds = 8;
  const int reps = opt.quick ? 3 : 7;
  say("warming up");
  long warm_steps = 1;
  double warm_s = 0, last_rate = 0;
  auto warm_start = clock_type::now();
  while (!t.diverged) {
    auto t0 = clock_type::now();
    train_steps(t, int(warm_steps));
    warm_s = seconds_since(t0);
    const double rate = warm_steps / warm_s;
    const bool steady = warm_s > 0.02 && last_rate > 0 && std::fabs(rate / last_rate - 1) < 0.1;
    const double elapsed = seconds_since(warm_start);
    if ((elapsed > warm_seconds && steady) || elapsed > max_warm_seconds) break;
    last_rate = warm_s > 0.02 ? rate : 0;
    if (warm_s < 0.05) warm_steps *= 2;
  }
  r.steps_per_rep = std::max(1L, long(rep_seconds / (warm_s / warm_steps)));
  r.reps = reps;
  std::vector<double> rates;
  for (int k = 0; k < reps && !t.diverged; ++k) {
    say("training " + std::to_string(100 * k / reps) + "%");
    auto t0 = clock_type::now();
    long done = 0;
    // in chunks, so a wasm engine gets calls to optimise between
    while (done < r.steps_per_rep) {
      int chunk = int(std::min<long>(r.steps_per_rep - done, 64));
      int took = train_steps(t, chunk);
      done += took;
      if (took < chunk) break;
    }
    rates.push_back(double(done) * nc.batch / seconds_since(t0));
  }
  r.diverged = t.diverged;
  if (!rates.empty()) {
    r.train_samples_per_s = *std::max_element(rates.begin(), rates.end());
    r.train_median = median(rates);
  }

  // The grid, timed with the same steady-speed rule: on the trained net by the default evaluator
  // (the sweep where it applies) and by the dense pass, and on the freshly initialised net (fewer
  // linear regions) by both.
  say("grid");
  GridSpec g;  // 256 x 256 over [-6, 6]^2
  r.grid_reps = opt.quick ? 5 : 15;
  auto time_grid = [&](const Network& net, GridMethod method, double* best, double* median_ms) {
    std::vector<float> values;
    auto grid_warm = clock_type::now();
    for (double last_ms = 0;;) {
      auto t0 = clock_type::now();
      eval_grid(net, g, GridField::output, 0, 0, values, method);
      const double ms = seconds_since(t0) * 1e3, elapsed = seconds_since(grid_warm);
      const bool steady = last_ms > 0 && std::fabs(ms / last_ms - 1) < 0.1;
      if ((elapsed > warm_seconds / 2 && steady) || elapsed > max_warm_seconds) break;
      last_ms = ms;
    }
    std::vector<double> ms;
    for (int k = 0; k < r.grid_reps; ++k) {
      auto t0 = clock_type::now();
      eval_grid(net, g, GridField::output, 0, 0, values, method);
      ms.push_back(seconds_since(t0) * 1e3);
    }
    *best = *std::min_element(ms.begin(), ms.end());
    *median_ms = median(ms);
  };
  const GridSweep axis = grid_sweep_axis(t.net, g);
  r.grid_method = axis == GridSweep::rows      ? "sweep (rows)"
                  : axis == GridSweep::columns ? "sweep (columns)"
                                               : "dense";
  time_grid(t.net, GridMethod::sweep, &r.grid_ms, &r.grid_median_ms);
  time_grid(t.net, GridMethod::dense, &r.grid_dense_ms, &r.grid_dense_median_ms);
  const Network fresh = make_network(bench_config(nc).network, 2);
  time_grid(fresh, GridMethod::sweep, &r.grid_fresh_ms, &r.grid_fresh_median_ms);
  time_grid(fresh, GridMethod::dense, &r.grid_fresh_dense_ms, &r.grid_fresh_dense_median_ms);
  r.grid_regions = count_regions(t.net, g);
  r.grid_fresh_regions = count_regions(fresh, g);

  r.train_gflops = r.train_samples_per_s * r.train_flops_per_sample * 1e-9;
  // dense FLOPs per second of the dense pass (the sweep does far fewer, data-dependent FLOPs)
  r.grid_gflops =
      double(g.width) * g.height * r.grid_flops_per_point / (r.grid_dense_ms * 1e-3) * 1e-9;
  if (peak_gflops > 0) {
    r.train_peak_fraction = r.train_gflops / peak_gflops;
    r.grid_peak_fraction = r.grid_gflops / peak_gflops;
  }
  return r;
}

std::string platform_name() {
#if defined(__wasm_simd128__)
  return "wasm SIMD128";
#elif defined(__wasm__)
  return "wasm (scalar)";
#elif defined(__x86_64__)
  std::string s = "native x86-64";
#if defined(__AVX512F__)
  s += " AVX-512";
#elif defined(__AVX2__)
  s += " AVX2";
#elif defined(__SSE2__)
  s += " SSE2";
#endif
#if defined(__FMA__)
  s += "+FMA";
#endif
  return s;
#elif defined(__aarch64__)
  return "native arm64 NEON";
#else
  return "native";
#endif
}

}  // namespace

double train_flops_per_sample(const std::vector<int>& sizes, int batch) {
  double products = 0, units = 0, hidden = 0, params = 0;
  for (size_t l = 1; l < sizes.size(); ++l) {
    products += double(sizes[l - 1]) * sizes[l];
    units += sizes[l];
    params += double(sizes[l - 1] + 1) * sizes[l];
    if (l + 1 < sizes.size()) hidden += sizes[l];
  }
  double first = sizes.size() > 1 ? double(sizes[0]) * sizes[1] : 0;
  return 6 * products - 2 * first + 2 * units + 2 * hidden + 12 * params / batch;
}

double grid_flops_per_point(const std::vector<int>& sizes) {
  double products = 0, units = 0, hidden = 0;
  for (size_t l = 1; l < sizes.size(); ++l) {
    products += double(sizes[l - 1]) * sizes[l];
    units += sizes[l];
    if (l + 1 < sizes.size()) hidden += sizes[l];
  }
  return 2 * products + units + hidden;
}

const char* flops_formula() {
  return "FLOPs per training sample = 6 sum(n_in*n_out) - 2 n0*n1 + 2 sum(n_out) + 2 H + 12 P/B "
         "(forward 2 sum(n_in*n_out) + bias + activation; backward dW 2 sum(n_in*n_out), dX "
         "2 sum(n_in*n_out) except the input layer, db, phi'; Adam 12 per parameter per step); "
         "per grid point = 2 sum(n_in*n_out) + sum(n_out) + H. H hidden units, P parameters, "
         "B batch; a multiply-add counts 2.";
}

double measure_peak_gflops(double seconds, std::string* description,
                           std::vector<std::pair<std::string, double>>* shapes_out) {
  // V8 has 16 SIMD registers on x86-64, so wasm shapes keep at most 8 live vectors; natively
  // AVX-512 has 32 registers.
  struct Shape {
    const char* what;
    double (*run)(double);
  };
  const Shape shapes[] = {
#if defined(__wasm__)
    {"stream x*y+acc, 8-float vectors, 3 accumulators", &peak_stream<f32x8, 3>},
    {"stream x*y+acc, 8-float vectors, 4 accumulators", &peak_stream<f32x8, 4>},
    {"stream x*y+acc, 4-float vectors, 6 accumulators", &peak_stream<f32x4, 6>},
    {"chains acc*a+b, 4-float vectors, 6 accumulators", &peak_chains<f32x4, 6>},
#else
    {"chains acc*a+b, 8-float vectors, 12 accumulators", &peak_chains<f32x8, 12>},
    {"stream x*y+acc, 8-float vectors, 12 accumulators", &peak_stream<f32x8, 12>},
#if defined(__AVX512F__)
    {"chains acc*a+b, 16-float vectors, 12 accumulators", &peak_chains<f32x16, 12>},
    {"stream x*y+acc, 16-float vectors, 12 accumulators", &peak_stream<f32x16, 12>},
#endif
#endif
  };
  const int count = int(sizeof shapes / sizeof shapes[0]);
  double best = 0;
  const char* best_what = "";
  for (const Shape& s : shapes) {
    double g = s.run(seconds / count);
    if (shapes_out) shapes_out->emplace_back(s.what, g);
    if (g > best) {
      best = g;
      best_what = s.what;
    }
  }
  if (description) {
#if defined(__wasm__)
    *description = std::string(best_what) + ", multiply + add (SIMD128 has no FMA)";
#elif defined(__FMA__)
    *description = std::string(best_what) + ", fused multiply-add";
#else
    *description = std::string(best_what) + ", multiply + add";
#endif
  }
  return best;
}

BenchReport run_bench(const BenchOptions& opt) {
  BenchReport r;
  r.platform = platform_name();
  if (opt.progress) opt.progress("measuring peak FLOP/s");
  r.peak_gflops = measure_peak_gflops(opt.quick ? 0.6 : 3.0, &r.peak_kernel, &r.peak_shapes);
  for (const NetCase& nc : net_cases()) r.nets.push_back(bench_net(nc, r.peak_gflops, opt));
  return r;
}

void print_bench_text(std::ostream& out, const BenchReport& r) {
  char line[512];
  out << "ReLU Lab bench: " << r.platform << ", one thread\n";
  std::snprintf(line, sizeof line, "measured peak: %.1f GFLOP/s (%s)\n", r.peak_gflops,
                r.peak_kernel.c_str());
  out << line;
  for (const auto& shape : r.peak_shapes) {
    std::snprintf(line, sizeof line, "  %-52s %7.1f GFLOP/s\n", shape.first.c_str(), shape.second);
    out << line;
  }
  out << "\n";
  std::snprintf(line, sizeof line, "%-20s %5s %14s %8s %7s %10s %8s %7s %10s %8s\n", "net", "batch",
                "train Msmp/s", "GFLOP/s", "% peak", "dense ms", "GFLOP/s", "% peak", "sweep ms",
                "regions");
  out << line;
  for (const NetBench& n : r.nets) {
    char sweep[32] = "         -";  // smooth units: the default evaluator is the dense pass
    if (n.grid_method != "dense") std::snprintf(sweep, sizeof sweep, "%10.3f", n.grid_ms);
    std::snprintf(
        line, sizeof line, "%-20s %5d %14.3f %8.2f %6.1f%% %10.3f %8.2f %6.1f%% %s %8d%s\n",
        n.name.c_str(), n.batch, n.train_samples_per_s * 1e-6, n.train_gflops,
        100 * n.train_peak_fraction, n.grid_dense_ms, n.grid_gflops, 100 * n.grid_peak_fraction,
        sweep, n.grid_regions, n.diverged ? "  (diverged)" : "");
    out << line;
  }
  out << "\nfreshly initialised nets (grid 256², ms):\n";
  for (const NetBench& n : r.nets) {
    std::snprintf(line, sizeof line, "%-20s dense %8.3f  %-16s %8.3f  regions %d\n", n.name.c_str(),
                  n.grid_fresh_dense_ms, n.grid_method.c_str(), n.grid_fresh_ms,
                  n.grid_fresh_regions);
    out << line;
  }
  out << "\ntraining: forward + backward + Adam, best of " << (r.nets.empty() ? 0 : r.nets[0].reps)
      << " repetitions; grid: network output on 256 x 256 cells of the trained net, dense pass\n"
      << "and the default evaluator (the piecewise-linear sweep where it applies), best of "
      << (r.nets.empty() ? 0 : r.nets[0].grid_reps) << " (medians in --json).\n"
      << flops_formula() << "\n";
}

void print_bench_json(std::ostream& out, const BenchReport& r) {
  nlohmann::json j;
  j["platform"] = r.platform;
  j["peak_gflops"] = r.peak_gflops;
  j["peak_kernel"] = r.peak_kernel;
  j["peak_shapes"] = nlohmann::json::array();
  for (const auto& shape : r.peak_shapes)
    j["peak_shapes"].push_back({{"loop", shape.first}, {"gflops", shape.second}});
  j["grid"] = {r.grid_width, r.grid_height};
  j["flops_formula"] = flops_formula();
  j["nets"] = nlohmann::json::array();
  for (const NetBench& n : r.nets) {
    j["nets"].push_back({{"net", n.name},
                         {"sizes", n.sizes},
                         {"activation", activation_name(n.activation)},
                         {"batch", n.batch},
                         {"steps_per_rep", n.steps_per_rep},
                         {"reps", n.reps},
                         {"grid_reps", n.grid_reps},
                         {"train_samples_per_s", n.train_samples_per_s},
                         {"train_samples_per_s_median", n.train_median},
                         {"train_flops_per_sample", n.train_flops_per_sample},
                         {"train_gflops", n.train_gflops},
                         {"train_peak_fraction", n.train_peak_fraction},
                         {"grid_ms", n.grid_ms},
                         {"grid_median_ms", n.grid_median_ms},
                         {"grid_flops_per_point", n.grid_flops_per_point},
                         {"grid_gflops", n.grid_gflops},
                         {"grid_peak_fraction", n.grid_peak_fraction},
                         {"grid_method", n.grid_method},
                         {"grid_dense_ms", n.grid_dense_ms},
                         {"grid_dense_median_ms", n.grid_dense_median_ms},
                         {"grid_regions", n.grid_regions},
                         {"grid_fresh_ms", n.grid_fresh_ms},
                         {"grid_fresh_median_ms", n.grid_fresh_median_ms},
                         {"grid_fresh_dense_ms", n.grid_fresh_dense_ms},
                         {"grid_fresh_dense_median_ms", n.grid_fresh_dense_median_ms},
                         {"grid_fresh_regions", n.grid_fresh_regions},
                         {"diverged", n.diverged}});
  }
  out << j.dump(2) << "\n";
}

void write_bench_data(std::ostream& out) { write_csv(out, generate(bench_data_spec())); }

}  // namespace relulab
