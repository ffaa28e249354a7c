// panel_instruments.cpp: the measurement views, one tab each: sparsity (per layer and per unit,
// now and over time, pre-activation histograms), gradient flow (per-layer ||dL/dz|| on a log
// scale), curves (loss, accuracy, confusion matrix), linear regions, the probe's local linear map,
// the transformed space and the race (their own files).
//
// What the numbers count (docs/science.md, claim 1): "active" is an exact non-zero output for the ReLU
// family, the positive side of the kink for leaky/PReLU, and |h| >= 1e-3 for smooth units (marked *,
// a threshold rather than exact zeros).
#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>

#include "i18n/i18n.h"
#include "instruments/grid.h"
#include "panels/draw.h"

#include "panels/panels.h"

namespace relulab {

namespace {

const char* layer_label(int l) {
  static char labels[16][16];
  const int k = l % 16;
  std::snprintf(labels[k], sizeof labels[k], "L%d", l + 1);
  return labels[k];
}

void per_layer_chart(const char* id, const History& h, const std::vector<std::vector<float>>& series,
                     ImVec2 size, bool log_y) {
  const int layers = static_cast<int>(series.size());
  std::vector<ChartSeries> lines;
  for (int l = 0; l < layers; ++l) {
    const int n = static_cast<int>(std::min(series[l].size(), h.epoch.size()));
    lines.push_back({layer_label(l), series[l].data(), n, series_colour(l)});
  }
  draw_line_chart(id, h.epoch.data(), lines.data(), static_cast<int>(lines.size()), size, log_y);
}

void draw_sparsity_tab(AppState& s) {
  static int chosen = 0;
  const Stats& st = s.run.trainer.stats;
  const int layers = static_cast<int>(st.layers.size());
  if (layers == 0) {
    text_wrapped("%s", tr(Str::no_hidden_sparsity));
    return;
  }
  chosen = std::clamp(chosen, 0, layers - 1);
  const float w = ImGui::GetContentRegionAvail().x;
  // per layer, now
  for (int l = 0; l < layers; ++l) {
    const LayerStats& ls = st.layers[l];
    char overlay[96];
    std::snprintf(overlay, sizeof overlay, tr(Str::sparsity_bar), l + 1,
                  activation_name(s.run.trainer.net.layers[l].activation), 100 * ls.active_fraction,
                  ls.exact_zeros ? "" : "*", ls.dead_units, ls.always_on_units);
    ImGui::ProgressBar(ls.active_fraction, ImVec2(w, 0), overlay);
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("%s", ls.exact_zeros ? tr(Str::tip_sparsity_exact) : tr(Str::tip_sparsity_smooth));
  }
  ImGui::Text(tr(Str::active_paths_3g), 100 * st.active_path_fraction);
  tooltip(tr(Str::tip_active_paths_depth));
  // over time
  ImGui::TextUnformatted(tr(Str::active_over_time));
  per_layer_chart("active over time", s.run.trainer.history, s.run.trainer.history.active_fraction, ImVec2(w, 110), false);
  // per unit strips
  text_wrapped("%s", tr(Str::per_unit_title));
  tooltip(tr(Str::tip_per_unit));
  ImDrawList* draw = ImGui::GetWindowDrawList();
  for (int l = 0; l < layers; ++l) {
    const LayerStats& ls = st.layers[l];
    const int units = static_cast<int>(ls.unit_active_fraction.size());
    ImGui::Text("L%d", l + 1);
    ImGui::SameLine(ImGui::GetFontSize() * 2.2f);
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float cell = std::min(14.0f, (w - ImGui::GetFontSize() * 2.5f) / std::max(units, 1));
    for (int u = 0; u < units; ++u) {
      const ImVec2 a(p.x + u * cell, p.y);
      draw->AddRectFilled(a, ImVec2(a.x + cell - 1, a.y + ImGui::GetFontSize()), sequential_colour(ls.unit_active_fraction[u]));
      if (u < static_cast<int>(ls.unit_dead.size()) && ls.unit_dead[u])
        draw->AddRect(a, ImVec2(a.x + cell - 1, a.y + ImGui::GetFontSize()), IM_COL32(230, 40, 40, 255), 0, 0, 1.5f);
    }
    ImGui::Dummy(ImVec2(units * cell, ImGui::GetFontSize()));
  }
  // chosen layer: per-unit frequency over time, and the pre-activation histogram
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6);
  int shown = chosen + 1;
  if (ImGui::SliderInt(tr(Str::col_layer), &shown, 1, layers, "L%d", typed_in_range)) chosen = shown - 1;
  tooltip(tr(Str::tip_layer_choice));
  chosen = std::clamp(chosen, 0, layers - 1);
  const int snaps = static_cast<int>(s.diagram.unit_history.size());
  text_wrapped(tr(Str::unit_history_title), chosen + 1, snaps);
  tooltip(tr(Str::tip_unit_history));
  if (snaps > 0 && chosen < static_cast<int>(s.diagram.unit_history.back().size())) {
    const int units = static_cast<int>(s.diagram.unit_history.back()[chosen].size());
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float height = std::min(120.0f, std::max(30.0f, units * 4.0f));
    // columns for nice_ceil(snaps) snapshots: a new one adds a column instead of narrowing all
    const float cw = static_cast<float>(w / nice_ceil(snaps)), ch = height / std::max(units, 1);
    draw->AddRectFilled(p, ImVec2(p.x + w, p.y + height), IM_COL32(20, 22, 26, 255));
    for (int t = 0; t < snaps; ++t) {
      const auto& layer_t = s.diagram.unit_history[t];
      if (chosen >= static_cast<int>(layer_t.size()) || static_cast<int>(layer_t[chosen].size()) != units) continue;
      for (int u = 0; u < units; ++u) {
        const ImVec2 a(p.x + t * cw, p.y + u * ch);
        draw->AddRectFilled(a, ImVec2(a.x + cw + 0.5f, a.y + ch + 0.5f), sequential_colour(layer_t[chosen][u]));
      }
    }
    ImGui::Dummy(ImVec2(w, height));
  }
  const Histogram& hist = st.layers[chosen].preactivation;
  ImGui::Text(tr(Str::preact_title), chosen + 1);
  tooltip(tr(Str::tip_preact));
  if (!hist.counts.empty()) {
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float height = 70;
    const int bins = static_cast<int>(hist.counts.size());
    const float peak = std::max(*std::max_element(hist.counts.begin(), hist.counts.end()), 1e-6f);
    const float bw = w / bins;
    draw->AddRectFilled(p, ImVec2(p.x + w, p.y + height), IM_COL32(20, 22, 26, 255));
    for (int b = 0; b < bins; ++b) {
      const float centre = hist.lo + (b + 0.5f) * (hist.hi - hist.lo) / bins;
      const float bh = hist.counts[b] / peak * (height - 4);
      draw->AddRectFilled(ImVec2(p.x + b * bw + 1, p.y + height - bh), ImVec2(p.x + (b + 1) * bw - 1, p.y + height),
                          centre < 0 ? IM_COL32(245, 147, 34, 255) : IM_COL32(8, 150, 220, 255));
    }
    const float zero_x = p.x + (0 - hist.lo) / (hist.hi - hist.lo) * w;
    draw->AddLine(ImVec2(zero_x, p.y), ImVec2(zero_x, p.y + height), IM_COL32(255, 255, 255, 160));
    char text[32];
    std::snprintf(text, sizeof text, "%g", hist.lo);
    draw->AddText(ImVec2(p.x + 2, p.y + 1), IM_COL32(170, 170, 180, 255), text);
    std::snprintf(text, sizeof text, "%g", hist.hi);
    draw->AddText(ImVec2(p.x + w - ImGui::CalcTextSize(text).x - 2, p.y + 1), IM_COL32(170, 170, 180, 255), text);
    ImGui::Dummy(ImVec2(w, height));
  }
}

void draw_gradients_tab(AppState& s) {
  static bool log_y = true;
  const Stats& st = s.run.trainer.stats;
  text_wrapped("%s", tr(Str::grad_intro));
  ImGui::Checkbox(tr(Str::log_scale), &log_y);
  tooltip(tr(Str::tip_log_grad));
  const float w = ImGui::GetContentRegionAvail().x;
  per_layer_chart("grad flow", s.run.trainer.history, s.run.trainer.history.grad_norm_z, ImVec2(w, 150), log_y);
  // now: one bar per layer on a log axis
  const int layers = static_cast<int>(st.layers.size());
  if (layers > 0) {
    ImGui::TextUnformatted(tr(Str::grad_now));
    float lo = INFINITY, hi = -INFINITY;
    for (const LayerStats& ls : st.layers)
      if (ls.grad_norm_z > 0 && std::isfinite(ls.grad_norm_z)) {
        lo = std::min(lo, std::log10(ls.grad_norm_z));
        hi = std::max(hi, std::log10(ls.grad_norm_z));
      }
    if (lo <= hi) {
      lo = std::floor(lo - 0.5f);
      hi = std::ceil(hi + 0.01f);
      ImDrawList* draw = ImGui::GetWindowDrawList();
      const ImVec2 p = ImGui::GetCursorScreenPos();
      const float height = 90, bw = w / layers;
      draw->AddRectFilled(p, ImVec2(p.x + w, p.y + height), IM_COL32(20, 22, 26, 255));
      for (int l = 0; l < layers; ++l) {
        const float g = st.layers[l].grad_norm_z;
        if (!(g > 0)) continue;
        const float bh = (std::log10(g) - lo) / (hi - lo) * (height - 16);
        draw->AddRectFilled(ImVec2(p.x + l * bw + 2, p.y + height - bh), ImVec2(p.x + (l + 1) * bw - 2, p.y + height),
                            series_colour(l));
        draw->AddText(ImVec2(p.x + l * bw + 3, p.y + height - bh - ImGui::GetFontSize()), IM_COL32(220, 220, 230, 255), layer_label(l));
      }
      char text[48];
      std::snprintf(text, sizeof text, "1e%.0f .. 1e%.0f", lo, hi);
      draw->AddText(ImVec2(p.x + 3, p.y + 1), IM_COL32(170, 170, 180, 255), text);
      ImGui::Dummy(ImVec2(w, height));
    }
    if (ImGui::BeginTable("grads", 3, ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit)) {
      ImGui::TableSetupColumn(tr(Str::col_layer));
      ImGui::TableSetupColumn("||dL/dz||");
      ImGui::TableSetupColumn("||dL/dW||");
      ImGui::TableHeadersRow();
      for (int l = 0; l < layers; ++l) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::Text("L%d %s", l + 1, activation_name(s.run.trainer.net.layers[l].activation));
        ImGui::TableNextColumn();
        ImGui::Text("%.3e", st.layers[l].grad_norm_z);
        ImGui::TableNextColumn();
        ImGui::Text("%.3e", st.layers[l].grad_norm_w);
      }
      ImGui::EndTable();
    }
    ImGui::TextDisabled("%s", tr(Str::grad_compare_note));
  }
}

