// ui_renderer.cpp: ImGui's frame, redrawn where it changed (see ui_renderer.h).
#include "gfx/ui_renderer.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstring>
#include <vector>

#include "gfx/shader.h"
#include "shaders_embedded.h"

namespace relulab {

namespace {

std::uint64_t mix(std::uint64_t h, std::uint64_t v) {
  h ^= v + 0x9E3779B97F4A7C15ull + (h << 6) + (h >> 2);
  h ^= h >> 31;
  h *= 0xBF58476D1CE4E5B9ull;
  return h ^ (h >> 29);
}

std::uint64_t bits(float f) {
  std::uint32_t u;
  std::memcpy(&u, &f, sizeof u);
  return u;
}

std::uint64_t vertex_hash(std::uint64_t h, const ImDrawVert& v) {
  h = mix(h, bits(v.pos.x) | bits(v.pos.y) << 32);
  h = mix(h, bits(v.uv.x) | bits(v.uv.y) << 32);
  return mix(h, v.col);
}

// Which texels of a texture drawn by one triangle each framebuffer pixel samples: the affine map
// from pixel centres to texel coordinates that the triangle's vertices define (exact for ImGui's
// image quads, whatever their scale or flip), used to find the blocks a tile of pixels depends on.
struct TexelMap {
  bool affine = false;  // false: degenerate triangle, use `bounds`
  double t0 = 0, tx = 0, ty = 0;  // texel x = t0 + tx * X + ty * Y (X, Y: framebuffer pixel centre)
  double s0 = 0, sx = 0, sy = 0;  // texel y likewise
  double bounds[4] = {0, 0, 0, 0};  // the triangle's texel bounding box: x0, y0, x1, y1
};

TexelMap texel_map(const ImDrawVert* v[3], ImVec2 origin, ImVec2 scale, const UiTextureVersion& image) {
  TexelMap m;
  double X[3], Y[3], U[3], V[3];
  for (int i = 0; i < 3; ++i) {
    X[i] = (v[i]->pos.x - origin.x) * scale.x;
    Y[i] = (v[i]->pos.y - origin.y) * scale.y;
    U[i] = v[i]->uv.x * image.width - 0.5;  // texel-centre coordinates: texel k is centred at k
    V[i] = v[i]->uv.y * image.height - 0.5;
  }
  m.bounds[0] = std::min({U[0], U[1], U[2]});
  m.bounds[1] = std::min({V[0], V[1], V[2]});
  m.bounds[2] = std::max({U[0], U[1], U[2]});
  m.bounds[3] = std::max({V[0], V[1], V[2]});
  const double ax = X[1] - X[0], bx = X[2] - X[0], ay = Y[1] - Y[0], by = Y[2] - Y[0];
  const double det = ax * by - bx * ay;
  if (std::fabs(det) < 1e-9) return m;
  const double du1 = U[1] - U[0], du2 = U[2] - U[0], dv1 = V[1] - V[0], dv2 = V[2] - V[0];
  m.tx = (du1 * by - du2 * ay) / det;
  m.ty = (du2 * ax - du1 * bx) / det;
  m.sx = (dv1 * by - dv2 * ay) / det;
  m.sy = (dv2 * ax - dv1 * bx) / det;
  m.t0 = U[0] - m.tx * X[0] - m.ty * Y[0];
  m.s0 = V[0] - m.sx * X[0] - m.sy * Y[0];
  m.affine = true;
  return m;
}

// The newest version among the blocks holding a texel that pixels [x0, x1) x [y0, y1) sample with
// linear filtering (the two texels around each sample point, clamped to the edge), with a texel of
// margin for rounding.
std::uint64_t newest_block(const UiTextureVersion& image, const TexelMap& m, int x0, int y0, int x1, int y1) {
  double lo_u = m.bounds[0], lo_v = m.bounds[1], hi_u = m.bounds[2], hi_v = m.bounds[3];
  if (m.affine) {
    lo_u = lo_v = 1e300;
    hi_u = hi_v = -1e300;
    for (const double X : {x0 + 0.5, x1 - 0.5})
      for (const double Y : {y0 + 0.5, y1 - 0.5}) {
        const double u = m.t0 + m.tx * X + m.ty * Y, v = m.s0 + m.sx * X + m.sy * Y;
        lo_u = std::min(lo_u, u);
        hi_u = std::max(hi_u, u);
        lo_v = std::min(lo_v, v);
        hi_v = std::max(hi_v, v);
      }
  }
  auto texel = [](double t, int size) { return static_cast<int>(std::clamp(t, -1.0, static_cast<double>(size))); };
  const int tu0 = std::max(0, texel(std::floor(lo_u) - 1, image.width));
  const int tu1 = std::min(image.width - 1, texel(std::floor(hi_u) + 2, image.width));
  const int tv0 = std::max(0, texel(std::floor(lo_v) - 1, image.height));
  const int tv1 = std::min(image.height - 1, texel(std::floor(hi_v) + 2, image.height));
  std::uint64_t newest = 0;
  for (int by = tv0 / image.block_px; by <= tv1 / image.block_px && by < image.blocks_y; ++by)
    for (int bx = tu0 / image.block_px; bx <= tu1 / image.block_px && bx < image.blocks_x; ++bx)
      newest = std::max(newest, image.blocks[static_cast<std::size_t>(by) * image.blocks_x + bx]);
  return newest;
}

// The pixels an opaque axis-aligned quad fills entirely, when indices idx[0..5] are one (ImGui's
// PrimRect and PrimRectUV: triangles (a, b, c) and (a, c, d) over corners a, b, c, d in turn), its
// colour is opaque and its texels are (the font atlas's white pixel, or an opaque image); else empty.
UiRenderer::PixelRect opaque_quad(const ImDrawIdx* idx, const ImDrawVert* vtx, bool opaque_texture,
                                  ImVec2 white_uv, ImVec2 origin, ImVec2 scale) {
  UiRenderer::PixelRect none{0, 0, 0, 0};
  if (idx[3] != idx[0] || idx[4] != idx[2]) return none;
  const ImDrawVert &a = vtx[idx[0]], &b = vtx[idx[1]], &c = vtx[idx[2]], &d = vtx[idx[5]];
  const bool rectangle = (a.pos.y == b.pos.y && b.pos.x == c.pos.x && c.pos.y == d.pos.y && d.pos.x == a.pos.x) ||
                         (a.pos.x == b.pos.x && b.pos.y == c.pos.y && c.pos.x == d.pos.x && d.pos.y == a.pos.y);
  if (!rectangle) return none;
  for (const ImDrawVert* v : {&a, &b, &c, &d}) {
    if ((v->col & IM_COL32_A_MASK) != IM_COL32_A_MASK) return none;
    if (!opaque_texture && (v->uv.x != white_uv.x || v->uv.y != white_uv.y)) return none;
  }
  // pixels whose whole square lies inside the quad
  const float x0 = (std::min(a.pos.x, c.pos.x) - origin.x) * scale.x, x1 = (std::max(a.pos.x, c.pos.x) - origin.x) * scale.x;
  const float y0 = (std::min(a.pos.y, c.pos.y) - origin.y) * scale.y, y1 = (std::max(a.pos.y, c.pos.y) - origin.y) * scale.y;
  return {static_cast<int>(std::ceil(x0)), static_cast<int>(std::ceil(y0)), static_cast<int>(std::floor(x1)),
          static_cast<int>(std::floor(y1))};
}

bool contains(const UiRenderer::PixelRect& outer, const UiRenderer::PixelRect& inner) {
  return outer.x0 <= inner.x0 && outer.y0 <= inner.y0 && outer.x1 >= inner.x1 && outer.y1 >= inner.y1;
}

void release_picture(UiRenderer& r) {
  if (r.fbo) glDeleteFramebuffers(1, &r.fbo);
  if (r.picture) glDeleteTextures(1, &r.picture);
  r.fbo = r.picture = 0;
  r.width = r.height = 0;
  r.picture_valid = false;
}

// The picture's size and its damage tiles, all unknown (picture_valid stays false until drawn).
void size_tiles(UiRenderer& r, int width, int height) {
  r.width = width;
  r.height = height;
  r.tiles_x = (width + ui_tile_px - 1) / ui_tile_px;
  r.tiles_y = (height + ui_tile_px - 1) / ui_tile_px;
  r.tile_hash.assign(static_cast<std::size_t>(r.tiles_x) * r.tiles_y, 0);
  r.last_tile_hash = r.tile_hash;
  r.tile_rect.assign(r.tile_hash.size(), -1);
  r.picture_valid = false;
}

void ensure_picture(UiRenderer& r, int width, int height) {
  if (r.width == width && r.height == height && (r.picture || r.in_window)) return;
  release_picture(r);
  if (r.in_window) {  // the window's framebuffer is the picture: nothing to allocate
    size_tiles(r, width, height);
    return;
  }
  glGenTextures(1, &r.picture);
  glBindTexture(GL_TEXTURE_2D, r.picture);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
  glBindTexture(GL_TEXTURE_2D, 0);
  glGenFramebuffers(1, &r.fbo);
  glBindFramebuffer(GL_FRAMEBUFFER, r.fbo);
  glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, r.picture, 0);
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  size_tiles(r, width, height);
}

// Dirty tiles -> disjoint rectangles: runs of dirty tiles along each row, a run extending the
// rectangle above it when it spans the same columns.
void build_rects(UiRenderer& r, const std::vector<char>& dirty) {
  r.rects.clear();
  std::vector<std::pair<int, int>> above, row;  // (first column, rect) of the previous row's runs
  for (int ty = 0; ty < r.tiles_y; ++ty) {
    row.clear();
    for (int tx = 0; tx < r.tiles_x;) {
      if (!dirty[static_cast<std::size_t>(ty) * r.tiles_x + tx]) {
        ++tx;
        continue;
      }
      int end = tx;
      while (end < r.tiles_x && dirty[static_cast<std::size_t>(ty) * r.tiles_x + end]) ++end;
      const int x0 = tx * ui_tile_px, x1 = std::min(end * ui_tile_px, r.width);
      int rect = -1;
      for (const auto& [col, id] : above)
        if (col == tx && r.rects[id].x1 == x1) rect = id;
      if (rect >= 0) {
        r.rects[rect].y1 = std::min((ty + 1) * ui_tile_px, r.height);
      } else {
        rect = static_cast<int>(r.rects.size());
        r.rects.push_back({x0, ty * ui_tile_px, x1, std::min((ty + 1) * ui_tile_px, r.height)});
      }
      for (int t = tx; t < end; ++t) r.tile_rect[static_cast<std::size_t>(ty) * r.tiles_x + t] = rect;
      row.emplace_back(tx, rect);
      tx = end;
    }
    above.swap(row);
  }
}

UiRenderer::PixelRect intersect(const UiRenderer::PixelRect& a, const UiRenderer::PixelRect& b) {
  return {std::max(a.x0, b.x0), std::max(a.y0, b.y0), std::min(a.x1, b.x1), std::min(a.y1, b.y1)};
}

// The disc sprite: coverage of a disc of radius ui_disc_radius (of the half side) per texel, from
// 8 x 8 samples, as white with that alpha; mipmaps by GL.
GLuint make_disc_texture() {
  constexpr int n = ui_disc_texture_px, samples = 8;
  std::vector<unsigned char> rgba(static_cast<std::size_t>(n) * n * 4, 255);
  const double half = n * 0.5, radius = ui_disc_radius * half;
  for (int y = 0; y < n; ++y)
    for (int x = 0; x < n; ++x) {
      int inside = 0;
      for (int sy = 0; sy < samples; ++sy)
        for (int sx = 0; sx < samples; ++sx) {
          const double dx = x + (sx + 0.5) / samples - half, dy = y + (sy + 0.5) / samples - half;
          inside += dx * dx + dy * dy <= radius * radius;
        }
      rgba[(static_cast<std::size_t>(y) * n + x) * 4 + 3] =
          static_cast<unsigned char>((inside * 255 + samples * samples / 2) / (samples * samples));
    }
  GLuint texture = 0;
  glGenTextures(1, &texture);
  glBindTexture(GL_TEXTURE_2D, texture);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, n, n, 0, GL_RGBA, GL_UNSIGNED_BYTE, rgba.data());
  glGenerateMipmap(GL_TEXTURE_2D);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR_MIPMAP_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  glBindTexture(GL_TEXTURE_2D, 0);
  return texture;
}

