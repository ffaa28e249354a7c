// app.h: the application shared by the page and the desktop window: one state struct, four calls.
//
// The platform entry points (native/main.cpp, web/main.cpp) create the SDL window and GL context,
// then drive the app through app_init / app_event / app_frame / app_shutdown, in the manner of
// sokol_app's init/event/frame/cleanup callbacks. Everything the app knows lives in AppState, in
// named parts (run, view, diagram, transform, race, experiment, files, frame, undo, autosave, regions). Per
// frame:
//
//   app_frame: schedule_frame_work (ui/schedule.cpp: training, race, experiment and the
//              instruments under one time budget) -> the panels (ui/panels/, drawing only) -> GL.
//
// What only a platform can do (download, upload, the URL hash, the clipboard, the autosave's store)
// comes in through AppOptions::platform (ui/platform.h); ui/ itself never includes a platform header.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "autosave.h"
#include "io/config.h"
#include "experiments/experiments.h"
#include "gfx/renderer.h"
#include "gfx/ui_renderer.h"
#include "gfx/view_raster.h"
#include "instruments/grid.h"
#include "instruments/regions_exact.h"
#include "platform.h"
#include "instruments/probe.h"
#include "regions.h"
#include "experiments/race.h"
#include "nn/trainer.h"
#include "instruments/transform.h"
#include "undo.h"
#include "instruments/unit_maps.h"
#include "item_locator.h"
#include "tour_state.h"
#include "screen.h"

struct SDL_Window;
union SDL_Event;

namespace relulab {

struct AppOptions {
  SDL_Window* window = nullptr;      // null: headless (smoke test): no GL, no platform backend
  void* gl_context = nullptr;        // SDL_GLContext
  std::string ini_path;              // ImGui window layout file; empty: layout is not saved
  float display_width = 1280, display_height = 800;  // headless display size
  bool playing = false;              // start training at once
  float ui_scale = 1;                // text and widget scale (ViewState::font_scale)
  Platform platform;                 // empty members: that platform service is absent
  bool framebuffer_preserved = false;  // the window keeps its pixels between frames (the page's
                                       // canvas, preserveDrawingBuffer): the UI redraws in place
  Lang lang = Lang::en;              // the page: navigator.language; the desktop: --lang, else LANG
  bool lang_chosen = false;          // chosen by the reader (--lang): the URL hash records it
  std::string page_address;          // the page's URL without its hash (classroom links); empty natively
};

// An instrument whose cost grows with the network (measure, region count, unit maps) keeps to a
// share of the time: after a run of d seconds it waits d * (1 / share - 1) before the next, so a
// 12 x 128 net's instruments cost no more of each second than a small net's (ui/schedule.cpp).
struct Cadence {
  double not_before = 0;             // now_seconds() before which it does not run again
  double last_ms = 0;                // duration of its last run
};

// The live region count, computed over several frames on a copy of the weights (exact for that
// copy, whatever training does meanwhile): rows of the grid in bands, patterns collected, then
// counted.
struct RegionCount {
  bool running = false;
  bool exact = false;                // the exact partition (regions_exact.h), else the grid's patterns
  PartitionJob job;                  // the exact partition in progress
  Network snapshot;
  long step = -1;                    // trainer step of the snapshot
  GridSpec grid;
  int next_row = 0;
  std::vector<std::uint64_t> patterns, band;
};

// ---- the run: configuration, trainer and what is measured of it --------------------------------
struct RunState {
  Config config;                     // what the controls edit; rebuilt into `trainer` by apply_config
  Trainer trainer;
  bool playing = false;
  std::string message;               // last error for the controls panel (bad input, divergence)
  Activation mirror_variant = Activation::relu_neg;  // what the Mirror button switches to

  int measure_every = 4;             // frames between measure() calls while playing...
  double measure_interval = 0.1;     // ...or seconds, whichever comes first (slow renderers)
  int frames_since_measure = 0;
  double last_measure_time = 0;
  double rate_window_start = 0;      // seconds; samples/s is averaged over ~0.5 s windows
  long rate_window_samples = 0;
  double samples_per_second = 0;
  int regions = 0;                   // linear regions on a grid, refreshed every regions_every frames
  int regions_side = 0;              // ...of regions_side x regions_side cells (regions_grid())
  long regions_step = -1;            // ...of the weights at this step
  bool regions_exact = false;        // exact count (polygons), else distinct patterns on the grid
  std::string regions_not_exact;     // why the exact count does not apply (grid used instead)
  int regions_every = 30;
  int frames_since_regions = 1 << 20;
  RegionCount region_count;          // a count in progress
  Cadence measure_cadence, regions_cadence;
};

// ---- the main view and what the windows show ---------------------------------------------------
enum class MainView { boundary, regions, unit };

// Instrument tabs, in order.
enum InstrumentTab { tab_sparsity, tab_gradients, tab_curves, tab_regions, tab_probe, tab_transformed,
                     tab_race, tab_experiments, tab_count };

struct ViewState {
  PlotDomain domain;
  MainView mode = MainView::boundary;
  bool show_test_points = true;
  bool discrete_boundary = false;
  bool unit_mask = false;            // unit view / diagram thumbnails: on/off mask instead of value
  int layer = 0, unit = 0;           // the unit shown in MainView::unit
  int hover_layer = -1, hover_unit = -1;  // unit under the mouse in the diagram (shown large)
  bool probe_enabled = true;
  bool probe_valid = false;          // the mouse is over the plot this frame
  Probe probe;
  int point_class = 0;               // class of points added by clicking the plot
  float point_value = 0.5f;          // target of points added to regression data
  int select_tab = -1;               // an InstrumentTab to bring to front next frame (buttons, tests)
  int plot_width = 0, plot_height = 0;  // the main view's size in framebuffer pixels (last frame)

