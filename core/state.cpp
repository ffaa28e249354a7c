// state.cpp: writing and reading JSON state files (docs/model-format.md), with nlohmann-json.
//
// Reading is two-staged: nlohmann parses the text (bounded by max_state_bytes and a nesting-depth
// pre-scan), then a walk over the document checks every key, type, name, number and shape and
// builds the outputs in locals; the caller's objects are assigned only at the end. No C++
// exceptions are thrown or caught (the web build has none): each reader returns false and leaves a
// message naming the JSON path in an Err.
//
// Floats are written with the fewest significant digits (6..9) whose decimal reads back, through
// double, to the same float; so a save/load round trip is bit-exact and the file stays readable.
//
// The optional "progress" section carries what else decides a trainer's next steps (trainer.h):
// step and sample counts, the shuffling generator's state and the epoch's order, the optimiser's
// moments, update count and beta^t products, the rollback weights and a divergence. Restored
// together with the weights, they make "save, load, train N" the same run as "train N".
#include "state.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <initializer_list>
#include <limits>
#include <utility>
#include <nlohmann/json.hpp>

#include "trainer.h"

namespace relulab {

namespace {

using json = nlohmann::json;
using ordered_json = nlohmann::ordered_json;

const char* const format_name = "relulab-model";
constexpr int format_version = 1;

// The first problem found, with the JSON path it concerns. Readers return false once it is set.
struct Err {
  std::string message;
};

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

// The double whose shortest decimal is float_text(f): nlohmann then prints it as that decimal.
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
    return fail(e, path, "expected an integer, found " + std::string(j.type_name()) + " " + shown(j));
  }
  if (v < lo || v > hi) return fail(e, path, std::to_string(v) + " is out of range " + range_text(lo, hi));
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
  return fail(e, path, shown(j) + " is not " + what + " (an integer 0.." + std::to_string(UINT64_MAX) + ")");
}

bool get_seed(const json& j, const std::string& path, std::uint64_t* out, Err& e) {
  return get_u64(j, path, "a seed", out, e);
}

// A double in [lo, hi] (hi_open: [lo, hi)), for the optimiser's running products of betas.
bool get_double(const json& j, const std::string& path, double lo, double hi, bool hi_open, double* out,
                Err& e) {
  if (!j.is_number())
    return fail(e, path, "expected a number, found " + std::string(j.type_name()) + " " + shown(j));
  const double d = j.get<double>();
  if (!std::isfinite(d) || d < lo || d > hi || (hi_open && d == hi))
    return fail(e, path, shown(j) + " is out of range [" + json(lo).dump() + ", " + json(hi).dump() +
                             (hi_open ? ")" : "]"));
  *out = d;
  return true;
}

bool get_float(const json& j, const std::string& path, float* out, Err& e) {
  if (!j.is_number())
    return fail(e, path, "expected a number, found " + std::string(j.type_name()) + " " + shown(j));
  const double d = j.get<double>();
  const float f = static_cast<float>(d);
  if (!std::isfinite(d) || !std::isfinite(f)) return fail(e, path, shown(j) + " is not a finite float");
  *out = f;
  return true;
}

bool get_string(const json& j, const std::string& path, std::string* out, Err& e) {
  if (!j.is_string())
    return fail(e, path, "expected a string, found " + std::string(j.type_name()) + " " + shown(j));
  *out = j.get<std::string>();
  return true;
}

