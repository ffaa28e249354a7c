// fonts_cjk.cpp: see fonts_cjk.h.
#include "fonts_cjk.h"


#include "app.h"
#include "fonts.h"

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
  l.font_dirty = l.font_dirty || language() != lang || (lang == Lang::zh && !l.cjk_font.empty());
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

void language_fonts(AppState& s) {
  LanguageState& l = s.language;
  if (!l.font_dirty) return;
  l.font_dirty = false;
  // CJK glyphs at cjk_font_pixels where the Latin em is desktop_em_px (larger layouts scale both)
  FontMerge merge;
  merge.em_scale = cjk_font_pixels / desktop_em_px;
  if (l.wanted == Lang::zh && !l.cjk_font.empty()) {
    merge.ttf = l.cjk_font.data();  // the bytes stay in s.language.cjk_font
    merge.ttf_size = static_cast<int>(l.cjk_font.size());
    merge.ranges = table_glyph_ranges();
    set_language(Lang::zh);
  } else {
    static const ImWchar switch_glyphs[] = {0x4E2D, 0x4E2D, 0x6587, 0x6587, 0};  // 中, 文
    merge.ttf = cjk_switch_ttf;
    merge.ttf_size = static_cast<int>(cjk_switch_ttf_size);
    merge.ranges = switch_glyphs;
    set_language(Lang::en);
  }
  s.screen.font_merge = {merge};
  s.screen.fonts_dirty = true;
}

}  // namespace relulab
