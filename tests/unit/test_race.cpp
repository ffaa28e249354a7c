// test_race.cpp: lanes start from identical weights, see identical minibatches, and each lane's
// trajectory equals a standalone trainer's from the same initial weights.
#include <doctest/doctest.h>

#include "experiments/race.h"

using namespace relulab;

namespace {

Config race_config() {
  Config c;
  c.data.kind = DataKind::xor_;
  c.data.points = 200;
  c.network.hidden = {{6, Activation::relu}, {5, Activation::relu}};
  c.train.learning_rate = 0.03f;
  return c;
}

}  // namespace

TEST_CASE("race: lane counts and bad configs are refused") {
  const Config c = race_config();
  const Dataset d = generate(c.data);
  Race r;
  CHECK(make_race(c, d, {Activation::relu}, &r).find("expected 2..4") != std::string::npos);
  CHECK(!make_race(c, d, std::vector<Activation>(5, Activation::relu), &r).empty());
  Config bad = c;
  bad.train.batch_size = 0;
  CHECK(!make_race(bad, d, {Activation::relu, Activation::tanh}, &r).empty());
  CHECK(r.lanes.empty());
}

TEST_CASE("race: shared initial weights and lockstep trajectories") {
  const Config c = race_config();
  const Dataset d = generate(c.data);
  const std::vector<Activation> acts = {Activation::relu, Activation::tanh, Activation::prelu,
                                        Activation::relu};
  Race r;
  REQUIRE(make_race(c, d, acts, &r) == "");
  REQUIRE(r.lanes.size() == 4);
  for (size_t i = 1; i < 4; ++i)
    for (size_t l = 0; l < 3; ++l) {
      CHECK(r.lanes[i].net.layers[l].W == r.lanes[0].net.layers[l].W);
      CHECK(r.lanes[i].net.layers[l].b == r.lanes[0].net.layers[l].b);
    }
  CHECK(r.lanes[1].net.layers[0].activation == Activation::tanh);
  CHECK(r.lanes[2].net.layers[1].slope.size() == 5);

  // a standalone tanh trainer from lane 0's initial weights follows lane 1 exactly
  Config tc = c;
  for (LayerSpec& h : tc.network.hidden) h.activation = Activation::tanh;
  Trainer solo;
  REQUIRE(make_trainer(tc, d, &solo) == "");
  for (size_t l = 0; l < 3; ++l) {
    solo.net.layers[l].W = r.lanes[0].net.layers[l].W;
    solo.net.layers[l].b = r.lanes[0].net.layers[l].b;
  }
  CHECK(race_steps(r, 60) == 60);
  CHECK(train_steps(solo, 60) == 60);
  for (size_t l = 0; l < 3; ++l) CHECK(solo.net.layers[l].W == r.lanes[1].net.layers[l].W);
  // two ReLU lanes are the same run
  for (size_t l = 0; l < 3; ++l) CHECK(r.lanes[3].net.layers[l].W == r.lanes[0].net.layers[l].W);
  // and different activations went different ways
  CHECK(r.lanes[1].net.layers[0].W != r.lanes[0].net.layers[0].W);

  race_measure(r);
  CHECK(r.lanes[0].stats.loss_train == r.lanes[3].stats.loss_train);
  CHECK(r.lanes[0].history.epoch.size() >= 2);

  TrainSpec ts = c.train;
  ts.learning_rate = 0.1f;
  CHECK(race_set_train_spec(r, ts) == "");
  CHECK(r.lanes[2].config.train.learning_rate == 0.1f);
  ts.learning_rate = -1;
  CHECK(!race_set_train_spec(r, ts).empty());
  CHECK(r.lanes[2].config.train.learning_rate == 0.1f);

  race_reset(r);
  CHECK(r.lanes[0].step_count == 0);
  for (size_t l = 0; l < 3; ++l) CHECK(r.lanes[2].net.layers[l].W == r.lanes[0].net.layers[l].W);
}