template <class E>
bool get_name(const json& j, const std::string& path, bool (*from_name)(const std::string&, E*),
              const std::string& choices, E* out, Err& e) {
  std::string s;
  if (!get_string(j, path, &s, e)) return false;
  return from_name(s, out) || fail(e, path, shown(j) + " is not one of " + choices);
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

// ---- config ----

bool read_data_spec(const json& j, const std::string& path, DataSpec& d, Err& e) {
  if (!require_object(j, path, e) ||
      !check_keys(j, path, {"kind", "points", "noise", "train_fraction", "classes", "seed"}, e))
    return false;
  const json* v;
  if ((v = member(j, "kind")) &&
      !get_name(*v, path + ".kind", data_kind_from_name, data_kind_choices(), &d.kind, e))
    return false;
  if ((v = member(j, "points")) && !get_int(*v, path + ".points", 0, max_points, &d.points, e)) return false;
  if ((v = member(j, "noise")) && !get_float(*v, path + ".noise", &d.noise, e)) return false;
  if ((v = member(j, "train_fraction")) &&
      !get_float(*v, path + ".train_fraction", &d.train_fraction, e))
    return false;
  if ((v = member(j, "classes")) && !get_int(*v, path + ".classes", 1, max_classes, &d.classes, e))
    return false;
  if ((v = member(j, "seed")) && !get_seed(*v, path + ".seed", &d.seed, e)) return false;
  return true;
}

bool read_features(const json& j, const std::string& p, unsigned* out, Err& e) {
  if (!require_array(j, p, e)) return false;
  if (j.size() > static_cast<size_t>(feature_count))
    return fail(e, p, std::to_string(j.size()) + " features, at most " + std::to_string(feature_count));
  unsigned mask = 0;
  for (size_t i = 0; i < j.size(); ++i) {
    const std::string pi = p + "[" + std::to_string(i) + "]";
    Feature f{};
    if (!get_name(j[i], pi, feature_from_name, feature_choices(), &f, e)) return false;
    const unsigned bit = 1u << static_cast<int>(f);
    if (mask & bit) return fail(e, pi, shown(j[i]) + " is listed twice");
    mask |= bit;
  }
  *out = mask;
  return true;
}

bool read_hidden(const json& j, const std::string& p, std::vector<LayerSpec>* out, Err& e) {
  if (!require_array(j, p, e)) return false;
  if (j.size() > static_cast<size_t>(max_hidden_layers))
    return fail(e, p, std::to_string(j.size()) + " hidden layers is out of range " +
                          range_text(0, max_hidden_layers));
  std::vector<LayerSpec> hidden(j.size());
  for (size_t i = 0; i < j.size(); ++i) {
    const std::string pi = p + "[" + std::to_string(i) + "]";
    const json& l = j[i];
    if (!require_object(l, pi, e) || !check_keys(l, pi, {"units", "activation"}, e)) return false;
    const json* v;
    if ((v = member(l, "units")) && !get_int(*v, pi + ".units", 1, max_units, &hidden[i].units, e))
      return false;
    if ((v = member(l, "activation")) && !get_activation(*v, pi + ".activation", &hidden[i].activation, e))
      return false;
  }
  *out = std::move(hidden);
  return true;
}

bool read_network_spec(const json& j, const std::string& path, NetworkSpec& n, Err& e) {
  if (!require_object(j, path, e) ||
      !check_keys(j, path, {"features", "hidden", "output", "init", "bias_init", "seed"}, e))
    return false;
  const json* v;
  if ((v = member(j, "features")) && !read_features(*v, path + ".features", &n.features, e)) return false;
  if ((v = member(j, "hidden")) && !read_hidden(*v, path + ".hidden", &n.hidden, e)) return false;
  if ((v = member(j, "output")) &&
      !get_name(*v, path + ".output", output_from_name, output_choices(), &n.output, e))
    return false;
  if ((v = member(j, "init")) && !get_name(*v, path + ".init", init_from_name, init_choices(), &n.init, e))
    return false;
  if ((v = member(j, "bias_init")) &&
      !get_name(*v, path + ".bias_init", bias_init_from_name, bias_init_choices(), &n.bias_init, e))
    return false;
  if ((v = member(j, "seed")) && !get_seed(*v, path + ".seed", &n.seed, e)) return false;
  return true;
}

bool read_train_spec(const json& j, const std::string& path, TrainSpec& t, Err& e) {
  if (!require_object(j, path, e) ||
      !check_keys(j, path, {"optimizer", "learning_rate", "momentum", "beta1", "beta2", "epsilon",
                            "batch_size", "l1", "l2", "activation_l1"}, e))
    return false;
  const json* v;
  if ((v = member(j, "optimizer")) &&
      !get_name(*v, path + ".optimizer", optimizer_from_name, optimizer_choices(), &t.optimizer, e))
    return false;
  const std::pair<const char*, float*> floats[] = {
      {"learning_rate", &t.learning_rate}, {"momentum", &t.momentum}, {"beta1", &t.beta1},
      {"beta2", &t.beta2}, {"epsilon", &t.epsilon}, {"l1", &t.l1}, {"l2", &t.l2},
      {"activation_l1", &t.activation_l1}};
  for (const auto& f : floats)
    if ((v = member(j, f.first)) && !get_float(*v, path + "." + f.first, f.second, e)) return false;
  if ((v = member(j, "batch_size")) && !get_int(*v, path + ".batch_size", 1, max_batch, &t.batch_size, e))
    return false;
  return true;
}

bool read_config(const json& j, const std::string& path, Config* out, Err& e) {
  if (!require_object(j, path, e) || !check_keys(j, path, {"data", "network", "train"}, e)) return false;
  const std::string prefix = path.empty() ? "" : path + ".";
  Config c;
  const json* v;
  if ((v = member(j, "data")) && !read_data_spec(*v, prefix + "data", c.data, e)) return false;
  if ((v = member(j, "network")) && !read_network_spec(*v, prefix + "network", c.network, e)) return false;
  if ((v = member(j, "train")) && !read_train_spec(*v, prefix + "train", c.train, e)) return false;
  const std::string err = validate(c);
  if (!err.empty()) return fail(e, "", prefix + err);
  *out = std::move(c);
  return true;
}

// ---- document ----

// Rejects nesting deeper than max_json_depth before nlohmann builds anything.
bool check_depth(const std::string& text, Err& e) {
  int depth = 0;
  bool in_string = false, escaped = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char ch = text[i];
    if (in_string) {
      if (escaped) escaped = false;
      else if (ch == '\\') escaped = true;
      else if (ch == '"') in_string = false;
    } else if (ch == '"') {
      in_string = true;
    } else if (ch == '[' || ch == '{') {
      if (++depth > max_json_depth)
        return fail(e, "", "JSON nested deeper than " + std::to_string(max_json_depth) +
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
  bool number_float(json::number_float_t v, const json::string_t& s) { return dom.number_float(v, s); }
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

bool parse_document(const std::string& text, json* doc, Err& e) {
  if (text.size() > max_state_bytes)
    return fail(e, "", "file is " + std::to_string(text.size()) + " bytes, more than the limit of " +
                           std::to_string(max_state_bytes));
  if (!check_depth(text, e)) return false;
  DomWithoutExceptions sax(*doc);
  if (!json::sax_parse(text, &sax) || !sax.error.empty())
    return fail(e, "", "invalid JSON at byte " + std::to_string(sax.error_byte) + ": " + sax.error);
  return true;
}

// The config object of a document: {"format", "version", "config", ...} or a bare config.
bool config_part(const json& doc, const json** config, bool* bare, Err& e) {
  if (!require_object(doc, "(top level)", e)) return false;
  *bare = false;
  if (!member(doc, "format")) {
    bool looks_bare = !doc.empty();
    for (auto it = doc.begin(); it != doc.end(); ++it)
      looks_bare = looks_bare && (it.key() == "data" || it.key() == "network" || it.key() == "train");
    if (!looks_bare)
      return fail(e, "format", "missing (expected \"format\": \"" + std::string(format_name) + "\")");
    *bare = true;
    *config = &doc;
    return true;
  }
  if (!check_keys(doc, "", {"format", "version", "config", "weights", "data", "progress"}, e)) return false;
  std::string format;
  if (!get_string(*member(doc, "format"), "format", &format, e)) return false;
  if (format != format_name) return fail(e, "format", "'" + format + "' is not '" + format_name + "'");
  const json* version = member(doc, "version");
  if (!version) return fail(e, "version", "missing (expected " + std::to_string(format_version) + ")");
  long long v = 0;
  if (!get_integer(*version, "version", 0, 1LL << 40, &v, e)) return false;
  if (v != format_version)
    return fail(e, "version", std::to_string(v) + " is not supported (this build reads version " +
                                  std::to_string(format_version) + ")");
  *config = member(doc, "config");
  return *config || fail(e, "config", "missing");
}

bool read_vector(const json& lj, const std::string& p, const char* key, int units, Vector& v, Err& e) {
  const json* jv = member(lj, key);
  const std::string pk = p + "." + key;
  if (!jv) return fail(e, pk, "missing");
  if (!require_array(*jv, pk, e)) return false;
  if (jv->size() != static_cast<size_t>(units))
    return fail(e, pk, std::to_string(jv->size()) + " values, expected " + std::to_string(units));
  v.resize(units);
  for (int r = 0; r < units; ++r)
    if (!get_float((*jv)[r], pk + "[" + std::to_string(r) + "]", &v(r), e)) return false;
  return true;
}

// The arrays of one layer, [out][in] weights, biases and (prelu only) slopes, as in weights.layers;
// the optimiser's moment layers have the same keys.
bool read_layer_arrays(const json& lj, const std::string& p, bool prelu, int units, int in, MatrixR& W,
                       Vector& b, Vector& slope, Err& e) {
  const json* w = member(lj, "weights");
  if (!w) return fail(e, p + ".weights", "missing");
  if (!require_array(*w, p + ".weights", e)) return false;
  if (w->size() != static_cast<size_t>(units))
    return fail(e, p + ".weights", std::to_string(w->size()) + " rows, expected " + std::to_string(units) +
                                       " (one per unit; shape [out][in] = [" + std::to_string(units) +
                                       "][" + std::to_string(in) + "])");
  for (int r = 0; r < units; ++r) {
    const std::string pr = p + ".weights[" + std::to_string(r) + "]";
    if (!require_array((*w)[r], pr, e)) return false;
    if ((*w)[r].size() != static_cast<size_t>(in))
      return fail(e, pr, std::to_string((*w)[r].size()) + " columns, expected " + std::to_string(in) +
                             " (the layer's inputs)");
  }
  W.resize(units, in);  // sizes now bounded by the validated config
  for (int r = 0; r < units; ++r)
    for (int k = 0; k < in; ++k)
      if (!get_float((*w)[r][k], p + ".weights[" + std::to_string(r) + "][" + std::to_string(k) + "]",
                     &W(r, k), e))
        return false;
  if (!read_vector(lj, p, "biases", units, b, e)) return false;
  if (prelu) return read_vector(lj, p, "slopes", units, slope, e);
  slope.resize(0);
  return true;
}

bool read_layer(const json& lj, const std::string& p, Activation want, bool output, int units, int in,
                Layer& layer, Err& e) {
  if (!require_object(lj, p, e) || !check_keys(lj, p, {"activation", "weights", "biases", "slopes"}, e))
    return false;
  const json* act = member(lj, "activation");
  if (!act) return fail(e, p + ".activation", "missing");
  Activation a{};
  if (!get_activation(*act, p + ".activation", &a, e)) return false;
  if (a != want)
    return fail(e, p + ".activation", std::string("'") + activation_name(a) +
                                          "' does not match the config's '" + activation_name(want) +
                                          "'" + (output ? " (output layer)" : ""));
  layer.activation = a;
  if (a != Activation::prelu && member(lj, "slopes"))
    return fail(e, p + ".slopes", std::string("given for a '") + activation_name(a) +
                                      "' layer (only prelu layers have slopes)");
  return read_layer_arrays(lj, p, a == Activation::prelu, units, in, layer.W, layer.b, layer.slope, e);
}

// Units and inputs of layer l (hidden layers, then the output layer) under config c.
int layer_units(const Config& c, int l) {
  const int hidden = static_cast<int>(c.network.hidden.size());
  return l < hidden ? c.network.hidden[l].units : output_count(c.network, class_count(c.data));
}
int layer_inputs(const Config& c, int l) { return l == 0 ? input_count(c.network) : layer_units(c, l - 1); }
bool layer_is_prelu(const Config& c, int l) {
  const int hidden = static_cast<int>(c.network.hidden.size());
  return l < hidden && c.network.hidden[l].activation == Activation::prelu;
}

// A list of layers shaped as the config's network (weights.layers, progress.rollback.layers).
bool read_layers(const json& layers, const std::string& path, const Config& c, std::vector<Layer>* out,
                 Err& e) {
  if (!require_array(layers, path, e)) return false;
  const int hidden = static_cast<int>(c.network.hidden.size());
  if (layers.size() != static_cast<size_t>(hidden + 1))
    return fail(e, path, std::to_string(layers.size()) + " layers, but the config has " +
                             std::to_string(hidden) + " hidden layers + 1 output layer");
  std::vector<Layer> result(hidden + 1);
  for (int l = 0; l <= hidden; ++l) {
    const bool output = l == hidden;
    const Activation want = output ? Activation::linear : c.network.hidden[l].activation;
    if (!read_layer(layers[l], path + "[" + std::to_string(l) + "]", want, output, layer_units(c, l),
                    layer_inputs(c, l), result[l], e))
      return false;
  }
  *out = std::move(result);
  return true;
}

bool read_weights(const json& j, const Config& c, std::vector<Layer>* out, Err& e) {
  const std::string path = "weights";
  if (!require_object(j, path, e) || !check_keys(j, path, {"layers"}, e)) return false;
  const json* layers = member(j, "layers");
  if (!layers) return fail(e, path + ".layers", "missing");
  return read_layers(*layers, path + ".layers", c, out, e);
}

bool read_points(const json& j, const std::string& path, int classes, std::vector<Point>* out, Err& e) {
  std::vector<Point> pts(j.size());
  for (size_t i = 0; i < j.size(); ++i) {
    const std::string pi = path + "[" + std::to_string(i) + "]";
    const json& pj = j[i];
    if (!require_array(pj, pi, e)) return false;
    if (pj.size() != 3)
      return fail(e, pi, std::to_string(pj.size()) + " values, expected 3 [x1, x2, label]");
    Point& p = pts[i];
    if (!get_float(pj[0], pi + "[0]", &p.x1, e) || !get_float(pj[1], pi + "[1]", &p.x2, e) ||
        !get_float(pj[2], pi + "[2]", &p.label, e))
      return false;
    for (float x : {p.x1, p.x2})
      if (std::fabs(x) > max_csv_coordinate)
        return fail(e, pi, float_text(x) + " is outside -" +
                               float_text(static_cast<float>(max_csv_coordinate)) + ".." +
                               float_text(static_cast<float>(max_csv_coordinate)));
    if (classes >= 2 && (p.label != std::floor(p.label) || p.label < 0 || p.label >= classes))
      return fail(e, pi + "[2]", float_text(p.label) + " is not a class index 0.." +
                                     std::to_string(classes - 1));
  }
  *out = std::move(pts);
  return true;
}

bool read_data(const json& j, const Config& c, Dataset* out, Err& e) {
  const std::string path = "data";
  if (!require_object(j, path, e) || !check_keys(j, path, {"train", "test"}, e)) return false;
  const json* train = member(j, "train");
  const json* test = member(j, "test");
  if (!train) return fail(e, path + ".train", "missing");
  if (!require_array(*train, path + ".train", e)) return false;
  if (test && !require_array(*test, path + ".test", e)) return false;
  const size_t total = train->size() + (test ? test->size() : 0);
  if (total > static_cast<size_t>(max_points))
    return fail(e, path, std::to_string(total) + " points, more than the limit of " +
                             std::to_string(max_points));
  Dataset d;
  d.classes = class_count(c.data);
  d.regression = d.classes == 1;
  if (!read_points(*train, path + ".train", d.classes, &d.train, e)) return false;
  if (test && !read_points(*test, path + ".test", d.classes, &d.test, e)) return false;
  d.spec = c.data;
  d.spec.points = static_cast<int>(total);
  *out = std::move(d);
  return true;
}

// ---- progress (a trainer's position in its run) ----

// Integers in a progress section stay within 2^53 - 1 (exact in every JSON reader) and the build's
// `long` (32 bits in WebAssembly).
constexpr long long max_progress_count =
    std::min<long long>((1LL << 53) - 1, std::numeric_limits<long>::max());
constexpr std::size_t max_divergence_chars = 1000;

struct Progress {
  long long step = 0, samples_seen = 0;
  std::uint64_t rng_state = 0;
  std::vector<int> order;
  int order_pos = 0;
  Optimizer written_for = Optimizer::sgd;  // the optimiser whose moments these are
  OptimizerState opt;
  std::string divergence;                  // non-empty: the run had diverged
  bool has_rollback = false;
  std::vector<Layer> rollback;
  int rollback_batch = 0;
};

// One moment list ("m" or "v"): per layer {"weights", "biases", "slopes"} shaped as the network.
bool read_moments(const json& j, const std::string& path, const Config& c, std::vector<MatrixR>& W,
                  std::vector<Vector>& b, std::vector<Vector>& slope, Err& e) {
  if (!require_array(j, path, e)) return false;
  const int layers = static_cast<int>(c.network.hidden.size()) + 1;
  if (j.size() != static_cast<size_t>(layers))
    return fail(e, path, std::to_string(j.size()) + " layers, expected " + std::to_string(layers) +
                             " (the network's hidden layers + 1 output layer)");
  W.resize(layers);
  b.resize(layers);
  slope.resize(layers);
  for (int l = 0; l < layers; ++l) {
    const std::string pl = path + "[" + std::to_string(l) + "]";
    const bool prelu = layer_is_prelu(c, l);
    if (!require_object(j[l], pl, e) || !check_keys(j[l], pl, {"weights", "biases", "slopes"}, e))
      return false;
    if (!prelu && member(j[l], "slopes"))
      return fail(e, pl + ".slopes", "given for a layer without slopes (only prelu layers have them)");
    if (!read_layer_arrays(j[l], pl, prelu, layer_units(c, l), layer_inputs(c, l), W[l], b[l], slope[l], e))
      return false;
  }
  return true;
}

bool read_optimizer_state(const json& j, const std::string& path, const Config& c, Progress& p, Err& e) {
  if (!require_object(j, path, e) ||
      !check_keys(j, path, {"name", "t", "beta1_power", "beta2_power", "m", "v"}, e))
    return false;
  const json* v = member(j, "name");
  if (!v) return fail(e, path + ".name", "missing");
  if (!get_name(*v, path + ".name", optimizer_from_name, optimizer_choices(), &p.written_for, e)) return false;
  long long t = 0;
  if (!(v = member(j, "t"))) return fail(e, path + ".t", "missing");
  if (!get_integer(*v, path + ".t", 0, max_progress_count, &t, e)) return false;
  p.opt.t = static_cast<long>(t);
  // b^t as running products: exactly 1 before the first update, then in [0, 1) (each beta is)
  const std::pair<const char*, double*> powers[] = {{"beta1_power", &p.opt.beta1_power},
                                                    {"beta2_power", &p.opt.beta2_power}};
  for (const auto& pw : powers) {
    const std::string pp = path + "." + pw.first;
    if (!(v = member(j, pw.first))) return fail(e, pp, "missing");
    if (t == 0 && !(v->is_number() && v->get<double>() == 1.0))
      return fail(e, pp, shown(*v) + " is not 1 (t is 0: no update has been made)");
    if (t > 0 && !get_double(*v, pp, 0.0, 1.0, true, pw.second, e)) return false;
  }
  const bool first = p.written_for != Optimizer::sgd, second = p.written_for == Optimizer::adam;
  const std::size_t layers = c.network.hidden.size() + 1;
  OptimizerState& o = p.opt;
  for (auto* list : {&o.mW, &o.vW}) list->assign(layers, MatrixR());
  for (auto* list : {&o.mb, &o.vb, &o.ms, &o.vs}) list->assign(layers, Vector());
  const std::pair<const char*, bool> moments[] = {{"m", first}, {"v", second}};
  for (const auto& mo : moments) {
    const std::string pm = path + "." + mo.first;
    const json* mj = member(j, mo.first);
    if (!mo.second && mj)
      return fail(e, pm, std::string("given, but ") + optimizer_name(p.written_for) + " keeps no " +
                             (mo.first[0] == 'm' ? "first" : "second") + " moments");
    if (mo.second && !mj) return fail(e, pm, "missing (" + std::string(optimizer_name(p.written_for)) +
                                                 " keeps these moments)");
    const bool is_m = mo.first[0] == 'm';
    if (mj && !read_moments(*mj, pm, c, is_m ? o.mW : o.vW, is_m ? o.mb : o.vb, is_m ? o.ms : o.vs, e))
      return false;
  }
  // moments an optimiser does not keep are zero, sized as optimizer_reset sizes them
  for (std::size_t l = 0; l < layers; ++l) {
    const int units = layer_units(c, static_cast<int>(l)), in = layer_inputs(c, static_cast<int>(l));
    const int slopes = layer_is_prelu(c, static_cast<int>(l)) ? units : 0;
    if (!first) {
      o.mW[l].setZero(units, in);
      o.mb[l].setZero(units);
      o.ms[l].setZero(slopes);
    }
    if (!second) {
      o.vW[l].setZero(units, in);
      o.vb[l].setZero(units);
      o.vs[l].setZero(slopes);
    }
  }
  return true;
}

// The "progress" section; train_size is the size of the training set the order permutes.
bool read_progress(const json& j, const Config& c, std::size_t train_size, Progress* out, Err& e) {
  const std::string path = "progress";
  if (!require_object(j, path, e) ||
      !check_keys(j, path, {"step", "samples_seen", "rng_state", "order_pos", "order", "optimizer",
                            "rollback", "divergence"}, e))
    return false;
  Progress p;
  const json* v;
  if (!(v = member(j, "step"))) return fail(e, path + ".step", "missing");
  if (!get_integer(*v, path + ".step", 0, max_progress_count, &p.step, e)) return false;
  if (!(v = member(j, "samples_seen"))) return fail(e, path + ".samples_seen", "missing");
  if (!get_integer(*v, path + ".samples_seen", 0, max_progress_count, &p.samples_seen, e)) return false;
  if (p.samples_seen < p.step)
    return fail(e, path + ".samples_seen", std::to_string(p.samples_seen) + " is less than step (" +
                                               std::to_string(p.step) + "): every step sees a sample");
  if (!(v = member(j, "rng_state"))) return fail(e, path + ".rng_state", "missing");
  if (!get_u64(*v, path + ".rng_state", "a generator state", &p.rng_state, e)) return false;

  const json* order = member(j, "order");
  if (!order) return fail(e, path + ".order", "missing");
  if (!require_array(*order, path + ".order", e)) return false;
  if (order->size() != train_size)
    return fail(e, path + ".order", std::to_string(order->size()) + " indices, expected " +
                                        std::to_string(train_size) + " (one per training point)");
  const int n = static_cast<int>(train_size);
  p.order.resize(train_size);
  std::vector<char> seen(train_size, 0);
  for (int i = 0; i < n; ++i) {
    const std::string pi = path + ".order[" + std::to_string(i) + "]";
    if (!get_int((*order)[i], pi, 0, n - 1, &p.order[i], e)) return false;
    if (seen[p.order[i]]++)
      return fail(e, pi, std::to_string(p.order[i]) + " appears twice (the order is a permutation of 0.." +
                             std::to_string(n - 1) + ")");
  }
  if (!(v = member(j, "order_pos"))) return fail(e, path + ".order_pos", "missing");
  if (!get_int(*v, path + ".order_pos", 0, n, &p.order_pos, e)) return false;

  if (!(v = member(j, "optimizer"))) return fail(e, path + ".optimizer", "missing");
  if (!read_optimizer_state(*v, path + ".optimizer", c, p, e)) return false;

  if ((v = member(j, "divergence"))) {
    if (!get_string(*v, path + ".divergence", &p.divergence, e)) return false;
    if (p.divergence.empty() || p.divergence.size() > max_divergence_chars)
      return fail(e, path + ".divergence", "a message of 1.." + std::to_string(max_divergence_chars) +
                                               " characters, found " + std::to_string(p.divergence.size()));
  }
  if (const json* rb = member(j, "rollback")) {
    const std::string pr = path + ".rollback";
    if (!require_object(*rb, pr, e) || !check_keys(*rb, pr, {"batch", "layers"}, e)) return false;
    if (!p.divergence.empty())
      return fail(e, pr, "given for a diverged run (a divergence has already rolled back)");
    if (p.step == 0) return fail(e, pr, "given at step 0 (there is no step to undo)");
    if (!(v = member(*rb, "batch"))) return fail(e, pr + ".batch", "missing");
    const long long most = std::min<long long>(max_batch, p.samples_seen);
    if (!get_int(*v, pr + ".batch", 1, static_cast<int>(most), &p.rollback_batch, e)) return false;
    if (!(v = member(*rb, "layers"))) return fail(e, pr + ".layers", "missing");
    if (!read_layers(*v, pr + ".layers", c, &p.rollback, e)) return false;
    p.has_rollback = true;
  }
  *out = std::move(p);
  return true;
}

// ---- writing ----

ordered_json config_object(const Config& c) {
  ordered_json data;
  data["kind"] = data_kind_name(c.data.kind);
  data["points"] = c.data.points;
  data["noise"] = float_value(c.data.noise);
  data["train_fraction"] = float_value(c.data.train_fraction);
  data["classes"] = c.data.classes;
  data["seed"] = c.data.seed;
  ordered_json features = ordered_json::array();
  for (int i = 0; i < feature_count; ++i)
    if (c.network.features >> i & 1u) features.push_back(feature_name(Feature(i)));
  ordered_json hidden = ordered_json::array();
  for (const auto& l : c.network.hidden)
    hidden.push_back(ordered_json{{"units", l.units}, {"activation", activation_name(l.activation)}});
  ordered_json network;
  network["features"] = features;
  network["hidden"] = hidden;
  network["output"] = output_name(c.network.output);
  network["init"] = init_name(c.network.init);
  network["bias_init"] = bias_init_name(c.network.bias_init);
  network["seed"] = c.network.seed;
  ordered_json train;
  train["optimizer"] = optimizer_name(c.train.optimizer);
  train["learning_rate"] = float_value(c.train.learning_rate);
  train["momentum"] = float_value(c.train.momentum);
  train["beta1"] = float_value(c.train.beta1);
  train["beta2"] = float_value(c.train.beta2);
  train["epsilon"] = float_value(c.train.epsilon);
  train["batch_size"] = c.train.batch_size;
  train["l1"] = float_value(c.train.l1);
  train["l2"] = float_value(c.train.l2);
  train["activation_l1"] = float_value(c.train.activation_l1);
  ordered_json config;
  config["data"] = data;
  config["network"] = network;
  config["train"] = train;
  return config;
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

template <class Get>
void write_row(std::string& out, int n, Get get) {
  out += '[';
  for (int i = 0; i < n; ++i) {
    if (i) out += ", ";
    out += float_text(get(i));
  }
  out += ']';
}

void write_points(std::string& out, const char* name, const std::vector<Point>& pts) {
  out += std::string("    \"") + name + "\": [";
  for (size_t i = 0; i < pts.size(); ++i) {
    out += i ? ",\n      [" : "\n      [";
    out += float_text(pts[i].x1) + ", " + float_text(pts[i].x2) + ", " + float_text(pts[i].label) + "]";
  }
  out += pts.empty() ? "]" : "\n    ]";
}

std::string head(const Config& c) {
  return std::string("{\n  \"format\": \"") + format_name + "\",\n  \"version\": " +
         std::to_string(format_version) + ",\n  \"config\": " +
         indent_block(config_object(c).dump(2), "  ");
}

// One layer object at indent `pad`: "activation" (when given), "weights" [out][in], "biases" and,
// when `slopes`, "slopes". Weights, rollback weights and moment layers share this shape.
void write_layer(std::string& out, const std::string& pad, const char* activation, const MatrixR& W,
                 const Vector& b, const Vector& slope, bool slopes) {
  const std::string key = pad + "  ", row = pad + "    ";
  out += pad + "{\n";
  if (activation) out += key + "\"activation\": \"" + activation + "\",\n";
  out += key + "\"weights\": [";
  for (long r = 0; r < W.rows(); ++r) {
    out += (r ? ",\n" : "\n") + row;
    write_row(out, static_cast<int>(W.cols()), [&](int k) { return W(r, k); });
  }
  out += W.rows() ? "\n" + key + "],\n" : "],\n";
  out += key + "\"biases\": ";
  write_row(out, static_cast<int>(b.size()), [&](int k) { return b(k); });
  if (slopes) {
    out += ",\n" + key + "\"slopes\": ";
    write_row(out, static_cast<int>(slope.size()), [&](int k) { return slope(k); });
  }
  out += "\n" + pad + "}";
}

// A list of `count` layers: "[" then each layer at indent `pad`, closed at pad - 2.
template <class Each>
void write_layer_list(std::string& out, int pad, std::size_t count, Each each) {
  out += '[';
  for (std::size_t l = 0; l < count; ++l) {
    out += l ? ",\n" : "\n";
    each(l, std::string(pad, ' '));
  }
  out += count ? "\n" + std::string(pad - 2, ' ') + "]" : "]";
}

void write_network_layers(std::string& out, int pad, const std::vector<Layer>& layers) {
  write_layer_list(out, pad, layers.size(), [&](std::size_t l, const std::string& p) {
    const Layer& L = layers[l];
    write_layer(out, p, activation_name(L.activation), L.W, L.b, L.slope, L.activation == Activation::prelu);
  });
}

// Everything save_state writes but the closing brace.
std::string state_body(const Config& c, const Network& net, const Dataset* data) {
  std::string out = head(c);
  out += ",\n  \"weights\": {\n    \"layers\": ";
  write_network_layers(out, 6, net.layers);
  out += "\n  }";
  if (data && c.data.kind == DataKind::custom) {
    out += ",\n  \"data\": {\n";
    write_points(out, "train", data->train);
    out += ",\n";
    write_points(out, "test", data->test);
    out += "\n  }";
  }
  return out;
}

// The "progress" section of trainer t (docs/model-format.md).
void write_progress(std::string& out, const Trainer& t) {
  out += ",\n  \"progress\": {\n";
  out += "    \"step\": " + std::to_string(t.step_count) + ",\n";
  out += "    \"samples_seen\": " + std::to_string(t.samples_seen) + ",\n";
  out += "    \"rng_state\": " + std::to_string(t.rng_state) + ",\n";
  out += "    \"order_pos\": " + std::to_string(t.order_pos) + ",\n";
  out += "    \"order\": [";
  for (std::size_t i = 0; i < t.order.size(); ++i) {
    if (i) out += i % 20 ? ", " : ",\n      ";
    out += std::to_string(t.order[i]);
  }
  out += "],\n";
  // moments as optimizer_step will find them (it resets buffers that do not fit the network)
  OptimizerState reset_state;
  const bool fits = t.opt.mW.size() == t.net.layers.size();
  if (!fits) optimizer_reset(reset_state, t.net);
  const OptimizerState& o = fits ? t.opt : reset_state;
  const Optimizer name = t.config.train.optimizer;
  out += "    \"optimizer\": {\n";
  out += std::string("      \"name\": \"") + optimizer_name(name) + "\",\n";
  out += "      \"t\": " + std::to_string(o.t) + ",\n";
  out += "      \"beta1_power\": " + json(o.beta1_power).dump() + ",\n";
  out += "      \"beta2_power\": " + json(o.beta2_power).dump();
  const auto moments = [&](const char* key, const std::vector<MatrixR>& W, const std::vector<Vector>& b,
                           const std::vector<Vector>& slope) {
    out += std::string(",\n      \"") + key + "\": ";
    write_layer_list(out, 8, W.size(), [&](std::size_t l, const std::string& p) {
      const bool prelu = t.net.layers[l].activation == Activation::prelu;
      write_layer(out, p, nullptr, W[l], b[l], slope[l], prelu);
    });
  };
  if (name != Optimizer::sgd) moments("m", o.mW, o.mb, o.ms);
  if (name == Optimizer::adam) moments("v", o.vW, o.vb, o.vs);
  out += "\n    }";
  const bool rollback = !t.diverged && t.has_last_good && t.step_count >= 1 && t.last_batch >= 1 &&
                        t.last_batch <= t.samples_seen && t.last_good.layers.size() == t.net.layers.size();
  if (rollback) {
    out += ",\n    \"rollback\": {\n      \"batch\": " + std::to_string(t.last_batch) +
           ",\n      \"layers\": ";
    write_network_layers(out, 8, t.last_good.layers);
    out += "\n    }";
  }
  if (t.diverged)
    out += ",\n    \"divergence\": " +
           json(t.divergence.empty() ? std::string("diverged") : t.divergence.substr(0, max_divergence_chars))
               .dump(-1, ' ', false, json::error_handler_t::replace);  // never throws
  out += "\n  }";
}

// A state document read and checked in full: config, weights, custom points, progress.
struct Loaded {
  Config config;
  Network net;
  bool custom = false;
  Dataset data;  // the custom points when custom
  bool has_progress = false;
  Progress progress;
};

// require_data: custom data must come with its points (a trainer needs them; eval and regions do not).
bool read_state(const std::string& text, bool require_data, json* doc, Loaded* out, Err& e) {
  const json* cj = nullptr;
  bool bare = false;
  if (!parse_document(text, doc, e) || !config_part(*doc, &cj, &bare, e)) return false;
  if (bare) return fail(e, "", "this is a bare config (no \"weights\"): it holds no model to load");
  Loaded s;
  if (!read_config(*cj, "config", &s.config, e)) return false;
  const json* wj = member(*doc, "weights");
  if (!wj) return fail(e, "weights", "missing (a config file holds no weights; load it as --config)");
  s.net.spec = s.config.network;
  s.net.classes = class_count(s.config.data);
  if (!read_weights(*wj, s.config, &s.net.layers, e)) return false;
  const json* dj = member(*doc, "data");
  s.custom = s.config.data.kind == DataKind::custom;
  if (dj && !s.custom)
    return fail(e, "data", std::string("given, but config.data.kind is '") +
                               data_kind_name(s.config.data.kind) +
                               "' (only custom data is stored in the file)");
  if (s.custom && !dj && (require_data || member(*doc, "progress")))
    return fail(e, "data", "missing: config.data.kind is 'custom', so the file must hold the points");
  if (dj) {
    if (!read_data(*dj, s.config, &s.data, e)) return false;
    s.config.data.points = s.data.spec.points;
  }
  if (const json* pj = member(*doc, "progress")) {
    // the order permutes the training set: the file's points, or the generator's split
    const std::size_t train_size = s.custom ? s.data.train.size() : generate(s.config.data).train.size();
    if (!read_progress(*pj, s.config, train_size, &s.progress, e)) return false;
    s.has_progress = true;
  }
  *out = std::move(s);
  return true;
}

}  // namespace

std::string config_to_json(const Config& c) { return head(c) + "\n}\n"; }

std::string parse_config_json(const std::string& text, const std::string& source, Config* out,
                              bool* has_progress, FileParts* parts) {
  Err e;
  json doc;
  const json* cj = nullptr;
  bool bare = false;
  Config c;
  if (!parse_document(text, &doc, e) || !config_part(doc, &cj, &bare, e) ||
      !read_config(*cj, bare ? "" : "config", &c, e))
    return source + ": " + e.message;
  *out = std::move(c);
  if (has_progress) *has_progress = !bare && member(doc, "progress");
  if (parts) {
    parts->weights = !bare && member(doc, "weights");
    parts->data = !bare && member(doc, "data");
    parts->progress = !bare && member(doc, "progress");
  }
  return {};
}

std::string save_state(const Config& c, const Network& net, const Dataset* data) {
  return state_body(c, net, data) + "\n}\n";
}

std::string save_state(const Trainer& trainer) {
  // A trainer whose cached features or order no longer fit its data rebuilds them (with a fresh
  // shuffle) before its next step; the file holds the trainer as that step will find it.
  const bool stale = trainer.X_train.cols() != static_cast<long>(trainer.data.train.size()) ||
                     trainer.X_test.cols() != static_cast<long>(trainer.data.test.size()) ||
                     trainer.order.size() != trainer.data.train.size();
  Trainer refreshed;
  if (stale) {
    refreshed = trainer;
    refresh_data(refreshed);
  }
  const Trainer& t = stale ? refreshed : trainer;
  std::string out = state_body(t.config, t.net, &t.data);
  write_progress(out, t);
  out += "\n}\n";
  return out;
}

std::string load_state(const std::string& text, const std::string& source, Config* c, Network* n,
                       Dataset* custom_data) {
  Err e;
  json doc;
  Loaded s;
  if (!read_state(text, custom_data != nullptr, &doc, &s, e)) return source + ": " + e.message;
  *c = std::move(s.config);
  *n = std::move(s.net);
  if (s.custom && custom_data) *custom_data = std::move(s.data);
  return {};
}

namespace {

// A trainer from a state read in full (load_state and open_run).
std::string trainer_from(Loaded& s, const std::string& source, Trainer* out, bool* resumed) {
  Dataset data = s.custom ? std::move(s.data) : generate(s.config.data);
  Trainer t;
  std::string err = make_trainer(s.config, std::move(data), &t);
  if (!err.empty()) return source + ": " + err;
  t.net = std::move(s.net);
  if (s.has_progress) {
    Progress& p = s.progress;
    t.step_count = static_cast<long>(p.step);
    t.samples_seen = static_cast<long>(p.samples_seen);
    t.rng_state = p.rng_state;
    t.order = std::move(p.order);
    t.order_pos = p.order_pos;
    // moments written for another optimiser are cleared, as set_train_spec clears them on a switch
    if (p.written_for == t.config.train.optimizer) t.opt = std::move(p.opt);
    else optimizer_reset(t.opt, t.net);
    t.diverged = !p.divergence.empty();
    t.divergence = p.divergence;
    t.has_last_good = p.has_rollback;
    t.last_batch = p.has_rollback ? p.rollback_batch : 0;
    if (p.has_rollback) {
      t.last_good = t.net;
      t.last_good.layers = std::move(p.rollback);
    }
  } else {
    optimizer_reset(t.opt, t.net);
  }
  t.history.clear();
  measure(t);
  *out = std::move(t);
  if (resumed) *resumed = s.has_progress;
  return {};
}

}  // namespace

std::string load_state(const std::string& text, const std::string& source, Trainer* out, bool* resumed) {
  Err e;
  json doc;
  Loaded s;
  if (!read_state(text, true, &doc, &s, e)) return source + ": " + e.message;
  doc = json();  // the outputs are built: free the document before the trainer allocates
  return trainer_from(s, source, out, resumed);
}

std::string open_run(const std::string& text, const std::string& source, Trainer* out, FileParts* parts) {
  Err e;
  json doc;
  const json* cj = nullptr;
  bool bare = false;
  if (!parse_document(text, &doc, e) || !config_part(doc, &cj, &bare, e)) return source + ": " + e.message;
  FileParts p;
  p.weights = !bare && member(doc, "weights");
  p.data = !bare && member(doc, "data");
  p.progress = !bare && member(doc, "progress");
  if (parts) *parts = p;
  if (p.weights) {  // a model: everything it holds is read and checked, as load_state does
    Loaded s;
    if (!read_state(text, true, &doc, &s, e)) return source + ": " + e.message;
    doc = json();
    return trainer_from(s, source, out, nullptr);
  }
  Config c;
  if (!read_config(*cj, bare ? "" : "config", &c, e)) return source + ": " + e.message;
  if (p.progress)
    return source + ": weights: missing (the file has a progress section, which continues the weights it was saved with)";
  const bool custom = c.data.kind == DataKind::custom;
  Dataset data;
  if (p.data) {
    if (!custom)
      return source + ": data: given, but config.data.kind is '" + data_kind_name(c.data.kind) +
             "' (only custom data is stored in the file)";
    if (!read_data(*member(doc, "data"), c, &data, e)) return source + ": " + e.message;
    c.data.points = data.spec.points;
  } else if (custom) {
    return source + ": data: missing: config.data.kind is 'custom', so the points must come with it "
                    "(a \"data\" section, or a CSV file)";
  } else {
    data = generate(c.data);
  }
  doc = json();
  Trainer t;
  const std::string err = make_trainer(c, std::move(data), &t);
  if (!err.empty()) return source + ": " + err;
  *out = std::move(t);
  return {};
}

std::string read_text_file(const std::string& path, std::size_t max_bytes, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return path + ": cannot open (" + std::strerror(errno) + ")";
  in.seekg(0, std::ios::end);
  const std::streamoff size = in.tellg();
  if (size < 0) return path + ": cannot determine the file size";
  if (static_cast<std::uint64_t>(size) > max_bytes)
    return path + ": file is " + std::to_string(size) + " bytes, more than the limit of " +
           std::to_string(max_bytes);
  in.seekg(0, std::ios::beg);
  std::string text(static_cast<size_t>(size), '\0');
  if (size > 0 && !in.read(&text[0], size)) return path + ": read error";
  *out = std::move(text);
  return {};
}

}  // namespace relulab
