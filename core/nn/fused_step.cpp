// fused_step.cpp: the fused training step of fused_step.h, in the vector widths the target has.
//
// The body lives in fused_simd.inc, compiled once per width: 4 lanes (wasm SIMD128, or SSE), and
// natively 8 (AVX2) and 16 (AVX-512) when the compiler targets them. A net runs in the narrowest
// width that holds its widest hidden layer in one vector (wider layers take several vectors per
// sample), so narrow nets do not compute on padding. a * b + c may contract to FMA natively (wasm
// SIMD128 has none; core/CMakeLists.txt compiles this file with -ffp-contract=fast); negating the inputs of a product negates its output exactly either way, which
// keeps the ReLU mirror variants exact.
#include "nn/fused_step.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <utility>
#include <vector>

#include "nn/kernels.h"

#if defined(__GNUC__) && !defined(__clang__)
#define RELULAB_UNROLL _Pragma("GCC unroll 16")
#else
#define RELULAB_UNROLL
#endif

// Under WebAssembly each tile kernel is its own function: an engine compiles a function with its
// baseline compiler first and swaps in optimised code for later calls, and small hot functions are
// swapped early, while one huge function holding the whole step ran baseline code for seconds.
#if defined(__wasm__)
#define RELULAB_TILE_KERNEL __attribute__((noinline))
#else
#define RELULAB_TILE_KERNEL inline
#endif

namespace relulab {

namespace {

namespace v4 {
#define RELULAB_LANES 4
#include "nn/simd_width.inc"
#if defined(__wasm_simd128__) || !defined(__AVX2__)
constexpr int widest_rows = max_fused_units;
#else
constexpr int widest_rows = lanes;  // wider nets take the wider vectors
#endif
#include "nn/fused_simd.inc"
}  // namespace v4

#if defined(__AVX2__) && !defined(__wasm_simd128__)
#define RELULAB_FUSED_V8 1
namespace v8 {
#define RELULAB_LANES 8
#include "nn/simd_width.inc"
#if defined(__AVX512F__)
constexpr int widest_rows = lanes;
#else
constexpr int widest_rows = max_fused_units;
#endif
#include "nn/fused_simd.inc"
}  // namespace v8
#endif

#if defined(__AVX512F__) && !defined(__wasm_simd128__)
#define RELULAB_FUSED_V16 1
namespace v16 {
#define RELULAB_LANES 16
#include "nn/simd_width.inc"
constexpr int widest_rows = max_fused_units;
#include "nn/fused_simd.inc"
}  // namespace v16
#endif

}  // namespace

bool fused_step_covers(const Network& net) {
  const int H = net.hidden_count();
  if (H < 1) return false;
  for (int l = 0; l < H; ++l)
    if (net.layers[l].out() < 1 || net.layers[l].out() > max_fused_units) return false;
  const int classes = net.layers[H].out();
  return classes >= 1 && classes <= max_classes;
}

// Measured (bench/ and the same nets with other widths, batch 1024, M samples/s, fused against
// layer by layer): AVX-512 2-16-16-1 ReLU 64 / 29, 2-32-32-1 16 / 11 (batch 256), 2-64-64-64-1
// 2.4 / 1.3, 2-8-8-1 84 / 80, but 2-4-4-1 84 / 129: layers of at most 4 units fill a sample-major
// vector poorly, and the layer-by-layer pass vectorises them over samples instead. SIMD128 under
// node 20: 2-16-16-1 ReLU 13.2 / 11.8, tanh even, 2-64-64-64-1 0.58 / 0.68. Build with
// -DRELULAB_FUSED_EVERYWHERE to prefer the fused pass for every net it covers (to measure it).
bool fused_step_preferred(const Network& net) {
  if (!fused_step_covers(net)) return false;
#if defined(RELULAB_FUSED_EVERYWHERE)
  return true;
#else
  int widest = 0;
  for (int l = 0; l < net.hidden_count(); ++l) widest = std::max(widest, net.layers[l].out());
#if RELULAB_FUSED_V8
  return widest > 4;
#else
  return widest > 4 && widest <= 16;
#endif
#endif
}

double fused_loss_gradients(const Network& net, const MatrixR& X, const float* y, const int* idx,
                            int n, float activation_l1, Gradients& g) {
  const FlushSubnormals flush;  // kernels.h: a trained net's dL/dz underflows
  int widest = 0;
  for (int l = 0; l < net.hidden_count(); ++l) widest = std::max(widest, net.layers[l].out());
#if RELULAB_FUSED_V16
  if (widest > 8) {
    thread_local v16::Scratch scratch;
    return v16::run(scratch, net, X, y, idx, n, activation_l1, g, widest);
  }
#endif
#if RELULAB_FUSED_V8
  if (widest > 4) {
    thread_local v8::Scratch scratch;
    return v8::run(scratch, net, X, y, idx, n, activation_l1, g, widest);
  }
#endif
  thread_local v4::Scratch scratch;
  return v4::run(scratch, net, X, y, idx, n, activation_l1, g, widest);
}

}  // namespace relulab
