// panel_plot.cpp: the main view: the decision boundary drawn by the fragment shader (renderer.h)
// into an offscreen texture shown with ImGui::Image, and the data points drawn on top.
//
// Two-class data: orange = class 0 (output < 0 after tanh, < 0.5 after sigmoid), blue = class 1;
// shade strength is the network's confidence. Training points have a white ring, test points a
// dark one. Regression targets are shaded on the same orange-white-blue scale.
#include <algorithm>
#include <cmath>
#include <cstdint>

#include <cstdio>
#include <string>

#include "gfx/colours.h"
#include "i18n/i18n.h"
#include "panels/draw.h"
#include "panels/panels.h"

namespace relulab {

namespace {

ImU32 point_colour(const Dataset& d, float label) {
  if (!d.regression) return class_colour_u32(static_cast<int>(label));
  // Regression: orange (-1) -> neutral (0) -> blue (+1).
  const float t = std::clamp(label, -1.0f, 1.0f);
  const Rgb& end = t < 0 ? class_colours[0] : class_colours[1];
  const float a = std::fabs(t);
  return ImGui::ColorConvertFloat4ToU32(ImVec4(neutral_colour.r + (end.r - neutral_colour.r) * a,
                                               neutral_colour.g + (end.g - neutral_colour.g) * a,
                                               neutral_colour.b + (end.b - neutral_colour.b) * a, 1));
}

// The overlay after the image item: a caption naming what the view shows, clicks that add or
// remove points, and the probe with its local linear map. p0: top-left of the square of `side`
// pixels covering the domain; `hovered`: the image item is hovered.
void draw_plot_overlay(AppState& s, float p0x, float p0y, float side, bool hovered) {
  if (side <= 0) return;
  // caption: what the main view shows when it is not the boundary
  {
    char caption[96] = "";
    const int layer = s.view.hover_layer >= 0 ? s.view.hover_layer : s.view.mode == MainView::unit ? s.view.layer : -1;
    const int unit = s.view.hover_layer >= 0 ? s.view.hover_unit : s.view.unit;
    if (layer >= 0 && layer < s.run.trainer.net.hidden_count())
      std::snprintf(caption, sizeof caption, tr(Str::caption_unit), unit, layer + 1,
                    activation_name(s.run.trainer.net.layers[layer].activation), s.view.unit_mask ? tr(Str::on_off_mask) : tr(Str::output));
    else if (s.view.mode == MainView::regions && regions_kept(s) &&
             regions_layers_shown(s) < s.regions.partition.layers)
      std::snprintf(caption, sizeof caption, tr(Str::caption_regions_layer), regions_layers_shown(s),
                    s.regions.partition.layers, s.regions.partition.regions_after_layer[regions_layers_shown(s) - 1],
                    s.run.region_count.running ? tr(Str::updating_comma) : "");
    else if (s.view.mode == MainView::regions && s.run.regions_exact)
      std::snprintf(caption, sizeof caption, tr(Str::caption_regions_exact), s.run.regions,
                    s.run.region_count.running ? tr(Str::updating_comma) : "");
    else if (s.view.mode == MainView::regions)
      std::snprintf(caption, sizeof caption, tr(Str::caption_regions), s.run.regions,
                    s.run.regions_side, s.run.regions_side);
    if (caption[0]) {
      ImDrawList* draw = ImGui::GetWindowDrawList();
      const ImVec2 size = ImGui::CalcTextSize(caption);
      draw->AddRectFilled(ImVec2(p0x + 4, p0y + 4), ImVec2(p0x + 12 + size.x, p0y + 8 + size.y), IM_COL32(20, 20, 24, 200), 3);
      draw->AddText(ImVec2(p0x + 8, p0y + 6), IM_COL32(240, 240, 245, 255), caption);
    }
  }
  // a network too large to draw within a frame: the picture fills in band by band, and says so
  if (s.view_path == ViewPath::raster && s.raster.busy() && s.raster.pass_ms > s.frame.view_budget_ms) {
    char note[128];
    std::snprintf(note, sizeof note, tr(Str::refreshing_progressively),
                  static_cast<int>(100 * s.raster.progress()),
                  std::max(s.raster.last_pass_ms, s.raster.pass_ms / std::max(0.01f, s.raster.progress())));
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const std::string text = wrap_text(note, side - 16);  // a phone's plot is narrower than the line
    const ImVec2 size = ImGui::CalcTextSize(text.c_str());
    const float y = p0y + side - size.y - 8;
    draw->AddRectFilled(ImVec2(p0x + 4, y - 2), ImVec2(p0x + 12 + size.x, y + size.y + 2), IM_COL32(20, 20, 24, 200), 3);
    draw->AddText(ImVec2(p0x + 8, y), IM_COL32(255, 220, 140, 255), text.c_str());
  }
  if (!hovered) return;
  const PlotDomain& dom = s.view.domain;
  const ImGuiIO& io = ImGui::GetIO();
  const float x1 = dom.x0 + (io.MousePos.x - p0x) / side * (dom.x1 - dom.x0);
  const float x2 = dom.y1 - (io.MousePos.y - p0y) / side * (dom.y1 - dom.y0);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  auto to_screen = [&](float a, float b) {
    return ImVec2(p0x + (a - dom.x0) / (dom.x1 - dom.x0) * side, p0y + (dom.y1 - b) / (dom.y1 - dom.y0) * side);
  };

  // click: add a point of the chosen class; shift/ctrl-click: remove the nearest
  if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
    Trainer& t = s.run.trainer;
    bool changed = false;
    const char* edit = io.KeyShift || io.KeyCtrl || io.KeySuper ? "point removal" : "added point";
    remember_for_undo(s, edit);
    if (io.KeyShift || io.KeyCtrl || io.KeySuper) {
      changed = remove_nearest(t.data, x1, x2, 0.05f * (dom.x1 - dom.x0));
      if (!changed) s.files.notice = tr(Str::no_point_near);
    } else {
      Point p;
      p.x1 = x1;
      p.x2 = x2;
      p.label = t.data.regression ? s.view.point_value : static_cast<float>(std::clamp(s.view.point_class, 0, t.data.classes - 1));
      changed = add_point(t.data, p);
      if (!changed) s.run.message = trf(Str::data_set_full, max_points);
    }
    if (!changed) forget_last_undo(s, edit);
    if (changed) {
      t.config.data = t.data.spec;
      s.run.config.data = t.data.spec;
      refresh_data(t);
      measure_now(s);
    }
  }