  float font_scale = 1;              // the UI scale (View section, --ui-scale): text and widgets;
  float applied_font_scale = 1;      // applied with the fonts before the next frame (ui/screen.h)
  bool auto_layout = true;           // no saved layout: place windows from the display size
  float layout_width = 0, layout_height = 0;  // display size the windows were last placed for
  bool relayout = true;              // place windows this frame (ImGuiCond_Always)
};

// ---- the network diagram and the per-unit history ----------------------------------------------
constexpr int unit_map_cells = 16;   // the diagram's unit thumbnails, cells per side

struct DiagramState {
  UnitMaps maps;
  long maps_step = -1;               // trainer step the maps were computed at; -2: recompute now
  int maps_frame = 0;
  Cadence maps_cadence;
  int edit_layer = -1, edit_from = -1, edit_to = -1;  // the link whose weight is being edited
  // per-unit activation frequency over time, [t][layer][unit]
  std::vector<std::vector<std::vector<float>>> unit_history;
  std::vector<double> unit_history_epoch;
  long unit_history_step = -1;
};

struct TransformState {
  TransformSpec spec;
  TransformedSpace space;
  std::string error;
  long step = -1;                    // trainer step `space` was computed at
  bool dirty = true;                 // spec changed: recompute at once
  long shown_frame = -10;            // last frame the tab was drawn (computed only while shown)
  Cadence cadence;
};

// ---- the race: copies of the network, one activation each -------------------------------------
struct RaceState {
  Race run;                          // the lanes
  bool built = false;
  bool playing = false;
  int lane_count = 3;
  Activation acts[max_race_lanes] = {Activation::relu, Activation::tanh, Activation::sigmoid,
                                     Activation::linear};
  std::string message;
  int steps_per_call = 8;
  std::vector<std::vector<float>> fields;  // [lane] CPU boundary fields (side^2)
  long fields_step = -1;
  int side = 48;
  Cadence measure_cadence, fields_cadence;
};

struct ExperimentState {
  ExperimentRun run;
  bool running = false;
  int kind = 0;                      // an ExperimentKind
  bool quick = true;
};

// ---- files and sharing (ui/files.h) ------------------------------------------------------------
struct FilesState {
  std::string path;                  // native: the path typed into the file dialog
  FileAction action = FileAction::none;  // native dialog open for this action
  std::string url_applied;           // page: the URL hash last written or read
  std::string notice;                // last success message ("saved relulab-state.json")
  bool open_dialog = false;          // another window asked for the path dialog (Tools draws it)
};

// ---- the frame: one budget for every per-frame job (ui/schedule.cpp) ---------------------------
struct FrameState {
  double budget_ms = 8;              // work time per frame: training + race + experiment together
  double view_budget_ms = 4;         // time per frame for computing the main view (view_raster.h)
  int chunk_steps = 1;               // steps per train_steps call, adapted to about 1 ms
  double work_ms = 0;                // work time spent in the last frame (all jobs together)
  double last_round_ms = 0;          // ...of which its last round (one chunk of each active job)
  int jobs_run = 0;                  // jobs that got time in the last frame: 1 run, 2 race, 4 experiment
  double frame_ms = 0;               // smoothed wall time between frames
  // what the Controls panel shows of frame_ms and work_ms: refreshed twice a second, as samples/s
  // is, so the line is readable and does not redraw its pixels every frame
  double shown_frame_ms = 0, shown_work_ms = 0, shown_at = -1;
  double last_time = 0;
  long index = 0;                    // frames drawn since start
  int wake_frames = 0;               // frames still to draw after an input (ImGui settles hover etc.)
  bool wants_next = true;            // something moves: the platform should draw another frame
  // tests: frames still to draw with ui_renderer_check (the damage-tracked picture against a full
  // redraw), and what the checked frames found
  long redraw_checks_left = 0;
  long redraw_frames_checked = 0, redraw_frames_differing = 0, redraw_pixels_differing = 0;
  double redraw_share_sum = 0;       // sum of the checked frames' redrawn shares
  std::string redraw_first_difference;  // "frame F: N pixels, the first at (x, y)"
};

struct AppState {
  RunState run;
  ViewState view;
  DiagramState diagram;
  TransformState transform;
  RaceState race;
  ExperimentState experiment;
  FilesState files;
  FrameState frame;
  ItemQuery item_query;               // a widget looked up by its label (ui/item_locator.h)
  LanguageState language;            // ui/fonts_cjk.h
  ClassroomState classroom;          // ui/classroom.h
  TourState tour;                    // ui/tour.h
  std::string page_address;
  ScreenState screen;                // pixel scale, layout, fonts, touch (ui/screen.h)
  UndoState undo;                    // ui/undo.h
  AutosaveState autosave;            // ui/autosave.h
  RegionsState regions;              // the exact partition drawn and explored (ui/regions.h)

