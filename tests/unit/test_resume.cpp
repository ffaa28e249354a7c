// test_resume.cpp: a saved run continues exactly where it stopped (core/io/state.h, "progress").
//
// Trainer A trains, is saved with save_state(Trainer) and loaded into B; then both train on and
// every minibatch loss, the final weights and the whole state file (moments, order, generator,
// rollback weights) must agree bit for bit, for SGD, momentum and Adam, with a batch size that does
// not divide the training set (so the position inside an epoch matters), on generated and custom
// data. A control shows the test can fail: the same file without its progress section continues
// differently. Malformed progress sections are refused with the JSON path and leave the target
// trainer untouched; an old file without progress loads at step 0.
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <string>

#include "io/state.h"
#include "nn/trainer.h"

using namespace relulab;

namespace {

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

bool same_bits(float a, float b) { return std::memcmp(&a, &b, sizeof a) == 0; }

bool same_weights(const Network& a, const Network& b) {
  if (a.layers.size() != b.layers.size()) return false;
  for (size_t l = 0; l < a.layers.size(); ++l) {
    const Layer &x = a.layers[l], &y = b.layers[l];
    if (x.W.size() != y.W.size() || x.b.size() != y.b.size() || x.slope.size() != y.slope.size())
      return false;
    if (std::memcmp(x.W.data(), y.W.data(), sizeof(float) * x.W.size()) != 0 ||
        std::memcmp(x.b.data(), y.b.data(), sizeof(float) * x.b.size()) != 0 ||
        (x.slope.size() &&
         std::memcmp(x.slope.data(), y.slope.data(), sizeof(float) * x.slope.size()) != 0))
      return false;
  }
  return true;
}

// Spiral data, 135 training points; batch 16 leaves 7 over at each epoch's end. A PReLU layer so
// slopes and their moments travel too; weight penalties on so the update reads the weights.
Config run_config(Optimizer optimizer) {
  Config c;
  c.data.kind = DataKind::spiral;
  c.data.points = 300;
  c.data.train_fraction = 0.45f;
  c.data.noise = 0.1f;
  c.network.hidden = {{8, Activation::prelu}, {6, Activation::relu}};
  c.network.seed = 5;
  c.train.optimizer = optimizer;
  c.train.learning_rate = optimizer == Optimizer::adam ? 0.01f : 0.05f;
  c.train.batch_size = 16;
  c.train.l1 = 1e-4f;
  c.train.l2 = 1e-3f;
  REQUIRE(validate(c) == "");
  return c;
}

Trainer trained(const Config& c, int steps) {
  Trainer t;
  REQUIRE(make_trainer(c, &t) == "");
  REQUIRE(train_steps(t, steps) == steps);
  return t;
}

// Trains a and b one step at a time for `steps` steps: every minibatch loss must agree in its bits.
void train_both(Trainer& a, Trainer& b, int steps) {
  int mismatches = 0;
  for (int k = 0; k < steps; ++k) {
    const int ka = train_steps(a, 1), kb = train_steps(b, 1);
    REQUIRE(ka == kb);
    if (!same_bits(a.last_loss, b.last_loss)) ++mismatches;
  }
  CHECK(mismatches == 0);
}

// After a and b trained alike: the same step, weights, file (progress included) and measured losses.
void check_same_run(Trainer& a, Trainer& b) {
  CHECK(a.step_count == b.step_count);
  CHECK(a.samples_seen == b.samples_seen);
  CHECK(same_weights(a.net, b.net));
  CHECK(save_state(a) == save_state(b));
  measure(a);
  measure(b);
  CHECK(same_bits(a.stats.loss_train, b.stats.loss_train));
  CHECK(same_bits(a.stats.loss_test, b.stats.loss_test));
}

// The text of `text` after the "progress" key, with the first `from` there replaced by `to`.
std::string edit_progress(const std::string& text, const std::string& from, const std::string& to) {
  const auto progress = text.find("\"progress\": {");
  REQUIRE(progress != std::string::npos);
  const auto at = text.find(from, progress);
  REQUIRE(at != std::string::npos);
  std::string s = text;
  return s.replace(at, from.size(), to);
}

// The value after `marker` (the first marker after "progress") replaced by `value`.
std::string replace_value_after(const std::string& text, const std::string& marker,
                                const std::string& value) {
  const auto progress = text.find("\"progress\": {");
  REQUIRE(progress != std::string::npos);
  const auto at = text.find(marker, progress);
  REQUIRE(at != std::string::npos);
  const auto begin = at + marker.size(), end = text.find_first_of(",\n", begin);
  std::string s = text;
  return s.replace(begin, end - begin, value);
}

// The progress section's `key` (the first after "progress") set to `value`.
std::string set_value(const std::string& text, const std::string& key, const std::string& value) {
  return replace_value_after(text, "\"" + key + "\": ", value);
}

std::string edit(const std::string& text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  std::string s = text;
  return s.replace(at, from.size(), to);
}

std::string without_progress(const std::string& text) {
  const auto at = text.find(",\n  \"progress\": {");
  REQUIRE(at != std::string::npos);
  return text.substr(0, at) + "\n}\n";
}

}  // namespace

