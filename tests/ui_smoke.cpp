// ui_smoke.cpp: the whole UI run headless, ImGui with no platform or renderer backend (as imgui's
// example_null does): N frames of the default run, then every data set, activation and output link
// for a few frames each, a font-scale change, and bad input to the JSON API. Checks that training
// advances and the loss falls inside the frame loop, that every frame produces draw lists, and that
// a rejected configuration leaves the running state untouched.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "api.h"
#include "app.h"
#include "ui_headless.h"

constexpr int window_draw_lists = 4;  // four panels

int main(int argc, char** argv) {
  using namespace relulab;
  const int frames = argc > 1 ? std::atoi(argv[1]) : 120;
  AppState app;
  AppOptions options;
  options.playing = true;
  std::string error = app_init(app, options);
  check(error.empty(), "app_init: " + error);
  check(app.headless && !app.renderer.ready, "headless app has no GL renderer");

  const float loss_start = app.run.trainer.stats.loss_train;
  check(run_frames(app, frames, window_draw_lists), "default run: every frame draws the panels");
  measure_now(app);
  const Stats& st = app.run.trainer.stats;
  std::printf("default run: %d frames, epoch %.1f, loss %.4f -> %.4f, accuracy %.3f, layers %zu\n", frames,
              epoch(app.run.trainer), loss_start, st.loss_train, st.accuracy_train, st.layers.size());
  check(epoch(app.run.trainer) > 1, "training advanced inside the frames");
  check(std::isfinite(st.loss_train) && st.loss_train < loss_start, "training loss fell");
  check(st.layers.size() == 2, "two hidden layers measured");
  for (const LayerStats& l : st.layers)
    check(l.active_fraction > 0 && l.active_fraction <= 1, "active fraction in (0, 1]");

  for (int k = 0; k < static_cast<int>(DataKind::count); ++k) {
    const auto kind = static_cast<DataKind>(k);
    if (kind == DataKind::custom) continue;
    Config c = default_config();
    c.data.kind = kind;
    if (data_kind_is_multiclass(kind)) { c.network.output = Output::softmax_ce; c.data.classes = 4; }
    if (data_kind_is_regression(kind)) c.network.output = Output::linear_mse;
    error = apply_config(app, c);
    check(error.empty(), std::string("data set ") + data_kind_name(kind) + ": " + error);
    check(run_frames(app, 3, window_draw_lists), std::string("frames on ") + data_kind_name(kind));
  }
  for (int a = 0; a < activation_count; ++a) {
    Config c = default_config();
    c.network.hidden = {{6, activation_table()[a].id}, {4, activation_table()[a].id}, {3, Activation::relu}};
    error = apply_config(app, c);
    check(error.empty(), std::string("activation ") + activation_table()[a].name + ": " + error);
    check(run_frames(app, 3, window_draw_lists), std::string("frames with ") + activation_table()[a].name);
  }
  for (int o : {1, 3}) {
    Config c = default_config();
    c.network.output = static_cast<Output>(o);
    if (c.network.output == Output::linear_mse) c.data.kind = DataKind::reg_plane;
    error = apply_config(app, c);
    check(error.empty(), std::string("output ") + output_name(c.network.output) + ": " + error);
    check(run_frames(app, 3, window_draw_lists), std::string("frames with output ") + output_name(c.network.output));
  }

  app.view.font_scale = 2;
  check(run_frames(app, 2, window_draw_lists), "frames at font scale 2");
  check(app.view.applied_font_scale == 2, "font scale applied");

  // Bad input through the JSON API: message, state untouched.
  error = apply_config(app, default_config());
  const std::string before = config_json(app);
  error = load_config_json(app, "{\"network\": {\"hidden\": [{\"units\": 9999}]}}");
  check(!error.empty(), "oversized layer rejected");
  error = load_config_json(app, "{not json");
  check(!error.empty(), "malformed JSON rejected");
  check(config_json(app) == before, "rejected configs leave the running config untouched");
  error = load_config_json(app, "{\"network\": {\"hidden\": [{\"units\": 5, \"activation\": \"tanh\"}]}}");
  check(error.empty(), "valid config accepted: " + error);
  check(app.run.trainer.net.layers.size() == 2 && app.run.trainer.net.layers[0].out() == 5, "loaded config applied");
  check(state_json(app).find("\"active_fraction\"") != std::string::npos, "state JSON carries active_fraction");

  app_shutdown(app);
  return smoke_result();
}