void finish_stats(UiRenderer& r, int tiles, int dirty_tiles, int rect_count, int draws, long drawn,
                  int width, int height) {
  double area = 0;
  for (const UiRenderer::PixelRect& rect : r.rects)
    area += static_cast<double>(rect.x1 - rect.x0) * (rect.y1 - rect.y0);
  r.stats.tiles = tiles;
  r.stats.dirty_tiles = dirty_tiles;
  r.stats.rects = rect_count;
  r.stats.draws = draws;
  r.stats.triangles = drawn;
  r.stats.triangles_total = static_cast<long>(r.triangles.size());
  r.stats.redrawn = area / (static_cast<double>(width) * height);
}

}  // namespace

void ui_renderer_init(UiRenderer& r, bool window_preserved) {
  r = UiRenderer{};
  r.in_window = window_preserved;
  r.program = build_program(shader_source::ui_vert, shader_source::ui_frag, &r.error);
  if (!r.program) return;
  r.loc_scale = glGetUniformLocation(r.program, "scale");
  r.loc_offset = glGetUniformLocation(r.program, "offset");
  r.loc_atlas = glGetUniformLocation(r.program, "atlas");
  r.copy_program = build_program(shader_source::fullscreen_vert, shader_source::copy_frag, &r.error);
  if (!r.copy_program) return;
  r.loc_picture = glGetUniformLocation(r.copy_program, "picture");
  glGenVertexArrays(1, &r.copy_vao);
  glGenVertexArrays(1, &r.vao);
  glGenBuffers(1, &r.vbo);
  glGenBuffers(1, &r.ibo);
  glBindVertexArray(r.vao);
  glBindBuffer(GL_ARRAY_BUFFER, r.vbo);
  glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, r.ibo);
  glEnableVertexAttribArray(0);
  glEnableVertexAttribArray(1);
  glEnableVertexAttribArray(2);
  const GLsizei stride = sizeof(ImDrawVert);
  glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, stride,
                        reinterpret_cast<void*>(offsetof(ImDrawVert, pos)));
  glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, stride,
                        reinterpret_cast<void*>(offsetof(ImDrawVert, uv)));
  glVertexAttribPointer(2, 4, GL_UNSIGNED_BYTE, GL_TRUE, stride,
                        reinterpret_cast<void*>(offsetof(ImDrawVert, col)));
  glBindVertexArray(0);
  glBindBuffer(GL_ARRAY_BUFFER, 0);
  r.disc = make_disc_texture();
  r.ready = true;
}

