// url.cpp: encoding a Config as a URL fragment and decoding it strictly.
//
// Encoding writes the keys of `keys` below in order, skipping values equal to Config{}'s, and ends
// with v=1, so a truncated address (which lacks it) is recognised. Decoding
// splits on '&' and '=', percent-decodes, parses each value with a strict syntax (decimal integers,
// decimal floats without inf/nan/hex, names from the config.h tables), then runs validate().
#include "io/url.h"

#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <map>
#include <vector>

namespace relulab {

namespace {

// Feature tokens safe in a URL (the file names "x1^2", "sin(x1)" need escaping).
const char* const feature_tokens[] = {"x1", "x2", "x1sq", "x2sq", "x1x2", "sinx1", "sinx2"};
static_assert(sizeof(feature_tokens) / sizeof(*feature_tokens) == feature_count, "feature tokens");

const char* const keys[] = {"v",     "data",     "points", "noise",    "train", "classes",
                            "seed",  "features", "layers", "output",   "init",  "bias",
                            "nseed", "opt",      "lr",     "momentum", "beta1", "beta2",
                            "eps",   "batch",    "l1",     "l2",       "al1"};

std::string join_keys() {
  std::string r;
  for (const char* k : keys) r += (r.empty() ? "" : ", ") + std::string(k);
  return r;
}

std::string features_text(unsigned mask) {
  std::string r;
  for (int i = 0; i < feature_count; ++i)
    if (mask >> i & 1u) r += (r.empty() ? "" : ",") + std::string(feature_tokens[i]);
  return r;
}

std::string layers_text(const std::vector<LayerSpec>& hidden) {
  std::string r;
  for (size_t i = 0; i < hidden.size(); ++i)
    r += (i ? "," : "") + std::to_string(hidden[i].units) + ":" +
         activation_name(hidden[i].activation);
  return r;
}

// ---- strict value parsers ----

bool parse_uint(const std::string& s, std::uint64_t max, std::uint64_t* out) {
  if (s.empty() || s.size() > 20) return false;
  std::uint64_t v = 0;
  for (char ch : s) {
    if (ch < '0' || ch > '9') return false;
    const std::uint64_t d = static_cast<std::uint64_t>(ch - '0');
    if (d > max || v > (max - d) / 10) return false;  // v * 10 + d > max, without wrapping
    v = v * 10 + d;
  }
  *out = v;
  return true;
}

// A decimal (parse_decimal, config.h) that is finite as a float.
bool parse_float(const std::string& s, float* out) {
  double d = 0;
  if (!parse_decimal(s, 40, &d)) return false;
  const float f = static_cast<float>(d);
  if (!std::isfinite(d) || !std::isfinite(f)) return false;
  *out = f;
  return true;
}

int hex_digit(char ch) {
  if (ch >= '0' && ch <= '9') return ch - '0';
  if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
  if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
  return -1;
}

bool percent_decode(const std::string& s, std::string* out, std::string* err) {
  out->clear();
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out->push_back(s[i]);
      continue;
    }
    const int hi = i + 2 < s.size() ? hex_digit(s[i + 1]) : -1;
    const int lo = i + 2 < s.size() ? hex_digit(s[i + 2]) : -1;
    if (hi < 0 || lo < 0) {
      *err = "bad %-escape at character " + std::to_string(i + 1);
      return false;
    }
    out->push_back(static_cast<char>(hi * 16 + lo));
    i += 2;
  }
  return true;
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (;;) {
    const size_t at = s.find(sep, start);
    parts.push_back(s.substr(start, at == std::string::npos ? at : at - start));
    if (at == std::string::npos) return parts;
    start = at + 1;
  }
}

std::string shown(const std::string& s) {
  return "'" + (s.size() > 40 ? s.substr(0, 40) + "..." : s) + "'";
}

}  // namespace

