// ui_nothing_lost.cpp: issue 14 headless. Undo restores each destructive action exactly (the state
// file bit for bit, the curves, and the next steps' losses), reached the way a person reaches it:
// the Controls window's buttons clicked with the mouse, Ctrl+Z as an SDL key event, a click on the
// plot, files through the upload entry. Then the autosave (ui/autosave.h) with a recording platform:
// it writes only while the run changes, the text restores bit for bit into a new app (training on
// gives the same file as the unbroken run), a corrupt autosave is refused with the app untouched,
// a link that names another configuration wins and Undo brings the autosaved run back, and a
// failed save gives one message.
#include <SDL.h>

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "api.h"
#include "app.h"
#include "data/dataset.h"
#include "files.h"
#include "imgui.h"
#include "imgui_internal.h"
#include "panels/panels.h"
#include "io/state.h"
#include "ui_headless.h"
#include "io/url.h"

namespace {

using namespace relulab;

constexpr int window_draw_lists = 7;

// The state file `steps` steps from now, on a copy (the run itself is left as it is).
std::string future_of(const AppState& app, int steps) {
  Trainer copy = app.run.trainer;
  train_steps(copy, steps);
  return save_state(copy);
}

// Moves the mouse over the window until ImGui has reported each item of `labels` (buttons at the
// window's top level) hovered; returns their positions, (-1, -1) for one never found.
std::vector<ImVec2> find_items(AppState& app, const char* window_name, const std::vector<const char*>& labels) {
  ImGuiIO& io = ImGui::GetIO();
  std::vector<ImVec2> at(labels.size(), ImVec2(-1, -1));
  ImGuiWindow* w = ImGui::FindWindowByName(window_name);
  if (!w) return at;
  std::size_t found = 0;
  for (float y = w->Pos.y + 2; y < w->Pos.y + w->Size.y && found < labels.size(); y += 5)
    for (float x = w->Pos.x + 4; x < w->Pos.x + w->Size.x - 4 && found < labels.size(); x += 8) {
      io.MousePos = ImVec2(x, y);
      app_frame(app);
      for (std::size_t i = 0; i < labels.size(); ++i)
        if (at[i].x < 0 && GImGui->HoveredId == ImHashStr(labels[i], 0, w->ID)) {
          at[i] = io.MousePos;
          ++found;
        }
    }
  io.MousePos = ImVec2(-1000, -1000);
  return at;
}

// A press and release at `at` over two frames.
void click(AppState& app, ImVec2 at, bool shift = false) {
  ImGuiIO& io = ImGui::GetIO();
  io.MousePos = at;
  io.KeyShift = shift;
  io.MouseDown[0] = true;
  app_frame(app);
  io.MouseDown[0] = false;
  app_frame(app);
  io.KeyShift = false;
  io.MousePos = ImVec2(-1000, -1000);
  app_frame(app);
}

void key(AppState& app, SDL_Keycode sym, Uint16 mod) {
  SDL_Event e{};
  e.type = SDL_KEYDOWN;
  e.key.keysym.sym = sym;
  e.key.keysym.mod = mod;
  app_event(app, e);
}

// Trains, takes `action`, undoes it with `undo_action`, and checks the run is back exactly: the
// state file, the controls' config, the curves, and the state file 25 steps on. Redo then gives
// the run after the action again.
void check_undo(AppState& app, const std::string& what, const std::function<void()>& action,
                const std::function<void()>& undo_action) {
  app.run.playing = false;
  step_training(app, 40);
  const std::string before = save_state_text(app);
  const std::string config_before = config_to_json(app.run.config);
  const std::string future = future_of(app, 25);
  const std::size_t curve = app.run.trainer.history.epoch.size();
  action();
  const std::string after = save_state_text(app);
  check(after != before, what + ": the action changed the run");
  check(undo_label(app).find(' ') != std::string::npos, what + ": Undo offers it (" + undo_label(app) + ")");
  undo_action();
  check(save_state_text(app) == before, what + ": undo restores the state file bit for bit");
  check(config_to_json(app.run.config) == config_before, what + ": undo restores the controls' configuration");
  check(app.run.trainer.history.epoch.size() == curve, what + ": undo restores the curves");
  check(future_of(app, 25) == future, what + ": after undo, training goes on as if the action never happened");
  check(redo(app), what + ": redo");
  check(save_state_text(app) == after, what + ": redo gives the run after the action");
  check(undo(app), what + ": undo again");
  check(save_state_text(app) == before, what + ": and back");
}

void test_undo(AppState& app) {
  ImGuiIO& io = ImGui::GetIO();
  std::string error = apply_config(app, default_config());
  check(error.empty(), "default config: " + error);
  run_frames(app, 3, window_draw_lists);

  const std::size_t entries = app.undo.undo.size();
  const std::string before_scan = save_state_text(app);
  const std::vector<ImVec2> at = find_items(app, "ReLU Lab", {"Reset", "Regenerate", "+", "Undo", "Start fresh"});
  const ImVec2 reset = at[0], regenerate = at[1], add_layer = at[2], undo_button = at[3], fresh = at[4];
  check(reset.x >= 0 && regenerate.x >= 0 && add_layer.x >= 0 && undo_button.x >= 0 && fresh.x >= 0,
        "found the Reset, Regenerate, +, Undo and Start fresh buttons");
  check(app.undo.undo.size() == entries && save_state_text(app) == before_scan, "hovering changes nothing");

  const auto ctrl_z = [&] { key(app, SDLK_z, KMOD_LCTRL); };
  const auto undo_click = [&] { click(app, undo_button); };
  check_undo(app, "Reset (button)", [&] { click(app, reset); }, ctrl_z);
  check_undo(app, "Regenerate (button)", [&] { click(app, regenerate); }, undo_click);
  check(app.undo.redo.size() == 1 && app.undo.redo.back().label == "Regenerate", "the redo entry is labelled Regenerate");
  check_undo(app, "add a hidden layer (button)", [&] { click(app, add_layer); }, ctrl_z);
  check_undo(app, "data set change", [&] {
    Config c = app.run.config;
    c.data.kind = DataKind::spiral;
    check(apply_config(app, c).empty(), "spiral applies");
  }, ctrl_z);
  check_undo(app, "network change", [&] {
    Config c = app.run.config;
    c.network.hidden = {{5, Activation::tanh}};
    check(apply_config(app, c).empty(), "5 tanh applies");
  }, undo_click);
  check_undo(app, "training change", [&] {
    Config c = app.run.config;
    c.train.optimizer = Optimizer::sgd;  // clears Adam's moments
    check(apply_config(app, c).empty(), "sgd applies");
  }, ctrl_z);

  // points: a click on the plot adds one, shift-click removes the nearest
  const Layout layout = compute_layout(app);
  const ImVec2 centre(layout.plot.pos.x + layout.plot.size.x * 0.5f, layout.plot.pos.y + layout.plot.size.y * 0.45f);
  check_undo(app, "add a point (click)", [&] { click(app, centre); }, ctrl_z);
  check_undo(app, "remove a point (shift-click)", [&] { click(app, centre, true); }, undo_click);

  // files over the run: a state, a CSV, the URL hash, a scripted config holding a state
  Trainer other;
  Config oc = default_config();
  oc.data.kind = DataKind::xor_;
  oc.network.seed = 99;
  check(make_trainer(oc, &other).empty(), "other run");
  train_steps(other, 17);
  const std::string other_state = save_state(other);
  check_undo(app, "Load state", [&] { app_receive_file(app, FileAction::load_state, "other.json", other_state); }, ctrl_z);
  std::ostringstream csv;
  write_csv(csv, other.data);
  check_undo(app, "Import CSV", [&] { app_receive_file(app, FileAction::import_csv, "other.csv", csv.str()); }, ctrl_z);
  check_undo(app, "URL hash", [&] { app_receive_file(app, FileAction::url_hash, "URL", "#" + encode_config_url(oc)); }, ctrl_z);
  check_undo(app, "relulab.load(state)", [&] { check(load_config_json(app, other_state).empty(), "load_config_json"); }, ctrl_z);
  check_undo(app, "Start fresh (button)", [&] { click(app, fresh); }, ctrl_z);

  // a refused file leaves nothing to undo
  {
    const std::size_t entries = app.undo.undo.size();
    const std::string before = save_state_text(app);
    app_receive_file(app, FileAction::load_state, "bad.json", "{\"format\": \"relulab-model\"");
    check(!app.run.message.empty(), "a malformed state is refused with a message");
    check(save_state_text(app) == before && app.undo.undo.size() == entries, "...the run and the undo list untouched");
    app.run.message.clear();
  }

  // one drag, one entry: the same mouse press merges configuration changes
  {
    const std::size_t entries = app.undo.undo.size();
    const std::string before = save_state_text(app);
    io.MousePos = ImVec2(5, 5);
    io.MouseDown[0] = true;
    app_frame(app);  // the press: a new gesture
    for (int points = 200; points <= 260; points += 20) {
      Config c = app.run.config;
      c.data.points = points;
      check(apply_config(app, c).empty(), "points slider step");
      app_frame(app);
    }
    io.MouseDown[0] = false;
    app_frame(app);
    check(app.undo.undo.size() == entries + 1, "a drag over several frames is one undo entry");
    check(undo(app) && save_state_text(app) == before, "...which restores the run before the drag");
  }

  // The last entry undone (redone) by a click: the click empties the stack in the frame whose
  // tooltip describes the button's next step. That tooltip read back() of the empty stack (the
  // desktop monkey's abort, seed 20140: a length_error or bad_alloc from a garbage label; under
  // ASan a heap overflow here).
  {
    app.undo.undo.clear();
    app.undo.redo.clear();
    click(app, reset);
    check(app.undo.undo.size() == 1 && app.undo.redo.empty(), "one Reset, one undo entry");
    click(app, undo_button);
    check(app.undo.undo.empty() && app.undo.redo.size() == 1, "a click on Undo takes the last entry");
    const ImVec2 redo_button((undo_button.x + fresh.x) / 2, undo_button.y);  // three equal buttons in a row
    click(app, redo_button);
    check(app.undo.redo.empty() && app.undo.undo.size() == 1, "a click on Redo takes the last entry back");
  }

  // bounded: many actions keep at most max_undo_entries
  for (int i = 0; i < 3 * max_undo_entries; ++i) key(app, SDLK_SPACE, 0), click(app, reset);
  check(static_cast<int>(app.undo.undo.size()) <= max_undo_entries, "the undo list is bounded");
  check(!undo_label(app).empty(), "...and still offers the newest");
  app.run.playing = false;
}

void test_autosave() {
  std::vector<std::string> saved;
  std::string fail_with;
  AppState app;
  AppOptions options;
  options.platform.save_autosave = [&](const std::string& text) {
    saved.push_back(text);
    return fail_with;
  };
  check(app_init(app, options).empty(), "app_init with autosave");
  autosave_arm(app);
  app.autosave.min_interval = app.autosave.interval = app.autosave.next_check = 0;  // look every frame
  run_frames(app, 3, window_draw_lists);
  check(saved.empty(), "an unchanged run is not saved");

  app.run.playing = true;
  run_frames(app, 10, window_draw_lists);
  app.run.playing = false;
  run_frames(app, 1, window_draw_lists);
  check(!saved.empty(), "a changing run is saved");
  autosave_flush(app);  // the frames after the last save may have changed it
  check(!saved.empty() && saved.back() == save_state_text(app), "the save is the full state file");
  const std::size_t count = saved.size();
  run_frames(app, 5, window_draw_lists);
  check(saved.size() == count, "paused: nothing more is written");
  autosave_flush(app);
  check(saved.size() == count, "a flush of an unchanged run writes nothing");
  step_training(app, 3);
  autosave_flush(app);
  check(saved.size() == count + 1 && saved.back() == save_state_text(app), "a flush after a change writes");

  // the next start: the run continues bit for bit, paused (one ImGui context at a time)
  const std::string unbroken = future_of(app, 40);
  const long step = app.run.trainer.step_count;
  app_shutdown(app);
  {
    AppState next;
    check(app_init(next, AppOptions{}).empty(), "second app");
    std::string error;
    const AutosaveRestore r = restore_autosave(next, saved.back(), "autosave", false, &error);
    check(r == AutosaveRestore::restored, "restored: " + error);
    check(!next.run.playing, "restored paused");
    check(save_state_text(next) == saved.back(), "the restored run's state file is the saved one");
    check(future_of(next, 40) == unbroken, "training on gives the same run as if it had never closed");
    check(next.run.trainer.step_count == step, "same step");
    app_shutdown(next);
  }

  // a corrupt autosave is refused, the app untouched
  {
    AppState fresh;
    check(app_init(fresh, AppOptions{}).empty(), "third app");
    const std::string before = save_state_text(fresh);
    std::string error;
    std::string cut = saved.back().substr(0, saved.back().size() / 2);
    check(restore_autosave(fresh, cut, "autosave", false, &error) == AutosaveRestore::unreadable && !error.empty(),
          "a truncated autosave is unreadable: " + error);
    check(restore_autosave(fresh, "\xff\xfe garbage", "autosave", false, &error) == AutosaveRestore::unreadable,
          "garbage is unreadable");
    check(save_state_text(fresh) == before, "...and the app starts as it would have");

    // a link that names another configuration wins; Undo brings the autosaved run back
    check(restore_autosave(fresh, saved.back(), "autosave", true, &error) == AutosaveRestore::link_wins, "link wins");
    Config c = default_config();
    c.data.kind = DataKind::moons;
    app_receive_file(fresh, FileAction::url_hash, "URL", "#" + encode_config_url(c));
    check(fresh.run.config.data.kind == DataKind::moons, "the link's configuration runs");
    check(undo(fresh) && save_state_text(fresh) == saved.back(), "Undo brings back the autosaved run");

    // a failed save is said once, and the run goes on
    AutosaveState& a = fresh.autosave;
    fail_with = "the browser's storage for this page is full (quota exceeded)";
    fresh.platform.save_autosave = options.platform.save_autosave;
    autosave_arm(fresh);
    step_training(fresh, 2);
    autosave_flush(fresh);
    check(fresh.run.message.find("quota exceeded") != std::string::npos, "a quota error gives a message");
    fresh.run.message.clear();
    step_training(fresh, 2);
    autosave_flush(fresh);
    check(fresh.run.message.empty() && a.error == fail_with, "...once");
    autosave_result(fresh, "");
    check(a.error.empty(), "a later success clears it");
    check(status_json(fresh).find("\"autosave\"") != std::string::npos, "status_json reports the autosave");
    app_shutdown(fresh);
  }
}

}  // namespace

int main() {
  using namespace relulab;
  AppState app;
  AppOptions options;
  check(app_init(app, options).empty(), "app_init");
  check(run_frames(app, 2, window_draw_lists), "frames");
  test_undo(app);
  app_shutdown(app);
  test_autosave();
  return smoke_result();
}
