// ui_chart_test.cpp: the line charts' axes end on round values (panels/draw.h nice_ceil), so a new
// point extends a chart instead of rescaling it: every vertex drawn before the point is drawn again,
// at the same place in the same colour, and the renderer redraws only the curve's new end. Checked
// on ImGui's draw lists, headless, for a log-scale loss curve and a linear accuracy curve; a point
// that leaves the axis must rescale (the check can fail), and nice_ceil keeps its promise (at least
// the value, at most 4/3 of it, a fixed point on its own values).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <tuple>
#include <vector>

#include "imgui.h"
#include "panels/draw.h"
#include "panels/panels.h"

namespace {

int failures = 0;

void check(bool ok, const char* what) {
  std::printf("%s - %s\n", ok ? "ok" : "not ok", what);
  if (!ok) ++failures;
}

using Vertex = std::tuple<float, float, float, float, unsigned>;

// The vertices of one frame holding one chart of the first n points.
std::vector<Vertex> chart_vertices(const std::vector<double>& x, const std::vector<float>& y, int n, bool log_y) {
  ImGuiIO& io = ImGui::GetIO();
  io.DisplaySize = ImVec2(800, 600);
  io.DeltaTime = 1.0f / 60;
  ImGui::NewFrame();
  ImGui::SetNextWindowPos(ImVec2(10, 10));
  ImGui::SetNextWindowSize(ImVec2(500, 300));
  ImGui::Begin("chart", nullptr, ImGuiWindowFlags_NoDecoration);
  const relulab::ChartSeries series[1] = {{"loss", y.data(), n, IM_COL32(110, 180, 255, 255)}};
  relulab::draw_line_chart("c", x.data(), series, 1, ImVec2(400, 200), log_y);
  ImGui::End();
  ImGui::Render();
  std::vector<Vertex> out;
  const ImDrawData* data = ImGui::GetDrawData();
  for (int l = 0; l < data->CmdListsCount; ++l)
    for (const ImDrawVert& v : data->CmdLists[l]->VtxBuffer) out.emplace_back(v.pos.x, v.pos.y, v.uv.x, v.uv.y, v.col);
  std::sort(out.begin(), out.end());
  return out;
}

// Whether every vertex of `before` is in `after` (as multisets).
bool kept(const std::vector<Vertex>& before, const std::vector<Vertex>& after) {
  return std::includes(after.begin(), after.end(), before.begin(), before.end());
}

}  // namespace

int main() {
  using relulab::nice_ceil;
  // nice_ceil: at least v, at most 4/3 v, and its own values stay put
  bool bounds = true, fixed = true;
  for (double v = 1e-7; v < 1e10; v *= 1.0137) {
    const double n = nice_ceil(v);
    bounds = bounds && n >= v * (1 - 1e-9) && n <= v * 4 / 3 * (1 + 1e-9);
    fixed = fixed && nice_ceil(n) == n;
  }
  check(bounds, "nice_ceil(v) lies in [v, 4v/3] from 1e-7 to 1e10");
  check(fixed, "nice_ceil(nice_ceil(v)) == nice_ceil(v)");
  check(nice_ceil(1) == 1 && nice_ceil(1.1) == 1.25 && nice_ceil(7) == 8 && nice_ceil(9) == 10 &&
            nice_ceil(2400) == 2500 && nice_ceil(0) == 1,
        "nice_ceil(1, 1.1, 7, 9, 2400, 0) = 1, 1.25, 8, 10, 2500, 1");

  ImGui::CreateContext();
  unsigned char* pixels = nullptr;
  int w = 0, h = 0;
  ImGui::GetIO().Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);

  // a loss curve measured every 0.7 epochs: 60 points end at epoch 41.3, inside the axis's 50
  std::vector<double> x;
  std::vector<float> loss, accuracy;
  for (int i = 0; i < 200; ++i) {
    x.push_back(0.7 * i);
    loss.push_back(0.7f * std::exp(-i / 40.0f) + 0.01f);
    accuracy.push_back(0.55f + 0.4f * (1 - std::exp(-i / 20.0f)));
  }
  for (const bool log_y : {true, false}) {
    const std::vector<float>& y = log_y ? loss : accuracy;
    const auto a = chart_vertices(x, y, 60, log_y), b = chart_vertices(x, y, 61, log_y);
    char what[160];
    std::snprintf(what, sizeof what, "%s: a 61st point keeps all %zu vertices of 60 points (%zu now)",
                  log_y ? "log-scale loss" : "linear accuracy", a.size(), b.size());
    check(b.size() > a.size() && kept(a, b), what);
  }
  // control: the 72nd point (epoch 49.7) still fits the axis, the 73rd (epoch 50.4) leaves it
  {
    const auto a = chart_vertices(x, loss, 71, true), b = chart_vertices(x, loss, 72, true),
               c = chart_vertices(x, loss, 73, true);
    check(kept(a, b), "a point at epoch 49.7 keeps the chart (axis to 50)");
    check(!kept(b, c), "a point at epoch 50.4 rescales the chart (axis to 60): the check can fail");
  }
  ImGui::DestroyContext();
  std::printf("%s: %d failure(s)\n", failures ? "FAILED" : "ok", failures);
  return failures ? 1 : 0;
}