  // the region under the pointer (or a finger held on the plot): outlined, described below
  std::string region_text;
  if (regions_kept(s) && (region_edges_shown(s) || s.view.mode == MainView::regions)) {
    hover_region(s, dom.x0 + (io.MousePos.x - p0x) / double(side) * (double(dom.x1) - dom.x0),
                 dom.y1 - (io.MousePos.y - p0y) / double(side) * (double(dom.y1) - dom.y0));
    const RegionHover& h = s.regions.hover;
    if (h.valid && h.outline.size() >= 6) {
      std::vector<ImVec2> pts;
      for (size_t k = 0; k + 1 < h.outline.size(); k += 2)
        pts.push_back(to_screen(static_cast<float>(h.outline[k]), static_cast<float>(h.outline[k + 1])));
      draw->PushClipRect(ImVec2(p0x, p0y), ImVec2(p0x + side, p0y + side), true);
      draw->AddPolyline(pts.data(), static_cast<int>(pts.size()), IM_COL32(0, 0, 0, 230), ImDrawFlags_Closed, 3.5f);
      draw->AddPolyline(pts.data(), static_cast<int>(pts.size()), IM_COL32(255, 236, 60, 255), ImDrawFlags_Closed, 1.5f);
      draw->PopClipRect();
    }
    if (h.valid) {
      region_text = h.text;
      if (!regions_current(s)) region_text += "\n" + trf(Str::region_hover_stale, s.regions.step);
    }
  }
  if (!s.view.probe_enabled) {
    if (!region_text.empty()) ImGui::SetTooltip("%s", region_text.c_str());
    return;
  }
  s.view.probe = probe_point(s.run.trainer.net, x1, x2);
  s.view.probe_valid = true;
  const Probe& p = s.view.probe;
  // the local linear map's zero line: where this linear piece, extended, would put the boundary
  const bool plane = s.run.trainer.net.spec.features == 0b11u && p.output.size() == 1;
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
  std::snprintf(line, sizeof line, "x1 = %.2f, x2 = %.2f\n", x1, x2);
  text += line;
  std::snprintf(line, sizeof line, tr(Str::hidden_units_active), p.active_units, p.hidden_units);
  text += line;
  text += "\n";
  if (!region_text.empty()) {
    text += "\n" + region_text;  // the region's own affine map replaces the probe's
    if (plane) text += tr(Str::probe_dashed);
  } else if (p.output.size() == 1) {
    std::snprintf(line, sizeof line, "z = %+.3f x1 %+.3f x2 %+.3f %s", p.jacobian(0, 0), p.jacobian(0, 1),
                  plane ? p.offset[0] : p.output[0] - p.jacobian(0, 0) * x1 - p.jacobian(0, 1) * x2,
                  p.piecewise_linear ? (plane ? tr(Str::probe_exact_here) : tr(Str::probe_first_order)) : tr(Str::probe_tangent));
    text += line;
    if (plane) text += tr(Str::probe_dashed);
  } else {
    int best = 0;
    for (int o = 1; o < p.output.size(); ++o) if (p.output[o] > p.output[best]) best = o;
    std::snprintf(line, sizeof line, tr(Str::probe_class_map), best, best, p.jacobian(best, 0), p.jacobian(best, 1));
    text += line;
  }
  text += tr(Str::probe_click_help);
  ImGui::SetTooltip("%s", text.c_str());
}

}  // namespace

