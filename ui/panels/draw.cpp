// draw.cpp: see draw.h.
#include "panels/draw.h"

#include <algorithm>
#include <cmath>

#include "gfx/colours.h"
#include "gfx/ui_renderer.h"

namespace relulab {

ImU32 diverging_colour(float t, float alpha) {
  t = std::clamp(std::isfinite(t) ? t : 0.0f, -1.0f, 1.0f);
  const Rgb& end = t < 0 ? class_colours[0] : class_colours[1];
  const float a = std::fabs(t);
  return ImGui::ColorConvertFloat4ToU32(ImVec4(neutral_colour.r + (end.r - neutral_colour.r) * a,
                                               neutral_colour.g + (end.g - neutral_colour.g) * a,
                                               neutral_colour.b + (end.b - neutral_colour.b) * a, alpha));
}

ImU32 series_colour(int k) {
  static const ImU32 colours[] = {IM_COL32(110, 180, 255, 255), IM_COL32(255, 170, 60, 255),
                                  IM_COL32(0, 200, 140, 255),   IM_COL32(230, 120, 190, 255),
                                  IM_COL32(240, 220, 70, 255),  IM_COL32(170, 140, 255, 255),
                                  IM_COL32(255, 110, 110, 255), IM_COL32(150, 220, 255, 255),
                                  IM_COL32(200, 255, 150, 255), IM_COL32(255, 200, 170, 255),
                                  IM_COL32(180, 180, 180, 255), IM_COL32(120, 255, 230, 255),
                                  IM_COL32(255, 255, 255, 255)};
  return colours[(k % 13 + 13) % 13];
}

ImU32 sequential_colour(float t) {
  t = std::clamp(std::isfinite(t) ? t : 0.0f, 0.0f, 1.0f);
  // dark slate -> Playground blue -> pale
  const float r = t < 0.6f ? 0.12f + (0.03f - 0.12f) * t / 0.6f : 0.03f + (0.85f - 0.03f) * (t - 0.6f) / 0.4f;
  const float g = t < 0.6f ? 0.13f + (0.47f - 0.13f) * t / 0.6f : 0.47f + (0.93f - 0.47f) * (t - 0.6f) / 0.4f;
  const float b = t < 0.6f ? 0.16f + (0.74f - 0.16f) * t / 0.6f : 0.74f + (1.0f - 0.74f) * (t - 0.6f) / 0.4f;
  return ImGui::ColorConvertFloat4ToU32(ImVec4(r, g, b, 1));
}

void draw_field(ImDrawList* draw, ImVec2 p0, ImVec2 size, const float* values, int w, int h,
                float scale, bool mask, int step) {
  step = std::max(1, step);
  const int cw = (w + step - 1) / step, ch = (h + step - 1) / step;
  const float dx = size.x / cw, dy = size.y / ch;
  const float inv = scale > 0 ? 1.0f / scale : 1.0f;
  for (int r = 0; r < ch; ++r)
    for (int c = 0; c < cw; ++c) {
      const float v = values[(r * step) * w + c * step];
      const ImU32 colour = mask ? (v > 0.5f ? IM_COL32(30, 30, 36, 255) : IM_COL32(236, 236, 240, 255))
                                : diverging_colour(v * inv);
      const ImVec2 a(p0.x + c * dx, p0.y + r * dy);
      draw->AddRectFilled(a, ImVec2(a.x + dx + 0.5f, a.y + dy + 0.5f), colour);
    }
}

double nice_ceil(double v) {
  if (!(v > 0) || !std::isfinite(v)) return 1;
  const double e = std::floor(std::log10(v)), decade = std::pow(10.0, e);
  static const double steps[] = {1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 6, 8};
  for (const double step : steps)
    if (step * decade >= v * (1 - 1e-9)) return step * decade;
  return std::pow(10.0, e + 1);  // (10 * decade may be a rounding below it)
}

DiscBatch::DiscBatch(ImDrawList* draw, ImTextureID sprite) : draw_(draw), sprite_(sprite) {
  if (sprite_) draw_->PushTextureID(sprite_);
}

DiscBatch::~DiscBatch() {
  if (sprite_) draw_->PopTextureID();
}

void DiscBatch::add(ImVec2 centre, float radius, ImU32 colour) {
  if (!sprite_) {
    draw_->AddCircleFilled(centre, radius, colour, radius < 6 ? 10 : 16);
    return;
  }
  const float half = radius / ui_disc_radius;  // the sprite's margin is transparent
  draw_->PrimReserve(6, 4);
  draw_->PrimRectUV(ImVec2(centre.x - half, centre.y - half), ImVec2(centre.x + half, centre.y + half),
                    ImVec2(0, 0), ImVec2(1, 1), colour);
}

}  // namespace relulab
