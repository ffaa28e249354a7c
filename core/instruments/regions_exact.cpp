// regions_exact.cpp: the exact partition into linear regions (regions_exact.h states the method,
// the definition counted and the tolerances).
//
// The refinement runs depth-first over an explicit stack of frames, one per hidden layer: frame l
// holds the pieces of one layer-(l-1) cell after layer l's cuts, the affine pre-activations of
// layer l on that cell, and which piece to descend into next. A piece's layer-l gains make the
// activations A = diag(gain) U (still affine) and layer l + 1's pre-activations U' = W A + b (3
// numbers per unit); the pieces of a cell share all gains but those of the few units crossing it,
// so U' is composed once per cell and each piece adds a rank-one term per crossing unit (Frame).
// The piece is then cut by layer l + 1's lines; a piece of the last layer is emitted as a polygon
// with its pattern and output map. The stack is
// the whole state of the job, so it can stop after any piece and resume on the next frame, and
// memory is bounded by the output plus (depth x pieces of one cell).
//
// Arithmetic: weights are converted once to double and multiplied by each unit's s_in (exact), so
// the tracked pre-activation is u = s_in z and a unit is on exactly when u > 0 (relu(-x) is on for
// z < 0), as the grid sweep does (grid_sweep.cpp). An off ReLU unit has gain 0 and its column of
// the next layer's weights is skipped, which halves the work of a typical cell.
#include "instruments/regions_exact.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <sstream>

#include "instruments/grid_sweep.h"  // pattern_hash_seed, fold_pattern_word, splitmix64_mix: the grid's pattern hash
#include "nn/kernels.h"  // relu_signs
#include "nn/random.h"   // splitmix64_mix

