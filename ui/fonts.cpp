// fonts.cpp: see fonts.h. The atlas is rasterised by ImGui's stb_truetype at em x pixel scale device
// pixels, without oversampling and with glyphs snapped to whole pixels: at that size each glyph
// texel lands on one framebuffer pixel, which is what keeps text sharp (oversampling exists for
// glyphs placed at fractional positions of an upscaled bitmap, which is the case this avoids).
#include "fonts.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>

#include "font_embedded.h"
#include "imgui_internal.h"

namespace relulab {

namespace {

std::uint32_t read_u32(const unsigned char* p) {
  return (std::uint32_t(p[0]) << 24) | (std::uint32_t(p[1]) << 16) | (std::uint32_t(p[2]) << 8) | p[3];
}
int read_i16(const unsigned char* p) { return static_cast<std::int16_t>((p[0] << 8) | p[1]); }

// The TrueType table `tag` of `font` (size bytes), or null.
const unsigned char* find_table(const unsigned char* font, unsigned size, const char* tag) {
  if (size < 12) return nullptr;
  const unsigned tables = (font[4] << 8) | font[5];
  for (unsigned i = 0; i < tables && 12 + 16 * (i + 1) <= size; ++i) {
    const unsigned char* entry = font + 12 + 16 * i;
    if (std::memcmp(entry, tag, 4) == 0) {
      const std::uint32_t offset = read_u32(entry + 8);
      return offset + 8 <= size ? font + offset : nullptr;
    }
  }
  return nullptr;
}

}  // namespace

float height_per_em(const void* ttf, int ttf_size) {
  // stb_truetype's ScaleForPixelHeight maps hhea ascender - descender to SizePixels; CSS sizes the
  // em (head.unitsPerEm).
  const unsigned char* font = static_cast<const unsigned char*>(ttf);
  const unsigned size = ttf_size > 0 ? static_cast<unsigned>(ttf_size) : 0;
  const unsigned char* head = font ? find_table(font, size, "head") : nullptr;
  const unsigned char* hhea = font ? find_table(font, size, "hhea") : nullptr;
  if (!head || !hhea) return 1.0f;
  const int units_per_em = (head[18] << 8) | head[19];
  const int height = read_i16(hhea + 4) - read_i16(hhea + 6);
  return units_per_em > 0 && height > 0 ? static_cast<float>(height) / units_per_em : 1.0f;
}

float latin_height_per_em() {
  static const float ratio = height_per_em(font_data::latin_ttf, static_cast<int>(font_data::latin_ttf_size));
  return ratio;
}

ImFont* build_fonts(const FontSpec& spec) {
  ImGuiIO& io = ImGui::GetIO();
  const float pixel_scale = std::clamp(spec.pixel_scale, 0.25f, 8.0f);
  const float em_device = std::max(6.0f, spec.em_px * pixel_scale);  // em in atlas (device) pixels
  io.Fonts->Clear();

  ImFontConfig latin;
  latin.FontDataOwnedByAtlas = false;  // static data from font_embedded.h
  latin.OversampleH = latin.OversampleV = 1;
  latin.PixelSnapH = true;
  std::snprintf(latin.Name, sizeof latin.Name, "DejaVu Sans, %.1f px em x %.2f", spec.em_px, pixel_scale);
  ImFont* font = io.Fonts->AddFontFromMemoryTTF(const_cast<unsigned char*>(font_data::latin_ttf),
                                                static_cast<int>(font_data::latin_ttf_size),
                                                std::round(em_device * latin_height_per_em()), &latin,
                                                reinterpret_cast<const ImWchar*>(font_data::latin_ranges));
  // the merge hook: more scripts (the Chinese UI's CJK subset) into the same ImFont, same em and scale
  for (const FontMerge& m : spec.merge) {
    if (!m.ttf || m.ttf_size <= 0) continue;
    ImFontConfig merge;
    merge.MergeMode = true;
    merge.FontDataOwnedByAtlas = false;
    merge.OversampleH = merge.OversampleV = 1;
    merge.PixelSnapH = true;
    merge.GlyphOffset = ImVec2(0, std::round(m.baseline_offset * pixel_scale));
    io.Fonts->AddFontFromMemoryTTF(const_cast<void*>(m.ttf), m.ttf_size,
                                   std::round(em_device * m.em_scale * height_per_em(m.ttf, m.ttf_size)), &merge,
                                   m.ranges);
  }
  io.Fonts->Build();
  io.FontDefault = font;
  io.FontGlobalScale = 1.0f / pixel_scale;
  return font;
}

float current_em_px() {
  const ImGuiContext* g = ImGui::GetCurrentContext();
  if (!g) return 0;
  if (g->CurrentWindow) return ImGui::GetFontSize() / latin_height_per_em();  // includes window font scale
  const ImFont* font = g->IO.FontDefault ? g->IO.FontDefault : g->IO.Fonts->Fonts.Size ? g->IO.Fonts->Fonts[0] : nullptr;
  return font ? font->FontSize * g->IO.FontGlobalScale / latin_height_per_em() : 0;
}

}  // namespace relulab
