// lab.h: the ReLU instruments of the playground (issue 4): the network diagram, the main view's
// modes (decision boundary, linear regions, one unit's map) with click-to-edit points and the probe,
// the sparsity / gradient-flow / curves / transformed-space / race views, and the file actions
// (state JSON, CSV, PNG, URL hash). Their state is one LabState inside AppState; each panel is one
// function (ui/panel_*.cpp) reading and writing AppState.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "experiments/experiments.h"
#include "instruments/probe.h"
#include "experiments/race.h"
#include "renderer.h"
#include "instruments/transform.h"
#include "instruments/unit_maps.h"

namespace relulab {

struct AppState;

enum class MainView { boundary, regions, unit };

// File actions; on the page, uploads and the URL hash arrive through lab_receive_file.
enum LabFile { lab_no_file = 0, lab_save_state, lab_load_state, lab_import_csv, lab_export_csv, lab_export_png,
               lab_url_hash };

// Instrument tabs, in order.
enum LabTab { tab_sparsity, tab_gradients, tab_curves, tab_regions, tab_probe, tab_transformed, tab_race, tab_experiments,
              tab_count };

struct LabState {
  // ---- main view ----
  MainView view = MainView::boundary;
  bool unit_mask = false;            // unit view / diagram thumbnails: on/off mask instead of value
  int view_layer = 0, view_unit = 0; // the unit shown in MainView::unit
  int hover_layer = -1, hover_unit = -1;  // unit under the mouse in the diagram (shown large)
  bool probe_enabled = true;
  bool probe_valid = false;          // the mouse is over the plot this frame
  Probe probe;
  int point_class = 0;               // class of points added by clicking the plot
  float point_value = 0.5f;          // target of points added to regression data

  // ---- diagram ----
  UnitMaps maps;
  long maps_step = -1;               // trainer step the maps were computed at
  int maps_frame = 0;
  int edit_layer = -1, edit_from = -1, edit_to = -1;  // the link whose weight is being edited

  // ---- sparsity history: per-unit activation frequency over time, [t][layer][unit] ----
  std::vector<std::vector<std::vector<float>>> unit_history;
  std::vector<double> unit_history_epoch;
  long unit_history_step = -1;

  // ---- transformed space ----
  TransformSpec transform;
  TransformedSpace space;
  std::string transform_error;
  long transform_step = -1;

  // ---- race ----
  Race race;
  bool race_built = false;
  bool race_playing = false;
  int race_lanes = 3;
  Activation race_acts[max_race_lanes] = {Activation::relu, Activation::tanh, Activation::sigmoid,
                                          Activation::linear};
  std::string race_message;
  int race_steps_per_frame = 8;
  std::vector<std::vector<float>> race_fields;  // [lane] CPU boundary fields (race_side^2)
  long race_fields_step = -1;
  int race_side = 48;

  // ---- experiments (core/experiments.h) ----
  ExperimentRun experiment;
  bool experiment_running = false;
  int experiment_kind = 0;           // an ExperimentKind
  bool experiment_quick = true;

  // ---- mirror ----
  Activation mirror_variant = Activation::relu_neg;

  // ---- files and sharing ----
  std::string path;                  // native: the path typed into the file dialog
  int file_action = 0;               // native dialog open for: a LabFile
  std::string url_applied;           // page: the URL hash last written or read
  bool url_loaded = false;           // page: the initial hash has been read
  std::string notice;                // last success message ("saved relulab-state.json")

  // ---- instruments window ----
  int select_tab = -1;               // a LabTab to bring to front next frame (buttons, tests)
};

// Per frame, before the panels: refreshes the probe's network, race training, unit maps, history,
// and (on the page) the URL hash. Called by app_frame.
void lab_frame(AppState& s);

// The issue-4 windows: network diagram, instruments (tabs), and the lab tools (files, mirror, race).
void draw_lab_panels(AppState& s);

// Hooks for the main view (ui/panel_plot.cpp): which field the shader draws, and the overlay after
// the image item: clicks add / remove points, hovering probes. p0: top-left of the square of
// `side` pixels covering the domain; `hovered`: the image item is hovered.
int lab_view_mode(AppState& s);  // a BoundaryMode value; sets the renderer's unit fields
void lab_plot_overlay(AppState& s, float p0x, float p0y, float side, bool hovered);

// The linear-regions shader mode vs the CPU's activation patterns: the share of pixels on which the
// two partitions into regions agree (ui/lab_shader_check.cpp). Needs the GL renderer.
ShaderCheck regions_shader_check(Renderer& r, const Network& net, int size, const std::string& name);

// The current main view as a PNG (CPU grid evaluator + points), `size` pixels a side.
std::vector<unsigned char> render_view_png(const AppState& s, int size);

// The Mirror button: switches every ReLU-family hidden layer to `variant` by sign flips of weights
// and optimiser moments (core/mirror_switch.h), mid-run. Returns "" or why not.
std::string lab_mirror(AppState& s, Activation variant);

// The full state (config, weights, custom points) as a state file's text.
std::string lab_save_state_text(const AppState& s);

// Called with an uploaded file's text (page), a file read natively, or the URL hash: loads it, or
// puts a message naming what was wrong in s.message and leaves the running state untouched.
void lab_receive_file(AppState& s, int action, const std::string& name, const std::string& text);

}  // namespace relulab
