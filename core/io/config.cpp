// config.cpp: the name tables of config.h and the validation of a Config against its limits.
//
// Names are the stable identifiers used by state files, the URL hash and the CLI; validate() is the
// one gate every Config from outside passes before anything is sized from it. Range checks are
// written as !(lo <= v && v <= hi) so that NaN fails them too.
#include "io/config.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace relulab {

namespace {

const char* const data_kind_names[] = {"circle",    "xor",           "gaussians", "spiral",
                                       "moons",     "checkerboard",  "blobs",     "spirals",
                                       "reg_plane", "reg_gaussians", "custom"};
const char* const feature_names[] = {"x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)"};
const char* const init_names[] = {"he_normal", "he_uniform", "xavier_normal", "xavier_uniform",
                                  "playground"};
const char* const bias_init_names[] = {"zero", "small", "playground"};
const char* const output_names[] = {"tanh_mse", "sigmoid_bce", "softmax_ce", "linear_mse"};
const char* const optimizer_names[] = {"sgd", "momentum", "adam"};

static_assert(sizeof(data_kind_names) / sizeof(*data_kind_names) ==
                  static_cast<size_t>(DataKind::count),
              "data kind names");
static_assert(sizeof(feature_names) / sizeof(*feature_names) == feature_count, "feature names");
static_assert(sizeof(init_names) / sizeof(*init_names) == static_cast<size_t>(Init::count), "");
static_assert(sizeof(bias_init_names) / sizeof(*bias_init_names) ==
                  static_cast<size_t>(BiasInit::count),
              "");
static_assert(sizeof(output_names) / sizeof(*output_names) == static_cast<size_t>(Output::count),
              "");
static_assert(sizeof(optimizer_names) / sizeof(*optimizer_names) ==
                  static_cast<size_t>(Optimizer::count),
              "");

template <class E, size_t N>
const char* name_of(const char* const (&names)[N], E e) {
  auto i = static_cast<size_t>(e);
  return i < N ? names[i] : "?";
}

template <class E, size_t N>
bool from_name(const char* const (&names)[N], const std::string& s, E* out) {
  for (size_t i = 0; i < N; ++i)
    if (s == names[i]) {
      *out = static_cast<E>(i);
      return true;
    }
  return false;
}

template <size_t N>
std::string join(const char* const (&names)[N]) {
  std::string r;
  for (size_t i = 0; i < N; ++i) r += (i ? ", " : "") + std::string(names[i]);
  return r;
}

std::string num(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}

std::string out_of_range(const std::string& field, double v, double lo, double hi) {
  return field + ": " + num(v) + " is out of range " + num(lo) + ".." + num(hi);
}

bool in_range(double v, double lo, double hi) { return lo <= v && v <= hi; }

}  // namespace

const char* data_kind_name(DataKind k) { return name_of(data_kind_names, k); }
bool data_kind_from_name(const std::string& s, DataKind* out) {
  return from_name(data_kind_names, s, out);
}
bool data_kind_is_regression(DataKind k) {
  return k == DataKind::reg_plane || k == DataKind::reg_gaussians;
}
bool data_kind_is_multiclass(DataKind k) { return k == DataKind::blobs || k == DataKind::spirals; }

int class_count(const DataSpec& d) {
  if (data_kind_is_regression(d.kind)) return 1;
  if (data_kind_is_multiclass(d.kind) || d.kind == DataKind::custom) return d.classes;
  return 2;
}
bool data_is_regression(const DataSpec& d) { return class_count(d) == 1; }

const char* feature_name(Feature f) { return name_of(feature_names, f); }
bool feature_from_name(const std::string& s, Feature* out) {
  return from_name(feature_names, s, out);
}
const char* init_name(Init i) { return name_of(init_names, i); }
bool init_from_name(const std::string& s, Init* out) { return from_name(init_names, s, out); }
const char* bias_init_name(BiasInit b) { return name_of(bias_init_names, b); }
bool bias_init_from_name(const std::string& s, BiasInit* out) {
  return from_name(bias_init_names, s, out);
}
const char* output_name(Output o) { return name_of(output_names, o); }
bool output_from_name(const std::string& s, Output* out) { return from_name(output_names, s, out); }
const char* optimizer_name(Optimizer o) { return name_of(optimizer_names, o); }
bool optimizer_from_name(const std::string& s, Optimizer* out) {
  return from_name(optimizer_names, s, out);
}

std::string data_kind_choices() { return join(data_kind_names); }
std::string feature_choices() { return join(feature_names); }
std::string init_choices() { return join(init_names); }
std::string bias_init_choices() { return join(bias_init_names); }
std::string output_choices() { return join(output_names); }
std::string optimizer_choices() { return join(optimizer_names); }

std::string float_to_string(float f) {
  if (std::isnan(f)) return "nan";
  if (std::isinf(f)) return f > 0 ? "inf" : "-inf";
  char buf[32];
  for (int digits = 6; digits <= 9; ++digits) {
    std::snprintf(buf, sizeof buf, "%.*g", digits, static_cast<double>(f));
    if (static_cast<float>(std::strtod(buf, nullptr)) == f) break;
  }
  return buf;
}

bool parse_decimal(const std::string& s, std::size_t max_chars, double* out) {
  if (s.empty() || s.size() > max_chars) return false;
  for (char ch : s)
    if (!((ch >= '0' && ch <= '9') || ch == '.' || ch == '-' || ch == '+' || ch == 'e' ||
          ch == 'E'))
      return false;
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size()) return false;
  *out = v;
  return true;
}

int input_count(const NetworkSpec& n) {
  int c = 0;
  for (int i = 0; i < feature_count; ++i) c += (n.features >> i) & 1u;
  return c;
}

