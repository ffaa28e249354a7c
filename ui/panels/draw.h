// draw.h: small drawing helpers shared by the panels (ImGui draw list only, so they work headless
// too): diverging colours, a field of values drawn as a grid of cells, heat cells, discs.
#pragma once

#include "imgui.h"

namespace relulab {

// t in [-1, 1]: class-0 orange (-1) -> neutral (0) -> class-1 blue (+1), as the Playground shades.
ImU32 diverging_colour(float t, float alpha = 1.0f);
// A distinct colour for series k (layers, lanes) on the dark chart background.
ImU32 series_colour(int k);

// t in [0, 1]: dark -> bright (sequential, for frequencies and masks).
ImU32 sequential_colour(float t);

// A w x h field (row-major from the top row) drawn into the square [p0, p0 + size]. Values are
// divided by `scale` and shaded diverging; with `mask` they are 0/1 and shaded sequential.
// `step` samples every step-th cell (thumbnails of big nets).
void draw_field(ImDrawList* draw, ImVec2 p0, ImVec2 size, const float* values, int w, int h,
                float scale, bool mask, int step = 1);

// The smallest value >= v of the form {1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 6, 8} x 10^k (1 for v <= 0).
// A chart's time axis ends on one, so a new point extends what is drawn instead of rescaling it
// (the renderer then redraws only the new end), and the data fill at least 75% of the axis.
double nice_ceil(double v);

// Filled discs, many at a time (data points). With `sprite`, the UI renderer's disc texture
// (gfx/ui_renderer.h), each disc is one textured quad; without one (headless) an anti-aliased
// polygon. The batch binds the texture from construction to destruction: draw nothing else with it.
class DiscBatch {
 public:
  DiscBatch(ImDrawList* draw, ImTextureID sprite);
  ~DiscBatch();
  DiscBatch(const DiscBatch&) = delete;
  DiscBatch& operator=(const DiscBatch&) = delete;
  void add(ImVec2 centre, float radius, ImU32 colour);

 private:
  ImDrawList* draw_;
  ImTextureID sprite_;
};

}  // namespace relulab
