// undo.h: undo and redo for what destroys work: Reset, Regenerate and every data set or network
// change, adding, removing or editing points and weights, loading a state or CSV over a run, a URL
// hash or a scripted configuration, and "start fresh".
//
// Before such an action the app remembers the whole run: a copy of the trainer (weights, data,
// optimiser moments, minibatch order, step, curves) and the configuration the controls show. Undo
// puts that copy back, so the run continues exactly as it would have without the action: same
// weights, same next minibatch, same losses (tests/ui_nothing_lost.cpp checks it bit for bit
// through save_state). The action undone goes to the redo list.
//
// One gesture is one entry: a slider dragged over many frames, or a weight dragged in the diagram,
// is remembered once, when the mouse went down (entries with the same label and the same mouse
// press are merged). The lists hold at most max_undo_entries runs and max_undo_bytes together;
// the oldest are dropped first (the newest is always kept): undo and redo together hold at most
// max_undo_bytes.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "io/config.h"
#include "nn/trainer.h"

namespace relulab {

struct AppState;

constexpr int max_undo_entries = 16;
constexpr std::size_t max_undo_bytes = 48u << 20;

struct UndoEntry {
  std::string label;       // the action this entry undoes ("Reset", "network change", ...)
  Trainer trainer;         // the run before it
  Config config;           // the controls' configuration before it
  std::size_t bytes = 0;   // estimated memory of `trainer`
  double gesture = -1;     // mouse press time of the gesture that made it (-1: none)
};

struct UndoState {
  std::vector<UndoEntry> undo;  // oldest first
  std::vector<UndoEntry> redo;  // the most recently undone last
};

// Remembers the running state before an action called `label` (a string literal). Clears redo.
void remember_for_undo(AppState& s, const char* label);
// The label of a configuration change from `before` to `after`: "Regenerate", "data change",
// "network change" or "training change".
const char* config_change_label(const Config& before, const Config& after);
// Drops the newest entry when the action it was remembered for did not happen (e.g. refused input).
void forget_last_undo(AppState& s, const char* label);

// Puts back the run before the newest remembered action; the present run goes to redo. Returns
// false when there is nothing to undo.
bool undo(AppState& s);
bool redo(AppState& s);

// "Undo Reset" / "" when there is nothing to undo.
std::string undo_label(const AppState& s);
std::string redo_label(const AppState& s);

// Estimated heap bytes of a trainer (data, cached features, weights, moments, curves).
std::size_t trainer_bytes(const Trainer& t);

}  // namespace relulab
