// region_overlay.cpp: the partition's edges rasterised once per partition (region_overlay.h).
#include "gfx/region_overlay.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>

#include "gfx/view_raster.h"

namespace relulab {

namespace {

double seconds_now() {
  using clock = std::chrono::steady_clock;
  return std::chrono::duration<double>(clock::now().time_since_epoch()).count();
}

// Sets a line_px x line_px square of pixels around the pixel holding (x, y) (a point on the
// picture's right or bottom edge: the last pixel).
void plot(RegionOverlay& r, float x, float y, int line_px, const unsigned char* rgba) {
  const int w = r.key.width, h = r.key.height;
  const int i0 = std::min(static_cast<int>(std::floor(x)), w - 1) - (line_px - 1) / 2;
  const int j0 = std::min(static_cast<int>(std::floor(y)), h - 1) - (line_px - 1) / 2;
  for (int j = std::max(0, j0); j < std::min(h, j0 + line_px); ++j)
    for (int i = std::max(0, i0); i < std::min(w, i0 + line_px); ++i)
      std::memcpy(&r.rgba[(static_cast<std::size_t>(j) * w + i) * 4], rgba, 4);
}

// A DDA walk from (x0, y0) to (x1, y1): one pixel per step along the longer axis, both ends set.
void draw_segment(RegionOverlay& r, float x0, float y0, float x1, float y1, int line_px,
                  const unsigned char* rgba) {
  const float dx = x1 - x0, dy = y1 - y0;
  const int steps = static_cast<int>(std::ceil(std::max(std::fabs(dx), std::fabs(dy))));
  for (int t = 0; t < steps; ++t) {
    const float u = static_cast<float>(t) / steps;
    plot(r, x0 + dx * u, y0 + dy * u, line_px, rgba);
  }
  plot(r, x1, y1, line_px, rgba);  // the end exactly (not x0 + dx, which may round across a pixel)
}

// Fills the pixels whose centres lie in convex polygon q (vertices in pixel coordinates), row by
// row: a centre row meets the polygon in one span [xl, xr); the half-open rule gives a pixel on a
// shared edge to one neighbour.
void fill_polygon(RegionOverlay& r, const Partition& p, int q, double sx, double sy,
                  const unsigned char* rgba) {
  const Rect& d = p.domain;
  const int f = p.first[q], n = p.first[q + 1] - f;
  double top = HUGE_VAL, bottom = -HUGE_VAL;
  for (int k = 0; k < n; ++k) {
    const double y = (d.y1 - p.vy[f + k]) * sy;
    top = std::min(top, y);
    bottom = std::max(bottom, y);
  }
  const int w = r.key.width, h = r.key.height;
  const int j0 = std::max(0, static_cast<int>(std::ceil(top - 0.5))),
            j1 = std::min(h, static_cast<int>(std::ceil(bottom - 0.5)));
  for (int j = j0; j < j1; ++j) {
    const double yc = j + 0.5;
    double xl = HUGE_VAL, xr = -HUGE_VAL;
    for (int k = 0; k < n; ++k) {
      const int kn = k + 1 == n ? 0 : k + 1;
      const double ya = (d.y1 - p.vy[f + k]) * sy, yb = (d.y1 - p.vy[f + kn]) * sy;
      if ((ya <= yc) == (yb <= yc)) continue;  // the edge does not cross the centre row
      const double xa = (p.vx[f + k] - d.x0) * sx, xb = (p.vx[f + kn] - d.x0) * sx;
      const double x = xa + (xb - xa) * (yc - ya) / (yb - ya);
      xl = std::min(xl, x);
      xr = std::max(xr, x);
    }
    if (!(xl <= xr)) continue;
    const int i0 = std::max(0, static_cast<int>(std::ceil(xl - 0.5))),
              i1 = std::min(w, static_cast<int>(std::ceil(xr - 0.5)));
    for (int i = i0; i < i1; ++i)
      std::memcpy(&r.rgba[(static_cast<std::size_t>(j) * w + i) * 4], rgba, 4);
  }
}

void upload(RegionOverlay& r) {
  const int w = r.key.width, h = r.key.height;
  if (!r.texture) glGenTextures(1, &r.texture);
  glBindTexture(GL_TEXTURE_2D, r.texture);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  if (r.texture_width != w || r.texture_height != h) {
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, w, h, 0, GL_RGBA, GL_UNSIGNED_BYTE, r.rgba.data());
    // one texel per pixel of the plot: nearest keeps the lines crisp
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    r.texture_width = w;
    r.texture_height = h;
  } else {
    glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, r.rgba.data());
  }
  glBindTexture(GL_TEXTURE_2D, 0);
}

}  // namespace

