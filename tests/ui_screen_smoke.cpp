// ui_screen_smoke.cpp: every screen, headless: the font pipeline at several pixel scales, the layouts a
// display size picks (desktop, phone portrait and landscape, the 1024x768 projector), the phone
// layout's sizes (text >= 14 CSS px, controls >= 40 CSS px, the plot at the full width, every tab's
// panel drawn), and touch gestures fed as SDL finger events: a tap adds a point, a long press
// removes it, a tap on a tab switches panel, a vertical drag scrolls a panel and a horizontal one
// moves no point.
#include <SDL.h>

#include <chrono>
#include <cmath>
#include <string>
#include <thread>
#include <vector>

#include "api.h"
#include "app.h"
#include "fonts.h"
#include "imgui_internal.h"
#include "ui_headless.h"

using namespace relulab;

namespace {

void finger(AppState& app, Uint32 type, ImVec2 p) {
  SDL_Event e{};
  e.type = type;
  e.tfinger.touchId = 1;
  e.tfinger.fingerId = 7;
  e.tfinger.x = p.x / app.display_width;
  e.tfinger.y = p.y / app.display_height;
  app_event(app, e);
}

void frames(AppState& app, int n) { check(run_frames(app, n, 3), "frames draw"); }

void tap(AppState& app, ImVec2 p) {
  finger(app, SDL_FINGERDOWN, p);
  finger(app, SDL_FINGERUP, p);
  frames(app, 3);
}

ImVec2 centre(ImVec2 a, ImVec2 b) { return ImVec2((a.x + b.x) * 0.5f, (a.y + b.y) * 0.5f); }

size_t points(const AppState& app) { return app.run.trainer.data.train.size() + app.run.trainer.data.test.size(); }

const ImGuiWindow* window_named(const char* name) {
  const ImGuiWindow* w = ImGui::FindWindowByName(name);
  return w && w->WasActive ? w : nullptr;
}

}  // namespace