std::string encode_config_url(const Config& c) {
  const Config d;
  std::string r;
  auto put = [&](const char* key, const std::string& value) {
    if (!r.empty()) r += "&";
    r += key;
    r += "=";
    r += value;
  };
  auto put_float = [&](const char* key, float v, float def) {
    if (std::memcmp(&v, &def, sizeof v) != 0) put(key, float_to_string(v));
  };
  if (c.data.kind != d.data.kind) put("data", data_kind_name(c.data.kind));
  if (c.data.points != d.data.points) put("points", std::to_string(c.data.points));
  put_float("noise", c.data.noise, d.data.noise);
  put_float("train", c.data.train_fraction, d.data.train_fraction);
  if (c.data.classes != d.data.classes) put("classes", std::to_string(c.data.classes));
  if (c.data.seed != d.data.seed) put("seed", std::to_string(c.data.seed));
  if (c.network.features != d.network.features) put("features", features_text(c.network.features));
  if (layers_text(c.network.hidden) != layers_text(d.network.hidden))
    put("layers", layers_text(c.network.hidden));
  if (c.network.output != d.network.output) put("output", output_name(c.network.output));
  if (c.network.init != d.network.init) put("init", init_name(c.network.init));
  if (c.network.bias_init != d.network.bias_init) put("bias", bias_init_name(c.network.bias_init));
  if (c.network.seed != d.network.seed) put("nseed", std::to_string(c.network.seed));
  if (c.train.optimizer != d.train.optimizer) put("opt", optimizer_name(c.train.optimizer));
  put_float("lr", c.train.learning_rate, d.train.learning_rate);
  put_float("momentum", c.train.momentum, d.train.momentum);
  put_float("beta1", c.train.beta1, d.train.beta1);
  put_float("beta2", c.train.beta2, d.train.beta2);
  put_float("eps", c.train.epsilon, d.train.epsilon);
  if (c.train.batch_size != d.train.batch_size) put("batch", std::to_string(c.train.batch_size));
  put_float("l1", c.train.l1, d.train.l1);
  put_float("l2", c.train.l2, d.train.l2);
  put_float("al1", c.train.activation_l1, d.train.activation_l1);
  put("v", "1");  // last, so that an address cut short anywhere lacks it
  return r;
}

