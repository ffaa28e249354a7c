// state.h: JSON state files (a Config, the network's weights, optionally custom data points,
// optionally a trainer's progress: step count, minibatch order, optimiser moments).
//
// Format "relulab-model", version 1, documented in docs/model-format.md. A CLI --config file is the
// same document without "weights". Readers validate everything (syntax, format and version, names,
// types, finiteness, limits from config.h, weight shapes against the config) before writing any
// output, and allocate in proportion to untrusted sizes only after the sizes have been checked.
// Every function returns an error message ("model.json: config.network.hidden[2].activation:
// 'relu2' is not one of relu, leaky_relu, ...") or an empty string on success.
//
// Written in four modules (state_internal.h): checked-JSON helpers (json_checked.cpp), config <->
// JSON (config_json.cpp), weights and data (state.cpp), a trainer's progress (progress.cpp, the only
// one that depends on the trainer).
#pragma once

#include <cstddef>
#include <string>

#include "data/dataset.h"
#include "io/config.h"
#include "nn/network.h"

namespace relulab {

struct Trainer;  // trainer.h

// A state or config file's text. The largest valid state (12 x 128 units, 7 features, 5 classes,
// 100000 custom points) is written in about 7 MB, 17 MB with an Adam run's progress (weights, two
// moments and the rollback weights, at their widest); tests/unit/test_limits.cpp and
// test_resume.cpp check they fit.
constexpr std::size_t max_state_bytes = 32u << 20;
constexpr int max_json_depth = 32;  // nesting of arrays and objects

// {"format": "relulab-model", "version": 1, "config": {...}}: a valid --config file.
std::string config_to_json(const Config& c);

// Which sections a state or config file holds besides its config.
struct FileParts {
  bool weights = false, data = false, progress = false;
};

// Reads the config of a state or config file (the "weights" and "data" sections, if present, are
// checked for syntax only). Missing config fields keep Config{}'s defaults; unknown keys are errors.
// A bare {"data": ..., "network": ..., "train": ...} object is accepted too. The result has passed
// validate(). `source` names the text in messages. *out is untouched on error. *has_progress (when
// given) tells whether the document has a "progress" section (to be read with load_state below),
// *parts which of "weights", "data", "progress" it has: a caller that trains from the config alone
// must refuse a file that has weights or data (or open it with open_run), never drop them.
std::string parse_config_json(const std::string& text, const std::string& source, Config* out,
                              bool* has_progress = nullptr, FileParts* parts = nullptr);

// The full state: config, weights, and the points of `data` when it is non-null and
// c.data.kind == custom. Floats are written with the fewest digits that read back bit-exactly.
// Non-finite weights (which a trainer never keeps) are written as null and refused by load_state.
std::string save_state(const Config& c, const Network& net, const Dataset* data);

// Reads a state file written by save_state (or by hand). The "weights" section is required and must
// match the config's shapes exactly. When custom_data is non-null and the config's data kind is
// custom, the "data" section is required and *custom_data receives it (split as in the file: train
// then test); a "data" section for a non-custom kind is an error. Outputs are written only when
// everything is valid; n gets spec = c->network, classes = class_count(c->data) and the layers.
// A "progress" section is checked (as load_state(..., Trainer*) checks it) and not returned.
std::string load_state(const std::string& text, const std::string& source, Config* c, Network* n,
                       Dataset* custom_data);

// The full state of a run: save_state(config, net, &data) plus a "progress" section (step count,
// samples seen, minibatch generator state and epoch order, optimiser moments and step counter, the
// rollback weights, a divergence), so that a trainer loaded from it takes exactly the steps `t`
// would have taken.
std::string save_state(const Trainer& t);

// Reads a state file into a new trainer: its data are the file's custom points or generated from
// config.data, its weights the file's. With a "progress" section the trainer continues the saved run
// bit for bit (*resumed = true); without one it starts at step 0 with the file's weights, fresh
// optimiser moments and the network seed's minibatch order (*resumed = false). Progress is checked
// like the rest (sizes against the network and the training set, integer ranges, finite moments,
// the order a permutation). Moments written for another optimiser than config.train.optimizer are
// cleared, as set_train_spec clears them. The history holds one measurement, at the loaded step.
// *out is written only when everything is valid.
std::string load_state(const std::string& text, const std::string& source, Trainer* out,
                       bool* resumed = nullptr);

// Opens any state or config file as a run to train, using everything it holds (relulab train
// --config, the app's Load state, the page's relulab.load): with "weights", as load_state above (at
// the saved step with "progress", else at step 0 with fresh optimiser moments, on the file's custom
// points or the generator's data); with custom points ("data") but no weights, fresh weights from
// the network seed trained on those points; a bare config, a new trainer. Refused with the reason:
// custom data without its points, "progress" without "weights", "data" for a generated kind.
// *parts (when given) tells which sections the file had. *out is written only on success.
std::string open_run(const std::string& text, const std::string& source, Trainer* out,
                     FileParts* parts = nullptr);

// Reads a whole file of at most max_bytes into *out (untouched on error).
std::string read_text_file(const std::string& path, std::size_t max_bytes, std::string* out);

}  // namespace relulab
