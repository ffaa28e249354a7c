// widgets.cpp: helpers shared by the panels: default window placement, tooltips, class colours and a
// small line chart (several series on one axis, optional log scale), drawn with ImGui's draw list.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "gfx/colours.h"
#include "i18n/i18n.h"
#include "panels/draw.h"
#include "panels/panels.h"

namespace relulab {

void draw_panels(AppState& s) {
  if (is_phone(s.screen.layout)) {
    draw_phone_panels(s);
    draw_classroom_panel(s);
    draw_tour_panel(s);
    return;
  }
  if (!part_hidden(s, Part::controls)) draw_controls_panel(s);
  if (!part_hidden(s, Part::plot)) draw_plot_panel(s);
  if (!part_hidden(s, Part::loss)) draw_loss_panel(s);
  if (!part_hidden(s, Part::layers)) draw_layers_panel(s);
  if (!part_hidden(s, Part::network)) draw_diagram_panel(s);
  if (!part_hidden(s, Part::instruments)) draw_instruments_panel(s);
  if (!part_hidden(s, Part::tools)) draw_tools_panel(s);
  draw_classroom_panel(s);
  draw_tour_panel(s);
}

Layout compute_layout(const AppState& s) {
  if (is_phone(s.screen.layout)) return phone_layout(s);
  const float k = s.view.applied_font_scale;
  const float w = s.display_width, h = s.display_height;
  const float m = 6;
  const float left = std::min(340.0f * k, w * 0.3f);
  const float right = std::min(400.0f * k, w * 0.32f);
  Layout l;
  // the left column shares with the Lab tools, the middle with the network diagram, the
  // right with the instruments
  const float controls_h = std::floor((h - 3 * m) * 0.64f);
  l.controls = {{m, m}, {left, controls_h}};
  l.tools = {{m, 2 * m + controls_h}, {left, h - 3 * m - controls_h}};
  const float middle_w = std::max(100.0f, w - left - right - 4 * m);
  const float plot_h = std::floor((h - 3 * m) * 0.6f);
  l.plot = {{left + 2 * m, m}, {middle_w, plot_h}};
  l.diagram = {{left + 2 * m, 2 * m + plot_h}, {middle_w, h - 3 * m - plot_h}};
  const float right_x = w - right - m;
  const float loss_h = std::floor((h - 4 * m) * 0.27f);
  const float layers_h = std::floor((h - 4 * m) * 0.23f);
  l.loss = {{right_x, m}, {right, loss_h}};
  l.layers = {{right_x, 2 * m + loss_h}, {right, layers_h}};
  l.instruments = {{right_x, 3 * m + loss_h + layers_h}, {right, h - 4 * m - loss_h - layers_h}};
  return l;
}

void place_next_window(const AppState& s, const PanelRect& r) {
  const ImGuiCond cond = s.view.relayout || is_phone(s.screen.layout) ? ImGuiCond_Always : ImGuiCond_FirstUseEver;
  ImGui::SetNextWindowPos(r.pos, cond);
  ImGui::SetNextWindowSize(r.size, cond);
}

ImGuiWindowFlags panel_flags(const AppState& s) {
  if (!is_phone(s.screen.layout)) return 0;
  return ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
         ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings;
}

bool compact_button(const AppState& s, const char* label) {
  if (!is_phone(s.screen.layout)) return ImGui::SmallButton(label);
  const float side = ImGui::GetFrameHeight();
  const float text = ImGui::CalcTextSize(label, nullptr, true).x + 2 * ImGui::GetStyle().FramePadding.x;
  return ImGui::Button(label, ImVec2(std::max(side, text), side));
}

void tooltip(const char* text) {
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", text);
}

void same_line_if_fits(const char* label) {
  const ImGuiStyle& style = ImGui::GetStyle();
  const float need = style.ItemSpacing.x + ImGui::GetFrameHeight() + style.ItemInnerSpacing.x +
                     ImGui::CalcTextSize(label, nullptr, true).x;
  const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
  if (ImGui::GetItemRectMax().x + need <= right) ImGui::SameLine();
}

ImU32 class_colour_u32(int cls, float alpha) {
  const Rgb& c = class_colours[std::clamp(cls, 0, palette_size - 1)];
  return ImGui::ColorConvertFloat4ToU32(ImVec4(c.r, c.g, c.b, alpha));
}

namespace {

// A tick step for a linear axis spanning `span`: {1, 2, 2.5, 5} x 10^k, at least a quarter of it.
double nice_step(double span) {
  const double want = span / 4;
  const double e = std::floor(std::log10(want)), decade = std::pow(10.0, e);
  for (const double step : {1.0, 2.0, 2.5, 5.0})
    if (step * decade >= want * (1 - 1e-9)) return step * decade;
  return std::pow(10.0, e + 1);
}

}  // namespace

void draw_line_chart(const char* id, const double* x, const ChartSeries* series, int series_count,
                     ImVec2 size, bool log_y) {
  ImGui::PushID(id);
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("chart", size);
  const ImVec2 p1(p0.x + size.x, p0.y + size.y);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(p0, p1, IM_COL32(20, 22, 26, 255));
  draw->AddRect(p0, p1, IM_COL32(90, 90, 100, 255));

  auto transform = [log_y](float v) { return log_y ? std::log10(std::max(v, 1e-12f)) : v; };
  float lo = INFINITY, hi = -INFINITY;
  int n = 0;
  for (int k = 0; k < series_count; ++k) {
    n = std::max(n, series[k].count);
    for (int i = 0; i < series[k].count; ++i) {
      const float v = series[k].values[i];
      if (!std::isfinite(v) || (log_y && v <= 0)) continue;
      lo = std::min(lo, transform(v));
      hi = std::max(hi, transform(v));
    }
  }
  const float label_h = ImGui::GetTextLineHeight();
  if (n >= 2 && lo <= hi) {
    // The axes end on round values and move only when the data leave them: whole decades on a log
    // scale, {1, 2, 2.5, 5} x 10^k steps on a linear one, nice_ceil() on the time axis.
    if (log_y) {
      lo = std::floor(lo);
      hi = std::max(std::ceil(hi), lo + 1);
    } else {
      if (hi - lo < 1e-6f) { hi += 0.5f; lo -= 0.5f; }
      const double step = nice_step(hi - lo);
      // (a float a hair past a multiple of the step is taken as on it)
      lo = static_cast<float>(std::floor(lo / step + 1e-5) * step);
      hi = static_cast<float>(std::ceil(hi / step - 1e-5) * step);
    }
    const double x_lo = x ? x[0] : 0, x_last = x ? x[n - 1] : n - 1;
    const double x_span = nice_ceil(x_last - x_lo), x_hi = x_lo + x_span;
    const float pad = 4;
    auto to_screen = [&](int i, float v) {
      const double xi = x ? x[i] : i;
      return ImVec2(p0.x + pad + static_cast<float>((xi - x_lo) / x_span) * (size.x - 2 * pad),
                    p1.y - pad - (transform(v) - lo) / (hi - lo) * (size.y - 2 * pad - label_h));
    };
    for (int k = 0; k < series_count; ++k) {
      const ChartSeries& c = series[k];
      ImVec2 prev;
      bool have_prev = false;
      for (int i = 0; i < c.count; ++i) {
        const float v = c.values[i];
        if (!std::isfinite(v) || (log_y && v <= 0)) { have_prev = false; continue; }
        const ImVec2 q = to_screen(i, v);
        if (have_prev) draw->AddLine(prev, q, c.colour, 1.5f);
        prev = q;
        have_prev = true;
      }
    }
    char text[64];
    const float top = log_y ? std::pow(10.0f, hi) : hi, bottom = log_y ? std::pow(10.0f, lo) : lo;
    std::snprintf(text, sizeof text, "%.3g", top);
    draw->AddText(ImVec2(p0.x + 3, p0.y + 1), IM_COL32(170, 170, 180, 255), text);
    std::snprintf(text, sizeof text, "%.3g", bottom);
    draw->AddText(ImVec2(p0.x + 3, p1.y - label_h - 1), IM_COL32(170, 170, 180, 255), text);
    char end[32];  // a whole number in full (250000, not 2.5e+05), a fraction to 3 digits
    if (x_hi >= 1 && x_hi < 1e12 && std::fabs(x_hi - std::round(x_hi)) < 1e-6 * x_hi)
      std::snprintf(end, sizeof end, "%.0f", x_hi);
    else
      std::snprintf(end, sizeof end, "%.3g", x_hi);
    std::snprintf(text, sizeof text, tr(Str::chart_epoch), end);
    const float tw = ImGui::CalcTextSize(text).x;
    draw->AddText(ImVec2(p1.x - tw - 3, p1.y - label_h - 1), IM_COL32(170, 170, 180, 255), text);
  }
  // Legend along the top edge, from a third of the way across, or further left when it is long
  // (Chinese labels on a phone), never over the top value's label.
  float legend_w = 0;
  for (int k = 0; k < series_count; ++k) legend_w += 24 + ImGui::CalcTextSize(series[k].label).x;
  float lx = std::min(p0.x + size.x * 0.35f, p1.x - legend_w);
  lx = std::max(lx, p0.x + 3 + ImGui::CalcTextSize("0.000").x + label_h);
  for (int k = 0; k < series_count; ++k) {
    draw->AddRectFilled(ImVec2(lx, p0.y + label_h * 0.35f), ImVec2(lx + 10, p0.y + label_h * 0.35f + 4),
                        series[k].colour);
    draw->AddText(ImVec2(lx + 14, p0.y + 1), IM_COL32(220, 220, 225, 255), series[k].label);
    lx += 24 + ImGui::CalcTextSize(series[k].label).x;
  }
  ImGui::PopID();
}

void draw_train_test_chart(const char* id, const History& h, const std::vector<float>& train,
                           const std::vector<float>& test, int n, ImVec2 size, bool log_y,
                           ImU32 train_colour, ImU32 test_colour, const char* train_label,
                           const char* test_label) {
  const ChartSeries series[2] = {{train_label ? train_label : tr(Str::train), train.data(), n, train_colour},
                                 {test_label ? test_label : tr(Str::test), test.data(), n, test_colour}};
  draw_line_chart(id, h.epoch.data(), series, 2, size, log_y);
}

}  // namespace relulab
