// panel_loss.cpp: loss and accuracy over training, train and test, from the trainer's History
// (measured every few frames; bounded, older points thinned).
#include <algorithm>

#include "i18n/i18n.h"
#include "panels/panels.h"

namespace relulab {

void draw_loss_panel(AppState& s) {
  static bool log_scale = true;
  place_next_window(s, compute_layout(s).loss);
  ImGui::Begin(tr_id(Str::window_loss, "Loss"), nullptr, panel_flags(s));
  tour_spot_window(s, Spot::window_loss);
  const History& h = s.run.trainer.history;
  const Stats& st = s.run.trainer.stats;
  ImGui::Text(tr(Str::train_test_loss), st.loss_train, st.loss_test);
  ImGui::SameLine();
  ImGui::Checkbox(tr(Str::log_scale), &log_scale);
  tooltip(tr(Str::tip_log_loss));
  // a loaded state continues its step count, but its earlier curves are not in the file
  if (!h.epoch.empty() && h.epoch.front() > 0) {
    ImGui::TextDisabled(tr(Str::curves_start_at), h.epoch.front());
    tooltip(tr(Str::tip_curves_start_at));
  }
  const int n = static_cast<int>(std::min({h.epoch.size(), h.loss_train.size(), h.loss_test.size()}));
  const ImU32 train_colour = IM_COL32(110, 180, 255, 255), test_colour = IM_COL32(255, 170, 60, 255);
  const bool accuracy = !s.run.trainer.data.regression && h.accuracy_train.size() >= static_cast<size_t>(n) &&
                        h.accuracy_test.size() >= static_cast<size_t>(n);
  const float avail = ImGui::GetContentRegionAvail().y - ImGui::GetStyle().ItemSpacing.y;
  const float loss_h = std::max(60.0f, accuracy ? avail * 0.6f : avail);
  draw_train_test_chart("loss", h, h.loss_train, h.loss_test, n,
                        ImVec2(ImGui::GetContentRegionAvail().x, loss_h), log_scale, train_colour, test_colour);
  if (accuracy) {
    draw_train_test_chart("accuracy", h, h.accuracy_train, h.accuracy_test, n,
                          ImVec2(ImGui::GetContentRegionAvail().x, std::max(40.0f, ImGui::GetContentRegionAvail().y)),
                          false, train_colour, test_colour, tr(Str::train_acc), tr(Str::test_acc));
  }
  ImGui::End();
}

}  // namespace relulab
