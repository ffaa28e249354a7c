// view_png.cpp: the main view on the CPU as a PNG (view_png.h).
#include "gfx/view_png.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "gfx/colours.h"
#include "instruments/grid.h"

#include <stb/stb_image_write.h>

namespace relulab {

namespace {

// The colour of a linear region's hash (pastel, so points stay visible). Same as the shader's.
void region_colour(std::uint64_t h, unsigned char* rgb) {
  const std::uint32_t x = static_cast<std::uint32_t>(h ^ (h >> 32));
  rgb[0] = static_cast<unsigned char>(90 + (x & 0xff) * 165 / 255);
  rgb[1] = static_cast<unsigned char>(90 + ((x >> 8) & 0xff) * 165 / 255);
  rgb[2] = static_cast<unsigned char>(90 + ((x >> 16) & 0xff) * 165 / 255);
}

void png_writer(void* context, void* data, int size) {
  auto* out = static_cast<std::vector<unsigned char>*>(context);
  const auto* bytes = static_cast<const unsigned char*>(data);
  out->insert(out->end(), bytes, bytes + size);
}

}  // namespace

std::vector<unsigned char> render_view_png(const AppState& s, int size) {
  const Network& net = s.run.trainer.net;
  GridSpec g = grid_over(s.view.domain, size, size);
  const size_t n = static_cast<size_t>(size) * size;
  std::vector<unsigned char> rgb(n * 3);
  const bool unit_view = s.view.mode == MainView::unit && s.view.layer < net.hidden_count();
  if (s.view.mode == MainView::regions) {
    std::vector<std::uint64_t> pattern;
    eval_patterns(net, g, pattern);
    for (size_t i = 0; i < n; ++i) region_colour(pattern[i], &rgb[3 * i]);
  } else {
    std::vector<float> v;
    float scale = 1;
    if (unit_view) {
      eval_grid(net, g, s.view.unit_mask ? GridField::unit_mask : GridField::unit_value, s.view.layer, s.view.unit, v);
      for (float x : v) scale = std::max(scale, std::fabs(x));
    } else {
      eval_grid(net, g, GridField::output, 0, 0, v);
    }
    const Output out = net.spec.output;
    for (size_t i = 0; i < n; ++i) {
      float t = v[i];
      Rgb c = neutral_colour;
      float a = 0;
      if (unit_view && s.view.unit_mask) {
        c = t > 0.5f ? Rgb{30 / 255.f, 30 / 255.f, 36 / 255.f} : Rgb{236 / 255.f, 236 / 255.f, 240 / 255.f};
      } else if (!unit_view && out == Output::softmax_ce) {
        c = class_colours[std::clamp(static_cast<int>(t), 0, palette_size - 1)];
        a = 0.75f;
        c = {neutral_colour.r + (c.r - neutral_colour.r) * a, neutral_colour.g + (c.g - neutral_colour.g) * a,
             neutral_colour.b + (c.b - neutral_colour.b) * a};
      } else {
        if (unit_view) t /= scale;
        else if (out == Output::sigmoid_bce) t = 2 * t - 1;
        t = std::clamp(t, -1.0f, 1.0f);
        a = (s.view.discrete_boundary && !unit_view ? 1.0f : std::fabs(t)) * 0.75f;
        const Rgb& e = class_colours[t > 0 ? 1 : 0];
        c = {neutral_colour.r + (e.r - neutral_colour.r) * a, neutral_colour.g + (e.g - neutral_colour.g) * a,
             neutral_colour.b + (e.b - neutral_colour.b) * a};
      }
      rgb[3 * i] = static_cast<unsigned char>(255 * c.r);
      rgb[3 * i + 1] = static_cast<unsigned char>(255 * c.g);
      rgb[3 * i + 2] = static_cast<unsigned char>(255 * c.b);
    }
  }
  // points: filled discs with a white (train) or dark (test) ring
  const Dataset& d = s.run.trainer.data;
  const float radius = std::max(2.5f, size / 160.0f);
  auto disc = [&](const Point& p, bool test) {
    const float cx = (p.x1 - g.x0) / (g.x1 - g.x0) * size, cy = (g.y1 - p.x2) / (g.y1 - g.y0) * size;
    Rgb fill;
    if (d.regression) {
      const float t = std::clamp(p.label, -1.0f, 1.0f);
      const Rgb& e = class_colours[t > 0 ? 1 : 0];
      const float a = std::fabs(t);
      fill = {neutral_colour.r + (e.r - neutral_colour.r) * a, neutral_colour.g + (e.g - neutral_colour.g) * a,
              neutral_colour.b + (e.b - neutral_colour.b) * a};
    } else {
      fill = class_colours[std::clamp(static_cast<int>(p.label), 0, palette_size - 1)];
    }
    const int r = static_cast<int>(std::ceil(radius + 1.5f));
    for (int y = static_cast<int>(cy) - r; y <= static_cast<int>(cy) + r; ++y)
      for (int x = static_cast<int>(cx) - r; x <= static_cast<int>(cx) + r; ++x) {
        if (x < 0 || y < 0 || x >= size || y >= size) continue;
        const float dist = std::sqrt((x + 0.5f - cx) * (x + 0.5f - cx) + (y + 0.5f - cy) * (y + 0.5f - cy));
        unsigned char* px = &rgb[3 * (static_cast<size_t>(y) * size + x)];
        if (dist <= radius) {
          px[0] = static_cast<unsigned char>(255 * fill.r);
          px[1] = static_cast<unsigned char>(255 * fill.g);
          px[2] = static_cast<unsigned char>(255 * fill.b);
        } else if (dist <= radius + 1.5f) {
          const unsigned char ring = test ? 30 : 255;
          px[0] = px[1] = px[2] = ring;
        }
      }
  };
  if (s.view.show_test_points)
    for (const Point& p : d.test) disc(p, true);
  for (const Point& p : d.train) disc(p, false);
  std::vector<unsigned char> png;
  stbi_write_png_to_func(png_writer, &png, size, size, 3, rgb.data(), size * 3);
  return png;
}

}  // namespace relulab