void draw_curves_tab(AppState& s) {
  static bool log_y = true;
  const History& h = s.run.trainer.history;
  const Stats& st = s.run.trainer.stats;
  ImGui::Text(tr(Str::loss_train_test), st.loss_train, st.loss_test);
  ImGui::SameLine();
  ImGui::Checkbox(tr_id(Str::log_short, "log##curves"), &log_y);
  tooltip(tr(Str::tip_log_loss));
  const float w = ImGui::GetContentRegionAvail().x;
  const int n = static_cast<int>(std::min({h.epoch.size(), h.loss_train.size(), h.loss_test.size()}));
  draw_train_test_chart("loss curves", h, h.loss_train, h.loss_test, n, ImVec2(w, 130), log_y,
                        series_colour(0), series_colour(1));
  if (s.run.trainer.data.regression) return;
  ImGui::Text(tr(Str::accuracy_train_test), 100 * st.accuracy_train, 100 * st.accuracy_test);
  const int na = static_cast<int>(std::min({h.epoch.size(), h.accuracy_train.size(), h.accuracy_test.size()}));
  draw_train_test_chart("accuracy curves", h, h.accuracy_train, h.accuracy_test, na, ImVec2(w, 100), false,
                        series_colour(0), series_colour(1));
  const int k = st.classes;
  if (k >= 2 && static_cast<int>(st.confusion.size()) == k * k) {
    ImGui::TextUnformatted(tr(Str::confusion_title));
    int total = 0;
    for (int v : st.confusion) total += v;
    if (ImGui::BeginTable("confusion", k + 1, ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit)) {
      ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(tr(Str::confusion_corner));
      for (int c = 0; c < k; ++c) {
        ImGui::TableNextColumn();
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(class_colour_u32(c)), "%d", c);
      }
      for (int r = 0; r < k; ++r) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(class_colour_u32(r)), tr(Str::class_n), r);
        int row_total = 0;
        for (int c = 0; c < k; ++c) row_total += st.confusion[r * k + c];
        for (int c = 0; c < k; ++c) {
          ImGui::TableNextColumn();
          const int v = st.confusion[r * k + c];
          const float share = row_total ? static_cast<float>(v) / row_total : 0;
          ImGui::TableSetBgColor(ImGuiTableBgTarget_CellBg,
                                 r == c ? IM_COL32(20, 90 + static_cast<int>(120 * share), 60, 255)
                                        : IM_COL32(60 + static_cast<int>(150 * share), 25, 25, 255));
          ImGui::Text("%d", v);
        }
      }
      ImGui::EndTable();
    }
    ImGui::Text(tr(Str::n_test_points), total);
  }
}

