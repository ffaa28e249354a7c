// ui_headless.h: what the headless UI smoke tests (ui_smoke.cpp, ui_lab_smoke.cpp) share. The app
// runs with ImGui and no platform or renderer backend (as imgui's example_null does); each frame
// must end with valid draw data holding at least one draw list per window. check() counts and
// prints failures, smoke_result() prints the verdict and returns the exit code.
#pragma once

#include <cstdio>
#include <string>

#include "app.h"
#include "imgui.h"

namespace relulab {

inline int smoke_failures = 0;

inline void check(bool ok, const std::string& what) {
  if (!ok) {
    ++smoke_failures;
    std::printf("FAIL: %s\n", what.c_str());
  }
}

// Runs `frames` frames; false as soon as one ends with fewer than `min_draw_lists` draw lists.
inline bool run_frames(AppState& app, int frames, int min_draw_lists) {
  for (int i = 0; i < frames; ++i) {
    app_frame(app);
    const ImDrawData* draw = ImGui::GetDrawData();
    if (!draw || !draw->Valid || draw->CmdListsCount < min_draw_lists) return false;
  }
  return true;
}

inline int smoke_result() {
  std::printf("%s: %d failure(s)\n", smoke_failures ? "FAILED" : "ok", smoke_failures);
  return smoke_failures ? 1 : 0;
}

}  // namespace relulab
