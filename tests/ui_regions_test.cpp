// ui_regions_test.cpp: the exact partition drawn and explored in the app (ui/regions.h), headless,
// on a trained 2-16-16-16-1 ReLU spiral net (bench/data/spiral_16x3.json) in the linear-regions view:
//   - the edges drawn are partition_edges mapped to the plot's pixels, every one rasterised and
//     nothing else set, at each position of the layer slider (coloured by layer below the last);
//   - the pointer over a known point: the region is polygon_at's, its map is the polygon's and
//     gives the network's own output there, its outline is cell_outline's, its pattern is
//     pattern_text's and the tooltip has it; a finger held there does the same and removes no point;
//   - state() against `relulab regions --json` on the same model: counts per layer, the area
//     distribution at the plot's pixel size, the regions holding training points;
//   - Export SVG writes byte for byte what `relulab regions --svg` writes, at every layer;
//   - smooth units and non-affine features: no partition kept, nothing drawn, labelled an estimate.
//
//   relulab_ui_regions_test MODEL.json RELULAB OUT_DIR
#include <SDL.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>

#include "api.h"
#include "app.h"
#include "files.h"
#include "imgui.h"
#include "ui_headless.h"

using namespace relulab;
using nlohmann::json;

namespace {

constexpr int window_draw_lists = 4;

std::string read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// stdout of a command, and its exit status.
std::string run(const std::string& command, int* status) {
  std::string out;
  FILE* p = popen(command.c_str(), "r");
  if (!p) {
    *status = -1;
    return out;
  }
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  *status = pclose(p);
  return out;
}

void frames(AppState& app, int n) { check(run_frames(app, n, window_draw_lists), "frames draw"); }

// The plot's pixel (screen coordinates) over the plane's (x1, x2).
ImVec2 screen_at(const AppState& app, double x1, double x2) {
  const float side = app.screen.plot_max.x - app.screen.plot_min.x;
  const PlotDomain& d = app.view.domain;
  return ImVec2(app.screen.plot_min.x + static_cast<float>((x1 - d.x0) / (d.x1 - d.x0) * side),
                app.screen.plot_min.y + static_cast<float>((d.y1 - x2) / (d.y1 - d.y0) * side));
}

void finger(AppState& app, Uint32 type, ImVec2 p) {
  SDL_Event e{};
  e.type = type;
  e.tfinger.touchId = 1;
  e.tfinger.fingerId = 3;
  e.tfinger.x = p.x / app.display_width;
  e.tfinger.y = p.y / app.display_height;
  app_event(app, e);
}

// The overlay against partition_edges after `layers` layers: the same segments in pixels, each
// one's pixels set (its ends and middle), and no more pixels set than the segments' DDA walks
// cover. Returns the number of segments.
size_t check_overlay(const AppState& app, int layers, const std::string& what) {
  const Partition& p = app.regions.partition;
  const RegionOverlay& o = app.regions.overlay;
  check(o.key.partition == app.regions.id && o.key.layers == layers,
        what + ": overlay of this partition and layer");
  std::vector<float> xy;
  std::vector<std::int16_t> seg_layer;
  partition_edges(p, layers - 1, &xy, &seg_layer);
  check(!xy.empty() && o.segments.size() == xy.size() && o.seg_layer == seg_layer,
        what + ": segments are partition_edges' (" + std::to_string(o.segments.size() / 4) +
            " vs " + std::to_string(xy.size() / 4) + ")");
  const int w = o.key.width, h = o.key.height;
  const double sx = w / (p.domain.x1 - p.domain.x0), sy = h / (p.domain.y1 - p.domain.y0);
  double worst = 0, cover = 0;
  int unset = 0;
  // the pixel holding (x, y) set; with `near`, or one of its eight neighbours (a DDA walk visits
  // one pixel per step: the true line's middle may lie in the pixel beside the visited one)
  auto alpha = [&](double x, double y, bool near = false) {
    const int i = std::min(w - 1, std::max(0, static_cast<int>(std::floor(x))));
    const int j = std::min(h - 1, std::max(0, static_cast<int>(std::floor(y))));
    for (int dj = near ? -1 : 0; dj <= (near ? 1 : 0); ++dj)
      for (int di = near ? -1 : 0; di <= (near ? 1 : 0); ++di) {
        const int a = std::min(w - 1, std::max(0, i + di)),
                  b = std::min(h - 1, std::max(0, j + dj));
        if (o.rgba[(static_cast<size_t>(b) * w + a) * 4 + 3]) return true;
      }
    return false;
  };
  for (size_t k = 0; k < std::min(xy.size(), o.segments.size()); k += 4) {
    const double x0 = (xy[k] - p.domain.x0) * sx, y0 = (p.domain.y1 - xy[k + 1]) * sy;
    const double x1 = (xy[k + 2] - p.domain.x0) * sx, y1 = (p.domain.y1 - xy[k + 3]) * sy;
    worst = std::max({worst, std::fabs(x0 - o.segments[k]), std::fabs(y0 - o.segments[k + 1]),
                      std::fabs(x1 - o.segments[k + 2]), std::fabs(y1 - o.segments[k + 3])});
    unset += !alpha(o.segments[k], o.segments[k + 1]) +
             !alpha(o.segments[k + 2], o.segments[k + 3]) +
             !alpha((x0 + x1) / 2, (y0 + y1) / 2, true);
    cover += (std::ceil(std::max(std::fabs(x1 - x0), std::fabs(y1 - y0))) + 1) * o.key.line_px *
             o.key.line_px;
  }
  long set = 0;
  for (size_t i = 3; i < o.rgba.size(); i += 4) set += o.rgba[i] != 0;
  check(worst < 1e-3, what + ": segment ends at the pixels of partition_edges' (worst " +
                          std::to_string(worst) + " px)");
  check(unset == 0, what + ": every segment drawn at its ends and middle (" +
                        std::to_string(unset) + " missing)");
  if (!o.key.fill)
    check(set > 0 && set <= cover, what + ": no pixel set off the segments (" +
                                       std::to_string(set) + " set, walks cover " +
                                       std::to_string(static_cast<long>(cover)) + ")");
  return xy.size() / 4;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: relulab_ui_regions_test MODEL.json RELULAB OUT_DIR\n");
    return 2;
  }
  const std::string model = argv[1], relulab = argv[2], out = argv[3];
  AppState app;
  AppOptions options;
  options.playing = false;
  check(app_init(app, options).empty(), "app_init");
  app_receive_file(app, FileAction::load_state, model, read_file(model));
  check(app.run.message.empty(), "model loaded: " + app.run.message);
  check(set_main_view(app, "regions").empty(), "regions view");
  frames(app, 3);

