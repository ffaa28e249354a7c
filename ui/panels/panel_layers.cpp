// panel_layers.cpp: the ReLU instruments per hidden layer: how many units are active (exact
// non-zero output for the ReLU family; |h| >= 1e-3 for smooth units, labelled as a threshold),
// dead units (inactive on every training point), always-on units, and the backpropagated gradient
// norm ||dL/dZ||; below, the live linear-region count (regions_grid() in app.h) and the active-path fraction.
#include "panels/panels.h"

namespace relulab {

void draw_layers_panel(AppState& s) {
  place_next_window(s, compute_layout(s).layers);
  ImGui::Begin("Layers", nullptr, panel_flags(s));
  const Stats& st = s.run.trainer.stats;
  const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit;
  if (ImGui::BeginTable("layers", 6, flags)) {
    ImGui::TableSetupColumn("layer");
    ImGui::TableSetupColumn("units");
    ImGui::TableSetupColumn("active");
    ImGui::TableSetupColumn("dead");
    ImGui::TableSetupColumn("always on");
    ImGui::TableSetupColumn("|dL/dz|");
    ImGui::TableHeadersRow();
    for (size_t l = 0; l < st.layers.size(); ++l) {
      const LayerStats& ls = st.layers[l];
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::Text("L%d", static_cast<int>(l) + 1);
      if (l < s.run.trainer.net.layers.size() && ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", activation_info(s.run.trainer.net.layers[l].activation).label);
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
  ImGui::TextWrapped("active: share of units with non-zero output, over training points "
                     "(* smooth units: |h| >= %.0e, a threshold, not exact zeros).", smooth_active_eps);
  ImGui::Separator();
  if (s.run.regions_exact) ImGui::Text("Linear regions (exact): %d%s", s.run.regions, s.run.region_count.running ? " (updating)" : "");
  else ImGui::Text("Linear regions (%dx%d grid estimate): %d", s.run.regions_side, s.run.regions_side, s.run.regions);
  tooltip("Distinct on/off patterns of all hidden units over the plot: each is one linear piece");
  ImGui::Text("Active input-output paths: %.2f%%", 100 * st.active_path_fraction);
  tooltip("Mean share of input-to-output paths whose units are all active (falls like 2^-depth)");
  ImGui::End();
}

}  // namespace relulab
