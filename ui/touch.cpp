// touch.cpp: see touch.h. Finger events set the gesture's phase; touch_new_frame turns the phase
// into this frame's mouse state (overriding what ImGui's SDL backend read from SDL's touch-made
// mouse) and scrolls the window a vertical drag holds.
#include "touch.h"

#include <SDL.h>

#include <cfloat>
#include <cmath>

#include "imgui_internal.h"

namespace relulab {

namespace {

bool inside(ImVec2 p, ImVec2 lo, ImVec2 hi) { return p.x >= lo.x && p.y >= lo.y && p.x < hi.x && p.y < hi.y; }

// The window a vertical drag at the pointer scrolls: the innermost hovered window that can scroll.
ImGuiWindow* scrollable_window_under_pointer() {
  ImGuiContext& g = *GImGui;
  for (ImGuiWindow* w = g.HoveredWindow; w; w = w->ParentWindow) {
    if (w->ScrollMax.y > 0 && !(w->Flags & ImGuiWindowFlags_NoScrollWithMouse)) return w;
    if (!(w->Flags & ImGuiWindowFlags_ChildWindow)) break;
  }
  return nullptr;
}

}  // namespace

bool touch_event(TouchState& t, const SDL_Event& e, float width, float height, double now) {
  using Phase = TouchState::Phase;
  switch (e.type) {
    case SDL_MOUSEMOTION:
      if (e.motion.which != SDL_TOUCH_MOUSEID) t.active = false;  // a real mouse: plain ImGui input
      return false;
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEBUTTONUP:
      if (e.button.which != SDL_TOUCH_MOUSEID) t.active = false;
      return false;
    case SDL_FINGERDOWN:
    case SDL_FINGERMOTION:
    case SDL_FINGERUP:
      break;
    default:
      return false;
  }
  // a touchpad reports fingers too (indirect): those stay SDL's mouse. (Headless tests feed finger
  // events without SDL: no device to ask.)
  if (SDL_WasInit(SDL_INIT_EVENTS)) {
    const SDL_TouchDeviceType type = SDL_GetTouchDeviceType(e.tfinger.touchId);
    if (type == SDL_TOUCH_DEVICE_INDIRECT_ABSOLUTE || type == SDL_TOUCH_DEVICE_INDIRECT_RELATIVE) return false;
  }
  const ImVec2 p(e.tfinger.x * width, e.tfinger.y * height);
  if (e.type == SDL_FINGERDOWN) {
    if (t.active && t.phase != Phase::idle && t.phase != Phase::release) return true;  // a second finger
    t.active = true;
    t.phase = Phase::pending;
    t.finger = static_cast<long long>(e.tfinger.fingerId);
    t.start = t.pos = p;
    t.start_time = now;
    t.press_started = t.ctrl_click = t.long_tap = false;
    t.scroll_dy = 0;
    t.scroll_window = 0;
    return true;
  }
  if (static_cast<long long>(e.tfinger.fingerId) != t.finger) return true;
  if (e.type == SDL_FINGERMOTION) {
    const ImVec2 before = t.pos;
    t.pos = p;
    if (t.phase == Phase::pending) {
      const float dx = p.x - t.start.x, dy = p.y - t.start.y;
      if (dx * dx + dy * dy > touch_slop_px * touch_slop_px) {
        // decided in touch_new_frame, which knows the plot and the windows
        t.phase = std::fabs(dy) > std::fabs(dx) ? Phase::scroll : Phase::press;
        if (t.phase == Phase::scroll) t.scroll_dy = dy;
      }
    } else if (t.phase == Phase::scroll) {
      t.scroll_dy += p.y - before.y;
    }
    return true;
  }
  // SDL_FINGERUP
  t.pos = p;
  t.finger = -1;
  if (t.phase == Phase::pending) {
    // held long enough though no frame saw it (a slow frame): still a long press
    t.long_tap = now - t.start_time >= long_press_seconds;
    t.phase = Phase::tap;
    if (t.long_tap) ++t.long_presses;
    else ++t.taps;
  } else {
    t.phase = Phase::release;
  }
  return true;
}

void touch_new_frame(TouchState& t, ImGuiIO& io, ImVec2 plot_min, ImVec2 plot_max, double now) {
  using Phase = TouchState::Phase;
  if (!t.active) return;
  const ImVec2 off(-FLT_MAX, -FLT_MAX);
  const bool on_plot = inside(t.start, plot_min, plot_max);
  if (t.ctrl_sent) {
    io.KeyCtrl = false;
    t.ctrl_sent = false;
  }
  io.MouseDown[0] = false;
  io.MouseDown[1] = io.MouseDown[2] = false;
  switch (t.phase) {
    case Phase::idle:
      io.MousePos = off;
      break;
    case Phase::pending:
      io.MousePos = t.pos;  // hover: the probe and tooltips show under the finger
      if (now - t.start_time >= long_press_seconds) {
        if (on_plot && t.plot_hold_inspects) {  // held on the regions: the pointer stays, hovering
          t.phase = Phase::hover;
          ++t.long_presses;
          break;
        }
        t.phase = Phase::press;
        t.ctrl_click = on_plot;
        t.press_started = false;
        ++t.long_presses;
        touch_new_frame(t, io, plot_min, plot_max, now);
      }
      break;
    case Phase::tap:
      io.MousePos = t.pos;
      if (t.long_tap && on_plot && t.plot_hold_inspects) {  // a long press no frame saw: no click
        t.long_tap = false;
        t.phase = Phase::release;
        break;
      }
      io.MouseDown[0] = true;
      if (t.long_tap && on_plot) io.KeyCtrl = t.ctrl_sent = true;
      t.long_tap = false;
      t.phase = Phase::release;
      break;
    case Phase::press:
      // A drag on the plot never presses (it would add a point): the probe follows instead.
      if (on_plot && !t.ctrl_click && !t.press_started) {
        t.phase = Phase::hover;
        io.MousePos = t.pos;
        break;
      }
      io.MousePos = t.press_started ? t.pos : t.start;
      io.MouseDown[0] = true;
      if (t.ctrl_click && !t.press_started) io.KeyCtrl = t.ctrl_sent = true;
      t.press_started = true;
      break;
    case Phase::scroll: {
      ImGuiWindow* w = t.scroll_window ? ImGui::FindWindowByID(t.scroll_window) : nullptr;
      if (!t.scroll_window) {
        w = on_plot ? nullptr : scrollable_window_under_pointer();
        if (!w) {  // nothing to scroll here: follow the finger instead
          t.phase = Phase::hover;
          io.MousePos = t.pos;
          break;
        }
        t.scroll_window = w->ID;
        ++t.scrolls;
      }
      if (w) ImGui::SetScrollY(w, w->Scroll.y - t.scroll_dy);
      t.scroll_dy = 0;
      io.MousePos = off;
      break;
    }
    case Phase::hover:
      io.MousePos = t.pos;
      break;
    case Phase::release:
      io.MousePos = t.pos;
      t.phase = Phase::idle;
      break;
  }
}

bool touch_busy(const TouchState& t) { return t.active && t.phase != TouchState::Phase::idle; }

}  // namespace relulab
