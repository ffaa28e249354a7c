// test_unit_maps.cpp: the diagram's per-unit maps agree with the grid evaluator, unit by unit.
#include <doctest/doctest.h>

#include "instruments/grid.h"
#include "instruments/unit_maps.h"

using namespace relulab;

TEST_CASE("unit maps: every unit's value and mask match eval_grid") {
  NetworkSpec s;
  s.hidden = {{5, Activation::relu}, {4, Activation::elu}};
  s.features = 0b1011;
  s.bias_init = BiasInit::playground;
  const Network net = make_network(s, 2);
  GridSpec g;
  g.width = 24;
  g.height = 16;
  UnitMaps maps;
  eval_unit_maps(net, g, maps);
  REQUIRE(maps.value.size() == 3);
  REQUIRE(maps.active.size() == 2);
  std::vector<float> ref;
  for (int l = 0; l < 2; ++l)
    for (int u = 0; u < net.layers[l].out(); ++u) {
      eval_grid(net, g, GridField::unit_value, l, u, ref);
      for (int i = 0; i < g.width * g.height; ++i) {
        CHECK(maps.value[l](u, i) == doctest::Approx(ref[i]).epsilon(1e-5));
        CHECK(maps.value[l](u, i) >= maps.lo[l]);
        CHECK(maps.value[l](u, i) <= maps.hi[l]);
      }
      eval_grid(net, g, GridField::unit_mask, l, u, ref);
      int differ = 0;
      for (int i = 0; i < g.width * g.height; ++i) differ += maps.active[l](u, i) != ref[i];
      CHECK(differ == 0);
    }
  eval_grid(net, g, GridField::output, 0, 0, ref);
  for (int i = 0; i < g.width * g.height; ++i)
    CHECK(maps.value[2](0, i) == doctest::Approx(ref[i]).epsilon(1e-5));
  // relu layer: some units of a 5-unit relu layer are off somewhere on the plane
  CHECK(maps.lo[0] == 0.0f);
}
