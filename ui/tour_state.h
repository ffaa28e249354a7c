// tour_state.h: the state of the teaching features, kept in AppState: the language the reader
// asked for (and the CJK font it needs), the parts a classroom link hides, and the guided tour.
// The functions that act on them are in i18n/i18n.h, classroom.h and tour.h.
#pragma once

#include <string>

#include "i18n/i18n.h"
#include "nn/trainer.h"

namespace relulab {

struct LanguageState {
  Lang wanted = Lang::en;        // what the reader chose; shown once its font is in the atlas
  bool chosen = false;           // from the hash, --lang or the switch: written into the hash
  std::string cjk_font;          // the CJK subset (TTF bytes) once it arrived; the atlas borrows it
  bool cjk_requested = false;    // the platform was asked for it (the page downloads it)
  bool font_dirty = true;        // hand the screen the glyphs to merge before the next frame
};

// What a classroom link can hide (hide=network,instruments): windows, sections of the control
// window, instrument tabs. Names in classroom.cpp.
enum class Part {
  controls, plot, loss, layers, network, instruments, tools,  // windows
  data, architecture, training, view,                         // sections of the controls window
  sparsity, gradients, curves, regions, probe, transformed, race, experiments,  // instrument tabs
  count
};
constexpr int part_count = static_cast<int>(Part::count);

struct ClassroomState {
  unsigned hidden = 0;           // bit per Part
  bool dialog_open = false;      // the dialog that builds a classroom link
  unsigned dialog_hidden = 0;    // its choices, before the link is made
  int dialog_lang = 0;           // 0: the reader's own, 1: English, 2: 中文
  int dialog_tour = 0;           // 0: no tour, else the step to open
};

// Where the tour points: the instrument to look at and the control to use (tour.h's tour_spot).
enum class Spot {
  none,
  play, add_layer, mirror, all_layers, learning_rate,                 // controls
  window_plot, window_loss, window_layers, window_network, window_instruments,  // instruments
  count
};

struct TourState {
  int step = -1;                 // 0-based; -1: no tour
  bool place = false;            // place the tour window at its default spot next frame
  // per step, reset when a step opens
  long opened_frame = 0;
  bool action_done = false;
  long action_step = -1;         // trainer step when the action was seen
  float before[4] = {0, 0, 0, 0};  // numbers measured before the action
  bool have_before = false;
  float after[4] = {0, 0, 0, 0};   // numbers the step measures once after the action
  bool have_after = false;
  long after_steps = 0;
  Trainer shadow;                // step 6: the run as it was before the action, trained alongside
  bool have_shadow = false;
  // the verdict, recomputed every frame from the live instruments
  std::string verdict;
  bool verdict_ready = false;    // the measurement the step asks for is complete
  bool confirmed = false;        // the article's claim (or the corrected claim) holds in this run
  // this frame's rectangles of the spots (screen coordinates), from the panels
  float spot_rect[static_cast<int>(Spot::count)][4] = {};
  long spot_frame[static_cast<int>(Spot::count)] = {};
};

}  // namespace relulab
