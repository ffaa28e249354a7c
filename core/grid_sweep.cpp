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
// Arithmetic is in double, so the sweep is at least as accurate as the dense float pass; where the
// two differ in a cell's pattern, some unit's pre-activation there is within float rounding of 0.
// "On" is decided by evaluating fl(c + fl(e t)) > 0, which is monotone in t, so each unit flips at
// most once per run and the search for the flip always terminates. The sweep is used only when
// grid_sweep_axis() has checked that every parameter is finite and, by interval arithmetic over the
// domain, that no pre-activation can exceed 1e30 in magnitude, so no infinity or NaN can arise.
// Reference for the region structure: Hanin & Rolnick 2019, "Deep ReLU networks have surprisingly
// few activation patterns" (regions along a line grow about linearly with the number of units).
#include "grid_sweep.h"

#include <algorithm>
#include <cmath>

#include "kernels.h"

// The sweep's consistency needs c + e t evaluated the same way everywhere: no contraction to FMA.
#if defined(__clang__)
#pragma clang fp contract(off)
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=off")
#endif

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

// One hidden or output layer in double, W transposed so that a unit's outgoing column is a row.
struct SweepLayer {
  int in = 0, out = 0;
  std::vector<double> wt;  // (in, out): wt[j * out + i] = W(i, j)
  std::vector<double> b;   // (out)
  // Per unit of a hidden layer: on when s_in z > 0 (always when `always`); output gain * z.
  std::vector<double> s_in, gain_on, gain_off;
  std::vector<char> always;
};

struct Event {
  int t, unit;  // the unit's state flips at column t
};