// The region areas by decade: one bar per [10^k, 10^(k+1)); the decades below one pixel of the
// plot in orange, the pixel's area marked by a line.
void area_histogram(const RegionAreaStats& a, ImVec2 size) {
  const int n = static_cast<int>(a.decade_count.size());
  if (n == 0) return;
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  const float label_h = ImGui::GetTextLineHeight();
  const float h = size.y - label_h, bar = size.x / n;
  long most = 1;
  for (long c : a.decade_count) most = std::max(most, c);
  const double pixel_decade = std::log10(std::max(a.pixel_area, 1e-300)) - a.decade_first;
  draw->AddRectFilled(p0, ImVec2(p0.x + size.x, p0.y + h), IM_COL32(35, 37, 42, 255));
  int hovered = -1;
  const ImVec2 m = ImGui::GetIO().MousePos;
  for (int k = 0; k < n; ++k) {
    const float x0 = p0.x + k * bar, x1 = x0 + bar - 1;
    const float top = p0.y + h - h * static_cast<float>(a.decade_count[k]) / most;
    const bool small = k + 1 <= pixel_decade;
    draw->AddRectFilled(ImVec2(x0, top), ImVec2(x1, p0.y + h), small ? IM_COL32(245, 147, 34, 255) : IM_COL32(8, 119, 189, 255));
    if (m.x >= x0 && m.x < x0 + bar && m.y >= p0.y && m.y < p0.y + h && ImGui::IsWindowHovered()) hovered = k;
  }
  if (pixel_decade >= 0 && pixel_decade <= n) {
    const float x = p0.x + static_cast<float>(pixel_decade) * bar;
    draw->AddLine(ImVec2(x, p0.y), ImVec2(x, p0.y + h), IM_COL32(255, 255, 255, 220), 1.5f);
  }
  // decade labels: as many as fit
  char label[16];
  const float label_w = ImGui::CalcTextSize("1e-10").x + 6;
  const int every = std::max(1, static_cast<int>(std::ceil(label_w / bar)));
  for (int k = 0; k <= n; k += every) {
    std::snprintf(label, sizeof label, "1e%d", a.decade_first + k);
    const float x = std::min(p0.x + k * bar, p0.x + size.x - ImGui::CalcTextSize(label).x);
    draw->AddText(ImVec2(x, p0.y + h), IM_COL32(200, 200, 205, 255), label);
  }
  ImGui::Dummy(size);
  if (hovered >= 0)
    ImGui::SetTooltip(tr(Str::region_decade_tip), a.decade_count[hovered], a.decade_first + hovered,
                      a.decade_first + hovered + 1);
}

}  // namespace

