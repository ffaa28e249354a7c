// regions.cpp: the kept exact partition, its statistics, overlay, hover and SVG (regions.h).
#include "regions.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app.h"
#include "i18n/i18n.h"

namespace relulab {

namespace {

Rect plot_rect(const AppState& s) {
  return Rect{s.view.domain.x0, s.view.domain.x1, s.view.domain.y0, s.view.domain.y1};
}

bool same_rect(const Rect& a, const Rect& b) {
  return a.x0 == b.x0 && a.x1 == b.x1 && a.y0 == b.y0 && a.y1 == b.y1;
}

// The plot's side in pixels the area statistics use (256 before the plot was first drawn).
int plot_pixels(const AppState& s) { return s.view.plot_width > 0 ? s.view.plot_width : 256; }

// The overlay the main view wants now (partition -1: none).
OverlayKey wanted_overlay(const AppState& s) {
  OverlayKey k;
  if (!region_edges_shown(s)) return k;
  const RegionsState& r = s.regions;
  k.partition = r.id;
  k.layers = regions_layers_shown(s);
  k.by_layer = k.layers < r.partition.layers;
  k.fill = k.by_layer && s.view.mode == MainView::regions && s.view.hover_layer < 0;
  k.width = s.view.plot_width;
  k.height = s.view.plot_height;
  // one device pixel, a little more on dense displays (a phone's 3x)
  const float scale = s.view.plot_width > 0 && s.screen.plot_max.x > s.screen.plot_min.x
                          ? s.view.plot_width / (s.screen.plot_max.x - s.screen.plot_min.x)
                          : 1.0f;
  k.line_px = std::max(1, static_cast<int>(std::floor(scale * 0.75f + 0.5f)));
  return k;
}

// One line per layer: "L1  1011 0010 1110", wrapped every 32 units.
std::string pattern_lines(const std::string& pattern) {
  std::string out;
  int layer = 0;
  size_t start = 0;
  while (start <= pattern.size()) {
    size_t end = pattern.find(' ', start);
    if (end == std::string::npos) end = pattern.size();
    const std::string bits = pattern.substr(start, end - start);
    char head[16];
    std::snprintf(head, sizeof head, "  L%d  ", ++layer);
    out += head;
    for (size_t i = 0; i < bits.size(); ++i) {
      if (i && i % 32 == 0)
        out += "\n      ";
      else if (i && i % 8 == 0)
        out += ' ';
      out += bits[i];
    }
    out += '\n';
    start = end + 1;
  }
  return out;
}

}  // namespace

bool regions_kept(const AppState& s) {
  const Partition& p = s.regions.partition;
  const Network& net = s.run.trainer.net;
  if (p.polygons() == 0 || !same_rect(p.domain, plot_rect(s)) || p.layers != net.hidden_count())
    return false;
  for (int l = 0; l < p.layers; ++l)
    if (p.layer_units[l] != net.layers[l].out()) return false;
  return true;
}

bool regions_current(const AppState& s) {
  return regions_kept(s) && s.regions.weights == network_fingerprint(s.run.trainer.net);
}

int regions_layers_shown(const AppState& s) {
  const int n = s.regions.partition.layers;
  return s.regions.layers <= 0 || s.regions.layers > n ? n : s.regions.layers;
}

bool region_edges_shown(const AppState& s) {
  return regions_kept(s) && s.regions.edges[static_cast<int>(s.view.mode)] &&
         s.view.plot_width > 0 && s.view.plot_height > 0;
}

void keep_partition(AppState& s, Partition&& p, long step, std::uint64_t weights) {
  RegionsState& r = s.regions;
  r.partition = std::move(p);
  r.step = step;
  r.weights = weights;
  ++r.id;
  // the regions that hold a training point (points outside the domain are in none)
  r.with_points = 0;
  r.training_points = static_cast<long>(s.run.trainer.data.train.size());
  for (int c : points_per_region(r.partition, s.run.trainer.data.train)) r.with_points += c > 0;
  r.hover.id = -1;
}

void drop_partition(AppState& s) {
  RegionsState& r = s.regions;
  if (r.partition.polygons() == 0 && r.partition.layers == 0) return;
  r.partition = Partition{};
  ++r.id;
  r.with_points = r.training_points = 0;
  r.areas = RegionAreaStats{};
  r.hover = RegionHover{};
}

void refresh_regions(AppState& s) {
  RegionsState& r = s.regions;
  r.hover.valid = false;  // set again by the plot while the pointer is over it
  if (!regions_kept(s)) return;
  const int pixels = plot_pixels(s);
  if (r.areas_id != r.id || r.areas_pixels != pixels) {
    r.areas = region_area_stats(r.partition, r.partition.domain.area() / (double(pixels) * pixels));
    r.areas_id = r.id;
    r.areas_pixels = pixels;
  }
  const OverlayKey want = wanted_overlay(s);
  if (want.partition < 0 || want == r.overlay.key) return;
  // a new partition while training: rebuilt within a tenth of the time (the old edges stay up);
  // a change of layer, view or size at once
  const bool only_weights = r.overlay.key.partition >= 0 && want.layers == r.overlay.key.layers &&
                            want.fill == r.overlay.key.fill && want.width == r.overlay.key.width &&
                            want.height == r.overlay.key.height;
  const double now = now_seconds();
  if (only_weights && now < r.overlay_not_before) return;
  build_region_overlay(r.overlay, r.partition, want, !s.headless && s.renderer.ready);
  r.overlay_not_before = now + r.overlay.build_ms * 1e-3 * 9;
}

bool region_overlay_stale(const AppState& s) {
  const OverlayKey want = wanted_overlay(s);
  return want.partition >= 0 && want != s.regions.overlay.key;
}

void hover_region(AppState& s, double x1, double x2) {
  RegionsState& r = s.regions;
  RegionHover& h = r.hover;
  h.valid = false;
  if (!regions_kept(s)) return;
  const Partition& p = r.partition;
  const int q = polygon_at(p, x1, x2);
  if (q < 0) return;
  const int layers = regions_layers_shown(s);
  h.valid = true;
  h.x1 = x1;
  h.x2 = x2;
  const int lang = static_cast<int>(language());
  if (h.id == r.id && h.polygon == q && h.layers == layers && h.lang == lang &&
      h.plot_pixels == plot_pixels(s))
    return;  // the same region: cached
  h.id = r.id;
  h.lang = lang;
  h.plot_pixels = plot_pixels(s);
  h.polygon = q;
  h.layers = layers;
  h.outline = cell_outline(p, q, layers - 1, &h.area);
  const double domain = p.domain.area();
  h.share = h.area / domain;
  h.pixels = h.area / (domain / (double(plot_pixels(s)) * plot_pixels(s)));
  // the pattern over the layers shown: pattern_text's groups 0..layers-1
  const std::string all = pattern_text(p, q);
  size_t cut = 0;
  for (int l = 0; l < layers && cut != std::string::npos; ++l)
    cut = all.find(' ', cut + (l ? 1 : 0));
  h.pattern = cut == std::string::npos ? all : all.substr(0, cut);
  h.map.assign(p.maps.begin() + static_cast<long>(q) * p.outputs * 3,
               p.maps.begin() + static_cast<long>(q + 1) * p.outputs * 3);
  // regions of the whole network inside the cell (consecutive polygons, as cell_outline finds them)
  h.inside = 1;
  if (layers < p.layers) {
    const std::uint64_t mine = pattern_hash(p, q, layers);
    for (int t = q - 1; t >= 0 && pattern_hash(p, t, layers) == mine; --t) ++h.inside;
    for (int t = q + 1; t < p.polygons() && pattern_hash(p, t, layers) == mine; ++t) ++h.inside;
  }

  std::string& text = h.text;
  if (layers < p.layers)
    text =
        trf(Str::region_hover_cell, layers, p.layers, p.regions_after_layer[layers - 1], h.inside);
  else
    text = trf(Str::region_hover_title, p.regions);
  text += "\n";
  text += tr(Str::region_hover_pattern);
  text += "\n";
  text += pattern_lines(h.pattern);
  text += trf(Str::region_hover_area, h.area, 100 * h.share, h.pixels);
  text += "\n";
  if (layers < p.layers) {
    text += tr(Str::region_hover_map_cell);
  } else if (p.outputs == 1) {
    text += trf(Str::region_hover_map, h.map[0], h.map[1], h.map[2]);
  } else {
    for (int k = 0; k < p.outputs; ++k) {
      if (k) text += "\n";
      text += trf(Str::region_hover_map_class, k, h.map[3 * k], h.map[3 * k + 1], h.map[3 * k + 2]);
    }
  }
}

std::string regions_svg(const AppState& s, std::string* error) {
  const Network& net = s.run.trainer.net;
  const int layers = regions_kept(s) ? regions_layers_shown(s) : net.hidden_count();
  const int layer = layers >= net.hidden_count() ? -1 : layers - 1;  // the CLI's --layer L -> L - 1
  const std::vector<Point>& train = s.run.trainer.data.train;
  if (regions_current(s)) return partition_svg(s.regions.partition, 800, layer, &train);
  // the kept partition lags the weights (training, an edit): the current weights' partition now
  std::string why = exact_regions_unsupported(net);
  Partition p;
  if (why.empty()) {
    ExactOptions o;
    o.domain = plot_rect(s);
    why = exact_partition(net, o, &p);
  }
  if (!why.empty()) {
    *error = trf(Str::svg_needs_exact, tr_core(why).c_str());
    return "";
  }
  return partition_svg(p, 800, layer, &train);
}

}  // namespace relulab
