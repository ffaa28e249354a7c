// race.cpp: lanes built from one config; lane 0's initial parameters copied into the others.
#include "experiments/race.h"

namespace relulab {

namespace {

void share_initial_weights(Race& r) {
  const Network& first = r.lanes[0].net;
  for (size_t i = 1; i < r.lanes.size(); ++i) {
    Network& net = r.lanes[i].net;
    for (size_t l = 0; l < net.layers.size(); ++l) {
      net.layers[l].W = first.layers[l].W;
      net.layers[l].b = first.layers[l].b;
    }
    optimizer_reset(r.lanes[i].opt, net);
    r.lanes[i].history.clear();
    measure(r.lanes[i]);
  }
}

}  // namespace

std::string make_race(const Config& base, const Dataset& data, const std::vector<Activation>& acts,
                      Race* out) {
  const int n = static_cast<int>(acts.size());
  if (n < min_race_lanes || n > max_race_lanes)
    return "race: " + std::to_string(n) + " activations given, expected " +
           std::to_string(min_race_lanes) + ".." + std::to_string(max_race_lanes);
  Race r;
  r.base = base;
  r.activations = acts;
  r.lanes.resize(n);
  for (int i = 0; i < n; ++i) {
    Config c = base;
    for (LayerSpec& layer : c.network.hidden) layer.activation = acts[i];
    std::string err = make_trainer(c, data, &r.lanes[i]);
    if (!err.empty()) return "race lane " + std::to_string(i) + ": " + err;
  }
  share_initial_weights(r);
  *out = std::move(r);
  return "";
}

int race_steps(Race& r, int steps) {
  int slowest = steps;
  for (Trainer& t : r.lanes) {
    const int taken = train_steps(t, steps);
    if (taken < slowest) slowest = taken;
  }
  return slowest;
}

void race_measure(Race& r) {
  for (Trainer& t : r.lanes) measure(t);
}

std::string race_set_train_spec(Race& r, const TrainSpec& s) {
  for (Trainer& t : r.lanes) {
    Config c = t.config;
    c.train = s;
    std::string err = validate(c);
    if (!err.empty()) return err;
  }
  for (Trainer& t : r.lanes) set_train_spec(t, s);
  r.base.train = s;
  return "";
}

void race_reset(Race& r) {
  for (Trainer& t : r.lanes) reset(t);
  share_initial_weights(r);
}

}  // namespace relulab
