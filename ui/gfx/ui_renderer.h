// ui_renderer.h: draws Dear ImGui's frame, redrawing only the parts of the window that changed.
//
// Why not imgui_impl_opengl3's RenderDrawData: under software GL (SwiftShader in a browser,
// llvmpipe on a desktop) every pixel of every triangle costs CPU time, and ImGui redraws the whole
// window every frame although, while a network trains, most of it (panels, labels, frames) is the
// same picture as the frame before. The backend also reads GL state back before drawing
// (glGetIntegerv), and in a browser each such read waits for the GPU process to finish all earlier
// work, so the page could never prepare a frame while the last one was being drawn.
//
// This renderer keeps the window's picture between frames: in the window's own framebuffer where
// the platform preserves it (a WebGL canvas made with preserveDrawingBuffer, web/main.cpp), else in
// an offscreen colour texture of the framebuffer's size that is copied to the window each frame
// (the desktop: a swapped buffer's contents are undefined). Each frame it cuts the framebuffer into tiles of `ui_tile_px` pixels and hashes, per tile,
// every triangle that can touch it (its vertices, texture and clip rectangle, in drawing order, and
// the content version of images such as the main view). Tiles whose hash differs from the last
// frame's are merged into rectangles; each rectangle is cleared and only the triangles that overlap
// it are drawn again, clipped to it. Where an opaque quad (a chart's filled background, the main
// view's picture) covers a whole rectangle, nothing drawn before it there is drawn, nor is the
// rectangle cleared: under software GL each layer of pixels costs. The picture is then copied to the window's framebuffer. The
// result is the same picture, pixel for pixel, as drawing everything: a pixel's colour depends
// only on the triangles over it, and all of those are drawn in the original order whenever any of
// them changed. It sets every piece of GL state it uses and reads none back.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "gfx/gl.h"
#include "imgui.h"

namespace relulab {

constexpr int ui_tile_px = 32;  // side of a damage tile, framebuffer pixels
constexpr int ui_disc_texture_px = 64;
constexpr float ui_disc_radius = 28.0f / 32.0f;  // of the texture's half side (the rest is margin)

// The content version of a texture drawn with ImGui::Image: when its pixels change, its version
// does, and every tile that shows it is redrawn. A texture that tracks its changes in blocks (the
// main view's raster, view_raster.h) gives each block's version instead: a tile is then redrawn only
// when a block holding a texel it samples changed, so a picture that changes in a few places (a
// trained network's boundary sharpening) redraws those places, not the whole plot.
struct UiTextureVersion {
  ImTextureID texture = nullptr;
  std::uint64_t version = 0;
  const std::uint64_t* blocks = nullptr;  // blocks_x * blocks_y versions, row 0 = texture row 0
  int blocks_x = 0, blocks_y = 0, block_px = 0;
  int width = 0, height = 0;  // of the texture, texels
  bool opaque = false;        // every texel has alpha 1: an image of it hides what is under it
};

struct UiRenderStats {
  int tiles = 0, dirty_tiles = 0;  // this frame
  int rects = 0, draws = 0;
  int hidden_rects = 0;            // rectangles an opaque quad covered (not cleared, nothing under it drawn)
  long triangles = 0;              // drawn (a triangle over two rectangles counts twice)
  long triangles_total = 0;        // in ImGui's draw data
  double redrawn = 0;              // share of the framebuffer's pixels redrawn, 0..1
};

struct UiRenderer {
  bool ready = false;
  std::string error;
  GLuint program = 0, vao = 0, vbo = 0, ibo = 0;
  GLint loc_scale = -1, loc_offset = -1, loc_atlas = -1;
  GLuint copy_program = 0, copy_vao = 0;  // the picture onto the window (a draw, not a blit)
  GLint loc_picture = -1;
  bool in_window = false;       // the picture is framebuffer 0 (preserved), not `picture`
  GLuint fbo = 0, picture = 0;  // the window's picture, kept between frames (unless in_window)
  // A white disc with an anti-aliased edge on a transparent square, mipmapped, for the data points:
  // a point drawn as a textured quad (2 triangles) instead of an anti-aliased polygon (about 28)
  // costs software GL far less. The disc's radius is ui_disc_radius of the texture's half side.
  GLuint disc = 0;
  int width = 0, height = 0;    // of the picture (framebuffer pixels)
  bool picture_valid = false;   // false: redraw everything next frame
  UiRenderStats stats;