void ui_renderer_shutdown(UiRenderer& r) {
  release_picture(r);
  if (r.vao) glDeleteVertexArrays(1, &r.vao);
  if (r.vbo) glDeleteBuffers(1, &r.vbo);
  if (r.ibo) glDeleteBuffers(1, &r.ibo);
  if (r.program) glDeleteProgram(r.program);
  if (r.copy_program) glDeleteProgram(r.copy_program);
  if (r.copy_vao) glDeleteVertexArrays(1, &r.copy_vao);
  if (r.disc) glDeleteTextures(1, &r.disc);
  r = UiRenderer{};
}

void ui_renderer_draw(UiRenderer& r, const ImDrawData* data, const float clear[4],
                      const std::vector<UiTextureVersion>& images) {
  if (!r.ready || !data) return;
  const int width = static_cast<int>(data->DisplaySize.x * data->FramebufferScale.x);
  const int height = static_cast<int>(data->DisplaySize.y * data->FramebufferScale.y);
  if (width <= 0 || height <= 0) return;
  ensure_picture(r, width, height);
  const ImVec2 origin = data->DisplayPos, scale = data->FramebufferScale;

  // ---- hash every tile's triangles, in drawing order ----
  std::fill(r.tile_hash.begin(), r.tile_hash.end(), mix(0, bits(clear[0]) ^ bits(clear[1]) << 16 ^
                                                             bits(clear[2]) << 32 ^ bits(clear[3]) << 48));
  r.cmds.clear();
  r.triangles.clear();
  const UiRenderer::PixelRect frame{0, 0, width, height};
  const ImFontAtlas* fonts = ImGui::GetIO().Fonts;  // its white pixel fills ImGui's solid shapes
  for (int l = 0; l < data->CmdListsCount; ++l) {
    const ImDrawList* list = data->CmdLists[l];
    for (const ImDrawCmd& cmd : list->CmdBuffer) {
      if (cmd.UserCallback || cmd.ElemCount == 0) continue;  // the app adds no callbacks
      const UiRenderer::PixelRect clip = intersect(
          frame, {static_cast<int>(std::floor((cmd.ClipRect.x - origin.x) * scale.x)),
                  static_cast<int>(std::floor((cmd.ClipRect.y - origin.y) * scale.y)),
                  static_cast<int>(std::ceil((cmd.ClipRect.z - origin.x) * scale.x)),
                  static_cast<int>(std::ceil((cmd.ClipRect.w - origin.y) * scale.y))});
      if (clip.x0 >= clip.x1 || clip.y0 >= clip.y1) continue;
      const UiTextureVersion* image = nullptr;
      for (const UiTextureVersion& im : images)
        if (im.texture == cmd.TextureId) image = &im;
      const bool blocked = image && image->blocks && image->width > 0 && image->height > 0 && image->block_px > 0;
      // a texture tracked in blocks adds its blocks' versions per tile below, not its own
      const std::uint64_t version = image && !blocked ? image->version : 0;
      std::uint64_t cmd_hash = mix(reinterpret_cast<std::uintptr_t>(cmd.TextureId), version);
      const bool opaque_texture = image && image->opaque;
      const bool atlas = cmd.TextureId == fonts->TexID;
      cmd_hash = mix(cmd_hash, static_cast<std::uint64_t>(clip.x0) | static_cast<std::uint64_t>(clip.y0) << 16 |
                                   static_cast<std::uint64_t>(clip.x1) << 32 |
                                   static_cast<std::uint64_t>(clip.y1) << 48);
      const int cmd_id = static_cast<int>(r.cmds.size());
      r.cmds.push_back({list, l, &cmd, clip});
      const ImDrawIdx* idx = list->IdxBuffer.Data;
      const ImDrawVert* vtx = list->VtxBuffer.Data + cmd.VtxOffset;
      for (unsigned k = cmd.IdxOffset; k + 2 < cmd.IdxOffset + cmd.ElemCount; k += 3) {
        const ImDrawVert &a = vtx[idx[k]], &b = vtx[idx[k + 1]], &c = vtx[idx[k + 2]];
        const float x0 = std::min({a.pos.x, b.pos.x, c.pos.x}), x1 = std::max({a.pos.x, b.pos.x, c.pos.x});
        const float y0 = std::min({a.pos.y, b.pos.y, c.pos.y}), y1 = std::max({a.pos.y, b.pos.y, c.pos.y});
        const UiRenderer::PixelRect cover = intersect(
            clip, {static_cast<int>(std::floor((x0 - origin.x) * scale.x)),
                   static_cast<int>(std::floor((y0 - origin.y) * scale.y)),
                   static_cast<int>(std::ceil((x1 - origin.x) * scale.x)),
                   static_cast<int>(std::ceil((y1 - origin.y) * scale.y))});
        if (cover.x0 >= cover.x1 || cover.y0 >= cover.y1) continue;  // draws no pixel
        std::uint64_t h = vertex_hash(vertex_hash(vertex_hash(cmd_hash, a), b), c);
        const int tx0 = cover.x0 / ui_tile_px, tx1 = (cover.x1 - 1) / ui_tile_px;
        const int ty0 = cover.y0 / ui_tile_px, ty1 = (cover.y1 - 1) / ui_tile_px;
        TexelMap map;
        if (blocked) {
          const ImDrawVert* corners[3] = {&a, &b, &c};
          map = texel_map(corners, origin, scale, *image);
        }
        for (int ty = ty0; ty <= ty1; ++ty)
          for (int tx = tx0; tx <= tx1; ++tx) {
            std::uint64_t& tile = r.tile_hash[static_cast<std::size_t>(ty) * r.tiles_x + tx];
            if (!blocked) {
              tile = mix(tile, h);
              continue;
            }
            // the pixels of this tile the triangle can touch, and the blocks they sample
            const int x0 = std::max(cover.x0, tx * ui_tile_px), x1 = std::min(cover.x1, (tx + 1) * ui_tile_px);
            const int y0 = std::max(cover.y0, ty * ui_tile_px), y1 = std::min(cover.y1, (ty + 1) * ui_tile_px);
            tile = mix(tile, mix(h, newest_block(*image, map, x0, y0, x1, y1)));
          }
        UiRenderer::PixelRect hides{0, 0, 0, 0};  // set on a quad's first triangle only
        if (k + 5 < cmd.IdxOffset + cmd.ElemCount && (opaque_texture || atlas))
          hides = intersect(clip, opaque_quad(idx + k, vtx, opaque_texture, fonts->TexUvWhitePixel, origin, scale));
        r.triangles.push_back({cmd_id, k, cover, hides});
      }
    }
  }

  // ---- which tiles changed, as rectangles ----
  const std::size_t tiles = r.tile_hash.size();
  std::vector<char> dirty(tiles, 0);
  int dirty_tiles = 0;
  for (std::size_t t = 0; t < tiles; ++t) {
    dirty[t] = !r.picture_valid || r.tile_hash[t] != r.last_tile_hash[t];
    dirty_tiles += dirty[t];
  }
  r.last_tile_hash.swap(r.tile_hash);
  std::fill(r.tile_rect.begin(), r.tile_rect.end(), -1);
  if (dirty_tiles * 10 > static_cast<int>(tiles) * 6) {  // mostly changed: one rectangle, fewer draws
    r.rects.assign(1, frame);
    std::fill(r.tile_rect.begin(), r.tile_rect.end(), 0);
  } else {
    build_rects(r, dirty);
  }
  const int rect_count = static_cast<int>(r.rects.size());

  // ---- each rectangle's triangles, in drawing order, grouped by command ----
  if (static_cast<int>(r.rect_indices.size()) < rect_count) {
    r.rect_indices.resize(rect_count);
    r.rect_segments.resize(rect_count);
  }
  for (int q = 0; q < rect_count; ++q) {
    r.rect_indices[q].clear();
    r.rect_segments[q].clear();
  }
  r.rect_stamp.assign(rect_count, -1);
  r.rect_hidden.assign(rect_count, 0);
  r.list_used.assign(data->CmdListsCount, 0);
  long drawn = 0;
  for (std::size_t i = 0; i < r.triangles.size(); ++i) {
    const UiRenderer::Triangle& t = r.triangles[i];
    const int tx0 = t.cover.x0 / ui_tile_px, tx1 = (t.cover.x1 - 1) / ui_tile_px;
    const int ty0 = t.cover.y0 / ui_tile_px, ty1 = (t.cover.y1 - 1) / ui_tile_px;
    for (int ty = ty0; ty <= ty1; ++ty)
      for (int tx = tx0; tx <= tx1; ++tx) {
        const int q = r.tile_rect[static_cast<std::size_t>(ty) * r.tiles_x + tx];
        if (q < 0 || r.rect_stamp[q] == static_cast<int>(i)) continue;
        r.rect_stamp[q] = static_cast<int>(i);
        const UiRenderer::Cmd& cmd = r.cmds[t.cmd];
        std::vector<UiRenderer::Segment>& segments = r.rect_segments[q];
        std::vector<std::uint32_t>& out = r.rect_indices[q];
        // the first triangle of an opaque quad over the whole rectangle (its second follows it):
        // what came before is hidden
        const bool first_half = i + 1 < r.triangles.size() && r.triangles[i + 1].index == t.index + 3 &&
                                r.triangles[i + 1].cmd == t.cmd;
        if (first_half && t.hides.x0 < t.hides.x1 && contains(t.hides, r.rects[q])) {
          drawn -= static_cast<long>(out.size() / 3);
          segments.clear();
          out.clear();
          r.rect_hidden[q] = 1;
        }
        if (segments.empty() || segments.back().cmd != t.cmd) segments.push_back({t.cmd, out.size(), 0});
        const ImDrawIdx* idx = cmd.list->IdxBuffer.Data + t.index;
        for (int v = 0; v < 3; ++v) out.push_back(idx[v] + cmd.cmd->VtxOffset);  // list-relative
        segments.back().count += 3;
        r.list_used[cmd.list_index] = 1;
        ++drawn;
      }
  }

  // ---- upload: the used lists' vertices, every rectangle's indices made global ----
  r.vertices.clear();
  r.list_base.assign(data->CmdListsCount, 0);
  for (int l = 0; l < data->CmdListsCount; ++l) {
    if (!r.list_used[l]) continue;
    r.list_base[l] = static_cast<std::uint32_t>(r.vertices.size());
    const ImDrawList* list = data->CmdLists[l];
    r.vertices.insert(r.vertices.end(), list->VtxBuffer.Data, list->VtxBuffer.Data + list->VtxBuffer.Size);
  }
  r.indices.clear();
  for (int q = 0; q < rect_count; ++q) {
    const std::size_t start = r.indices.size();
    for (UiRenderer::Segment& s : r.rect_segments[q]) {
      const std::uint32_t base = r.list_base[r.cmds[s.cmd].list_index];
      const std::uint32_t* in = r.rect_indices[q].data() + s.first;
      s.first += start;
      for (std::size_t k = 0; k < s.count; ++k) r.indices.push_back(in[k] + base);
    }
  }

  // ---- draw the rectangles into the picture ----
  glBindFramebuffer(GL_FRAMEBUFFER, r.in_window ? 0 : r.fbo);
  glViewport(0, 0, width, height);
  glDisable(GL_CULL_FACE);
  glDisable(GL_DEPTH_TEST);
  glDisable(GL_STENCIL_TEST);
  glEnable(GL_SCISSOR_TEST);
  glClearColor(clear[0], clear[1], clear[2], clear[3]);
  int draws = 0;
  if (rect_count > 0) {
    glEnable(GL_BLEND);
    glBlendEquation(GL_FUNC_ADD);
    glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
    glUseProgram(r.program);
    glUniform1i(r.loc_atlas, 0);
    // display pixels -> clip space, y down
    glUniform2f(r.loc_scale, 2.0f / data->DisplaySize.x, -2.0f / data->DisplaySize.y);
    glUniform2f(r.loc_offset, -1.0f - origin.x * 2.0f / data->DisplaySize.x,
                1.0f + origin.y * 2.0f / data->DisplaySize.y);
    glActiveTexture(GL_TEXTURE0);
    glBindVertexArray(r.vao);
    glBindBuffer(GL_ARRAY_BUFFER, r.vbo);
    glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(r.vertices.size() * sizeof(ImDrawVert)),
                 r.vertices.data(), GL_STREAM_DRAW);
    glBufferData(GL_ELEMENT_ARRAY_BUFFER, static_cast<GLsizeiptr>(r.indices.size() * sizeof(std::uint32_t)),
                 r.indices.data(), GL_STREAM_DRAW);
    ImTextureID bound = nullptr;
    for (int q = 0; q < rect_count; ++q) {
      const UiRenderer::PixelRect& rect = r.rects[q];
      if (!r.rect_hidden[q]) {
        glScissor(rect.x0, height - rect.y1, rect.x1 - rect.x0, rect.y1 - rect.y0);
        glClear(GL_COLOR_BUFFER_BIT);
      }
      // Consecutive segments with the same texture and the same scissor box are one draw: their
      // indices follow each other in the buffer, so the triangles and their order are unchanged
      // (in the page every draw call costs the GPU process about 70 us under SwiftShader).
      const std::vector<UiRenderer::Segment>& segments = r.rect_segments[q];
      for (std::size_t k = 0; k < segments.size();) {
        const UiRenderer::Cmd& cmd = r.cmds[segments[k].cmd];
        const UiRenderer::PixelRect box = intersect(rect, cmd.clip);
        std::size_t first = segments[k].first, count = segments[k].count;
        for (++k; k < segments.size(); ++k) {
          const UiRenderer::Cmd& next = r.cmds[segments[k].cmd];
          const UiRenderer::PixelRect next_box = intersect(rect, next.clip);
          if (next.cmd->TextureId != cmd.cmd->TextureId || segments[k].first != first + count ||
              next_box.x0 != box.x0 || next_box.y0 != box.y0 || next_box.x1 != box.x1 || next_box.y1 != box.y1)
            break;
          count += segments[k].count;
        }
        if (box.x0 >= box.x1 || box.y0 >= box.y1) continue;
        if (cmd.cmd->TextureId != bound || draws == 0) {
          bound = cmd.cmd->TextureId;
          glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(reinterpret_cast<std::intptr_t>(bound)));
        }
        glScissor(box.x0, height - box.y1, box.x1 - box.x0, box.y1 - box.y0);
        glDrawElements(GL_TRIANGLES, static_cast<GLsizei>(count), GL_UNSIGNED_INT,
                       reinterpret_cast<void*>(first * sizeof(std::uint32_t)));
        ++draws;
      }
    }
    glBindVertexArray(0);
    glBindBuffer(GL_ARRAY_BUFFER, 0);
    glBindTexture(GL_TEXTURE_2D, 0);
    glUseProgram(0);
    glDisable(GL_BLEND);
  }
  glDisable(GL_SCISSOR_TEST);
  r.picture_valid = true;

  // ---- the picture to the window (unless it is the window): one triangle, each pixel fetched ----
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  if (!r.in_window) {
    glViewport(0, 0, width, height);
    glDisable(GL_BLEND);
    glUseProgram(r.copy_program);
    glUniform1i(r.loc_picture, 0);
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_2D, r.picture);
    glBindVertexArray(r.copy_vao);
    glDrawArrays(GL_TRIANGLES, 0, 3);
    glBindVertexArray(0);
    glBindTexture(GL_TEXTURE_2D, 0);
    glUseProgram(0);
  }
  finish_stats(r, static_cast<int>(tiles), dirty_tiles, rect_count, draws, drawn, width, height);
  r.stats.hidden_rects = static_cast<int>(std::count(r.rect_hidden.begin(), r.rect_hidden.end(), 1));
}

