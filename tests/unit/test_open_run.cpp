// test_open_run.cpp: a file is never half-read (issue 14, item 7). open_run, which `relulab train
// --config`, the app's Load state and the page's relulab.load use, trains from everything a state or
// config file holds: its weights (at step 0 with fresh moments when it has no progress, at the saved
// step when it has), its custom points (with or without weights), or a bare config; what it cannot
// use is refused with the reason and the target left untouched. parse_config_json says which
// sections a file has, so a caller that reads only the config can refuse the rest.
#include <doctest/doctest.h>

#include <cstring>
#include <string>

#include "io/state.h"
#include "nn/trainer.h"

using namespace relulab;

namespace {

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

bool same_weights(const Network& a, const Network& b) {
  if (a.layers.size() != b.layers.size()) return false;
  for (size_t l = 0; l < a.layers.size(); ++l)
    if (!(a.layers[l].W == b.layers[l].W) || !(a.layers[l].b == b.layers[l].b)) return false;
  return true;
}

bool same_points(const std::vector<Point>& a, const std::vector<Point>& b) {
  return a.size() == b.size() &&
         (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(Point)) == 0);
}

Trainer custom_run() {
  Config c;
  c.data.kind = DataKind::circle;
  c.data.points = 120;
  c.network.hidden = {{6, Activation::relu}};
  c.network.seed = 4;
  Trainer t;
  REQUIRE(make_trainer(c, &t) == "");
  Point p;
  p.x1 = 1.25f;
  p.x2 = -2.5f;
  p.label = 1;
  REQUIRE(add_point(t.data, p));
  t.config.data = t.data.spec;
  refresh_data(t);
  train_steps(t, 30);
  REQUIRE(t.config.data.kind == DataKind::custom);
  return t;
}

// The state file's text without the section `key` (the last sections are written in the order
// weights, data, progress, each starting on its own line).
std::string without(const std::string& text, const std::string& key) {
  const std::size_t at = text.find(",\n  \"" + key + "\"");
  REQUIRE(at != std::string::npos);
  std::size_t end = text.find(",\n  \"", at + 4);
  if (end == std::string::npos) end = text.rfind("\n}");
  return text.substr(0, at) + text.substr(end);
}

}  // namespace

TEST_CASE("open_run: weights and custom points without progress: used, at step 0") {
  const Trainer a = custom_run();
  const std::string text = without(save_state(a), "progress");
  FileParts parts;
  Config c;
  REQUIRE(parse_config_json(text, "s.json", &c, nullptr, &parts) == "");
  CHECK(parts.weights);
  CHECK(parts.data);
  CHECK_FALSE(parts.progress);
  Trainer b;
  REQUIRE(open_run(text, "s.json", &b, &parts) == "");
  CHECK(b.step_count == 0);
  CHECK(b.opt.t == 0);
  CHECK(same_weights(a.net, b.net));
  CHECK(same_points(a.data.train, b.data.train));
  CHECK(same_points(a.data.test, b.data.test));
  CHECK(train_steps(b, 5) == 5);
}

TEST_CASE("open_run: a state with progress continues where it stopped") {
  const Trainer a = custom_run();
  Trainer b;
  FileParts parts;
  REQUIRE(open_run(save_state(a), "s.json", &b, &parts) == "");
  CHECK(parts.progress);
  CHECK(b.step_count == a.step_count);
  CHECK(save_state(b) == save_state(a));
}

TEST_CASE("open_run: custom points without weights train fresh weights on them") {
  const Trainer a = custom_run();
  const std::string text = without(without(save_state(a), "progress"), "weights");
  FileParts parts;
  Trainer b;
  REQUIRE(open_run(text, "pts.json", &b, &parts) == "");
  CHECK_FALSE(parts.weights);
  CHECK(parts.data);
  CHECK(same_points(a.data.train, b.data.train));
  Trainer fresh;
  REQUIRE(make_trainer(a.config, a.data, &fresh) == "");
  CHECK(same_weights(fresh.net, b.net));  // the network seed's initial weights
}

TEST_CASE("open_run: a bare or generated config builds a new run") {
  Config c;
  c.data.kind = DataKind::moons;
  Trainer b, ref;
  REQUIRE(open_run(config_to_json(c), "c.json", &b) == "");
  REQUIRE(make_trainer(c, &ref) == "");
  CHECK(same_weights(ref.net, b.net));
  CHECK(same_points(ref.data.train, b.data.train));
  REQUIRE(open_run(R"({"network": {"hidden": [{"units": 3, "activation": "tanh"}]}})", "bare.json",
                   &b) == "");
  CHECK(b.net.layers.size() == 2);
}

TEST_CASE("open_run: what cannot be used is refused with the reason, the target untouched") {
  const Trainer a = custom_run();
  const std::string full = save_state(a);
  Config generated;
  Trainer g;
  REQUIRE(make_trainer(generated, &g) == "");
  struct Case {
    const char* what;
    std::string text;
    const char* expect;
  };
  const Case cases[] = {
      {"custom without points", without(without(without(full, "progress"), "weights"), "data"),
       "data: missing: config.data.kind is 'custom'"},
      {"progress without weights", without(full, "weights"),
       "weights: missing (the file has a progress section"},
      {"points for a generated kind",
       save_state(generated, g.net, nullptr)
               .substr(0, save_state(generated, g.net, nullptr).rfind("\n}")) +
           ",\n  \"data\": {\"train\": []}\n}\n",
       "data: given, but config.data.kind is 'circle'"},
      {"bad weights",
       without(full, "progress")
           .replace(without(full, "progress").find("\"biases\": ["), 11, "\"biases\": [null, "),
       "weights.layers[0].biases: 7 values, expected 6"},
      {"truncated", full.substr(0, full.size() / 2), "invalid JSON"},
  };
  for (const Case& tc : cases) {
    Trainer target = a;
    const std::string msg = open_run(tc.text, "f.json", &target);
    const std::string note = std::string(tc.what) + ": " + msg;
    INFO(note);
    CHECK(contains(msg, "f.json: "));
    CHECK(contains(msg, tc.expect));
    CHECK(save_state(target) == full);
  }
}
