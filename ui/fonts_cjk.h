// fonts_cjk.h: the font Chinese text needs, and the language switch that waits for it.
//
// The UI font (fonts.h, DejaVu Sans) has Latin glyphs only. For 简体中文 the glyphs of a subset of
// WenQuanYi Micro Hei (Debian's fonts-wqy-microhei) holding exactly the characters of the string
// table, cut at build time by pyftsubset (ui/CMakeLists.txt), are merged into it, at
// cjk_font_pixels or more: Chinese glyphs are hard to read at the Latin text's 13 px. The desktop binary
// embeds the subset; the page downloads it (Platform::fetch_cjk_font) only when Chinese is chosen,
// and keeps showing English until it has arrived, so no frame shows missing glyphs.
#pragma once

#include <string>

#include "imgui.h"
#include "tour_state.h"

namespace relulab {

struct AppState;

constexpr float cjk_font_pixels = 16;   // Chinese text at scale 1x; font-size choices multiply it

// Asks for a language (`chosen`: the reader asked, so the URL hash records it). Chinese without
// its font asks the platform for it (or takes the embedded copy); the switch itself happens in
// add_language_font, when the next frame rebuilds the atlas.
void request_language(AppState& s, Lang lang, bool chosen);

// The CJK subset's bytes, from the platform (the page's download). Empty or not a font: Chinese
// stays unavailable and a message says so.
void app_receive_cjk_font(AppState& s, std::string ttf);

// Once per frame before update_screen (ui/screen.h), which builds the atlas: when the wanted
// language or its font changed, hands the screen's font rebuild the glyphs to merge into the Latin
// UI font (fonts.h's FontSpec::merge) and makes the displayed language the one those glyphs can
// show: the CJK subset for Chinese, at cjk_font_pixels or more; for English only the two glyphs of
// the language switch ("中文", a 0.8 KB subset built into both targets), at the same size.
void language_fonts(AppState& s);

// Every character of the string table, both languages, plus printable ASCII: the glyph ranges the
// CJK font is rasterised for.
const ImWchar* table_glyph_ranges();

}  // namespace relulab
