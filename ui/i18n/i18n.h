// i18n.h: the UI in two languages, English and 简体中文, from one table (i18n/strings.inc).
//
// Every string the UI shows is a key of that table: tr(Str::play) gives it in the current language.
// Strings that take printf arguments keep the same placeholders, in the same order, in both
// languages (tests/unit_ui/test_i18n.cpp checks). Text the core writes (experiment charts and
// verdicts, error messages) is English plain data; tr_core() translates it in the UI by phrase:
// its numbers are lifted out, the rest is looked up among the table's core_* phrases, and the
// numbers go back in, in order (so "Chart at depth 10" matches "Chart at depth %s").
//
// The language lives here, not in AppState, because every panel function reads it; it changes
// only through set_language (the app's switch, the URL hash, --lang).
#pragma once

#include <string>
#include <vector>

#include "nn/activation.h"
#include "io/config.h"

namespace relulab {

enum class Lang { en, zh };
constexpr int lang_count = 2;

enum class Str {
#define S(key, en, zh) key,
#include "i18n/strings.inc"
#undef S
  count
};
constexpr int str_count = static_cast<int>(Str::count);

Lang language();
void set_language(Lang lang);
const char* lang_code(Lang lang);                       // "en", "zh"
bool parse_lang(const std::string& code, Lang* out);    // exactly "en" or "zh"
// navigator.language ("zh-CN", "zh-Hans-TW") or LANG ("zh_CN.UTF-8"): Chinese for "zh*", else English.
Lang lang_from_locale(const std::string& locale);

const char* tr(Str key);
const char* tr(Str key, Lang lang);
// printf into a string, the format taken from the table in the current language.
std::string trf(Str key, ...);
// A window, tab or header label with a fixed ImGui identity `id` (its English label, so English
// keeps the identities saved layouts and tests know): the English label itself, or "<text>###id".
// The result lives until 16 more calls.
const char* tr_id(Str key, const char* id);

// Text produced by the core, translated by phrase (see the header comment); unknown phrases stay
// English.
std::string tr_core(const std::string& english);
// Whether tr_core knows `english` (tests: every chart, legend and verdict of the experiments).
bool core_phrase_known(const std::string& english);
// The pattern tr_core looks up for `english` (numbers replaced by %s).
std::string core_phrase_pattern(const std::string& english);

// Names of the core's enums as the UI shows them.
const char* data_kind_label(DataKind k);
const char* activation_label(Activation a);
const char* output_label(Output o);
const char* init_label(Init i);
const char* bias_init_label(BiasInit b);
const char* optimizer_label(Optimizer o);
const char* experiment_label(int kind);  // an ExperimentKind: its menu title

// ---- for tests and the font subset -------------------------------------------------------------
struct StringEntry {
  const char* key;
  const char* text[lang_count];
};
const StringEntry* string_table();  // str_count entries, in Str order
// The printf conversions of a format, in order, without %% ("%d %.1f%%" -> {"d", ".1f"}).
std::vector<std::string> format_placeholders(const char* format);

}  // namespace relulab
