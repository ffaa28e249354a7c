// state_internal.h: what the four state-file modules share (internal to core/io, not a contract).
//
// A state file (state.h, docs/model-format.md) is read and written by four modules:
//   json_checked.cpp  typed access to a parsed document with path-named errors, the bounded parse;
//   config_json.cpp   a Config <-> the "config" object (and the format/version head);
//   state.cpp         the document as a whole, the network's weights and custom data points;
//   progress.cpp      a trainer's progress; the only module that depends on nn/trainer.h.
// Readers return false and leave the first problem, with its JSON path, in an Err.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "data/dataset.h"
#include "io/config.h"
#include "nn/network.h"
#include "nn/optimizer.h"

namespace relulab {
namespace state_detail {

using json = nlohmann::json;
using ordered_json = nlohmann::ordered_json;

inline const char* const format_name = "relulab-model";
constexpr int format_version = 1;

// ---- checked JSON (json_checked.cpp) ----

// The first problem found, with the JSON path it concerns. Readers return false once it is set.
struct Err {
  std::string message;
};

bool fail(Err& e, const std::string& path, const std::string& what);

// The fewest significant digits (6..9) that read back, through double, to the same float; "null"
// for a non-finite value.
std::string float_text(float f);
// The double whose shortest decimal is float_text(f): nlohmann then prints it as that decimal.
double float_value(float f);
std::string shown(const json& j);  // a value as quoted in a message, cut at 40 characters
std::string range_text(long long lo, long long hi);
// s with `pad` after every newline
std::string indent_block(const std::string& s, const std::string& pad);

bool require_object(const json& j, const std::string& path, Err& e);
bool require_array(const json& j, const std::string& path, Err& e);
// Every key of obj is one of `keys`.
bool check_keys(const json& obj, const std::string& path, std::initializer_list<const char*> keys,
                Err& e);
const json* member(const json& obj, const char* key);  // null when absent
bool get_integer(const json& j, const std::string& path, long long lo, long long hi, long long* out,
                 Err& e);
bool get_int(const json& j, const std::string& path, int lo, int hi, int* out, Err& e);
bool get_u64(const json& j, const std::string& path, const char* what, std::uint64_t* out, Err& e);
bool get_seed(const json& j, const std::string& path, std::uint64_t* out, Err& e);
// A double in [lo, hi] (hi_open: [lo, hi)), for the optimiser's running products of betas.
bool get_double(const json& j, const std::string& path, double lo, double hi, bool hi_open,
                double* out, Err& e);
bool get_float(const json& j, const std::string& path, float* out, Err& e);  // finite
bool get_string(const json& j, const std::string& path, std::string* out, Err& e);
bool get_activation(const json& j, const std::string& path, Activation* out, Err& e);

// One of a table's names, read through its from_name function.
template <class E>
bool get_name(const json& j, const std::string& path, bool (*from_name)(const std::string&, E*),
              const std::string& choices, E* out, Err& e) {
  std::string s;
  if (!get_string(j, path, &s, e)) return false;
  return from_name(s, out) || fail(e, path, shown(j) + " is not one of " + choices);
}

// The text as a document: at most max_state_bytes, nested at most max_json_depth, valid JSON.
bool parse_document(const std::string& text, json* doc, Err& e);

// ---- config (config_json.cpp) ----

// A config object; missing fields keep Config{}'s defaults; the result has passed validate().
bool read_config(const json& j, const std::string& path, Config* out, Err& e);
// The config object of a document: {"format", "version", "config", ...} or a bare config.
bool config_part(const json& doc, const json** config, bool* bare, Err& e);
// The document's opening: format, version and the "config" object, without a closing brace.
std::string head(const Config& c);

// ---- weights and data (state.cpp) ----

// Units and inputs of layer l (hidden layers, then the output layer) under config c.
int layer_units(const Config& c, int l);
int layer_inputs(const Config& c, int l);
bool layer_is_prelu(const Config& c, int l);
// The arrays of one layer, [out][in] weights, biases and (prelu only) slopes, as in weights.layers;
// the optimiser's moment layers have the same keys.
bool read_layer_arrays(const json& lj, const std::string& p, bool prelu, int units, int in,
                       MatrixR& W, Vector& b, Vector& slope, Err& e);
// A list of layers shaped as the config's network (weights.layers, progress.rollback.layers).
bool read_layers(const json& layers, const std::string& path, const Config& c,
                 std::vector<Layer>* out, Err& e);

// One layer object at indent `pad`: "activation" (when given), "weights" [out][in], "biases" and,
// when `slopes`, "slopes". Weights, rollback weights and moment layers share this shape.
void write_layer(std::string& out, const std::string& pad, const char* activation, const MatrixR& W,
                 const Vector& b, const Vector& slope, bool slopes);
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
void write_network_layers(std::string& out, int pad, const std::vector<Layer>& layers);
// Everything save_state writes but the closing brace.
std::string state_body(const Config& c, const Network& net, const Dataset* data);

// ---- progress (progress.cpp) ----

// The "progress" section as read, before it is given to a trainer.
struct Progress {
  long long step = 0, samples_seen = 0;
  std::uint64_t rng_state = 0;
  std::vector<int> order;
  int order_pos = 0;
  Optimizer written_for = Optimizer::sgd;  // the optimiser whose moments these are
  OptimizerState opt;
  std::string divergence;  // non-empty: the run had diverged
  bool has_rollback = false;
  std::vector<Layer> rollback;
  int rollback_batch = 0;
};

// The "progress" section; train_size is the size of the training set the order permutes.
bool read_progress(const json& j, const Config& c, std::size_t train_size, Progress* out, Err& e);

// ---- the whole document (state.cpp) ----

// A state document read and checked in full: config, weights, custom points, progress.
struct Loaded {
  Config config;
  Network net;
  bool custom = false;
  Dataset data;  // the custom points when custom
  bool has_progress = false;
  Progress progress;
};

// The "data" section (custom points) for config c.
bool read_data(const json& j, const Config& c, Dataset* out, Err& e);

// require_data: custom data must come with its points (a trainer needs them; eval and regions do
// not).
bool read_state(const std::string& text, bool require_data, json* doc, Loaded* out, Err& e);

}  // namespace state_detail
}  // namespace relulab
