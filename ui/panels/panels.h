// panels.h: the ImGui panels, one function each (ui/panels/panel_*.cpp), in the manner of
// imgui_demo's Show* functions. Panels only draw: they read AppState and change it in answer to
// the user (a click, a slider); the per-frame work is ui/schedule.cpp's. Transient widget state may
// be a static, model state may not.
#pragma once

#include "app.h"
#include "classroom.h"
#include "i18n/i18n.h"
#include "i18n/wrap.h"
#include "imgui.h"
#include "tour.h"

namespace relulab {

// Every window, in drawing order (called by app_frame).
void draw_panels(AppState& s);

void draw_controls_panel(AppState& s);     // data, network, training, run, view
void draw_plot_panel(AppState& s);         // the main view with the data points on top
void draw_loss_panel(AppState& s);         // loss and accuracy curves, train and test
void draw_layers_panel(AppState& s);       // per-layer sparsity, dead units, gradient norms, regions
void draw_diagram_panel(AppState& s);      // the network diagram with unit maps
void draw_instruments_panel(AppState& s);  // the instrument tabs (below)
void draw_tools_panel(AppState& s);        // main view choice, mirror, files
void draw_undo_row(AppState& s);           // Undo, Redo, Start fresh, autosave status (panel_undo.cpp)
void draw_tour_panel(AppState& s);         // panel_tour.cpp: the tour window and the frames of its spots
void draw_app_bar(AppState& s);            // panel_classroom.cpp: tour, language and classroom-link buttons
void draw_classroom_panel(AppState& s);    // panel_classroom.cpp: the classroom-link dialog

// Tabs of the instruments window.
void draw_transform_tab(AppState& s);      // panel_transform.cpp
void draw_race_tab(AppState& s);           // panel_race.cpp
void draw_experiments_tab(AppState& s);    // panel_experiments.cpp

// The file actions (ui/files.h) from any window: the platform's download or upload, else the path
// dialog, which the Tools window draws (panel_tools.cpp).
void request_file_action(AppState& s, FileAction action);
// "Export SVG" (panel_instruments.cpp): the exact partition as `relulab regions --svg` draws it;
// disabled, saying why, where the exact partition does not apply.
void export_svg_button(AppState& s, ImVec2 size);
// "region edges" (panel_instruments.cpp): the exact partition's edges over the main view, for the
// view shown; disabled, saying why, where the exact partition does not apply.
void region_edges_checkbox(AppState& s);

// ---- shared helpers (ui/widgets.cpp) ----

// Every slider and drag takes this flag: a value typed into it (Ctrl+click or double-click turns
// it into a text field) is clamped to its range like a dragged one, so no typed 999999 reaches a
// unit index, a lane count or a configuration (ImGui leaves typed values unclamped by default).
constexpr ImGuiSliderFlags typed_in_range = ImGuiSliderFlags_AlwaysClamp;

// Where each panel goes when no saved layout exists, from the display size.
struct PanelRect {
  ImVec2 pos, size;
};
struct Layout {
  PanelRect controls, plot, loss, layers;
  PanelRect diagram, instruments, tools;
  PanelRect bar;                   // phone layout: the compact bar and the tab strip
};
Layout compute_layout(const AppState& s);
// SetNextWindowPos/Size: always when the app is re-placing windows (and in the phone layout), else
// only on first use.
void place_next_window(const AppState& s, const PanelRect& r);
// Extra window flags of every panel: in the phone layout panes are fixed (no title bar, no move,
// resize or collapse); none on the desktop.
ImGuiWindowFlags panel_flags(const AppState& s);

// ---- the phone layout (ui/panels/layout_phone.cpp) ----
// One column (portrait) or the plot beside a column (landscape): the plot, the compact bar (play /
// pause, step, reset, data set, network size) with the tab strip, then the chosen panel.
Layout phone_layout(const AppState& s);
void draw_phone_panels(AppState& s);

// ImGui::SmallButton on the desktop; in the phone layout a button of touch size (at least the
// frame height each way).
bool compact_button(const AppState& s, const char* label);

// A one-line explanation when the previous item is hovered.
void tooltip(const char* text);

// ImGui::SameLine() before a checkbox or radio button labelled `label` when it fits on the rest of
// the line; otherwise it starts a line of its own (Chinese labels on a phone, a narrow window).
void same_line_if_fits(const char* label);

ImU32 class_colour_u32(int cls, float alpha = 1.0f);

// A line chart of several series against a shared x axis, drawn with the window's draw list.
struct ChartSeries {
  const char* label;
  const float* values;
  int count;
  ImU32 colour;
};
void draw_line_chart(const char* id, const double* x, const ChartSeries* series, int series_count,
                     ImVec2 size, bool log_y);

// The first n points of a train / test pair of History curves (loss or accuracy) over h.epoch.
void draw_train_test_chart(const char* id, const History& h, const std::vector<float>& train,
                           const std::vector<float>& test, int n, ImVec2 size, bool log_y,
                           ImU32 train_colour, ImU32 test_colour, const char* train_label = nullptr,
                           const char* test_label = nullptr);  // null: "train", "test"

}  // namespace relulab
