// api.h: the app's state and controls as JSON strings, for scripting and tests.
//
// The page exports these through web/main.cpp as window.relulab (state(), play(), pause(),
// step(n), config(), load(config), shaderCheck()); the desktop binary prints them for its tests.
#pragma once

#include <string>
#include <vector>

#include "app.h"

namespace relulab {

// {epoch, step, loss_train, loss_test, accuracy_train, accuracy_test, playing, diverged,
//  divergence, samples_per_second, frame_ms, regions, active_path_fraction,
//  regions_method, regions_grid, regions_exact_unavailable, regions_updating,
//  regions_partition (null without an exact partition, else {regions, polygons, step, current,
//   regions_after_layer, layer (the slider's L), edges: {shown, segments, by_layer, fill, width,
//   height, line_px, build_ms, builds}, areas: {min, median, max, mean, pixels, pixel_area,
//   smaller_than_pixel, by_decade: [{log10_area_from, regions}]}, training_points,
//   regions_with_training_points, hover: null or {x1, x2, polygon, layers, pattern, area,
//   area_share, area_pixels, regions_inside, map: [w1, w2, b per output], outline_vertices}}),
//  frames, view, view_path, view_pass_ms, view_passes,
//  layers: core/io/stats_json.h's layer_stats_json, the CLI's spelling (grad_norm_z, ...),
//  lang, lang_wanted, hidden ("network,instruments"), classroom_dialog, message,
//  tour (null or {step, steps, title, action_done, verdict_ready, confirmed, verdict})}
std::string state_json(const AppState& s);

// {message, notice, undo, redo, autosave: {armed, saves, error, last_step, bytes, ms}, step}: the
// red message line, the Tools notice, the labels of what Undo / Redo would do ("" when nothing),
// and the autosave's state (ui/autosave.h).
std::string status_json(const AppState& s);

// The running configuration as a config document (core/state.h's config_to_json).
std::string config_json(const AppState& s);

// Replaces the configuration and restarts the run, from a config document or a bare
// {data, network, train} object (fields left out take Config{}'s defaults). Returns "" or a message
// naming what was wrong; on error the running state is untouched. A state file's weights and custom
// points are used (core/state.h's open_run), never dropped.
std::string load_config_json(AppState& s, const std::string& json);

// Renders the boundary field for the current network and a set of fresh networks covering every
// activation and output link, and compares each with eval_grid. `size` pixels a side.
std::vector<ShaderCheck> run_shader_checks(AppState& s, int size);
// [{name, pixels, agreement, mean_value_error, max_value_error}], plus min_agreement.
std::string shader_checks_json(const std::vector<ShaderCheck>& checks);

}  // namespace relulab

namespace relulab {

// What the screen shows: {layout, width, height (logical px), pixel_scale, ui_scale,
// em_px (the UI font's CSS font-size), min_em_px (smallest text in any window drawn last frame),
// frame_height (a button's height), plot: {x, y, side, view_width, view_height (the picture wanted,
// device px), target_width, target_height (the texture drawn: raster or shader target)},
// windows: [{name, x, y, w, h, scroll_y, scroll_max_y}], phone_tab, play_button: {x, y, w, h},
// tabs: [{name, x, y, w, h}] (phone layout; rects as last drawn),
// points (training + test points), frames (drawn since start), view_busy (the main view's picture is
// still being computed), touch: {active, taps, long_presses, scrolls}}.
std::string screen_json(const AppState& s);

}  // namespace relulab
