// fuzz_state.cpp: fuzz target for the model/state JSON reader (load_state in core/io/state.cpp).
//
// The input is the text of a state file. Invariants:
//   - on error: a message naming the source, and config, network and data set all untouched;
//   - on success: the config passes validate(); the network has exactly the config's shapes
//     (hidden layers + output layer, W (out, in), b (out), slopes only for prelu) and finite
//     parameters; custom points are finite, within the coordinate limit, class labels are indices;
//     the config reader accepts the same file; and save_state -> load_state gives back the same
//     config, weights and points bit for bit.
#include <cmath>
#include <cstdint>
#include <string>

#include "io/config.h"
#include "data/dataset.h"
#include "fuzz_common.h"
#include "nn/network.h"
#include "io/state.h"

using namespace relulab;

namespace {

bool same_matrix(const MatrixR& a, const MatrixR& b) {
  return a.rows() == b.rows() && a.cols() == b.cols() &&
         (a.size() == 0 || std::memcmp(a.data(), b.data(), sizeof(float) * a.size()) == 0);
}

bool same_vector(const Vector& a, const Vector& b) {
  return a.size() == b.size() &&
         (a.size() == 0 || std::memcmp(a.data(), b.data(), sizeof(float) * a.size()) == 0);
}

bool same_network(const Network& a, const Network& b) {
  if (a.classes != b.classes || a.layers.size() != b.layers.size()) return false;
  for (size_t l = 0; l < a.layers.size(); ++l) {
    const Layer &x = a.layers[l], &y = b.layers[l];
    if (x.activation != y.activation || !same_matrix(x.W, y.W) || !same_vector(x.b, y.b) ||
        !same_vector(x.slope, y.slope))
      return false;
  }
  return true;
}

bool same_points(const std::vector<Point>& a, const std::vector<Point>& b) {
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), sizeof(Point) * a.size()) == 0);
}

Dataset sentinel_data() {
  Dataset d;
  d.train = {{1, 2, 1}};
  d.test = {{3, 4, 0}};
  return d;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* bytes, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(bytes), size);
  const std::string source = "fuzz-model.json";
  static const Network sentinel_net = make_network(sentinel_config().network, 2);
  Config c = sentinel_config();
  Network net = sentinel_net;
  Dataset data = sentinel_data();
  const std::string err = load_state(text, source, &c, &net, &data);
  if (!err.empty()) {
    FUZZ_CHECK(err.compare(0, source.size(), source) == 0, "message does not name the source: " + err);
    FUZZ_CHECK(same_config(c, sentinel_config()) && same_network(net, sentinel_net) &&
                   same_points(data.train, sentinel_data().train) &&
                   same_points(data.test, sentinel_data().test),
               "outputs changed on error: " + err);
    return 0;
  }
  const std::string verr = validate(c);
  FUZZ_CHECK(verr.empty(), "loaded config fails validate(): " + verr);

  // Shapes follow the config; parameters are finite.
  const int hidden = static_cast<int>(c.network.hidden.size());
  FUZZ_CHECK(static_cast<int>(net.layers.size()) == hidden + 1, "layer count");
  FUZZ_CHECK(net.classes == class_count(c.data), "network classes");
  int in = input_count(c.network);
  for (int l = 0; l <= hidden; ++l) {
    const Layer& layer = net.layers[l];
    const bool output = l == hidden;
    const int units = output ? output_count(c.network, class_count(c.data)) : c.network.hidden[l].units;
    const Activation act = output ? Activation::linear : c.network.hidden[l].activation;
    FUZZ_CHECK(layer.activation == act && layer.out() == units && layer.in() == in &&
                   layer.b.size() == units &&
                   layer.slope.size() == (act == Activation::prelu ? units : 0),
               "layer " + std::to_string(l) + " shape does not follow the config");
    in = units;
  }
  FUZZ_CHECK(all_finite(net), "non-finite parameter loaded");

  const bool custom = c.data.kind == DataKind::custom;
  if (custom) {
    FUZZ_CHECK(static_cast<int>(data.train.size() + data.test.size()) == c.data.points,
               "config.data.points does not count the stored points");
    for (const auto* set : {&data.train, &data.test})
      for (const Point& p : *set) {
        FUZZ_CHECK(std::isfinite(p.x1) && std::isfinite(p.x2) && std::isfinite(p.label), "point");
        FUZZ_CHECK(std::fabs(p.x1) <= max_csv_coordinate && std::fabs(p.x2) <= max_csv_coordinate,
                   "coordinate beyond the limit");
        if (class_count(c.data) >= 2)
          FUZZ_CHECK(p.label == std::floor(p.label) && p.label >= 0 && p.label < class_count(c.data),
                     "label is not a class index");
      }
  }

  Config only_config = sentinel_config();
  const std::string cerr = parse_config_json(text, source, &only_config);
  FUZZ_CHECK(cerr.empty(), "config reader refuses a loadable state: " + cerr);

  const std::string saved = save_state(c, net, custom ? &data : nullptr);
  Config c2 = sentinel_config();
  Network net2 = sentinel_net;
  Dataset data2 = sentinel_data();
  const std::string err2 = load_state(saved, source, &c2, &net2, &data2);
  FUZZ_CHECK(err2.empty(), "own output refused: " + err2);
  FUZZ_CHECK(same_config(c, c2), "round trip changed the config");
  FUZZ_CHECK(same_network(net, net2), "round trip changed the weights");
  if (custom)
    FUZZ_CHECK(same_points(data.train, data2.train) && same_points(data.test, data2.test),
               "round trip changed the points");
  return 0;
}