int main() {
  AppState app;
  AppOptions options;
  options.playing = false;
  check(app_init(app, options).empty(), "app_init");

  // desktop at pixel scale 1, 2 and 3: same layout in logical px, atlas glyphs at device size
  frames(app, 2);
  check(app.screen.layout == LayoutMode::desktop, "1280x800 is the desktop layout");
  const float em1 = current_em_px();
  const float atlas1 = ImGui::GetIO().Fonts->Fonts[0]->FontSize;
  check(std::fabs(em1 - desktop_em_px) < 0.6f, "desktop em " + std::to_string(em1));
  for (float ratio : {2.0f, 3.0f}) {
    app.screen.forced_pixel_scale = ratio;
    frames(app, 2);
    const float atlas = ImGui::GetIO().Fonts->Fonts[0]->FontSize;
    check(std::fabs(atlas - atlas1 * ratio) <= 1.0f, "atlas font at ratio " + std::to_string(ratio) + ": " +
                                                         std::to_string(atlas) + " px vs " + std::to_string(atlas1));
    check(std::fabs(current_em_px() - em1) < 0.4f, "logical em unchanged by the pixel ratio");
    check(std::fabs(ImGui::GetIO().FontGlobalScale * ratio - 1) < 1e-5f, "FontGlobalScale = 1 / ratio");
  }
  // the merge hook (the Chinese UI's CJK subset): a second source in the same ImFont, rebuilt with it
  {
    static const ImWchar ranges[] = {0x2022, 0x2022, 0};
    FontMerge m;
    m.ttf = ImGui::GetIO().Fonts->ConfigData[0].FontData;  // any TTF: the Latin one again
    m.ttf_size = ImGui::GetIO().Fonts->ConfigData[0].FontDataSize;
    m.ranges = ranges;
    m.em_scale = 1.2f;
    std::vector<unsigned char> copy(static_cast<const unsigned char*>(m.ttf), static_cast<const unsigned char*>(m.ttf) + m.ttf_size);
    m.ttf = copy.data();
    app.screen.font_merge.push_back(m);
    app.screen.fonts_dirty = true;
    frames(app, 2);
    const ImFontAtlas* atlas = ImGui::GetIO().Fonts;
    // (English merges the language switch's two CJK glyphs already: ui/fonts_cjk.h)
    check(atlas->ConfigData.Size == 1 + static_cast<int>(app.screen.font_merge.size()) && atlas->Fonts.Size == 1 &&
              atlas->ConfigData[atlas->ConfigData.Size - 1].MergeMode,
          "a merged font joins the UI font");
    app.screen.font_merge.clear();
    app.screen.fonts_dirty = true;
    frames(app, 2);
    check(ImGui::GetIO().Fonts->ConfigData.Size == 1, "and leaves it when removed");
  }
  app.screen.forced_pixel_scale = 0;
  app.view.font_scale = 2;
  frames(app, 2);
  check(std::fabs(current_em_px() - 2 * desktop_em_px) < 1, "UI scale 2 doubles the em");
  app.view.font_scale = 1;

  // a classroom projector keeps the desktop columns
  app.display_width = 1024, app.display_height = 768;
  frames(app, 2);
  check(app.screen.layout == LayoutMode::desktop, "1024x768 is the desktop layout");
  for (const char* name : {"ReLU Lab", "Decision boundary", "Loss", "Layers", "Network", "Instruments", "Tools"}) {
    const ImGuiWindow* w = window_named(name);
    check(w && w->Pos.x >= 0 && w->Pos.y >= 0 && w->Pos.x + w->Size.x <= 1024.5f && w->Pos.y + w->Size.y <= 768.5f,
          std::string(name) + " fits 1024x768");
  }

  // phone portrait, 390x844 at ratio 3
  app.display_width = 390, app.display_height = 844;
  app.screen.forced_pixel_scale = 3;
  frames(app, 3);
  check(app.screen.layout == LayoutMode::phone_portrait, "390x844 is the phone layout");
  check(current_em_px() >= 14, "phone text >= 14 CSS px: " + std::to_string(current_em_px()));
  check(ImGui::GetFrameHeight() >= 40, "phone controls >= 40 CSS px: " + std::to_string(ImGui::GetFrameHeight()));
  const float side = app.screen.plot_max.x - app.screen.plot_min.x;
  check(side >= 390 - 16, "plot at the full width: " + std::to_string(side));
  check(app.screen.plot_min.y < 20, "plot first");
  for (int k = 0; k < phone_tab_count; ++k)
    check(app.screen.tab_max[k].y - app.screen.tab_min[k].y >= 40 && app.screen.tab_max[k].x - app.screen.tab_min[k].x >= 40,
          std::string("tab ") + phone_tab_name(k) + " is a touch target");

  // touch: every tab by a tap
  const char* windows[phone_tab_count] = {"ReLU Lab", "Network", "Loss", "Layers", "Instruments", "Tools"};
  for (int k = phone_tab_count - 1; k >= 0; --k) {
    tap(app, centre(app.screen.tab_min[k], app.screen.tab_max[k]));
    check(app.screen.phone_tab == k, std::string("tap selects tab ") + phone_tab_name(k));
    check(window_named(windows[k]) != nullptr, std::string(windows[k]) + " drawn under its tab");
  }
  // play/pause by a tap
  const bool was_playing = app.run.playing;
  tap(app, centre(app.screen.play_min, app.screen.play_max));
  check(app.run.playing != was_playing, "tap on play/pause toggles");
  app.run.playing = false;

  // a tap on the plot adds a point, a long press there removes the nearest
  const size_t before = points(app);
  const ImVec2 spot(app.screen.plot_min.x + side * 0.9f, app.screen.plot_min.y + side * 0.1f);
  tap(app, spot);
  check(points(app) == before + 1, "tap on the plot adds a point: " + std::to_string(points(app)));
  finger(app, SDL_FINGERDOWN, spot);
  frames(app, 1);
  check(app.view.probe_valid, "the probe shows under a finger that stays down");
  std::this_thread::sleep_for(std::chrono::milliseconds(600));
  frames(app, 2);
  finger(app, SDL_FINGERUP, spot);
  frames(app, 3);
  check(points(app) == before, "long press removes the nearest point: " + std::to_string(points(app)));
  // a drag across the plot moves the probe and adds nothing
  finger(app, SDL_FINGERDOWN, spot);
  for (int i = 1; i <= 6; ++i) {
    finger(app, SDL_FINGERMOTION, ImVec2(spot.x - 12.0f * i, spot.y + 3.0f * i));
    frames(app, 1);
  }
  finger(app, SDL_FINGERUP, ImVec2(spot.x - 72, spot.y + 18));
  frames(app, 3);
  check(points(app) == before, "a drag on the plot adds no point");

  // a vertical drag scrolls the controls panel
  tap(app, centre(app.screen.tab_min[phone_tab_controls], app.screen.tab_max[phone_tab_controls]));
  frames(app, 2);
  const ImGuiWindow* controls = window_named("ReLU Lab");
  check(controls && controls->ScrollMax.y > 0, "controls panel scrolls on a phone");
  if (controls) {
    const ImVec2 from(controls->Pos.x + controls->Size.x * 0.5f, controls->Pos.y + controls->Size.y * 0.8f);
    finger(app, SDL_FINGERDOWN, from);
    frames(app, 1);
    for (int i = 1; i <= 8; ++i) {
      finger(app, SDL_FINGERMOTION, ImVec2(from.x + 1, from.y - 20.0f * i));
      frames(app, 1);
    }
    finger(app, SDL_FINGERUP, ImVec2(from.x + 1, from.y - 160));
    frames(app, 3);
    check(controls->Scroll.y > 50, "vertical drag scrolled the panel by " + std::to_string(controls->Scroll.y));
  }

  // landscape: the plot beside the column
  app.display_width = 844, app.display_height = 390;
  frames(app, 3);
  check(app.screen.layout == LayoutMode::phone_landscape, "844x390 is the landscape phone layout");
  check(app.screen.plot_max.x <= 844 * 0.56f && app.screen.plot_max.y <= 390, "landscape plot on the left");
  // and back to the desktop
  app.display_width = 1280, app.display_height = 800;
  app.screen.forced_pixel_scale = 1;
  frames(app, 3);
  check(app.screen.layout == LayoutMode::desktop && window_named("Loss") && window_named("Tools"), "desktop again");
  std::printf("%s\n", screen_json(app).c_str());

  app_shutdown(app);
  return smoke_result();
}
