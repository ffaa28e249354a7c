// lab.cpp: the issue-4 frame hooks: per-frame bookkeeping (race, per-unit history, pending uploads
// and the URL hash), the main view's modes and overlay (click to add / remove points, the probe and
// its local linear map), and the CPU rendering of the current view for PNG export.
#include "lab.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "colours.h"
#include "instruments/grid.h"
#include "lab_draw.h"
#include "lab_panels.h"
#include "panels.h"

#include <stb/stb_image_write.h>

namespace relulab {

namespace {

constexpr size_t max_unit_history = 160;

void record_unit_history(AppState& s) {
  LabState& lab = s.lab;
  const Stats& st = s.trainer.stats;
  if (st.step == lab.unit_history_step) return;
  if (st.step < lab.unit_history_step) {  // reset or a new run
    lab.unit_history.clear();
    lab.unit_history_epoch.clear();
  }
  lab.unit_history_step = st.step;
  std::vector<std::vector<float>> now;
  for (const LayerStats& ls : st.layers) now.push_back(ls.unit_active_fraction);
  if (!lab.unit_history.empty()) {
    const auto& last = lab.unit_history.back();
    bool same = last.size() == now.size();
    for (size_t l = 0; same && l < now.size(); ++l) same = last[l].size() == now[l].size();
    if (!same) {
      lab.unit_history.clear();
      lab.unit_history_epoch.clear();
    }
  }
  lab.unit_history.push_back(std::move(now));
  lab.unit_history_epoch.push_back(st.epoch);
  if (lab.unit_history.size() > max_unit_history) {  // keep every other snapshot
    size_t k = 0;
    for (size_t i = 0; i < lab.unit_history.size(); i += 2, ++k) {
      lab.unit_history[k] = std::move(lab.unit_history[i]);
      lab.unit_history_epoch[k] = lab.unit_history_epoch[i];
    }
    lab.unit_history.resize(k);
    lab.unit_history_epoch.resize(k);
  }
}

// The colour of a linear region's hash (pastel, so points stay visible). Same as the shader's.
void region_colour(std::uint64_t h, unsigned char* rgb) {
  const std::uint32_t x = static_cast<std::uint32_t>(h ^ (h >> 32));
  rgb[0] = static_cast<unsigned char>(90 + (x & 0xff) * 165 / 255);
  rgb[1] = static_cast<unsigned char>(90 + ((x >> 8) & 0xff) * 165 / 255);
  rgb[2] = static_cast<unsigned char>(90 + ((x >> 16) & 0xff) * 165 / 255);
}

void png_writer(void* context, void* data, int size) {
  auto* out = static_cast<std::vector<unsigned char>*>(context);
  const auto* bytes = static_cast<const unsigned char*>(data);
  out->insert(out->end(), bytes, bytes + size);
}

}  // namespace

void lab_frame(AppState& s) {
  LabState& lab = s.lab;
  lab.probe_valid = false;
  lab_poll_transfers(s);
  run_race_slice(s);
  run_experiment_slice(s);
  record_unit_history(s);
  const int hidden = s.trainer.net.hidden_count();
  if (lab.view == MainView::unit &&
      (lab.view_layer > hidden || lab.view_unit >= s.trainer.net.layers[std::min(lab.view_layer, hidden)].out()))
    lab.view = MainView::boundary;
}

void draw_lab_panels(AppState& s) {
  draw_diagram_panel(s);
  draw_instruments_panel(s);
  draw_lab_tools_panel(s);
}

int lab_view_mode(AppState& s) {
  const LabState& lab = s.lab;
  int layer = -1, unit = -1;
  if (lab.hover_layer >= 0) {
    layer = lab.hover_layer;
    unit = lab.hover_unit;
  } else if (lab.view == MainView::unit) {
    layer = lab.view_layer;
    unit = lab.view_unit;
  }
  const Network& net = s.trainer.net;
  if (layer >= 0 && layer < net.hidden_count() && unit >= 0 && unit < net.layers[layer].out()) {
    s.renderer.unit_layer = layer;
    s.renderer.unit_index = unit;
    float scale = 1;
    if (layer < static_cast<int>(lab.maps.lo.size()))
      scale = std::max({std::fabs(lab.maps.lo[layer]), std::fabs(lab.maps.hi[layer]), 1e-6f});
    s.renderer.unit_scale = scale;
    return static_cast<int>(lab.unit_mask ? BoundaryMode::unit_mask : BoundaryMode::unit_value);
  }
  if (lab.view == MainView::regions) return static_cast<int>(BoundaryMode::regions);
  return static_cast<int>(BoundaryMode::colour);
}

void lab_plot_overlay(AppState& s, float p0x, float p0y, float side, bool hovered) {
  LabState& lab = s.lab;
  if (side <= 0) return;
  // caption: what the main view shows when it is not the boundary
  {
    char caption[96] = "";
    const int layer = lab.hover_layer >= 0 ? lab.hover_layer : lab.view == MainView::unit ? lab.view_layer : -1;
    const int unit = lab.hover_layer >= 0 ? lab.hover_unit : lab.view_unit;
    if (layer >= 0 && layer < s.trainer.net.hidden_count())
      std::snprintf(caption, sizeof caption, "unit %d of layer %d (%s): %s", unit, layer + 1,
                    activation_name(s.trainer.net.layers[layer].activation), lab.unit_mask ? "on/off mask" : "output");
    else if (lab.view == MainView::regions)
      std::snprintf(caption, sizeof caption, "linear regions: %d on a %dx%d grid", s.regions,
                    s.regions_side, s.regions_side);
    if (caption[0]) {
      ImDrawList* draw = ImGui::GetWindowDrawList();
      const ImVec2 size = ImGui::CalcTextSize(caption);
      draw->AddRectFilled(ImVec2(p0x + 4, p0y + 4), ImVec2(p0x + 12 + size.x, p0y + 8 + size.y), IM_COL32(20, 20, 24, 200), 3);
      draw->AddText(ImVec2(p0x + 8, p0y + 6), IM_COL32(240, 240, 245, 255), caption);
    }
  }
  if (!hovered) return;
  const PlotDomain& dom = s.domain;
  const ImGuiIO& io = ImGui::GetIO();
  const float x1 = dom.x0 + (io.MousePos.x - p0x) / side * (dom.x1 - dom.x0);
  const float x2 = dom.y1 - (io.MousePos.y - p0y) / side * (dom.y1 - dom.y0);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  auto to_screen = [&](float a, float b) {
    return ImVec2(p0x + (a - dom.x0) / (dom.x1 - dom.x0) * side, p0y + (dom.y1 - b) / (dom.y1 - dom.y0) * side);
  };

  // click: add a point of the chosen class; shift/ctrl-click: remove the nearest
  if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
    Trainer& t = s.trainer;
    bool changed = false;
    if (io.KeyShift || io.KeyCtrl || io.KeySuper) {
      changed = remove_nearest(t.data, x1, x2, 0.05f * (dom.x1 - dom.x0));
      if (!changed) lab.notice = "no point near enough to remove";
    } else {
      Point p;
      p.x1 = x1;
      p.x2 = x2;
      p.label = t.data.regression ? lab.point_value : static_cast<float>(std::clamp(lab.point_class, 0, t.data.classes - 1));
      changed = add_point(t.data, p);
      if (!changed) s.message = "could not add the point (the data set is full, at " + std::to_string(max_points) + " points)";
    }
    if (changed) {
      t.config.data = t.data.spec;
      s.config.data = t.data.spec;
      refresh_data(t);
      measure_now(s);
    }
  }

