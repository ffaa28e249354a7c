// ui_lab_smoke.cpp: the ReLU instruments (ui/app.h) run headless: every main-view mode and
// instrument tab for some frames, a race in lockstep, hovering and clicking the plot (click adds a
// point, shift-click removes it, the probe reports the local map), the state / CSV / URL round trips
// through the same entry the page's uploads use, bad files refused with the running state
// untouched, and the PNG export of each view.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "api.h"
#include "app.h"
#include "imgui.h"
#include "imgui_internal.h"
#include "item_locator.h"
#include "files.h"
#include "gfx/view_png.h"
#include "panels/panels.h"
#include "io/state.h"
#include "io/url.h"
#include "ui_headless.h"

namespace {

constexpr int window_draw_lists = 7;  // platform's four + lab's three

bool is_png(const std::vector<unsigned char>& b) {
  return b.size() > 100 && b[0] == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G';
}

}  // namespace

int main(int argc, char** argv) {
  using namespace relulab;
  const int frames = argc > 1 ? std::atoi(argv[1]) : 20;
  AppState app;
  AppOptions options;
  options.playing = true;
  std::string error = app_init(app, options);
  check(error.empty(), "app_init: " + error);
  check(run_frames(app, frames, window_draw_lists), "default run draws all windows");

  // every view and tab
  for (MainView v : {MainView::boundary, MainView::regions, MainView::unit}) {
    app.view.mode = v;
    app.view.layer = 1;
    app.view.unit = 3;
    for (bool mask : {false, true}) {
      app.view.unit_mask = mask;
      for (int tab = 0; tab < tab_count; ++tab) {
        app.view.select_tab = tab;
        check(run_frames(app, 3, window_draw_lists), "view " + std::to_string(static_cast<int>(v)) + " tab " + std::to_string(tab));
      }
      const std::vector<unsigned char> png = render_view_png(app, 96);
      check(is_png(png), "PNG export of view " + std::to_string(static_cast<int>(v)));
    }
  }
  app.view.mode = MainView::boundary;
  check(!app.diagram.maps.value.empty() && app.diagram.maps.value[0].rows() == 8, "diagram unit maps computed");
  check(!app.diagram.unit_history.empty(), "per-unit activation history recorded");

  // transformed space (its tab was drawn above)
  check(app.transform.error.empty() && !app.transform.space.lines.empty(), "transformed space computed: " + app.transform.error);

  // race: lanes in lockstep inside the frame budget
  {
    Race r;
    error = make_race(app.run.trainer.config, app.run.trainer.data, {Activation::relu, Activation::tanh, Activation::sigmoid}, &r);
    check(error.empty(), "make_race: " + error);
    app.race.run = std::move(r);
    app.race.built = true;
    app.race.playing = true;
    app.view.select_tab = tab_race;
    check(run_frames(app, 10, window_draw_lists), "race frames");
    app.view.select_tab = tab_race;
    check(run_frames(app, 2, window_draw_lists), "race tab");
    const long steps = app.race.run.lanes[0].step_count;
    check(steps > 0, "race lanes trained");
    for (const Trainer& t : app.race.run.lanes) check(t.step_count == steps || t.diverged, "lanes in lockstep");
    app.race.playing = false;
  }

  // an experiment runs inside the frames and its charts are drawn
  {
    ExperimentOptions o;
    o.quick = true;
    error = start_experiment(ExperimentKind::mirror, o, &app.experiment.run);
    check(error.empty(), "start_experiment: " + error);
    app.experiment.running = true;
    int guard = 0;
    while (app.experiment.running && ++guard < 5000) {
      app.view.select_tab = tab_experiments;
      app_frame(app);
    }
    check(app.experiment.run.done && !app.experiment.run.result.charts.empty(), "experiment finished with charts");
    app.view.select_tab = tab_experiments;
    check(run_frames(app, 2, window_draw_lists), "experiment tab with its result");
  }

  // hover and click on the plot: the mouse is placed over the plot square's centre
  {
    error = apply_config(app, default_config());
    app.run.playing = false;
    const Layout layout = compute_layout(app);
    const ImVec2 centre(layout.plot.pos.x + layout.plot.size.x * 0.5f, layout.plot.pos.y + layout.plot.size.y * 0.45f);
    ImGuiIO& io = ImGui::GetIO();
    const size_t before = app.run.trainer.data.train.size();
    io.MousePos = centre;
    run_frames(app, 2, window_draw_lists);
    check(app.view.probe_valid, "hovering the plot probes");
    check(app.view.probe.hidden_units == 16, "probe sees 16 hidden units");
    app.view.point_class = 1;
    io.MouseDown[0] = true;
    run_frames(app, 1, window_draw_lists);
    io.MouseDown[0] = false;
    run_frames(app, 1, window_draw_lists);
    check(app.run.trainer.data.train.size() == before + 1, "click added a point");
    check(!app.run.trainer.data.train.empty() && app.run.trainer.data.train.back().label == 1, "of the chosen class");
    check(app.run.config.data.kind == DataKind::custom, "hand-edited data become custom");
    io.KeyShift = true;
    io.MouseDown[0] = true;
    run_frames(app, 1, window_draw_lists);
    io.MouseDown[0] = false;
    io.KeyShift = false;
    run_frames(app, 1, window_draw_lists);
    check(app.run.trainer.data.train.size() + app.run.trainer.data.test.size() == before + app.run.trainer.data.test.size(),
          "shift-click removed the nearest point");
    io.MousePos = ImVec2(-1000, -1000);
    run_frames(app, 1, window_draw_lists);
  }

  // a widget found by its label (ui/item_locator.h, relulab.locate on the page); a click at the
  // centre it reports presses it
  {
    ImGuiIO& io = ImGui::GetIO();
    locate_item(ImGui::GetCurrentContext(), app.item_query, "Save state");
    run_frames(app, 1, window_draw_lists);
    const ItemQuery q = app.item_query;
    check(q.answered && q.matches == 1, "Save state located once (" + std::to_string(q.matches) + " matches)");
    check(q.window == "Tools", "Save state is in the Tools window, not '" + q.window + "'");
    check(q.x1 - q.x0 > 40 && q.y1 - q.y0 > 10 && q.x0 >= 0 && q.y1 <= app.display_height,
          "Save state's rectangle is a button's on the screen");
    check(!ImGui::GetCurrentContext()->TestEngineHookItems, "the hooks are off once the query is answered");
    const FileAction before = app.files.action;
    io.MousePos = ImVec2((q.x0 + q.x1) / 2, (q.y0 + q.y1) / 2);
    run_frames(app, 1, window_draw_lists);
    io.MouseDown[0] = true;
    run_frames(app, 1, window_draw_lists);
    io.MouseDown[0] = false;
    run_frames(app, 2, window_draw_lists);
    check(before != FileAction::save_state && app.files.action == FileAction::save_state,
          "a click at the located centre pressed Save state");
    // the file dialog it opened (no platform here) is closed by its located Cancel button
    locate_item(ImGui::GetCurrentContext(), app.item_query, "Cancel");
    run_frames(app, 1, window_draw_lists);
    check(app.item_query.matches == 1, "the file dialog's Cancel located");
    io.MousePos = ImVec2((app.item_query.x0 + app.item_query.x1) / 2, (app.item_query.y0 + app.item_query.y1) / 2);
    run_frames(app, 1, window_draw_lists);
    io.MouseDown[0] = true;
    run_frames(app, 1, window_draw_lists);
    io.MouseDown[0] = false;
    run_frames(app, 2, window_draw_lists);
    check(ImGui::GetTopMostPopupModal() == nullptr, "Cancel closed the file dialog");
    locate_item(ImGui::GetCurrentContext(), app.item_query, "No such button");
    run_frames(app, 1, window_draw_lists);
    check(app.item_query.answered && app.item_query.matches == 0, "a label no widget has is answered: not visible");
    io.MousePos = ImVec2(-1000, -1000);
    run_frames(app, 1, window_draw_lists);
  }

  // state file round trip through the upload entry; bad files leave the run untouched
  {
    error = apply_config(app, default_config());
    step_training(app, 50);
    const std::string saved = save_state_text(app);
    const MatrixR w0 = app.run.trainer.net.layers[0].W;
    const Trainer at_save = app.run.trainer;
    step_training(app, 30);
    const MatrixR w30 = app.run.trainer.net.layers[0].W;
    error = apply_config(app, default_config());  // fresh weights
    check(!(app.run.trainer.net.layers[0].W == w0), "a fresh run has other weights");
    app.run.message.clear();
    app_receive_file(app, FileAction::load_state, "saved.json", saved);
    check(app.run.message.empty(), "state loaded: " + app.run.message);
    check(app.run.trainer.net.layers[0].W == w0, "loaded weights are the saved ones");
    check(app.run.trainer.step_count == 50 && epoch(app.run.trainer) == epoch(at_save), "a loaded state keeps its step and epoch");
    check(app.files.notice.find("continues from step 50") != std::string::npos, "the Lab window says where it continues: " + app.files.notice);
    check(!app.run.trainer.history.epoch.empty() && app.run.trainer.history.epoch.front() == epoch(at_save),
          "the curves continue at the saved epoch");
    app.run.playing = false;
    check(run_frames(app, 2, window_draw_lists), "frames after loading a state");
    step_training(app, 30);
    check(app.run.trainer.step_count == 80 && app.run.trainer.net.layers[0].W == w30, "30 steps after loading equal 30 steps without the round trip");
    app_receive_file(app, FileAction::load_state, "saved.json", saved);
    const std::string config_before = config_json(app);
    app_receive_file(app, FileAction::load_state, "bad.json", saved.substr(0, saved.size() / 2));
    check(!app.run.message.empty() && app.run.message.find("bad.json") != std::string::npos, "truncated state refused: " + app.run.message);
    check(config_json(app) == config_before && app.run.trainer.net.layers[0].W == w0, "running state untouched");
    app.run.message.clear();
    app_receive_file(app, FileAction::import_csv, "bad.csv", "x1,x2,label\n1,2,0\n3,abc,1\n");
    check(app.run.message.find("bad.csv:3") != std::string::npos, "malformed CSV refused with its line: " + app.run.message);
    check(config_json(app) == config_before, "running state untouched by the CSV");
    app.run.message.clear();
    app_receive_file(app, FileAction::import_csv, "good.csv", "x1,x2,label\n1,2,0\n-3,1,1\n2,2,2\n0,0,1\n-1,-1,0\n4,4,2\n");
    check(app.run.message.empty(), "CSV with three classes loaded: " + app.run.message);
    check(app.run.trainer.data.classes == 3 && app.run.config.network.output == Output::softmax_ce, "softmax for three classes");
    check(run_frames(app, 3, window_draw_lists), "frames on imported data");
  }

  // URL hash round trip (the page's path, without the browser)
  {
    Config c = default_config();
    c.data.kind = DataKind::spiral;
    c.data.noise = 0.1f;
    c.network.hidden = {{6, Activation::tanh}, {5, Activation::relu}, {4, Activation::relu}};
    const std::string hash = "#" + encode_config_url(c);
    error = apply_config(app, default_config());
    app.run.message.clear();
    app_receive_file(app, FileAction::url_hash, "URL", hash);
    check(app.run.message.empty(), "URL hash applied: " + app.run.message);
    check(encode_config_url(app.run.config) == hash.substr(1), "the running config is the URL's");
    const std::string before = config_json(app);
    app_receive_file(app, FileAction::url_hash, "URL", "#v=1&data=spiral&layers=8:relu,9999:relu");
    check(!app.run.message.empty(), "oversized layer in the URL refused: " + app.run.message);
    app_receive_file(app, FileAction::url_hash, "URL", "#v=1&data=spi");
    app.run.message.clear();
    app_receive_file(app, FileAction::url_hash, "URL", "#v=1&data=custom");
    check(app.run.message.find("custom data") != std::string::npos, "custom data in a link refused: " + app.run.message);
    check(config_json(app) == before, "bad hashes leave the configuration untouched");
  }

  // mirror mid-run: the run continues exactly (same losses as an unmirrored twin)
  {
    error = apply_config(app, default_config());
    app.run.playing = false;
    step_training(app, 100);
    Trainer twin = app.run.trainer;
    check(mirror_hidden_layers(app, Activation::neg_relu_neg).empty(), "mirror accepted");
    check(app.run.config.network.hidden[0].activation == Activation::neg_relu_neg, "config shows the mirrored activation");
    step_training(app, 100);
    train_steps(twin, 100);
    measure(twin);
    check(app.run.trainer.stats.loss_train == twin.stats.loss_train, "mirrored run continues on the same loss curve");
    check(run_frames(app, 2, window_draw_lists), "frames after mirroring");
    Config c = default_config();
    c.network.hidden = {{4, Activation::tanh}};
    apply_config(app, c);
    check(!mirror_hidden_layers(app, Activation::relu_neg).empty(), "mirror refused without ReLU layers");
  }

  // extremes: no hidden layer, and the largest network the limits allow
  for (int layers : {0, max_hidden_layers}) {
    Config c = default_config();
    c.network.hidden.assign(layers, LayerSpec{layers ? max_units : 1, Activation::relu});
    error = apply_config(app, c);
    check(error.empty(), "network with " + std::to_string(layers) + " hidden layers: " + error);
    for (int tab = 0; tab < tab_count; ++tab) {
      if (tab == tab_race || tab == tab_experiments) continue;
      app.view.select_tab = tab;
      const double t0 = now_seconds();
      check(run_frames(app, 2, window_draw_lists), "frames with " + std::to_string(layers) + " hidden layers, tab " + std::to_string(tab));
      std::printf("%d hidden layers, tab %d: %.1f ms per frame\n", layers, tab, (now_seconds() - t0) * 500);
    }
  }
  error = apply_config(app, default_config());

  app.view.font_scale = 1.5f;
  check(run_frames(app, 2, window_draw_lists), "frames at font scale 1.5");
  app_shutdown(app);
  return smoke_result();
}
