// panel_transform.cpp: the transformed-space view (core/transform.h), as the ConvNetJS 2-D demo
// shows it: the data points and a 20x20 grid of lines of the input plane, as seen by two units of a
// chosen hidden layer. A ReLU layer folds every half-plane where a unit is off onto an axis; the
// classes should end up separable by a line in the last hidden layer.
#include <algorithm>
#include <cmath>

#include "i18n/i18n.h"
#include "panels/draw.h"

#include "panels/panels.h"

namespace relulab {

void draw_transform_tab(AppState& s) {
  const Network& net = s.run.trainer.net;
  const int hidden = net.hidden_count();
  if (hidden == 0) {
    text_wrapped("%s", tr(Str::no_hidden_transform));
    return;
  }
  TransformSpec spec = s.transform.spec;
  spec.layer = std::clamp(spec.layer, 0, hidden - 1);
  const int units = net.layers[spec.layer].out();
  spec.unit_a = std::clamp(spec.unit_a, 0, units - 1);
  spec.unit_b = std::clamp(spec.unit_b, 0, units - 1);
  if (units > 1 && spec.unit_a == spec.unit_b && s.transform.spec.unit_b == 1 && s.transform.spec.unit_a == 0) spec.unit_b = 1;
  ImGui::PushItemWidth(ImGui::GetFontSize() * 7);
  int layer1 = spec.layer + 1;
  if (ImGui::SliderInt(tr(Str::col_layer), &layer1, 1, hidden, "%d", typed_in_range)) spec.layer = std::clamp(layer1 - 1, 0, hidden - 1);
  tooltip(tr(Str::tip_transform_layer));
  ImGui::SameLine();
  ImGui::SliderInt(tr(Str::x_unit), &spec.unit_a, 0, std::max(0, net.layers[spec.layer].out() - 1), "%d", typed_in_range);
  tooltip(tr(Str::tip_x_unit));
  ImGui::SameLine();
  ImGui::SliderInt(tr(Str::y_unit), &spec.unit_b, 0, std::max(0, net.layers[spec.layer].out() - 1), "%d", typed_in_range);
  tooltip(tr(Str::tip_y_unit));
  ImGui::PopItemWidth();
  spec.x0 = s.view.domain.x0; spec.x1 = s.view.domain.x1; spec.y0 = s.view.domain.y0; spec.y1 = s.view.domain.y1;
  if (spec.layer != s.transform.spec.layer || spec.unit_a != s.transform.spec.unit_a ||
      spec.unit_b != s.transform.spec.unit_b || spec.x0 != s.transform.spec.x0 ||
      spec.x1 != s.transform.spec.x1 || spec.y0 != s.transform.spec.y0 || spec.y1 != s.transform.spec.y1)
    s.transform.dirty = true;
  s.transform.spec = spec;
  s.transform.shown_frame = s.frame.index;  // schedule.cpp computes the space while the tab is shown
  if (s.transform.step < 0) {
    ImGui::TextUnformatted(tr(Str::computing));
    return;
  }
  if (!s.transform.error.empty()) {
    text_wrapped("%s", tr_core(s.transform.error).c_str());
    return;
  }
  const TransformedSpace& t = s.transform.space;
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float side = std::max(60.0f, std::min(avail.x, avail.y - ImGui::GetTextLineHeightWithSpacing()));
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("transformed", ImVec2(side, side));
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(p0, ImVec2(p0.x + side, p0.y + side), IM_COL32(245, 245, 248, 255));
  // a square view around everything, 5% margin, equal scales so angles are not distorted
  const float span = std::max({t.hi_a - t.lo_a, t.hi_b - t.lo_b, 1e-6f}) * 1.1f;
  const float ca = 0.5f * (t.lo_a + t.hi_a), cb = 0.5f * (t.lo_b + t.hi_b);
  auto to_screen = [&](float a, float b) {
    return ImVec2(p0.x + ((a - ca) / span + 0.5f) * side, p0.y + (0.5f - (b - cb) / span) * side);
  };
  draw->PushClipRect(p0, ImVec2(p0.x + side, p0.y + side), true);
  const ImVec2 o = to_screen(0, 0);
  draw->AddLine(ImVec2(p0.x, o.y), ImVec2(p0.x + side, o.y), IM_COL32(0, 0, 0, 90));
  draw->AddLine(ImVec2(o.x, p0.y), ImVec2(o.x, p0.y + side), IM_COL32(0, 0, 0, 90));
  std::vector<ImVec2> poly;
  for (size_t line = 0; line < t.lines.size(); ++line) {
    const std::vector<float>& pts = t.lines[line];
    poly.clear();
    for (size_t k = 0; k + 1 < pts.size(); k += 2) poly.push_back(to_screen(pts[k], pts[k + 1]));
    const bool along_x1 = line < t.lines.size() / 2;
    draw->AddPolyline(poly.data(), static_cast<int>(poly.size()),
                      along_x1 ? IM_COL32(90, 90, 110, 110) : IM_COL32(120, 90, 90, 110), 0, 1.0f);
  }
  const Dataset& d = s.run.trainer.data;
  auto colour = [&](float label) {
    return d.regression ? diverging_colour(label) : class_colour_u32(static_cast<int>(label));
  };
  {
    DiscBatch discs(draw, disc_sprite(s));  // a point: its ring, then its colour (draw.h)
    if (s.view.show_test_points)
      for (size_t i = 0; i < t.test_a.size(); ++i) {
        const ImVec2 c = to_screen(t.test_a[i], t.test_b[i]);
        discs.add(c, 4.0f, IM_COL32(30, 30, 30, 255));
        discs.add(c, 3.0f, colour(t.test_label[i]));
      }
    for (size_t i = 0; i < t.train_a.size(); ++i) {
      const ImVec2 c = to_screen(t.train_a[i], t.train_b[i]);
      discs.add(c, 4.0f, IM_COL32(255, 255, 255, 255));
      discs.add(c, 3.0f, colour(t.train_label[i]));
    }
  }
  draw->PopClipRect();
  ImGui::TextDisabled(tr(Str::transform_axes),
                      spec.unit_a, spec.unit_b, spec.layer + 1, activation_name(net.layers[spec.layer].activation));
}

}  // namespace relulab
