// wrap.cpp: line breaking for Chinese (wrap.h).
#include "i18n/wrap.h"

#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <vector>

#include "imgui.h"

namespace relulab {

namespace {

bool is_cjk(unsigned c) {
  return (c >= 0x2E80 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFF00 && c <= 0xFFEF) ||
         (c >= 0x3000 && c <= 0x303F) || (c >= 0x2018 && c <= 0x201F) || c == 0x2026 || c == 0x00D7;
}
// A line must not start with these...
bool is_closing(unsigned c) {
  switch (c) {
    case 0xFF0C: case 0x3002: case 0x3001: case 0xFF1B: case 0xFF1A: case 0xFF1F: case 0xFF01: case 0xFF09:
    case 0x300D: case 0x300F: case 0x201D: case 0x2019: case 0x2026: case 0x300B: case 0xFF05:
    case ',': case '.': case ';': case ':': case '!': case '?': case ')': case '%':
      return true;
    default: return false;
  }
}
// ...nor end with these.
bool is_opening(unsigned c) {
  return c == 0xFF08 || c == 0x300C || c == 0x300E || c == 0x201C || c == 0x2018 || c == 0x300A || c == '(';
}

// Decodes the UTF-8 character at s[i]; returns its length in bytes.
int decode(const std::string& s, size_t i, unsigned* c) {
  const unsigned char b = static_cast<unsigned char>(s[i]);
  const int n = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
  unsigned v = n == 1 ? b : n == 2 ? b & 0x1F : n == 3 ? b & 0x0F : b & 0x07;
  for (int k = 1; k < n; ++k) v = (v << 6) | (i + k < s.size() ? static_cast<unsigned char>(s[i + k]) & 0x3F : 0);
  *c = v;
  return static_cast<int>(std::min<size_t>(n, s.size() - i));
}

struct Piece {
  std::string text;
  bool space_before = false;  // a break opportunity that is a space (dropped at a line end)
  bool glued = false;         // no break allowed before it
};

// Splits one paragraph (no '\n') into pieces between which a line may break.
std::vector<Piece> pieces_of(const std::string& s) {
  std::vector<Piece> out;
  bool space = false, prev_cjk = false, prev_opening = false;
  for (size_t i = 0; i < s.size();) {
    unsigned c = 0;
    const int n = decode(s, i, &c);
    const std::string ch = s.substr(i, n);
    i += n;
    if (c == ' ') {
      space = true;
      prev_cjk = false;
      continue;
    }
    const bool cjk = is_cjk(c);
    // a new piece: after a space, at or after a CJK character; closing punctuation and anything
    // after opening punctuation stays with what precedes it
    const bool start = out.empty() || space || ((cjk || prev_cjk) && !is_closing(c) && !prev_opening);
    if (start) {
      Piece p;
      p.text = ch;
      p.space_before = space && !out.empty();
      out.push_back(p);
    } else {
      out.back().text += ch;
    }
    space = false;
    prev_cjk = cjk;
    prev_opening = is_opening(c);
  }
  return out;
}

}  // namespace

std::string wrap_text(const std::string& text, float width) {
  std::string out;
  const float space_w = ImGui::CalcTextSize(" ").x;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    float line_w = 0;
    bool line_empty = true;
    for (const Piece& p : pieces_of(text.substr(start, end - start))) {
      const float w = ImGui::CalcTextSize(p.text.c_str()).x;
      const float gap = p.space_before ? space_w : 0;
      if (!line_empty && line_w + gap + w > width) {
        out += '\n';
        line_w = 0;
        line_empty = true;
      }
      if (!line_empty && p.space_before) {
        out += ' ';
        line_w += space_w;
      }
      out += p.text;
      line_w += w;
      line_empty = false;
    }
    if (end == text.size()) break;
    out += '\n';
    start = end + 1;
  }
  return out;
}

void text_wrapped(const char* format, ...) {
  char buf[4096];
  va_list args;
  va_start(args, format);
  std::vsnprintf(buf, sizeof buf, format, args);
  va_end(args);
  const std::string wrapped = wrap_text(buf, ImGui::GetContentRegionAvail().x);
  ImGui::TextUnformatted(wrapped.c_str());
}

}  // namespace relulab