TEST_CASE("resume: save, load, train 150 more equals training 150 more, for each optimiser") {
  for (Optimizer optimizer : {Optimizer::sgd, Optimizer::momentum, Optimizer::adam}) {
    INFO("optimizer " << optimizer_name(optimizer));
    const Config c = run_config(optimizer);
    Trainer a = trained(c, 150);
    REQUIRE(a.order_pos % 135 != 0);  // mid-epoch: the saved order and position matter
    const std::string text = save_state(a);
    Trainer b;
    bool resumed = false;
    REQUIRE(load_state(text, "run.json", &b, &resumed) == "");
    CHECK(resumed);
    CHECK(b.step_count == 150);
    CHECK(b.samples_seen == 150 * 16);
    CHECK(epoch(b) == epoch(a));
    CHECK(b.stats.step == 150);  // the curves continue at the saved step
    CHECK(b.history.epoch.size() == 1);
    CHECK(b.history.epoch[0] == epoch(a));
    CHECK(b.opt.t == a.opt.t);
    CHECK(save_state(b) == text);

    // Control: the same file without progress restarts the step count and the optimiser.
    Trainer fresh;
    REQUIRE(load_state(without_progress(text), "old.json", &fresh, &resumed) == "");
    CHECK_FALSE(resumed);
    CHECK(fresh.step_count == 0);
    train_steps(fresh, 150);

    train_both(a, b, 150);
    check_same_run(a, b);
    CHECK_FALSE(same_weights(fresh.net, a.net));
  }
}

TEST_CASE("resume: custom data, a point added mid-run and a save before the trainer noticed it") {
  DataSpec gen;
  gen.kind = DataKind::moons;
  gen.points = 203;
  gen.train_fraction = 0.7f;
  gen.noise = 0.2f;
  Dataset data = generate(gen);
  data.spec.kind = DataKind::custom;
  Config c;
  c.data.kind = DataKind::custom;
  c.network.hidden = {{7, Activation::leaky_relu}};
  c.train.optimizer = Optimizer::adam;
  c.train.learning_rate = 0.02f;
  c.train.batch_size = 13;
  Trainer a;
  REQUIRE(make_trainer(c, data, &a) == "");
  REQUIRE(a.config.data.kind == DataKind::custom);
  REQUIRE(train_steps(a, 100) == 100);
  REQUIRE(add_point(a.data, {0.5f, -0.25f, 1}));
  a.config.data = a.data.spec;  // as the app does after a click
  refresh_data(a);
  REQUIRE(train_steps(a, 50) == 50);
  {
    Trainer b;
    bool resumed = false;
    REQUIRE(load_state(save_state(a), "custom.json", &b, &resumed) == "");
    CHECK(resumed);
    CHECK(b.data.train.size() == a.data.train.size());
    Trainer a2 = a;
    train_both(a2, b, 150);
    check_same_run(a2, b);
  }
  // An edit the trainer has not caught up with: its next step rebuilds the order with a fresh
  // shuffle, and the file must hold the trainer as that step will find it.
  REQUIRE(add_point(a.data, {-1.5f, 0.75f, 0}));
  a.config.data = a.data.spec;
  Trainer b;
  REQUIRE(load_state(save_state(a), "custom.json", &b) == "");
  CHECK(b.order.size() == a.data.train.size());
  train_both(a, b, 150);
  check_same_run(a, b);
}