  // ---- the partition kept, its edges drawn ----
  const Partition& p = app.regions.partition;
  check(regions_kept(app) && regions_current(app),
        "the exact partition of the loaded weights is kept");
  check(app.run.regions_exact && app.run.regions == p.regions, "the live count is the partition's");
  check(p.layers == 3, "three hidden layers");
  if (!regions_kept(app)) return smoke_result();
  check(region_edges_shown(app), "edges on by default in the linear-regions view");
  const int w = app.view.plot_width;
  check(w > 100 && app.regions.overlay.key.width == w &&
            app.regions.overlay.key.height == app.view.plot_height,
        "overlay at the plot's pixel size");
  check(!app.regions.overlay.key.by_layer && !app.regions.overlay.key.fill,
        "all layers: one colour, no fill");
  const size_t all_edges = check_overlay(app, 3, "all layers");
  // nothing rebuilt while nothing changes
  const long builds = app.regions.overlay.builds;
  frames(app, 5);
  check(app.regions.overlay.builds == builds, "the overlay is not rebuilt while nothing changes");
  // the layer slider: the boundary view shows the edges only (no fill), coloured by layer
  check(set_main_view(app, "boundary").empty(), "boundary view");
  app.regions.edges[static_cast<int>(MainView::boundary)] = true;
  size_t previous = 0;
  for (int layers = 1; layers <= 3; ++layers) {
    app.regions.layers = layers;
    frames(app, 2);
    const std::string what = "boundary view, layer " + std::to_string(layers);
    check(app.regions.overlay.key.by_layer == (layers < 3) && !app.regions.overlay.key.fill,
          what + ": colours");
    const size_t n = check_overlay(app, layers, what);
    check(n > previous, what + ": each layer adds edges");
    previous = n;
    const json st = json::parse(state_json(app))["regions_partition"];
    check(st["layer"] == layers && st["edges"]["segments"] == n && st["edges"]["shown"] == true,
          what + ": state() reports the edges drawn");
    // the edge colour of a layer-0 segment's middle (drawn last, on top) is layer 0's
    if (layers > 1 && layers < 3) {
      const RegionOverlay& o = app.regions.overlay;
      size_t k = 0;
      while (k < o.seg_layer.size() && o.seg_layer[k] != 0) ++k;
      unsigned char want[4];
      overlay_edge_colour(0, true, want);
      const int i = static_cast<int>((o.segments[4 * k] + o.segments[4 * k + 2]) / 2);
      const int j = static_cast<int>((o.segments[4 * k + 1] + o.segments[4 * k + 3]) / 2);
      const unsigned char* got = &o.rgba[(static_cast<size_t>(j) * o.key.width + i) * 4];
      check(std::equal(want, want + 4, got), what + ": layer 1's edges in layer 1's colour");
    }
  }
  check(previous == all_edges, "the slider at the last layer draws all edges");
  // the regions view below the last layer: the cells after that layer, filled
  check(set_main_view(app, "regions").empty(), "regions view again");
  app.regions.layers = 2;
  frames(app, 2);
  check(app.regions.overlay.key.fill, "regions view below the last layer: cells filled");
  check_overlay(app, 2, "regions view, layer 2");