void region_edges_checkbox(AppState& s) {
  const bool exact = regions_kept(s);
  bool& on = s.regions.edges[static_cast<int>(s.view.mode)];
  bool shown = on && exact;
  ImGui::BeginDisabled(!exact);
  if (ImGui::Checkbox(tr(Str::region_edges), &shown)) on = shown;
  ImGui::EndDisabled();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip("%s", exact ? tr(Str::tip_region_edges)
                                  : trf(Str::tip_region_edges_unavailable, tr_core(s.run.regions_not_exact).c_str()).c_str());
}

void export_svg_button(AppState& s, ImVec2 size) {
  const bool exact = regions_kept(s) || s.run.regions_exact;
  ImGui::BeginDisabled(!exact);
  if (ImGui::Button(tr(Str::export_svg), size)) request_file_action(s, FileAction::export_svg);
  ImGui::EndDisabled();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip("%s", exact ? tr(Str::tip_export_svg)
                                  : trf(Str::tip_region_edges_unavailable, tr_core(s.run.regions_not_exact).c_str()).c_str());
}

namespace {

void draw_regions_tab(AppState& s) {
  static int fine = -1;
  static long fine_step = -1;
  bool show = s.view.mode == MainView::regions;
  if (ImGui::Checkbox(tr(Str::show_regions_main), &show))
    s.view.mode = show ? MainView::regions : MainView::boundary;
  tooltip(tr(Str::tip_show_regions));
  region_edges_checkbox(s);
  if (s.run.regions_exact) ImGui::Text(tr(Str::regions_exact_polygons), s.run.regions);
  else ImGui::Text(tr(Str::regions_on_grid), s.run.regions_side, s.run.regions_side, tr_core(s.run.regions_not_exact).c_str(), s.run.regions);
  tooltip(tr(s.run.regions_exact ? Str::tip_regions_exact : Str::tip_regions_on_grid));
  const RegionCount& rc = s.run.region_count;
  if (rc.running && rc.exact) {
    ImGui::SameLine();
    ImGui::TextDisabled(tr(Str::regions_updating_note), 100 * rc.job.progress);
  }

  RegionsState& r = s.regions;
  if (regions_kept(s)) {
    const Partition& p = r.partition;
    const int n = p.layers;
    // the layer slider: the partition after layer L of N
    if (n > 1) {
      int layers = regions_layers_shown(s);
      ImGui::SetNextItemWidth(-FLT_MIN);
      // the slider's text: the partition after layer L of N and its count (no % left for ImGui)
      std::string format = trf(Str::partition_after_layer, layers, n, p.regions_after_layer[layers - 1]);
      for (size_t k = format.find('%'); k != std::string::npos; k = format.find('%', k + 2)) format.insert(k, "%");
      if (ImGui::SliderInt("##partition_layer", &layers, 1, n, format.c_str(), typed_in_range))
        r.layers = layers >= n ? 0 : layers;
      tooltip(tr(Str::tip_partition_after_layer));
      std::string chain;
      for (int l = 0; l < n; ++l) {
        if (l) chain += " -> ";
        chain += std::to_string(p.regions_after_layer[l]);
      }
      ImGui::TextDisabled(tr(Str::regions_after_layers), chain.c_str());
    }
    // areas, pixels, training points
    const RegionAreaStats& a = r.areas;
    text_wrapped("%s", tr(Str::region_areas_title));
    area_histogram(a, ImVec2(ImGui::GetContentRegionAvail().x, ImGui::GetTextLineHeight() * 4.5f));
    text_wrapped(tr(Str::region_areas_small), a.smaller_than_pixel, a.regions, r.areas_pixels, r.areas_pixels);
    ImGui::TextDisabled(tr(Str::region_areas_range), a.min, a.median, a.max);
    text_wrapped(tr(Str::regions_with_points), r.with_points, r.training_points);
    export_svg_button(s, ImVec2(0, 0));
  } else if (!s.run.regions_not_exact.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 0.8f, 0.3f, 1));
    text_wrapped(tr(Str::regions_exact_unavailable), tr_core(s.run.regions_not_exact).c_str());
    ImGui::PopStyleColor();
  }

  if (ImGui::Button(tr(Str::count_fine))) {
    GridSpec g = grid_over(s.view.domain, 512, 512);
    fine = count_regions(s.run.trainer.net, g);
    fine_step = s.run.trainer.step_count;
  }
  tooltip(tr(Str::tip_count_fine));
  if (fine >= 0) {
    ImGui::SameLine();
    ImGui::Text(tr(Str::count_at_step), fine, fine_step);
  }
  const Network& net = s.run.trainer.net;
  int units = 0;
  bool piecewise = true;
  for (int l = 0; l < net.hidden_count(); ++l) {
    units += net.layers[l].out();
    piecewise = piecewise && activation_info(net.layers[l].activation).piecewise_linear;
  }
  if (!piecewise)
    ImGui::TextColored(ImVec4(1, 0.8f, 0.3f, 1), "%s", tr(Str::regions_smooth_note));
  if (net.hidden_count() == 1)
    ImGui::Text(tr(Str::regions_one_layer_bound), units,
                line_arrangement_bound(units), units);
  text_wrapped(tr(Str::regions_theory), units, units * units);
}