  if (!lab.probe_enabled) return;
  lab.probe = probe_point(s.trainer.net, x1, x2);
  lab.probe_valid = true;
  const Probe& p = lab.probe;
  // the local linear map's zero line: where this linear piece, extended, would put the boundary
  const bool plane = s.trainer.net.spec.features == 0b11u && p.output.size() == 1;
  const float threshold = 0;  // boundary at pre-link z = 0 for tanh and sigmoid alike
  if (plane) {
    const float a = p.jacobian(0, 0), b = p.jacobian(0, 1), c = p.offset[0] - threshold;
    draw->PushClipRect(ImVec2(p0x, p0y), ImVec2(p0x + side, p0y + side), true);
    if (std::fabs(b) > 1e-6f || std::fabs(a) > 1e-6f) {
      ImVec2 e0, e1;
      if (std::fabs(b) >= std::fabs(a)) {
        e0 = to_screen(dom.x0, -(a * dom.x0 + c) / b);
        e1 = to_screen(dom.x1, -(a * dom.x1 + c) / b);
      } else {
        e0 = to_screen(-(b * dom.y0 + c) / a, dom.y0);
        e1 = to_screen(-(b * dom.y1 + c) / a, dom.y1);
      }
      // dashed
      const float dx = e1.x - e0.x, dy = e1.y - e0.y, len = std::sqrt(dx * dx + dy * dy);
      for (float u = 0; u < len; u += 12) {
        const float v = std::min(u + 6, len);
        draw->AddLine(ImVec2(e0.x + dx * u / len, e0.y + dy * u / len), ImVec2(e0.x + dx * v / len, e0.y + dy * v / len),
                      IM_COL32(20, 20, 20, 200), 1.5f);
      }
    }
    draw->PopClipRect();
  }
  const ImVec2 m = io.MousePos;
  draw->AddCircle(m, 5, IM_COL32(0, 0, 0, 220), 12, 1.5f);
  std::string text;
  char line[160];
  std::snprintf(line, sizeof line, "x1 = %.2f, x2 = %.2f\n%d of %d hidden units active\n", x1, x2, p.active_units, p.hidden_units);
  text += line;
  if (p.output.size() == 1) {
    std::snprintf(line, sizeof line, "z = %+.3f x1 %+.3f x2 %+.3f %s", p.jacobian(0, 0), p.jacobian(0, 1),
                  plane ? p.offset[0] : p.output[0] - p.jacobian(0, 0) * x1 - p.jacobian(0, 1) * x2,
                  p.piecewise_linear ? (plane ? "(exact in this region)" : "(in this region, to first order)") : "(tangent)");
    text += line;
    if (plane) text += "\ndashed: where this linear piece puts z = 0";
  } else {
    int best = 0;
    for (int o = 1; o < p.output.size(); ++o) if (p.output[o] > p.output[best]) best = o;
    std::snprintf(line, sizeof line, "class %d; z%d = %+.3f x1 %+.3f x2 + ...", best, best, p.jacobian(best, 0), p.jacobian(best, 1));
    text += line;
  }
  text += "\nclick: add a point   shift/ctrl-click: remove the nearest";
  ImGui::SetTooltip("%s", text.c_str());
}

