// panel_tools.cpp: the "Tools" window: what the main view shows, the point class added by
// clicking, the mirror switch, the weight penalties and init the controls panel leaves out, and the
// file actions (ui/files.h). Where the platform has no download or upload (the desktop), a small
// dialog asks for a path.
#include <algorithm>
#include <cstdio>

#include "files.h"
#include "panels/panels.h"

namespace relulab {

namespace {

// The path dialog for the pending action (platforms without a browser's file pickers).
void draw_file_dialog(AppState& s) {
  static char path[1024];
  static FileAction for_action = FileAction::none;
  if (!ImGui::BeginPopupModal("file", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
  if (for_action != s.files.action) {
    std::snprintf(path, sizeof path, "%s", s.files.path.c_str());
    for_action = s.files.action;
  }
  const bool reading = s.files.action == FileAction::load_state || s.files.action == FileAction::import_csv;
  ImGui::Text("%s", reading ? "Read from file:" : "Write to file:");
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 28);
  const bool enter = ImGui::InputText("##path", path, sizeof path, ImGuiInputTextFlags_EnterReturnsTrue);
  tooltip("A path, relative to the directory the app was started in");
  const bool ok = ImGui::Button("OK") || enter;
  ImGui::SameLine();
  const bool cancel = ImGui::Button("Cancel");
  if (ok) complete_file_action(s, s.files.action, path);
  if (ok || cancel) {
    s.files.action = FileAction::none;
    for_action = FileAction::none;
    ImGui::CloseCurrentPopup();
  }
  ImGui::EndPopup();
}

void start_action(AppState& s, FileAction action) {
  if (start_file_action(s, action)) return;
  s.files.action = action;
  s.files.path = default_file_name(action);
  ImGui::OpenPopup("file");
}

}  // namespace

void draw_tools_panel(AppState& s) {
  place_next_window(s, compute_layout(s).tools);
  ImGui::Begin("Tools", nullptr, panel_flags(s));
  ImGui::PushItemWidth(ImGui::GetContentRegionAvail().x * 0.5f);
  // ---- main view ----
  int view = static_cast<int>(s.view.mode);
  ImGui::TextUnformatted("Main view");
  ImGui::RadioButton("boundary", &view, static_cast<int>(MainView::boundary));
  tooltip("The network's output: the decision boundary, shaded by confidence");
  ImGui::SameLine();
  ImGui::RadioButton("linear regions", &view, static_cast<int>(MainView::regions));
  tooltip("One colour per activation pattern: each patch is a piece where the network is one affine map");
  ImGui::SameLine();
  ImGui::RadioButton("unit", &view, static_cast<int>(MainView::unit));
  tooltip("One hidden unit's output over the plane (click a unit in the Network window to choose it)");
  s.view.mode = static_cast<MainView>(view);
  ImGui::Checkbox("discretised", &s.view.discrete_boundary);
  tooltip("Colour each pixel by its class only, without the confidence shading");
  ImGui::SameLine();
  ImGui::Checkbox("masks", &s.view.unit_mask);
  tooltip("Units drawn as on/off masks (dark = active) instead of their output value");
  ImGui::SameLine();
  ImGui::Checkbox("probe", &s.view.probe_enabled);
  tooltip("Hovering the plot shows the active units and the local linear map");
  // ---- clicking adds points of ----
  const Dataset& d = s.run.trainer.data;
  if (d.regression) {
    ImGui::SliderFloat("click adds target", &s.view.point_value, -1.0f, 1.0f, "%.2f");
    tooltip("Clicking the plot adds a training point with this target; shift/ctrl-click removes the nearest");
  } else {
    s.view.point_class = std::clamp(s.view.point_class, 0, d.classes - 1);
    ImGui::TextUnformatted("Click adds");
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
        ImGui::SetTooltip("Clicking the plot adds a training point of class %d; shift/ctrl-click removes the nearest", c);
    }
  }
  // ---- training extras ----
  ImGui::Separator();
  {
    TrainSpec t = s.run.config.train;
    bool changed = ImGui::SliderFloat("L1 weights", &t.l1, 0.0f, 0.01f, "%.4f");
    tooltip("L1 penalty on the weights: pushes weights to exact zeros");
    if (t.optimizer == Optimizer::momentum) {
      changed |= ImGui::SliderFloat("momentum", &t.momentum, 0.0f, 0.99f, "%.2f");
      tooltip("Heavy-ball momentum coefficient");
    }
    if (changed) {
      const std::string error = set_train_spec(s.run.trainer, t);
      if (error.empty()) s.run.config.train = t;
      else s.run.message = error;
    }
    Config c = s.run.config;
    if (ImGui::BeginCombo("bias init", bias_init_name(c.network.bias_init))) {
      for (int b = 0; b < static_cast<int>(BiasInit::count); ++b)
        if (ImGui::Selectable(bias_init_name(static_cast<BiasInit>(b)), b == static_cast<int>(c.network.bias_init))) {
          c.network.bias_init = static_cast<BiasInit>(b);
          const std::string error = apply_config(s, c);
          if (!error.empty()) s.run.message = error;
        }
      ImGui::EndCombo();
    }
    tooltip("Initial biases: zero, 0.01, or the Playground's 0.1 (a small positive bias keeps ReLUs alive)");
  }
  // ---- mirror ----
  ImGui::Separator();
  static const Activation variants[] = {Activation::relu, Activation::relu_neg, Activation::neg_relu, Activation::neg_relu_neg};
  if (ImGui::BeginCombo("mirror to", activation_info(s.run.mirror_variant).label)) {
    for (Activation v : variants)
      if (ImGui::Selectable(activation_info(v).label, v == s.run.mirror_variant)) s.run.mirror_variant = v;
    ImGui::EndCombo();
  }
  tooltip("The mirrored ReLU the Mirror button switches to");
  ImGui::SameLine();
  if (ImGui::Button("Mirror")) {
    const std::string error = mirror_hidden_layers(s, s.run.mirror_variant);
    if (!error.empty()) s.run.message = error;
  }
  tooltip("Flip weight signs so the ReLU layers become the chosen mirror, mid-run: the function and its training are unchanged");
  // ---- files ----
  ImGui::Separator();
  const float bw = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) * 0.5f;
  if (ImGui::Button("Save state", ImVec2(bw, 0))) start_action(s, FileAction::save_state);
  tooltip("Save the configuration, the weights, hand-made points and the training progress (step, minibatch order, optimiser moments) as JSON");
  ImGui::SameLine();
  if (ImGui::Button("Load state", ImVec2(bw, 0))) start_action(s, FileAction::load_state);
  tooltip("Load a saved JSON state: training continues exactly where it was saved (the loss curves start at that step); a malformed file is refused and the run continues");
  if (ImGui::Button("Import CSV", ImVec2(bw, 0))) start_action(s, FileAction::import_csv);
  tooltip("Load points from a CSV file of x1,x2,label lines (labels 0..4 classes, or real targets)");
  ImGui::SameLine();
  if (ImGui::Button("Export CSV", ImVec2(bw, 0))) start_action(s, FileAction::export_csv);
  tooltip("Save the data points (train then test) as x1,x2,label");
  if (ImGui::Button("Export PNG", ImVec2(bw, 0))) start_action(s, FileAction::export_png);
  tooltip("Save the main view (boundary, regions or unit map, with the points) as a 768x768 PNG");
if (s.platform.copy_link) {
    ImGui::SameLine();
    if (ImGui::Button("Copy link", ImVec2(bw, 0))) {
      s.platform.copy_link();
      s.files.notice = "link copied: it reproduces this configuration and seed";
    }
    tooltip("Copy the page's URL: its hash holds the whole configuration and seed");
  }
  draw_file_dialog(s);
  if (!s.files.notice.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("%s", s.files.notice.c_str());
    ImGui::PopStyleColor();
  }
  ImGui::PopItemWidth();
  ImGui::End();
}

}  // namespace relulab
