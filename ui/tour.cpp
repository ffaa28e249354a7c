// tour.cpp: the six steps of the guided tour (tour.h). Each step is a configuration, two spots
// (the instrument, the control), an action test and a verdict written from the run's own numbers.
#include "tour.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "imgui.h"

#include "experiments/mirror_switch.h"

namespace relulab {

namespace {

struct StepText {
  Str title, claim, look, action;
};

const StepText step_text[tour_step_count] = {
    {Str::tour1_title, Str::tour1_claim, Str::tour1_look, Str::tour1_action},
    {Str::tour2_title, Str::tour2_claim, Str::tour2_look, Str::tour2_action},
    {Str::tour3_title, Str::tour3_claim, Str::tour3_look, Str::tour3_action},
    {Str::tour4_title, Str::tour4_claim, Str::tour4_look, Str::tour4_action},
    {Str::tour5_title, Str::tour5_claim, Str::tour5_look, Str::tour5_action},
    {Str::tour6_title, Str::tour6_claim, Str::tour6_look, Str::tour6_action},
};

constexpr int depth_goal = 6;             // step 2: layers to add up to
constexpr double sparsity_epochs = 20;    // step 1: training before the verdict
constexpr double relu_epochs = 40;        // step 5: ReLU training before the verdict
constexpr int mirror_steps = 200;         // step 3: steps the two networks train side by side
constexpr int dead_steps = 300;           // step 6: steps after raising the learning rate
constexpr float dead_learning_rate = 1.0f;

// ---- the steps' configurations (network seed 2: no unit dead at initialisation) ----------------
Config step_config(int step) {
  Config c = default_config();
  c.data.kind = DataKind::circle;
  c.network.init = Init::he_normal;
  c.network.bias_init = BiasInit::zero;
  c.network.seed = 2;
  c.train.optimizer = Optimizer::adam;
  c.train.learning_rate = 0.03f;
  c.train.batch_size = 32;
  const LayerSpec relu8{8, Activation::relu};
  switch (step) {
    case 1: c.network.hidden = {relu8, relu8}; break;
    case 2: c.network.hidden = {relu8, relu8}; break;
    case 3: c.network.hidden = {relu8, relu8}; break;
    case 4: c.network.hidden.assign(depth_goal, LayerSpec{8, Activation::sigmoid}); break;
    case 5: c.network.hidden.assign(3, LayerSpec{8, Activation::linear}); break;
    case 6:  // sigmoid + cross-entropy: its gradient p - y never saturates, so what dies is ReLU units
      c.data.kind = DataKind::moons;
      c.data.noise = 0.1f;
      c.network.output = Output::sigmoid_bce;
      c.network.seed = 3;
      c.network.hidden.assign(3, relu8);
      c.train.learning_rate = 0.01f;
      c.train.batch_size = 16;
      break;
    default: break;
  }
  return c;
}

bool starts_playing(int step) { return step == 3 || step == 5; }

// ---- measurements ------------------------------------------------------------------------------
bool all_hidden(const Network& net, Activation a) {
  if (net.hidden_count() == 0) return false;
  for (int l = 0; l < net.hidden_count(); ++l)
    if (net.layers[l].activation != a) return false;
  return true;
}

bool any_mirrored(const Network& net) {
  for (int l = 0; l < net.hidden_count(); ++l) {
    const Activation a = net.layers[l].activation;
    if (a == Activation::relu_neg || a == Activation::neg_relu || a == Activation::neg_relu_neg) return true;
  }
  return false;
}

// Mean share of exact zeros over the hidden layers that produce them.
float zero_fraction(const Stats& st) {
  float sum = 0;
  int n = 0;
  for (const LayerStats& l : st.layers)
    if (l.exact_zeros) {
      sum += 1 - l.active_fraction;
      ++n;
    }
  return n ? sum / n : 0;
}

void active_range(const Stats& st, float* lo, float* hi) {
  *lo = 1;
  *hi = 0;
  for (const LayerStats& l : st.layers) {
    *lo = std::min(*lo, l.active_fraction);
    *hi = std::max(*hi, l.active_fraction);
  }
  if (st.layers.empty()) *lo = *hi = 0;
}

// Per-layer factor of ||dL/dz|| going towards the input, and layer 1's share of the last layer's.
void gradient_factor(const Stats& st, float* factor, float* share) {
  *factor = *share = 0;
  const int n = static_cast<int>(st.layers.size());
  if (n < 2) return;
  const float first = st.layers.front().grad_norm_z, last = st.layers.back().grad_norm_z;
  if (!(first > 0) || !(last > 0)) return;
  *share = first / last;
  *factor = std::pow(*share, 1.0f / (n - 1));
}

void dead_units(const Stats& st, int* dead, int* units) {
  *dead = *units = 0;
  for (const LayerStats& l : st.layers) {
    *dead += l.dead_units;
    *units += l.units;
  }
}

// ---- the verdicts ------------------------------------------------------------------------------
struct Verdict {
  std::string text;
  bool ready = false, confirmed = false;
};

// The verdict's first sentence, then the measured numbers (a space between English sentences only).
std::string headline(int step, bool confirmed) {
  static const Str ok[tour_step_count] = {Str::tour1_ok, Str::tour2_ok, Str::tour3_ok,
                                          Str::tour4_ok, Str::tour5_ok, Str::tour6_ok};
  return std::string(confirmed ? tr(ok[step - 1]) : tr(Str::tour_not_as_expected)) + (language() == Lang::zh ? "" : " ");
}

Verdict verdict_sparsity(AppState& s) {
  TourState& t = s.tour;
  const Trainer& tr_ = s.run.trainer;
  const float zeros = zero_fraction(tr_.stats);
  const double ep = tr_.stats.epoch;  // the epoch of the measured numbers (measured every few frames)
  Verdict v;
  if (!t.action_done) {
    v.text = trf(Str::tour1_wait, 100 * t.before[0]);
  } else if (ep < sparsity_epochs) {
    v.text = trf(Str::tour1_training, ep, sparsity_epochs, 100 * zeros);
  } else {
    v.ready = true;
    v.confirmed = t.before[0] >= 0.3f && t.before[0] <= 0.7f && zeros >= 0.25f && zeros <= 0.95f;
    v.text = headline(1, v.confirmed) +
             trf(Str::tour1_detail, 100 * t.before[0], 100 * zeros, ep, 100 * tr_.stats.accuracy_test);
  }
  return v;
}

Verdict verdict_depth(AppState& s) {
  const Stats& st = s.run.trainer.stats;
  const int depth = s.run.trainer.net.hidden_count();
  float lo = 0, hi = 0;
  active_range(st, &lo, &hi);
  Verdict v;
  if (depth < depth_goal || st.layers.empty()) {
    v.text = trf(Str::tour2_wait, depth, 100 * lo, 100 * hi);
    return v;
  }
  const float halving = 0.5f * std::pow(0.5f, static_cast<float>(depth - 1));  // 50% at layer 1, halved per layer
  const float paths = st.active_path_fraction, two_pow = std::pow(0.5f, static_cast<float>(depth));
  v.ready = true;
  // SCIENCE.md claim 2: every layer stays far above the halving rule; paths fall far below a layer
  v.confirmed = lo >= 4 * halving && paths < 0.5f * lo;
  v.text = headline(2, v.confirmed) +
           trf(Str::tour2_detail, depth, 100 * lo, 100 * hi, 100 * halving, 100 * paths, depth, 100 * two_pow);
  return v;
}

Verdict verdict_mirror(AppState& s) {
  TourState& t = s.tour;
  Verdict v;
  if (!t.action_done) {
    v.text = trf(Str::tour3_wait, epoch(s.run.trainer));
    return v;
  }
  if (!t.have_after) {
    // this run as it is, and a copy mapped back to ReLU, trained side by side
    Trainer mirrored = s.run.trainer;
    Trainer plain = s.run.trainer;
    mirror_switch(plain, Activation::relu);
    train_steps(mirrored, mirror_steps);
    train_steps(plain, mirror_steps);
    measure(mirrored);
    measure(plain);
    t.after[0] = mirrored.stats.loss_train;
    t.after[1] = plain.stats.loss_train;
    t.after[2] = std::fabs(t.after[0] - t.after[1]);
    t.have_after = true;
  }
  Activation variant = Activation::relu_neg;
  for (int l = 0; l < s.run.trainer.net.hidden_count(); ++l)
    if (s.run.trainer.net.layers[l].activation != Activation::relu) variant = s.run.trainer.net.layers[l].activation;
  v.ready = true;
  v.confirmed = t.after[2] == 0;
  v.text = headline(3, v.confirmed) +
           trf(Str::tour3_detail, activation_label(variant), mirror_steps, t.after[0], t.after[1], t.after[2]);
  return v;
}

Verdict verdict_gradients(AppState& s) {
  TourState& t = s.tour;
  const Network& net = s.run.trainer.net;
  float factor = 0, share = 0;
  gradient_factor(s.run.trainer.stats, &factor, &share);
  if (all_hidden(net, Activation::sigmoid)) {  // the sigmoid numbers, as long as the net is sigmoid
    t.before[0] = factor;
    t.before[1] = share;
    t.have_before = true;
  }
  Verdict v;
  if (!t.action_done) {
    v.text = trf(Str::tour4_wait, t.before[0], 100 * t.before[1]);
    return v;
  }
  v.ready = true;
  v.confirmed = t.have_before && t.before[0] < 0.5f && factor > 0.6f;
  v.text = headline(4, v.confirmed) + trf(Str::tour4_detail, t.before[0], 100 * t.before[1], factor, 100 * share);
  return v;
}

Verdict verdict_linear(AppState& s) {
  TourState& t = s.tour;
  const Trainer& tr_ = s.run.trainer;
  if (all_hidden(tr_.net, Activation::linear)) {
    t.before[0] = static_cast<float>(s.run.regions);
    t.before[1] = tr_.stats.accuracy_test;
    t.before[2] = static_cast<float>(epoch(tr_));
    t.have_before = true;
  }
  Verdict v;
  if (!t.action_done) {
    v.text = trf(Str::tour5_wait, static_cast<int>(t.before[0]), 100 * t.before[1], t.before[2]);
    return v;
  }
  const double ep = tr_.stats.epoch;
  if (ep < relu_epochs) {
    v.text = trf(Str::tour5_training, ep, relu_epochs);
    return v;
  }
  v.ready = true;
  v.confirmed = t.before[0] == 1 && t.before[1] < 0.75f && tr_.stats.accuracy_test >= 0.9f;
  v.text = headline(5, v.confirmed) +
           trf(Str::tour5_detail, static_cast<int>(t.before[0]), 100 * t.before[1], s.run.regions,
               100 * tr_.stats.accuracy_test);
  return v;
}

Verdict verdict_dead(AppState& s) {
  TourState& t = s.tour;
  const Trainer& run = s.run.trainer;
  const float lr = s.run.config.train.learning_rate;
  int dead = 0, units = 0;
  dead_units(run.stats, &dead, &units);
  Verdict v;
  if (!t.action_done) {
    t.before[3] = lr;
    v.text = trf(Str::tour6_wait, lr, dead, units);
    return v;
  }
  if (!t.have_shadow) {  // the same network at the old learning rate, to train as far as the run
    t.shadow = run;
    TrainSpec old = t.shadow.config.train;
    old.learning_rate = t.before[3];
    set_train_spec(t.shadow, old);
    t.have_shadow = true;
  }
  // steps between the action and the instruments' last measurement: the dead count and accuracy
  // frozen below are those of that measurement, not of a step the instruments have not seen yet
  const long since = run.stats.step - t.action_step;
  if (!t.have_after && since < dead_steps && !run.diverged) {
    v.text = trf(Str::tour6_training, lr, static_cast<int>(std::max(0L, since)), dead_steps);
    return v;
  }
  if (!t.have_after) {  // measured once, the run and its shadow after the same steps
    t.after_steps = std::max(0L, since);
    train_steps(t.shadow, static_cast<int>(std::min(t.after_steps, 20000L)));
    measure(t.shadow);
    int shadow_dead = 0, shadow_units = 0;
    dead_units(t.shadow.stats, &shadow_dead, &shadow_units);
    t.after[0] = static_cast<float>(dead);
    t.after[1] = run.stats.accuracy_test;
    t.after[2] = static_cast<float>(shadow_dead);
    t.after[3] = t.shadow.stats.accuracy_test;
    t.before[1] = static_cast<float>(units);
    t.before[2] = lr;
    t.have_after = true;
  }
  v.ready = true;
  v.confirmed = t.after[0] > t.after[2];
  v.text = headline(6, v.confirmed) +
           trf(Str::tour6_detail, static_cast<int>(t.after_steps), t.before[2], static_cast<int>(t.after[0]),
               static_cast<int>(t.before[1]), 100 * t.after[1], t.before[3], static_cast<int>(t.after[2]),
               100 * t.after[3]);
  return v;
}

// Whether the reader has done the step's action.
bool action_seen(const AppState& s, int step) {
  const Network& net = s.run.trainer.net;
  switch (step) {
    case 1: return s.run.trainer.step_count > 0;
    case 2: return net.hidden_count() >= depth_goal;
    case 3: return any_mirrored(net);
    case 4: return all_hidden(net, Activation::relu);
    case 5: return net.hidden_count() > 0 && !all_hidden(net, Activation::linear) &&
                   activation_info(net.layers[0].activation).piecewise_linear;
    case 6: return s.run.config.train.learning_rate >= 0.5f * dead_learning_rate;
    default: return false;
  }
}

}  // namespace

bool tour_active(const AppState& s) { return s.tour.step >= 0; }
int tour_current(const AppState& s) { return s.tour.step + 1; }

bool tour_open(AppState& s, int step) {
  if (step == 0) {
    tour_exit(s);
    return true;
  }
  if (step < 1 || step > tour_step_count) return false;
  const std::string error = apply_config(s, step_config(step));
  if (!error.empty()) {
    s.run.message = error;
    return false;
  }
  TourState& t = s.tour;
  const bool was_active = t.step >= 0;
  t = TourState{};
  t.step = step - 1;
  t.place = !was_active;
  t.opened_frame = s.frame.index;
  s.run.playing = starts_playing(step);
  s.race.playing = false;
  s.experiment.running = false;
  s.view.mode = MainView::boundary;
  if (step == 2 || step == 6) s.view.select_tab = tab_sparsity;  // 6: the dead units' red frames
  if (step == 4) s.view.select_tab = tab_gradients;
  if (step == 1) t.before[0] = zero_fraction(s.run.trainer.stats);
  tour_update(s);
  return true;
}

void tour_exit(AppState& s) { s.tour = TourState{}; }

void tour_update(AppState& s) {
  TourState& t = s.tour;
  if (t.step < 0) return;
  const int step = t.step + 1;
  if (!t.action_done && action_seen(s, step)) {
    t.action_done = true;
    t.action_step = s.run.trainer.step_count;
  }
  Verdict v;
  switch (step) {
    case 1: v = verdict_sparsity(s); break;
    case 2: v = verdict_depth(s); break;
    case 3: v = verdict_mirror(s); break;
    case 4: v = verdict_gradients(s); break;
    case 5: v = verdict_linear(s); break;
    case 6: v = verdict_dead(s); break;
    default: break;
  }
  t.verdict = v.text;
  t.verdict_ready = v.ready;
  t.confirmed = v.confirmed;
}

void tour_do_action(AppState& s) {
  if (s.tour.step < 0) return;
  const int step = s.tour.step + 1;
  Config c = s.run.config;
  switch (step) {
    case 1: s.run.playing = true; break;
    case 2:
      while (static_cast<int>(c.network.hidden.size()) < depth_goal)
        c.network.hidden.push_back(c.network.hidden.empty() ? LayerSpec{} : c.network.hidden.back());
      if (apply_config(s, c).empty()) s.run.playing = false;
      break;
    case 3: {
      const std::string error = mirror_hidden_layers(s, Activation::relu_neg);
      if (!error.empty()) s.run.message = error;
      break;
    }
    case 4:
    case 5:
      for (LayerSpec& l : c.network.hidden) l.activation = Activation::relu;
      apply_config(s, c);
      break;
    case 6: {
      TrainSpec t = c.train;
      t.learning_rate = dead_learning_rate;
      if (set_train_spec(s.run.trainer, t).empty()) s.run.config.train = t;
      s.run.playing = true;
      break;
    }
    default: break;
  }
  tour_update(s);
}

const char* tour_title(int step) { return step >= 1 && step <= tour_step_count ? tr(step_text[step - 1].title) : ""; }
const char* tour_claim(int step) { return step >= 1 && step <= tour_step_count ? tr(step_text[step - 1].claim) : ""; }
const char* tour_look(int step) { return step >= 1 && step <= tour_step_count ? tr(step_text[step - 1].look) : ""; }
const char* tour_action(int step) { return step >= 1 && step <= tour_step_count ? tr(step_text[step - 1].action) : ""; }

std::string tour_json(const AppState& s) {
  if (s.tour.step < 0) return "null";
  const int step = s.tour.step + 1;
  return nlohmann::json{{"step", step},
                        {"steps", tour_step_count},
                        {"title", tour_title(step)},
                        {"action_done", s.tour.action_done},
                        {"verdict_ready", s.tour.verdict_ready},
                        {"confirmed", s.tour.confirmed},
                        {"verdict", s.tour.verdict}}
      .dump();
}

void tour_spot(AppState& s, Spot spot) {
  const int k = static_cast<int>(spot);
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  float* r = s.tour.spot_rect[k];
  r[0] = a.x; r[1] = a.y; r[2] = b.x; r[3] = b.y;
  s.tour.spot_frame[k] = s.frame.index;
}

void tour_spot_window(AppState& s, Spot spot) {
  const int k = static_cast<int>(spot);
  const ImVec2 a = ImGui::GetWindowPos(), size = ImGui::GetWindowSize();
  float* r = s.tour.spot_rect[k];
  r[0] = a.x; r[1] = a.y; r[2] = a.x + size.x; r[3] = a.y + size.y;
  s.tour.spot_frame[k] = s.frame.index;
}

}  // namespace relulab
