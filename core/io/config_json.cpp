// config_json.cpp: a Config as the "config" object of a state or config file, and back
// (docs/model-format.md). Built on the checked-JSON helpers of json_checked.cpp.
#include <string>
#include <utility>

#include "io/state.h"
#include "io/state_internal.h"

namespace relulab {
namespace state_detail {

namespace {

// ---- config ----

bool read_data_spec(const json& j, const std::string& path, DataSpec& d, Err& e) {
  if (!require_object(j, path, e) ||
      !check_keys(j, path, {"kind", "points", "noise", "train_fraction", "classes", "seed"}, e))
    return false;
  const json* v;
  if ((v = member(j, "kind")) &&
      !get_name(*v, path + ".kind", data_kind_from_name, data_kind_choices(), &d.kind, e))
    return false;
  if ((v = member(j, "points")) && !get_int(*v, path + ".points", 0, max_points, &d.points, e))
    return false;
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
    return fail(e, p,
                std::to_string(j.size()) + " features, at most " + std::to_string(feature_count));
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
    return fail(e, p,
                std::to_string(j.size()) + " hidden layers is out of range " +
                    range_text(0, max_hidden_layers));
  std::vector<LayerSpec> hidden(j.size());
  for (size_t i = 0; i < j.size(); ++i) {
    const std::string pi = p + "[" + std::to_string(i) + "]";
    const json& l = j[i];
    if (!require_object(l, pi, e) || !check_keys(l, pi, {"units", "activation"}, e)) return false;
    const json* v;
    if ((v = member(l, "units")) && !get_int(*v, pi + ".units", 1, max_units, &hidden[i].units, e))
      return false;
    if ((v = member(l, "activation")) &&
        !get_activation(*v, pi + ".activation", &hidden[i].activation, e))
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
  if ((v = member(j, "features")) && !read_features(*v, path + ".features", &n.features, e))
    return false;
  if ((v = member(j, "hidden")) && !read_hidden(*v, path + ".hidden", &n.hidden, e)) return false;
  if ((v = member(j, "output")) &&
      !get_name(*v, path + ".output", output_from_name, output_choices(), &n.output, e))
    return false;
  if ((v = member(j, "init")) &&
      !get_name(*v, path + ".init", init_from_name, init_choices(), &n.init, e))
    return false;
  if ((v = member(j, "bias_init")) &&
      !get_name(*v, path + ".bias_init", bias_init_from_name, bias_init_choices(), &n.bias_init, e))
    return false;
  if ((v = member(j, "seed")) && !get_seed(*v, path + ".seed", &n.seed, e)) return false;
  return true;
}

bool read_train_spec(const json& j, const std::string& path, TrainSpec& t, Err& e) {
  if (!require_object(j, path, e) ||
      !check_keys(j, path,
                  {"optimizer", "learning_rate", "momentum", "beta1", "beta2", "epsilon",
                   "batch_size", "l1", "l2", "activation_l1"},
                  e))
    return false;
  const json* v;
  if ((v = member(j, "optimizer")) &&
      !get_name(*v, path + ".optimizer", optimizer_from_name, optimizer_choices(), &t.optimizer, e))
    return false;
  const std::pair<const char*, float*> floats[] = {{"learning_rate", &t.learning_rate},
                                                   {"momentum", &t.momentum},
                                                   {"beta1", &t.beta1},
                                                   {"beta2", &t.beta2},
                                                   {"epsilon", &t.epsilon},
                                                   {"l1", &t.l1},
                                                   {"l2", &t.l2},
                                                   {"activation_l1", &t.activation_l1}};
  for (const auto& f : floats)
    if ((v = member(j, f.first)) && !get_float(*v, path + "." + f.first, f.second, e)) return false;
  if ((v = member(j, "batch_size")) &&
      !get_int(*v, path + ".batch_size", 1, max_batch, &t.batch_size, e))
    return false;
  return true;
}

}  // namespace

bool read_config(const json& j, const std::string& path, Config* out, Err& e) {
  if (!require_object(j, path, e) || !check_keys(j, path, {"data", "network", "train"}, e))
    return false;
  const std::string prefix = path.empty() ? "" : path + ".";
  Config c;
  const json* v;
  if ((v = member(j, "data")) && !read_data_spec(*v, prefix + "data", c.data, e)) return false;
  if ((v = member(j, "network")) && !read_network_spec(*v, prefix + "network", c.network, e))
    return false;
  if ((v = member(j, "train")) && !read_train_spec(*v, prefix + "train", c.train, e)) return false;
  const std::string err = validate(c);
  if (!err.empty()) return fail(e, "", prefix + err);
  *out = std::move(c);
  return true;
}

bool config_part(const json& doc, const json** config, bool* bare, Err& e) {
  if (!require_object(doc, "(top level)", e)) return false;
  *bare = false;
  if (!member(doc, "format")) {
    bool looks_bare = !doc.empty();
    for (auto it = doc.begin(); it != doc.end(); ++it)
      looks_bare =
          looks_bare && (it.key() == "data" || it.key() == "network" || it.key() == "train");
    if (!looks_bare)
      return fail(e, "format",
                  "missing (expected \"format\": \"" + std::string(format_name) + "\")");
    *bare = true;
    *config = &doc;
    return true;
  }
  if (!check_keys(doc, "", {"format", "version", "config", "weights", "data", "progress"}, e))
    return false;
  std::string format;
  if (!get_string(*member(doc, "format"), "format", &format, e)) return false;
  if (format != format_name)
    return fail(e, "format", "'" + format + "' is not '" + format_name + "'");
  const json* version = member(doc, "version");
  if (!version)
    return fail(e, "version", "missing (expected " + std::to_string(format_version) + ")");
  long long v = 0;
  if (!get_integer(*version, "version", 0, 1LL << 40, &v, e)) return false;
  if (v != format_version)
    return fail(e, "version",
                std::to_string(v) + " is not supported (this build reads version " +
                    std::to_string(format_version) + ")");
  *config = member(doc, "config");
  return *config || fail(e, "config", "missing");
}

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
    hidden.push_back(
        ordered_json{{"units", l.units}, {"activation", activation_name(l.activation)}});
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

std::string head(const Config& c) {
  return std::string("{\n  \"format\": \"") + format_name +
         "\",\n  \"version\": " + std::to_string(format_version) +
         ",\n  \"config\": " + indent_block(config_object(c).dump(2), "  ");
}

}  // namespace state_detail

using namespace state_detail;

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

}  // namespace relulab
