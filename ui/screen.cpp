// screen.cpp: see screen.h.
#include "screen.h"

#include <algorithm>
#include <cmath>

#include "app.h"
#include "imgui_impl_opengl3.h"

namespace relulab {

const char* phone_tab_name(int tab) {
  static const char* const names[phone_tab_count] = {"Controls", "Network", "Loss", "Layers", "Instruments", "Tools"};
  return tab >= 0 && tab < phone_tab_count ? names[tab] : "";
}

LayoutMode layout_for(float width, float height) {
  if (width <= 0 || height <= 0) return LayoutMode::desktop;
  if (width >= phone_max_width && std::min(width, height) >= phone_short_side) return LayoutMode::desktop;
  return width > height ? LayoutMode::phone_landscape : LayoutMode::phone_portrait;
}

ImGuiStyle screen_style(LayoutMode layout, float ui_scale, float line_height) {
  ImGuiStyle style;
  ImGui::StyleColorsDark(&style);
  style.WindowRounding = 4;
  style.FrameRounding = 3;
  if (is_phone(layout)) {
    // Fixed full-screen panes: no rounding or borders between them; roomy spacing for fingers.
    style.WindowRounding = 0;
    style.WindowBorderSize = 0;
    style.WindowPadding = ImVec2(6, 6);
    style.ItemSpacing = ImVec2(8, 6);
    style.ItemInnerSpacing = ImVec2(8, 6);
    style.FramePadding = ImVec2(10, 4);
    style.ScrollbarSize = 8;  // a position indicator: a drag scrolls (touch.h)
    style.GrabMinSize = 24;
    style.IndentSpacing = 16;
  }
  style.ScaleAllSizes(ui_scale);
  if (is_phone(layout)) {
    // every frame-height control (button, slider, combo, checkbox, tab) at least touch_target_px
    const float target = touch_target_px * ui_scale;
    style.FramePadding.y = std::max(style.FramePadding.y, std::ceil((target - line_height) * 0.5f));
  }
  return style;
}

namespace {

void rebuild_look(AppState& s) {
  ScreenState& sc = s.screen;
  const float ui_scale = std::clamp(s.view.font_scale, 0.5f, 4.0f);
  FontSpec spec;
  spec.em_px = (is_phone(sc.layout) ? phone_em_px : desktop_em_px) * ui_scale;
  spec.pixel_scale = sc.pixel_scale;
  spec.merge = sc.font_merge;
  const ImFont* font = build_fonts(spec);
  if (!s.headless) {
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
    ui_renderer_invalidate(s.ui_gl);  // the atlas may be a new texture under the old name
  }
  const float line_height = font->FontSize / sc.pixel_scale;
  ImGui::GetStyle() = screen_style(sc.layout, ui_scale, line_height);
  if (sc.built_layout != sc.layout) s.view.relayout = true;  // back from the phone layout: re-place
  else s.view.relayout = s.view.relayout || s.view.auto_layout;
  sc.em_px = spec.em_px;
  sc.built_ui_scale = s.view.font_scale;
  sc.built_pixel_scale = sc.pixel_scale;
  sc.built_layout = sc.layout;
  sc.fonts_dirty = false;
  s.view.applied_font_scale = s.view.font_scale;
}

}  // namespace

void update_screen(AppState& s) {
  ImGuiIO& io = ImGui::GetIO();
  ScreenState& sc = s.screen;
  float scale = sc.forced_pixel_scale > 0 ? sc.forced_pixel_scale : s.headless ? 1.0f : io.DisplayFramebufferScale.x;
  if (!(scale > 0) || !std::isfinite(scale)) scale = 1;
  sc.pixel_scale = scale;
  sc.layout = layout_for(io.DisplaySize.x, io.DisplaySize.y);
  if (sc.fonts_dirty || sc.built_ui_scale != s.view.font_scale || sc.built_pixel_scale != scale ||
      sc.built_layout != sc.layout)
    rebuild_look(s);
  // while the linear regions are explored a finger held on the plot shows its region (ui/regions.h)
  sc.touch.plot_hold_inspects = regions_kept(s) && (region_edges_shown(s) || s.view.mode == MainView::regions);
  touch_new_frame(sc.touch, io, sc.plot_min, sc.plot_max, now_seconds());
}

}  // namespace relulab
