// stats_json.cpp: per-layer statistics as JSON (stats_json.h).
#include "io/stats_json.h"

namespace relulab {

nlohmann::ordered_json layer_stats_json(const Network& net, const Stats& s) {
  nlohmann::ordered_json layers = nlohmann::ordered_json::array();
  for (size_t l = 0; l < s.layers.size(); ++l) {
    const LayerStats& ls = s.layers[l];
    layers.push_back(
        {{"layer", l + 1},
         {"units", ls.units},
         {"activation", l < net.layers.size() ? activation_name(net.layers[l].activation) : ""},
         {"counts_exact_zeros", ls.exact_zeros},
         {"active_fraction", ls.active_fraction},
         {"zero_fraction", ls.zero_fraction},
         {"mean_abs_activation", ls.mean_abs_activation},
         {"dead_units", ls.dead_units},
         {"always_on_units", ls.always_on_units},
         {"grad_norm_z", ls.grad_norm_z},
         {"grad_norm_w", ls.grad_norm_w}});
  }
  return layers;
}

}  // namespace relulab