TEST_CASE(
    "resume: learning rate, batch size or optimiser edited in the file act as set_train_spec") {
  const Config c = run_config(Optimizer::adam);
  const Trainer base = trained(c, 150);
  const std::string text = save_state(base);
  {
    Trainer a = base, b;
    TrainSpec spec = c.train;
    spec.learning_rate = 0.003f;
    spec.batch_size = 25;
    REQUIRE(set_train_spec(a, spec) == "");
    const std::string edited =
        edit(edit(text, "\"learning_rate\": 0.01,", "\"learning_rate\": 0.003,"),
             "\"batch_size\": 16,", "\"batch_size\": 25,");
    REQUIRE(load_state(edited, "edited.json", &b) == "");
    CHECK(b.config.train.batch_size == 25);
    CHECK(b.opt.t == 150);  // Adam keeps its moments and bias correction
    train_both(a, b, 150);
    check_same_run(a, b);
  }
  {
    Trainer a = base, b;
    TrainSpec spec = c.train;
    spec.optimizer = Optimizer::momentum;
    REQUIRE(set_train_spec(a, spec) == "");  // clears the moments
    REQUIRE(load_state(edit(text, "\"optimizer\": \"adam\"", "\"optimizer\": \"momentum\""),
                       "edited.json", &b) == "");
    CHECK(b.opt.t == 0);
    train_both(a, b, 150);
    check_same_run(a, b);
  }
}

TEST_CASE(
    "resume: a divergence right after the save rolls back past it, as the unbroken run does") {
  // Regression on a plane with learning rates far too large: the outputs blow up within steps. The
  // first rate whose divergence undoes the step before it (the loss of step k+1 is not finite, so
  // step k is rolled back to the weights before it) is the case the file's rollback weights serve.
  Config c;
  c.data.kind = DataKind::reg_plane;
  c.data.points = 100;
  c.network.output = Output::linear_mse;
  c.network.hidden = {{8, Activation::relu}, {8, Activation::relu}};
  c.train.optimizer = Optimizer::momentum;
  c.train.batch_size = 7;
  Trainer a;
  std::string before;
  int steps = 0;
  bool found = false;
  for (float lr : {0.5f, 1.0f, 2.0f, 3.0f, 5.0f, 7.0f, 10.0f}) {
    c.train.learning_rate = lr;
    REQUIRE(validate(c) == "");
    REQUIRE(make_trainer(c, &a) == "");
    steps = 0;
    while (!a.diverged && steps < 3000) {
      before = save_state(a);
      train_steps(a, 1);
      ++steps;
    }
    if (a.diverged && steps >= 3 && contains(a.divergence, "rolled back") &&
        contains(a.divergence, "on the next minibatch")) {
      found = true;
      MESSAGE("learning rate " << lr << " diverged after " << steps << " steps: " << a.divergence);
      break;
    }
  }
  REQUIRE(found);
  Trainer b;
  REQUIRE(load_state(before, "before.json", &b) == "");
  CHECK(b.has_last_good);
  CHECK(train_steps(b, 1) == 0);
  CHECK(b.diverged);
  CHECK(b.divergence == a.divergence);
  CHECK(b.step_count == a.step_count);
  CHECK(same_weights(a.net, b.net));
  CHECK(save_state(a) == save_state(b));

  // A run saved after diverging loads diverged: it refuses steps until resumed, like the original.
  Trainer d;
  REQUIRE(load_state(save_state(a), "diverged.json", &d) == "");
  CHECK(d.diverged);
  CHECK(d.divergence == a.divergence);
  CHECK_FALSE(d.has_last_good);
  CHECK(train_steps(d, 5) == 0);
  resume(a);
  resume(d);
  c.train.learning_rate = 0.01f;
  REQUIRE(set_train_spec(a, c.train) == "");
  REQUIRE(set_train_spec(d, c.train) == "");
  train_both(a, d, 50);
  check_same_run(a, d);
}

TEST_CASE("resume: an old file without progress loads at step 0 with its weights") {
  const Config c = run_config(Optimizer::momentum);
  const Trainer a = trained(c, 40);
  Trainer b;
  bool resumed = true;
  REQUIRE(load_state(save_state(a.config, a.net, &a.data), "old.json", &b, &resumed) == "");
  CHECK_FALSE(resumed);
  CHECK(b.step_count == 0);
  CHECK(b.samples_seen == 0);
  CHECK(b.opt.t == 0);
  CHECK_FALSE(b.has_last_good);
  CHECK(same_weights(a.net, b.net));
  // and the config reader says whether a document carries progress
  Config cc;
  bool has_progress = true;
  REQUIRE(parse_config_json(save_state(a.config, a.net, &a.data), "old.json", &cc, &has_progress) ==
          "");
  CHECK_FALSE(has_progress);
  REQUIRE(parse_config_json(save_state(a), "new.json", &cc, &has_progress) == "");
  CHECK(has_progress);
}