  // scratch, kept to avoid allocation per frame
  struct PixelRect {
    int x0 = 0, y0 = 0, x1 = 0, y1 = 0;  // [x0, x1) x [y0, y1), framebuffer pixels, top-left origin
  };
  struct Cmd {
    const ImDrawList* list;
    int list_index;
    const ImDrawCmd* cmd;
    PixelRect clip;
  };
  struct Triangle {
    int cmd;          // into `cmds`
    unsigned index;   // position of its first index in the list's IdxBuffer
    PixelRect cover;  // the pixels it can touch: its bounding box within the clip rectangle
    // When the triangle is half of an opaque axis-aligned quad (a filled rectangle, an opaque
    // image): the pixels that quad covers entirely, else empty. A damage rectangle inside it need
    // not be cleared nor draw what came before the quad.
    PixelRect hides;
  };
  struct Segment {    // triangles of one command drawn inside one damage rectangle
    int cmd;
    std::size_t first, count;  // into the rectangle's indices, then into `indices`
  };
  int tiles_x = 0, tiles_y = 0;
  std::vector<std::uint64_t> tile_hash, last_tile_hash;
  std::vector<int> tile_rect;  // damage rectangle of each tile, -1 when clean
  std::vector<PixelRect> rects;
  std::vector<int> rect_stamp;
  std::vector<char> rect_hidden;  // a quad drawn in the rectangle hides it entirely: no clear
  std::vector<std::vector<std::uint32_t>> rect_indices;
  std::vector<std::vector<Segment>> rect_segments;
  std::vector<Triangle> triangles;
  std::vector<Cmd> cmds;
  std::vector<std::uint32_t> list_base;  // first vertex of each draw list in `vertices` (if used)
  std::vector<char> list_used;
  std::vector<ImDrawVert> vertices;
  std::vector<std::uint32_t> indices;
};

// Needs a current GL context (3.3 core or WebGL2). `window_preserved`: framebuffer 0 keeps its
// pixels from frame to frame, so the picture is drawn there directly (no copy). On failure r.ready
// is false and r.error says why.
void ui_renderer_init(UiRenderer& r, bool window_preserved);
void ui_renderer_shutdown(UiRenderer& r);
// The next frame redraws everything (fonts rebuilt, a texture replaced under the same name).
inline void ui_renderer_invalidate(UiRenderer& r) { r.picture_valid = false; }

// Draws `data` into the picture (the changed tiles) and, unless the picture is the window's own
// framebuffer, copies it there.
// `clear` is the colour behind the windows; `images` the versions of the images drawn.
void ui_renderer_draw(UiRenderer& r, const ImDrawData* data, const float clear[4],
                      const std::vector<UiTextureVersion>& images);

// The test of the damage tracking: draws `data` as ui_renderer_draw does (only the changed tiles),
// reads the picture back, redraws it in full and reads it again. Any pixel that differs is a bug.
struct UiRedrawCheck {
  long differing = 0;     // pixels whose colour differs between the two
  int x = -1, y = -1;     // the first of them (framebuffer pixels from the top left)
  double redrawn = 0;     // share of the pixels the incremental draw redrew
};
UiRedrawCheck ui_renderer_check(UiRenderer& r, const ImDrawData* data, const float clear[4],
                                const std::vector<UiTextureVersion>& images);

}  // namespace relulab
