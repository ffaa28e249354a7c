// soak.cpp: one million training steps with every instrument on, watching memory.
//
// A long session in the app trains for hours while the instruments, the bounded History and the
// grid views run every frame. This benchmark does the same headlessly: minibatch steps on a small
// net, measure() (loss/accuracy, per-unit activity, gradient norms, paths, histograms, History)
// every `measure_every` steps, and every `grid_every` steps the views the UI draws (output field,
// one unit's on/off mask, the linear-region count). It reports memory at checkpoints: natively
// VmRSS/VmHWM from /proc/self/status and the malloc heap in use (mallinfo2); in wasm the linear
// memory size and the dlmalloc heap in use (mallinfo). Heap in use at the end must equal the
// figure after the first quarter (the History full) within `max_growth_bytes`, else exit code 1.
//
//   relulab_soak [--steps N] [--measure-every K] [--grid-every G]
//   node --no-experimental-fetch relulab_soak.js [same options]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include <malloc.h>
#ifdef __EMSCRIPTEN__
#include <emscripten/heap.h>
#endif

#include "instruments/grid.h"
#include "nn/trainer.h"

using namespace relulab;

namespace {

constexpr long max_growth_bytes = 1 << 20;

struct Memory {
  long rss_kb = -1, hwm_kb = -1;  // native only
  long heap_in_use = 0;           // bytes handed out by malloc
  long heap_size = -1;            // wasm linear memory, bytes
};

Memory memory_now() {
  Memory m;
#ifdef __EMSCRIPTEN__
  m.heap_in_use = static_cast<long>(mallinfo().uordblks);
  m.heap_size = static_cast<long>(emscripten_get_heap_size());
#else
  m.heap_in_use = static_cast<long>(mallinfo2().uordblks);
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    long value = 0;
    if (std::sscanf(line.c_str(), "VmRSS: %ld", &value) == 1) m.rss_kb = value;
    if (std::sscanf(line.c_str(), "VmHWM: %ld", &value) == 1) m.hwm_kb = value;
  }
#endif
  return m;
}

void print_memory(const char* when, long steps, double seconds, const Trainer& t, const Memory& m) {
  std::printf("%-9s steps %8ld  %6.1f s  loss %.4f  history %4zu pts  heap in use %8.1f KiB", when,
              steps, seconds, t.stats.loss_train, t.history.epoch.size(), m.heap_in_use / 1024.0);
  if (m.rss_kb >= 0) std::printf("  VmRSS %6ld KiB  VmHWM %6ld KiB", m.rss_kb, m.hwm_kb);
  if (m.heap_size >= 0) std::printf("  wasm memory %6.1f MiB", m.heap_size / 1048576.0);
  std::printf("\n");
  std::fflush(stdout);
}

bool read_count(const char* s, long lo, long hi, long* out) {
  char* end = nullptr;
  const long v = std::strtol(s, &end, 10);
  if (!*s || *end || v < lo || v > hi) return false;
  *out = v;
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  long steps = 1000000, measure_every = 100, grid_every = 5000;
  for (int i = 1; i < argc; ++i) {
    long* dst = !std::strcmp(argv[i], "--steps")           ? &steps
                : !std::strcmp(argv[i], "--measure-every") ? &measure_every
                : !std::strcmp(argv[i], "--grid-every")    ? &grid_every
                                                           : nullptr;
    if (!dst || i + 1 >= argc || !read_count(argv[i + 1], 1, 1000000000, dst)) {
      std::fprintf(stderr,
                   "usage: relulab_soak [--steps N] [--measure-every K] [--grid-every G]\n");
      return 2;
    }
    ++i;
  }

  // Small ReLU net with every training option that adds work: Adam, L2, activation L1, PReLU.
  Config c;
  c.data.kind = DataKind::spiral;
  c.data.points = 400;
  c.data.noise = 0.1f;
  c.network.features = 0b1111111;
  c.network.hidden = {{8, Activation::relu}, {8, Activation::prelu}};
  c.train.optimizer = Optimizer::adam;
  c.train.learning_rate = 0.003f;
  c.train.batch_size = 8;
  c.train.l2 = 1e-4f;
  c.train.activation_l1 = 1e-4f;
  Trainer t;
  const std::string err = make_trainer(c, &t);
  if (!err.empty()) {
    std::fprintf(stderr, "relulab_soak: %s\n", err.c_str());
    return 1;
  }
  std::printf(
      "soak: spiral, %d points, 7-8-8-1 relu/prelu, adam, batch %d; %ld steps, measure every "
      "%ld, grid views every %ld\n",
      c.data.points, c.train.batch_size, steps, measure_every, grid_every);

  GridSpec grid;
  grid.width = grid.height = 64;
  std::vector<float> field;
  int regions = 0;
  long divergences = 0;
  const auto t0 = std::chrono::steady_clock::now();
  auto seconds = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  };
  print_memory("start", 0, 0, t, memory_now());
  // The History grows until it first holds `capacity` points (capacity * measure_every steps), then
  // thins in place; so memory is compared from the first quarter of the run on.
  const long warmup = std::max(1L, steps / 4);
  Memory warm;
  long done = 0, next_report = steps / 2;
  while (done < steps) {
    const int chunk = static_cast<int>(std::min(measure_every, steps - done));
    const int taken = train_steps(t, chunk);
    done += chunk;
    if (t.diverged) {  // not expected at this learning rate; counted, and training goes on
      ++divergences;
      resume(t);
    }
    (void)taken;
    measure(t);
    if (done % grid_every < measure_every) {
      eval_grid(t.net, grid, GridField::output, 0, 0, field);
      eval_grid(t.net, grid, GridField::unit_mask, 1, 3, field);
      regions = count_regions(t.net, grid);
    }
    if (done - chunk < steps / 100 && done >= steps / 100)
      print_memory("1%", done, seconds(), t, memory_now());
    if (done - chunk < warmup && done >= warmup) {
      warm = memory_now();
      print_memory("25%", done, seconds(), t, warm);
    }
    if (done >= next_report && done < steps) {
      print_memory(next_report == steps / 2 ? "50%" : "75%", done, seconds(), t, memory_now());
      next_report += steps / 4;
    }
  }
  const Memory end = memory_now();
  print_memory("end", done, seconds(), t, end);
  const long growth = end.heap_in_use - warm.heap_in_use;
  std::printf(
      "soak: %ld steps (%.0f steps/s incl. instruments), %ld divergences, %d regions at the "
      "end, test accuracy %.3f; heap growth after the first quarter %+ld bytes (limit %ld)\n",
      done, done / seconds(), divergences, regions, t.stats.accuracy_test, growth,
      max_growth_bytes);
  if (growth > max_growth_bytes ||
      t.history.epoch.size() > static_cast<size_t>(t.history.capacity)) {
    std::printf("soak: FAILED: memory grew\n");
    return 1;
  }
  return 0;
}
