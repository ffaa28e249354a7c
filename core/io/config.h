// config.h: everything that defines a run, as plain data.
//
// A Config is what the URL hash, the JSON state file, the CLI's --config file and the UI's controls
// all read and write. It holds no weights (those live in Network) and no derived state. Limits that
// guard every size coming from outside are declared here, next to the fields they bound, and
// `validate()` checks them before anything is allocated.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "nn/activation.h"

namespace relulab {

// ---- limits (documented in docs/model-format.md) ----
constexpr int max_hidden_layers = 12;
constexpr int max_units = 128;
constexpr int max_points = 100000;
constexpr int min_classes = 2;
constexpr int max_classes = 5;
constexpr int max_batch = 4096;
constexpr int max_grid_resolution = 2048;
constexpr int min_generated_points = 10;  // generated data sets; custom data may hold 0..max_points
constexpr float max_noise = 0.5f;
constexpr float min_train_fraction = 0.1f, max_train_fraction = 0.9f;
constexpr float max_learning_rate = 10.0f;  // learning_rate in (0, 10]
constexpr float max_penalty = 10.0f;        // l1, l2, activation_l1 in [0, 10]

// ---- data ----
enum class DataKind {
  circle,
  xor_,
  gaussians,
  spiral,
  moons,
  checkerboard,  // two classes
  blobs,
  spirals,  // 3..5 classes
  reg_plane,
  reg_gaussians,  // regression (label is a real number)
  custom,         // points loaded from CSV / added by hand
  count
};
const char* data_kind_name(DataKind k);  // "circle", "xor", ..., "reg_plane"
bool data_kind_from_name(const std::string& s, DataKind* out);
bool data_kind_is_regression(DataKind k);
bool data_kind_is_multiclass(DataKind k);

struct DataSpec {
  DataKind kind = DataKind::circle;
  int points = 500;             // total points, train + test
  float noise = 0.0f;           // 0..0.5, in units of the data's own scale (as in the Playground)
  float train_fraction = 0.5f;  // 0.1..0.9
  int classes = 2;              // for blobs / spirals: 3..5; for custom: 1 (regression) or 2..5
  std::uint64_t seed = 1;
};

// Number of label values the data carries: 1 for regression, 2 for the two-class kinds, `classes`
// for blobs, spirals and custom data. `classes` is ignored for the other kinds.
int class_count(const DataSpec& d);
bool data_is_regression(const DataSpec& d);  // class_count(d) == 1

// ---- network ----
enum class Feature { x1, x2, x1_sq, x2_sq, x1_x2, sin_x1, sin_x2, count };
constexpr int feature_count = static_cast<int>(Feature::count);
const char* feature_name(Feature f);  // "x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)"
bool feature_from_name(const std::string& s, Feature* out);

enum class Init { he_normal, he_uniform, xavier_normal, xavier_uniform, playground, count };
const char* init_name(Init i);  // "he_normal", ..., "playground"
bool init_from_name(const std::string& s, Init* out);

enum class BiasInit { zero, small, playground, count };  // 0, 0.01, 0.1
const char* bias_init_name(BiasInit b);
bool bias_init_from_name(const std::string& s, BiasInit* out);

enum class Output {
  tanh_mse,     // tanh output, squared error on +-1 labels (the Playground's setup)
  sigmoid_bce,  // sigmoid output, binary cross-entropy on 0/1 labels
  softmax_ce,   // softmax over `classes` outputs, cross-entropy
  linear_mse,   // linear output, squared error (regression)
  count
};
const char* output_name(Output o);
bool output_from_name(const std::string& s, Output* out);

struct LayerSpec {
  int units = 8;
  Activation activation = Activation::relu;
};

struct NetworkSpec {
  unsigned features = 0b11;  // bit i set = Feature(i) is an input; default x1, x2
  std::vector<LayerSpec> hidden = {{8, Activation::relu}, {8, Activation::relu}};
  Output output = Output::tanh_mse;
  Init init = Init::he_normal;
  BiasInit bias_init = BiasInit::zero;
  std::uint64_t seed = 1;
};

// ---- training ----
enum class Optimizer { sgd, momentum, adam, count };
const char* optimizer_name(Optimizer o);
bool optimizer_from_name(const std::string& s, Optimizer* out);

struct TrainSpec {
  Optimizer optimizer = Optimizer::adam;
  float learning_rate = 0.01f;
  float momentum = 0.9f;                                // for momentum
  float beta1 = 0.9f, beta2 = 0.999f, epsilon = 1e-8f;  // for adam
  int batch_size = 32;
  float l1 = 0.0f;             // L1 weight penalty
  float l2 = 0.0f;             // L2 weight penalty
  float activation_l1 = 0.0f;  // L1 penalty on hidden activations (Glorot et al. 2011)
};

struct Config {
  DataSpec data;
  NetworkSpec network;
  TrainSpec train;
};

// Comma-separated valid names, for error messages ("circle, xor, ...").
std::string data_kind_choices();
std::string feature_choices();
std::string init_choices();
std::string bias_init_choices();
std::string output_choices();
std::string optimizer_choices();

// The shortest decimal (%.6g .. %.9g) that reads back (strtod, then to float) as exactly f; used by
// the state files, the URL and the UI so that printed numbers round-trip.
std::string float_to_string(float f);

// The one strict number reader of the text formats (CSV fields, URL values): true when the whole of
// s, at most max_chars long, is a decimal number ([sign] digits [. digits] [e [sign] digits]) as
// strtod reads it; no hex, inf or nan spellings, no spaces or trailing text. The value may still be
// infinite (1e999): callers check the range they need.
bool parse_decimal(const std::string& s, std::size_t max_chars, double* out);

int input_count(const NetworkSpec& n);                // number of set feature bits
int output_count(const NetworkSpec& n, int classes);  // 1, or classes for softmax

// Checks every field against its limit and the combinations (softmax needs a multiclass data set,
// a multiclass data set needs softmax, regression needs linear_mse, two-class data needs tanh_mse
// or sigmoid_bce, at least one input feature). Hidden layers: 0..max_hidden_layers.
// Returns an empty string when valid, else a message naming the field: "network.hidden[3].units:
// 300 is out of range 1..128".
std::string validate(const Config& c);

}  // namespace relulab