void draw_probe_tab(AppState& s) {
  ImGui::Checkbox(tr(Str::probe_under_mouse), &s.view.probe_enabled);
  tooltip(tr(Str::tip_probe_under_mouse));
  const Probe& p = s.view.probe;
  if (p.z.empty()) {
    text_wrapped("%s", tr(Str::probe_move_mouse));
    return;
  }
  ImGui::Text(tr(Str::probe_at), p.x1, p.x2, s.view.probe_valid ? "" : tr(Str::probe_last_position));
  ImGui::Text(tr(Str::hidden_units_active), p.active_units, p.hidden_units);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  for (size_t l = 0; l < p.active.size(); ++l) {
    ImGui::Text("L%d", static_cast<int>(l) + 1);
    ImGui::SameLine(ImGui::GetFontSize() * 2.2f);
    const ImVec2 a = ImGui::GetCursorScreenPos();
    const float cell = std::min(12.0f, (ImGui::GetContentRegionAvail().x) / std::max<size_t>(p.active[l].size(), 1));
    for (size_t u = 0; u < p.active[l].size(); ++u)
      draw->AddRectFilled(ImVec2(a.x + u * cell, a.y), ImVec2(a.x + (u + 1) * cell - 1, a.y + ImGui::GetFontSize()),
                          p.active[l][u] ? IM_COL32(255, 240, 120, 255) : IM_COL32(50, 50, 60, 255));
    ImGui::Dummy(ImVec2(p.active[l].size() * cell, ImGui::GetFontSize()));
  }
  ImGui::Separator();
  ImGui::TextUnformatted(p.piecewise_linear ? tr(Str::probe_map_exact) : tr(Str::probe_map_tangent));
  const int outputs = static_cast<int>(p.output.size());
  const bool plane = s.run.trainer.net.spec.features == 0b11u;
  for (int o = 0; o < outputs; ++o) {
    if (plane) {
      ImGui::Text("z%s = %+.4f x1 %+.4f x2 %+.4f", outputs > 1 ? std::to_string(o).c_str() : "", p.jacobian(o, 0),
                  p.jacobian(o, 1), p.offset[o]);
    } else {
      ImGui::Text(tr(Str::probe_through_features), outputs > 1 ? std::to_string(o).c_str() : "",
                  p.jacobian(o, 0), p.jacobian(o, 1));
      std::string terms;
      int input = 0;
      for (int f = 0; f < feature_count; ++f) {
        if (!((s.run.trainer.net.spec.features >> f) & 1u)) continue;
        char term[48];
        std::snprintf(term, sizeof term, "%+.3f %s ", p.feature_map(o, input++), feature_name(static_cast<Feature>(f)));
        terms += term;
      }
      char c[24];
      std::snprintf(c, sizeof c, "%+.3f", p.offset[o]);
      text_wrapped("= %s%s", terms.c_str(), c);
    }
  }
  ImGui::TextDisabled(tr(Str::probe_z_note), output_label(s.run.trainer.net.spec.output),
                      s.run.trainer.net.spec.output == Output::softmax_ce ? tr(Str::probe_top_two) : "");
  text_wrapped("%s", tr(Str::probe_subnetwork_note));
}

}  // namespace

