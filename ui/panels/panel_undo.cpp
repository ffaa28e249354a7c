// panel_undo.cpp: the controls panel's Undo / Redo / Start fresh row (ui/undo.h, ui/autosave.h)
// and one line saying when the run was last autosaved.
#include <cstdio>

#include "panels/panels.h"
#include "undo.h"

namespace relulab {

void draw_undo_row(AppState& s) {
  const float w = ImGui::GetContentRegionAvail().x;
  const float button = (w - 2 * ImGui::GetStyle().ItemSpacing.x) / 3;
  // Each button's tooltip reads the stacks after the button: a click on Undo (Redo) this frame
  // may have emptied its stack, and its back() is then no label at all.
  ImGui::BeginDisabled(s.undo.undo.empty());
  if (ImGui::Button(tr(Str::undo), ImVec2(button, 0))) undo(s);
  ImGui::EndDisabled();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip("%s", s.undo.undo.empty() ? tr(Str::nothing_to_undo)
                                                : trf(Str::undo_tip, tr_core(s.undo.undo.back().label).c_str()).c_str());
  ImGui::SameLine();
  ImGui::BeginDisabled(s.undo.redo.empty());
  if (ImGui::Button(tr(Str::redo), ImVec2(button, 0))) redo(s);
  ImGui::EndDisabled();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip("%s", s.undo.redo.empty() ? tr(Str::nothing_to_redo)
                                                : trf(Str::redo_tip, tr_core(s.undo.redo.back().label).c_str()).c_str());
  ImGui::SameLine();
  if (ImGui::Button(tr(Str::start_fresh), ImVec2(button, 0))) start_fresh(s);
  tooltip(tr(Str::tip_start_fresh));

  const AutosaveState& a = s.autosave;
  if (!a.armed || !s.platform.save_autosave) return;
  if (!a.error.empty()) {
    ImGui::TextDisabled(tr(Str::not_autosaved), tr_core(a.error).c_str());
  } else if (a.saves > 0) {
    ImGui::TextDisabled(tr(Str::autosaved_at), a.last_step);
  } else {
    ImGui::TextDisabled("%s", tr(Str::autosave_on));
  }
  tooltip(tr(Str::tip_autosave));
}

}  // namespace relulab
