// chart_svg.cpp: line and bar charts of experiment results as SVG text.
//
// Layout per panel (pixels): a plot rectangle with margins for tick labels and axis labels, and a
// legend column at its right. Data are mapped to the plot rectangle linearly or by log10; points
// that cannot be drawn (NaN, or <= 0 on a log axis) break a line instead of bending it.
#include "io/chart_svg.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace relulab {

namespace {

// Matplotlib's "tab10", readable on white and for most colour-vision deficiencies.
const char* const palette[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                               "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};
constexpr int palette_size = 10;

constexpr double panel_w = 560, panel_h = 340;
constexpr double margin_l = 64, margin_r = 180, margin_t = 34, margin_b = 52;
constexpr double title_h = 36;

std::string esc(const std::string& s) {
  std::string r;
  for (char c : s) {
    switch (c) {
      case '&': r += "&amp;"; break;
      case '<': r += "&lt;"; break;
      case '>': r += "&gt;"; break;
      case '"': r += "&quot;"; break;
      default: r += c;
    }
  }
  return r;
}

std::string fmt(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

std::string tick_label(double v, bool log_scale) {
  char buf[32];
  if (v == 0) return "0";
  double a = std::fabs(v);
  if (log_scale && (a < 1e-3 || a >= 1e4)) {
    int e = static_cast<int>(std::lround(std::log10(a)));
    if (std::fabs(a - std::pow(10.0, e)) < 1e-9 * a) {
      std::snprintf(buf, sizeof buf, "1e%d", e);
      return buf;
    }
  }
  if (a < 1e-3 || a >= 1e6)
    std::snprintf(buf, sizeof buf, "%.0e", v);
  else
    std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

bool drawable(double v, bool log_scale) { return std::isfinite(v) && (!log_scale || v > 0); }

struct Axis {
  double lo = 0, hi = 1;
  bool log_scale = false;
  double px0 = 0, px1 = 1;  // pixel positions of lo and hi
  double map(double v) const {
    double t = log_scale ? (std::log10(v) - std::log10(lo)) / (std::log10(hi) - std::log10(lo))
                         : (v - lo) / (hi - lo);
    return px0 + t * (px1 - px0);
  }
};

// Data range of a chart on one axis, including error bands; padded and snapped to ticks.
void fit_axis(Axis& a, const Chart& c, bool is_x) {
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (const Series& s : c.series) {
    const auto& v = is_x ? s.x : s.y;
    for (size_t i = 0; i < v.size(); ++i) {
      double vals[3] = {v[i], v[i], v[i]};
      if (!is_x && i < s.y_err.size() && std::isfinite(s.y_err[i])) {
        vals[1] = v[i] - s.y_err[i];
        vals[2] = v[i] + s.y_err[i];
      }
      for (double w : vals)
        if (drawable(w, a.log_scale)) {
          lo = std::min(lo, w);
          hi = std::max(hi, w);
        }
    }
  }
  if (!(lo <= hi)) {
    lo = a.log_scale ? 0.1 : 0;
    hi = 1;
  }
  if (c.bars && is_x) {
    a.lo = -0.5;
    a.hi = std::max(hi, static_cast<double>(c.categories.size()) - 1) + 0.5;
    return;
  }
  if (c.bars && !is_x && !a.log_scale) lo = std::min(lo, 0.0);
  if (a.log_scale) {
    if (hi / lo < 10) {
      double mid = std::sqrt(lo * hi);
      lo = std::min(lo, mid / 3.2);
      hi = std::max(hi, mid * 3.2);
    }
    a.lo = std::pow(10.0, std::floor(std::log10(lo) + 1e-9));
    a.hi = std::pow(10.0, std::ceil(std::log10(hi) - 1e-9));
    return;
  }
  if (hi - lo < 1e-12 * std::max(1.0, std::fabs(hi))) {
    double pad = std::max(std::fabs(hi) * 0.1, 0.5);
    lo -= pad;
    hi += pad;
  }
  std::vector<double> t = axis_ticks(lo, hi, false);
  double step = t.size() > 1 ? t[1] - t[0] : (hi - lo);
  a.lo = std::floor(lo / step + 1e-9) * step;
  a.hi = std::ceil(hi / step - 1e-9) * step;
}

void draw_panel(std::string& out, const Chart& c, double ox, double oy) {
  Axis ax, ay;
  ax.log_scale = c.log_x && !c.bars;
  ay.log_scale = c.log_y;
  fit_axis(ax, c, true);
  fit_axis(ay, c, false);
  if (std::isfinite(c.y_min) && (!ay.log_scale || c.y_min > 0)) ay.lo = c.y_min;
  if (std::isfinite(c.y_max) && c.y_max > ay.lo) ay.hi = c.y_max;
  double l = ox + margin_l, r = ox + panel_w - margin_r, t = oy + margin_t,
         b = oy + panel_h - margin_b;
  ax.px0 = l;
  ax.px1 = r;
  ay.px0 = b;
  ay.px1 = t;

  out += "<g font-family=\"sans-serif\" font-size=\"11\">\n";
  out += "<text x=\"" + fmt((l + r) / 2) + "\" y=\"" + fmt(oy + 20) +
         "\" text-anchor=\"middle\" font-size=\"13\" font-weight=\"bold\">" + esc(c.title) +
         "</text>\n";
  out += "<rect x=\"" + fmt(l) + "\" y=\"" + fmt(t) + "\" width=\"" + fmt(r - l) + "\" height=\"" +
         fmt(b - t) + "\" fill=\"none\" stroke=\"#444\"/>\n";

  // Ticks, grid lines and tick labels.
  std::vector<double> xt;
  if (c.bars)
    for (size_t i = 0; i < c.categories.size(); ++i) xt.push_back(static_cast<double>(i));
  else
    xt = axis_ticks(ax.lo, ax.hi, ax.log_scale);
  for (double v : xt) {
    double px = ax.map(v);
    if (px < l - 0.5 || px > r + 0.5) continue;
    out += "<line x1=\"" + fmt(px) + "\" y1=\"" + fmt(t) + "\" x2=\"" + fmt(px) + "\" y2=\"" +
           fmt(b + 4) + "\" stroke=\"#ddd\"/>\n";
    std::string label = c.bars ? (static_cast<size_t>(v) < c.categories.size()
                                      ? c.categories[static_cast<size_t>(v)]
                                      : "")
                               : tick_label(v, ax.log_scale);
    out += "<text x=\"" + fmt(px) + "\" y=\"" + fmt(b + 16) + "\" text-anchor=\"middle\">" +
           esc(label) + "</text>\n";
  }
  for (double v : axis_ticks(ay.lo, ay.hi, ay.log_scale)) {
    double py = ay.map(v);
    if (py < t - 0.5 || py > b + 0.5) continue;
    out += "<line x1=\"" + fmt(l - 4) + "\" y1=\"" + fmt(py) + "\" x2=\"" + fmt(r) + "\" y2=\"" +
           fmt(py) + "\" stroke=\"#ddd\"/>\n";
    out += "<text x=\"" + fmt(l - 7) + "\" y=\"" + fmt(py + 4) + "\" text-anchor=\"end\">" +
           esc(tick_label(v, ay.log_scale)) + "</text>\n";
  }
  out += "<text x=\"" + fmt((l + r) / 2) + "\" y=\"" + fmt(b + 36) + "\" text-anchor=\"middle\">" +
         esc(c.x_label) + (ax.log_scale ? " (log)" : "") + "</text>\n";
  out += "<text transform=\"translate(" + fmt(ox + 16) + "," + fmt((t + b) / 2) +
         ") rotate(-90)\" text-anchor=\"middle\">" + esc(c.y_label) +
         (ay.log_scale ? " (log)" : "") + "</text>\n";

  out += "<clipPath id=\"clip" + fmt(ox) + "_" + fmt(oy) + "\"><rect x=\"" + fmt(l) + "\" y=\"" +
         fmt(t) + "\" width=\"" + fmt(r - l) + "\" height=\"" + fmt(b - t) + "\"/></clipPath>\n";
  out += "<g clip-path=\"url(#clip" + fmt(ox) + "_" + fmt(oy) + ")\">\n";
  int nseries = static_cast<int>(c.series.size());
  for (int si = 0; si < nseries; ++si) {
    const Series& s = c.series[si];
    const char* col = palette[(s.color >= 0 ? s.color : si) % palette_size];
    size_t n = std::min(s.x.size(), s.y.size());
    if (c.bars) {
      double group_w = 0.8, bar_w = group_w / std::max(1, nseries);
      for (size_t i = 0; i < n; ++i) {
        if (!drawable(s.y[i], ay.log_scale)) continue;
        double x0 = ax.map(s.x[i] - group_w / 2 + si * bar_w),
               x1 = ax.map(s.x[i] - group_w / 2 + (si + 1) * bar_w);
        double base = ay.log_scale ? ay.lo : std::max(ay.lo, std::min(ay.hi, 0.0));
        double y0 = ay.map(base), y1 = ay.map(s.y[i]);
        out += "<rect x=\"" + fmt(x0) + "\" y=\"" + fmt(std::min(y0, y1)) + "\" width=\"" +
               fmt(x1 - x0 - 1) + "\" height=\"" + fmt(std::fabs(y1 - y0)) + "\" fill=\"" + col +
               "\"" + (s.dashed ? " fill-opacity=\"0.45\"" : "") + "/>\n";
        if (i < s.y_err.size() && std::isfinite(s.y_err[i]) && s.y_err[i] > 0) {
          double xm = (x0 + x1) / 2, lo = s.y[i] - s.y_err[i], hi = s.y[i] + s.y_err[i];
          if (!drawable(lo, ay.log_scale)) lo = ay.lo;
          out += "<line x1=\"" + fmt(xm) + "\" y1=\"" + fmt(ay.map(lo)) + "\" x2=\"" + fmt(xm) +
                 "\" y2=\"" + fmt(ay.map(hi)) + "\" stroke=\"#222\"/>\n";
        }
      }
      continue;
    }
    // Spread band: upper edge forward, lower edge back, per unbroken run of points.
    if (!s.y_err.empty()) {
      std::string pts;
      std::vector<std::pair<double, double>> lower;
      auto flush = [&]() {
        if (!lower.empty()) {
          for (auto it = lower.rbegin(); it != lower.rend(); ++it)
            pts += fmt(it->first) + "," + fmt(it->second) + " ";
          out += "<polygon points=\"" + pts + "\" fill=\"" + col +
                 "\" fill-opacity=\"0.15\" stroke=\"none\"/>\n";
        }
        pts.clear();
        lower.clear();
      };
      for (size_t i = 0; i < n; ++i) {
        double e = i < s.y_err.size() ? s.y_err[i] : 0;
        double lo = s.y[i] - e, hi = s.y[i] + e;
        if (ay.log_scale && !(lo > 0)) lo = ay.lo;
        if (!drawable(s.x[i], ax.log_scale) || !drawable(hi, ay.log_scale) || !std::isfinite(e)) {
          flush();
          continue;
        }
        double px = ax.map(s.x[i]);
        pts += fmt(px) + "," + fmt(ay.map(hi)) + " ";
        lower.push_back({px, ay.map(lo)});
      }
      flush();
    }
    std::string path;
    bool pen_down = false;
    int drawn = 0;
    for (size_t i = 0; i < n; ++i) {
      if (!drawable(s.x[i], ax.log_scale) || !drawable(s.y[i], ay.log_scale)) {
        pen_down = false;
        continue;
      }
      path += (pen_down ? "L" : "M") + fmt(ax.map(s.x[i])) + " " + fmt(ay.map(s.y[i])) + " ";
      pen_down = true;
      ++drawn;
    }
    if (!path.empty())
      out += "<path d=\"" + path + "\" fill=\"none\" stroke=\"" + col + "\" stroke-width=\"1.8\"" +
             (s.dashed ? " stroke-dasharray=\"6,4\"" : "") + "/>\n";
    if (drawn <= 40)
      for (size_t i = 0; i < n; ++i)
        if (drawable(s.x[i], ax.log_scale) && drawable(s.y[i], ay.log_scale))
          out += "<circle cx=\"" + fmt(ax.map(s.x[i])) + "\" cy=\"" + fmt(ay.map(s.y[i])) +
                 "\" r=\"2.5\" fill=\"" + (s.dashed ? std::string("white") : std::string(col)) +
                 "\" stroke=\"" + col + "\"/>\n";
  }
  out += "</g>\n";

  // Legend at the right of the plot.
  double ly = t + 6;
  for (int si = 0; si < nseries; ++si) {
    const Series& s = c.series[si];
    const char* col = palette[(s.color >= 0 ? s.color : si) % palette_size];
    double lx = r + 10;
    if (c.bars)
      out += "<rect x=\"" + fmt(lx) + "\" y=\"" + fmt(ly - 5) +
             "\" width=\"18\" height=\"9\" fill=\"" + col + "\"" +
             (s.dashed ? " fill-opacity=\"0.45\"" : "") + "/>\n";
    else
      out += "<line x1=\"" + fmt(lx) + "\" y1=\"" + fmt(ly) + "\" x2=\"" + fmt(lx + 18) +
             "\" y2=\"" + fmt(ly) + "\" stroke=\"" + col + "\" stroke-width=\"1.8\"" +
             (s.dashed ? " stroke-dasharray=\"6,4\"" : "") + "/>\n";
    out += "<text x=\"" + fmt(lx + 23) + "\" y=\"" + fmt(ly + 4) + "\" font-size=\"10\">" +
           esc(s.name) + "</text>\n";
    ly += 14;
    if (ly > oy + panel_h - 8) break;
  }
  out += "</g>\n";
}

}  // namespace

std::vector<double> axis_ticks(double lo, double hi, bool log_scale, int target) {
  std::vector<double> ticks;
  if (!(std::isfinite(lo) && std::isfinite(hi)) || hi < lo) return ticks;
  if (log_scale) {
    if (!(lo > 0)) return ticks;
    int e0 = static_cast<int>(std::floor(std::log10(lo) + 1e-9));
    int e1 = static_cast<int>(std::ceil(std::log10(hi) - 1e-9));
    int decades = std::max(1, e1 - e0);
    int stride = std::max(1, (decades + target - 1) / target);
    for (int e = e0; e <= e1; e += stride) {
      for (double m : {1.0, 2.0, 5.0}) {
        if (m != 1.0 && decades > 2) continue;
        double v = m * std::pow(10.0, e);
        if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) ticks.push_back(v);
      }
    }
    return ticks;
  }
  if (hi == lo) return {lo};
  double raw = (hi - lo) / std::max(1, target);
  double mag = std::pow(10.0, std::floor(std::log10(raw)));
  double step = mag;
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (m * mag >= raw * 0.999) {
      step = m * mag;
      break;
    }
  for (double v = std::ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step)
    ticks.push_back(std::fabs(v) < step * 1e-9 ? 0.0 : v);
  return ticks;
}

std::string chart_svg(const std::vector<Chart>& charts, const std::string& title, int columns) {
  columns = std::max(1, columns);
  int n = static_cast<int>(charts.size());
  int cols = std::min(columns, std::max(1, n));
  int rows = (n + cols - 1) / cols;
  double w = cols * panel_w, h = title_h + std::max(1, rows) * panel_h;
  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" +
      fmt(w) + "\" height=\"" + fmt(h) + "\" viewBox=\"0 0 " + fmt(w) + " " + fmt(h) + "\">\n";
  out += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
  out += "<text x=\"" + fmt(w / 2) +
         "\" y=\"24\" text-anchor=\"middle\" font-family=\"sans-serif\" "
         "font-size=\"16\" font-weight=\"bold\">" +
         esc(title) + "</text>\n";
  for (int i = 0; i < n; ++i)
    draw_panel(out, charts[i], (i % cols) * panel_w, title_h + (i / cols) * panel_h);
  out += "</svg>\n";
  return out;
}

}  // namespace relulab
