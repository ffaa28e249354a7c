// wrap.h: wrapped text that breaks Chinese lines too. ImGui 1.86 breaks lines only at spaces and
// ASCII punctuation, so a Chinese sentence (no spaces) is one long "word": lines break late and
// ragged. text_wrapped breaks between any two CJK characters as Chinese typesetting does, never
// before closing punctuation (，。；：）” ...) or after opening punctuation (（“ ...), and keeps Latin
// words and numbers whole (ImGui would also cut "1.238e-06" after its '.').
#pragma once

#include <string>

namespace relulab {

// ImGui::TextWrapped with Chinese line breaking.
void text_wrapped(const char* format, ...);
// `text` with '\n' inserted so that no line is wider than `width` pixels in the current font.
std::string wrap_text(const std::string& text, float width);

}  // namespace relulab