std::vector<unsigned char> render_view_png(const AppState& s, int size) {
  const Network& net = s.trainer.net;
  GridSpec g;
  g.x0 = s.domain.x0; g.x1 = s.domain.x1; g.y0 = s.domain.y0; g.y1 = s.domain.y1;
  g.width = g.height = size;
  const size_t n = static_cast<size_t>(size) * size;
  std::vector<unsigned char> rgb(n * 3);
  const LabState& lab = s.lab;
  const bool unit_view = lab.view == MainView::unit && lab.view_layer < net.hidden_count();
  if (lab.view == MainView::regions) {
    std::vector<std::uint64_t> pattern;
    eval_patterns(net, g, pattern);
    for (size_t i = 0; i < n; ++i) region_colour(pattern[i], &rgb[3 * i]);
  } else {
    std::vector<float> v;
    float scale = 1;
    if (unit_view) {
      eval_grid(net, g, lab.unit_mask ? GridField::unit_mask : GridField::unit_value, lab.view_layer, lab.view_unit, v);
      for (float x : v) scale = std::max(scale, std::fabs(x));
    } else {
      eval_grid(net, g, GridField::output, 0, 0, v);
    }
    const Output out = net.spec.output;
    for (size_t i = 0; i < n; ++i) {
      float t = v[i];
      Rgb c = neutral_colour;
      float a = 0;
      if (unit_view && lab.unit_mask) {
        c = t > 0.5f ? Rgb{30 / 255.f, 30 / 255.f, 36 / 255.f} : Rgb{236 / 255.f, 236 / 255.f, 240 / 255.f};
      } else if (!unit_view && out == Output::softmax_ce) {
        c = class_colours[std::clamp(static_cast<int>(t), 0, palette_size - 1)];
        a = 0.75f;
        c = {neutral_colour.r + (c.r - neutral_colour.r) * a, neutral_colour.g + (c.g - neutral_colour.g) * a,
             neutral_colour.b + (c.b - neutral_colour.b) * a};
      } else {
        if (unit_view) t /= scale;
        else if (out == Output::sigmoid_bce) t = 2 * t - 1;
        t = std::clamp(t, -1.0f, 1.0f);
        a = (s.discrete_boundary && !unit_view ? 1.0f : std::fabs(t)) * 0.75f;
        const Rgb& e = class_colours[t > 0 ? 1 : 0];
        c = {neutral_colour.r + (e.r - neutral_colour.r) * a, neutral_colour.g + (e.g - neutral_colour.g) * a,
             neutral_colour.b + (e.b - neutral_colour.b) * a};
      }
      rgb[3 * i] = static_cast<unsigned char>(255 * c.r);
      rgb[3 * i + 1] = static_cast<unsigned char>(255 * c.g);
      rgb[3 * i + 2] = static_cast<unsigned char>(255 * c.b);
    }
  }
  // points: filled discs with a white (train) or dark (test) ring
  const Dataset& d = s.trainer.data;
  const float radius = std::max(2.5f, size / 160.0f);
  auto disc = [&](const Point& p, bool test) {
    const float cx = (p.x1 - g.x0) / (g.x1 - g.x0) * size, cy = (g.y1 - p.x2) / (g.y1 - g.y0) * size;
    Rgb fill;
    if (d.regression) {
      const float t = std::clamp(p.label, -1.0f, 1.0f);
      const Rgb& e = class_colours[t > 0 ? 1 : 0];
      const float a = std::fabs(t);
      fill = {neutral_colour.r + (e.r - neutral_colour.r) * a, neutral_colour.g + (e.g - neutral_colour.g) * a,
              neutral_colour.b + (e.b - neutral_colour.b) * a};
    } else {
      fill = class_colours[std::clamp(static_cast<int>(p.label), 0, palette_size - 1)];
    }
    const int r = static_cast<int>(std::ceil(radius + 1.5f));
    for (int y = static_cast<int>(cy) - r; y <= static_cast<int>(cy) + r; ++y)
      for (int x = static_cast<int>(cx) - r; x <= static_cast<int>(cx) + r; ++x) {
        if (x < 0 || y < 0 || x >= size || y >= size) continue;
        const float dist = std::sqrt((x + 0.5f - cx) * (x + 0.5f - cx) + (y + 0.5f - cy) * (y + 0.5f - cy));
        unsigned char* px = &rgb[3 * (static_cast<size_t>(y) * size + x)];
        if (dist <= radius) {
          px[0] = static_cast<unsigned char>(255 * fill.r);
          px[1] = static_cast<unsigned char>(255 * fill.g);
          px[2] = static_cast<unsigned char>(255 * fill.b);
        } else if (dist <= radius + 1.5f) {
          const unsigned char ring = test ? 30 : 255;
          px[0] = px[1] = px[2] = ring;
        }
      }
  };
  if (s.show_test_points)
    for (const Point& p : d.test) disc(p, true);
  for (const Point& p : d.train) disc(p, false);
  std::vector<unsigned char> png;
  stbi_write_png_to_func(png_writer, &png, size, size, 3, rgb.data(), size * 3);
  return png;
}

}  // namespace relulab
