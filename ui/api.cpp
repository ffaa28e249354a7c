// api.cpp: JSON views of the app state (nlohmann-json) and configuration (core/state.h), and the
// shader checks.
#include "api.h"

#include <algorithm>
#include <cmath>
#include <utility>
#include <nlohmann/json.hpp>

#include "classroom.h"
#include "fonts.h"
#include "imgui_internal.h"
#include "io/state.h"
#include "io/stats_json.h"
#include "tour.h"

namespace relulab {

using nlohmann::json;

namespace {

float finite_or_zero(float v) { return std::isfinite(v) ? v : 0.0f; }

// The kept exact partition (ui/regions.h), in the CLI's spelling where `relulab regions --json`
// prints the same number (regions_after_layer, areas, regions_with_training_points); null when none.
nlohmann::ordered_json regions_json(const AppState& s) {
  if (!regions_kept(s)) return nullptr;
  const RegionsState& r = s.regions;
  const RegionAreaStats& a = r.areas;
  nlohmann::ordered_json decades = nlohmann::ordered_json::array();
  for (size_t k = 0; k < a.decade_count.size(); ++k)
    decades.push_back({{"log10_area_from", a.decade_first + static_cast<int>(k)}, {"regions", a.decade_count[k]}});
  const RegionOverlay& o = r.overlay;
  const bool edges = region_edges_shown(s) && o.key.partition == r.id;
  nlohmann::ordered_json hover = nullptr;
  if (r.hover.valid) {
    const RegionHover& h = r.hover;
    hover = {{"x1", h.x1}, {"x2", h.x2}, {"polygon", h.polygon}, {"layers", h.layers}, {"pattern", h.pattern},
             {"area", h.area}, {"area_share", h.share}, {"area_pixels", h.pixels}, {"regions_inside", h.inside},
             {"map", h.map}, {"outline_vertices", h.outline.size() / 2}};
  }
  return {{"regions", r.partition.regions},
          {"polygons", r.partition.polygons()},
          {"step", r.step},
          {"current", regions_current(s)},
          {"regions_after_layer", r.partition.regions_after_layer},
          {"layer", regions_layers_shown(s)},
          {"edges", {{"shown", edges}, {"segments", edges ? o.seg_layer.size() : 0}, {"by_layer", edges && o.key.by_layer},
                     {"fill", edges && o.key.fill}, {"width", o.key.width}, {"height", o.key.height},
                     {"line_px", o.key.line_px}, {"build_ms", o.build_ms}, {"builds", o.builds}}},
          {"areas", {{"min", a.min}, {"median", a.median}, {"max", a.max}, {"mean", a.mean}, {"pixels", r.areas_pixels},
                     {"pixel_area", a.pixel_area}, {"smaller_than_pixel", a.smaller_than_pixel}, {"by_decade", decades}}},
          {"training_points", r.training_points},
          {"regions_with_training_points", r.with_points},
          {"hover", hover}};
}

}  // namespace

std::string state_json(const AppState& s) {
  const Stats& st = s.run.trainer.stats;
  const nlohmann::ordered_json layers = layer_stats_json(s.run.trainer.net, st);  // the CLI's spelling
  nlohmann::ordered_json j = {{"epoch", epoch(s.run.trainer)},
            {"step", s.run.trainer.step_count},
            {"loss_train", finite_or_zero(st.loss_train)},
            {"loss_test", finite_or_zero(st.loss_test)},
            {"accuracy_train", finite_or_zero(st.accuracy_train)},
            {"accuracy_test", finite_or_zero(st.accuracy_test)},
            {"playing", s.run.playing},
            {"diverged", s.run.trainer.diverged},
            {"divergence", s.run.trainer.divergence},
            {"samples_per_second", s.run.samples_per_second},
            {"frame_ms", s.frame.frame_ms},
            {"frames", s.frame.index},
            {"view", s.view.mode == MainView::regions ? "regions" : s.view.mode == MainView::unit ? "unit" : "boundary"},
            {"view_path", s.view_path == ViewPath::raster ? "raster" : "shader"},
            {"view_pass_ms", s.raster.last_pass_ms},
            {"view_passes", s.raster.passes},
            // pixels of the picture uploaded as changed, all passes (bounding boxes of the changes)
            {"view_changed_pixels", s.raster.changed_pixels},
            // the last frame's redraw (gfx/ui_renderer.h): share of the pixels, rectangles, draw calls
            {"redraw", {{"share", s.ui_gl.stats.redrawn}, {"rects", s.ui_gl.stats.rects},
                        {"rects_hidden", s.ui_gl.stats.hidden_rects},
                        {"draws", s.ui_gl.stats.draws}, {"triangles", s.ui_gl.stats.triangles},
                        {"triangles_total", s.ui_gl.stats.triangles_total}}},
            {"redraw_check", {{"frames", s.frame.redraw_frames_checked},
                              {"frames_differing", s.frame.redraw_frames_differing},
                              {"pixels_differing", s.frame.redraw_pixels_differing},
                              {"mean_share", s.frame.redraw_frames_checked
                                                 ? s.frame.redraw_share_sum / s.frame.redraw_frames_checked : 0.0},
                              {"first", s.frame.redraw_first_difference},
                              {"left", s.frame.redraw_checks_left}}},
            {"regions", s.run.regions},
            {"regions_method", s.run.regions_exact ? "exact" : "grid"},
            {"regions_grid", s.run.regions_exact ? 0 : s.run.regions_side},
            {"regions_exact_unavailable", s.run.regions_not_exact},
            {"regions_updating", s.run.region_count.running},
            {"regions_partition", regions_json(s)},
            {"active_path_fraction", finite_or_zero(st.active_path_fraction)},
            {"layers", layers},
            {"lang", lang_code(language())},          // shown (the wanted one once its font is in)
            {"lang_wanted", lang_code(s.language.wanted)},
            {"hidden", part_list(s.classroom.hidden)},
            {"classroom_dialog", s.classroom.dialog_open},
            {"message", s.run.message},
            {"tour", json::parse(tour_json(s))}};
  return j.dump();
}

std::string status_json(const AppState& s) {
  const AutosaveState& a = s.autosave;
  const json j = {{"message", s.run.message},
                  {"notice", s.files.notice},
                  {"undo", undo_label(s)},
                  {"redo", redo_label(s)},
                  {"undo_entries", s.undo.undo.size()},
                  {"autosave", {{"armed", a.armed}, {"saves", a.saves}, {"error", a.error},
                                {"last_step", a.last_step}, {"bytes", a.last_bytes}, {"ms", a.last_save_ms}}},
                  {"step", s.run.trainer.step_count}};
  return j.dump(-1, ' ', false, json::error_handler_t::replace);  // messages may quote a file's bad bytes
}

std::string config_json(const AppState& s) { return config_to_json(s.run.config); }

std::string load_config_json(AppState& s, const std::string& text) {
  Config c;
  FileParts parts;
  std::string error = parse_config_json(text, "config", &c, nullptr, &parts);
  if (error.empty() && (parts.weights || parts.data)) {
    // a state file: its weights and points are used (open_run), never dropped
    Trainer t;
    error = open_run(text, "config", &t);
    if (error.empty()) {
      remember_for_undo(s, "Load state");
      install_trainer(s, std::move(t));
    }
    return error;
  }
  if (error.empty()) error = apply_config(s, c);
  return error;
}

std::vector<ShaderCheck> run_shader_checks(AppState& s, int size) {
  std::vector<ShaderCheck> checks;
  checks.push_back(shader_check(s.renderer, s.run.trainer.net, size, "current"));
  // Fresh networks: every activation in a 2-8-8-1 tanh net (the smooth ones with Xavier init).
  for (int a = 0; a < activation_count; ++a) {
    const ActivationInfo& info = activation_table()[a];
    NetworkSpec spec;
    spec.hidden = {{8, info.id}, {8, info.id}};
    spec.init = info.piecewise_linear ? Init::he_normal : Init::xavier_normal;
    spec.bias_init = BiasInit::playground;
    spec.seed = 11 + a;
    checks.push_back(shader_check(s.renderer, make_network(spec, 2), size, std::string("2-8-8-1 ") + info.name));
  }
  NetworkSpec all_features;
  all_features.features = (1u << feature_count) - 1;
  all_features.hidden = {{6, Activation::prelu}, {5, Activation::gelu}};
  all_features.output = Output::sigmoid_bce;
  all_features.seed = 5;
  checks.push_back(shader_check(s.renderer, make_network(all_features, 2), size, "7 features, sigmoid output"));
  NetworkSpec softmax;
  softmax.hidden = {{12, Activation::relu}, {12, Activation::relu}};
  softmax.output = Output::softmax_ce;
  softmax.seed = 3;
  checks.push_back(shader_check(s.renderer, make_network(softmax, 4), size, "softmax, 4 classes"));
  NetworkSpec linear;
  linear.hidden = {{16, Activation::tanh}};
  linear.output = Output::linear_mse;
  linear.init = Init::xavier_normal;
  linear.seed = 9;
  checks.push_back(shader_check(s.renderer, make_network(linear, 1), size, "linear output"));
  NetworkSpec deep;
  deep.hidden.assign(8, LayerSpec{16, Activation::relu});
  deep.seed = 4;
  checks.push_back(shader_check(s.renderer, make_network(deep, 2), size, "8x16 ReLU"));
  // the linear-regions mode partitions the plane as the CPU's activation patterns do
  checks.push_back(regions_shader_check(s.renderer, s.run.trainer.net, size, "regions: current"));
  checks.push_back(regions_shader_check(s.renderer, make_network(deep, 2), size, "regions: 8x16 ReLU"));
  NetworkSpec mixed;
  mixed.hidden = {{10, Activation::leaky_relu}, {8, Activation::prelu}, {8, Activation::neg_relu_neg}, {6, Activation::tanh}};
  mixed.bias_init = BiasInit::playground;
  mixed.seed = 6;
  checks.push_back(regions_shader_check(s.renderer, make_network(mixed, 2), size, "regions: mixed activations"));
  upload_network(s.renderer, s.run.trainer.net);
  s.shader_key = ViewKey{};  // the checks drew into the shader's target: draw the view again

  // The raster (the main view from the core's evaluators, view_raster.h) against the dense forward
  // pass, for the same networks and every view mode; the app's own texture must hold its pixels.
  auto key_for = [&](const Network& net, BoundaryMode mode) {
    ViewKey k;
    k.mode = mode;
    k.width = k.height = size;
    k.weights = network_fingerprint(net);
    if (mode == BoundaryMode::unit_value || mode == BoundaryMode::unit_mask) {
      k.unit_layer = 0;
      k.unit_index = 1;
      k.unit_scale = 2;
    }
    return k;
  };
  if (s.view_path == ViewPath::raster && s.raster.texture && s.view.plot_width > 0) {
    for (int pass = 0; pass < 2; ++pass)  // complete the pass in progress, then a clean one if it was mixed
      refresh_view_raster(s.raster, s.run.trainer.net, main_view_key(s), 1e9, true);
    checks.push_back(raster_check(s.run.trainer.net, s.raster.shown, "raster: the view on screen", &s.raster));
  }
  // the region edges' overlay (ui/gfx/region_overlay.h): its texture holds exactly its pixels
  const RegionOverlay& overlay = s.regions.overlay;
  if (overlay.texture && overlay.key.partition >= 0) {
    ShaderCheck c;
    c.name = "region edges overlay";
    c.pixels = overlay.key.width * overlay.key.height;
    c.agreement = read_back_texture(overlay.texture, overlay.key.width, overlay.key.height) == overlay.rgba;
    checks.push_back(c);
  }
  for (const BoundaryMode mode : {BoundaryMode::colour, BoundaryMode::regions, BoundaryMode::unit_value,
                                  BoundaryMode::unit_mask}) {
    static const char* mode_names[] = {"boundary", "", "regions", "unit value", "unit mask"};
    const std::string m = mode_names[static_cast<int>(mode)];
    checks.push_back(raster_check(s.run.trainer.net, key_for(s.run.trainer.net, mode), "raster " + m + ": current"));
    checks.push_back(raster_check(make_network(deep, 2), key_for(make_network(deep, 2), mode), "raster " + m + ": 8x16 ReLU"));
    checks.push_back(raster_check(make_network(mixed, 2), key_for(make_network(mixed, 2), mode), "raster " + m + ": mixed"));
  }
  checks.push_back(raster_check(make_network(softmax, 4), key_for(make_network(softmax, 4), BoundaryMode::colour), "raster: softmax, 4 classes"));
  checks.push_back(raster_check(make_network(linear, 1), key_for(make_network(linear, 1), BoundaryMode::colour), "raster: linear output"));
  checks.push_back(raster_check(make_network(all_features, 2), key_for(make_network(all_features, 2), BoundaryMode::colour), "raster: 7 features, sigmoid output"));
  return checks;
}

std::string shader_checks_json(const std::vector<ShaderCheck>& checks) {
  json list = json::array();
  float min_agreement = checks.empty() ? 0.0f : 1.0f;
  float max_mean_error = 0;
  for (const ShaderCheck& c : checks) {
    list.push_back({{"name", c.name}, {"pixels", c.pixels}, {"agreement", c.agreement},
                    {"mean_value_error", c.mean_value_error}, {"max_value_error", c.max_value_error}});
    min_agreement = std::min(min_agreement, c.agreement);
    max_mean_error = std::max(max_mean_error, c.mean_value_error);
  }
  return json{{"checks", list}, {"min_agreement", min_agreement}, {"max_mean_value_error", max_mean_error}}.dump();
}

}  // namespace relulab

