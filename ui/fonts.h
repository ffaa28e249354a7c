// fonts.h: the UI's TrueType font, rasterised at the display's own pixel scale.
//
// The text is DejaVu Sans from Debian's fonts-dejavu-core, cut at build time by pyftsubset to the
// code points the UI draws (ui/CMakeLists.txt) and embedded by ui/embed_font.cmake. build_fonts()
// rebuilds ImGui's font atlas so that one logical pixel of text (a CSS pixel on the page, a window
// point on the desktop) is `pixel_scale` pixels of the atlas: glyphs are rasterised at the device's
// resolution (devicePixelRatio, or drawable size / window size), 1:1 with the framebuffer, instead of
// being drawn at 1x and upscaled. ImGui keeps laying out in logical pixels (io.FontGlobalScale =
// 1 / pixel_scale), so panels, layouts and mouse coordinates are unchanged by the pixel ratio.
//
// Sizes are CSS font sizes: `em_px` is the em square in logical pixels (ImGui's own SizePixels is
// ascent - descent, about 1.16 em for DejaVu Sans; latin_height_per_em() converts).
//
// Hook for other scripts (the Chinese UI's CJK font): FontSpec::merge. Each FontMerge is added with
// ImFontConfig::MergeMode into the same ImFont, at the same em and pixel scale, after the Latin
// glyphs, so every rebuild (a new pixel ratio, UI scale or layout) rasterises it crisply too:
//
//   s.screen.font_merge.push_back({cjk_ttf, cjk_ttf_size, cjk_ranges});  // data must outlive the atlas
//   s.screen.fonts_dirty = true;                                           // rebuilt before the next frame
#pragma once

#include <vector>

#include "imgui.h"

namespace relulab {

// Text size (CSS font-size, logical px) at UI scale 1: the desktop layout, and the phone layout
// (at least 14 CSS px on a phone).
constexpr float desktop_em_px = 13;
constexpr float phone_em_px = 15;

// A font whose glyphs are merged into the UI font after the Latin ones.
struct FontMerge {
  const void* ttf = nullptr;         // TTF bytes; not copied: must outlive the atlas
  int ttf_size = 0;
  const ImWchar* ranges = nullptr;   // ImGui glyph ranges (first, last, ..., 0); must outlive the atlas
  float em_scale = 1;                // its em relative to the Latin em (1: same CSS font-size; each
                                     // font's own ascent and descent are accounted for)
  float baseline_offset = 0;         // logical px down (ImFontConfig::GlyphOffset.y), to align baselines
};

struct FontSpec {
  float em_px = desktop_em_px;       // logical em: the layout's base size times the UI scale
  float pixel_scale = 1;             // device pixels per logical pixel
  std::vector<FontMerge> merge;      // the hook above
};

// Rebuilds io.Fonts from `spec` (clears it first) and sets io.FontGlobalScale = 1 / pixel_scale.
// Returns the UI font. Touches no GL: with a renderer, re-upload the atlas texture afterwards
// (ImGui_ImplOpenGL3_DestroyFontsTexture / CreateFontsTexture).
ImFont* build_fonts(const FontSpec& spec);

// ImGui SizePixels (hhea ascent - descent) for an em of one pixel: of any TTF, of the embedded one.
float height_per_em(const void* ttf, int ttf_size);
float latin_height_per_em();

// The em, in logical pixels, of the font ImGui draws with in the current window (or, outside a
// frame, of the default font): the size the phone test holds to >= 14 CSS px.
float current_em_px();

}  // namespace relulab
