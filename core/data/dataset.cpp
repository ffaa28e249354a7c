// dataset.cpp: the seeded 2-D data generators, hand edits, and the CSV reader and writer.
//
// The two-class generators and the regression sets follow the TensorFlow Playground's dataset.ts
// (circle, xor, two gaussians, spiral, reg-plane, reg-gauss): for circle, xor and the regression
// sets, noise moves the point at which the label is read (by up to noise * the data's radius), so
// labels near the boundary flip; for the spirals it jitters the point itself; for the gaussians it
// widens the variance from 0.5 to 4. Moons follow scikit-learn's make_moons, checkerboard reads its
// label like xor, blobs place k gaussians on a circle. Points that a wide gaussian throws outside
// [-6, 6]^2 are redrawn. All randomness comes from random.h and portable_math.h, so a spec gives bit-identical
// points natively and in WebAssembly. After generation the points are shuffled (Fisher-Yates) and
// the first round(n * train_fraction) of them become the training set.
#include "data/dataset.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <istream>
#include <limits>
#include <ostream>

#include "nn/portable_math.h"
#include "nn/random.h"

namespace relulab {

namespace {

using Points = std::vector<Point>;

void push(Points& pts, double x, double y, double label) {
  pts.push_back({static_cast<float>(x), static_cast<float>(y), static_cast<float>(label)});
}

bool in_domain(double x, double y) {
  return std::fabs(x) <= domain_extent && std::fabs(y) <= domain_extent;
}

// A gaussian sample around (cx, cy) with standard deviation sd, redrawn until inside the domain.
void gaussian_point(DataRng& rng, double cx, double cy, double sd, double* x, double* y) {
  do {
    *x = cx + sd * rng.normal();
    *y = cy + sd * rng.normal();
  } while (!in_domain(*x, *y));
}

// Number of points of class c when n points are spread over k classes (first classes get the rest).
int share(int n, int k, int c) { return n / k + (c < n % k ? 1 : 0); }

void circle(DataRng& rng, int n, double noise, Points& pts) {
  const double radius = 5;
  for (int c = 1; c >= 0; --c) {  // inside (class 1), then the ring outside (class 0)
    const double r_lo = c ? 0 : radius * 0.7, r_hi = c ? radius * 0.5 : radius;
    for (int i = 0, m = share(n, 2, 1 - c); i < m; ++i) {
      const double r = rng.uniform(r_lo, r_hi), angle = rng.uniform(0, 2 * portable::pi);
      const double x = r * portable::sin(angle), y = r * portable::cos(angle);
      const double nx = rng.uniform(-radius, radius) * noise,
                   ny = rng.uniform(-radius, radius) * noise;
      const double d = std::sqrt((x + nx) * (x + nx) + (y + ny) * (y + ny));
      push(pts, x, y, d < radius * 0.5 ? 1 : 0);
    }
  }
}

// xor (cell = 5) and checkerboard (cell = 3): uniform points, label read at the noisy position.
void xor_data(DataRng& rng, int n, double noise, Points& pts) {
  const double padding = 0.3;
  for (int i = 0; i < n; ++i) {
    double x = rng.uniform(-5, 5), y = rng.uniform(-5, 5);
    x += x > 0 ? padding : -padding;
    y += y > 0 ? padding : -padding;
    const double nx = rng.uniform(-5, 5) * noise, ny = rng.uniform(-5, 5) * noise;
    push(pts, x, y, (x + nx) * (y + ny) >= 0 ? 1 : 0);
  }
}

void checkerboard(DataRng& rng, int n, double noise, Points& pts) {
  const double cell = 3;  // a 4 x 4 board over [-6, 6]^2
  for (int i = 0; i < n; ++i) {
    const double x = rng.uniform(-domain_extent, domain_extent);
    const double y = rng.uniform(-domain_extent, domain_extent);
    const double nx = rng.uniform(-cell, cell) * noise, ny = rng.uniform(-cell, cell) * noise;
    const long cx = static_cast<long>(std::floor((x + nx) / cell));
    const long cy = static_cast<long>(std::floor((y + ny) / cell));
    push(pts, x, y, ((cx + cy) % 2 + 2) % 2 == 0 ? 1 : 0);
  }
}

void gaussians(DataRng& rng, int n, double noise, Points& pts) {
  const double variance = 0.5 + noise / 0.5 * 3.5, sd = std::sqrt(variance);
  for (int c = 1; c >= 0; --c)
    for (int i = 0, m = share(n, 2, 1 - c); i < m; ++i) {
      double x, y;
      gaussian_point(rng, c ? 2 : -2, c ? 2 : -2, sd, &x, &y);
      push(pts, x, y, c);
    }
}

// k interleaved arms; arm c is rotated by 2 pi c / k (k = 2 is the Playground's spiral).
void spirals(DataRng& rng, int n, int k, double noise, Points& pts) {
  for (int c = 0; c < k; ++c) {
    const int m = share(n, k, c);
    const double delta = 2 * portable::pi * c / k;
    for (int i = 0; i < m; ++i) {
      const double r = 5.0 * i / m;
      const double t = 1.75 * i / m * 2 * portable::pi + delta;
      const double x = r * portable::sin(t) + rng.uniform(-1, 1) * noise;
      const double y = r * portable::cos(t) + rng.uniform(-1, 1) * noise;
      // Two classes keep the Playground's labels: the arm at delta = 0 is class 1.
      push(pts, x, y, k == 2 ? 1 - c : c);
    }
  }
}

// scikit-learn's make_moons (outer moon class 0, inner class 1), centred and scaled by 2.6 so the
// moons span about [-3.9, 3.9] x [-2, 2]; noise is the gaussian sd in the original moon units.
void moons(DataRng& rng, int n, double noise, Points& pts) {
  const double scale = 2.6;
  for (int c = 0; c < 2; ++c)
    for (int i = 0, m = share(n, 2, c); i < m; ++i) {
      const double t = m > 1 ? portable::pi * i / (m - 1) : 0;
      const double mx = c ? 1 - portable::cos(t) : portable::cos(t);
      const double my = c ? 0.5 - portable::sin(t) : portable::sin(t);
      double x, y;
      gaussian_point(rng, (mx - 0.5) * scale, (my - 0.25) * scale, noise * scale, &x, &y);
      push(pts, x, y, c);
    }
}

// k gaussian blobs centred on a circle of radius 3.5; variance widens with noise as for gaussians.
void blobs(DataRng& rng, int n, int k, double noise, Points& pts) {
  const double sd = std::sqrt(0.5 + noise / 0.5 * 3.5) * 0.6;
  for (int c = 0; c < k; ++c) {
    const double a = 2 * portable::pi * c / k + portable::pi / 2;
    const double cx = 3.5 * portable::cos(a), cy = 3.5 * portable::sin(a);
    for (int i = 0, m = share(n, k, c); i < m; ++i) {
      double x, y;
      gaussian_point(rng, cx, cy, sd, &x, &y);
      push(pts, x, y, c);
    }
  }
}

// Regression: label (x + y) / 10 read at the noisy position (the Playground's reg-plane).
void reg_plane(DataRng& rng, int n, double noise, Points& pts) {
  const double radius = 6;
  for (int i = 0; i < n; ++i) {
    const double x = rng.uniform(-radius, radius), y = rng.uniform(-radius, radius);
    const double nx = rng.uniform(-radius, radius) * noise,
                 ny = rng.uniform(-radius, radius) * noise;
    push(pts, x, y, ((x + nx) + (y + ny)) / 10);
  }
}

// Regression: six signed bumps, label = the bump of largest magnitude, each falling linearly from
// 1 at its centre to 0 at distance 2 (the Playground's reg-gauss).
void reg_gaussians(DataRng& rng, int n, double noise, Points& pts) {
  const double bumps[6][3] = {{-4, 2.5, 1},   {0, 2.5, -1}, {4, 2.5, 1},
                              {-4, -2.5, -1}, {0, -2.5, 1}, {4, -2.5, -1}};
  const double radius = 6;
  for (int i = 0; i < n; ++i) {
    const double x = rng.uniform(-radius, radius), y = rng.uniform(-radius, radius);
    const double nx = rng.uniform(-radius, radius) * noise,
                 ny = rng.uniform(-radius, radius) * noise;
    double label = 0;
    for (const auto& b : bumps) {
      const double dx = x + nx - b[0], dy = y + ny - b[1];
      const double v = b[2] * std::min(1.0, std::max(0.0, 1 - std::sqrt(dx * dx + dy * dy) / 2));
      if (std::fabs(v) > std::fabs(label)) label = v;
    }
    push(pts, x, y, label);
  }
}

// Fisher-Yates shuffle, then the first round(n * train_fraction) points train (at least one of each
// when n >= 2).
void split(Points pts, float train_fraction, DataRng& rng, Dataset& d) {
  const int n = static_cast<int>(pts.size());
  for (int i = n - 1; i > 0; --i)
    std::swap(pts[i], pts[rng.below(static_cast<std::uint32_t>(i + 1))]);
  long n_train = std::lround(static_cast<double>(n) * train_fraction);
  if (n >= 2) n_train = std::min<long>(std::max<long>(n_train, 1), n - 1);
  n_train = std::min<long>(std::max<long>(n_train, 0), n);
  d.train.assign(pts.begin(), pts.begin() + n_train);
  d.test.assign(pts.begin() + n_train, pts.end());
}

// Mixes the kind into the seed so that, say, circle and xor with seed 1 use different streams.
std::uint64_t stream_seed(const DataSpec& s) {
  return s.seed ^ (0x5851f42d4c957f2dull * (static_cast<std::uint64_t>(s.kind) + 1));
}

}  // namespace

Dataset generate(const DataSpec& spec) {
  Dataset d;
  d.spec = spec;
  d.classes = class_count(spec);
  d.regression = d.classes == 1;
  const int n = std::max(0, std::min(spec.points, max_points));
  const double noise = std::isfinite(spec.noise) ? std::min(std::max(spec.noise, 0.0f), 1.0f) : 0;
  const int k = std::max(min_classes, std::min(spec.classes, max_classes));
  DataRng rng(stream_seed(spec));
  Points pts;
  pts.reserve(n);
  switch (spec.kind) {
    case DataKind::circle: circle(rng, n, noise, pts); break;
    case DataKind::xor_: xor_data(rng, n, noise, pts); break;
    case DataKind::gaussians: gaussians(rng, n, noise, pts); break;
    case DataKind::spiral: spirals(rng, n, 2, noise, pts); break;
    case DataKind::moons: moons(rng, n, noise, pts); break;
    case DataKind::checkerboard: checkerboard(rng, n, noise, pts); break;
    case DataKind::blobs: blobs(rng, n, k, noise, pts); break;
    case DataKind::spirals: spirals(rng, n, k, noise, pts); break;
    case DataKind::reg_plane: reg_plane(rng, n, noise, pts); break;
    case DataKind::reg_gaussians: reg_gaussians(rng, n, noise, pts); break;
    case DataKind::custom:
    case DataKind::count: break;  // custom data comes from CSV or the hand editor
  }
  split(std::move(pts), spec.train_fraction, rng, d);
  return d;
}

namespace {

// A hand-edited data set is no longer what its generator spec describes: it becomes custom data.
void mark_custom(Dataset& d) {
  d.spec.kind = DataKind::custom;
  d.spec.classes = d.classes;
  d.spec.points = static_cast<int>(d.train.size() + d.test.size());
}

}  // namespace

bool add_point(Dataset& d, Point p) {
  if (d.train.size() + d.test.size() >= static_cast<size_t>(max_points)) return false;
  if (!std::isfinite(p.x1) || !std::isfinite(p.x2) || !std::isfinite(p.label)) return false;
  if (!d.regression &&
      (p.label != std::floor(p.label) || p.label < 0 || p.label >= static_cast<float>(d.classes)))
    return false;
  d.train.push_back(p);
  mark_custom(d);
  return true;
}

bool remove_nearest(Dataset& d, float x1, float x2, float radius) {
  std::vector<Point>* best_set = nullptr;
  size_t best_i = 0;
  float best = radius * radius;
  for (auto* set : {&d.train, &d.test})
    for (size_t i = 0; i < set->size(); ++i) {
      const float dx = (*set)[i].x1 - x1, dy = (*set)[i].x2 - x2, dd = dx * dx + dy * dy;
      if (dd <= best) {
        best = dd;
        best_set = set;
        best_i = i;
      }
    }
  if (!best_set) return false;
  best_set->erase(best_set->begin() + static_cast<long>(best_i));
  mark_custom(d);
  return true;
}

// ---- CSV ----

namespace {

constexpr size_t max_line_length = 4096;
const char* const field_names[3] = {"x1", "x2", "label"};

// Reads one line (without '\n' or a trailing '\r') of at most max_line_length characters.
// Returns false at end of input; sets *too_long if the line was cut.
bool read_line(std::istream& in, std::string& line, bool* too_long) {
  line.clear();
  *too_long = false;
  int ch;
  bool any = false;
  while ((ch = in.get()) != EOF) {
    any = true;
    if (ch == '\n') break;
    if (line.size() >= max_line_length) {
      *too_long = true;
      in.ignore(std::numeric_limits<std::streamsize>::max(), '\n');
      break;
    }
    line.push_back(static_cast<char>(ch));
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return any;
}

std::string trim(const std::string& s) {
  size_t a = 0, b = s.size();
  while (a < b && (s[a] == ' ' || s[a] == '\t')) ++a;
  while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t')) --b;
  return s.substr(a, b - a);
}

std::vector<std::string> split_fields(const std::string& line) {
  std::vector<std::string> f;
  size_t start = 0;
  for (;;) {
    const size_t comma = line.find(',', start);
    f.push_back(trim(line.substr(start, comma == std::string::npos ? comma : comma - start)));
    if (comma == std::string::npos) return f;
    start = comma + 1;
  }
}

std::string quoted(const std::string& s) {
  return "'" + (s.size() > 40 ? s.substr(0, 40) + "..." : s) + "'";
}

std::string fmt(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}

}  // namespace

std::string read_csv(std::istream& in, const std::string& source, float train_fraction,
                     std::uint64_t seed, Dataset* out) {
  return read_csv(in, source, train_fraction, seed, 0, out);
}

std::string read_csv(std::istream& in, const std::string& source, float train_fraction,
                     std::uint64_t seed, int classes, Dataset* out) {
  if (!(train_fraction >= min_train_fraction && train_fraction <= max_train_fraction))
    return source + ": train fraction " + fmt(train_fraction) + " is out of range " +
           fmt(min_train_fraction) + ".." + fmt(max_train_fraction);
  if (classes < 0 || classes > max_classes)
    return source + ": classes " + std::to_string(classes) + " is out of range 0.." +
           std::to_string(max_classes) + " (0 = infer from the labels, 1 = regression)";
  Points pts;
  std::string line;
  bool too_long = false, first = true;
  std::size_t consumed = 0;  // bytes read so far, for the file size limit
  for (long line_no = 1; read_line(in, line, &too_long); ++line_no) {
    const std::string where = source + ":" + std::to_string(line_no) + ": ";
    if (too_long)
      return where + "line is longer than " + std::to_string(max_line_length) + " characters";
    consumed += line.size() + 1;
    if (consumed > max_csv_bytes)
      return where + "input is longer than the limit of " + std::to_string(max_csv_bytes) +
             " bytes";
    if (trim(line).empty() || line[0] == '#') continue;
    const auto fields = split_fields(line);
    double v[3];
    bool numeric[3] = {false, false, false};
    for (size_t i = 0; i < 3 && i < fields.size(); ++i)
      numeric[i] = parse_decimal(fields[i], 64, &v[i]);  // config.h
    const bool was_first = first;
    first = false;
    if (was_first && fields.size() == 3 && !numeric[0] && !numeric[1] && !numeric[2])
      continue;  // a header line such as "x1,x2,label"
    if (fields.size() > 3)
      return where + std::to_string(fields.size()) +
             " fields, expected 3 (x1,x2,label): extra field " + quoted(fields[3]);
    for (size_t i = 0; i < 3; ++i) {
      const std::string field = where + "field '" + field_names[i] + "': ";
      if (i >= fields.size()) return field + "missing (expected 3 fields x1,x2,label)";
      if (fields[i].empty()) return field + "empty";
      if (!numeric[i]) return field + quoted(fields[i]) + " is not a number";
      if (!std::isfinite(v[i]) || std::fabs(v[i]) > 3.0e38)
        return field + quoted(fields[i]) + " is not a finite number";
      if (i < 2 && std::fabs(v[i]) > max_csv_coordinate)
        return field + fmt(v[i]) + " is outside -" + fmt(max_csv_coordinate) + ".." +
               fmt(max_csv_coordinate);
    }
    if (classes >= 2 && (v[2] != std::floor(v[2]) || v[2] < 0 || v[2] >= classes))
      return where + "field 'label': " + fmt(v[2]) + " is not a class index 0.." +
             std::to_string(classes - 1);
    if (pts.size() >= static_cast<size_t>(max_points))
      return where + "more than " + std::to_string(max_points) + " points";
    push(pts, v[0], v[1], v[2]);
  }
  if (in.bad()) return source + ": read error";
  if (pts.empty()) return source + ": no data rows (expected lines x1,x2,label)";

  if (classes == 0) {
    // Integer labels 0..max_classes-1 are classes; labels all in {-1, 1} are the Playground's two
    // classes (-1 becomes class 0); anything else is regression.
    bool integral = true, plus_minus_one = true;
    float top = 0;
    for (const auto& p : pts) {
      integral = integral && p.label == std::floor(p.label) && p.label >= 0 &&
                 p.label < static_cast<float>(max_classes);
      plus_minus_one = plus_minus_one && (p.label == -1 || p.label == 1);
      top = std::max(top, p.label);
    }
    if (integral) {
      classes = std::max(2, static_cast<int>(top) + 1);
    } else if (plus_minus_one) {
      classes = 2;
      for (auto& p : pts) p.label = p.label > 0 ? 1.0f : 0.0f;
    } else {
      classes = 1;
    }
  }

  Dataset d;
  d.spec.kind = DataKind::custom;
  d.spec.points = static_cast<int>(pts.size());
  d.spec.noise = 0;
  d.spec.train_fraction = train_fraction;
  d.spec.classes = classes;
  d.spec.seed = seed;
  d.classes = classes;
  d.regression = classes == 1;
  DataRng rng(seed);
  split(std::move(pts), train_fraction, rng, d);
  *out = std::move(d);
  return {};
}

void write_csv(std::ostream& out, const Dataset& d) {
  out << "x1,x2,label\n";
  char buf[96];
  for (const auto* set : {&d.train, &d.test})
    for (const auto& p : *set) {
      std::snprintf(buf, sizeof buf, "%.9g,%.9g,%.9g\n", p.x1, p.x2, p.label);
      out << buf;
    }
}

}  // namespace relulab
