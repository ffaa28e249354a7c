// panel_layers.cpp: the ReLU instruments per hidden layer: how many units are active (exact
// non-zero output for the ReLU family; |h| >= 1e-3 for smooth units, labelled as a threshold),
// dead units (inactive on every training point), always-on units, and the backpropagated gradient
// norm ||dL/dZ||; below, the live linear-region count (regions_grid() in app.h) and the active-path fraction.
#include "i18n/i18n.h"
#include "panels/panels.h"

namespace relulab {

void draw_layers_panel(AppState& s) {
  place_next_window(s, compute_layout(s).layers);
  ImGui::Begin(tr_id(Str::window_layers, "Layers"), nullptr, panel_flags(s));
  tour_spot_window(s, Spot::window_layers);
  const Stats& st = s.run.trainer.stats;
  const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit;
  if (ImGui::BeginTable("layers", 6, flags)) {
    ImGui::TableSetupColumn(tr(Str::col_layer));
    ImGui::TableSetupColumn(tr(Str::col_units));
    ImGui::TableSetupColumn(tr(Str::col_active));
    ImGui::TableSetupColumn(tr(Str::col_dead));
    ImGui::TableSetupColumn(tr(Str::col_always_on));
    ImGui::TableSetupColumn("|dL/dz|");
    ImGui::TableHeadersRow();
    for (size_t l = 0; l < st.layers.size(); ++l) {
      const LayerStats& ls = st.layers[l];
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::Text("L%d", static_cast<int>(l) + 1);
      if (l < s.run.trainer.net.layers.size() && ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", activation_label(s.run.trainer.net.layers[l].activation));
      ImGui::TableNextColumn();
      ImGui::Text("%d", ls.units);
      ImGui::TableNextColumn();
      ImGui::Text(ls.exact_zeros ? "%.1f%%" : "%.1f%%*", 100 * ls.active_fraction);
      ImGui::TableNextColumn();
      ImGui::Text("%d", ls.dead_units);
      ImGui::TableNextColumn();
      ImGui::Text("%d", ls.always_on_units);
      ImGui::TableNextColumn();
      ImGui::Text("%.2e", ls.grad_norm_z);
    }
    ImGui::EndTable();
  }
  text_wrapped(tr(Str::layers_active_note), smooth_active_eps);
  ImGui::Separator();
  if (s.run.regions_exact) ImGui::Text(tr(Str::linear_regions_exact), s.run.regions, s.run.region_count.running ? tr(Str::updating_paren) : "");
  else ImGui::Text(tr(Str::linear_regions_grid), s.run.regions_side, s.run.regions_side, s.run.regions);
  tooltip(tr(Str::tip_linear_regions_grid));
  ImGui::Text(tr(Str::active_paths_2f), 100 * st.active_path_fraction);
  tooltip(tr(Str::tip_active_paths));
  ImGui::End();
}

}  // namespace relulab
