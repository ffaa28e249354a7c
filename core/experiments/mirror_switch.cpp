// mirror_switch.cpp: the flips of mirror_map (network.cpp), applied to the optimiser moments too.
//
// For hidden layer l switching from signs (i, o) to (i', o') of s_out relu(s_in z):
//   i i' = -1: W_l, b_l and their first moments negate;
//   o o' = -1: W_{l+1} and its first moment negate.
#include "experiments/mirror_switch.h"

#include "nn/kernels.h"

namespace relulab {

bool mirror_switch(Trainer& t, Activation variant) {
  if (!is_relu_family(variant)) return false;
  OptimizerState& opt = t.opt;
  const bool have_moments = opt.mW.size() == t.net.layers.size();
  for (int l = 0; l < t.net.hidden_count(); ++l) {
    const Activation from_act = t.net.layers[l].activation;
    if (!is_relu_family(from_act) || !have_moments) continue;
    const ReluSigns from = relu_signs(from_act), to = relu_signs(variant);
    if (from.in * to.in < 0) {
      opt.mW[l] = -opt.mW[l];
      opt.mb[l] = -opt.mb[l];
    }
    if (from.out * to.out < 0) opt.mW[l + 1] = -opt.mW[l + 1];
  }
  mirror_map(t.net, variant);
  if (t.last_good.layers.size() == t.net.layers.size()) mirror_map(t.last_good, variant);
  for (size_t l = 0; l < t.config.network.hidden.size(); ++l)
    if (is_relu_family(t.config.network.hidden[l].activation))
      t.config.network.hidden[l].activation = variant;
  return true;
}

}  // namespace relulab
