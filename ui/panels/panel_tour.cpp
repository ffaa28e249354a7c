// panel_tour.cpp: the tour window (导览): the step's claim, what to look at, the reader's action,
// the verdict measured in this run, and back / next / exit; plus a frame drawn over the windows
// around the instrument to look at (amber) and the control to use (green). The steps themselves
// are ui/tour.cpp's.
#include <algorithm>

#include "panels/panels.h"

namespace relulab {

namespace {

struct StepSpots {
  Spot look, act;
};
const StepSpots step_spots[tour_step_count] = {
    {Spot::window_layers, Spot::play},       {Spot::window_instruments, Spot::add_layer},
    {Spot::window_loss, Spot::mirror},       {Spot::window_instruments, Spot::all_layers},
    {Spot::window_plot, Spot::all_layers},   {Spot::window_layers, Spot::learning_rate},
};

const ImVec4 amber(1.0f, 0.75f, 0.2f, 1.0f), green(0.35f, 0.95f, 0.45f, 1.0f);

// A frame around a spot drawn this frame, over every window.
void frame_spot(const AppState& s, Spot spot, const ImVec4& colour) {
  const int k = static_cast<int>(spot);
  if (spot == Spot::none || s.tour.spot_frame[k] != s.frame.index) return;
  const float* r = s.tour.spot_rect[k];
  ImGui::GetForegroundDrawList()->AddRect(ImVec2(r[0] - 3, r[1] - 3), ImVec2(r[2] + 3, r[3] + 3),
                                          ImGui::ColorConvertFloat4ToU32(colour), 4.0f, 0, 3.0f);
}

// "Label: text", the label coloured, the text wrapped under it.
void labelled(const char* label, const ImVec4& colour, const char* text) {
  ImGui::TextColored(colour, "%s", label);
  ImGui::SameLine();
  text_wrapped("%s", text);
}

}  // namespace

void draw_tour_panel(AppState& s) {
  if (!tour_active(s)) return;
  const int step = tour_current(s);
  const StepSpots& spots = step_spots[step - 1];
  frame_spot(s, spots.look, amber);
  if (!s.tour.action_done) frame_spot(s, spots.act, green);

  // over the network diagram (the reader can move it); the claim folds away once the action is
  // done, so that the verdict fits
  const PanelRect r = compute_layout(s).diagram;
  const ImGuiCond cond = s.tour.place || s.view.relayout ? ImGuiCond_Always : ImGuiCond_FirstUseEver;
  ImGui::SetNextWindowPos(r.pos, cond);
  ImGui::SetNextWindowSize(r.size, cond);
  ImGui::SetNextWindowBgAlpha(1.0f);
  s.tour.place = false;
  bool open = true;
  ImGui::Begin(tr_id(Str::window_tour, "Tour"), &open, ImGuiWindowFlags_NoCollapse);
  const float w = ImGui::GetContentRegionAvail().x;
  char progress[64];
  std::snprintf(progress, sizeof progress, tr(Str::tour_step_of), step, tour_step_count);
  ImGui::ProgressBar(static_cast<float>(step) / tour_step_count, ImVec2(w, 0), progress);
  ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
  text_wrapped("%s", tour_title(step));
  ImGui::PopStyleColor();

  const ImVec4 grey = ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled);
  if (!s.tour.action_done) {
    labelled(tr(Str::tour_claim_label), grey, tour_claim(step));
  } else {
    ImGui::PushStyleColor(ImGuiCol_Text, grey);
    const bool open_claim = ImGui::TreeNode(tr_id(Str::tour_claim_label, "claim"));
    ImGui::PopStyleColor();
    if (open_claim) {
      text_wrapped("%s", tour_claim(step));
      ImGui::TreePop();
    }
  }
  labelled(tr(Str::tour_look_label), amber, tour_look(step));
  labelled(tr(s.tour.action_done ? Str::tour_done : Str::tour_do_label), green, tour_action(step));
  if (!s.tour.action_done) {
    if (compact_button(s, tr(Str::tour_do_for_me))) tour_do_action(s);
    tooltip(tr(Str::tip_tour_do_for_me));
  }

  ImGui::Separator();
  ImGui::TextDisabled("%s", tr(Str::tour_verdict_label));
  const ImVec4 verdict_colour = !s.tour.verdict_ready ? ImGui::GetStyleColorVec4(ImGuiCol_Text)
                                : s.tour.confirmed   ? ImVec4(0.5f, 1.0f, 0.6f, 1.0f)
                                                     : ImVec4(1.0f, 0.65f, 0.35f, 1.0f);
  ImGui::PushStyleColor(ImGuiCol_Text, verdict_colour);
  text_wrapped("%s", s.tour.verdict.c_str());
  ImGui::PopStyleColor();
  if (!s.run.message.empty() && part_hidden(s, Part::controls)) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.0f, 0.45f, 0.4f, 1.0f));
    text_wrapped("%s", tr_core(s.run.message).c_str());
    ImGui::PopStyleColor();
  }

  ImGui::Separator();
  ImGui::BeginDisabled(step <= 1);
  if (ImGui::Button(tr(Str::tour_back))) tour_open(s, step - 1);
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::BeginDisabled(step >= tour_step_count);
  if (ImGui::Button(tr(Str::tour_next))) tour_open(s, step + 1);
  ImGui::EndDisabled();
  ImGui::SameLine();
  const float exit_w = ImGui::CalcTextSize(tr(Str::tour_exit)).x + 2 * ImGui::GetStyle().FramePadding.x;
  ImGui::SetCursorPosX(std::max(ImGui::GetCursorPosX(), ImGui::GetWindowContentRegionMax().x - exit_w));
  if (ImGui::Button(tr(Str::tour_exit))) open = false;
  ImGui::End();
  if (!open) tour_exit(s);
}

}  // namespace relulab
