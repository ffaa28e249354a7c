// grid_sweep.cpp: a piecewise-linear network over a grid, one scanline at a time, as affine pieces.
//
// Along a grid row x2 is fixed and x1 = x0 + (t + 1/2) dx is affine in the column t, and so are the
// features x1 x2, x2^2 and sin x2 (constant). So each first-layer pre-activation is z(t) = c + e t:
// its unit is on (s_in z > 0) on one side of t* = -c/e and off on the other, and the row's integer
// columns split at the crossings into runs with a fixed first-layer pattern. Inside a run every
// first-layer unit outputs gain * z(t) (gain s_out s_in when on; s_out lo s_in when off, lo = 0 for
// the ReLU family, 0.01 leaky, the unit's slope for PReLU), again affine in t, so the second layer's
// pre-activations are c' + e' t with (c', e') = (b, 0) + W diag(gain) (c, e), and the run splits
// again, recursively through the layers. A leaf is a run of cells with the whole activation pattern
// fixed, where the output is C + E t; the cells are filled from it. Moving to the next run only the
// units that flip change gain, so (c', e') is updated by their columns of W (a rank-one update per
// flip) instead of being recomputed. With x1^2 or sin x1 among the features the sweep runs down the
// columns instead (x2 varies, x1 fixed).
//
// Cost: per run of layer l, one vector pass over layer l's units (their state at both ends of the
// run) and one product with the next layer's weights; per flip a rank-one update; per cell one
// multiply-add and the output link. A trained 2-16-16-1 ReLU net has about 10 first-layer runs and
// 22 leaves per 256-cell row, where the dense pass does 256 forward passes.
//
// Arithmetic is in double, so the sweep is at least as accurate as the dense float pass; where the
// two differ in a cell's pattern, some unit's pre-activation there is within float rounding of 0.
// "On" is decided by evaluating c + e t > 0, the same expression everywhere, which is monotone in t
// (rounding is), so each unit flips at most once per run, and the search for the flip is bounded
// to the run whatever the rounding. The sweep is used only when
// grid_sweep_axis() has checked that every parameter is finite and, by interval arithmetic over the
// domain, that no pre-activation can exceed 1e30 in magnitude, so no infinity or NaN can arise.
// Reference for the region structure: Hanin & Rolnick 2019, "Deep ReLU networks have surprisingly
// few activation patterns" (regions along a line grow about linearly with the number of units).
#include "instruments/grid_sweep.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "nn/kernels.h"

