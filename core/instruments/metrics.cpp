// metrics.cpp: the activity instruments and the bounded history behind metrics.h.
//
// Active path fraction: for one input, a path input -> u_1 -> ... -> u_H -> output is active when
// every hidden unit on it is active; with a_l active units out of n_l in layer l, the fraction of
// active paths is prod_l (a_l / n_l). Its mean over the data falls as about 2^-H for ReLU at init
// although each layer stays about half active (docs/science.md, claim 2).
#include "instruments/metrics.h"

#include <algorithm>
#include <cmath>

#include "nn/kernels.h"

namespace relulab {

void History::clear() {
  epoch.clear();
  loss_train.clear();
  loss_test.clear();
  accuracy_train.clear();
  accuracy_test.clear();
  active_fraction.clear();
  grad_norm_z.clear();
  stride = 1;
  pushes = 0;
}

void History::push(const Stats& s) {
  if (pushes++ % stride != 0) return;
  if (active_fraction.size() != s.layers.size()) {
    const size_t old_size = epoch.size();
    active_fraction.assign(s.layers.size(), std::vector<float>(old_size, 0.0f));
    grad_norm_z.assign(s.layers.size(), std::vector<float>(old_size, 0.0f));
  }
  epoch.push_back(s.epoch);
  loss_train.push_back(s.loss_train);
  loss_test.push_back(s.loss_test);
  accuracy_train.push_back(s.accuracy_train);
  accuracy_test.push_back(s.accuracy_test);
  for (size_t l = 0; l < s.layers.size(); ++l) {
    active_fraction[l].push_back(s.layers[l].active_fraction);
    grad_norm_z[l].push_back(s.layers[l].grad_norm_z);
  }
  if (static_cast<int>(epoch.size()) < std::max(capacity, 2)) return;
  // full: keep every other point (the first included) and accept half as many from now on
  auto thin = [](auto& v) {
    size_t j = 0;
    for (size_t i = 0; i < v.size(); i += 2) v[j++] = v[i];
    v.resize(j);
  };
  thin(epoch);
  thin(loss_train);
  thin(loss_test);
  thin(accuracy_train);
  thin(accuracy_test);
  for (auto& v : active_fraction) thin(v);
  for (auto& v : grad_norm_z) thin(v);
  stride *= 2;  // kept points are the pushes numbered 0, 2s, 4s, ...: multiples of the new stride
}

void ActivityAccumulator::begin(const Network& net) {
  const int H = net.hidden_count();
  samples = 0;
  path_sum = 0;
  unit_active.assign(H, {});
  abs_sum.assign(H, {});
  zeros.assign(H, 0);
  bins.assign(H, std::vector<long>(histogram_bins, 0));
  for (int l = 0; l < H; ++l) {
    unit_active[l].assign(net.layers[l].out(), 0);
    abs_sum[l].assign(net.layers[l].out(), 0.0);
  }
}

void ActivityAccumulator::add(const Network& net, const Forward& f) {
  const int H = net.hidden_count();
  if (H == 0 || f.Z.empty()) return;
  const int n = static_cast<int>(f.Z[0].cols());
  const Histogram range;
  const float bin_scale = histogram_bins / (range.hi - range.lo);
  path_scratch.assign(n, 1.0f);
  std::vector<int> active_count(n);
  for (int l = 0; l < H; ++l) {
    const Layer& layer = net.layers[l];
    const bool exact = activation_info(layer.activation).exact_zeros;
    const ActiveRule rule = active_rule(layer.activation);
    std::fill(active_count.begin(), active_count.end(), 0);
    for (int u = 0; u < layer.out(); ++u) {
      const float* z = f.Z[l].row(u).data();
      const float* a = f.A[l].row(u).data();
      long on = 0, zero = 0;
      double abs_total = 0;
      for (int s = 0; s < n; ++s) {
        const bool active = active_at(rule, z[s], a[s]);
        on += active;
        active_count[s] += active;
        zero += a[s] == 0.0f;
        abs_total += std::fabs(a[s]);
        // clamp in float first: a huge or NaN pre-activation must not overflow the int cast
        const float t = (z[s] - range.lo) * bin_scale;
        const int bin = !(t >= 0)             ? 0
                        : t >= histogram_bins ? histogram_bins - 1
                                              : static_cast<int>(t);
        bins[l][bin] += 1;
      }
      unit_active[l][u] += on;
      abs_sum[l][u] += abs_total;
      if (exact) zeros[l] += zero;
    }
    const float inv_units = 1.0f / layer.out();
    for (int s = 0; s < n; ++s) path_scratch[s] *= active_count[s] * inv_units;
  }
  for (int s = 0; s < n; ++s) path_sum += path_scratch[s];
  samples += n;
}

void ActivityAccumulator::finish(const Network& net, Stats& out) const {
  const int H = net.hidden_count();
  out.layers.resize(H);
  for (int l = 0; l < H; ++l) {
    const Layer& layer = net.layers[l];
    LayerStats& ls = out.layers[l];
    const int units = layer.out();
    ls.units = units;
    ls.exact_zeros = activation_info(layer.activation).exact_zeros;
    ls.unit_active_fraction.assign(units, 0.0f);
    ls.unit_dead.assign(units, 0);
    ls.unit_always_on.assign(units, 0);
    ls.dead_units = ls.always_on_units = 0;
    double on_total = 0, abs_total = 0;
    for (int u = 0; u < units; ++u) {
      on_total += unit_active[l][u];
      abs_total += abs_sum[l][u];
      ls.unit_active_fraction[u] = samples ? static_cast<float>(unit_active[l][u]) / samples : 0.0f;
      ls.unit_dead[u] = samples > 0 && unit_active[l][u] == 0;
      ls.unit_always_on[u] = samples > 0 && unit_active[l][u] == samples;
      ls.dead_units += ls.unit_dead[u];
      ls.always_on_units += ls.unit_always_on[u];
    }
    const double cells = static_cast<double>(samples) * units;
    ls.active_fraction = cells > 0 ? static_cast<float>(on_total / cells) : 0.0f;
    ls.zero_fraction = cells > 0 ? static_cast<float>(zeros[l] / cells) : 0.0f;
    ls.mean_abs_activation = cells > 0 ? static_cast<float>(abs_total / cells) : 0.0f;
    ls.preactivation = Histogram{};
    ls.preactivation.counts.assign(histogram_bins, 0.0f);
    for (int b = 0; b < histogram_bins; ++b)
      ls.preactivation.counts[b] = cells > 0 ? static_cast<float>(bins[l][b] / cells) : 0.0f;
  }
  out.active_path_fraction = samples > 0 ? static_cast<float>(path_sum / samples) : 0.0f;
}

}  // namespace relulab
