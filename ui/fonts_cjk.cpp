// fonts_cjk.cpp: see fonts_cjk.h.
#include "fonts_cjk.h"

#include <algorithm>
#include <cmath>

#include "app.h"

#include "cjk_switch_embedded.h"  // generated: cjk_switch_ttf, the glyphs of "中文"
#if RELULAB_CJK_EMBEDDED
#include "cjk_font_embedded.h"  // generated: cjk_font_ttf, cjk_font_ttf_size
#endif

namespace relulab {

namespace {

// A TrueType file starts with version 1.0 (00 01 00 00) or 'true'; an OpenType/CFF one with 'OTTO'.
bool looks_like_font(const std::string& ttf) {
  if (ttf.size() < 12) return false;
  const std::string tag = ttf.substr(0, 4);
  return tag == std::string("\0\1\0\0", 4) || tag == "true" || tag == "OTTO";
}

}  // namespace

void request_language(AppState& s, Lang lang, bool chosen) {
  LanguageState& l = s.language;
  l.wanted = lang;
  l.chosen = l.chosen || chosen;
  if (lang == Lang::zh && l.cjk_font.empty() && !l.cjk_requested) {
    l.cjk_requested = true;
#if RELULAB_CJK_EMBEDDED
    l.cjk_font.assign(reinterpret_cast<const char*>(cjk_font_ttf), cjk_font_ttf_size);
#else
    if (s.platform.fetch_cjk_font) s.platform.fetch_cjk_font();
#endif
  }
  l.font_dirty = language() != lang || (lang == Lang::zh && !l.cjk_font.empty());
}

void app_receive_cjk_font(AppState& s, std::string ttf) {
  if (!looks_like_font(ttf)) {
    s.run.message = tr(Str::cjk_font_missing);
    s.language.cjk_requested = false;  // the switch may try again
    return;
  }
  s.language.cjk_font = std::move(ttf);
  s.language.font_dirty = true;
}

const ImWchar* table_glyph_ranges() {
  static ImVector<ImWchar> ranges;
  if (ranges.empty()) {
    ImFontGlyphRangesBuilder builder;
    static const ImWchar ascii[] = {0x0020, 0x007E, 0};
    builder.AddRanges(ascii);
    for (int k = 0; k < str_count; ++k)
      for (int lang = 0; lang < lang_count; ++lang) builder.AddText(string_table()[k].text[lang]);
    builder.BuildRanges(&ranges);
  }
  return ranges.Data;
}

void add_language_fonts(AppState& s, ImFontAtlas* atlas, ImFontConfig latin, float scale) {
  LanguageState& l = s.language;
  l.font_dirty = false;
  if (l.wanted == Lang::zh && !l.cjk_font.empty()) {
    ImFontConfig config;
    config.FontDataOwnedByAtlas = false;  // the bytes stay in s.language.cjk_font
    config.OversampleH = 2;
    config.OversampleV = 1;
    const float size = std::max(latin.SizePixels, cjk_font_pixels * scale);
    if (atlas->AddFontFromMemoryTTF(l.cjk_font.data(), static_cast<int>(l.cjk_font.size()), size, &config,
                                    table_glyph_ranges())) {
      set_language(Lang::zh);
      return;
    }
  }
  set_language(Lang::en);
  atlas->AddFontDefault(&latin);
  // "中文" on the language switch, merged into the Latin font, centred on its line
  static const ImWchar switch_glyphs[] = {0x4E2D, 0x4E2D, 0x6587, 0x6587, 0};  // 中, 文
  ImFontConfig merge;
  merge.MergeMode = true;
  merge.FontDataOwnedByAtlas = false;
  const float size = cjk_font_pixels * scale;
  merge.GlyphOffset.y = std::floor(1.5f * scale + 0.5f);  // ascents differ: centre 16 px glyphs on a 13 px line
  atlas->AddFontFromMemoryTTF(const_cast<unsigned char*>(cjk_switch_ttf), static_cast<int>(cjk_switch_ttf_size), size,
                              &merge, switch_glyphs);
}

}  // namespace relulab