  // ---- the pointer over a known point: the largest region's centroid ----
  int big = 0;
  for (int q = 1; q < p.polygons(); ++q)
    if (p.area[q] > p.area[big]) big = q;
  double cx = 0, cy = 0;
  polygon_centroid(p, big, &cx, &cy);
  for (int layers : {3, 2}) {
    app.regions.layers = layers == 3 ? 0 : layers;
    ImGui::GetIO().MousePos = screen_at(app, cx, cy);
    frames(app, 3);
    const RegionHover& h = app.regions.hover;
    const std::string what = "hover, layer " + std::to_string(layers);
    check(h.valid, what + ": the region under the pointer is found");
    if (!h.valid) continue;
    const double pixel = (p.domain.x1 - p.domain.x0) / w;
    check(std::fabs(h.x1 - cx) <= pixel && std::fabs(h.x2 - cy) <= pixel,
          what + ": at the pointer");
    check(h.polygon == polygon_at(p, h.x1, h.x2) && h.polygon == big,
          what + ": polygon_at's polygon");
    check(h.layers == layers, what + ": of the slider's layer");
    double area = 0;
    const std::vector<double> outline = cell_outline(p, big, layers - 1, &area);
    check(h.outline == outline && h.area == area, what + ": cell_outline's outline and area");
    check(std::fabs(h.share - area / p.domain.area()) < 1e-12 &&
              std::fabs(h.pixels - area / (p.domain.area() / (double(w) * w))) < 1e-6 * h.pixels,
          what + ": area as a share and in pixels");
    std::string pattern = pattern_text(p, big);
    for (int cut = 3; cut > layers; --cut) pattern = pattern.substr(0, pattern.rfind(' '));
    check(h.pattern == pattern, what + ": pattern_text's pattern (" + h.pattern + ")");
    // the tooltip holds each layer's bits
    std::string bits = pattern.substr(0, pattern.find(' '));
    check(h.text.find(bits.substr(0, 8)) != std::string::npos,
          what + ": the tooltip shows the pattern");
    // the affine map: the polygon's, and it gives the network's pre-link output at the pointer
    check(h.map.size() == 3 && h.map[0] == p.maps[3 * big] && h.map[2] == p.maps[3 * big + 2],
          what + ": the polygon's map");
    const Probe probe =
        probe_point(app.run.trainer.net, static_cast<float>(h.x1), static_cast<float>(h.x2));
    const double z = map_value(p, big, 0, h.x1, h.x2);
    check(std::fabs(z - probe.output[0]) < 1e-3 * (1 + std::fabs(z)),
          what + ": map_value " + std::to_string(z) + " = forward pass " +
              std::to_string(probe.output[0]));
    char map_line[96];
    std::snprintf(map_line, sizeof map_line, "%+.4f x1 %+.4f x2 %+.4f", h.map[0], h.map[1],
                  h.map[2]);
    check((layers == 3) == (h.text.find(map_line) != std::string::npos),
          what + ": the tooltip shows the map at the last layer");
    const json st = json::parse(state_json(app))["regions_partition"]["hover"];
    check(!st.is_null() && st["polygon"] == big && st["pattern"] == pattern,
          what + ": state() reports the hover");
  }
  ImGui::GetIO().MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
  frames(app, 2);
  check(!app.regions.hover.valid, "no hover once the pointer left");

