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
//  frames, view, view_path, view_pass_ms, view_passes,
//  layers: core/io/stats_json.h's layer_stats_json, the CLI's spelling (grad_norm_z, ...),
//  lang, lang_wanted, hidden ("network,instruments"), classroom_dialog, message,
//  tour (null or {step, steps, title, action_done, verdict_ready, confirmed, verdict})}
std::string state_json(const AppState& s);

// The running configuration as a config document (core/state.h's config_to_json).
std::string config_json(const AppState& s);

// Replaces the configuration and restarts the run, from a config document or a bare
// {data, network, train} object (fields left out take Config{}'s defaults). Returns "" or a message
// naming what was wrong; on error the running state is untouched.
std::string load_config_json(AppState& s, const std::string& json);

// Renders the boundary field for the current network and a set of fresh networks covering every
// activation and output link, and compares each with eval_grid. `size` pixels a side.
std::vector<ShaderCheck> run_shader_checks(AppState& s, int size);
// [{name, pixels, agreement, mean_value_error, max_value_error}], plus min_agreement.
std::string shader_checks_json(const std::vector<ShaderCheck>& checks);

}  // namespace relulab
