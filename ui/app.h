// app.h: the application shared by the page and the desktop window: one state struct, four calls.
//
// The platform entry points (native/main.cpp, web/main.cpp) create the SDL window and GL context,
// then drive the app through app_init / app_event / app_frame / app_shutdown, in the manner of
// sokol_app's init/event/frame/cleanup callbacks. Everything the app knows lives in AppState, so
// the panels (ui/panel_*.cpp, one function each) read and write this struct and nothing else.
//
// Training runs inside app_frame in a wall-clock budget (the core has no clock): minibatch steps
// are taken in chunks sized so one chunk takes about a millisecond, until the budget is spent, and
// the instruments are measured every few frames.
#pragma once

#include <string>

#include "io/config.h"
#include "instruments/grid.h"
#include "lab.h"
#include "renderer.h"
#include "nn/trainer.h"

struct SDL_Window;
union SDL_Event;

namespace relulab {

struct AppOptions {
  SDL_Window* window = nullptr;      // null: headless (smoke test): no GL, no platform backend
  void* gl_context = nullptr;        // SDL_GLContext
  std::string ini_path;              // ImGui window layout file; empty: layout is not saved
  float display_width = 1280, display_height = 800;  // headless display size
  bool playing = false;              // start training at once
};

struct AppState {
  // ---- the run ----
  Config config;                     // what the controls edit; rebuilt into `trainer` by apply_config
  Trainer trainer;
  bool playing = false;
  std::string message;               // last error for the controls panel (bad input, divergence)

  // ---- training loop (ui/training_loop.cpp) ----
  double budget_ms = 8;              // training time per frame
  int chunk_steps = 1;               // steps per train_steps call, adapted to about 1 ms
  int measure_every = 4;             // frames between measure() calls while playing...
  double measure_interval = 0.1;     // ...or seconds, whichever comes first (slow renderers)
  int frames_since_measure = 0;
  double last_measure_time = 0;
  double rate_window_start = 0;      // seconds; samples/s is averaged over ~0.5 s windows
  long rate_window_samples = 0;
  double samples_per_second = 0;
  double train_ms = 0;               // training time spent in the last frame
  double frame_ms = 0;               // smoothed wall time between frames
  double last_frame_time = 0;
  int regions = 0;                   // linear regions on a grid, refreshed every regions_every frames
  int regions_side = 0;              // ...of regions_side x regions_side cells (regions_grid())
  int regions_every = 30;
  int frames_since_regions = 1 << 20;

  // ---- view ----
  PlotDomain domain;
  bool show_test_points = true;
  bool discrete_boundary = false;
  float font_scale = 1;              // chosen in the View section; applied before the next frame
  float applied_font_scale = 1;
  bool auto_layout = true;           // no saved layout: place windows from the display size
  float layout_width = 0, layout_height = 0;  // display size the windows were last placed for
  bool relayout = true;              // place windows this frame (ImGuiCond_Always)

  // ---- platform ----
  bool headless = true;
  SDL_Window* window = nullptr;
  Renderer renderer;
  std::string ini_path;
  float display_width = 1280, display_height = 800;
  long frame_index = 0;

  // ---- the ReLU instruments (ui/lab.h, issue 4) ----
  LabState lab;
};

// The configuration the app starts with: circle data, 2-8-8-1 ReLU on x1, x2, tanh output with
// squared error, Adam at learning rate 0.03, batch 32.
Config default_config();

// Creates the ImGui context (default font), the GL renderer (unless headless) and the trainer.
// Returns an error message (empty on success).
std::string app_init(AppState& s, const AppOptions& options);
// Feeds one SDL event to ImGui; handles the app's own keys. Returns true to request quit.
bool app_event(AppState& s, const SDL_Event& e);
// One frame: training slice, panels, draw. The caller swaps buffers.
void app_frame(AppState& s);
void app_shutdown(AppState& s);

// Builds a new trainer from `c`; on error returns the message and leaves the running state untouched.
std::string apply_config(AppState& s, const Config& c);
// Takes `steps` minibatch steps now (outside the frame budget) and measures.
int step_training(AppState& s, int steps);
// Recomputes the instruments and the region count.
void measure_now(AppState& s);

// The grid the live region count uses: 256 x 256 cells over the plot where the scanline sweep
// applies (piecewise-linear nets up to regions_fine_params parameters: a few ms in wasm), else
// 96 x 96 (dense forward passes: the cost grows with every cell).
constexpr int regions_fine_params = 10000;
GridSpec regions_grid(const AppState& s);
// Recounts s.regions (and s.regions_side) on regions_grid(s).
void count_regions_now(AppState& s);
// Runs this frame's training slice (budgeted); called by app_frame.
void run_training_slice(AppState& s);

double now_seconds();  // monotonic clock

}  // namespace relulab
