// lab_panels.h: the issue-4 panels and tabs (one function each), internal to ui/.
#pragma once

#include "app.h"

namespace relulab {

void draw_diagram_panel(AppState& s);      // ui/panel_diagram.cpp
void draw_instruments_panel(AppState& s);  // ui/panel_instruments.cpp (tabs below included)
void draw_transform_tab(AppState& s);      // ui/panel_transform.cpp
void draw_race_tab(AppState& s);           // ui/panel_race.cpp
void draw_experiments_tab(AppState& s);    // ui/panel_experiments.cpp
void draw_lab_tools_panel(AppState& s);    // ui/panel_lab_tools.cpp: view, files, mirror

// Race training inside the frame (ui/panel_race.cpp), called by lab_frame.
void run_race_slice(AppState& s);
// Experiment work units inside the frame (ui/panel_experiments.cpp).
void run_experiment_slice(AppState& s);

// Uploaded files and the URL hash arriving from the page (ui/panel_lab_tools.cpp).
void lab_poll_transfers(AppState& s);

}  // namespace relulab
