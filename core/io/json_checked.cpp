// json_checked.cpp: typed access to a parsed JSON document with path-named errors, and the
// bounded parse that builds it (the first of the four state-file modules, state_internal.h).
//
// No C++ exceptions are thrown or caught (the web build has none): each reader returns false and
// leaves a message naming the JSON path in an Err.
#include <cmath>
#include <cstdlib>
#include <string>

#include "io/state.h"
#include "io/state_internal.h"

namespace relulab {
namespace state_detail {

namespace {

// Rejects nesting deeper than max_json_depth before nlohmann builds anything.
bool check_depth(const std::string& text, Err& e) {
  int depth = 0;
  bool in_string = false, escaped = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char ch = text[i];
    if (in_string) {
      if (escaped)
        escaped = false;
      else if (ch == '\\')
        escaped = true;
      else if (ch == '"')
        in_string = false;
    } else if (ch == '"') {
      in_string = true;
    } else if (ch == '[' || ch == '{') {
      if (++depth > max_json_depth)
        return fail(e, "",
                    "JSON nested deeper than " + std::to_string(max_json_depth) +
                        " levels at byte " + std::to_string(i + 1));
    } else if (ch == ']' || ch == '}') {
      --depth;
    }
  }
  return true;
}

// nlohmann's DOM builder behind a SAX front that records a parse error instead of throwing (the
// web build runs without C++ exception support).
struct DomWithoutExceptions {
  nlohmann::detail::json_sax_dom_parser<json> dom;
  std::size_t error_byte = 0;
  std::string error;
  explicit DomWithoutExceptions(json& root) : dom(root, false) {}
  bool null() { return dom.null(); }
  bool boolean(bool v) { return dom.boolean(v); }
  bool number_integer(json::number_integer_t v) { return dom.number_integer(v); }
  bool number_unsigned(json::number_unsigned_t v) { return dom.number_unsigned(v); }
  bool number_float(json::number_float_t v, const json::string_t& s) {
    return dom.number_float(v, s);
  }
  bool string(json::string_t& v) { return dom.string(v); }
  bool binary(json::binary_t& v) { return dom.binary(v); }
  bool start_object(std::size_t n) { return dom.start_object(n); }
  bool key(json::string_t& v) { return dom.key(v); }
  bool end_object() { return dom.end_object(); }
  bool start_array(std::size_t n) { return dom.start_array(n); }
  bool end_array() { return dom.end_array(); }
  template <class Exception>
  bool parse_error(std::size_t byte, const std::string&, const Exception& ex) {
    error_byte = byte;
    error = ex.what();  // "[json.exception.parse_error.101] parse error at line 3, column 5: ..."
    const auto cut = error.find("] ");
    if (cut != std::string::npos) error = error.substr(cut + 2);
    return false;
  }
};

}  // namespace

bool fail(Err& e, const std::string& path, const std::string& what) {
  e.message = path.empty() ? what : path + ": " + what;
  return false;
}

// ---- number formatting ----

std::string float_text(float f) {
  if (!std::isfinite(f)) return "null";
  if (f == 0) return std::signbit(f) ? "-0.0" : "0";  // "-0" would read back as the integer 0
  return float_to_string(f);
}

double float_value(float f) { return std::strtod(float_text(f).c_str(), nullptr); }

std::string shown(const json& j) {
  std::string s = j.dump();
  return s.size() > 40 ? s.substr(0, 40) + "..." : s;
}

std::string range_text(long long lo, long long hi) {
  return std::to_string(lo) + ".." + std::to_string(hi);
}

// ---- typed access with path-named errors ----

bool require_object(const json& j, const std::string& path, Err& e) {
  return j.is_object() || fail(e, path, "expected an object, found " + std::string(j.type_name()));
}

bool require_array(const json& j, const std::string& path, Err& e) {
  return j.is_array() || fail(e, path, "expected an array, found " + std::string(j.type_name()));
}

bool check_keys(const json& obj, const std::string& path, std::initializer_list<const char*> keys,
                Err& e) {
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    bool known = false;
    for (const char* k : keys) known = known || it.key() == k;
    if (!known) {
      std::string valid;
      for (const char* k : keys) valid += (valid.empty() ? "" : ", ") + std::string(k);
      return fail(e, path.empty() ? it.key() : path + "." + it.key(),
                  "unknown key (valid keys: " + valid + ")");
    }
  }
  return true;
}

const json* member(const json& obj, const char* key) {
  auto it = obj.find(key);
  return it == obj.end() ? nullptr : &*it;
}

