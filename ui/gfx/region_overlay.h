// region_overlay.h: the exact partition's edges (core/instruments/regions_exact.h) drawn once into
// a transparent picture the size of the plot, shown over the main view as one textured quad.
//
// A trained net has thousands of edges and a large one hundreds of thousands; drawn as ImGui lines
// each would be two triangles every frame, which software GL (llvmpipe, SwiftShader) rasterises one
// by one. Here they are rasterised on the CPU only when what they show changes (another partition,
// another layer, another plot size): non-antialiased lines one device pixel wide (line_px at
// HiDPI), with a pixel set wherever the segment passes (a DDA walk through the pixel grid, one
// step per pixel along the longer axis), later layers first so that the coarser cuts stay on top.
// After layer L of N < N the edges are coloured by layer (partition_layer_rgb, the SVG's colours),
// else one dark colour; in the linear-regions view at L < N the cells after layer L are filled
// too, coloured as the view colours a pattern (region_pixel), so the picture is the coarser
// partition itself and not the finer one under it.
#pragma once

#include <cstdint>
#include <vector>

#include "gfx/gl.h"
#include "instruments/regions_exact.h"

namespace relulab {

// What an overlay picture depends on.
struct OverlayKey {
  long partition = -1;        // RegionsState::id of the partition drawn
  int layers = 0;             // hidden layers applied (1..N)
  bool by_layer = false;      // edges coloured by layer, else one colour
  bool fill = false;          // cells filled (linear-regions view below the last layer)
  int width = 0, height = 0;  // pixels
  int line_px = 1;            // line width in pixels
};
bool operator==(const OverlayKey& a, const OverlayKey& b);
inline bool operator!=(const OverlayKey& a, const OverlayKey& b) { return !(a == b); }

struct RegionOverlay {
  OverlayKey key;                       // what the picture shows (partition -1: nothing yet)
  std::vector<float> segments;          // the edges drawn, in the picture's pixels: x0, y0, x1, y1
                                        // (x right, y down from the top edge; pixel (i, j) spans
                                        // [i, i + 1) x [j, j + 1)); partition_edges mapped
  std::vector<std::int16_t> seg_layer;  // [segment] hidden layer of its unit
  std::vector<unsigned char> rgba;  // width * height * 4, row 0 at the top; alpha 0 off the edges
  GLuint texture = 0;               // same pixels (0 when headless)
  int texture_width = 0, texture_height = 0;
  double build_ms = 0;  // wall time of the last build
  long builds = 0;
};

// The edge colour: one layer's (by_layer), else the single dark colour; RGBA.
void overlay_edge_colour(int layer, bool by_layer, unsigned char* rgba);

// Rebuilds `r` for `key` from partition `p` (whose domain the picture covers); uploads it when
// `upload` (a GL context is current).
void build_region_overlay(RegionOverlay& r, const Partition& p, const OverlayKey& key, bool upload);
void region_overlay_release(RegionOverlay& r);

}  // namespace relulab