// ---- the screen ---------------------------------------------------------------------------------
namespace relulab {

std::string screen_json(const AppState& s) {
  const ScreenState& sc = s.screen;
  const char* layout = sc.layout == LayoutMode::phone_portrait    ? "phone_portrait"
                       : sc.layout == LayoutMode::phone_landscape ? "phone_landscape"
                                                                  : "desktop";
  json windows = json::array();
  float min_em = current_em_px();
  if (const ImGuiContext* g = ImGui::GetCurrentContext()) {
    for (const ImGuiWindow* w : g->Windows) {
      if (!(w->Active || w->WasActive) || w->Hidden) continue;
      if (!(w->Flags & ImGuiWindowFlags_Tooltip))
        windows.push_back({{"name", w->Name}, {"x", w->Pos.x}, {"y", w->Pos.y}, {"w", w->Size.x}, {"h", w->Size.y},
                           {"scroll_y", w->Scroll.y}, {"scroll_max_y", w->ScrollMax.y}});
      min_em = std::min(min_em, current_em_px() * w->FontWindowScale);
    }
  }
  const float side = sc.plot_max.x - sc.plot_min.x;
  json tabs = json::array();
  for (int k = 0; k < phone_tab_count; ++k)
    tabs.push_back({{"name", phone_tab_name(k)}, {"x", sc.tab_min[k].x}, {"y", sc.tab_min[k].y},
                    {"w", sc.tab_max[k].x - sc.tab_min[k].x}, {"h", sc.tab_max[k].y - sc.tab_min[k].y}});
  const Dataset& d = s.run.trainer.data;
  const bool raster = s.view_path == ViewPath::raster;
  json j = {{"layout", layout},
            {"width", s.display_width},
            {"height", s.display_height},
            {"pixel_scale", sc.pixel_scale},
            {"ui_scale", s.view.applied_font_scale},
            {"em_px", current_em_px()},
            {"min_em_px", min_em},
            {"frame_height", ImGui::GetCurrentContext() ? ImGui::GetFrameHeight() : 0.0f},
            {"plot", {{"x", sc.plot_min.x}, {"y", sc.plot_min.y}, {"side", side},
                      {"view_width", s.view.plot_width}, {"view_height", s.view.plot_height},
                      {"target_width", raster ? s.raster.texture_width : s.renderer.target_width},
                      {"target_height", raster ? s.raster.texture_height : s.renderer.target_height}}},
            {"windows", windows},
            {"phone_tab", sc.phone_tab},
            {"play_button", {{"x", sc.play_min.x}, {"y", sc.play_min.y}, {"w", sc.play_max.x - sc.play_min.x},
                             {"h", sc.play_max.y - sc.play_min.y}}},
            {"tabs", tabs},
            {"points", d.train.size() + d.test.size()},
            {"frames", s.frame.index},
            {"view_busy", raster && s.raster.busy()},
            {"touch", {{"active", sc.touch.active}, {"taps", sc.touch.taps}, {"long_presses", sc.touch.long_presses},
                       {"scrolls", sc.touch.scrolls}}}};
  return j.dump();
}

}  // namespace relulab