int output_count(const NetworkSpec& n, int classes) {
  return n.output == Output::softmax_ce ? classes : 1;
}

std::string validate(const Config& c) {
  const DataSpec& d = c.data;
  if (!in_range(static_cast<int>(d.kind), 0, static_cast<int>(DataKind::count) - 1))
    return "data.kind: " + num(static_cast<int>(d.kind)) + " is not a data kind (" +
           data_kind_choices() + ")";
  const bool custom = d.kind == DataKind::custom;
  const int min_pts = custom ? 0 : min_generated_points;
  if (!in_range(d.points, min_pts, max_points))
    return out_of_range("data.points", d.points, min_pts, max_points);
  if (!in_range(d.noise, 0.0, max_noise)) return out_of_range("data.noise", d.noise, 0, max_noise);
  if (!in_range(d.train_fraction, min_train_fraction, max_train_fraction))
    return out_of_range("data.train_fraction", d.train_fraction, min_train_fraction,
                        max_train_fraction);
  if (data_kind_is_multiclass(d.kind) && !in_range(d.classes, 3, max_classes))
    return out_of_range("data.classes", d.classes, 3, max_classes) + " for " +
           data_kind_name(d.kind);
  if (custom && !in_range(d.classes, 1, max_classes))
    return out_of_range("data.classes", d.classes, 1, max_classes) +
           " for custom data (1 = regression)";

  const NetworkSpec& n = c.network;
  const unsigned all_features = (1u << feature_count) - 1;
  if (n.features & ~all_features)
    return "network.features: bit mask " + num(n.features) + " has bits beyond the " +
           num(feature_count) + " features (" + feature_choices() + ")";
  if (n.features == 0) return "network.features: at least one input feature is needed";
  if (n.hidden.size() > static_cast<size_t>(max_hidden_layers))
    return "network.hidden: " + num(static_cast<double>(n.hidden.size())) +
           " hidden layers is out of range 0.." + num(max_hidden_layers);
  for (size_t i = 0; i < n.hidden.size(); ++i) {
    const std::string f = "network.hidden[" + std::to_string(i) + "]";
    if (!in_range(n.hidden[i].units, 1, max_units))
      return out_of_range(f + ".units", n.hidden[i].units, 1, max_units);
    if (!in_range(static_cast<int>(n.hidden[i].activation), 0, activation_count - 1))
      return f + ".activation: " + num(static_cast<int>(n.hidden[i].activation)) +
             " is not an activation";
  }
  if (!in_range(static_cast<int>(n.output), 0, static_cast<int>(Output::count) - 1))
    return "network.output: " + num(static_cast<int>(n.output)) + " is not an output (" +
           output_choices() + ")";
  if (!in_range(static_cast<int>(n.init), 0, static_cast<int>(Init::count) - 1))
    return "network.init: " + num(static_cast<int>(n.init)) + " is not an init scheme (" +
           init_choices() + ")";
  if (!in_range(static_cast<int>(n.bias_init), 0, static_cast<int>(BiasInit::count) - 1))
    return "network.bias_init: " + num(static_cast<int>(n.bias_init)) + " is not a bias init (" +
           bias_init_choices() + ")";

  // Combinations: the output and loss must fit the labels.
  const int classes = class_count(d);
  const std::string out_name = output_name(n.output);
  if (classes == 1 && n.output != Output::linear_mse)
    return "network.output: " + out_name + " does not fit regression data (" +
           data_kind_name(d.kind) + "); use linear_mse";
  if (classes >= 3 && n.output != Output::softmax_ce)
    return "network.output: " + out_name + " does not fit " + std::to_string(classes) +
           "-class data (" + data_kind_name(d.kind) + "); use softmax_ce";
  if (classes == 2 && (n.output == Output::softmax_ce || n.output == Output::linear_mse))
    return "network.output: " + out_name + " does not fit two-class data (" +
           data_kind_name(d.kind) + "); use tanh_mse or sigmoid_bce";

  const TrainSpec& t = c.train;
  if (!in_range(static_cast<int>(t.optimizer), 0, static_cast<int>(Optimizer::count) - 1))
    return "train.optimizer: " + num(static_cast<int>(t.optimizer)) + " is not an optimizer (" +
           optimizer_choices() + ")";
  if (!(t.learning_rate > 0 && t.learning_rate <= max_learning_rate))
    return "train.learning_rate: " + num(t.learning_rate) + " is out of range (0.." +
           num(max_learning_rate) + "]";
  if (!(t.momentum >= 0 && t.momentum < 1))
    return "train.momentum: " + num(t.momentum) + " is out of range [0..1)";
  if (!(t.beta1 >= 0 && t.beta1 < 1))
    return "train.beta1: " + num(t.beta1) + " is out of range [0..1)";
  if (!(t.beta2 >= 0 && t.beta2 < 1))
    return "train.beta2: " + num(t.beta2) + " is out of range [0..1)";
  if (!(t.epsilon > 0 && t.epsilon <= 1))
    return "train.epsilon: " + num(t.epsilon) + " is out of range (0..1]";
  if (!in_range(t.batch_size, 1, max_batch))
    return out_of_range("train.batch_size", t.batch_size, 1, max_batch);
  if (!in_range(t.l1, 0, max_penalty)) return out_of_range("train.l1", t.l1, 0, max_penalty);
  if (!in_range(t.l2, 0, max_penalty)) return out_of_range("train.l2", t.l2, 0, max_penalty);
  if (!in_range(t.activation_l1, 0, max_penalty))
    return out_of_range("train.activation_l1", t.activation_l1, 0, max_penalty);
  return {};
}

}  // namespace relulab
