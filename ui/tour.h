// tour.h: the guided tour (导览): one step per claim of the article, each measured live.
//
// A step loads a configuration, points at the instrument to look at and the control to use (a
// frame around each, drawn over the windows), asks the reader for one action (press play, add
// layers, flip the mirror, switch the activation, raise the learning rate) and writes a verdict
// computed from that run's own instruments: the numbers in it are measured, the wording follows
// them (a claim the numbers do not bear out is reported as such). The steps:
//   1 one-sided inhibition gives sparse activation      4 no vanishing gradient, unlike sigmoid
//   2 "the activation rate halves with every layer"     5 more expressive than a linear network
//   3 mirrored ReLUs train the same                     6 dead units, which the article omits
// The page opens step N from the hash (tour=N) and through relulab.tour(n); state().tour reports
// {"step": N, "steps": M, ...} (null outside the tour).
#pragma once

#include <string>

#include "app.h"

namespace relulab {

constexpr int tour_step_count = 6;

// Opens step `step` (1..tour_step_count; the step's configuration replaces the run). 0 exits.
// Returns false (and changes nothing) for any other number.
bool tour_open(AppState& s, int step);
void tour_exit(AppState& s);
bool tour_active(const AppState& s);
int tour_current(const AppState& s);  // 1..tour_step_count, 0 outside

// Per frame (schedule_frame_work): sees whether the reader did the step's action, measures what
// the step needs once after it, and recomputes the verdict from the live instruments.
void tour_update(AppState& s);
// The step's action done for the reader ("do it for me"; tests).
void tour_do_action(AppState& s);

// The step's texts in the current language.
const char* tour_title(int step);    // 1-based
const char* tour_claim(int step);
const char* tour_look(int step);
const char* tour_action(int step);

// "null", or {"step", "steps", "title", "action_done", "verdict_ready", "confirmed", "verdict"}.
std::string tour_json(const AppState& s);

// Panels record where a spot is this frame: the last item drawn, or the current window.
void tour_spot(AppState& s, Spot spot);
void tour_spot_window(AppState& s, Spot spot);

}  // namespace relulab
