// layout_phone.cpp: the phone layout. Below phone_max_width CSS px (ui/screen.h) the
// three desktop columns become one: the plot first, at the full width; under it a compact bar
// (play/pause, step, reset as drawn icons, the data set, the network's size) and a strip of tabs;
// below those the chosen panel, the same panel function the desktop draws, as a fixed pane that a
// vertical drag scrolls (ui/touch.h). In landscape the plot stands left of that column. Every
// control is at least touch_target_px tall (screen_style), so everything is reachable by taps.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "panels/panels.h"

namespace relulab {

namespace {

// A tab's name in the current language (phone_tab_name: the English one, for scripts).
const char* tab_label(int tab) {
  static const Str keys[phone_tab_count] = {Str::phone_controls, Str::window_network, Str::window_loss,
                                            Str::window_layers, Str::window_instruments, Str::window_tools};
  return tab >= 0 && tab < phone_tab_count ? tr(keys[tab]) : "";
}

// Tabs per row of the strip at `width`: all in one row if every label fits, else 3 or 2 per row.
int tab_columns(float width) {
  const ImGuiStyle& st = ImGui::GetStyle();
  float widest = 0;
  for (int k = 0; k < phone_tab_count; ++k)
    widest = std::max(widest, ImGui::CalcTextSize(tab_label(k)).x + 2 * st.FramePadding.x);
  for (int columns : {static_cast<int>(phone_tab_count), 3, 2})
    if ((width - (columns - 1) * st.ItemSpacing.x) / columns >= widest) return columns;
  return 2;
}

// The bar's height: a row of buttons and the tab rows, between the window's padding.
float bar_height(float width) {
  const ImGuiStyle& st = ImGui::GetStyle();
  const int columns = tab_columns(width - 2 * st.WindowPadding.x);
  const int rows = 1 + (phone_tab_count + columns - 1) / columns;
  return 2 * st.WindowPadding.y + rows * ImGui::GetFrameHeight() + (rows - 1) * st.ItemSpacing.y;
}

enum class Icon { play, pause, step, reset };

// A square button showing a drawn icon (no text: the same in every language), `tip` as its tooltip.
bool icon_button(const char* id, Icon icon, float size, const char* tip) {
  const bool pressed = ImGui::Button(id, ImVec2(size, size));
  tooltip(tip);
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  const ImVec2 c((a.x + b.x) * 0.5f, (a.y + b.y) * 0.5f);
  const float r = size * 0.22f;
  const ImU32 col = ImGui::GetColorU32(ImGuiCol_Text);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  switch (icon) {
    case Icon::play:
      draw->AddTriangleFilled(ImVec2(c.x - r * 0.8f, c.y - r), ImVec2(c.x - r * 0.8f, c.y + r), ImVec2(c.x + r, c.y), col);
      break;
    case Icon::pause:
      draw->AddRectFilled(ImVec2(c.x - r * 0.8f, c.y - r), ImVec2(c.x - r * 0.25f, c.y + r), col);
      draw->AddRectFilled(ImVec2(c.x + r * 0.25f, c.y - r), ImVec2(c.x + r * 0.8f, c.y + r), col);
      break;
    case Icon::step:
      draw->AddTriangleFilled(ImVec2(c.x - r, c.y - r), ImVec2(c.x - r, c.y + r), ImVec2(c.x + r * 0.5f, c.y), col);
      draw->AddRectFilled(ImVec2(c.x + r * 0.55f, c.y - r), ImVec2(c.x + r, c.y + r), col);
      break;
    case Icon::reset: {
      // an open circle arrow, counter-clockwise
      const float t = std::max(1.5f, size * 0.06f);
      draw->PathArcTo(c, r, 3.14159f * 0.35f, 3.14159f * 1.95f, 20);
      draw->PathStroke(col, 0, t);
      const ImVec2 tip_at(c.x + r * std::cos(3.14159f * 0.35f), c.y + r * std::sin(3.14159f * 0.35f));
      draw->AddTriangleFilled(ImVec2(tip_at.x - r * 0.55f, tip_at.y + r * 0.05f),
                              ImVec2(tip_at.x + r * 0.45f, tip_at.y - r * 0.45f),
                              ImVec2(tip_at.x + r * 0.35f, tip_at.y + r * 0.55f), col);
      break;
    }
  }
  return pressed;
}

// A popup item as tall as a touch target.
bool popup_item(const char* label, bool selected) {
  return ImGui::Selectable(label, selected, 0, ImVec2(0, ImGui::GetFrameHeight()));
}

void apply_or_report(AppState& s, const Config& c) {
  const std::string error = apply_config(s, c);
  if (!error.empty()) s.run.message = error;
}

// "-  n  +" with touch-sized buttons; returns the change (-1, 0, +1).
int stepper(const char* id, int value) {
  ImGui::PushID(id);
  const float size = ImGui::GetFrameHeight();
  int change = 0;
  if (ImGui::Button("-", ImVec2(size, size))) change = -1;
  ImGui::SameLine();
  char text[16];
  std::snprintf(text, sizeof text, "%d", value);
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(text);
  ImGui::SameLine();
  if (ImGui::Button("+", ImVec2(size, size))) change = 1;
  ImGui::PopID();
  return change;
}

void draw_bar(AppState& s, const PanelRect& r) {
  ImGui::SetNextWindowPos(r.pos, ImGuiCond_Always);
  ImGui::SetNextWindowSize(r.size, ImGuiCond_Always);
  ImGui::Begin("##phone bar", nullptr, panel_flags(s) | ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
  const ImGuiStyle& st = ImGui::GetStyle();
  const float size = ImGui::GetFrameHeight();
  const float width = ImGui::GetContentRegionAvail().x;

  // run: play/pause, one epoch, fresh weights
  if (icon_button("##play", s.run.playing ? Icon::pause : Icon::play, size, s.run.playing ? tr(Str::pause) : tr(Str::play)))
    s.run.playing = !s.run.playing;
  s.screen.play_min = ImGui::GetItemRectMin();
  s.screen.play_max = ImGui::GetItemRectMax();
  ImGui::SameLine();
  if (icon_button("##step", Icon::step, size, tr(Str::phone_tip_step))) {
    s.run.playing = false;
    const int train_size = static_cast<int>(s.run.trainer.data.train.size());
    const int batch = std::max(1, s.run.config.train.batch_size);
    step_training(s, std::max(1, (train_size + batch - 1) / batch));
  }
  ImGui::SameLine();
  if (icon_button("##reset", Icon::reset, size, tr(Str::phone_tip_reset))) {
    remember_for_undo(s, "Reset");
    reset(s.run.trainer);
    s.run.message.clear();
    measure_now(s);
  }

  // data set and network size: buttons opening touch-sized lists
  const float rest = std::max(size, (width - 3 * (size + st.ItemSpacing.x) - st.ItemSpacing.x) * 0.5f);
  ImGui::SameLine();
  if (ImGui::Button((std::string(data_kind_label(s.run.config.data.kind)) + "###data sets").c_str(), ImVec2(rest, size))) ImGui::OpenPopup("data sets");
  tooltip(tr(Str::phone_data_set));
  if (ImGui::BeginPopup("data sets")) {
    for (int k = 0; k < static_cast<int>(DataKind::count); ++k) {
      const auto kind = static_cast<DataKind>(k);
      if (kind == DataKind::custom) continue;
      if (popup_item(data_kind_label(kind), kind == s.run.config.data.kind)) {
        Config c = s.run.config;
        c.data.kind = kind;
        if (data_kind_is_multiclass(kind)) {
          c.network.output = Output::softmax_ce;
          c.data.classes = std::max(c.data.classes, 3);
        } else if (data_kind_is_regression(kind)) {
          c.network.output = Output::linear_mse;
        } else if (c.network.output == Output::softmax_ce || c.network.output == Output::linear_mse) {
          c.network.output = Output::tanh_mse;
        }
        apply_or_report(s, c);
      }
    }
    ImGui::EndPopup();
  }
  ImGui::SameLine();
  std::string shape;
  for (const LayerSpec& l : s.run.config.network.hidden) shape += (shape.empty() ? "" : "-") + std::to_string(l.units);
  if (shape.empty()) shape = tr(Str::phone_no_hidden);
  if (ImGui::Button((shape + "##network size").c_str(), ImVec2(rest, size))) ImGui::OpenPopup("network size");
  tooltip(tr(Str::phone_tip_network_size));
  if (ImGui::BeginPopup("network size")) {
    Config c = s.run.config;
    const int layers = static_cast<int>(c.network.hidden.size());
    const int units = layers ? c.network.hidden[0].units : 0;
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(tr(Str::phone_hidden_layers));
    ImGui::SameLine(ImGui::CalcTextSize(tr(Str::phone_units_per_layer)).x + 2 * st.ItemSpacing.x);
    const int dl = stepper("layers", layers);
    if (layers) {
      ImGui::AlignTextToFramePadding();
      ImGui::TextUnformatted(tr(Str::phone_units_per_layer));
      ImGui::SameLine(ImGui::CalcTextSize(tr(Str::phone_units_per_layer)).x + 2 * st.ItemSpacing.x);
    }
    const int du = layers ? stepper("units", units) : 0;
    if (dl < 0 && layers > 0) c.network.hidden.pop_back();
    if (dl > 0 && layers < max_hidden_layers) c.network.hidden.push_back(layers ? c.network.hidden.back() : LayerSpec{});
    if (du != 0)
      for (LayerSpec& l : c.network.hidden) l.units = std::clamp(units + du, 1, max_units);
    if (dl != 0 || du != 0) apply_or_report(s, c);
    ImGui::EndPopup();
  }

  // the tab strip
  const int columns = tab_columns(width);
  const float tab_w = (width - (columns - 1) * st.ItemSpacing.x) / columns;
  for (int k = 0; k < phone_tab_count; ++k) {
    if (k % columns != 0) ImGui::SameLine();
    const bool selected = s.screen.phone_tab == k;
    if (selected) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
    if (ImGui::Button((std::string(tab_label(k)) + "###phone_tab" + std::to_string(k)).c_str(), ImVec2(tab_w, size))) s.screen.phone_tab = k;
    s.screen.tab_min[k] = ImGui::GetItemRectMin();
    s.screen.tab_max[k] = ImGui::GetItemRectMax();
    if (selected) ImGui::PopStyleColor();
  }
  ImGui::End();
}

}  // namespace

Layout phone_layout(const AppState& s) {
  const ImGuiStyle& st = ImGui::GetStyle();
  const float w = std::floor(s.display_width), h = std::floor(s.display_height);
  const float legend = ImGui::GetFrameHeightWithSpacing();  // panel_plot's line under the square
  Layout l;
  PanelRect page;
  if (s.screen.layout == LayoutMode::phone_landscape) {
    // the plot left, as tall as the screen; the bar and the panel in the column to its right
    const float side = h - legend - 2 * st.WindowPadding.y;
    const float plot_w = std::floor(std::min(side + 2 * st.WindowPadding.x, w * 0.55f));
    const float column = w - plot_w;
    const float bar_h = bar_height(column);
    l.plot = {{0, 0}, {plot_w, h}};
    l.bar = {{plot_w, 0}, {column, bar_h}};
    page = {{plot_w, bar_h}, {column, std::max(0.0f, h - bar_h)}};
  } else {
    // one column: the plot at the full width, unless that leaves the panel under a quarter of the height
    const float bar_h = bar_height(w);
    const float full = w - 2 * st.WindowPadding.x + legend + 2 * st.WindowPadding.y;
    const float plot_h = std::floor(std::max(std::min(full, h - bar_h - h / 4), std::min(full, h * 0.4f)));
    l.plot = {{0, 0}, {w, plot_h}};
    l.bar = {{0, plot_h}, {w, bar_h}};
    page = {{0, plot_h + bar_h}, {w, std::max(0.0f, h - plot_h - bar_h)}};
  }
  l.controls = l.loss = l.layers = l.diagram = l.instruments = l.tools = page;
  return l;
}

void draw_phone_panels(AppState& s) {
  if (s.view.select_tab >= 0) s.screen.phone_tab = phone_tab_instruments;  // a button asked for a tab
  draw_plot_panel(s);
  draw_bar(s, compute_layout(s).bar);
  switch (s.screen.phone_tab) {
    case phone_tab_network: draw_diagram_panel(s); break;
    case phone_tab_loss: draw_loss_panel(s); break;
    case phone_tab_layers: draw_layers_panel(s); break;
    case phone_tab_instruments: draw_instruments_panel(s); break;
    case phone_tab_tools: draw_tools_panel(s); break;
    default: draw_controls_panel(s); break;
  }
}

}  // namespace relulab