std::string decode_config_url(const std::string& fragment, Config* out) {
  if (fragment.size() > max_url_length)
    return "url: " + std::to_string(fragment.size()) + " characters, more than the limit of " +
           std::to_string(max_url_length);
  std::string text, err;
  if (!percent_decode(fragment.empty() || fragment[0] != '#' ? fragment : fragment.substr(1), &text,
                      &err))
    return "url: " + err;
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char ch = static_cast<unsigned char>(text[i]);
    if (ch < 0x21 || ch > 0x7e)
      return "url: unexpected character code " + std::to_string(ch) + " at position " +
             std::to_string(i + 1);
  }

  std::map<std::string, std::string> values;
  if (!text.empty())
    for (const std::string& pair : split(text, '&')) {
      if (pair.empty()) continue;
      const size_t eq = pair.find('=');
      if (eq == std::string::npos)
        return "url: " + shown(pair) + " has no '=' (expected key=value)";
      const std::string key = pair.substr(0, eq), value = pair.substr(eq + 1);
      bool known = false;
      for (const char* k : keys) known = known || key == k;
      if (!known) return "url: unknown key " + shown(key) + " (valid keys: " + join_keys() + ")";
      if (!values.emplace(key, value).second) return "url: key '" + key + "' is given twice";
    }

  if (!values.empty() && values.find("v") == values.end())
    return "url: no 'v=1' (encoded fragments end with it; without it the address was probably cut "
           "short)";

  Config c;
  auto bad = [](const std::string& key, const std::string& value, const std::string& what) {
    return "url: key '" + key + "': " + shown(value) + " " + what;
  };
  for (const auto& entry : values) {
    const std::string& key =
        entry.first;  // not a structured binding: C++17 lambdas can't capture one
    const std::string& value = entry.second;
    std::uint64_t u = 0;
    float f = 0;
    auto as_int = [&](int max, int* dst) {
      if (!parse_uint(value, static_cast<std::uint64_t>(max), &u)) return false;
      *dst = static_cast<int>(u);
      return true;
    };
    auto as_float = [&](float* dst) {
      if (!parse_float(value, &f)) return false;
      *dst = f;
      return true;
    };
    std::string e;
    if (key == "v") {
      if (value != "1") e = bad(key, value, "is not a supported version (this build reads v=1)");
    } else if (key == "data") {
      if (!data_kind_from_name(value, &c.data.kind))
        e = bad(key, value, "is not one of " + data_kind_choices());
    } else if (key == "points") {
      if (!as_int(max_points, &c.data.points))
        e = bad(key, value, "is not an integer 0.." + std::to_string(max_points));
    } else if (key == "noise") {
      if (!as_float(&c.data.noise)) e = bad(key, value, "is not a finite number");
    } else if (key == "train") {
      if (!as_float(&c.data.train_fraction)) e = bad(key, value, "is not a finite number");
    } else if (key == "classes") {
      if (!as_int(max_classes, &c.data.classes) || c.data.classes < 1)  // 1..5, as in state files
        e = bad(key, value, "is not an integer 1.." + std::to_string(max_classes));
    } else if (key == "seed") {
      if (!parse_uint(value, UINT64_MAX, &c.data.seed))
        e = bad(key, value, "is not a seed (an integer 0.." + std::to_string(UINT64_MAX) + ")");
    } else if (key == "nseed") {
      if (!parse_uint(value, UINT64_MAX, &c.network.seed))
        e = bad(key, value, "is not a seed (an integer 0.." + std::to_string(UINT64_MAX) + ")");
    } else if (key == "features") {
      unsigned mask = 0;
      for (const std::string& token : split(value, ',')) {
        int found = -1;
        for (int i = 0; i < feature_count; ++i)
          if (token == feature_tokens[i]) found = i;
        if (found < 0) {
          std::string valid;
          for (const char* t : feature_tokens)
            valid += (valid.empty() ? "" : ", ") + std::string(t);
          e = bad(key, value, "has " + shown(token) + ", not one of " + valid);
          break;
        }
        if (mask >> found & 1u) {
          e = bad(key, value, "lists " + shown(token) + " twice");
          break;
        }
        mask |= 1u << found;
      }
      c.network.features = mask;
    } else if (key == "layers") {
      c.network.hidden.clear();
      if (!value.empty()) {
        const auto items = split(value, ',');
        if (items.size() > static_cast<size_t>(max_hidden_layers)) {
          e = bad(key, value,
                  "has " + std::to_string(items.size()) + " hidden layers, more than " +
                      std::to_string(max_hidden_layers));
        } else {
          for (const std::string& item : items) {
            const size_t colon = item.find(':');
            LayerSpec l;
            const std::string units = item.substr(0, colon);
            if (!parse_uint(units, static_cast<std::uint64_t>(max_units), &u) || u < 1) {
              e = bad(key, value,
                      "has layer " + shown(item) + " whose units are not 1.." +
                          std::to_string(max_units));
              break;
            }
            l.units = static_cast<int>(u);
            if (colon != std::string::npos) {
              const auto a = activation_from_name(item.substr(colon + 1));
              if (!a) {
                e = bad(key, value, "has layer " + shown(item) + " with an unknown activation");
                break;
              }
              l.activation = *a;
            }
            c.network.hidden.push_back(l);
          }
        }
      }
    } else if (key == "output") {
      if (!output_from_name(value, &c.network.output))
        e = bad(key, value, "is not one of " + output_choices());
    } else if (key == "init") {
      if (!init_from_name(value, &c.network.init))
        e = bad(key, value, "is not one of " + init_choices());
    } else if (key == "bias") {
      if (!bias_init_from_name(value, &c.network.bias_init))
        e = bad(key, value, "is not one of " + bias_init_choices());
    } else if (key == "opt") {
      if (!optimizer_from_name(value, &c.train.optimizer))
        e = bad(key, value, "is not one of " + optimizer_choices());
    } else if (key == "batch") {
      if (!as_int(max_batch, &c.train.batch_size))
        e = bad(key, value, "is not an integer 1.." + std::to_string(max_batch));
    } else {
      float* dst = key == "lr"         ? &c.train.learning_rate
                   : key == "momentum" ? &c.train.momentum
                   : key == "beta1"    ? &c.train.beta1
                   : key == "beta2"    ? &c.train.beta2
                   : key == "eps"      ? &c.train.epsilon
                   : key == "l1"       ? &c.train.l1
                   : key == "l2"       ? &c.train.l2
                                       : &c.train.activation_l1;
      if (!as_float(dst)) e = bad(key, value, "is not a finite number");
    }
    if (!e.empty()) return e;
  }
  const std::string invalid = validate(c);
  if (!invalid.empty()) return "url: " + invalid;
  *out = std::move(c);
  return {};
}

}  // namespace relulab