namespace relulab {

namespace {

constexpr double max_magnitude = 1e290;  // pre-activation bound over the domain (interval arithmetic)
constexpr double max_coordinate = 1e6;

struct Vtx {
  double x, y;
  std::int16_t layer, unit;  // the line the outgoing edge lies on; -1, -1 for the domain boundary
};

// One layer in double, rows multiplied by s_in; weights stored by input column (in, out) so that
// composing is a sequence of axpy over the layer's units.
struct ExactLayer {
  int in = 0, out = 0;
  std::vector<double> wt, wt_abs;  // wt[j * out + i] = s_in(i) W(i, j)
  std::vector<double> b, b_abs;    // s_in(i) b(i)
  std::vector<double> gain_on, gain_off;
  std::vector<char> linear;        // never cuts, always on
};

// Pieces of polygons with their layer bits, flat.
struct PieceList {
  std::vector<Vtx> verts;
  std::vector<int> first{0};             // piece k: verts [first[k], first[k + 1])
  std::vector<std::uint64_t> bits;       // piece k: words [k * words, (k + 1) * words)
  int words = 1;
  int count() const { return static_cast<int>(first.size()) - 1; }
  void clear(int w) {
    verts.clear();
    first.assign(1, 0);
    bits.clear();
    words = w;
  }
  void push(const Vtx* v, int n, const std::uint64_t* b) {
    verts.insert(verts.end(), v, v + n);
    first.push_back(static_cast<int>(verts.size()));
    bits.insert(bits.end(), b, b + words);
  }
};

// One cell of hidden layer l - 1 cut by layer l's lines. Descending into a piece needs the next
// layer's pre-activations on it: every piece shares the cell's "base" (the units whose line misses
// the cell have one gain over it; a crossing unit is taken on its side of smaller |gain|, off for
// the ReLU family), so `next` holds the next layer's pre-activations with the base gains, and a
// piece adds one rank-one term per crossing unit on its other side: (gain - base gain) times that
// unit's column of the next layer's weights. Taking the smaller gain as base keeps the update free
// of cancellation (a PReLU slope of 1e30 would otherwise be added and subtracted again).
struct Frame {
  int layer = 0;
  std::vector<double> ux, uy, uc, us;  // u_i = ux x1 + uy x2 + uc on the parent cell; us: term scale
  PieceList pieces;
  std::vector<int> crossing;           // units whose line crosses the cell
  std::vector<char> base_on;           // [k]: crossing[k] is on in the base
  std::vector<double> nx, ny, nc, ns;  // next layer (or output) pre-activations with base gains
  int next = 0;
};

struct Splitter {
  PieceList a, b;
  std::vector<int> crossing;
  std::vector<double> val;
  std::vector<signed char> side;
  std::vector<Vtx> pos, neg;
  std::vector<std::uint64_t> bits, bits_on, base;
  std::vector<signed char> state;
};

inline void set_bit(std::uint64_t* w, int i) { w[i >> 6] |= 1ull << (i & 63); }
inline bool get_bit(const std::uint64_t* w, int i) { return (w[i >> 6] >> (i & 63)) & 1u; }

// Twice the signed area, relative to the first vertex (keeps the rounding relative to the
// polygon's own size).
double twice_area(const Vtx* v, int n) {
  double s = 0;
  for (int k = 1; k + 1 < n; ++k)
    s += (v[k].x - v[0].x) * (v[k + 1].y - v[0].y) - (v[k + 1].x - v[0].x) * (v[k].y - v[0].y);
  return s;
}

double diagonal_sq(const Vtx* v, int n) {
  double x0 = v[0].x, x1 = v[0].x, y0 = v[0].y, y1 = v[0].y;
  for (int k = 1; k < n; ++k) {
    x0 = std::min(x0, v[k].x);
    x1 = std::max(x1, v[k].x);
    y0 = std::min(y0, v[k].y);
    y1 = std::max(y1, v[k].y);
  }
  return (x1 - x0) * (x1 - x0) + (y1 - y0) * (y1 - y0);
}

// Cuts one piece by unit c's line u = a x + b y + c0 into `out`: one piece (the line misses it, or
// the cut would leave a sliver) or two, the u > 0 side with bit c set.
void cut_piece(const Vtx* v, int n, const std::uint64_t* bits, double a, double b, double c0,
               double tol, int layer, int unit, Splitter& s, PieceList& out) {
  s.val.resize(n);
  s.side.resize(n);
  bool pos = false, neg = false;
  double sum = 0;
  for (int k = 0; k < n; ++k) {
    const double u = a * v[k].x + b * v[k].y + c0;
    s.val[k] = u;
    s.side[k] = u > tol ? 1 : u < -tol ? -1 : 0;
    pos |= u > tol;
    neg |= u < -tol;
    sum += u;
  }
  s.bits.assign(bits, bits + out.words);
  if (!(pos && neg)) {
    if (pos || (!neg && sum > 0)) set_bit(s.bits.data(), unit);
    out.push(v, n, s.bits.data());
    return;
  }
  // Walk the edges: a vertex goes to the side(s) it is on, an edge crossing the line strictly adds
  // its crossing to both. An emitted point's outgoing edge follows the original edge while the
  // polygon stays on that side, and the cut line where it leaves.
  const std::int16_t cl = static_cast<std::int16_t>(layer), cu = static_cast<std::int16_t>(unit);
  auto walk = [&] {
    s.pos.clear();
    s.neg.clear();
    for (int k = 0; k < n; ++k) {
      const int kn = k + 1 == n ? 0 : k + 1;
      const int sk = s.side[k], sn = s.side[kn];
      const Vtx& p = v[k];
      if (sk >= 0) s.pos.push_back(sk > 0 || sn >= 0 ? p : Vtx{p.x, p.y, cl, cu});
      if (sk <= 0) s.neg.push_back(sk < 0 || sn <= 0 ? p : Vtx{p.x, p.y, cl, cu});
      if (sk * sn < 0) {
        const Vtx& q = v[kn];
        const double t = s.val[k] / (s.val[k] - s.val[kn]);
        const double x = p.x + t * (q.x - p.x), y = p.y + t * (q.y - p.y);
        s.pos.push_back(sk < 0 ? Vtx{x, y, p.layer, p.unit} : Vtx{x, y, cl, cu});
        s.neg.push_back(sk > 0 ? Vtx{x, y, p.layer, p.unit} : Vtx{x, y, cl, cu});
      }
    }
  };
  walk();
  int np = static_cast<int>(s.pos.size()), nn = static_cast<int>(s.neg.size());
  double ap = np >= 3 ? twice_area(s.pos.data(), np) : 0;
  double an = nn >= 3 ? twice_area(s.neg.data(), nn) : 0;
  // Vertices within the tolerance go to both pieces, which is a clean cut when they lie along the
  // line. When the tolerance band is wide compared with the cell (terms of 1e30 that cancel), two
  // of them may lie well apart across it and the pieces would overlap: then the cut is redone with
  // the plain sign of u, which splits the cell into two pieces that tile it.
  const double whole = twice_area(v, n);
  if (std::fabs(ap + an - whole) > 1e-9 * whole) {
    for (int k = 0; k < n; ++k) s.side[k] = s.val[k] > 0 ? 1 : s.val[k] < 0 ? -1 : 0;
    walk();
    np = static_cast<int>(s.pos.size());
    nn = static_cast<int>(s.neg.size());
    ap = np >= 3 ? twice_area(s.pos.data(), np) : 0;
    an = nn >= 3 ? twice_area(s.neg.data(), nn) : 0;
  }
  // A piece whose area is at the rounding noise of the cell's area is dropped (zero area). It is not
  // merged into the other piece: later cuts could then separate part of it with the wrong bit.
  const double floor_area = 2 * exact_area_tolerance * diagonal_sq(v, n);
  const bool keep_pos = ap > floor_area || (!(an > floor_area) && ap >= an);
  const bool keep_neg = an > floor_area || !keep_pos;
  if (keep_pos) {
    s.bits_on = s.bits;
    set_bit(s.bits_on.data(), unit);
    out.push(s.pos.data(), np, s.bits_on.data());
  }
  if (keep_neg) out.push(s.neg.data(), nn, s.bits.data());
}

// Cuts a cell by all of `layer`'s lines into `out`. Units whose line misses the cell get their bit
// from the cell's vertices once; only the crossing units are applied piece by piece (a unit that
// misses a cell misses its pieces).
void split_cell(const Vtx* poly, int n, Frame& f, const ExactLayer& L, int layer, Splitter& s) {
  const int words = (L.out + 63) / 64;
  s.base.assign(words, 0);
  std::uint64_t* base = s.base.data();
  s.crossing.clear();
  // First a test against the cell's bounding box, vectorised over units: over the box, u stays
  // within |ux| hx + |uy| hy of its value at the centre, so a unit whose centre value is farther
  // than that (plus the tolerance) from 0 cannot cross the cell. Only the others see the vertices.
  double x0 = poly[0].x, x1 = x0, y0 = poly[0].y, y1 = y0;
  for (int k = 1; k < n; ++k) {
    x0 = std::min(x0, poly[k].x);
    x1 = std::max(x1, poly[k].x);
    y0 = std::min(y0, poly[k].y);
    y1 = std::max(y1, poly[k].y);
  }
  const double cx = 0.5 * (x0 + x1), cy = 0.5 * (y0 + y1), hx = 0.5 * (x1 - x0), hy = 0.5 * (y1 - y0);
  s.state.resize(L.out);
  signed char* state = s.state.data();
  const double* ux = f.ux.data();
  const double* uy = f.uy.data();
  const double* uc = f.uc.data();
  const double* us = f.us.data();
  for (int i = 0; i < L.out; ++i) {
    const double c = ux[i] * cx + uy[i] * cy + uc[i];
    const double r = std::fabs(ux[i]) * hx + std::fabs(uy[i]) * hy + exact_side_tolerance * us[i];
    state[i] = c > r ? 1 : c < -r ? -1 : 0;
  }
  for (int i = 0; i < L.out; ++i) {
    if (L.linear[i] || state[i] > 0) {
      set_bit(base, i);
      continue;
    }
    if (state[i] < 0) continue;
    const double a = ux[i], b = uy[i], c = uc[i], tol = exact_side_tolerance * us[i];
    bool pos = false, neg = false;
    double sum = 0;
    for (int k = 0; k < n; ++k) {
      const double u = a * poly[k].x + b * poly[k].y + c;
      pos |= u > tol;
      neg |= u < -tol;
      sum += u;
    }
    if (pos && neg)
      s.crossing.push_back(i);
    else if (pos || (!neg && sum > 0))
      set_bit(base, i);
  }
  PieceList* cur = &s.a;
  PieceList* nxt = &s.b;
  cur->clear(words);
  cur->push(poly, n, base);
  for (int i : s.crossing) {
    nxt->clear(words);
    const double tol = exact_side_tolerance * f.us[i];
    for (int k = 0; k < cur->count(); ++k)
      cut_piece(cur->verts.data() + cur->first[k], cur->first[k + 1] - cur->first[k],
                cur->bits.data() + static_cast<size_t>(k) * words, f.ux[i], f.uy[i], f.uc[i], tol,
                layer, i, s, *nxt);
    std::swap(cur, nxt);
  }
  std::swap(f.pieces, *cur);
  f.crossing.assign(s.crossing.begin(), s.crossing.end());
}

// U = W A + b for affine A (coefficients of x1, x2, 1 per input) and its term scale.
void compose(const ExactLayer& L, const double* ax, const double* ay, const double* ac,
             const double* as, double* __restrict__ ux, double* __restrict__ uy,
             double* __restrict__ uc, double* __restrict__ us) {
  const int out = L.out;
  std::fill(ux, ux + out, 0.0);
  std::fill(uy, uy + out, 0.0);
  std::copy(L.b.begin(), L.b.end(), uc);
  std::copy(L.b_abs.begin(), L.b_abs.end(), us);
  for (int j = 0; j < L.in; ++j) {
    const double x = ax[j], y = ay[j], c = ac[j], s = as[j];
    if (s == 0 && x == 0 && y == 0 && c == 0) continue;  // an off unit contributes nothing
    const double* __restrict__ w = L.wt.data() + static_cast<size_t>(j) * out;
    const double* __restrict__ wa = L.wt_abs.data() + static_cast<size_t>(j) * out;
    for (int i = 0; i < out; ++i) {
      ux[i] += w[i] * x;
      uy[i] += w[i] * y;
      uc[i] += w[i] * c;
      us[i] += wa[i] * s;
    }
  }
}

bool feature_on(unsigned features, Feature f) { return (features >> static_cast<int>(f)) & 1u; }

std::uint64_t hash_words(const std::uint64_t* w, int words) {
  std::uint64_t h = pattern_hash_seed;
  for (int k = 0; k < words; ++k) h = fold_pattern_word(h, w[k]);
  return h;
}

// Pattern words of polygon q restricted to bits below `bits` into `out`.
void prefix_words(const Partition& p, int q, int bits, std::vector<std::uint64_t>& out) {
  out.assign(p.patterns.begin() + static_cast<long>(q) * p.words,
             p.patterns.begin() + static_cast<long>(q + 1) * p.words);
  for (int k = 0; k < p.words; ++k) {
    const int lo = k * 64;
    if (bits <= lo)
      out[k] = 0;
    else if (bits < lo + 64)
      out[k] &= (1ull << (bits - lo)) - 1;
  }
}

int layer_bits(const Partition& p, int layer) {
  if (layer < 0 || layer >= p.layers) return p.layer_first_bit.empty() ? 0 : p.layer_first_bit.back();
  return p.layer_first_bit[layer + 1];
}

}  // namespace

// ---- the job ---------------------------------------------------------------------------------------

struct PartitionWork {
  std::vector<ExactLayer> layers;  // the applied hidden layers, then the output layer when all are
  int applied = 0;
  bool full = false;
  long max_polygons = max_exact_polygons;
  std::vector<Frame> stack;  // [l]: pieces of one cell after hidden layer l's cuts
  int depth = 0;
  std::vector<std::vector<std::uint64_t>> layer_bits;  // [l]: bits of the piece descended into
  std::vector<std::uint64_t> pattern;  // the whole pattern of a polygon being emitted
  std::vector<double> ax, ay, ac, as;  // a cell's base activations (affine) and their scale
  std::vector<double> ox, oy, oc, os;  // a polygon's output map
  std::vector<long> cells;             // [l] pieces made by hidden layer l (cells after layer l)
  Splitter split;
  double area_done = 0;
};

namespace {

// Domain-wide bound of every |u| (interval arithmetic): the per-cell scales never exceed it.
bool bounded(const Network& net, const Rect& d, int applied) {
  const double mx = std::max(std::fabs(d.x0), std::fabs(d.x1));
  const double my = std::max(std::fabs(d.y0), std::fabs(d.y1));
  std::vector<double> bound, next;
  if (feature_on(net.spec.features, Feature::x1)) bound.push_back(mx);
  if (feature_on(net.spec.features, Feature::x2)) bound.push_back(my);
  const int last = applied == net.hidden_count() ? applied : applied - 1;  // layers used
  for (int l = 0; l <= last; ++l) {
    const Layer& L = net.layers[l];
    next.assign(L.out(), 0.0);
    for (int i = 0; i < L.out(); ++i) {
      double s = std::fabs(double(L.b(i)));
      for (int j = 0; j < L.in(); ++j) s += std::fabs(double(L.W(i, j))) * bound[j];
      if (!(s < max_magnitude)) return false;
      double gain = 1;
      if (L.activation == Activation::prelu && L.slope.size() == L.out())
        gain = std::max(1.0, std::fabs(double(L.slope(i))));
      next[i] = s * gain;
    }
    bound.swap(next);
  }
  return true;
}

ExactLayer convert(const Layer& L, bool hidden) {
  ExactLayer E;
  E.in = L.in();
  E.out = L.out();
  const bool family = hidden && is_relu_family(L.activation);
  const ReluSigns sg = relu_signs(L.activation);
  E.wt.resize(static_cast<size_t>(E.in) * E.out);
  E.wt_abs.resize(E.wt.size());
  E.b.resize(E.out);
  E.b_abs.resize(E.out);
  for (int i = 0; i < E.out; ++i) {
    const double s_in = family ? sg.in : 1.0;
    for (int j = 0; j < E.in; ++j) {
      const double w = s_in * double(L.W(i, j));
      E.wt[static_cast<size_t>(j) * E.out + i] = w;
      E.wt_abs[static_cast<size_t>(j) * E.out + i] = std::fabs(w);
    }
    E.b[i] = s_in * double(L.b(i));
    E.b_abs[i] = std::fabs(E.b[i]);
  }
  E.linear.assign(E.out, 0);
  if (!hidden) return E;
  E.gain_on.resize(E.out);
  E.gain_off.resize(E.out);
  for (int i = 0; i < E.out; ++i) {
    const double s_out = family ? sg.out : 1.0;
    const double lo = family ? 0.0
                      : L.activation == Activation::leaky_relu ? double(leaky_slope)
                      : L.activation == Activation::prelu
                          ? double(L.slope.size() == L.out() ? L.slope(i) : prelu_init_slope)
                          : 1.0;
    E.gain_on[i] = s_out;
    E.gain_off[i] = s_out * lo;
    E.linear[i] = L.activation == Activation::linear;
  }
  return E;
}

// Cuts `poly` by frame f's layer (f.u* already set) and prepares f's base for the next layer.
// Returns the work done (multiply-adds).
long fill_frame(PartitionWork& w, Frame& f, const Vtx* poly, int n) {
  const int l = f.layer;
  const ExactLayer& L = w.layers[l];
  split_cell(poly, n, f, L, l, w.split);
  f.next = 0;
  w.cells[l] += f.pieces.count();
  long work = static_cast<long>(L.out) * (n + 4) + static_cast<long>(f.pieces.verts.size()) * 4;
  if (l + 1 == w.applied && !w.full) return work;
  // Base gains: the bits decided for the whole cell, which every piece (piece 0 here) carries ...
  const double *__restrict__ ux = f.ux.data(), *__restrict__ uy = f.uy.data();
  const double *__restrict__ uc = f.uc.data(), *__restrict__ us = f.us.data();
  double *__restrict__ ax = w.ax.data(), *__restrict__ ay = w.ay.data();
  double *__restrict__ ac = w.ac.data(), *__restrict__ as = w.as.data();
  const std::uint64_t* bits = f.pieces.bits.data();
  for (int i = 0; i < L.out; ++i) {
    const double g = get_bit(bits, i) ? L.gain_on[i] : L.gain_off[i];
    ax[i] = g * ux[i];
    ay[i] = g * uy[i];
    ac[i] = g * uc[i];
    as[i] = std::fabs(g) * us[i];
  }
  f.base_on.resize(f.crossing.size());
  for (size_t k = 0; k < f.crossing.size(); ++k) {  // ... but crossing units take the small gain
    const int c = f.crossing[k];
    f.base_on[k] = std::fabs(L.gain_on[c]) <= std::fabs(L.gain_off[c]);
    const double g = f.base_on[k] ? L.gain_on[c] : L.gain_off[c];
    ax[c] = g * ux[c];
    ay[c] = g * uy[c];
    ac[c] = g * uc[c];
    as[c] = std::fabs(g) * us[c];
  }
  const ExactLayer& M = w.layers[l + 1];
  for (auto* v : {&f.nx, &f.ny, &f.nc, &f.ns}) v->resize(M.out);
  compose(M, ax, ay, ac, as, f.nx.data(), f.ny.data(), f.nc.data(), f.ns.data());
  return work + static_cast<long>(M.in) * M.out;
}

void fail(PartitionJob& job, const std::string& message) {
  job.result = Partition{};
  job.error = message;
  job.done = true;
  job.work.reset();
}

// Appends one polygon with the current pattern; false past the polygon limit.
bool emit(PartitionJob& job, const Vtx* v, int n) {
  PartitionWork& w = *job.work;
  Partition& P = job.result;
  const int q = P.polygons();
  if (q >= w.max_polygons) return false;
  for (int k = 0; k < n; ++k) {
    P.vx.push_back(v[k].x);
    P.vy.push_back(v[k].y);
    P.edge_layer.push_back(v[k].layer);
    P.edge_unit.push_back(v[k].unit);
  }
  P.first.push_back(static_cast<int>(P.vx.size()));
  // The layers' bits packed one after another (grid.h's order).
  std::fill(w.pattern.begin(), w.pattern.end(), 0);
  for (int l = 0; l < P.layers; ++l) {
    const int b0 = P.layer_first_bit[l];
    for (int i = 0; i < P.layer_units[l]; i += 64) {
      const int bit = b0 + i, n = std::min(64, P.layer_units[l] - i);
      std::uint64_t v = w.layer_bits[l][i >> 6];
      if (n < 64) v &= (1ull << n) - 1;
      w.pattern[bit >> 6] |= v << (bit & 63);
      if ((bit & 63) + n > 64) w.pattern[(bit >> 6) + 1] |= v >> (64 - (bit & 63));
    }
  }
  P.patterns.insert(P.patterns.end(), w.pattern.begin(), w.pattern.end());
  for (int k = 0; k < P.outputs; ++k)
    P.maps.insert(P.maps.end(), {w.ox[k], w.oy[k], w.oc[k]});
  const double a = 0.5 * twice_area(v, n);
  P.area.push_back(a);
  w.area_done += a;
  ++P.regions;  // one region per polygon: regions_exact.h says why their patterns are distinct
  return true;
}

void build_index(Partition& P) {
  const int n = P.polygons();
  P.index_side = std::max(1, std::min(512, static_cast<int>(std::sqrt(n / 2.0))));
  const int side = P.index_side;
  const double sx = side / (P.domain.x1 - P.domain.x0), sy = side / (P.domain.y1 - P.domain.y0);
  auto cell = [side](double t) { return std::max(0, std::min(side - 1, static_cast<int>(std::floor(t)))); };
  std::vector<int> box(static_cast<size_t>(n) * 4);
  P.index_first.assign(static_cast<size_t>(side) * side + 1, 0);
  for (int q = 0; q < n; ++q) {
    double x0 = P.vx[P.first[q]], x1 = x0, y0 = P.vy[P.first[q]], y1 = y0;
    for (int k = P.first[q]; k < P.first[q + 1]; ++k) {
      x0 = std::min(x0, P.vx[k]);
      x1 = std::max(x1, P.vx[k]);
      y0 = std::min(y0, P.vy[k]);
      y1 = std::max(y1, P.vy[k]);
    }
    int* b = &box[static_cast<size_t>(q) * 4];
    b[0] = cell((x0 - P.domain.x0) * sx);
    b[1] = cell((x1 - P.domain.x0) * sx);
    b[2] = cell((y0 - P.domain.y0) * sy);
    b[3] = cell((y1 - P.domain.y0) * sy);
    for (int by = b[2]; by <= b[3]; ++by)
      for (int bx = b[0]; bx <= b[1]; ++bx) ++P.index_first[by * side + bx + 1];
  }
  for (size_t k = 1; k < P.index_first.size(); ++k) P.index_first[k] += P.index_first[k - 1];
  P.index_items.resize(P.index_first.back());
  std::vector<int> fill(P.index_first.begin(), P.index_first.end() - 1);
  for (int q = 0; q < n; ++q) {
    const int* b = &box[static_cast<size_t>(q) * 4];
    for (int by = b[2]; by <= b[3]; ++by)
      for (int bx = b[0]; bx <= b[1]; ++bx) P.index_items[fill[by * side + bx]++] = q;
  }
}

void finish(PartitionJob& job) {
  Partition& P = job.result;
  P.regions_after_layer = job.work->cells;
  if (P.layers > 0) P.regions_after_layer.back() = P.regions;
  build_index(P);
  job.progress = 1;
  job.done = true;
  job.work.reset();
}

}  // namespace

std::string exact_regions_unsupported(const Network& net) {
  if (net.layers.empty()) return "the network has no layers";
  const unsigned features = net.spec.features;
  for (int f = 0; f < feature_count; ++f) {
    const Feature ff = static_cast<Feature>(f);
    if (feature_on(features, ff) && ff != Feature::x1 && ff != Feature::x2)
      return std::string("feature ") + feature_name(ff) +
             " is not affine in (x1, x2): the regions are not polygons";
  }
  const int inputs = (features & 1u) + ((features >> 1) & 1u);
  if (inputs == 0) return "the network has no input features";
  int expect = inputs;
  for (int l = 0; l < static_cast<int>(net.layers.size()); ++l) {
    const Layer& L = net.layers[l];
    const bool hidden = l < net.hidden_count();
    if (L.in() != expect || L.b.size() != L.out())
      return "layer " + std::to_string(l + 1) + " has inconsistent shapes";
    expect = L.out();
    if (hidden && !activation_info(L.activation).piecewise_linear)
      return "hidden layer " + std::to_string(l + 1) + " is " + activation_info(L.activation).name +
             ", a smooth activation: its regions are not polygons";
    const bool finite = L.W.allFinite() && L.b.allFinite() && L.slope.allFinite();
    if (!finite) return "a parameter of layer " + std::to_string(l + 1) + " is not finite";
  }
  return "";
}

std::string exact_domain_error(const Rect& d) {
  for (double v : {d.x0, d.x1, d.y0, d.y1})
    if (!std::isfinite(v) || std::fabs(v) > max_coordinate)
      return "domain coordinates must be finite and at most 1e6 in magnitude";
  if (!(d.x0 < d.x1) || !(d.y0 < d.y1)) return "domain must have x0 < x1 and y0 < y1";
  return "";
}

std::string start_partition(const Network& net, const ExactOptions& opt, PartitionJob* job) {
  *job = PartitionJob{};
  std::string err = exact_regions_unsupported(net);
  if (err.empty()) err = exact_domain_error(opt.domain);
  const int hidden = net.hidden_count();
  const int applied = opt.layers < 0 ? hidden : std::min(opt.layers, hidden);
  if (err.empty() && !bounded(net, opt.domain, applied))
    err = "pre-activations could exceed 1e290 over this domain (weights too large for the exact "
          "partition in double)";
  if (err.empty() && opt.max_polygons < 1) err = "the polygon limit must be at least 1";
  if (!err.empty()) {
    fail(*job, err);
    return err;
  }
  job->work = std::make_shared<PartitionWork>();
  PartitionWork& w = *job->work;
  Partition& P = job->result;
  w.applied = applied;
  w.full = applied == hidden;
  w.max_polygons = opt.max_polygons;
  for (int l = 0; l < applied; ++l) w.layers.push_back(convert(net.layers[l], true));
  if (w.full) w.layers.push_back(convert(net.layers.back(), false));
  P.domain = opt.domain;
  P.layers = applied;
  P.layer_first_bit.push_back(0);
  for (int l = 0; l < applied; ++l) {
    P.layer_units.push_back(net.layers[l].out());
    P.layer_first_bit.push_back(P.layer_first_bit.back() + net.layers[l].out());
  }
  P.words = (P.layer_first_bit.back() + 63) / 64;
  P.outputs = w.full ? net.layers.back().out() : 0;
  P.first.assign(1, 0);
  w.pattern.assign(P.words, 0);
  int widest = 2;
  for (const ExactLayer& L : w.layers) widest = std::max(widest, L.out);
  for (auto* v : {&w.ax, &w.ay, &w.ac, &w.as, &w.ox, &w.oy, &w.oc, &w.os}) v->assign(widest, 0.0);
  for (int l = 0; l < applied; ++l) w.layer_bits.emplace_back((net.layers[l].out() + 63) / 64, 0);

  // The inputs as affine functions of (x1, x2), with their magnitude over the domain as scale.
  const Rect& d = opt.domain;
  int inputs = 0;
  if (feature_on(net.spec.features, Feature::x1)) {
    w.ax[inputs] = 1;
    w.as[inputs++] = std::max(std::fabs(d.x0), std::fabs(d.x1));
  }
  if (feature_on(net.spec.features, Feature::x2)) {
    w.ay[inputs] = 1;
    w.as[inputs++] = std::max(std::fabs(d.y0), std::fabs(d.y1));
  }
  const Vtx rect[4] = {{d.x0, d.y0, -1, -1}, {d.x1, d.y0, -1, -1}, {d.x1, d.y1, -1, -1}, {d.x0, d.y1, -1, -1}};
  if (applied == 0) {  // no hidden layer applied: one polygon, the rectangle
    if (w.full)
      compose(w.layers[0], w.ax.data(), w.ay.data(), w.ac.data(), w.as.data(), w.ox.data(),
              w.oy.data(), w.oc.data(), w.os.data());
    emit(*job, rect, 4);
    finish(*job);
    return "";
  }
  w.stack.resize(applied);
  w.cells.assign(applied, 0);
  Frame& f = w.stack[0];
  f.layer = 0;
  for (auto* v : {&f.ux, &f.uy, &f.uc, &f.us}) v->assign(w.layers[0].out, 0.0);
  compose(w.layers[0], w.ax.data(), w.ay.data(), w.ac.data(), w.as.data(), f.ux.data(), f.uy.data(),
          f.uc.data(), f.us.data());
  fill_frame(w, f, rect, 4);
  w.depth = 1;
  return "";
}

bool continue_partition(PartitionJob& job, long budget) {
  if (job.done) return true;
  PartitionWork& w = *job.work;
  Partition& P = job.result;
  while (w.depth > 0) {
    Frame& f = w.stack[w.depth - 1];
    if (f.next == f.pieces.count()) {
      --w.depth;
      continue;
    }
    if (budget <= 0) {
      job.progress = w.area_done / P.domain.area();
      return false;
    }
    const int k = f.next++;
    const int l = f.layer;
    const ExactLayer& L = w.layers[l];
    const std::uint64_t* bits = f.pieces.bits.data() + static_cast<size_t>(k) * f.pieces.words;
    std::copy(bits, bits + f.pieces.words, w.layer_bits[l].begin());
    const Vtx* poly = f.pieces.verts.data() + f.pieces.first[k];
    const int n = f.pieces.first[k + 1] - f.pieces.first[k];
    const bool leaf = l + 1 == w.applied;
    if (leaf && !w.full) {  // a partial partition: no output map
      if (!emit(job, poly, n)) break;
      budget -= 4 * n;
      continue;
    }
    // The next layer's (or the output's) pre-activations on this piece: the cell's base plus one
    // rank-one term per crossing unit not on its base side here.
    const ExactLayer& M = w.layers[l + 1];
    Frame* g = leaf ? nullptr : &w.stack[w.depth];
    double* __restrict__ tx = leaf ? w.ox.data() : (g->ux.resize(M.out), g->ux.data());
    double* __restrict__ ty = leaf ? w.oy.data() : (g->uy.resize(M.out), g->uy.data());
    double* __restrict__ tc = leaf ? w.oc.data() : (g->uc.resize(M.out), g->uc.data());
    double* __restrict__ ts = leaf ? w.os.data() : (g->us.resize(M.out), g->us.data());
    std::copy(f.nx.begin(), f.nx.end(), tx);
    std::copy(f.ny.begin(), f.ny.end(), ty);
    std::copy(f.nc.begin(), f.nc.end(), tc);
    std::copy(f.ns.begin(), f.ns.end(), ts);
    for (size_t kc = 0; kc < f.crossing.size(); ++kc) {
      const int c = f.crossing[kc];
      const bool on = get_bit(bits, c);
      if (on == static_cast<bool>(f.base_on[kc])) continue;
      const double g = on ? L.gain_on[c] : L.gain_off[c], g0 = on ? L.gain_off[c] : L.gain_on[c];
      const double dg = g - g0, ds = std::fabs(g) - std::fabs(g0);  // ds >= 0: g0 is the smaller
      const double x = dg * f.ux[c], y = dg * f.uy[c], cc = dg * f.uc[c], sc = ds * f.us[c];
      const double* __restrict__ col = M.wt.data() + static_cast<size_t>(c) * M.out;
      const double* __restrict__ cola = M.wt_abs.data() + static_cast<size_t>(c) * M.out;
      for (int i = 0; i < M.out; ++i) {
        tx[i] += col[i] * x;
        ty[i] += col[i] * y;
        tc[i] += col[i] * cc;
        ts[i] += cola[i] * sc;
      }
      budget -= 4 * M.out;
    }
    if (leaf) {
      if (!emit(job, poly, n)) break;
      budget -= 4 * n + P.words;
      continue;
    }
    g->layer = l + 1;
    budget -= fill_frame(w, *g, poly, n);
    ++w.depth;
  }
  if (w.depth > 0) {  // stopped by the polygon limit
    fail(job, "the partition has more than " + std::to_string(w.max_polygons) +
                  " polygons (the exact count's limit); use the grid estimate");
    return true;
  }
  finish(job);
  return true;
}

std::string exact_partition(const Network& net, const ExactOptions& options, Partition* out) {
  PartitionJob job;
  std::string err = start_partition(net, options, &job);
  if (err.empty()) {
    continue_partition(job, std::numeric_limits<long>::max());
    err = job.error;
  }
  *out = err.empty() ? std::move(job.result) : Partition{};
  return err;
}

// ---- queries ---------------------------------------------------------------------------------------

int polygon_at(const Partition& p, double x, double y) {
  const Rect& d = p.domain;
  if (p.polygons() == 0 || !(x >= d.x0 && x <= d.x1 && y >= d.y0 && y <= d.y1)) return -1;
  const int side = p.index_side;
  auto cell = [side](double t) { return std::max(0, std::min(side - 1, static_cast<int>(std::floor(t)))); };
  const int b = cell((y - d.y0) / (d.y1 - d.y0) * side) * side + cell((x - d.x0) / (d.x1 - d.x0) * side);
  int best = -1;
  double best_margin = -HUGE_VAL;
  for (int t = p.index_first[b]; t < p.index_first[b + 1]; ++t) {
    const int q = p.index_items[t];
    double margin = HUGE_VAL;  // least signed distance to the polygon's edges (inside > 0)
    for (int k = p.first[q]; k < p.first[q + 1]; ++k) {
      const int kn = k + 1 == p.first[q + 1] ? p.first[q] : k + 1;
      const double ex = p.vx[kn] - p.vx[k], ey = p.vy[kn] - p.vy[k];
      const double len = std::hypot(ex, ey);
      if (len == 0) continue;
      margin = std::min(margin, (ex * (y - p.vy[k]) - ey * (x - p.vx[k])) / len);
    }
    if (margin >= 0) return q;
    if (margin > best_margin) {
      best_margin = margin;
      best = q;
    }
  }
  return best;  // on an edge within rounding: the nearest
}

bool pattern_bit(const Partition& p, int q, int layer, int unit) {
  return get_bit(p.patterns.data() + static_cast<size_t>(q) * p.words, p.layer_first_bit[layer] + unit);
}

std::string pattern_text(const Partition& p, int q) {
  std::string s;
  for (int l = 0; l < p.layers; ++l) {
    if (l) s += ' ';
    for (int i = 0; i < p.layer_units[l]; ++i) s += pattern_bit(p, q, l, i) ? '1' : '0';
  }
  return s;
}

std::uint64_t pattern_hash(const Partition& p, int q, int layers) {
  std::vector<std::uint64_t> words;
  prefix_words(p, q, layers == 0 ? 0 : layer_bits(p, layers < 0 ? -1 : layers - 1), words);
  return hash_words(words.data(), p.words);
}

double map_value(const Partition& p, int q, int k, double x, double y) {
  const double* m = p.maps.data() + (static_cast<size_t>(q) * p.outputs + k) * 3;
  return m[0] * x + m[1] * y + m[2];
}

void polygon_centroid(const Partition& p, int q, double* cx, double* cy) {
  const int f = p.first[q], n = p.first[q + 1] - f;
  const double x0 = p.vx[f], y0 = p.vy[f];
  double a = 0, sx = 0, sy = 0;
  for (int k = 1; k + 1 < n; ++k) {
    const double x1 = p.vx[f + k] - x0, y1 = p.vy[f + k] - y0;
    const double x2 = p.vx[f + k + 1] - x0, y2 = p.vy[f + k + 1] - y0;
    const double t = x1 * y2 - x2 * y1;  // twice the triangle (v0, vk, vk+1)
    a += t;
    sx += t * (x1 + x2);
    sy += t * (y1 + y2);
  }
  if (a > 0) {
    *cx = x0 + sx / (3 * a);
    *cy = y0 + sy / (3 * a);
  } else {  // no area (never emitted): the vertex mean
    double mx = 0, my = 0;
    for (int k = 0; k < n; ++k) {
      mx += p.vx[f + k];
      my += p.vy[f + k];
    }
    *cx = mx / n;
    *cy = my / n;
  }
}

std::vector<double> cell_outline(const Partition& p, int q, int layer, double* area) {
  // The polygons of one cell are consecutive: the refinement emits a cell's pieces depth-first.
  const int bits = layer_bits(p, layer);
  std::vector<std::uint64_t> mine, other;
  prefix_words(p, q, bits, mine);
  auto same = [&](int r) {
    prefix_words(p, r, bits, other);
    return other == mine;
  };
  int lo = q, hi = q;
  while (lo > 0 && same(lo - 1)) --lo;
  while (hi + 1 < p.polygons() && same(hi + 1)) ++hi;
  std::vector<std::pair<double, double>> pts;
  double total = 0;
  for (int r = lo; r <= hi; ++r) {
    total += p.area[r];
    for (int k = p.first[r]; k < p.first[r + 1]; ++k) pts.emplace_back(p.vx[k], p.vy[k]);
  }
  if (area) *area = total;
  // Convex hull (Andrew's monotone chain), counter-clockwise, collinear points dropped.
  std::sort(pts.begin(), pts.end());
  pts.erase(std::unique(pts.begin(), pts.end()), pts.end());
  if (pts.size() < 3) {
    std::vector<double> out;
    for (auto& v : pts) out.insert(out.end(), {v.first, v.second});
    return out;
  }
  auto cross = [](const std::pair<double, double>& o, const std::pair<double, double>& a,
                  const std::pair<double, double>& b) {
    return (a.first - o.first) * (b.second - o.second) - (a.second - o.second) * (b.first - o.first);
  };
  std::vector<std::pair<double, double>> h(2 * pts.size());
  size_t m = 0;
  for (size_t i = 0; i < pts.size(); ++i) {
    while (m >= 2 && cross(h[m - 2], h[m - 1], pts[i]) <= 0) --m;
    h[m++] = pts[i];
  }
  for (size_t i = pts.size() - 1, t = m + 1; i-- > 0;) {
    while (m >= t && cross(h[m - 2], h[m - 1], pts[i]) <= 0) --m;
    h[m++] = pts[i];
  }
  std::vector<double> out;
  for (size_t i = 0; i + 1 < m; ++i) out.insert(out.end(), {h[i].first, h[i].second});
  return out;
}

void partition_edges(const Partition& p, int layer, std::vector<float>* xy,
                     std::vector<std::int16_t>* seg_layer) {
  const int layers = layer < 0 || layer >= p.layers ? p.layers : layer + 1;
  xy->clear();
  if (seg_layer) seg_layer->clear();
  for (int q = 0; q < p.polygons(); ++q)
    for (int k = p.first[q]; k < p.first[q + 1]; ++k) {
      const int l = p.edge_layer[k];
      // An edge on unit (l, u)'s line separates its active side (bit 1) from its inactive side;
      // drawn from the active side only, each piece of line appears once.
      if (l < 0 || l >= layers || !pattern_bit(p, q, l, p.edge_unit[k])) continue;
      const int kn = k + 1 == p.first[q + 1] ? p.first[q] : k + 1;
      xy->insert(xy->end(), {float(p.vx[k]), float(p.vy[k]), float(p.vx[kn]), float(p.vy[kn])});
      if (seg_layer) seg_layer->push_back(static_cast<std::int16_t>(l));
    }
}

RegionAreaStats region_area_stats(const Partition& p, double pixel_area) {
  RegionAreaStats s;
  s.regions = p.regions;
  s.pixel_area = pixel_area;
  if (p.regions == 0) return s;
  std::vector<double> a(p.regions, 0.0);
  for (int q = 0; q < p.polygons(); ++q) a[q] = p.area[q];
  std::sort(a.begin(), a.end());
  s.min = a.front();
  s.max = a.back();
  s.median = a.size() % 2 ? a[a.size() / 2] : 0.5 * (a[a.size() / 2 - 1] + a[a.size() / 2]);
  double sum = 0;
  for (double v : a) sum += v;
  s.mean = sum / a.size();
  s.smaller_than_pixel = std::lower_bound(a.begin(), a.end(), pixel_area) - a.begin();
  s.decade_first = static_cast<int>(std::floor(std::log10(std::max(s.min, 1e-300))));
  for (double v : a) {
    const int d = static_cast<int>(std::floor(std::log10(std::max(v, 1e-300)))) - s.decade_first;
    if (d >= static_cast<int>(s.decade_count.size())) s.decade_count.resize(d + 1, 0);
    ++s.decade_count[d];
  }
  return s;
}

std::vector<int> points_per_region(const Partition& p, const std::vector<Point>& points) {
  std::vector<int> count(p.regions, 0);
  for (const Point& pt : points) {
    const int q = polygon_at(p, pt.x1, pt.x2);
    if (q >= 0) ++count[q];
  }
  return count;
}

// ---- SVG ---------------------------------------------------------------------------------------------

namespace {

// A light colour from a hash (fills), and one darker colour per layer (edges).
std::string fill_colour(std::uint64_t h) {
  const double hue = double(h % 3600) / 10.0, sat = 0.35 + double((h >> 12) % 30) / 100.0,
               light = 0.78 + double((h >> 20) % 12) / 100.0;
  const double c = (1 - std::fabs(2 * light - 1)) * sat, x = c * (1 - std::fabs(std::fmod(hue / 60, 2) - 1)),
               m = light - c / 2;
  double r = 0, g = 0, b = 0;
  switch (static_cast<int>(hue / 60) % 6) {
    case 0: r = c, g = x; break;
    case 1: r = x, g = c; break;
    case 2: g = c, b = x; break;
    case 3: g = x, b = c; break;
    case 4: r = x, b = c; break;
    default: r = c, b = x; break;
  }
  char buf[8];
  std::snprintf(buf, sizeof buf, "#%02x%02x%02x", static_cast<int>((r + m) * 255 + 0.5),
                static_cast<int>((g + m) * 255 + 0.5), static_cast<int>((b + m) * 255 + 0.5));
  return buf;
}

std::string layer_colour(int l) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "#%06x", static_cast<unsigned>(partition_layer_rgb(l)));
  return buf;
}

}  // namespace