TEST_CASE(
    "resume: malformed progress sections are refused, naming the path, the target untouched") {
  const Config c = run_config(Optimizer::adam);
  Trainer a = trained(c, 150);
  const std::string good = save_state(a);
  Trainer nan_moment = a;
  nan_moment.opt.vW[1](2, 3) = std::numeric_limits<float>::quiet_NaN();
  Trainer momentum = a;
  TrainSpec spec = c.train;
  spec.optimizer = Optimizer::momentum;
  REQUIRE(set_train_spec(momentum, spec) == "");
  const std::string with_momentum = save_state(momentum);
  const std::string first_index = "\"order\": [" + std::to_string(a.order[0]) + ", ";
  const std::string m0 = "\"m\": [\n        {\n          \"weights\": [\n            [";
  struct Case {
    const char* what;
    std::string text;
    const char* expect;
  };
  const Case cases[] = {
      {"not an object",
       edit(good, "\n  }\n}\n", "\n  },\n  \"progress\": 3\n}\n"),  // the last of two keys counts
       "progress: expected an object, found number"},
      {"unknown key", edit_progress(good, "\"step\": 150,", "\"step\": 150, \"epoch\": 16,"),
       "progress.epoch: unknown key (valid keys: step, samples_seen"},
      {"negative step", set_value(good, "step", "-1"), "progress.step: -1 is out of range 0.."},
      {"step string", edit_progress(good, "\"step\": 150,", "\"step\": \"150\","),
       "progress.step: expected an integer, found string"},
      {"step fraction", edit_progress(good, "\"step\": 150,", "\"step\": 150.5,"),
       "progress.step: 150.5 is not an integer"},
      {"missing step", edit_progress(good, "\"step\": 150,", ""), "progress.step: missing"},
      {"samples below steps",
       edit_progress(good, "\"samples_seen\": 2400,", "\"samples_seen\": 149,"),
       "progress.samples_seen: 149 is less than step (150)"},
      {"negative rng", edit_progress(good, "\"rng_state\": ", "\"rng_state\": -"),
       "progress.rng_state: "},
      {"order short", edit_progress(good, first_index, "\"order\": ["),
       "progress.order: 134 indices, expected 135 (one per training point)"},
      {"order repeat",
       edit_progress(good, first_index, "\"order\": [" + std::to_string(a.order[1]) + ", "),
       "appears twice (the order is a permutation of 0..134)"},
      {"order range", edit_progress(good, first_index, "\"order\": [135, "),
       "progress.order[0]: 135 is out of range 0..134"},
      {"order negative", edit_progress(good, first_index, "\"order\": [-1, "),
       "progress.order[0]: -1 is out of range 0..134"},
      {"order type", edit_progress(good, first_index, "\"order\": [\"0\", "),
       "progress.order[0]: expected an integer, found string"},
      {"order object",
       edit_progress(good, "],\n    \"optimizer\"", "], \"order\": {\"a\": 1},\n    \"optimizer\""),
       "progress.order: expected an array, found object"},
      {"order position", set_value(good, "order_pos", "136"),
       "progress.order_pos: 136 is out of range 0..135"},
      {"optimizer name", edit_progress(good, "\"name\": \"adam\"", "\"name\": \"rmsprop\""),
       "progress.optimizer.name: \"rmsprop\" is not one of sgd, momentum, adam"},
      {"moments of another optimiser",
       edit_progress(good, "\"name\": \"adam\"", "\"name\": \"sgd\""),
       "progress.optimizer.m: given, but sgd keeps no first moments"},
      {"second moments for momentum",
       edit_progress(good, "\"name\": \"adam\"", "\"name\": \"momentum\""),
       "progress.optimizer.v: given, but momentum keeps no second moments"},
      {"missing second moments",
       edit_progress(with_momentum, "\"name\": \"momentum\"", "\"name\": \"adam\""),
       "progress.optimizer.v: missing (adam keeps these moments)"},
      {"negative t", edit_progress(good, "\"t\": 150,", "\"t\": -3,"),
       "progress.optimizer.t: -3 is out of range"},
      {"beta power range", set_value(good, "beta1_power", "1.5"),
       "progress.optimizer.beta1_power: 1.5 is out of range [0.0, 1.0)"},
      {"beta power type", set_value(good, "beta2_power", "[0.5]"),
       "progress.optimizer.beta2_power: expected a number, found array"},
      {"beta power at t 0", set_value(good, "t", "0"),
       "is not 1 (t is 0: no update has been made)"},
      {"NaN moment", save_state(nan_moment),
       "progress.optimizer.v[1].weights[2][3]: expected a number, found null"},
      {"huge moment", replace_value_after(good, m0, "1e40"),
       "progress.optimizer.m[0].weights[0][0]: 1e+40 is not a finite float"},
      {"moment columns", edit_progress(good, m0, m0 + "0, "),
       "progress.optimizer.m[0].weights[0]: 3 columns, expected 2"},
      {"moment slopes missing", edit_progress(good, "\"slopes\"", "\"slopez\""),
       "progress.optimizer.m[0].slopez: unknown key"},
      {"rollback batch", set_value(good, "batch", "0"),
       "progress.rollback.batch: 0 is out of range 1..2400"},
      {"rollback layers", edit_progress(good, "\"layers\": [", "\"layers\": [], \"unused\": ["),
       "progress.rollback.unused: unknown key (valid keys: batch, layers)"},
      {"rollback activation",
       edit_progress(good, "\"activation\": \"relu\"", "\"activation\": \"tanh\""),
       "progress.rollback.layers[1].activation: 'tanh' does not match the config's 'relu'"},
      {"rollback after divergence",
       edit_progress(good, "\"step\": 150,", "\"step\": 150, \"divergence\": \"step 3: x\","),
       "progress.rollback: given for a diverged run"},
      {"empty divergence",
       edit_progress(good, "\"step\": 150,", "\"step\": 150, \"divergence\": \"\","),
       "progress.divergence: a message of 1..1000 characters"},
  };
  for (const auto& tc : cases) {
    Trainer target = trained(run_config(Optimizer::sgd), 3);
    const std::string before = save_state(target);
    const std::string msg = load_state(tc.text, "run.json", &target);
    INFO(std::string(tc.what) << ": " << msg);
    CHECK(contains(msg, "run.json: "));
    CHECK(contains(msg, tc.expect));
    CHECK(target.step_count == 3);
    CHECK(save_state(target) == before);
    // the weights-only reader checks the progress section too
    Config cc;
    Network nn;
    CHECK(load_state(tc.text, "run.json", &cc, &nn, nullptr) == msg);
  }
  Trainer ok;
  CHECK(load_state(good, "run.json", &ok) == "");
}

