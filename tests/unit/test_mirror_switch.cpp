// test_mirror_switch.cpp: a run switched to a mirrored ReLU mid-run continues bit-identically
// (losses and predictions) for every variant and optimiser, and non-ReLU layers are left alone.
#include <doctest/doctest.h>

#include "experiments/mirror_switch.h"

using namespace relulab;

namespace {

Config mirror_config(Optimizer o) {
  Config c;
  c.data.kind = DataKind::spiral;
  c.data.points = 300;
  c.network.hidden = {{8, Activation::relu}, {6, Activation::tanh}, {8, Activation::relu}};
  c.train.optimizer = o;
  c.train.learning_rate = o == Optimizer::adam ? 0.01f : 0.05f;
  c.train.l2 = 0.001f;
  return c;
}

}  // namespace

TEST_CASE("mirror switch: the run continues exactly") {
  for (Optimizer o : {Optimizer::sgd, Optimizer::momentum, Optimizer::adam})
    for (Activation v : {Activation::relu_neg, Activation::neg_relu, Activation::neg_relu_neg}) {
      CAPTURE(static_cast<int>(o));
      CAPTURE(activation_name(v));
      Trainer plain, switched;
      REQUIRE(make_trainer(mirror_config(o), &plain) == "");
      REQUIRE(make_trainer(mirror_config(o), &switched) == "");
      train_steps(plain, 40);
      train_steps(switched, 40);
      REQUIRE(mirror_switch(switched, v));
      CHECK(switched.net.layers[0].activation == v);
      CHECK(switched.net.layers[1].activation == Activation::tanh);
      CHECK(switched.config.network.hidden[2].activation == v);
      train_steps(plain, 60);
      train_steps(switched, 60);
      measure(plain);
      measure(switched);
      CHECK(plain.last_loss == switched.last_loss);
      CHECK(plain.stats.loss_train == switched.stats.loss_train);
      CHECK(plain.stats.accuracy_test == switched.stats.accuracy_test);
      // the weights really are different (flipped), not the same run
      bool flipped = false;
      for (size_t l = 0; l < plain.net.layers.size(); ++l)
        flipped = flipped || plain.net.layers[l].W != switched.net.layers[l].W;
      CHECK(flipped);
      // and switching back to relu restores the plain weights exactly
      REQUIRE(mirror_switch(switched, Activation::relu));
      for (size_t l = 0; l < plain.net.layers.size(); ++l)
        CHECK(plain.net.layers[l].W == switched.net.layers[l].W);
    }
}

TEST_CASE("mirror switch: only ReLU-family variants") {
  Trainer t;
  REQUIRE(make_trainer(mirror_config(Optimizer::adam), &t) == "");
  const MatrixR before = t.net.layers[0].W;
  CHECK(!mirror_switch(t, Activation::tanh));
  CHECK(t.net.layers[0].W == before);
  CHECK(t.net.layers[0].activation == Activation::relu);
}