namespace {

std::vector<unsigned char> read_picture(const UiRenderer& r) {
  std::vector<unsigned char> rgba(static_cast<std::size_t>(r.width) * r.height * 4);
  glBindFramebuffer(GL_FRAMEBUFFER, r.in_window ? 0 : r.fbo);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, r.width, r.height, GL_RGBA, GL_UNSIGNED_BYTE, rgba.data());
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  return rgba;
}

}  // namespace

UiRedrawCheck ui_renderer_check(UiRenderer& r, const ImDrawData* data, const float clear[4],
                                const std::vector<UiTextureVersion>& images) {
  UiRedrawCheck check;
  ui_renderer_draw(r, data, clear, images);
  if (!r.ready || (!r.fbo && !r.in_window)) return check;
  check.redrawn = r.stats.redrawn;
  const UiRenderStats stats = r.stats;
  const std::vector<unsigned char> incremental = read_picture(r);
  r.picture_valid = false;
  ui_renderer_draw(r, data, clear, images);
  r.stats = stats;
  const std::vector<unsigned char> full = read_picture(r);
  for (std::size_t p = 0; p < full.size() / 4; ++p) {
    if (std::memcmp(&full[p * 4], &incremental[p * 4], 3) == 0) continue;  // rgb; alpha is not shown
    if (check.differing++ == 0) {
      check.x = static_cast<int>(p % r.width);
      check.y = r.height - 1 - static_cast<int>(p / r.width);
    }
  }
  return check;
}

}  // namespace relulab