bool operator==(const OverlayKey& a, const OverlayKey& b) {
  return a.partition == b.partition && a.layers == b.layers && a.by_layer == b.by_layer &&
         a.fill == b.fill && a.width == b.width && a.height == b.height && a.line_px == b.line_px;
}

void overlay_edge_colour(int layer, bool by_layer, unsigned char* rgba) {
  if (!by_layer) {  // dark and slightly see-through: readable over the orange/blue and the pastels
    rgba[0] = 24, rgba[1] = 24, rgba[2] = 30, rgba[3] = 215;
    return;
  }
  const std::uint32_t c = partition_layer_rgb(layer);
  rgba[0] = static_cast<unsigned char>(c >> 16);
  rgba[1] = static_cast<unsigned char>(c >> 8);
  rgba[2] = static_cast<unsigned char>(c);
  rgba[3] = 255;
}

void build_region_overlay(RegionOverlay& r, const Partition& p, const OverlayKey& key,
                          bool upload_now) {
  const double t0 = seconds_now();
  r.key = key;
  const int w = std::max(key.width, 1), h = std::max(key.height, 1);
  r.key.width = w;
  r.key.height = h;
  r.rgba.assign(static_cast<std::size_t>(w) * h * 4, 0);
  r.segments.clear();
  r.seg_layer.clear();
  if (p.polygons() > 0) {
    const Rect& d = p.domain;
    const double sx = w / (d.x1 - d.x0), sy = h / (d.y1 - d.y0);
    const int layers = std::clamp(key.layers, 1, std::max(p.layers, 1));
    if (key.fill && p.layers > 0) {
      unsigned char rgba[4];
      for (int q = 0; q < p.polygons(); ++q) {
        region_pixel(pattern_hash(p, q, layers), rgba);
        fill_polygon(r, p, q, sx, sy, rgba);
      }
    }
    std::vector<float> xy;
    partition_edges(p, layers - 1, &xy, &r.seg_layer);
    r.segments.resize(xy.size());
    for (std::size_t k = 0; k < xy.size(); k += 2) {
      r.segments[k] = static_cast<float>((xy[k] - d.x0) * sx);
      r.segments[k + 1] = static_cast<float>((d.y1 - xy[k + 1]) * sy);
    }
    // later layers first: the coarser partition's cuts stay on top
    for (int l = layers - 1; l >= 0; --l) {
      unsigned char rgba[4];
      overlay_edge_colour(l, key.by_layer, rgba);
      for (std::size_t e = 0; e < r.seg_layer.size(); ++e)
        if (r.seg_layer[e] == l)
          draw_segment(r, r.segments[4 * e], r.segments[4 * e + 1], r.segments[4 * e + 2],
                       r.segments[4 * e + 3], key.line_px, rgba);
    }
  }
  if (upload_now) upload(r);
  r.build_ms = (seconds_now() - t0) * 1e3;
  ++r.builds;
}

void region_overlay_release(RegionOverlay& r) {
  if (r.texture) glDeleteTextures(1, &r.texture);
  r.texture = 0;
  r.texture_width = r.texture_height = 0;
}

}  // namespace relulab