  // ---- platform ----
  bool headless = true;
  SDL_Window* window = nullptr;
  Renderer renderer;                 // the boundary shader (a GPU's way to draw the main view)
  ViewRaster raster;                 // the main view from the core's evaluators (software GL's way)
  UiRenderer ui_gl;                  // ImGui's frame, redrawn where it changed (gfx/ui_renderer.h)
  ViewPath view_path = ViewPath::raster;
  ViewKey shader_key;                // what the shader's target last drew
  Platform platform;
  std::string ini_path;
  float display_width = 1280, display_height = 800;
};

// The disc sprite for drawing data points (panels/draw.h DiscBatch); none when headless.
inline ImTextureID disc_sprite(const AppState& s) {
  return s.ui_gl.disc ? reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(s.ui_gl.disc)) : nullptr;
}

// The configuration the app starts with: circle data, 2-8-8-1 ReLU on x1, x2, tanh output with
// squared error, Adam at learning rate 0.03, batch 32.
Config default_config();

// Creates the ImGui context (default font), the GL renderer (unless headless) and the trainer.
// Returns an error message (empty on success).
std::string app_init(AppState& s, const AppOptions& options);
// Feeds one SDL event to ImGui; handles the app's own keys. Returns true to request quit.
bool app_event(AppState& s, const SDL_Event& e);
// One frame: the scheduled work, the panels, the draw. The caller swaps buffers.
void app_frame(AppState& s);
// Whether anything moves (training, the race, an experiment, a view being computed, ImGui settling
// after an input). When false the platform waits for the next event and draws nothing, so an idle
// window or tab costs no CPU; every app_event makes it true for a few frames.
bool app_wants_frame(const AppState& s);
void app_shutdown(AppState& s);

// Builds a new trainer from `c`; on error returns the message and leaves the running state untouched.
std::string apply_config(AppState& s, const Config& c);
// Makes `t` the running trainer (a loaded state, imported data) and measures it.
void install_trainer(AppState& s, Trainer t);
// Takes `steps` minibatch steps now (outside the frame budget) and measures.
int step_training(AppState& s, int steps);
// Recomputes the instruments and the region count.
void measure_now(AppState& s);
// The Mirror button: switches every ReLU-family hidden layer to `variant` by sign flips of weights
// and optimiser moments (core/mirror_switch.h), mid-run. Returns "" or why not.
std::string mirror_hidden_layers(AppState& s, Activation variant);

// The grid the live region count uses: 256 x 256 cells over the plot where the scanline sweep
// applies (piecewise-linear nets up to regions_fine_params parameters: a few ms in wasm), else
// 96 x 96 (dense forward passes: the cost grows with every cell).
constexpr int regions_fine_params = 10000;
GridSpec regions_grid(const AppState& s);
// Recounts s.run.regions (and regions_side) on regions_grid(s): at once for nets up to
// regions_fine_params parameters, else over the next frames on a copy of the weights.
void count_regions_now(AppState& s);
// Starts a count over the next frames (ui/schedule.cpp advances it within the frame's budget):
// the exact partition into polygons where it applies, else distinct patterns on regions_grid(s).
void start_region_count(AppState& s);
// Advances the count in progress by about `budget_ms`; lands it in s.run.regions when done.
void advance_region_count(AppState& s, double budget_ms);
// The live exact count stops at this many regions and falls back to the grid (wasm memory).
constexpr long max_live_polygons = 200000;

// This frame's work, under one budget (ui/schedule.cpp): training, the race, an experiment, then
// the instruments that follow the weights (measure, region count, unit maps, history). Called by
// app_frame before the panels draw.
void schedule_frame_work(AppState& s);

// The main view's shader mode for the renderer (a BoundaryMode; sets the renderer's unit fields).
BoundaryMode main_view_mode(AppState& s);
// Shows `name` ("boundary", "regions" or "unit") in the main view; returns "" or why not.
std::string set_main_view(AppState& s, const std::string& name);
// Everything the main view's picture depends on, at the plot's size in pixels.
ViewKey main_view_key(AppState& s);
// Brings the main view's picture up to date within s.frame.view_budget_ms (raster path); called
// by schedule_frame_work. The shader path draws in the plot panel when the key changed.
void refresh_main_view(AppState& s);

double now_seconds();  // monotonic clock

}  // namespace relulab
