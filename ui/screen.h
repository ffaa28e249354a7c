// screen.h: what the app is drawn on: the pixel scale (devicePixelRatio on the page,
// drawable size / window size on the desktop), the UI scale the user chose, the layout that fits the
// display (desktop columns, or one column on a phone), the fonts and ImGui style built for those,
// and a finger on a touch screen turned into mouse input that needs no hover or right click.
//
// Once per frame, after the platform backend has set io.DisplaySize / DisplayFramebufferScale and
// before ImGui::NewFrame, app_frame calls update_screen(): it picks the layout, rebuilds fonts and
// style when the pixel scale, UI scale or layout changed, and applies the touch gesture (touch.h).
#pragma once

#include <vector>

#include "fonts.h"
#include "imgui.h"
#include "touch.h"

namespace relulab {

struct AppState;

enum class LayoutMode { desktop, phone_portrait, phone_landscape };

// A display narrower than this (logical / CSS px), or whose short side is below phone_short_side,
// gets the phone layout: one column (or plot + column in landscape), a compact bar, panels as tabs.
constexpr float phone_max_width = 700;
constexpr float phone_short_side = 500;
// Phone layout: every control at least this tall (CSS px at UI scale 1).
constexpr float touch_target_px = 40;

// Panels shown as tabs in the phone layout, in tab order.
enum PhoneTab { phone_tab_controls, phone_tab_network, phone_tab_loss, phone_tab_layers,
                phone_tab_instruments, phone_tab_tools, phone_tab_count };
const char* phone_tab_name(int tab);

struct ScreenState {
  float pixel_scale = 1;             // device pixels per logical pixel, this frame
  LayoutMode layout = LayoutMode::desktop;
  float forced_pixel_scale = 0;      // headless tests: pretend this pixel ratio (0: from the backend)

  // what the fonts and style were last built for; a difference rebuilds them before the frame
  float built_ui_scale = 0, built_pixel_scale = 0;
  LayoutMode built_layout = LayoutMode::desktop;
  bool fonts_dirty = true;
  std::vector<FontMerge> font_merge; // the Chinese UI's CJK subset goes here (fonts.h)
  float em_px = desktop_em_px;       // the UI font's em now, logical px (CSS font-size)

  int phone_tab = phone_tab_controls;  // the panel below the bar in the phone layout
  ImVec2 plot_min, plot_max;         // the plot square on screen this frame (panel_plot.cpp)
  ImVec2 tab_min[phone_tab_count], tab_max[phone_tab_count];  // phone tab buttons, last drawn (tests)
  ImVec2 play_min, play_max;         // phone bar's play/pause button, last drawn (tests)
  TouchState touch;
};

LayoutMode layout_for(float width, float height);
inline bool is_phone(LayoutMode m) { return m != LayoutMode::desktop; }

// Per frame, before ImGui::NewFrame: layout, fonts + style (re-uploading the font texture when a
// renderer exists), touch gesture -> io.
void update_screen(AppState& s);

// The ImGui style for a layout at a UI scale (the touch sizes of the phone layout included).
ImGuiStyle screen_style(LayoutMode layout, float ui_scale, float line_height);

}  // namespace relulab
