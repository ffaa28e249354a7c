// i18n.cpp: the string table (i18n/strings.inc), the current language and the core-phrase lookup.
#include "i18n/i18n.h"

#include <cctype>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <unordered_map>

#include "experiments/experiments.h"

namespace relulab {

namespace {

const StringEntry table[] = {
#define S(key, en, zh) {#key, {en, zh}},
#include "i18n/strings.inc"
#undef S
};
static_assert(sizeof(table) / sizeof(*table) == str_count, "one entry per key");

Lang current = Lang::en;

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_word(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.'; }

// Replaces each number in `text` by %s and collects it: a run of digits not glued to a word on its
// left ("L1", "x2" and "fan_in2" stay text; "0..5" is two numbers), with its decimals, exponent
// and a trailing '%'. A quoted value ('spi', "relu2") is lifted whole the same way (not an
// apostrophe: "article's").
std::string lift_numbers(const std::string& text, std::vector<std::string>* numbers) {
  std::string pattern;
  size_t i = 0;
  while (i < text.size()) {
    if ((text[i] == '\'' || text[i] == '"') && (i == 0 || !is_word(text[i - 1]))) {
      const size_t close = text.find(text[i], i + 1);
      if (close != std::string::npos && (close + 1 == text.size() || !is_word(text[close + 1]))) {
        if (numbers) numbers->push_back(text.substr(i, close + 1 - i));
        pattern += "%s";
        i = close + 1;
        continue;
      }
    }
    const bool starts = is_digit(text[i]) && (i == 0 || !is_word(text[i - 1]) || text[i - 1] == '.');
    if (!starts) {
      if (text[i] == '%') pattern += "%%";
      else pattern += text[i];
      ++i;
      continue;
    }
    size_t j = i;
    while (j < text.size() && is_digit(text[j])) ++j;
    if (j + 1 < text.size() && text[j] == '.' && is_digit(text[j + 1])) {
      ++j;
      while (j < text.size() && is_digit(text[j])) ++j;
    }
    if (j + 1 < text.size() && (text[j] == 'e' || text[j] == 'E')) {
      size_t k = j + 1;
      if (k < text.size() && (text[k] == '-' || text[k] == '+')) ++k;
      if (k < text.size() && is_digit(text[k])) {
        j = k;
        while (j < text.size() && is_digit(text[j])) ++j;
      }
    }
    if (j < text.size() && text[j] == '%') ++j;
    if (numbers) numbers->push_back(text.substr(i, j - i));
    pattern += "%s";
    i = j;
  }
  return pattern;
}

// English pattern -> key, for the core_* entries.
const std::unordered_map<std::string, int>& core_phrases() {
  static const std::unordered_map<std::string, int> map = [] {
    std::unordered_map<std::string, int> m;
    for (int k = 0; k < str_count; ++k)
      if (std::strncmp(table[k].key, "core_", 5) == 0) m.emplace(table[k].text[0], k);
    return m;
  }();
  return map;
}

// Fills the %s of `pattern` with `numbers` in order (%% becomes %).
std::string fill(const char* pattern, const std::vector<std::string>& numbers) {
  std::string out;
  size_t next = 0;
  for (const char* p = pattern; *p; ++p) {
    if (p[0] == '%' && p[1] == 's') {
      out += next < numbers.size() ? numbers[next++] : "";
      ++p;
    } else if (p[0] == '%' && p[1] == '%') {
      out += '%';
      ++p;
    } else {
      out += *p;
    }
  }
  return out;
}

bool lookup_core(const std::string& english, std::string* out) {
  std::vector<std::string> numbers;
  const auto it = core_phrases().find(lift_numbers(english, &numbers));
  if (it == core_phrases().end()) return false;
  if (out) *out = fill(table[it->second].text[static_cast<int>(current)], numbers);
  return true;
}

}  // namespace

Lang language() { return current; }
void set_language(Lang lang) { current = lang; }
const char* lang_code(Lang lang) { return lang == Lang::zh ? "zh" : "en"; }

bool parse_lang(const std::string& code, Lang* out) {
  if (code == "en") *out = Lang::en;
  else if (code == "zh") *out = Lang::zh;
  else return false;
  return true;
}

Lang lang_from_locale(const std::string& locale) {
  return locale.size() >= 2 && std::tolower(static_cast<unsigned char>(locale[0])) == 'z' &&
                 std::tolower(static_cast<unsigned char>(locale[1])) == 'h'
             ? Lang::zh
             : Lang::en;
}

const char* tr(Str key) { return tr(key, current); }

const char* tr(Str key, Lang lang) {
  const int k = static_cast<int>(key);
  return k >= 0 && k < str_count ? table[k].text[static_cast<int>(lang)] : "";
}

std::string trf(Str key, ...) {
  char buf[1024];
  va_list args;
  va_start(args, key);
  std::vsnprintf(buf, sizeof buf, tr(key), args);
  va_end(args);
  return buf;
}

const char* tr_id(Str key, const char* id) {
  if (current == Lang::en && std::strcmp(tr(key), id) == 0) return id;  // the English label is the identity
  static char ring[16][256];
  static int next = 0;
  char* out = ring[next];
  next = (next + 1) % 16;
  std::snprintf(out, sizeof ring[0], "%s###%s", tr(key), id);
  return out;
}

std::string tr_core(const std::string& english) {
  if (current == Lang::en || english.empty()) return english;
  std::string out;
  if (lookup_core(english, &out)) return out;
  // "Prefix: rest" (a verdict's "Confirmed: ...", a message's "field: ..."): each side on its own
  const size_t colon = english.find(": ");
  if (colon != std::string::npos) return tr_core(english.substr(0, colon)) + "：" + tr_core(english.substr(colon + 2));
  return english;
}

bool core_phrase_known(const std::string& english) {
  if (lookup_core(english, nullptr)) return true;
  const size_t colon = english.find(": ");
  if (colon == std::string::npos) return false;
  // "prefix: rest": the prefix may be a name (a file, a field, "url"), which stays as it is
  const std::string prefix = english.substr(0, colon);
  return (prefix.find(' ') == std::string::npos || core_phrase_known(prefix)) && core_phrase_known(english.substr(colon + 2));
}

std::string core_phrase_pattern(const std::string& english) { return lift_numbers(english, nullptr); }

const char* data_kind_label(DataKind k) {
  static const Str keys[] = {Str::data_circle, Str::data_xor, Str::data_gaussians, Str::data_spiral,
                             Str::data_moons, Str::data_checkerboard, Str::data_blobs, Str::data_spirals,
                             Str::data_reg_plane, Str::data_reg_gaussians, Str::data_custom};
  static_assert(sizeof(keys) / sizeof(*keys) == static_cast<size_t>(DataKind::count), "one label per data kind");
  const int i = static_cast<int>(k);
  return i >= 0 && i < static_cast<int>(DataKind::count) ? tr(keys[i]) : "?";
}

const char* activation_label(Activation a) {
  static const Str keys[] = {Str::act_relu, Str::act_leaky_relu, Str::act_prelu, Str::act_elu, Str::act_gelu,
                             Str::act_silu, Str::act_softplus, Str::act_sigmoid, Str::act_tanh, Str::act_linear,
                             Str::act_relu_neg, Str::act_neg_relu, Str::act_neg_relu_neg};
  static_assert(sizeof(keys) / sizeof(*keys) == activation_count, "one label per activation");
  for (int i = 0; i < activation_count; ++i)
    if (activation_table()[i].id == a) return tr(keys[i]);
  return "?";
}

const char* output_label(Output o) {
  static const Str keys[] = {Str::out_tanh_mse, Str::out_sigmoid_bce, Str::out_softmax_ce, Str::out_linear_mse};
  static_assert(sizeof(keys) / sizeof(*keys) == static_cast<size_t>(Output::count), "one label per output");
  const int i = static_cast<int>(o);
  return i >= 0 && i < static_cast<int>(Output::count) ? tr(keys[i]) : "?";
}

const char* init_label(Init v) {
  static const Str keys[] = {Str::init_he_normal, Str::init_he_uniform, Str::init_xavier_normal,
                             Str::init_xavier_uniform, Str::init_playground};
  static_assert(sizeof(keys) / sizeof(*keys) == static_cast<size_t>(Init::count), "one label per init");
  const int i = static_cast<int>(v);
  return i >= 0 && i < static_cast<int>(Init::count) ? tr(keys[i]) : "?";
}

const char* bias_init_label(BiasInit b) {
  static const Str keys[] = {Str::bias_zero, Str::bias_small, Str::bias_playground};
  static_assert(sizeof(keys) / sizeof(*keys) == static_cast<size_t>(BiasInit::count), "one label per bias init");
  const int i = static_cast<int>(b);
  return i >= 0 && i < static_cast<int>(BiasInit::count) ? tr(keys[i]) : "?";
}

const char* optimizer_label(Optimizer o) {
  static const Str keys[] = {Str::opt_sgd, Str::opt_momentum, Str::opt_adam};
  static_assert(sizeof(keys) / sizeof(*keys) == static_cast<size_t>(Optimizer::count), "one label per optimizer");
  const int i = static_cast<int>(o);
  return i >= 0 && i < static_cast<int>(Optimizer::count) ? tr(keys[i]) : "?";
}

const char* experiment_label(int kind) {
  static const Str keys[] = {Str::exp_name_sparsity, Str::exp_name_depth, Str::exp_name_mirror,
                             Str::exp_name_gradients, Str::exp_name_regions};
  static_assert(sizeof(keys) / sizeof(*keys) == experiment_count, "one title per experiment");
  return kind >= 0 && kind < experiment_count ? tr(keys[kind]) : "?";
}

const StringEntry* string_table() { return table; }

std::vector<std::string> format_placeholders(const char* format) {
  std::vector<std::string> out;
  for (const char* p = format; *p; ++p) {
    if (*p != '%') continue;
    if (p[1] == '%') {
      ++p;
      continue;
    }
    const char* q = p + 1;
    while (*q && std::strchr("-+ #0123456789.*lhzjt", *q)) ++q;
    if (!*q) break;
    out.emplace_back(p + 1, q + 1);
    p = q;
  }
  return out;
}

}  // namespace relulab