TEST_CASE("resume: the largest state with an Adam run's progress fits max_state_bytes") {
  // Regression custom data: the coordinates and targets may all be written at their widest.
  Config c;
  c.data.kind = DataKind::custom;
  c.data.classes = 1;
  c.data.points = max_points;
  c.network.features = (1u << feature_count) - 1;
  c.network.hidden.assign(max_hidden_layers, {max_units, Activation::prelu});
  c.network.output = Output::linear_mse;
  c.train.optimizer = Optimizer::adam;
  REQUIRE(validate(c) == "");
  // Built by hand: make_trainer would measure 100000 points through 12 x 128 units.
  Trainer t;
  t.config = c;
  t.net = make_network(c.network, 1);
  const float widest = -1.17549435e-38f;  // sign, 9 digits, two-digit exponent
  for (Layer& L : t.net.layers) {
    L.W.setConstant(widest);
    L.b.setConstant(widest);
    if (L.slope.size()) L.slope.setConstant(widest);
  }
  t.data.spec.kind = DataKind::custom;
  t.data.spec.classes = 1;
  t.data.classes = 1;
  t.data.regression = true;
  t.data.train.assign(max_points, {widest, widest, widest});  // all training: the longest order
  optimizer_reset(t.opt, t.net);
  for (auto* list : {&t.opt.mW, &t.opt.vW})
    for (MatrixR& m : *list) m.setConstant(widest);
  for (auto* list : {&t.opt.mb, &t.opt.vb, &t.opt.ms, &t.opt.vs})
    for (Vector& v : *list) v.setConstant(widest);
  t.opt.t = 123456789;
  t.opt.beta1_power = 1.2345678901234567e-05;
  t.opt.beta2_power = 0.98765432109876543;
  t.X_train.resize(1,
                   static_cast<long>(t.data.train.size()));  // caches sized as the data: not stale
  t.X_test.resize(1, 0);
  const int n = static_cast<int>(t.data.train.size());
  for (int i = 0; i < n; ++i) t.order.push_back(n - 1 - i);
  t.order_pos = 12345;
  t.step_count = 123456789;
  t.samples_seen = 1234567890;
  t.rng_state = 18446744073709551557ull;
  t.last_good = t.net;
  t.has_last_good = true;
  t.last_batch = max_batch;
  const std::string text = save_state(t);
  MESSAGE("largest state file with progress: " << text.size() << " bytes, limit "
                                               << max_state_bytes);
  CHECK(text.size() <= max_state_bytes);
  Config c2;
  Network n2;
  Dataset d2;
  CHECK(load_state(text, "max.json", &c2, &n2, &d2) == "");
  CHECK(n2.layers.size() == t.net.layers.size());
  CHECK(d2.train.size() == static_cast<size_t>(max_points));
}