namespace relulab {

namespace {

constexpr double safe_magnitude = 1e30;  // pre-activations stay well inside the float range

bool feature_on(unsigned features, Feature f) { return (features >> static_cast<int>(f)) & 1u; }

bool finite_all(const float* p, long n) {
  for (long i = 0; i < n; ++i)
    if (!std::isfinite(p[i])) return false;
  return true;
}

// A bound on |z| of every unit over the domain, layer by layer: |z_i| <= |b_i| + sum_j |W_ij| m_j,
// where m_j bounds the input j (features from |x| <= the domain's largest coordinate) and then
// |phi(z)| <= max(1, |lo|) |z| for the piecewise-linear units.
bool preactivations_bounded(const Network& net, const GridSpec& g) {
  const double m = std::max({std::fabs(double(g.x0)), std::fabs(double(g.x1)),
                             std::fabs(double(g.y0)), std::fabs(double(g.y1))});
  std::vector<double> bound, next;
  for (int f = 0; f < feature_count; ++f) {
    if (!feature_on(net.spec.features, static_cast<Feature>(f))) continue;
    switch (static_cast<Feature>(f)) {
      case Feature::x1:
      case Feature::x2: bound.push_back(m); break;
      case Feature::sin_x1:
      case Feature::sin_x2: bound.push_back(1); break;
      default: bound.push_back(m * m); break;
    }
  }
  for (size_t l = 0; l < net.layers.size(); ++l) {
    const Layer& L = net.layers[l];
    if (L.in() != static_cast<int>(bound.size())) return false;
    next.assign(L.out(), 0.0);
    for (int i = 0; i < L.out(); ++i) {
      double s = std::fabs(double(L.b(i)));
      for (int j = 0; j < L.in(); ++j) s += std::fabs(double(L.W(i, j))) * bound[j];
      if (!(s < safe_magnitude)) return false;
      double gain = 1;
      if (L.activation == Activation::prelu && L.slope.size() == L.out())
        gain = std::max(1.0, std::fabs(double(L.slope(i))));
      next[i] = s * gain;
    }
    bound.swap(next);
  }
  return true;
}

// Four doubles per vector (two SIMD128 registers in wasm, one AVX2 register natively): the pass
// over a layer's units at the start of each run is branch-free and vectorised.
typedef double v4d __attribute__((vector_size(32)));
typedef std::int64_t v4i __attribute__((vector_size(32)));
constexpr int dl = 4;
inline v4d load4(const double* p) {
  v4d v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
inline v4i load4(const std::int64_t* p) {
  v4i v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
inline void store4(double* p, v4d v) { std::memcpy(p, &v, sizeof v); }
inline void store4(std::int64_t* p, v4i v) { std::memcpy(p, &v, sizeof v); }
inline double sum4(v4d v) { return (v[0] + v[1]) + (v[2] + v[3]); }
inline int padded(int n) { return (n + dl - 1) / dl * dl; }

// One hidden or output layer in double. A hidden unit's row of W and its bias are multiplied by
// its s_in (exact: s_in = +-1), so the pre-activation tracked is u = s_in z, the unit is on when
// u > 0, and it outputs gain * u with gain s_out when on and s_out lo when off. Per-unit arrays are
// padded to a multiple of dl with units that are off with gain 0 and never flip.
struct SweepLayer {
  int in = 0, out = 0, in_padded = 0;
  std::vector<double> wt;  // (in, out): wt[j * out + i] = s_in(i) W(i, j), a unit's outgoing column
  std::vector<double> rows;  // (out, in_padded): rows[i * in_padded + j] = s_in(i) W(i, j)
  std::vector<double> b;     // (out): s_in(i) b(i)
  std::vector<double> gain_on, gain_off;  // hidden layers, per unit (padded)
  std::vector<std::int64_t> always;       // -1 for linear units (on everywhere), else 0 (padded)
};

struct Event {
  int t, unit;  // the unit's state flips at column t
};

// pred(t) = u(t) > 0 with u(t) = c + e t, written once so every test of a unit evaluates it alike
// (the vector pass in Sweeper::run evaluates the same expression lane by lane).
inline bool above(double c, double e, double t) { return c + e * t > 0; }

// The first t in (a, b) where pred(t) differs from pred(a) = on_a, given that pred(b - 1) does
// (b - a >= 2). pred is monotone in t (rounding is), so it flips once; the estimate -c/e is refined
// by evaluating pred itself, with the search bounded to (a, b).
int flip_point(double c, double e, int a, int b, bool on_a) {
  const double estimate = std::floor(-c / e) + 1;
  int t = !(estimate > a + 1) ? a + 1 : estimate >= b - 1 ? b - 1 : static_cast<int>(estimate);
  while (t > a + 1 && above(c, e, t - 1) != on_a) --t;
  while (t < b - 1 && above(c, e, t) == on_a) ++t;
  return t;
}

class Sweeper {
 public:
  enum class Sink { output, unit_value, unit_mask, pattern_cells, pattern_runs };

  Sweeper(const Network& net, Sink sink, int layer, int unit)
      : sink_(sink), output_(net.spec.output), unit_(unit) {
    const int count = static_cast<int>(net.layers.size());
    hidden_ = count - 1;
    layers_.resize(count);
    c_.resize(count);
    e_.resize(count);
    gain_.resize(count);
    gc_.resize(count);
    ge_.resize(count);
    on_.resize(count);
    events_.resize(count);
    first_bit_.resize(count);
    int bits = 0, widest = 0;
    for (int l = 0; l < count; ++l) {
      const Layer& L = net.layers[l];
      SweepLayer& S = layers_[l];
      S.in = L.in();
      S.out = L.out();
      S.in_padded = padded(S.in);
      const int out_padded = padded(S.out);
      widest = std::max(widest, out_padded);
      const bool hidden = l < hidden_;
      const bool family = is_relu_family(L.activation);
      const ReluSigns sg = relu_signs(L.activation);
      std::vector<double> s_in(S.out, hidden && family ? sg.in : 1.0);
      S.wt.resize(static_cast<size_t>(S.in) * S.out);
      S.rows.assign(static_cast<size_t>(S.out) * S.in_padded, 0.0);
      for (int i = 0; i < S.out; ++i)
        for (int j = 0; j < S.in; ++j) {
          const double w = s_in[i] * L.W(i, j);
          S.wt[static_cast<size_t>(j) * S.out + i] = w;
          S.rows[static_cast<size_t>(i) * S.in_padded + j] = w;
        }
      for (int i = 0; i < S.out; ++i) S.b.push_back(s_in[i] * L.b(i));
      for (auto* v : {&c_[l], &e_[l], &gain_[l], &gc_[l], &ge_[l]}) v->assign(out_padded, 0.0);
      on_[l].assign(out_padded, 0);
      events_[l].resize(out_padded);
      first_bit_[l] = bits;
      if (!hidden) continue;
      bits += S.out;
      const double s_out = family ? sg.out : 1;
      S.gain_on.assign(out_padded, 0.0);
      S.gain_off.assign(out_padded, 0.0);
      S.always.assign(out_padded, 0);
      for (int i = 0; i < S.out; ++i) {
        const double lo = family                                   ? 0.0
                          : L.activation == Activation::leaky_relu ? double(leaky_slope)
                          : L.activation == Activation::prelu
                              ? double(L.slope.size() ? L.slope(i) : prelu_init_slope)
                              : 1.0;
        S.gain_on[i] = s_out;
        S.gain_off[i] = s_out * lo;
        S.always[i] = L.activation == Activation::linear ? -1 : 0;
      }
    }
    active_c_.resize(widest);
    active_e_.resize(widest);
    active_j_.resize(widest);
    words_.assign((bits + 63) / 64, 0);
    track_pattern_ = sink == Sink::pattern_cells || sink == Sink::pattern_runs;
    // The sigmoid of |z| > 80 is 1 or below 2e-35: clamped there, the link's exp stays clear of
    // subnormal floats, which x86 computes some hundred times slower (a trained net's output is
    // far beyond 87 in the corners of the plot, where e^-z underflows).
    if (output_ == Output::sigmoid_bce) {
      link_lo_ = -80;
      link_hi_ = 80;
    }
    stop_ = sink == Sink::unit_value || sink == Sink::unit_mask ? layer : hidden_;
  }

  // Sweeps one line of n cells whose inputs are features(t) = f0 + f1 t, into `values` or
  // `pattern` (n entries, contiguous) or onto `runs`.
  void line(const std::vector<double>& f0, const std::vector<double>& f1, int n, float* values,
            std::uint64_t* pattern, std::vector<std::uint64_t>* runs) {
    values_ = values;
    pattern_ = pattern;
    runs_ = runs;
    const SweepLayer& F = layers_[0];
    double* c = c_[0].data();
    double* e = e_[0].data();
    std::copy(F.b.begin(), F.b.end(), c);
    std::fill(e, e + F.out, 0.0);
    for (int j = 0; j < F.in; ++j) {
      const double* w = &F.wt[static_cast<size_t>(j) * F.out];
      for (int i = 0; i < F.out; ++i) {
        c[i] += w[i] * f0[j];
        e[i] += w[i] * f1[j];
      }
    }
    run(0, 0, n);
  }

 private:
  // c_[l], e_[l] hold layer l's u = c + e t, valid on the columns [a, b).
  void run(int l, int a, int b) {
    if (l == stop_) {
      leaf(a, b);
      return;
    }
    const SweepLayer& L = layers_[l];
    const int units = padded(L.out);
    const double* c = c_[l].data();
    const double* e = e_[l].data();
    double* gain = gain_[l].data();
    double* gc = gc_[l].data();
    double* ge = ge_[l].data();
    std::int64_t* on = on_[l].data();
    // One vector pass over the units: the state at the run's first and last column, the gain the
    // first gives and gain * (c, e) for the next layer's product; the units whose two states differ
    // flip inside the run (few) and are listed.
    Event* events = events_[l].data();
    int flips = 0;
    const double ta = a, tb = b - 1;
    v4i live_lanes = {0, 0, 0, 0};  // -1 per unit with a non-zero gain (padding has gain 0)
    for (int j = 0; j < units; j += dl) {
      const v4d cj = load4(c + j), ej = load4(e + j);
      const v4i always = load4(L.always.data() + j);
      const v4i first = (cj + ej * ta > 0) | always;
      const v4i last = (cj + ej * tb > 0) | always;
      const v4i g_on = reinterpret_cast<v4i>(load4(L.gain_on.data() + j));
      const v4i g_off = reinterpret_cast<v4i>(load4(L.gain_off.data() + j));
      const v4d g = reinterpret_cast<v4d>((g_on & first) | (g_off & ~first));
      store4(on + j, first);
      store4(gain + j, g);
      live_lanes += g != 0.0;
      store4(gc + j, g * cj);
      store4(ge + j, g * ej);
      const v4i flip = first ^ last;
      if ((flip[0] | flip[1] | flip[2] | flip[3]) != 0)
        for (int k = 0; k < dl; ++k)
          if (flip[k]) events[flips++].unit = j + k;
    }
    // where they flip, sorted by column (insertion: few)
    for (int k = 0; k < flips; ++k) {
      const int j = events[k].unit;
      const Event ev{flip_point(c[j], e[j], a, b, on[j] != 0), j};
      int q = k;
      for (; q > 0 && events[q - 1].t > ev.t; --q) events[q] = events[q - 1];
      events[q] = ev;
    }
    if (track_pattern_)
      for (int j = 0; j < L.out; ++j) set_bit(l, j, on[j] != 0);
    // the next layer's (c, e) = (b, 0) + W diag(gain) (c, e)
    const SweepLayer& N = layers_[l + 1];
    double* cn = c_[l + 1].data();
    double* en = e_[l + 1].data();
    affine_layer(N, units, gc, ge, cn, en);
    // Units of layer l with a non-zero output. When the last one switches off, the next layer's
    // pre-activations are exactly its biases, as in the dense pass (all inputs exact zeros); the
    // rank-one updates would leave rounding residue there, and its sign would decide the pattern of
    // a whole sector (zero-bias nets at init have such sectors).
    int live = -static_cast<int>(live_lanes[0] + live_lanes[1] + live_lanes[2] + live_lanes[3]);
    int start = a;
    for (int k = 0; k < flips;) {
      const int t = events[k].t;
      run(l + 1, start, t);
      for (; k < flips && events[k].t == t; ++k) {
        const int j = events[k].unit;
        on[j] = on[j] ? 0 : -1;
        const double next = on[j] ? L.gain_on[j] : L.gain_off[j], change = next - gain[j];
        live += (next != 0) - (gain[j] != 0);
        gain[j] = next;
        if (track_pattern_) set_bit(l, j, on[j] != 0);
        if (change != 0) add_column(N, j, change * c[j], change * e[j], cn, en);
      }
      if (live == 0) {
        std::copy(N.b.begin(), N.b.end(), cn);
        std::fill(en, en + N.out, 0.0);
      }
      start = t;
    }
    run(l + 1, start, b);
  }

  // (cn, en) = (b, 0) + W (gc, ge), W the next layer's weights, (gc, ge) over `units` (padded).
  // A narrow layer (the output) takes dot products along its rows; a wide one skips the columns
  // with gain 0 (half of a ReLU layer's) and keeps blocks of 8 outputs in registers while the
  // remaining columns stream by.
  void affine_layer(const SweepLayer& N, int units, const double* gc, const double* ge, double* cn,
                    double* en) {
    const int out = N.out;
    if (out < 8) {
      for (int i = 0; i < out; ++i) {
        const double* w = &N.rows[static_cast<size_t>(i) * N.in_padded];
        v4d ac = {0, 0, 0, 0}, ae = {0, 0, 0, 0};
        for (int j = 0; j < units; j += dl) {
          const v4d wj = load4(w + j);
          ac += wj * load4(gc + j);
          ae += wj * load4(ge + j);
        }
        cn[i] = N.b[i] + sum4(ac);
        en[i] = sum4(ae);
      }
      return;
    }
    int active = 0;
    for (int j = 0; j < units; ++j) {  // compaction without branches: the gains are data
      active_c_[active] = gc[j];
      active_e_[active] = ge[j];
      active_j_[active] = j;
      active += gc[j] != 0 || ge[j] != 0;
    }
    constexpr int block = 8;
    int i0 = 0;
    for (; i0 + block <= out; i0 += block) {
      double ac[block], ae[block];
      for (int k = 0; k < block; ++k) {
        ac[k] = N.b[i0 + k];
        ae[k] = 0;
      }
      for (int q = 0; q < active; ++q) {
        const double* w = &N.wt[static_cast<size_t>(active_j_[q]) * out + i0];
        const double c = active_c_[q], e = active_e_[q];
        for (int k = 0; k < block; ++k) {
          ac[k] += w[k] * c;
          ae[k] += w[k] * e;
        }
      }
      for (int k = 0; k < block; ++k) {
        cn[i0 + k] = ac[k];
        en[i0 + k] = ae[k];
      }
    }
    for (int i = i0; i < out; ++i) {
      double ac = N.b[i], ae = 0;
      for (int q = 0; q < active; ++q) {
        const double w = N.wt[static_cast<size_t>(active_j_[q]) * out + i];
        ac += w * active_c_[q];
        ae += w * active_e_[q];
      }
      cn[i] = ac;
      en[i] = ae;
    }
  }

  // (cn, en) += column j of the next layer's W times (cj, ej).
  static void add_column(const SweepLayer& N, int j, double cj, double ej, double* cn, double* en) {
    const double* w = &N.wt[static_cast<size_t>(j) * N.out];
    for (int i = 0; i < N.out; ++i) {
      cn[i] += w[i] * cj;
      en[i] += w[i] * ej;
    }
  }

  void set_bit(int l, int j, bool on) {
    const int k = first_bit_[l] + j;
    const std::uint64_t mask = 1ull << (k & 63);
    if (on)
      words_[k >> 6] |= mask;
    else
      words_[k >> 6] &= ~mask;
  }

  // Columns [a, b) share one activation pattern (of the layers below stop_).
  void leaf(int a, int b) {
    const double* c = c_[stop_].data();
    const double* e = e_[stop_].data();
    switch (sink_) {
      case Sink::output:
        if (output_ == Output::softmax_ce) {
          const int classes = layers_[stop_].out;
          for (int t = a; t < b; ++t) {
            int best = 0;
            float best_z = static_cast<float>(c[0] + e[0] * t);
            for (int k = 1; k < classes; ++k) {
              const float z = static_cast<float>(c[k] + e[k] * t);
              if (z > best_z) {
                best = k;
                best_z = z;
              }
            }
            values_[t] = static_cast<float>(best);
          }
        } else {
          // z(a + k) = z(a) + e k in float: both terms are rounded once, an error of a few ulps of
          // the values themselves (no extrapolation from t = 0), and the loop vectorises
          const float za = static_cast<float>(c[0] + e[0] * a), ef = static_cast<float>(e[0]);
          float* v = values_ + a;
          const int len = b - a;
          const float lo = link_lo_, hi = link_hi_;
          for (int k = 0; k < len; ++k)
            v[k] = std::min(std::max(za + ef * static_cast<float>(k), lo), hi);
        }
        break;
      case Sink::unit_value:
      case Sink::unit_mask: {
        const double cu = c[unit_], eu = e[unit_];
        if (stop_ == hidden_) {  // the output layer: linear, always active
          for (int t = a; t < b; ++t)
            values_[t] = sink_ == Sink::unit_mask ? 1.0f : static_cast<float>(cu + eu * t);
          break;
        }
        const SweepLayer& L = layers_[stop_];
        const bool always = L.always[unit_] != 0;
        const bool on_a = always || above(cu, eu, a);
        const bool flips = !always && b - a >= 2 && above(cu, eu, b - 1) != on_a;
        const int flip = flips ? flip_point(cu, eu, a, b, on_a) : b;
        for (int t = a; t < b; ++t) {
          const bool on = (t < flip) == on_a;
          values_[t] =
              sink_ == Sink::unit_mask
                  ? (on ? 1.0f : 0.0f)
                  : static_cast<float>((on ? L.gain_on[unit_] : L.gain_off[unit_]) * (cu + eu * t));
        }
        break;
      }
      case Sink::pattern_cells:
      case Sink::pattern_runs: {
        std::uint64_t h = pattern_hash_seed;
        for (std::uint64_t w : words_) h = fold_pattern_word(h, w);
        if (sink_ == Sink::pattern_runs)
          runs_->push_back(h);
        else
          std::fill(pattern_ + a, pattern_ + b, h);
        break;
      }
    }
  }

  Sink sink_;
  Output output_;
  int unit_ = 0, hidden_ = 0, stop_ = 0;
  bool track_pattern_ = false;
  float link_lo_ = -std::numeric_limits<float>::infinity();  // output clamp before the link
  float link_hi_ = std::numeric_limits<float>::infinity();
  std::vector<SweepLayer> layers_;
  // per layer (padded): u = c + e t, the unit's gain now, gain * (c, e) at the run's start, and
  // whether it is on now (-1) or off (0)
  std::vector<std::vector<double>> c_, e_, gain_, gc_, ge_;
  std::vector<std::vector<std::int64_t>> on_;
  std::vector<std::vector<Event>> events_;   // per layer: flips in the current run
  std::vector<int> first_bit_;               // per layer: pattern bit of its unit 0
  std::vector<double> active_c_, active_e_;  // scratch: gain * (c, e) of units with gain != 0
  std::vector<int> active_j_;
  std::vector<std::uint64_t> words_;  // the activation pattern, 64 units a word
  float* values_ = nullptr;
  std::uint64_t* pattern_ = nullptr;
  std::vector<std::uint64_t>* runs_ = nullptr;
};

// Calls f(line, n, f0, f1, first_cell, stride) per line: features(t) = f0 + f1 t for the cells
// first_cell + t * stride, t in [0, n). The fixed coordinate is computed in float exactly as the
// dense path computes it; the varying one in double from the float step.
template <class F>
void for_each_line(const Network& net, const GridSpec& g, GridSweep axis, F&& f) {
  const float dx = (g.x1 - g.x0) / g.width, dy = (g.y1 - g.y0) / g.height;
  const bool rows = axis == GridSweep::rows;
  const int lines = rows ? g.height : g.width, n = rows ? g.width : g.height;
  std::vector<double> f0, f1;
  for (int i = 0; i < lines; ++i) {
    // the fixed coordinate, and the varying one as v0 + v1 t
    const float fixed = rows ? g.y1 - (i + 0.5f) * dy : g.x0 + (i + 0.5f) * dx;
    const double v0 = rows ? g.x0 + 0.5 * dx : g.y1 - 0.5 * dy, v1 = rows ? dx : -double(dy);
    f0.clear();
    f1.clear();
    for (int k = 0; k < feature_count; ++k) {
      const Feature feat = static_cast<Feature>(k);
      if (!feature_on(net.spec.features, feat)) continue;
      // varying: x1 along rows, x2 along columns
      const bool is_x1 = feat == Feature::x1, is_x2 = feat == Feature::x2;
      if ((is_x1 && rows) || (is_x2 && !rows)) {
        f0.push_back(v0);
        f1.push_back(v1);
      } else if (is_x1 || is_x2) {
        f0.push_back(fixed);
        f1.push_back(0);
      } else if (feat == Feature::x1_x2) {
        f0.push_back(v0 * fixed);
        f1.push_back(v1 * fixed);
      } else if (feat == Feature::x1_sq || feat == Feature::x2_sq) {  // of the fixed coordinate
        f0.push_back(fixed * fixed);
        f1.push_back(0);
      } else {  // sin of the fixed coordinate
        f0.push_back(std::sin(fixed));
        f1.push_back(0);
      }
    }
    const long first = rows ? static_cast<long>(i) * g.width : i;
    f(f0, f1, n, first, rows ? 1 : g.width);
  }
}

}  // namespace

GridSweep grid_sweep_axis(const Network& net, const GridSpec& g) {
  if (net.layers.empty() || !grid_spec_error(g).empty()) return GridSweep::none;
  for (int l = 0; l < net.hidden_count(); ++l)
    if (!activation_info(net.layers[l].activation).piecewise_linear) return GridSweep::none;
  for (const Layer& L : net.layers) {
    if (L.b.size() != L.out()) return GridSweep::none;
    if (!finite_all(L.W.data(), L.W.size()) || !finite_all(L.b.data(), L.b.size()) ||
        !finite_all(L.slope.data(), L.slope.size()))
      return GridSweep::none;
  }
  if (!preactivations_bounded(net, g)) return GridSweep::none;
  const unsigned f = net.spec.features;
  if (!feature_on(f, Feature::x1_sq) && !feature_on(f, Feature::sin_x1)) return GridSweep::rows;
  if (!feature_on(f, Feature::x2_sq) && !feature_on(f, Feature::sin_x2)) return GridSweep::columns;
  return GridSweep::none;
}

void sweep_field(const Network& net, const GridSpec& g, GridSweep axis, GridField field, int layer,
                 int unit, float* values) {
  const Sweeper::Sink sink = field == GridField::output       ? Sweeper::Sink::output
                             : field == GridField::unit_value ? Sweeper::Sink::unit_value
                                                              : Sweeper::Sink::unit_mask;
  Sweeper sweeper(net, sink, layer, unit);
  std::vector<float> buffer;
  const Output output = net.spec.output;
  for_each_line(net, g, axis,
                [&](const std::vector<double>& f0, const std::vector<double>& f1, int n, long first,
                    int stride) {
                  float* line = values + first;
                  if (stride != 1) {
                    buffer.resize(n);
                    line = buffer.data();
                  }
                  sweeper.line(f0, f1, n, line, nullptr, nullptr);
                  if (stride != 1)
                    for (int t = 0; t < n; ++t)
                      values[first + static_cast<long>(t) * stride] = line[t];
                });
  if (field == GridField::output) {  // the link, in one vectorised pass over the grid
    const int cells = g.width * g.height;
    if (output == Output::tanh_mse) tanh_n(values, values, cells);
    if (output == Output::sigmoid_bce) sigmoid_n(values, values, cells);
  }
}

void sweep_patterns(const Network& net, const GridSpec& g, GridSweep axis, std::uint64_t* pattern,
                    std::vector<std::uint64_t>* runs) {
  Sweeper sweeper(net, pattern ? Sweeper::Sink::pattern_cells : Sweeper::Sink::pattern_runs, 0, 0);
  std::vector<std::uint64_t> buffer;
  for_each_line(net, g, axis,
                [&](const std::vector<double>& f0, const std::vector<double>& f1, int n, long first,
                    int stride) {
                  if (!pattern) {
                    sweeper.line(f0, f1, n, nullptr, nullptr, runs);
                    return;
                  }
                  std::uint64_t* line = pattern + first;
                  if (stride != 1) {
                    buffer.resize(n);
                    line = buffer.data();
                  }
                  sweeper.line(f0, f1, n, nullptr, line, nullptr);
                  if (stride != 1)
                    for (int t = 0; t < n; ++t)
                      pattern[first + static_cast<long>(t) * stride] = line[t];
                });
}

}  // namespace relulab