  // ---- a finger held on the plot: the same region, no point removed ----
  app.regions.layers = 0;
  const size_t points = app.run.trainer.data.train.size() + app.run.trainer.data.test.size();
  const ImVec2 spot = screen_at(app, cx, cy);
  finger(app, SDL_FINGERDOWN, spot);
  frames(app, 2);
  check(app.regions.hover.valid && app.regions.hover.polygon == big,
        "a finger down shows the region");
  std::this_thread::sleep_for(std::chrono::milliseconds(600));
  frames(app, 3);
  check(app.regions.hover.valid && app.regions.hover.polygon == big,
        "a finger held shows the region");
  finger(app, SDL_FINGERUP, spot);
  frames(app, 3);
  check(app.run.trainer.data.train.size() + app.run.trainer.data.test.size() == points,
        "a finger held on the regions removes no point");
  ImGui::GetIO().MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
  app.screen.touch.active = false;
  frames(app, 2);

  // ---- state() against the CLI on the same model ----
  const json st = json::parse(state_json(app));
  const json& r = st["regions_partition"];
  int status = 0;
  const std::string cli_svg = out + "/regions_cli.svg", app_svg = out + "/regions_app.svg";
  const std::string cli_text =
      run("'" + relulab + "' regions --json --model '" + model + "' --pixels " +
              std::to_string(r["areas"]["pixels"].get<int>()) + " --svg '" + cli_svg + "'",
          &status);
  check(status == 0, "relulab regions ran");
  json cli;
  try {
    cli = json::parse(cli_text);
  } catch (const std::exception& e) {
    check(false, std::string("CLI JSON: ") + e.what());
  }
  if (!cli.is_null()) {
    check(st["regions_method"] == "exact" && cli["method"] == "exact", "both exact");
    check(st["regions"] == cli["regions"] && r["regions"] == cli["regions"],
          "regions: app " + st["regions"].dump() + ", CLI " + cli["regions"].dump());
    check(r["polygons"] == cli["polygons"], "polygons");
    check(r["regions_after_layer"] == cli["regions_after_layer"],
          "regions after each layer: " + r["regions_after_layer"].dump());
    for (const char* k : {"pixels", "smaller_than_pixel", "by_decade"})
      check(r["areas"][k] == cli["areas"][k], std::string("areas.") + k + ": app " +
                                                  r["areas"][k].dump() + ", CLI " +
                                                  cli["areas"][k].dump());
    for (const char* k : {"min", "median", "max", "mean", "pixel_area"})
      check(std::fabs(r["areas"][k].get<double>() - cli["areas"][k].get<double>()) <=
                1e-12 * std::fabs(cli["areas"][k].get<double>()),
            std::string("areas.") + k);
    check(r["regions_with_training_points"] == cli["regions_with_training_points"] &&
              r["training_points"] == cli["training_points"],
          "regions with training points: app " + r["regions_with_training_points"].dump() +
              ", CLI " + cli["regions_with_training_points"].dump());
    std::printf(
        "app vs CLI: %s regions, after each layer %s, %s smaller than a pixel of %sx%s, %s with "
        "training points\n",
        cli["regions"].dump().c_str(), cli["regions_after_layer"].dump().c_str(),
        cli["areas"]["smaller_than_pixel"].dump().c_str(), cli["areas"]["pixels"].dump().c_str(),
        cli["areas"]["pixels"].dump().c_str(), cli["regions_with_training_points"].dump().c_str());
  }

