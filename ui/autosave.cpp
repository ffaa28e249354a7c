// autosave.cpp: see autosave.h. The fingerprint is FNV-1a over the bytes the state file is written
// from; the text itself is built only when the fingerprint moved.
#include "autosave.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <utility>

#include "app.h"
#include "i18n/i18n.h"
#include "io/state.h"
#include "undo.h"

namespace relulab {

namespace {

struct Fnv {
  std::uint64_t h = 1469598103934665603ull;
  void bytes(const void* p, std::size_t n) {
    const unsigned char* c = static_cast<const unsigned char*>(p);
    for (std::size_t i = 0; i < n; ++i) h = (h ^ c[i]) * 1099511628211ull;
  }
  template <class T>
  void value(const T& v) { bytes(&v, sizeof v); }
  void text(const std::string& s) { value(s.size()); bytes(s.data(), s.size()); }
};

void save_now(AppState& s, std::uint64_t fingerprint) {
  const double t0 = now_seconds();
  const std::string text = save_state(s.run.trainer);
  const std::string error = s.platform.save_autosave(text);
  const double now = now_seconds();
  AutosaveState& a = s.autosave;
  a.saved_fingerprint = fingerprint;
  a.last_save_time = now;
  a.last_save_ms = (now - t0) * 1e3;
  a.last_bytes = text.size();
  a.last_step = s.run.trainer.step_count;
  a.interval = std::max(a.min_interval, 20 * (now - t0));
  ++a.saves;
  if (!error.empty()) autosave_result(s, error);
}

}  // namespace

std::uint64_t run_fingerprint(const AppState& s) {
  const Trainer& t = s.run.trainer;
  Fnv f;
  f.text(config_to_json(t.config));
  f.text(config_to_json(s.run.config));
  f.value(t.step_count);
  f.value(t.samples_seen);
  f.value(t.rng_state);
  f.value(t.order_pos);
  f.value(t.diverged);
  f.value(t.opt.t);
  for (const Layer& l : t.net.layers) {
    f.bytes(l.W.data(), static_cast<std::size_t>(l.W.size()) * sizeof(float));
    f.bytes(l.b.data(), static_cast<std::size_t>(l.b.size()) * sizeof(float));
    f.bytes(l.slope.data(), static_cast<std::size_t>(l.slope.size()) * sizeof(float));
  }
  f.value(t.data.train.size());
  f.bytes(t.data.train.data(), t.data.train.size() * sizeof(Point));
  f.value(t.data.test.size());
  f.bytes(t.data.test.data(), t.data.test.size() * sizeof(Point));
  return f.h;
}

void autosave_arm(AppState& s) {
  s.autosave.armed = true;
  s.autosave.saved_fingerprint = run_fingerprint(s);
  s.autosave.next_check = now_seconds() + s.autosave.interval;
}

void autosave_tick(AppState& s) {
  AutosaveState& a = s.autosave;
  if (!a.armed || !s.platform.save_autosave) return;
  const double now = now_seconds();
  if (now < a.next_check) return;
  a.next_check = now + a.interval;
  const std::uint64_t f = run_fingerprint(s);
  if (f != a.saved_fingerprint) {
    save_now(s, f);
    a.next_check = now_seconds() + a.interval;
  }
}

void autosave_flush(AppState& s) {
  if (!s.autosave.armed || !s.platform.save_autosave) return;
  const std::uint64_t f = run_fingerprint(s);
  if (f != s.autosave.saved_fingerprint) save_now(s, f);
}

void autosave_idle(AppState& s) {
  if (s.autosave.idle_frame == s.frame.index) return;
  s.autosave.idle_frame = s.frame.index;
  autosave_flush(s);
}

void autosave_result(AppState& s, const std::string& error) {
  AutosaveState& a = s.autosave;
  if (error.empty()) {
    a.error.clear();
    return;
  }
  if (error == a.error) return;  // said once
  a.error = error;
  s.run.message = trf(Str::autosave_failed, tr_core(error).c_str());
}

AutosaveRestore restore_autosave(AppState& s, const std::string& text, const std::string& source,
                                 bool link_wins, std::string* error) {
  Trainer t;
  bool resumed = false;
  const std::string e = load_state(text, source, &t, &resumed);
  if (!e.empty()) {
    if (error) *error = e;
    return AutosaveRestore::unreadable;
  }
  const long step = t.step_count;
  install_trainer(s, std::move(t));
  s.run.playing = false;
  s.autosave.saved_fingerprint = run_fingerprint(s);
  if (link_wins) {
    s.files.notice = trf(Str::autosave_link_wins, step);
    return AutosaveRestore::link_wins;
  }
  s.files.notice = trf(Str::autosave_restored, step);
  return AutosaveRestore::restored;
}

void start_fresh(AppState& s) {
  Trainer t;
  if (!make_trainer(default_config(), &t).empty()) return;  // the default always builds
  remember_for_undo(s, "Start fresh");
  install_trainer(s, std::move(t));
  s.diagram.maps_step = -2;
  s.files.notice = tr(Str::started_fresh);
}

}  // namespace relulab