// Where pred(t) = (c + e t > 0) first differs from pred(a) = on_a on the integers [a, b); b if
// nowhere. pred is monotone in t (rounding is), so it flips at most once; checking the last point
// first skips the division for the common case of no flip.
int flip_point(double c, double e, int a, int b, bool on_a) {
  if (b - a < 2) return b;
  if ((c + e * (b - 1) > 0) == on_a) return b;
  const double estimate = std::floor(-c / e) + 1;
  int t = !(estimate > a + 1) ? a + 1 : estimate >= b - 1 ? b - 1 : static_cast<int>(estimate);
  while (t > a + 1 && (c + e * (t - 1) > 0) != on_a) --t;
  while (t < b - 1 && (c + e * t > 0) == on_a) ++t;
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
    events_.resize(count);
    first_bit_.resize(count);
    int bits = 0;
    for (int l = 0; l < count; ++l) {
      const Layer& L = net.layers[l];
      SweepLayer& S = layers_[l];
      S.in = L.in();
      S.out = L.out();
      S.wt.resize(static_cast<size_t>(S.in) * S.out);
      for (int i = 0; i < S.out; ++i)
        for (int j = 0; j < S.in; ++j) S.wt[static_cast<size_t>(j) * S.out + i] = L.W(i, j);
      S.b.assign(L.b.data(), L.b.data() + S.out);
      c_[l].resize(S.out);
      e_[l].resize(S.out);
      gain_[l].resize(S.out);
      first_bit_[l] = bits;
      if (l == hidden_) continue;
      bits += S.out;
      const ReluSigns sg = relu_signs(L.activation);
      const bool family = is_relu_family(L.activation);
      for (int i = 0; i < S.out; ++i) {
        const double s_in = family ? sg.in : 1, s_out = family ? sg.out : 1;
        const double lo = family                                  ? 0.0
                          : L.activation == Activation::leaky_relu ? double(leaky_slope)
                          : L.activation == Activation::prelu
                              ? double(L.slope.size() ? L.slope(i) : prelu_init_slope)
                              : 1.0;
        S.s_in.push_back(s_in);
        S.gain_on.push_back(s_out * s_in);
        S.gain_off.push_back(s_out * lo * s_in);
        S.always.push_back(L.activation == Activation::linear);
      }
    }
    words_.assign((bits + 63) / 64, 0);
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
  // c_[l], e_[l] hold layer l's pre-activations c + e t, valid on the columns [a, b).
  void run(int l, int a, int b) {
    if (l == stop_) {
      leaf(a, b);
      return;
    }
    const SweepLayer& L = layers_[l];
    const double* c = c_[l].data();
    const double* e = e_[l].data();
    double* gain = gain_[l].data();
    std::vector<Event>& events = events_[l];
    events.clear();
    for (int j = 0; j < L.out; ++j) {
      bool on = true;
      if (!L.always[j]) {
        const double cs = L.s_in[j] * c[j], es = L.s_in[j] * e[j];
        on = cs + es * a > 0;
        const int t = flip_point(cs, es, a, b, on);
        if (t < b) {
          // keep events sorted by column (few per run: insertion)
          Event ev{t, j};
          events.push_back(ev);
          size_t k = events.size() - 1;
          while (k > 0 && events[k - 1].t > t) {
            events[k] = events[k - 1];
            --k;
          }
          events[k] = ev;
        }
      }
      gain[j] = on ? L.gain_on[j] : L.gain_off[j];
      set_bit(l, j, on);
    }
    // next layer's (c, e) = (b, 0) + W diag(gain) (c, e)
    const SweepLayer& N = layers_[l + 1];
    double* cn = c_[l + 1].data();
    double* en = e_[l + 1].data();
    std::copy(N.b.begin(), N.b.end(), cn);
    std::fill(en, en + N.out, 0.0);
    for (int j = 0; j < L.out; ++j)
      if (gain[j] != 0) add_column(N, j, gain[j] * c[j], gain[j] * e[j], cn, en);
    int start = a;
    for (size_t k = 0; k < events.size();) {
      const int t = events[k].t;
      run(l + 1, start, t);
      for (; k < events.size() && events[k].t == t; ++k) {
        const int j = events[k].unit;
        const bool on = !bit(l, j);  // a unit flips at most once per run
        const double next = on ? L.gain_on[j] : L.gain_off[j], change = next - gain[j];
        gain[j] = next;
        set_bit(l, j, on);
        if (change != 0) add_column(N, j, change * c[j], change * e[j], cn, en);
      }
      start = t;
    }
    run(l + 1, start, b);
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
  bool bit(int l, int j) const {
    const int k = first_bit_[l] + j;
    return (words_[k >> 6] >> (k & 63)) & 1u;
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
          const double c0 = c[0], e0 = e[0];
          for (int t = a; t < b; ++t) values_[t] = static_cast<float>(c0 + e0 * t);
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
        const double s = L.s_in[unit_];
        const bool on_a = L.always[unit_] || s * cu + s * eu * a > 0;
        const int flip = L.always[unit_] ? b : flip_point(s * cu, s * eu, a, b, on_a);
        for (int t = a; t < b; ++t) {
          const bool on = (t < flip) == on_a;
          values_[t] = sink_ == Sink::unit_mask
                           ? (on ? 1.0f : 0.0f)
                           : static_cast<float>((on ? L.gain_on[unit_] : L.gain_off[unit_]) *
                                                (cu + eu * t));
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
  std::vector<SweepLayer> layers_;
  std::vector<std::vector<double>> c_, e_, gain_;  // per layer: pre-activation c + e t, unit gain
  std::vector<std::vector<Event>> events_;         // per layer: flips in the current run
  std::vector<int> first_bit_;                     // per layer: pattern bit of its unit 0
  std::vector<std::uint64_t> words_;               // the activation pattern, 64 units a word
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
  for_each_line(net, g, axis, [&](const std::vector<double>& f0, const std::vector<double>& f1,
                                  int n, long first, int stride) {
    float* line = values + first;
    if (stride != 1) {
      buffer.resize(n);
      line = buffer.data();
    }
    sweeper.line(f0, f1, n, line, nullptr, nullptr);
    if (field == GridField::output) {
      if (output == Output::tanh_mse) tanh_n(line, line, n);
      if (output == Output::sigmoid_bce) sigmoid_n(line, line, n);
    }
    if (stride != 1)
      for (int t = 0; t < n; ++t) values[first + static_cast<long>(t) * stride] = line[t];
  });
}

void sweep_patterns(const Network& net, const GridSpec& g, GridSweep axis, std::uint64_t* pattern,
                    std::vector<std::uint64_t>* runs) {
  Sweeper sweeper(net, pattern ? Sweeper::Sink::pattern_cells : Sweeper::Sink::pattern_runs, 0, 0);
  std::vector<std::uint64_t> buffer;
  for_each_line(net, g, axis, [&](const std::vector<double>& f0, const std::vector<double>& f1,
                                  int n, long first, int stride) {
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
      for (int t = 0; t < n; ++t) pattern[first + static_cast<long>(t) * stride] = line[t];
  });
}

}  // namespace relulab