  // ---- Export SVG: the CLI's bytes, at the last layer and at layer 2 ----
  app.run.message.clear();
  complete_file_action(app, FileAction::export_svg, app_svg);
  check(app.run.message.empty(), "Export SVG wrote: " + app.run.message);
  const std::string a = read_file(app_svg), c = read_file(cli_svg);
  check(a.size() > 1000 && a == c, "Export SVG = relulab regions --svg (" +
                                       std::to_string(a.size()) + " vs " +
                                       std::to_string(c.size()) + " bytes)");
  app.regions.layers = 2;
  complete_file_action(app, FileAction::export_svg, out + "/regions_app_2.svg");
  run("'" + relulab + "' regions --model '" + model + "' --layer 2 --svg '" + out +
          "/regions_cli_2.svg'",
      &status);
  check(
      status == 0 && read_file(out + "/regions_app_2.svg") == read_file(out + "/regions_cli_2.svg"),
      "Export SVG after layer 2 = relulab regions --svg --layer 2");
  // weights changed since the partition (a training step): the SVG is of the current weights
  app.regions.layers = 0;
  train_steps(app.run.trainer, 1);
  check(!regions_current(app), "one step: the kept partition lags the weights");
  complete_file_action(app, FileAction::export_svg, out + "/regions_app_step.svg");
  Partition now;
  check(exact_partition(app.run.trainer.net, ExactOptions{}, &now).empty(),
        "exact partition of the new weights");
  check(read_file(out + "/regions_app_step.svg") ==
            partition_svg(now, 800, -1, &app.run.trainer.data.train),
        "Export SVG after a step draws the current weights");
  measure_now(app);
  frames(app, 2);

  // ---- where exactness does not apply ----
  const Config relu = app.run.config;
  for (const char* what : {"tanh", "x1^2"}) {
    Config cfg = relu;
    if (std::string(what) == "tanh") {
      for (LayerSpec& l : cfg.network.hidden) l.activation = Activation::tanh;
    } else {
      cfg.network.features |= 1u << static_cast<int>(Feature::x1_sq);
    }
    check(apply_config(app, cfg).empty(), std::string(what) + ": applied");
    app.regions.edges[static_cast<int>(MainView::regions)] = true;
    ImGui::GetIO().MousePos = spot;
    frames(app, 4);
    check(!regions_kept(app) && !region_edges_shown(app) && !app.regions.hover.valid,
          std::string(what) + ": no partition, no edges, no region hover");
    const json s2 = json::parse(state_json(app));
    check(s2["regions_method"] == "grid" && s2["regions_partition"].is_null() &&
              !s2["regions_exact_unavailable"].get<std::string>().empty(),
          std::string(what) + ": the grid estimate, labelled (" +
              s2["regions_exact_unavailable"].get<std::string>() + ")");
    const int grid = count_regions(app.run.trainer.net, regions_grid(app));
    check(s2["regions"] == grid && s2["regions_grid"] == regions_grid(app).width &&
              (grid > 1 || std::string(what) == "tanh"),
          std::string(what) + ": the estimate is the grid's count (" + s2["regions"].dump() + " vs " +
              std::to_string(grid) + ")");
    app.run.message.clear();
    complete_file_action(app, FileAction::export_svg, out + "/regions_none.svg");
    check(!app.run.message.empty(),
          std::string(what) + ": Export SVG says why not: " + app.run.message);
    for (int layers : {1, 2, 5}) {  // the slider's value outside any partition: nothing breaks
      app.regions.layers = layers;
      frames(app, 2);
    }
    app.regions.layers = 0;
  }
  return smoke_result();
}
