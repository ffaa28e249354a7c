// panel_tools.cpp: the "Tools" window: what the main view shows, the point class added by
// clicking, the mirror switch, the weight penalties and init the controls panel leaves out, and the
// file actions (ui/files.h). Where the platform has no download or upload (the desktop), a small
// dialog asks for a path.
#include <algorithm>
#include <cstdio>

#include "files.h"
#include "i18n/i18n.h"
#include "panels/panels.h"

namespace relulab {

namespace {

// The path dialog for the pending action (platforms without a browser's file pickers).
void draw_file_dialog(AppState& s) {
  static char path[1024];
  static FileAction for_action = FileAction::none;
  if (!ImGui::BeginPopupModal(tr_id(Str::file_dialog_title, "file"), nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
  if (for_action != s.files.action) {
    std::snprintf(path, sizeof path, "%s", s.files.path.c_str());
    for_action = s.files.action;
  }
  const bool reading = s.files.action == FileAction::load_state || s.files.action == FileAction::import_csv;
  ImGui::Text("%s", reading ? tr(Str::read_from_file) : tr(Str::write_to_file));
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 28);
  const bool enter = ImGui::InputText("##path", path, sizeof path, ImGuiInputTextFlags_EnterReturnsTrue);
  tooltip(tr(Str::tip_path));
  const bool ok = ImGui::Button(tr(Str::ok)) || enter;
  ImGui::SameLine();
  const bool cancel = ImGui::Button(tr(Str::cancel));
  if (ok) complete_file_action(s, s.files.action, path);
  if (ok || cancel) {
    s.files.action = FileAction::none;
    for_action = FileAction::none;
    ImGui::CloseCurrentPopup();
  }
  ImGui::EndPopup();
}

}  // namespace

void request_file_action(AppState& s, FileAction action) {
  if (start_file_action(s, action)) return;
  s.files.action = action;
  s.files.path = default_file_name(action);
  s.files.open_dialog = true;  // opened by the Tools window, which draws the dialog
}

void draw_tools_panel(AppState& s) {
  place_next_window(s, compute_layout(s).tools);
  ImGui::Begin(tr_id(Str::window_tools, "Tools"), nullptr, panel_flags(s));
  ImGui::PushItemWidth(ImGui::GetContentRegionAvail().x * 0.5f);
  // ---- main view ----
  int view = static_cast<int>(s.view.mode);
  ImGui::TextUnformatted(tr(Str::main_view));
  ImGui::RadioButton(tr(Str::view_boundary), &view, static_cast<int>(MainView::boundary));
  tooltip(tr(Str::tip_view_boundary));
  same_line_if_fits(tr(Str::view_regions));
  ImGui::RadioButton(tr(Str::view_regions), &view, static_cast<int>(MainView::regions));
  tooltip(tr(Str::tip_view_regions));
  same_line_if_fits(tr(Str::view_unit));
  ImGui::RadioButton(tr(Str::view_unit), &view, static_cast<int>(MainView::unit));
  tooltip(tr(Str::tip_view_unit));
  s.view.mode = static_cast<MainView>(view);
  ImGui::Checkbox(tr(Str::discretised), &s.view.discrete_boundary);
  tooltip(tr(Str::tip_discrete_boundary));
  same_line_if_fits(tr(Str::masks));
  ImGui::Checkbox(tr(Str::masks), &s.view.unit_mask);
  tooltip(tr(Str::tip_masks));
  same_line_if_fits(tr(Str::probe));
  ImGui::Checkbox(tr(Str::probe), &s.view.probe_enabled);
  tooltip(tr(Str::tip_probe));
  region_edges_checkbox(s);
  // ---- clicking adds points of ----
  const Dataset& d = s.run.trainer.data;
  if (d.regression) {
    ImGui::SliderFloat(tr(Str::click_adds_target), &s.view.point_value, -1.0f, 1.0f, "%.2f", typed_in_range);
    tooltip(tr(Str::tip_click_adds_target));
  } else {
    s.view.point_class = std::clamp(s.view.point_class, 0, d.classes - 1);
    ImGui::TextUnformatted(tr(Str::click_adds));
    for (int c = 0; c < d.classes; ++c) {
      ImGui::SameLine();
      ImGui::PushID(c);
      ImGui::PushStyleColor(ImGuiCol_CheckMark, ImGui::ColorConvertU32ToFloat4(class_colour_u32(c)));
      char label[16];
      std::snprintf(label, sizeof label, "%d", c);
      ImGui::RadioButton(label, &s.view.point_class, c);
      ImGui::PopStyleColor();
      ImGui::PopID();
      if (ImGui::IsItemHovered())
        ImGui::SetTooltip(tr(Str::tip_click_adds_class), c);
    }
  }
  // ---- training extras ----
  ImGui::Separator();
  {
    TrainSpec t = s.run.config.train;
    bool changed = ImGui::SliderFloat(tr(Str::l1_weights), &t.l1, 0.0f, 0.01f, "%.4f", typed_in_range);
    tooltip(tr(Str::tip_l1_weights));
    if (t.optimizer == Optimizer::momentum) {
      changed |= ImGui::SliderFloat(tr(Str::momentum), &t.momentum, 0.0f, 0.99f, "%.2f", typed_in_range);
      tooltip(tr(Str::tip_momentum));
    }
    if (changed) {
      const std::string error = set_train_spec(s.run.trainer, t);
      if (error.empty()) s.run.config.train = t;
      else s.run.message = error;
    }
    Config c = s.run.config;
    if (ImGui::BeginCombo(tr(Str::bias_init), bias_init_label(c.network.bias_init))) {
      for (int b = 0; b < static_cast<int>(BiasInit::count); ++b)
        if (ImGui::Selectable(bias_init_label(static_cast<BiasInit>(b)), b == static_cast<int>(c.network.bias_init))) {
          c.network.bias_init = static_cast<BiasInit>(b);
          const std::string error = apply_config(s, c);
          if (!error.empty()) s.run.message = error;
        }
      ImGui::EndCombo();
    }
    tooltip(tr(Str::tip_bias_init));
  }
  // ---- mirror ----
  ImGui::Separator();
  static const Activation variants[] = {Activation::relu, Activation::relu_neg, Activation::neg_relu, Activation::neg_relu_neg};
  if (ImGui::BeginCombo(tr(Str::mirror_to), activation_label(s.run.mirror_variant))) {
    for (Activation v : variants)
      if (ImGui::Selectable(activation_label(v), v == s.run.mirror_variant)) s.run.mirror_variant = v;
    ImGui::EndCombo();
  }
  tooltip(tr(Str::tip_mirror_to));
  ImGui::SameLine();
  if (ImGui::Button(tr(Str::mirror))) {
    const std::string error = mirror_hidden_layers(s, s.run.mirror_variant);
    if (!error.empty()) s.run.message = error;
  }
  tooltip(tr(Str::tip_mirror));
  tour_spot(s, Spot::mirror);
  // ---- files ----
  ImGui::Separator();
  const float bw = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) * 0.5f;
  if (ImGui::Button(tr(Str::save_state), ImVec2(bw, 0))) request_file_action(s, FileAction::save_state);
  tooltip(tr(Str::tip_save_state));
  ImGui::SameLine();
  if (ImGui::Button(tr(Str::load_state), ImVec2(bw, 0))) request_file_action(s, FileAction::load_state);
  tooltip(tr(Str::tip_load_state));
  if (ImGui::Button(tr(Str::import_csv), ImVec2(bw, 0))) request_file_action(s, FileAction::import_csv);
  tooltip(tr(Str::tip_import_csv));
  ImGui::SameLine();
  if (ImGui::Button(tr(Str::export_csv), ImVec2(bw, 0))) request_file_action(s, FileAction::export_csv);
  tooltip(tr(Str::tip_export_csv));
  if (ImGui::Button(tr(Str::export_png), ImVec2(bw, 0))) request_file_action(s, FileAction::export_png);
  tooltip(tr(Str::tip_export_png));
  ImGui::SameLine();
  export_svg_button(s, ImVec2(bw, 0));
  if (s.platform.copy_link) {
    if (ImGui::Button(tr(Str::copy_link), ImVec2(bw, 0))) {
      s.platform.copy_link();
      s.files.notice = tr(Str::link_copied);
    }
    tooltip(tr(Str::tip_copy_link));
  }
  if (s.files.open_dialog) {
    s.files.open_dialog = false;
    ImGui::OpenPopup(tr_id(Str::file_dialog_title, "file"));
  }
  draw_file_dialog(s);
  if (!s.files.notice.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    text_wrapped("%s", tr_core(s.files.notice).c_str());
    ImGui::PopStyleColor();
  }
  ImGui::PopItemWidth();
  ImGui::End();
}

}  // namespace relulab
