// touch.h: a finger on a touch screen turned into ImGui mouse input.
//
// ImGui 1.86 knows only a mouse, and SDL turns a finger into one (SDL_TOUCH_MOUSEID). Used as is,
// every drag would press whatever it starts on: a slider jumps, a plot gains a point, and nothing
// scrolls. So a touch is held back until it is clear what it is, as phone browsers do:
//
//   tap (lifted soon, not moved)         a click where it landed: a button, a tab, a new point
//   long press (held still 0.5 s)        on the plot: ctrl-click (removes the nearest point), or
//                                        while the linear regions are explored (plot_hold_inspects)
//                                        the pointer stays under the finger: the region under it is
//                                        outlined and described, as a mouse hovering (ui/regions.h);
//                                        elsewhere: a held press, released when lifted
//   drag, mostly vertical                scrolls the window under the finger (if it scrolls)
//   drag, mostly horizontal              a mouse drag from where it started (moves a slider)
//   any drag on the plot, or on a        the pointer follows the finger without pressing: the
//   window that does not scroll          probe follows a touch that stays down
//
// While the finger is down and undecided the pointer hovers where it is (the probe and tooltips
// show); after it lifts the pointer leaves the screen, so nothing stays hovered.
#pragma once

#include "imgui.h"

union SDL_Event;

namespace relulab {

constexpr float touch_slop_px = 10;       // movement (logical px) that makes a touch a drag
constexpr double long_press_seconds = 0.5;

struct TouchState {
  enum class Phase {
    idle,      // no finger; pointer off screen while `active`
    pending,   // finger down, not yet a tap, drag or long press
    tap,       // lifted while pending: press this frame, release the next
    press,     // a mouse press follows the finger (horizontal drag, long press)
    scroll,    // vertical drag scrolling `scroll_window`
    hover,     // the pointer follows the finger, nothing pressed
    release,   // button up this frame at the last position, then off screen
  };
  bool active = false;               // the last pointer input was a finger (else a mouse: no overrides)
  Phase phase = Phase::idle;
  long long finger = -1;             // the SDL finger id followed (others are ignored)
  ImVec2 start, pos;                 // logical px
  double start_time = 0;
  bool press_started = false;        // the press frame has been sent (press at `start` first)
  bool ctrl_click = false;           // the press is a long press on the plot: ctrl held for one frame
  bool long_tap = false;             // lifted while pending after long_press_seconds: a long press
  bool ctrl_sent = false;            // io.KeyCtrl was set by us last frame (cleared the next)
  bool plot_hold_inspects = false;   // set by the app: a long press on the plot hovers, not removes
  float scroll_dy = 0;               // finger movement not yet applied to the scrolled window
  ImGuiID scroll_window = 0;
  int taps = 0, long_presses = 0, scrolls = 0;  // counters, for tests
};

// Feeds one SDL event (finger events, and mouse events to notice a real mouse). `width`/`height`:
// the window in logical px (finger coordinates arrive normalised). Returns true if it was a finger.
bool touch_event(TouchState& t, const SDL_Event& e, float width, float height, double now);

// Before ImGui::NewFrame: overrides io.MousePos / MouseDown[0] / KeyCtrl with the gesture.
// `plot_min/max`: the plot square last frame (long press there is a ctrl-click).
void touch_new_frame(TouchState& t, ImGuiIO& io, ImVec2 plot_min, ImVec2 plot_max, double now);

// True while a gesture still needs frames to complete (a tap's release, a long press timer).
bool touch_busy(const TouchState& t);

}  // namespace relulab
