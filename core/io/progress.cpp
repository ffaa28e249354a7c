// progress.cpp: the "progress" section of a state file, a trainer's position in its run
// (docs/model-format.md), and saving and loading a whole trainer. The only state module that
// depends on the trainer.
//
// The section carries what else decides a trainer's next steps (nn/trainer.h): step and sample
// counts, the shuffling generator's state and the epoch's order, the optimiser's moments, update
// count and beta^t products, the rollback weights and a divergence. Restored together with the
// weights, they make "save, load, train N" the same run as "train N".
#include <algorithm>
#include <limits>
#include <utility>

#include "io/state.h"
#include "io/state_internal.h"
#include "nn/trainer.h"

namespace relulab {
namespace state_detail {

namespace {

// ---- progress (a trainer's position in its run) ----

// Integers in a progress section stay within 2^53 - 1 (exact in every JSON reader) and the build's
// `long` (32 bits in WebAssembly).
constexpr long long max_progress_count =
    std::min<long long>((1LL << 53) - 1, std::numeric_limits<long>::max());
constexpr std::size_t max_divergence_chars = 1000;

// One moment list ("m" or "v"): per layer {"weights", "biases", "slopes"} shaped as the network.
bool read_moments(const json& j, const std::string& path, const Config& c, std::vector<MatrixR>& W,
                  std::vector<Vector>& b, std::vector<Vector>& slope, Err& e) {
  if (!require_array(j, path, e)) return false;
  const int layers = static_cast<int>(c.network.hidden.size()) + 1;
  if (j.size() != static_cast<size_t>(layers))
    return fail(e, path,
                std::to_string(j.size()) + " layers, expected " + std::to_string(layers) +
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
      return fail(e, pl + ".slopes",
                  "given for a layer without slopes (only prelu layers have them)");
    if (!read_layer_arrays(j[l], pl, prelu, layer_units(c, l), layer_inputs(c, l), W[l], b[l],
                           slope[l], e))
      return false;
  }
  return true;
}

bool read_optimizer_state(const json& j, const std::string& path, const Config& c, Progress& p,
                          Err& e) {
  if (!require_object(j, path, e) ||
      !check_keys(j, path, {"name", "t", "beta1_power", "beta2_power", "m", "v"}, e))
    return false;
  const json* v = member(j, "name");
  if (!v) return fail(e, path + ".name", "missing");
  if (!get_name(*v, path + ".name", optimizer_from_name, optimizer_choices(), &p.written_for, e))
    return false;
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
      return fail(e, pm,
                  std::string("given, but ") + optimizer_name(p.written_for) + " keeps no " +
                      (mo.first[0] == 'm' ? "first" : "second") + " moments");
    if (mo.second && !mj)
      return fail(
          e, pm,
          "missing (" + std::string(optimizer_name(p.written_for)) + " keeps these moments)");
    const bool is_m = mo.first[0] == 'm';
    if (mj &&
        !read_moments(*mj, pm, c, is_m ? o.mW : o.vW, is_m ? o.mb : o.vb, is_m ? o.ms : o.vs, e))
      return false;
  }
  // moments an optimiser does not keep are zero, sized as optimizer_reset sizes them
  for (std::size_t l = 0; l < layers; ++l) {
    const int units = layer_units(c, static_cast<int>(l)),
              in = layer_inputs(c, static_cast<int>(l));
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
  const auto moments = [&](const char* key, const std::vector<MatrixR>& W,
                           const std::vector<Vector>& b, const std::vector<Vector>& slope) {
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
                        t.last_batch <= t.samples_seen &&
                        t.last_good.layers.size() == t.net.layers.size();
  if (rollback) {
    out += ",\n    \"rollback\": {\n      \"batch\": " + std::to_string(t.last_batch) +
           ",\n      \"layers\": ";
    write_network_layers(out, 8, t.last_good.layers);
    out += "\n    }";
  }
  if (t.diverged)
    out += ",\n    \"divergence\": " +
           json(t.divergence.empty() ? std::string("diverged")
                                     : t.divergence.substr(0, max_divergence_chars))
               .dump(-1, ' ', false, json::error_handler_t::replace);  // never throws
  out += "\n  }";
}

}  // namespace

bool read_progress(const json& j, const Config& c, std::size_t train_size, Progress* out, Err& e) {
  const std::string path = "progress";
  if (!require_object(j, path, e) || !check_keys(j, path,
                                                 {"step", "samples_seen", "rng_state", "order_pos",
                                                  "order", "optimizer", "rollback", "divergence"},
                                                 e))
    return false;
  Progress p;
  const json* v;
  if (!(v = member(j, "step"))) return fail(e, path + ".step", "missing");
  if (!get_integer(*v, path + ".step", 0, max_progress_count, &p.step, e)) return false;
  if (!(v = member(j, "samples_seen"))) return fail(e, path + ".samples_seen", "missing");
  if (!get_integer(*v, path + ".samples_seen", 0, max_progress_count, &p.samples_seen, e))
    return false;
  if (p.samples_seen < p.step)
    return fail(e, path + ".samples_seen",
                std::to_string(p.samples_seen) + " is less than step (" + std::to_string(p.step) +
                    "): every step sees a sample");
  if (!(v = member(j, "rng_state"))) return fail(e, path + ".rng_state", "missing");
  if (!get_u64(*v, path + ".rng_state", "a generator state", &p.rng_state, e)) return false;

  const json* order = member(j, "order");
  if (!order) return fail(e, path + ".order", "missing");
  if (!require_array(*order, path + ".order", e)) return false;
  if (order->size() != train_size)
    return fail(e, path + ".order",
                std::to_string(order->size()) + " indices, expected " + std::to_string(train_size) +
                    " (one per training point)");
  const int n = static_cast<int>(train_size);
  p.order.resize(train_size);
  std::vector<char> seen(train_size, 0);
  for (int i = 0; i < n; ++i) {
    const std::string pi = path + ".order[" + std::to_string(i) + "]";
    if (!get_int((*order)[i], pi, 0, n - 1, &p.order[i], e)) return false;
    if (seen[p.order[i]]++)
      return fail(e, pi,
                  std::to_string(p.order[i]) + " appears twice (the order is a permutation of 0.." +
                      std::to_string(n - 1) + ")");
  }
  if (!(v = member(j, "order_pos"))) return fail(e, path + ".order_pos", "missing");
  if (!get_int(*v, path + ".order_pos", 0, n, &p.order_pos, e)) return false;

  if (!(v = member(j, "optimizer"))) return fail(e, path + ".optimizer", "missing");
  if (!read_optimizer_state(*v, path + ".optimizer", c, p, e)) return false;

  if ((v = member(j, "divergence"))) {
    if (!get_string(*v, path + ".divergence", &p.divergence, e)) return false;
    if (p.divergence.empty() || p.divergence.size() > max_divergence_chars)
      return fail(e, path + ".divergence",
                  "a message of 1.." + std::to_string(max_divergence_chars) +
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

}  // namespace state_detail

using namespace state_detail;

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
    if (p.written_for == t.config.train.optimizer)
      t.opt = std::move(p.opt);
    else
      optimizer_reset(t.opt, t.net);
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

std::string load_state(const std::string& text, const std::string& source, Trainer* out,
                       bool* resumed) {
  Err e;
  json doc;
  Loaded s;
  if (!read_state(text, true, &doc, &s, e)) return source + ": " + e.message;
  doc = json();  // the outputs are built: free the document before the trainer allocates
  return trainer_from(s, source, out, resumed);
}

std::string open_run(const std::string& text, const std::string& source, Trainer* out,
                     FileParts* parts) {
  Err e;
  json doc;
  const json* cj = nullptr;
  bool bare = false;
  if (!parse_document(text, &doc, e) || !config_part(doc, &cj, &bare, e))
    return source + ": " + e.message;
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
    return source +
           ": weights: missing (the file has a progress section, which continues the weights it "
           "was saved with)";
  const bool custom = c.data.kind == DataKind::custom;
  Dataset data;
  if (p.data) {
    if (!custom)
      return source + ": data: given, but config.data.kind is '" + data_kind_name(c.data.kind) +
             "' (only custom data is stored in the file)";
    if (!read_data(*member(doc, "data"), c, &data, e)) return source + ": " + e.message;
    c.data.points = data.spec.points;
  } else if (custom) {
    return source +
           ": data: missing: config.data.kind is 'custom', so the points must come with it (a "
           "\"data\" section, or a CSV file)";
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

}  // namespace relulab