bool get_integer(const json& j, const std::string& path, long long lo, long long hi, long long* out,
                 Err& e) {
  long long v = 0;
  if (j.is_number_unsigned()) {
    const auto u = j.get<std::uint64_t>();
    if (u > static_cast<std::uint64_t>(hi))
      return fail(e, path, shown(j) + " is out of range " + range_text(lo, hi));
    v = static_cast<long long>(u);
  } else if (j.is_number_integer()) {
    v = j.get<long long>();
  } else if (j.is_number_float()) {
    const double d = j.get<double>();
    if (!(std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9e15))
      return fail(e, path, shown(j) + " is not an integer");
    v = static_cast<long long>(d);
  } else {
    return fail(e, path,
                "expected an integer, found " + std::string(j.type_name()) + " " + shown(j));
  }
  if (v < lo || v > hi)
    return fail(e, path, std::to_string(v) + " is out of range " + range_text(lo, hi));
  *out = v;
  return true;
}

bool get_int(const json& j, const std::string& path, int lo, int hi, int* out, Err& e) {
  long long v = 0;
  if (!get_integer(j, path, lo, hi, &v, e)) return false;
  *out = static_cast<int>(v);
  return true;
}

bool get_u64(const json& j, const std::string& path, const char* what, std::uint64_t* out, Err& e) {
  if (j.is_number_unsigned()) {
    *out = j.get<std::uint64_t>();
    return true;
  }
  if (j.is_number_integer() && j.get<long long>() >= 0) {
    *out = static_cast<std::uint64_t>(j.get<long long>());
    return true;
  }
  if (j.is_number_float()) {
    const double d = j.get<double>();
    if (std::isfinite(d) && d >= 0 && d == std::floor(d) && d <= 9007199254740992.0) {
      *out = static_cast<std::uint64_t>(d);
      return true;
    }
  }
  return fail(e, path,
              shown(j) + " is not " + what + " (an integer 0.." + std::to_string(UINT64_MAX) + ")");
}

bool get_seed(const json& j, const std::string& path, std::uint64_t* out, Err& e) {
  return get_u64(j, path, "a seed", out, e);
}

// A double in [lo, hi] (hi_open: [lo, hi)), for the optimiser's running products of betas.
bool get_double(const json& j, const std::string& path, double lo, double hi, bool hi_open,
                double* out, Err& e) {
  if (!j.is_number())
    return fail(e, path, "expected a number, found " + std::string(j.type_name()) + " " + shown(j));
  const double d = j.get<double>();
  if (!std::isfinite(d) || d < lo || d > hi || (hi_open && d == hi))
    return fail(e, path,
                shown(j) + " is out of range [" + json(lo).dump() + ", " + json(hi).dump() +
                    (hi_open ? ")" : "]"));
  *out = d;
  return true;
}

bool get_float(const json& j, const std::string& path, float* out, Err& e) {
  if (!j.is_number())
    return fail(e, path, "expected a number, found " + std::string(j.type_name()) + " " + shown(j));
  const double d = j.get<double>();
  const float f = static_cast<float>(d);
  if (!std::isfinite(d) || !std::isfinite(f))
    return fail(e, path, shown(j) + " is not a finite float");
  *out = f;
  return true;
}

bool get_string(const json& j, const std::string& path, std::string* out, Err& e) {
  if (!j.is_string())
    return fail(e, path, "expected a string, found " + std::string(j.type_name()) + " " + shown(j));
  *out = j.get<std::string>();
  return true;
}

std::string activation_choices() {
  std::string r;
  for (int i = 0; i < activation_count; ++i)
    r += (i ? ", " : "") + std::string(activation_table()[i].name);
  return r;
}

bool get_activation(const json& j, const std::string& path, Activation* out, Err& e) {
  std::string s;
  if (!get_string(j, path, &s, e)) return false;
  const auto a = activation_from_name(s);
  if (!a) return fail(e, path, shown(j) + " is not one of " + activation_choices());
  *out = *a;
  return true;
}

std::string indent_block(const std::string& s, const std::string& pad) {
  std::string r;
  r.reserve(s.size() + s.size() / 8);
  for (char ch : s) {
    r += ch;
    if (ch == '\n') r += pad;
  }
  return r;
}

bool parse_document(const std::string& text, json* doc, Err& e) {
  if (text.size() > max_state_bytes)
    return fail(e, "",
                "file is " + std::to_string(text.size()) + " bytes, more than the limit of " +
                    std::to_string(max_state_bytes));
  if (!check_depth(text, e)) return false;
  DomWithoutExceptions sax(*doc);
  if (!json::sax_parse(text, &sax) || !sax.error.empty())
    return fail(e, "", "invalid JSON at byte " + std::to_string(sax.error_byte) + ": " + sax.error);
  return true;
}

}  // namespace state_detail
}  // namespace relulab
