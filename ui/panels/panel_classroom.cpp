// panel_classroom.cpp: the row of buttons at the top of the ReLU Lab window (the tour, the
// language switch, the classroom link) and the dialog that builds a classroom link: the running
// configuration with windows, sections and tabs hidden, a language and a tour step (classroom.h).
#include <algorithm>
#include <cstdio>

#include "fonts_cjk.h"
#include "panels/panels.h"

namespace relulab {

namespace {

void part_checkboxes(AppState& s, Part first, Part last) {
  for (int p = static_cast<int>(first); p <= static_cast<int>(last); ++p) {
    bool hide = (s.classroom.dialog_hidden >> p) & 1u;
    if (p != static_cast<int>(first)) ImGui::SameLine();
    // wrap when the row is full
    const float need = ImGui::CalcTextSize(tr(part_label(static_cast<Part>(p)))).x + ImGui::GetFrameHeight() * 2;
    if (p != static_cast<int>(first) && ImGui::GetContentRegionAvail().x < need) ImGui::NewLine();
    ImGui::PushID(p);
    if (ImGui::Checkbox(tr(part_label(static_cast<Part>(p))), &hide)) s.classroom.dialog_hidden ^= 1u << p;
    ImGui::PopID();
  }
}

// The running message, where the ReLU Lab window that shows it is hidden and no tour shows it.
void draw_message_window(AppState& s) {
  if (s.run.message.empty() || !part_hidden(s, Part::controls) || tour_active(s)) return;
  ImGui::SetNextWindowPos(ImVec2(6, 6), ImGuiCond_Always);
  ImGui::SetNextWindowSize(ImVec2(std::min(420.0f, s.display_width - 12), 0), ImGuiCond_Always);
  ImGui::Begin("###message", nullptr, ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove);
  ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.0f, 0.45f, 0.4f, 1.0f));
  text_wrapped("%s", tr_core(s.run.message).c_str());
  ImGui::PopStyleColor();
  if (compact_button(s, tr(Str::dismiss))) s.run.message.clear();
  ImGui::End();
}

}  // namespace

void draw_app_bar(AppState& s) {
  if (compact_button(s, tr(Str::tour_button))) {
    if (!tour_active(s)) tour_open(s, 1);
    else s.tour.place = true;
  }
  tooltip(tr(Str::tip_tour_button));
  ImGui::SameLine();
  if (compact_button(s, tr_id(Str::language_switch, "language")))
    request_language(s, s.language.wanted == Lang::zh ? Lang::en : Lang::zh, true);
  tooltip(tr(Str::tip_language_switch));
  ImGui::SameLine();
  if (compact_button(s, tr(Str::classroom_button))) {
    s.classroom.dialog_open = true;
    s.classroom.dialog_hidden = s.classroom.hidden;
    s.classroom.dialog_tour = tour_current(s);
  }
  tooltip(tr(Str::tip_classroom_button));
}

void draw_classroom_panel(AppState& s) {
  draw_message_window(s);
  ClassroomState& c = s.classroom;
  if (!c.dialog_open) return;
  ImGui::SetNextWindowPos(ImVec2(s.display_width * 0.5f, s.display_height * 0.35f), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(std::min(560.0f * s.view.applied_font_scale, s.display_width - 20), 0), ImGuiCond_Appearing);
  ImGui::Begin(tr_id(Str::window_classroom, "Classroom link"), &c.dialog_open, ImGuiWindowFlags_NoCollapse);
  text_wrapped("%s", tr(Str::classroom_intro));
  ImGui::TextDisabled("%s", tr(Str::classroom_windows));
  part_checkboxes(s, Part::controls, Part::tools);
  ImGui::TextDisabled("%s", tr(Str::classroom_sections));
  part_checkboxes(s, Part::data, Part::view);
  ImGui::TextDisabled("%s", tr(Str::classroom_tabs));
  part_checkboxes(s, Part::sparsity, Part::experiments);
  ImGui::Separator();
  ImGui::TextUnformatted(tr(Str::classroom_language));
  ImGui::SameLine();
  ImGui::RadioButton(tr(Str::classroom_lang_own), &c.dialog_lang, 0);
  ImGui::SameLine();
  ImGui::RadioButton(tr(Str::lang_english), &c.dialog_lang, 1);
  ImGui::SameLine();
  ImGui::RadioButton(tr(Str::lang_chinese), &c.dialog_lang, 2);
  char current[128];
  if (c.dialog_tour > 0) std::snprintf(current, sizeof current, tr(Str::tour_step_of), c.dialog_tour, tour_step_count);
  else std::snprintf(current, sizeof current, "%s", tr(Str::classroom_no_tour));
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 14);
  if (ImGui::BeginCombo(tr(Str::classroom_tour), current)) {
    if (ImGui::Selectable(tr(Str::classroom_no_tour), c.dialog_tour == 0)) c.dialog_tour = 0;
    for (int k = 1; k <= tour_step_count; ++k) {
      char label[256];
      std::snprintf(label, sizeof label, "%d. %s", k, tour_title(k));
      if (ImGui::Selectable(label, c.dialog_tour == k)) c.dialog_tour = k;
    }
    ImGui::EndCombo();
  }
  ImGui::Separator();
  const std::string link = classroom_link(s, c.dialog_hidden, c.dialog_lang, c.dialog_tour);
  ImGui::TextUnformatted(s.page_address.empty() ? tr(Str::classroom_native_note) : tr(Str::classroom_link));
  static char buffer[4096];
  std::snprintf(buffer, sizeof buffer, "%s", link.c_str());
  ImGui::SetNextItemWidth(-1);
  ImGui::InputText("##link", buffer, sizeof buffer, ImGuiInputTextFlags_ReadOnly);
  if (ImGui::Button(tr(Str::classroom_copy))) {
    if (s.platform.copy_text) s.platform.copy_text(link);
    else ImGui::SetClipboardText(link.c_str());
    s.files.notice = tr(Str::classroom_copied);
  }
  ImGui::SameLine();
  if (ImGui::Button(tr(Str::classroom_apply))) c.hidden = c.dialog_hidden;
  tooltip(tr(Str::tip_classroom_apply));
  ImGui::SameLine();
  if (ImGui::Button(tr(Str::classroom_show_all))) c.hidden = c.dialog_hidden = 0;
  ImGui::SameLine();
  if (ImGui::Button(tr(Str::close))) c.dialog_open = false;
  ImGui::End();
}

}  // namespace relulab
