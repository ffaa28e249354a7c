// autosave.h: the run survives a reload, a closed window or a crash.
//
// While the run changes, its full state file (core/state.h's save_state: config, weights, custom
// points, and the progress: step, minibatch order, optimiser moments) is handed to the platform
// every few seconds (Platform::save_autosave: IndexedDB on the page, web/autosave.js; a file under
// $XDG_STATE_HOME/relulab/ on the desktop, native/autosave_file.cpp), and once more when the page is
// hidden or the window closes. At start the entry point reads the last one back and calls
// restore_autosave: the run continues where it stopped, bit for bit, paused. "Start fresh" begins
// a new run (and can be undone, ui/undo.h).
//
// Whether the run changed is a 64-bit fingerprint of everything the state file holds (config,
// weights, points, step, generator, order position), so a paused, unchanged run writes nothing.
// Building the text costs time in proportion to the run's size: the interval between saves grows
// to twenty times that cost, so autosaving never takes more than about 5% of the time.
#pragma once

#include <cstdint>
#include <string>

namespace relulab {

struct AppState;

struct AutosaveState {
  bool armed = false;                // the entry point has restored (or not) and saves may begin
  double min_interval = 2;           // seconds between saves while the run changes
  double interval = 2;               // ...grown with the cost of a save
  double next_check = 0;             // now_seconds() of the next look
  std::uint64_t saved_fingerprint = 0;  // of the run the last save (or the restore) holds
  long saves = 0;                    // saves handed to the platform
  double last_save_time = 0;         // now_seconds() of the last save
  double last_save_ms = 0;           // time to build the text and hand it over
  std::size_t last_bytes = 0;
  long last_step = 0;                // the run's step in the last save
  long idle_frame = -1;              // frame index autosave_idle last looked at
  std::string error;                 // the platform's last failure ("" once a save succeeds)
};

// What restore_autosave did.
enum class AutosaveRestore { restored, link_wins, unreadable };

// Enables saving from now on; the present run counts as saved (nothing is written until it changes).
void autosave_arm(AppState& s);
// Once per frame (schedule_frame_work): saves when the interval passed and the run changed.
void autosave_tick(AppState& s);
// Saves now if the run changed since the last save (page hidden, window closing).
void autosave_flush(AppState& s);
// The platform's loop is about to sleep (nothing moves): saves if the run changed since the last
// save, looking once per frame drawn (an idle loop that wakes every half second costs nothing).
void autosave_idle(AppState& s);
// The platform's answer to a save: "" (stored) or why not (quota, no storage in a private window).
// A failure is shown once in the controls panel; the run itself is untouched.
void autosave_result(AppState& s, const std::string& error);

// At start: continues the run in `text` (the last autosave) paused, unless `link_wins` (the page's
// URL names another configuration than the one the autosave was made under): then the link's run
// starts and the autosaved one is kept on the undo list. A text that does not load is reported in
// s.run.message and left for the caller to set aside. `source` names the autosave in messages.
AutosaveRestore restore_autosave(AppState& s, const std::string& text, const std::string& source,
                                 bool link_wins, std::string* error);

// "Start fresh": the default configuration as a new run, undoable.
void start_fresh(AppState& s);

// The fingerprint of what the state file of the run would hold.
std::uint64_t run_fingerprint(const AppState& s);

}  // namespace relulab
