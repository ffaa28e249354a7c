// panel_undo.cpp: the controls panel's Undo / Redo / Start fresh row (ui/undo.h, ui/autosave.h)
// and one line saying when the run was last autosaved.
#include <cstdio>

#include "panels/panels.h"

namespace relulab {

void draw_undo_row(AppState& s) {
  const float w = ImGui::GetContentRegionAvail().x;
  const float button = (w - 2 * ImGui::GetStyle().ItemSpacing.x) / 3;
  const std::string undo_text = undo_label(s), redo_text = redo_label(s);
  ImGui::BeginDisabled(undo_text.empty());
  if (ImGui::Button("Undo", ImVec2(button, 0))) undo(s);
  ImGui::EndDisabled();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip("%s", undo_text.empty() ? "Nothing to undo" : (undo_text + " (Ctrl+Z): the run comes back exactly").c_str());
  ImGui::SameLine();
  ImGui::BeginDisabled(redo_text.empty());
  if (ImGui::Button("Redo", ImVec2(button, 0))) redo(s);
  ImGui::EndDisabled();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip("%s", redo_text.empty() ? "Nothing to redo" : (redo_text + " (Ctrl+Shift+Z)").c_str());
  ImGui::SameLine();
  if (ImGui::Button("Start fresh", ImVec2(button, 0))) start_fresh(s);
  tooltip("A new run with the default configuration (Undo brings this one back)");

  const AutosaveState& a = s.autosave;
  if (!a.armed || !s.platform.save_autosave) return;
  if (!a.error.empty()) {
    ImGui::TextDisabled("not autosaved: %s", a.error.c_str());
  } else if (a.saves > 0) {
    ImGui::TextDisabled("autosaved at step %ld", a.last_step);
  } else {
    ImGui::TextDisabled("autosave on");
  }
  tooltip("The run is kept while it changes (every few seconds and when the page or window closes) and comes back at the next start");
}

}  // namespace relulab