std::uint32_t partition_layer_rgb(int layer) {
  static const std::uint32_t c[] = {0x1f3b73, 0xa3241d, 0x1d6e3a, 0x6a3d9a, 0xb15a00, 0x00728a,
                                    0x7a1f5c, 0x4d4d00, 0x2f4f4f, 0x8b4513, 0x483d8b, 0x556b2f};
  return c[(layer < 0 ? 0 : layer) % 12];
}

std::string partition_svg(const Partition& p, int width_px, int layer, const std::vector<Point>* points) {
  const Rect& d = p.domain;
  const int layers = layer < 0 || layer >= p.layers ? p.layers : layer + 1;
  const double w = std::max(16, width_px), h = std::round(w * (d.y1 - d.y0) / (d.x1 - d.x0));
  const double sx = w / (d.x1 - d.x0), sy = h / (d.y1 - d.y0);
  std::ostringstream o;
  o.setf(std::ios::fixed);
  o.precision(2);
  auto px = [&](double x) { return (x - d.x0) * sx; };
  auto py = [&](double y) { return (d.y1 - y) * sy; };
  o << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << w << "\" height=\"" << h
    << "\" viewBox=\"0 0 " << w << " " << h << "\">\n";
  o << "<title>" << p.regions_after_layer.size() << " hidden layers; "
    << (layers > 0 ? p.regions_after_layer[layers - 1] : 1) << " linear regions after layer " << layers
    << " (exact partition)</title>\n";
  // Fills: one path per polygon, coloured by its pattern over the layers shown.
  for (int q = 0; q < p.polygons(); ++q) {
    o << "<path fill=\"" << fill_colour(splitmix64_mix(pattern_hash(p, q, layers))) << "\" d=\"M";
    for (int k = p.first[q]; k < p.first[q + 1]; ++k)
      o << (k == p.first[q] ? "" : "L") << px(p.vx[k]) << " " << py(p.vy[k]);
    o << "Z\"/>\n";
  }
  // Edges: one path per layer, each piece of line once (partition_edges).
  std::vector<float> xy;
  std::vector<std::int16_t> seg_layer;
  partition_edges(p, layers - 1, &xy, &seg_layer);
  for (int l = 0; l < layers; ++l) {
    o << "<path fill=\"none\" stroke=\"" << layer_colour(l) << "\" stroke-width=\""
      << std::max(0.4, 1.2 - 0.15 * l) << "\" stroke-linecap=\"round\" d=\"";
    for (size_t e = 0; e < seg_layer.size(); ++e)
      if (seg_layer[e] == l)
        o << "M" << px(xy[4 * e]) << " " << py(xy[4 * e + 1]) << "L" << px(xy[4 * e + 2]) << " "
          << py(xy[4 * e + 3]);
    o << "\"/>\n";
  }
  if (points) {
    static const char* const cls[] = {"#e66101", "#5e3c99", "#1b9e77", "#d95f02", "#7570b3"};
    for (const Point& pt : *points) {
      if (!(pt.x1 >= d.x0 && pt.x1 <= d.x1 && pt.x2 >= d.y0 && pt.x2 <= d.y1)) continue;
      const int c = std::max(0, std::min(4, static_cast<int>(pt.label)));
      o << "<circle cx=\"" << px(pt.x1) << "\" cy=\"" << py(pt.x2) << "\" r=\"1.8\" fill=\"" << cls[c]
        << "\"/>\n";
    }
  }
  o << "<rect x=\"0\" y=\"0\" width=\"" << w << "\" height=\"" << h
    << "\" fill=\"none\" stroke=\"#000\" stroke-width=\"1\"/>\n</svg>\n";
  return o.str();
}

}  // namespace relulab