void draw_plot_panel(AppState& s) {
  place_next_window(s, compute_layout(s).plot);
  ImGui::Begin(tr_id(Str::window_plot, "Decision boundary"), nullptr, ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse | panel_flags(s));
  tour_spot_window(s, Spot::window_plot);
  ImVec2 avail = ImGui::GetContentRegionAvail();
  avail.y -= ImGui::GetFrameHeightWithSpacing();  // legend line
  const float side = std::floor(std::min(avail.x, avail.y));
  if (side < 16) {
    ImGui::End();
    return;
  }
  ImVec2 p0 = ImGui::GetCursorScreenPos();
  p0.x += std::floor((avail.x - side) * 0.5f);
  ImGui::SetCursorScreenPos(p0);
  const ImVec2 p1(p0.x + side, p0.y + side);
  s.screen.plot_min = p0;  // touch: a long press here removes a point (ui/touch.h)
  s.screen.plot_max = p1;
  ImDrawList* draw = ImGui::GetWindowDrawList();

  // The picture: the raster computed by schedule.cpp (software GL), or the boundary shader drawn
  // here when what it shows changed (a GPU). Either is exact per framebuffer pixel.
  const ImVec2 scale = ImGui::GetIO().DisplayFramebufferScale;
  s.view.plot_width = static_cast<int>(side * scale.x);
  s.view.plot_height = static_cast<int>(side * scale.y);
  GLuint texture = 0;
  bool flip = false;  // the shader's target starts at the bottom row; the raster at the top
  if (s.view_path == ViewPath::raster) {
    if (s.raster.has_picture || s.raster.next_row > 0) texture = s.raster.texture;
  } else if (s.renderer.ready) {
    const ViewKey key = main_view_key(s);
    if (key != s.shader_key) {
      upload_network(s.renderer, s.run.trainer.net);
      render_boundary(s.renderer, key.width, key.height, s.view.domain, key.mode, s.view.discrete_boundary);
      s.shader_key = key;
    }
    texture = s.renderer.colour;
    flip = true;
  }
  if (texture) {
    ImGui::Image(reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(texture)), ImVec2(side, side),
                 ImVec2(0, flip ? 1.0f : 0.0f), ImVec2(1, flip ? 0.0f : 1.0f));
  } else {
    ImGui::InvisibleButton("plot", ImVec2(side, side));
    draw->AddRectFilled(p0, p1, IM_COL32(232, 234, 235, 255));
  }
  const bool hovered = ImGui::IsItemHovered();
  // the exact partition's edges: one textured quad, rasterised once per partition (ui/regions.h)
  if (region_edges_shown(s) && s.regions.overlay.texture && s.regions.overlay.key.partition >= 0)
    draw->AddImage(reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(s.regions.overlay.texture)), p0, p1);

  const PlotDomain& dom = s.view.domain;
  auto to_screen = [&](float x1, float x2) {
    return ImVec2(p0.x + (x1 - dom.x0) / (dom.x1 - dom.x0) * side,
                  p0.y + (dom.y1 - x2) / (dom.y1 - dom.y0) * side);
  };
  // Axes through the origin, faint.
  const ImVec2 origin = to_screen(0, 0);
  draw->AddLine(ImVec2(p0.x, origin.y), ImVec2(p1.x, origin.y), IM_COL32(0, 0, 0, 40));
  draw->AddLine(ImVec2(origin.x, p0.y), ImVec2(origin.x, p1.y), IM_COL32(0, 0, 0, 40));

  const Dataset& d = s.run.trainer.data;
  const float radius = std::max(2.5f, side / 160.0f);
  // a point is a disc on a slightly larger disc (its ring), each a textured quad (draw.h)
  draw->PushClipRect(p0, p1, true);
  {
    DiscBatch discs(draw, disc_sprite(s));
    auto marker = [&](const Point& p, ImU32 ring) {
      const ImVec2 c = to_screen(p.x1, p.x2);
      discs.add(c, radius + 1.1f, ring);
      discs.add(c, radius, point_colour(d, p.label));
    };
    if (s.view.show_test_points)
      for (const Point& p : d.test) marker(p, IM_COL32(30, 30, 30, 255));
    for (const Point& p : d.train) marker(p, IM_COL32(255, 255, 255, 255));
  }
  draw->PopClipRect();
  draw->AddRect(p0, p1, IM_COL32(60, 60, 70, 255));

  if (hovered) {
    const ImVec2 m = ImGui::GetIO().MousePos;
    const float x1 = dom.x0 + (m.x - p0.x) / side * (dom.x1 - dom.x0);
    const float x2 = dom.y1 - (m.y - p0.y) / side * (dom.y1 - dom.y0);
    MatrixR out;
    predict(s.run.trainer.net, &x1, &x2, 1, out);
    if (out.rows() == 1) {
      ImGui::SetTooltip(tr(Str::plot_tip_output), x1, x2, out(0, 0));
    } else {
      int best = 0;
      for (int c = 1; c < out.rows(); ++c) if (out(c, 0) > out(best, 0)) best = c;
      ImGui::SetTooltip(tr(Str::plot_tip_class), x1, x2, best, out(best, 0));
    }
  }

  draw_plot_overlay(s, p0.x, p0.y, side, hovered);

  // Legend.
  ImGui::SetCursorScreenPos(ImVec2(p0.x, p1.y + ImGui::GetStyle().ItemSpacing.y));
  const int classes = d.regression ? 2 : d.classes;
  for (int c = 0; c < classes; ++c) {
    ImGui::PushID(c);
    ImGui::ColorButton(d.regression ? (c ? "target +1" : "target -1") : "class", 
                       ImGui::ColorConvertU32ToFloat4(class_colour_u32(c)),
                       ImGuiColorEditFlags_NoTooltip | ImGuiColorEditFlags_NoDragDrop,
                       ImVec2(ImGui::GetTextLineHeight(), ImGui::GetTextLineHeight()));
    ImGui::SameLine();
    if (d.regression) ImGui::Text("%s", c ? "+1" : "-1");
    else ImGui::Text(tr(Str::class_n), c);
    ImGui::SameLine();
    ImGui::PopID();
  }
  char rings[256];
  std::snprintf(rings, sizeof rings, tr(Str::plot_legend_rings), s.renderer.ready ? "" : tr(Str::plot_no_gl));
  const char* legend = rings;
  if (ImGui::CalcTextSize(rings).x > ImGui::GetContentRegionAvail().x) {  // a narrow plot: a line of its own
    ImGui::NewLine();
    while (*legend == ' ') ++legend;
  }
  ImGui::TextDisabled("%s", legend);
  ImGui::End();
}

}  // namespace relulab
