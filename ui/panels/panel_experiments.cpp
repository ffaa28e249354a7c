// panel_experiments.cpp: the Experiments tab: the five measured claims of docs/science.md
// (core/experiments.h) run a few work units per frame inside the training budget, then shown as
// their verdict, headline numbers and charts (the same Chart data the CLI writes as SVG, drawn here
// with ImGui: lines with spread bands, dashed reference curves, log axes, grouped bars).
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "i18n/i18n.h"
#include "panels/draw.h"

#include "panels/panels.h"

namespace relulab {

namespace {

double axis_value(double v, bool log_scale) { return log_scale ? std::log10(std::max(v, 1e-300)) : v; }

void draw_chart(const Chart& c, float width, float height) {
  ImGui::TextUnformatted(tr_core(c.title).c_str());
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImGui::Dummy(ImVec2(width, height));
  const ImVec2 p1(p0.x + width, p0.y + height);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(p0, p1, IM_COL32(20, 22, 26, 255));
  draw->AddRect(p0, p1, IM_COL32(90, 90, 100, 255));
  double x_lo = INFINITY, x_hi = -INFINITY, y_lo = INFINITY, y_hi = -INFINITY;
  for (const Series& s : c.series)
    for (size_t i = 0; i < s.x.size() && i < s.y.size(); ++i) {
      const double x = c.bars ? s.x[i] : axis_value(s.x[i], c.log_x);
      const double e = i < s.y_err.size() ? s.y_err[i] : 0;
      if (!std::isfinite(x) || !std::isfinite(s.y[i]) || (c.log_y && s.y[i] <= 0)) continue;
      x_lo = std::min(x_lo, x);
      x_hi = std::max(x_hi, x);
      y_lo = std::min(y_lo, axis_value(c.log_y ? s.y[i] : s.y[i] - e, c.log_y));
      y_hi = std::max(y_hi, axis_value(c.log_y ? s.y[i] : s.y[i] + e, c.log_y));
    }
  if (!std::isnan(c.y_min)) y_lo = axis_value(c.y_min, c.log_y);
  if (!std::isnan(c.y_max)) y_hi = axis_value(c.y_max, c.log_y);
  if (c.bars) y_lo = std::min(y_lo, 0.0);
  if (!(x_lo <= x_hi) || !(y_lo <= y_hi)) return;
  if (c.bars) { x_lo -= 0.5; x_hi += 0.5; }
  if (x_hi - x_lo < 1e-12) { x_lo -= 0.5; x_hi += 0.5; }
  if (y_hi - y_lo < 1e-12) { y_lo -= 0.5; y_hi += 0.5; }
  const float pad = 6, label_h = ImGui::GetTextLineHeight();
  auto sx = [&](double x) { return p0.x + pad + static_cast<float>((x - x_lo) / (x_hi - x_lo)) * (width - 2 * pad); };
  auto sy = [&](double y) {
    return p1.y - pad - static_cast<float>((y - y_lo) / (y_hi - y_lo)) * (height - 2 * pad - label_h);
  };
  const int n_series = static_cast<int>(c.series.size());
  for (int k = 0; k < n_series; ++k) {
    const Series& s = c.series[k];
    const ImU32 colour = series_colour(s.color >= 0 ? s.color : k);
    const size_t n = std::min(s.x.size(), s.y.size());
    if (c.bars) {
      const float group = (width - 2 * pad) / static_cast<float>(x_hi - x_lo) * 0.8f;
      const float bw = group / std::max(1, n_series);
      for (size_t i = 0; i < n; ++i) {
        const float x = sx(s.x[i]) - group * 0.5f + k * bw;
        draw->AddRectFilled(ImVec2(x, sy(axis_value(s.y[i], c.log_y))), ImVec2(x + bw - 1, sy(std::max(y_lo, 0.0))), colour);
      }
      continue;
    }
    // spread band
    if (s.y_err.size() == n && !c.log_y) {
      const ImU32 band = (colour & 0x00ffffff) | 0x30000000;
      for (size_t i = 0; i + 1 < n; ++i) {
        const float xa = sx(axis_value(s.x[i], c.log_x)), xb = sx(axis_value(s.x[i + 1], c.log_x));
        draw->AddQuadFilled(ImVec2(xa, sy(s.y[i] + s.y_err[i])), ImVec2(xb, sy(s.y[i + 1] + s.y_err[i + 1])),
                            ImVec2(xb, sy(s.y[i + 1] - s.y_err[i + 1])), ImVec2(xa, sy(s.y[i] - s.y_err[i])), band);
      }
    }
    for (size_t i = 0; i < n; ++i) {
      if (c.log_y && s.y[i] <= 0) continue;
      const ImVec2 q(sx(axis_value(s.x[i], c.log_x)), sy(axis_value(s.y[i], c.log_y)));
      draw->AddCircleFilled(q, 2.5f, colour, 8);
      if (i + 1 < n && !(c.log_y && s.y[i + 1] <= 0)) {
        const ImVec2 r(sx(axis_value(s.x[i + 1], c.log_x)), sy(axis_value(s.y[i + 1], c.log_y)));
        if (s.dashed) {
          for (float u = 0; u < 1; u += 0.2f)
            draw->AddLine(ImVec2(q.x + (r.x - q.x) * u, q.y + (r.y - q.y) * u),
                          ImVec2(q.x + (r.x - q.x) * (u + 0.1f), q.y + (r.y - q.y) * (u + 0.1f)), colour, 1.5f);
        } else {
          draw->AddLine(q, r, colour, 1.5f);
        }
      }
    }
  }
  char text[64];
  std::snprintf(text, sizeof text, "%.3g", c.log_y ? std::pow(10.0, y_hi) : y_hi);
  draw->AddText(ImVec2(p0.x + 3, p0.y + 1), IM_COL32(170, 170, 180, 255), text);
  std::snprintf(text, sizeof text, "%.3g", c.log_y ? std::pow(10.0, y_lo) : y_lo);
  draw->AddText(ImVec2(p0.x + 3, p1.y - label_h - 1), IM_COL32(170, 170, 180, 255), text);
  if (c.bars) {
    for (size_t i = 0; i < c.categories.size(); ++i) {
      const std::string category = tr_core(c.categories[i]);
      draw->AddText(ImVec2(sx(static_cast<double>(i)) - ImGui::CalcTextSize(category.c_str()).x * 0.5f, p1.y - label_h),
                    IM_COL32(200, 200, 210, 255), category.c_str());
    }
  } else {
    std::snprintf(text, sizeof text, "%s %.3g..%.3g", tr_core(c.x_label).c_str(), c.log_x ? std::pow(10.0, x_lo) : x_lo,
                  c.log_x ? std::pow(10.0, x_hi) : x_hi);
    draw->AddText(ImVec2(p1.x - ImGui::CalcTextSize(text).x - 3, p1.y - label_h - 1), IM_COL32(170, 170, 180, 255), text);
  }
  // legend, wrapped
  float lx = p0.x + width * 0.25f, ly = p0.y + 2;
  for (int k = 0; k < n_series; ++k) {
    const std::string label = tr_core(c.series[k].name);
    const char* name = label.c_str();
    const float tw = ImGui::CalcTextSize(name).x + 18;
    if (lx + tw > p1.x) { lx = p0.x + width * 0.25f; ly += label_h; }
    draw->AddRectFilled(ImVec2(lx, ly + label_h * 0.4f), ImVec2(lx + 10, ly + label_h * 0.4f + 4),
                        series_colour(c.series[k].color >= 0 ? c.series[k].color : k));
    draw->AddText(ImVec2(lx + 13, ly), IM_COL32(220, 220, 225, 255), name);
    lx += tw;
  }
  if (!c.y_label.empty()) ImGui::TextDisabled(tr(Str::chart_y_label), tr_core(c.y_label).c_str(), c.log_y ? tr(Str::log_suffix) : "");
}

}  // namespace

void draw_experiments_tab(AppState& s) {
  text_wrapped("%s", tr(Str::exp_intro));
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9);
  if (ImGui::BeginCombo(tr(Str::experiment), experiment_label(s.experiment.kind))) {
    for (int k = 0; k < experiment_count; ++k) {
      if (ImGui::Selectable(experiment_label(k), k == s.experiment.kind)) s.experiment.kind = k;
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr_core(experiment_title(static_cast<ExperimentKind>(k))).c_str());
    }
    ImGui::EndCombo();
  }
  tooltip(tr_core(experiment_title(static_cast<ExperimentKind>(s.experiment.kind))).c_str());
  ImGui::SameLine();
  ImGui::Checkbox(tr(Str::quick), &s.experiment.quick);
  tooltip(tr(Str::tip_quick));
  if (!s.experiment.running) {
    if (ImGui::Button(tr(Str::run_experiment))) {
      ExperimentOptions o;
      o.quick = s.experiment.quick;
      ExperimentRun run;
      const std::string error = start_experiment(static_cast<ExperimentKind>(s.experiment.kind), o, &run);
      if (error.empty()) {
        s.experiment.run = std::move(run);
        s.experiment.running = true;
        s.run.playing = false;  // the experiment gets the frame's training budget
        s.race.playing = false;
      } else {
        s.run.message = error;
      }
    }
    tooltip(tr(Str::tip_run_experiment));
  } else {
    ImGui::ProgressBar(s.experiment.run.progress(), ImVec2(ImGui::GetContentRegionAvail().x * 0.6f, 0));
    ImGui::SameLine();
    if (ImGui::Button(tr(Str::cancel))) {
      s.experiment.run = ExperimentRun{};
      s.experiment.running = false;
    }
    tooltip(tr(Str::tip_cancel_experiment));
  }
  const ExperimentRun& run = s.experiment.run;
  if (!run.done) return;
  const ExperimentResult& r = run.result;
  ImGui::Separator();
  text_wrapped("%s", tr_core(r.title).c_str());
  ImGui::PushStyleColor(ImGuiCol_Text, r.as_expected ? ImVec4(0.4f, 1, 0.5f, 1) : ImVec4(1, 0.6f, 0.3f, 1));
  text_wrapped("%s", tr_core(r.verdict).c_str());
  ImGui::PopStyleColor();
  ImGui::TextDisabled("%s", r.as_expected ? tr(Str::exp_in_range) : tr(Str::exp_out_of_range));
  if (ImGui::TreeNode(tr_id(Str::claim_and_numbers, "claim and numbers"))) {
    text_wrapped("%s", tr_core(r.claim).c_str());
    for (const auto& h : r.headline) ImGui::BulletText("%s = %.4g", h.first.c_str(), h.second);
    ImGui::TreePop();
  }
  const float w = ImGui::GetContentRegionAvail().x;
  for (size_t k = 0; k < r.charts.size(); ++k) {
    ImGui::PushID(static_cast<int>(k));
    draw_chart(r.charts[k], w, 150);
    ImGui::PopID();
  }
}

}  // namespace relulab
