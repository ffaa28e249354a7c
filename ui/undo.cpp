// undo.cpp: see undo.h. An entry is a plain copy of the trainer: exact by construction (the copy
// is the run), and cheap next to a frame's work for the nets the controls build (a 2-8-8-1 net on
// 500 points is about 60 kB); the byte cap bounds the rare large one.
#include "undo.h"

#include <algorithm>
#include <utility>

#include "app.h"
#include "imgui.h"
#include "io/state.h"

namespace relulab {

namespace {

template <class M>
std::size_t matrix_bytes(const M& m) {
  return static_cast<std::size_t>(m.size()) * sizeof(float);
}

std::size_t network_bytes(const Network& n) {
  std::size_t b = 0;
  for (const Layer& l : n.layers) b += matrix_bytes(l.W) + matrix_bytes(l.b) + matrix_bytes(l.slope);
  return b;
}

// The press that started the present mouse gesture, or -1 when no button is held.
double current_gesture() {
  if (!ImGui::GetCurrentContext()) return -1;
  const ImGuiIO& io = ImGui::GetIO();
  for (int b = 0; b < 3; ++b)
    if (io.MouseDown[b]) return io.MouseClickedTime[b];
  return -1;
}

// Drops the oldest entries of `list` until it holds at most max_undo_entries and both lists together
// at most max_undo_bytes (the newest entry of `list` stays).
void trim(std::vector<UndoEntry>& list, const std::vector<UndoEntry>& other) {
  std::size_t total = 0;
  for (const UndoEntry& e : list) total += e.bytes;
  for (const UndoEntry& e : other) total += e.bytes;
  std::size_t drop = 0;
  while (list.size() - drop > 1 &&
         (list.size() - drop > static_cast<std::size_t>(max_undo_entries) || total > max_undo_bytes)) {
    total -= list[drop].bytes;
    ++drop;
  }
  list.erase(list.begin(), list.begin() + static_cast<long>(drop));
}

UndoEntry snapshot(const AppState& s, std::string label) {
  UndoEntry e;
  e.label = std::move(label);
  e.trainer = s.run.trainer;
  e.config = s.run.config;
  e.bytes = trainer_bytes(e.trainer);
  return e;
}

// Makes `e` the running state; returns the present one, labelled as e.
UndoEntry swap_in(AppState& s, UndoEntry e) {
  UndoEntry present = snapshot(s, e.label);
  s.run.trainer = std::move(e.trainer);
  s.run.config = e.config;
  s.run.message.clear();
  s.diagram.maps_step = -2;  // redraw the unit maps
  s.transform.dirty = true;
  s.frame.wake_frames = std::max(s.frame.wake_frames, 2);  // the change must reach the screen
  count_regions_now(s);
  return present;
}

}  // namespace

std::size_t trainer_bytes(const Trainer& t) {
  std::size_t b = sizeof(Trainer);
  b += (t.data.train.capacity() + t.data.test.capacity()) * sizeof(Point);
  b += matrix_bytes(t.X_train) + matrix_bytes(t.X_test) + matrix_bytes(t.Xb) + matrix_bytes(t.Yb) +
       matrix_bytes(t.dZ_out);
  b += (t.y_train.capacity() + t.y_test.capacity() + t.order.capacity()) * sizeof(float);
  b += 4 * network_bytes(t.net);  // weights, rollback copy, two moments
  for (const MatrixR& m : t.fwd.Z) b += matrix_bytes(m);
  for (const MatrixR& m : t.fwd.A) b += matrix_bytes(m);
  for (const MatrixR& m : t.grad.dZ) b += matrix_bytes(m);
  b += network_bytes(t.net);  // gradients
  const History& h = t.history;
  b += h.epoch.capacity() * sizeof(double) +
       (h.loss_train.capacity() + h.loss_test.capacity() + h.accuracy_train.capacity() +
        h.accuracy_test.capacity()) * sizeof(float);
  for (const auto& v : h.active_fraction) b += v.capacity() * sizeof(float);
  for (const auto& v : h.grad_norm_z) b += v.capacity() * sizeof(float);
  return b;
}

const char* config_change_label(const Config& before, const Config& after) {
  Config seed_only = before;
  seed_only.data.seed = after.data.seed;
  const std::string b = config_to_json(before), a = config_to_json(after);
  if (before.data.seed != after.data.seed && config_to_json(seed_only) == a) return "Regenerate";
  Config with_data = before;
  with_data.data = after.data;
  if (config_to_json(with_data) != b) return "data change";
  Config with_network = before;
  with_network.network = after.network;
  if (config_to_json(with_network) != b) return "network change";
  return "training change";
}

void remember_for_undo(AppState& s, const char* label) {
  if (s.run.trainer.net.layers.empty()) return;  // nothing runs yet (app_init)
  const double gesture = current_gesture();
  std::vector<UndoEntry>& list = s.undo.undo;
  if (gesture >= 0 && !list.empty() && list.back().gesture == gesture && list.back().label == label)
    return;  // the same drag: the entry from its first frame holds the state before it
  list.push_back(snapshot(s, label));
  list.back().gesture = gesture;
  s.undo.redo.clear();
  trim(list, s.undo.redo);
}

void forget_last_undo(AppState& s, const char* label) {
  std::vector<UndoEntry>& list = s.undo.undo;
  if (!list.empty() && list.back().label == label) list.pop_back();
}

bool undo(AppState& s) {
  if (s.undo.undo.empty()) return false;
  UndoEntry e = std::move(s.undo.undo.back());
  s.undo.undo.pop_back();
  s.undo.redo.push_back(swap_in(s, std::move(e)));
  trim(s.undo.redo, s.undo.undo);
  s.files.notice = "undone: " + s.undo.redo.back().label;
  return true;
}

bool redo(AppState& s) {
  if (s.undo.redo.empty()) return false;
  UndoEntry e = std::move(s.undo.redo.back());
  s.undo.redo.pop_back();
  s.undo.undo.push_back(swap_in(s, std::move(e)));
  trim(s.undo.undo, s.undo.redo);
  s.files.notice = "redone: " + s.undo.undo.back().label;
  return true;
}

std::string undo_label(const AppState& s) {
  return s.undo.undo.empty() ? "" : "Undo " + s.undo.undo.back().label;
}

std::string redo_label(const AppState& s) {
  return s.undo.redo.empty() ? "" : "Redo " + s.undo.redo.back().label;
}

}  // namespace relulab
