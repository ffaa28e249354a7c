// app.cpp: the app lifecycle (init, events, frame, shutdown) and the actions that replace or
// change the run (a configuration, a trainer, the mirror switch).
#include "app.h"

#include <SDL.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <utility>

#include "fonts_cjk.h"
#include "i18n/i18n.h"
#include "instruments/grid.h"
#include "imgui.h"
#include "imgui_impl_opengl3.h"
#include "imgui_impl_sdl.h"
#include "experiments/mirror_switch.h"
#include "panels/panels.h"

namespace relulab {

double now_seconds() {
  using clock = std::chrono::steady_clock;
  return std::chrono::duration<double>(clock::now().time_since_epoch()).count();
}

Config default_config() {
  Config c;
  c.data.kind = DataKind::circle;
  c.network.features = (1u << static_cast<int>(Feature::x1)) | (1u << static_cast<int>(Feature::x2));
  c.network.hidden = {{8, Activation::relu}, {8, Activation::relu}};
  c.network.output = Output::tanh_mse;
  c.train.optimizer = Optimizer::adam;
  c.train.learning_rate = 0.03f;
  c.train.batch_size = 32;
  return c;
}

std::string apply_config(AppState& s, const Config& c) {
  Trainer next;
  std::string error = make_trainer(c, &next);
  if (!error.empty()) return error;
  remember_for_undo(s, config_change_label(s.run.config, c));
  s.run.trainer = std::move(next);
  s.run.config = c;
  s.run.message.clear();
  measure_now(s);
  return {};
}

// A loaded state or imported data replaces the run the race was built from: the race pauses.
void install_trainer(AppState& s, Trainer t) {
  s.run.trainer = std::move(t);
  s.run.config = s.run.trainer.config;
  s.run.message.clear();
  s.race.playing = false;
  measure_now(s);
}

std::string mirror_hidden_layers(AppState& s, Activation variant) {
  bool any = false;
  for (const LayerSpec& l : s.run.trainer.config.network.hidden)
    any = any || activation_info(l.activation).exact_zeros;
  if (!any) return tr(Str::mirror_no_relu);
  if (!mirror_switch(s.run.trainer, variant))
    return trf(Str::mirror_not_variant, activation_name(variant));
  s.run.config.network.hidden = s.run.trainer.config.network.hidden;
  s.files.notice = trf(Str::mirror_switched, activation_label(variant));
  s.diagram.maps_step = -2;
  measure_now(s);
  return "";
}

BoundaryMode main_view_mode(AppState& s) {
  const ViewState& v = s.view;
  int layer = -1, unit = -1;
  if (v.hover_layer >= 0) {
    layer = v.hover_layer;
    unit = v.hover_unit;
  } else if (v.mode == MainView::unit) {
    layer = v.layer;
    unit = v.unit;
  }
  const Network& net = s.run.trainer.net;
  if (layer >= 0 && layer < net.hidden_count() && unit >= 0 && unit < net.layers[layer].out()) {
    s.renderer.unit_layer = layer;
    s.renderer.unit_index = unit;
    float scale = 1;
    if (layer < static_cast<int>(s.diagram.maps.lo.size()))
      scale = std::max({std::fabs(s.diagram.maps.lo[layer]), std::fabs(s.diagram.maps.hi[layer]), 1e-6f});
    s.renderer.unit_scale = scale;
    return v.unit_mask ? BoundaryMode::unit_mask : BoundaryMode::unit_value;
  }
  if (v.mode == MainView::regions) return BoundaryMode::regions;
  return BoundaryMode::colour;
}

void measure_now(AppState& s) {
  s.frame.wake_frames = std::max(s.frame.wake_frames, 2);  // the change must reach the screen
  measure(s.run.trainer);
  s.run.frames_since_measure = 0;
  s.run.last_measure_time = now_seconds();
  count_regions_now(s);
}

std::string set_main_view(AppState& s, const std::string& name) {
  if (name == "boundary") s.view.mode = MainView::boundary;
  else if (name == "regions") s.view.mode = MainView::regions;
  else if (name == "unit") {
    if (s.run.trainer.net.hidden_count() == 0) return "view 'unit': the network has no hidden unit";
    s.view.mode = MainView::unit;
  } else {
    return "unknown view '" + name + "' (valid: boundary, regions, unit)";
  }
  s.frame.wake_frames = std::max(s.frame.wake_frames, 2);
  return "";
}

ViewKey main_view_key(AppState& s) {
  ViewKey k;
  k.mode = main_view_mode(s);
  if (k.mode == BoundaryMode::unit_value || k.mode == BoundaryMode::unit_mask) {
    k.unit_layer = s.renderer.unit_layer;
    k.unit_index = s.renderer.unit_index;
    k.unit_scale = k.mode == BoundaryMode::unit_value ? s.renderer.unit_scale : 1.0f;
  }
  k.discrete = k.mode == BoundaryMode::colour && s.view.discrete_boundary;
  k.domain = s.view.domain;
  k.width = s.view.plot_width;
  k.height = s.view.plot_height;
  k.weights = network_fingerprint(s.run.trainer.net);
  return k;
}

void refresh_main_view(AppState& s) {
  if (s.view_path != ViewPath::raster) return;
  refresh_view_raster(s.raster, s.run.trainer.net, main_view_key(s), s.frame.view_budget_ms,
                      !s.headless && s.renderer.ready);
}

bool app_wants_frame(const AppState& s) {
  return s.frame.wants_next || s.frame.wake_frames > 0 || touch_busy(s.screen.touch);  // a long press times out unmoved
}

GridSpec regions_grid(const AppState& s) {
  GridSpec g = grid_over(s.view.domain, 256, 256);
  if (grid_sweep_axis(s.run.trainer.net, g) == GridSweep::none ||
      parameter_count(s.run.trainer.net) > regions_fine_params)
    g.width = g.height = 96;
  return g;
}

void count_regions_now(AppState& s) {
  start_region_count(s);
  // small nets: at once (a few milliseconds at most); large ones over the next frames
  if (parameter_count(s.run.trainer.net) <= regions_fine_params)
    while (s.run.region_count.running) advance_region_count(s, 1e9);
}
int step_training(AppState& s, int steps) {
  const int taken = train_steps(s.run.trainer, steps);
  if (s.run.trainer.diverged) {
    s.run.playing = false;
    s.run.message = trf(Str::diverged_kept, tr_core(s.run.trainer.divergence).c_str());
  }
  measure_now(s);
  return taken;
}

std::string app_init(AppState& s, const AppOptions& options) {
  s.headless = options.window == nullptr;
  s.platform = options.platform;
  s.window = options.window;
  s.ini_path = options.ini_path;
  s.view.auto_layout = options.ini_path.empty();
  s.display_width = options.display_width;
  s.display_height = options.display_height;
  s.view.font_scale = options.ui_scale;
  s.page_address = options.page_address;
  request_language(s, options.lang, options.lang_chosen);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = s.ini_path.empty() ? nullptr : s.ini_path.c_str();
  if (!s.headless) {
    ImGui_ImplSDL2_InitForOpenGL(options.window, options.gl_context);
#if defined(__EMSCRIPTEN__)
    ImGui_ImplOpenGL3_Init("#version 300 es");
#else
    ImGui_ImplOpenGL3_Init("#version 330 core");
#endif
    // ui_renderer draws with 32-bit indices, so a draw list may pass 65536 vertices on WebGL2 too
    io.BackendFlags |= ImGuiBackendFlags_RendererHasVtxOffset;
    ui_renderer_init(s.ui_gl, options.framebuffer_preserved);
    if (!s.ui_gl.ready) return "UI renderer: " + s.ui_gl.error;
    renderer_init(s.renderer);
    s.view_path = view_path_for_renderer(reinterpret_cast<const char*>(glGetString(GL_RENDERER)));
  }

  std::string error = apply_config(s, default_config());
  if (!error.empty()) return "default configuration rejected: " + error;
  s.run.playing = options.playing;
  s.frame.last_time = now_seconds();
  s.run.rate_window_start = s.frame.last_time;
  s.run.rate_window_samples = s.run.trainer.samples_seen;
  if (!s.headless && !s.renderer.ready) return "boundary renderer: " + s.renderer.error;
  return {};
}

bool app_event(AppState& s, const SDL_Event& e) {
  if (!s.headless) ImGui_ImplSDL2_ProcessEvent(&e);
  s.frame.wake_frames = 3;  // the input's effect, then ImGui's hover and active states settle
  touch_event(s.screen.touch, e, s.display_width, s.display_height, now_seconds());
  if (e.type == SDL_QUIT) return true;
  if (e.type == SDL_WINDOWEVENT && e.window.event == SDL_WINDOWEVENT_CLOSE &&
      s.window && e.window.windowID == SDL_GetWindowID(s.window))
    return true;
  if (e.type == SDL_KEYDOWN && !ImGui::GetIO().WantCaptureKeyboard && e.key.repeat == 0 &&
      e.key.keysym.sym == SDLK_SPACE)
    s.run.playing = !s.run.playing;
  // Ctrl+Z (Cmd+Z) undoes, with Shift (or Ctrl+Y) redoes (ui/undo.h); a text field keeps its own
  if (e.type == SDL_KEYDOWN && !ImGui::GetIO().WantTextInput && (e.key.keysym.mod & (KMOD_CTRL | KMOD_GUI))) {
    if (e.key.keysym.sym == SDLK_z && !(e.key.keysym.mod & KMOD_SHIFT)) undo(s);
    else if (e.key.keysym.sym == SDLK_y || e.key.keysym.sym == SDLK_z) redo(s);
  }
  return false;
}

void app_frame(AppState& s) {
  const double t0 = now_seconds();
  const double dt = t0 - s.frame.last_time;
  s.frame.last_time = t0;
  // the smoothed interval between frames that follow each other (not across a sleep)
  if (s.frame.index == 0) s.frame.frame_ms = dt * 1e3;
  else if (s.frame.wants_next) s.frame.frame_ms = 0.9 * s.frame.frame_ms + 0.1 * dt * 1e3;

  ImGuiIO& io = ImGui::GetIO();
  if (s.headless) {
    io.DisplaySize = ImVec2(s.display_width, s.display_height);
    io.DeltaTime = dt > 0 ? static_cast<float>(dt) : 1.0f / 60;
  } else {
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplSDL2_NewFrame();
  }
  language_fonts(s);  // the fonts the language needs (ui/fonts_cjk.h), built by update_screen
  update_screen(s);  // pixel scale, layout, fonts and style; touch gesture -> mouse (ui/screen.h)
  ImGui::NewFrame();
  s.display_width = io.DisplaySize.x;
  s.display_height = io.DisplaySize.y;
  if (s.view.auto_layout && (s.display_width != s.view.layout_width || s.display_height != s.view.layout_height))
    s.view.relayout = true;

  schedule_frame_work(s);
  draw_panels(s);
  if (s.view.relayout) {
    s.view.relayout = false;
    s.view.layout_width = s.display_width;
    s.view.layout_height = s.display_height;
  }

  ImGui::Render();
  finish_item_query(ImGui::GetCurrentContext(), s.item_query);
  if (!s.headless) {
    static const float background[4] = {0.10f, 0.11f, 0.13f, 1.0f};
    const std::vector<UiTextureVersion> images = {
        {reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(s.raster.texture)), s.raster.texture_version,
         s.raster.block_version.data(), s.raster.blocks_x, s.raster.blocks_y, view_block_px,
         s.raster.texture_width, s.raster.texture_height, /*opaque=*/true},
        {reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(s.renderer.colour)), s.renderer.colour_version,
         nullptr, 0, 0, 0, 0, 0, /*opaque=*/true},
        {reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(s.regions.overlay.texture)), static_cast<std::uint64_t>(s.regions.overlay.builds)}};
    if (s.frame.redraw_checks_left > 0) {
      --s.frame.redraw_checks_left;
      const UiRedrawCheck check = ui_renderer_check(s.ui_gl, ImGui::GetDrawData(), background, images);
      ++s.frame.redraw_frames_checked;
      s.frame.redraw_share_sum += check.redrawn;
      if (check.differing > 0) {
        if (s.frame.redraw_frames_differing++ == 0)
          s.frame.redraw_first_difference = "frame " + std::to_string(s.frame.index) + ": " +
                                            std::to_string(check.differing) + " pixels, the first at (" +
                                            std::to_string(check.x) + ", " + std::to_string(check.y) + ")";
        s.frame.redraw_pixels_differing += check.differing;
      }
    } else {
      ui_renderer_draw(s.ui_gl, ImGui::GetDrawData(), background, images);
    }
  }
  ++s.frame.index;
  if (s.frame.wake_frames > 0) --s.frame.wake_frames;
  // another frame is needed while something moves, or the view lags behind what it should show
  bool view_stale = false;
  if (s.view.plot_width > 0) {
    const ViewKey key = main_view_key(s);
    view_stale = s.view_path == ViewPath::raster ? s.raster.busy() || key != s.raster.shown
                                                 : key != s.shader_key;
  }
  s.frame.wants_next = (s.run.playing && !s.run.trainer.diverged) || (s.race.built && s.race.playing) ||
                       s.experiment.running || view_stale || s.run.region_count.running ||
                       region_overlay_stale(s) || s.view.relayout ||
                       s.view.font_scale != s.view.applied_font_scale || s.language.font_dirty;
}

void app_shutdown(AppState& s) {
  if (!s.headless) {
    view_raster_release(s.raster);
    region_overlay_release(s.regions.overlay);
    renderer_shutdown(s.renderer);
    ui_renderer_shutdown(s.ui_gl);
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplSDL2_Shutdown();
  }
  ImGui::DestroyContext();
}

}  // namespace relulab
