// state.cpp: writing and reading JSON state files (docs/model-format.md): the document as a
// whole, the network's weights and custom data points. A trainer's progress is progress.cpp's.
//
// Reading is two-staged: nlohmann parses the text (bounded by max_state_bytes and a nesting-depth
// pre-scan), then a walk over the document checks every key, type, name, number and shape and
// builds the outputs in locals; the caller's objects are assigned only at the end.
//
// Floats are written with the fewest significant digits (6..9) whose decimal reads back, through
// double, to the same float; so a save/load round trip is bit-exact and the file stays readable.
#include "io/state.h"

#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <utility>

#include "io/state_internal.h"

namespace relulab {
namespace state_detail {

namespace {

bool read_vector(const json& lj, const std::string& p, const char* key, int units, Vector& v,
                 Err& e) {
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

bool read_weights(const json& j, const Config& c, std::vector<Layer>* out, Err& e) {
  const std::string path = "weights";
  if (!require_object(j, path, e) || !check_keys(j, path, {"layers"}, e)) return false;
  const json* layers = member(j, "layers");
  if (!layers) return fail(e, path + ".layers", "missing");
  return read_layers(*layers, path + ".layers", c, out, e);
}

bool read_points(const json& j, const std::string& path, int classes, std::vector<Point>* out,
                 Err& e) {
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
        return fail(e, pi,
                    float_text(x) + " is outside -" +
                        float_text(static_cast<float>(max_csv_coordinate)) + ".." +
                        float_text(static_cast<float>(max_csv_coordinate)));
    if (classes >= 2 && (p.label != std::floor(p.label) || p.label < 0 || p.label >= classes))
      return fail(e, pi + "[2]",
                  float_text(p.label) + " is not a class index 0.." + std::to_string(classes - 1));
  }
  *out = std::move(pts);
  return true;
}

}  // namespace

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
    return fail(
        e, path,
        std::to_string(total) + " points, more than the limit of " + std::to_string(max_points));
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

namespace {

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
    out += float_text(pts[i].x1) + ", " + float_text(pts[i].x2) + ", " + float_text(pts[i].label) +
           "]";
  }
  out += pts.empty() ? "]" : "\n    ]";
}

}  // namespace

bool read_layer_arrays(const json& lj, const std::string& p, bool prelu, int units, int in,
                       MatrixR& W, Vector& b, Vector& slope, Err& e) {
  const json* w = member(lj, "weights");
  if (!w) return fail(e, p + ".weights", "missing");
  if (!require_array(*w, p + ".weights", e)) return false;
  if (w->size() != static_cast<size_t>(units))
    return fail(e, p + ".weights",
                std::to_string(w->size()) + " rows, expected " + std::to_string(units) +
                    " (one per unit; shape [out][in] = [" + std::to_string(units) + "][" +
                    std::to_string(in) + "])");
  for (int r = 0; r < units; ++r) {
    const std::string pr = p + ".weights[" + std::to_string(r) + "]";
    if (!require_array((*w)[r], pr, e)) return false;
    if ((*w)[r].size() != static_cast<size_t>(in))
      return fail(e, pr,
                  std::to_string((*w)[r].size()) + " columns, expected " + std::to_string(in) +
                      " (the layer's inputs)");
  }
  W.resize(units, in);  // sizes now bounded by the validated config
  for (int r = 0; r < units; ++r)
    for (int k = 0; k < in; ++k)
      if (!get_float((*w)[r][k],
                     p + ".weights[" + std::to_string(r) + "][" + std::to_string(k) + "]", &W(r, k),
                     e))
        return false;
  if (!read_vector(lj, p, "biases", units, b, e)) return false;
  if (prelu) return read_vector(lj, p, "slopes", units, slope, e);
  slope.resize(0);
  return true;
}

