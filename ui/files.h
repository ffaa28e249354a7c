// files.h: the app's file actions: save and load the full state (core/state.h), import and export
// CSV (core/dataset.h), export the main view as PNG and the exact partition as SVG (ui/regions.h),
// and the configuration in the URL hash
// (core/url.h), so a copied link reproduces the run.
//
// Where the platform offers a download or an upload (the page), start_file_action uses it and the
// upload's text comes back through app_receive_file; elsewhere (the desktop) the Tools window asks
// for a path and calls complete_file_action. Bad input (a malformed state, CSV or hash) leaves the
// running state untouched and says what was wrong in s.run.message.
#pragma once

#include <string>

#include "app.h"

namespace relulab {

const char* default_file_name(FileAction action);

// The full state (config, weights, custom points, training progress) as a state file's text.
std::string save_state_text(const AppState& s);

// Applies a file's text (an upload, a file read natively, or the URL hash): loads it, or puts a
// message naming what was wrong in s.run.message and leaves the running state untouched.
void app_receive_file(AppState& s, FileAction action, const std::string& name, const std::string& text);

// Starts a file action through the platform (browser download / upload); returns false when the
// platform has none, and the caller asks for a path instead.
bool start_file_action(AppState& s, FileAction action);
// Reads or writes `path` for `action` (the desktop's path dialog).
void complete_file_action(AppState& s, FileAction action, const std::string& path);

// Page: writes the running configuration into the URL hash when it changed (hand-made points
// cannot travel in a link: the hash keeps the last generated configuration).
void sync_url_hash(AppState& s);

}  // namespace relulab