void draw_instruments_panel(AppState& s) {
  place_next_window(s, compute_layout(s).instruments);
  ImGui::Begin(tr_id(Str::window_instruments, "Instruments"), nullptr, panel_flags(s));
  tour_spot_window(s, Spot::window_instruments);
  static const Str names[tab_count] = {Str::tab_sparsity, Str::tab_gradients, Str::tab_curves, Str::tab_regions,
                                       Str::tab_probe, Str::tab_transformed, Str::tab_race, Str::tab_experiments};
  static const char* ids[tab_count] = {"Sparsity", "Gradients", "Curves", "Regions", "Probe", "Transformed", "Race", "Experiments"};
  static void (*const draws[tab_count])(AppState&) = {draw_sparsity_tab, draw_gradients_tab, draw_curves_tab,
                                                       draw_regions_tab,  draw_probe_tab,     draw_transform_tab,
                                                       draw_race_tab,     draw_experiments_tab};
  if (ImGui::BeginTabBar("instrument tabs", ImGuiTabBarFlags_FittingPolicyScroll)) {
    for (int k = 0; k < tab_count; ++k) {
      if (part_hidden(s, static_cast<Part>(static_cast<int>(Part::sparsity) + k))) continue;
      const ImGuiTabItemFlags flags = s.view.select_tab == k ? ImGuiTabItemFlags_SetSelected : 0;
      if (ImGui::BeginTabItem(tr_id(names[k], ids[k]), nullptr, flags)) {
        draws[k](s);
        ImGui::EndTabItem();
      }
    }
    s.view.select_tab = -1;
    ImGui::EndTabBar();
  }
  ImGui::End();
}

}  // namespace relulab