bool read_layer(const json& lj, const std::string& p, Activation want, bool output, int units,
                int in, Layer& layer, Err& e) {
  if (!require_object(lj, p, e) ||
      !check_keys(lj, p, {"activation", "weights", "biases", "slopes"}, e))
    return false;
  const json* act = member(lj, "activation");
  if (!act) return fail(e, p + ".activation", "missing");
  Activation a{};
  if (!get_activation(*act, p + ".activation", &a, e)) return false;
  if (a != want)
    return fail(e, p + ".activation",
                std::string("'") + activation_name(a) + "' does not match the config's '" +
                    activation_name(want) + "'" + (output ? " (output layer)" : ""));
  layer.activation = a;
  if (a != Activation::prelu && member(lj, "slopes"))
    return fail(e, p + ".slopes",
                std::string("given for a '") + activation_name(a) +
                    "' layer (only prelu layers have slopes)");
  return read_layer_arrays(lj, p, a == Activation::prelu, units, in, layer.W, layer.b, layer.slope,
                           e);
}

int layer_units(const Config& c, int l) {
  const int hidden = static_cast<int>(c.network.hidden.size());
  return l < hidden ? c.network.hidden[l].units : output_count(c.network, class_count(c.data));
}
int layer_inputs(const Config& c, int l) {
  return l == 0 ? input_count(c.network) : layer_units(c, l - 1);
}
bool layer_is_prelu(const Config& c, int l) {
  const int hidden = static_cast<int>(c.network.hidden.size());
  return l < hidden && c.network.hidden[l].activation == Activation::prelu;
}

bool read_layers(const json& layers, const std::string& path, const Config& c,
                 std::vector<Layer>* out, Err& e) {
  if (!require_array(layers, path, e)) return false;
  const int hidden = static_cast<int>(c.network.hidden.size());
  if (layers.size() != static_cast<size_t>(hidden + 1))
    return fail(e, path,
                std::to_string(layers.size()) + " layers, but the config has " +
                    std::to_string(hidden) + " hidden layers + 1 output layer");
  std::vector<Layer> result(hidden + 1);
  for (int l = 0; l <= hidden; ++l) {
    const bool output = l == hidden;
    const Activation want = output ? Activation::linear : c.network.hidden[l].activation;
    if (!read_layer(layers[l], path + "[" + std::to_string(l) + "]", want, output,
                    layer_units(c, l), layer_inputs(c, l), result[l], e))
      return false;
  }
  *out = std::move(result);
  return true;
}

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

void write_network_layers(std::string& out, int pad, const std::vector<Layer>& layers) {
  write_layer_list(out, pad, layers.size(), [&](std::size_t l, const std::string& p) {
    const Layer& L = layers[l];
    write_layer(out, p, activation_name(L.activation), L.W, L.b, L.slope,
                L.activation == Activation::prelu);
  });
}

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

bool read_state(const std::string& text, bool require_data, json* doc, Loaded* out, Err& e) {
  const json* cj = nullptr;
  bool bare = false;
  if (!parse_document(text, doc, e) || !config_part(*doc, &cj, &bare, e)) return false;
  if (bare) return fail(e, "", "this is a bare config (no \"weights\"): it holds no model to load");
  Loaded s;
  if (!read_config(*cj, "config", &s.config, e)) return false;
  const json* wj = member(*doc, "weights");
  if (!wj)
    return fail(e, "weights", "missing (a config file holds no weights; load it as --config)");
  s.net.spec = s.config.network;
  s.net.classes = class_count(s.config.data);
  if (!read_weights(*wj, s.config, &s.net.layers, e)) return false;
  const json* dj = member(*doc, "data");
  s.custom = s.config.data.kind == DataKind::custom;
  if (dj && !s.custom)
    return fail(e, "data",
                std::string("given, but config.data.kind is '") +
                    data_kind_name(s.config.data.kind) +
                    "' (only custom data is stored in the file)");
  if (s.custom && !dj && (require_data || member(*doc, "progress")))
    return fail(e, "data",
                "missing: config.data.kind is 'custom', so the file must hold the points");
  if (dj) {
    if (!read_data(*dj, s.config, &s.data, e)) return false;
    s.config.data.points = s.data.spec.points;
  }
  if (const json* pj = member(*doc, "progress")) {
    // the order permutes the training set: the file's points, or the generator's split
    const std::size_t train_size =
        s.custom ? s.data.train.size() : generate(s.config.data).train.size();
    if (!read_progress(*pj, s.config, train_size, &s.progress, e)) return false;
    s.has_progress = true;
  }
  *out = std::move(s);
  return true;
}

}  // namespace state_detail

using namespace state_detail;

std::string save_state(const Config& c, const Network& net, const Dataset* data) {
  return state_body(c, net, data) + "\n}\n";
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
