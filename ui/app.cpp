// app.cpp: the app lifecycle (init, events, frame, shutdown) and applying a configuration.
#include "app.h"

#include <SDL.h>

#include <chrono>
#include <utility>

#include "instruments/grid.h"
#include "imgui.h"
#include "imgui_impl_opengl3.h"
#include "imgui_impl_sdl.h"
#include "panels.h"

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

namespace {

// The default font is ProggyClean, a TTF embedded in ImGui: it can be rasterised at any size, so a
// projector gets crisp large text rather than a scaled-up bitmap.
void apply_font_scale(AppState& s) {
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  ImFontConfig font;
  font.SizePixels = 13.0f * s.font_scale;
  io.Fonts->AddFontDefault(&font);
  io.Fonts->Build();
  if (!s.headless) {
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
  }
  ImGuiStyle style;
  ImGui::StyleColorsDark(&style);
  style.WindowRounding = 4;
  style.FrameRounding = 3;
  style.ScaleAllSizes(s.font_scale);
  ImGui::GetStyle() = style;
  s.applied_font_scale = s.font_scale;
  s.relayout = s.auto_layout;
}

}  // namespace

std::string apply_config(AppState& s, const Config& c) {
  Trainer next;
  std::string error = make_trainer(c, &next);
  if (!error.empty()) return error;
  s.trainer = std::move(next);
  s.config = c;
  s.message.clear();
  measure_now(s);
  return {};
}

void measure_now(AppState& s) {
  measure(s.trainer);
  s.frames_since_measure = 0;
  s.last_measure_time = now_seconds();
  count_regions_now(s);
}

GridSpec regions_grid(const AppState& s) {
  GridSpec g;
  g.x0 = s.domain.x0; g.x1 = s.domain.x1; g.y0 = s.domain.y0; g.y1 = s.domain.y1;
  g.width = g.height = 256;
  if (grid_sweep_axis(s.trainer.net, g) == GridSweep::none ||
      parameter_count(s.trainer.net) > regions_fine_params)
    g.width = g.height = 96;
  return g;
}

void count_regions_now(AppState& s) {
  const GridSpec g = regions_grid(s);
  s.regions = count_regions(s.trainer.net, g);
  s.regions_side = g.width;
  s.frames_since_regions = 0;
}

int step_training(AppState& s, int steps) {
  const int taken = train_steps(s.trainer, steps);
  if (s.trainer.diverged) {
    s.playing = false;
    s.message = "Training diverged (" + s.trainer.divergence + "); the last finite weights are kept.";
  }
  measure_now(s);
  return taken;
}

std::string app_init(AppState& s, const AppOptions& options) {
  s.headless = options.window == nullptr;
  s.window = options.window;
  s.ini_path = options.ini_path;
  s.auto_layout = options.ini_path.empty();
  s.display_width = options.display_width;
  s.display_height = options.display_height;

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
    renderer_init(s.renderer);
  }
  apply_font_scale(s);

  std::string error = apply_config(s, default_config());
  if (!error.empty()) return "default configuration rejected: " + error;
  s.playing = options.playing;
  s.last_frame_time = now_seconds();
  s.rate_window_start = s.last_frame_time;
  s.rate_window_samples = s.trainer.samples_seen;
  if (!s.headless && !s.renderer.ready) return "boundary renderer: " + s.renderer.error;
  return {};
}

bool app_event(AppState& s, const SDL_Event& e) {
  if (!s.headless) ImGui_ImplSDL2_ProcessEvent(&e);
  if (e.type == SDL_QUIT) return true;
  if (e.type == SDL_WINDOWEVENT && e.window.event == SDL_WINDOWEVENT_CLOSE &&
      s.window && e.window.windowID == SDL_GetWindowID(s.window))
    return true;
  if (e.type == SDL_KEYDOWN && !ImGui::GetIO().WantCaptureKeyboard && e.key.repeat == 0 &&
      e.key.keysym.sym == SDLK_SPACE)
    s.playing = !s.playing;
  return false;
}

void app_frame(AppState& s) {
  const double t0 = now_seconds();
  const double dt = t0 - s.last_frame_time;
  s.last_frame_time = t0;
  s.frame_ms = s.frame_index == 0 ? dt * 1e3 : 0.9 * s.frame_ms + 0.1 * dt * 1e3;

  if (s.font_scale != s.applied_font_scale) apply_font_scale(s);
  ImGuiIO& io = ImGui::GetIO();
  if (s.headless) {
    io.DisplaySize = ImVec2(s.display_width, s.display_height);
    io.DeltaTime = dt > 0 ? static_cast<float>(dt) : 1.0f / 60;
  } else {
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplSDL2_NewFrame();
  }
  ImGui::NewFrame();
  s.display_width = io.DisplaySize.x;
  s.display_height = io.DisplaySize.y;
  if (s.auto_layout && (s.display_width != s.layout_width || s.display_height != s.layout_height))
    s.relayout = true;

  run_training_slice(s);
  lab_frame(s);  // issue 4: race, histories, uploads, URL hash (ui/lab.h)

  draw_controls_panel(s);
  draw_plot_panel(s);
  draw_loss_panel(s);
  draw_layers_panel(s);
  draw_lab_panels(s);  // issue 4: network diagram, instruments, lab tools (ui/lab.h)
  if (s.relayout) {
    s.relayout = false;
    s.layout_width = s.display_width;
    s.layout_height = s.display_height;
  }

  ImGui::Render();
  if (!s.headless) {
    glViewport(0, 0, static_cast<int>(io.DisplaySize.x * io.DisplayFramebufferScale.x),
               static_cast<int>(io.DisplaySize.y * io.DisplayFramebufferScale.y));
    glClearColor(0.10f, 0.11f, 0.13f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  }
  ++s.frame_index;
}

void app_shutdown(AppState& s) {
  if (!s.headless) {
    renderer_shutdown(s.renderer);
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplSDL2_Shutdown();
  }
  ImGui::DestroyContext();
}

}  // namespace relulab
