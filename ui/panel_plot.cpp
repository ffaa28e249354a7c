// panel_plot.cpp: the main view: the decision boundary drawn by the fragment shader (renderer.h)
// into an offscreen texture shown with ImGui::Image, and the data points drawn on top.
//
// Two-class data: orange = class 0 (output < 0 after tanh, < 0.5 after sigmoid), blue = class 1;
// shade strength is the network's confidence. Training points have a white ring, test points a
// dark one. Regression targets are shaded on the same orange-white-blue scale.
#include <algorithm>
#include <cmath>
#include <cstdint>

#include "colours.h"
#include "panels.h"

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

}  // namespace

void draw_plot_panel(AppState& s) {
  place_next_window(s, compute_layout(s).plot);
  ImGui::Begin("Decision boundary", nullptr, ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
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
  ImDrawList* draw = ImGui::GetWindowDrawList();

  GLuint texture = 0;
  if (s.renderer.ready) {
    const ImVec2 scale = ImGui::GetIO().DisplayFramebufferScale;
    upload_network(s.renderer, s.trainer.net);
    texture = render_boundary(s.renderer, static_cast<int>(side * scale.x), static_cast<int>(side * scale.y),
                              s.domain, static_cast<BoundaryMode>(lab_view_mode(s)), s.discrete_boundary);  // issue 4: view modes
  }
  if (texture) {
    // GL textures start at the bottom row: flip v.
    ImGui::Image(reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(texture)), ImVec2(side, side),
                 ImVec2(0, 1), ImVec2(1, 0));
  } else {
    ImGui::InvisibleButton("plot", ImVec2(side, side));
    draw->AddRectFilled(p0, p1, IM_COL32(232, 234, 235, 255));
  }
  const bool hovered = ImGui::IsItemHovered();

  const PlotDomain& dom = s.domain;
  auto to_screen = [&](float x1, float x2) {
    return ImVec2(p0.x + (x1 - dom.x0) / (dom.x1 - dom.x0) * side,
                  p0.y + (dom.y1 - x2) / (dom.y1 - dom.y0) * side);
  };
  // Axes through the origin, faint.
  const ImVec2 origin = to_screen(0, 0);
  draw->AddLine(ImVec2(p0.x, origin.y), ImVec2(p1.x, origin.y), IM_COL32(0, 0, 0, 40));
  draw->AddLine(ImVec2(origin.x, p0.y), ImVec2(origin.x, p1.y), IM_COL32(0, 0, 0, 40));

  const Dataset& d = s.trainer.data;
  const float radius = std::max(2.5f, side / 160.0f);
  draw->PushClipRect(p0, p1, true);
  if (s.show_test_points) {
    for (const Point& p : d.test) {
      const ImVec2 c = to_screen(p.x1, p.x2);
      draw->AddCircleFilled(c, radius, point_colour(d, p.label), 12);
      draw->AddCircle(c, radius + 0.5f, IM_COL32(30, 30, 30, 255), 12, 1.2f);
    }
  }
  for (const Point& p : d.train) {
    const ImVec2 c = to_screen(p.x1, p.x2);
    draw->AddCircleFilled(c, radius, point_colour(d, p.label), 12);
    draw->AddCircle(c, radius + 0.5f, IM_COL32(255, 255, 255, 255), 12, 1.2f);
  }
  draw->PopClipRect();
  draw->AddRect(p0, p1, IM_COL32(60, 60, 70, 255));

  if (hovered) {
    const ImVec2 m = ImGui::GetIO().MousePos;
    const float x1 = dom.x0 + (m.x - p0.x) / side * (dom.x1 - dom.x0);
    const float x2 = dom.y1 - (m.y - p0.y) / side * (dom.y1 - dom.y0);
    MatrixR out;
    predict(s.trainer.net, &x1, &x2, 1, out);
    if (out.rows() == 1) {
      ImGui::SetTooltip("x1 = %.2f, x2 = %.2f\noutput %.3f", x1, x2, out(0, 0));
    } else {
      int best = 0;
      for (int c = 1; c < out.rows(); ++c) if (out(c, 0) > out(best, 0)) best = c;
      ImGui::SetTooltip("x1 = %.2f, x2 = %.2f\nclass %d (p = %.2f)", x1, x2, best, out(best, 0));
    }
  }

  lab_plot_overlay(s, p0.x, p0.y, side, hovered);  // issue 4: click to add/remove points, probe

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
    else ImGui::Text("class %d", c);
    ImGui::SameLine();
    ImGui::PopID();
  }
  ImGui::TextDisabled("  white ring: train   dark ring: test   %s", s.renderer.ready ? "" : "(no GL: boundary not drawn)");
  ImGui::End();
}

}  // namespace relulab
