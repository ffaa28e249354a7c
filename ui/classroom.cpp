// classroom.cpp: the view keys of the URL hash and classroom links (classroom.h).
#include "classroom.h"

#include <cstdlib>

#include "fonts_cjk.h"
#include "tour.h"
#include "io/url.h"

namespace relulab {

namespace {

const char* const part_names[part_count] = {
    "controls", "plot",      "loss",   "layers",  "network", "instruments", "tools",
    "data",     "architecture", "training", "view",
    "sparsity", "gradients", "curves", "regions", "probe",   "transformed", "race", "experiments"};

const Str part_labels[part_count] = {
    Str::app_title,     Str::window_plot,      Str::window_loss,   Str::window_layers,     Str::window_network,
    Str::window_instruments, Str::window_tools, Str::section_data, Str::section_network, Str::section_training,
    Str::section_view,  Str::tab_sparsity,     Str::tab_gradients, Str::tab_curves,        Str::tab_regions,
    Str::tab_probe,     Str::tab_transformed,  Str::tab_race,      Str::tab_experiments};

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// %XX escapes (a browser may write ',' as %2C).
std::string unescape(const std::string& v) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) {
    if (v[i] == '%' && i + 2 < v.size() && hex_digit(v[i + 1]) >= 0 && hex_digit(v[i + 2]) >= 0) {
      out += static_cast<char>(hex_digit(v[i + 1]) * 16 + hex_digit(v[i + 2]));
      i += 2;
    } else {
      out += v[i];
    }
  }
  return out;
}

// A value as a message quotes it: at most 40 characters.
std::string quoted(const std::string& v) { return v.size() > 40 ? v.substr(0, 40) + "..." : v; }

bool parse_hide(const std::string& list, unsigned* out, std::string* bad) {
  unsigned bits = 0;
  size_t start = 0;
  while (true) {
    const size_t comma = list.find(',', start);
    const std::string name = list.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    int found = -1;
    for (int p = 0; p < part_count; ++p)
      if (name == part_names[p]) found = p;
    if (found < 0) {
      *bad = name;
      return false;
    }
    bits |= 1u << found;
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  *out = bits;
  return true;
}

std::string all_part_names() {
  std::string r;
  for (int p = 0; p < part_count; ++p) r += (p ? ", " : "") + std::string(part_names[p]);
  return r;
}

std::string keys_text(unsigned hidden, bool with_lang, Lang lang, int tour) {
  std::string r;
  if (with_lang) r += std::string("&lang=") + lang_code(lang);
  if (tour > 0) r += "&tour=" + std::to_string(tour);
  if (hidden) r += "&hide=" + part_list(hidden);
  return r;
}

}  // namespace

std::string split_view_keys(const std::string& fragment, ViewKeys* keys, std::string* config) {
  ViewKeys k;
  std::string rest;
  size_t start = 0;
  while (start <= fragment.size() && !fragment.empty()) {
    const size_t amp = fragment.find('&', start);
    const std::string pair = fragment.substr(start, amp == std::string::npos ? std::string::npos : amp - start);
    const size_t eq = pair.find('=');
    const std::string key = pair.substr(0, eq);
    const std::string value = eq == std::string::npos ? "" : unescape(pair.substr(eq + 1));
    if (key == "lang" || key == "tour" || key == "hide") {
      bool& seen = key == "lang" ? k.has_lang : key == "tour" ? k.has_tour : k.has_hide;
      if (seen) return trf(Str::key_repeated, key.c_str());
      seen = true;
      if (key == "lang" && !parse_lang(value, &k.lang)) return trf(Str::bad_lang, quoted(value).c_str());
      if (key == "tour") {
        char* end = nullptr;
        const long n = value.empty() || value.size() > 3 ? -1 : std::strtol(value.c_str(), &end, 10);
        if (n < 1 || n > tour_step_count || (end && *end)) return trf(Str::bad_tour, quoted(value).c_str(), tour_step_count);
        k.tour = static_cast<int>(n);
      }
      if (key == "hide") {
        std::string bad;
        if (!parse_hide(value, &k.hide, &bad))
          return trf(Str::bad_hide, quoted(value).c_str(), quoted(bad).c_str(), all_part_names().c_str());
      }
    } else if (!pair.empty()) {
      rest += (rest.empty() ? "" : "&") + pair;
    }
    if (amp == std::string::npos) break;
    start = amp + 1;
  }
  *keys = k;
  *config = rest;
  return "";
}

void apply_view_keys(AppState& s, const ViewKeys& keys) {
  if (keys.has_lang) request_language(s, keys.lang, true);
  if (keys.has_hide) s.classroom.hidden = keys.hide;
  if (keys.has_tour && keys.tour != tour_current(s)) tour_open(s, keys.tour);
}

void apply_hash_view_keys(AppState& s, const std::string& hash) {
  ViewKeys keys;
  std::string config;
  const std::string error = split_view_keys(!hash.empty() && hash[0] == '#' ? hash.substr(1) : hash, &keys, &config);
  if (error.empty()) apply_view_keys(s, keys);
  else s.run.message = error;
}

std::string view_keys_suffix(const AppState& s) {
  return keys_text(s.classroom.hidden, s.language.chosen, s.language.wanted, tour_current(s));
}

const char* part_name(Part p) {
  const int i = static_cast<int>(p);
  return i >= 0 && i < part_count ? part_names[i] : "";
}

Str part_label(Part p) {
  const int i = static_cast<int>(p);
  return i >= 0 && i < part_count ? part_labels[i] : Str::app_title;
}

bool part_hidden(const AppState& s, Part p) { return (s.classroom.hidden >> static_cast<int>(p)) & 1u; }

std::string part_list(unsigned hidden) {
  std::string r;
  for (int p = 0; p < part_count; ++p)
    if ((hidden >> p) & 1u) r += (r.empty() ? "" : ",") + std::string(part_names[p]);
  return r;
}

std::string classroom_link(const AppState& s, unsigned hidden, int lang, int tour) {
  return s.page_address + "#" + encode_config_url(s.run.config) +
         keys_text(hidden, lang != 0, lang == 2 ? Lang::zh : Lang::en, tour);
}

}  // namespace relulab
