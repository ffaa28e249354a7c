// fuzz_csv.cpp: fuzz target for the CSV reader (read_csv in core/data/dataset.cpp).
//
// The input is the file's text. It is read twice, once inferring the label kind and once demanding
// the kind `size % 6` (0 = infer, 1 = regression, 2..5 classes), at a train fraction that also
// follows the size. Invariants:
//   - on error: a message that starts with the source name, and the output data set untouched;
//   - on success: 1..max_points finite points within +-max_csv_coordinate, class labels that are
//     indices below `classes`, a spec that passes validate() as custom data, and a round trip
//     write_csv -> read_csv that gives back the same points (as a multiset: the split is redrawn).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <sstream>
#include <string>
#include <vector>

#include "io/config.h"
#include "data/dataset.h"
#include "fuzz_common.h"

using namespace relulab;

namespace {

const std::string source = "fuzz.csv";

Dataset sentinel() {
  Dataset d;
  d.spec.kind = DataKind::xor_;
  d.spec.points = 3;
  d.train = {{1, 2, 1}, {3, 4, 0}};
  d.test = {{5, 6, 1}};
  d.classes = 2;
  return d;
}

bool same_points(std::vector<Point> a, std::vector<Point> b) {
  auto less = [](const Point& p, const Point& q) {
    return std::memcmp(&p, &q, sizeof(Point)) < 0;
  };
  std::sort(a.begin(), a.end(), less);
  std::sort(b.begin(), b.end(), less);
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(Point)) == 0;
}

std::vector<Point> all_points(const Dataset& d) {
  std::vector<Point> p = d.train;
  p.insert(p.end(), d.test.begin(), d.test.end());
  return p;
}

void check_one(const std::string& text, float train_fraction, int classes) {
  Dataset d = sentinel();
  std::istringstream in(text);
  const std::string err = read_csv(in, source, train_fraction, 7, classes, &d);
  if (!err.empty()) {
    FUZZ_CHECK(err.compare(0, source.size(), source) == 0, "message does not name the source: " + err);
    const Dataset s = sentinel();
    FUZZ_CHECK(same_points(all_points(d), all_points(s)) && d.train.size() == s.train.size() &&
                   d.spec.kind == s.spec.kind && d.classes == s.classes,
               "output changed on error: " + err);
    return;
  }
  const std::vector<Point> pts = all_points(d);
  FUZZ_CHECK(!pts.empty() && pts.size() <= static_cast<size_t>(max_points), "point count");
  FUZZ_CHECK(d.spec.kind == DataKind::custom && d.spec.points == static_cast<int>(pts.size()),
             "spec does not describe the points");
  FUZZ_CHECK(d.classes >= 1 && d.classes <= max_classes && d.spec.classes == d.classes &&
                 d.regression == (d.classes == 1),
             "classes " + std::to_string(d.classes));
  if (classes != 0) FUZZ_CHECK(d.classes == classes, "demanded label kind not kept");
  for (const Point& p : pts) {
    FUZZ_CHECK(std::isfinite(p.x1) && std::isfinite(p.x2) && std::isfinite(p.label), "non-finite");
    FUZZ_CHECK(std::fabs(p.x1) <= max_csv_coordinate && std::fabs(p.x2) <= max_csv_coordinate,
               "coordinate beyond the limit");
    if (!d.regression)
      FUZZ_CHECK(p.label == std::floor(p.label) && p.label >= 0 && p.label < d.classes,
                 "label " + std::to_string(p.label) + " is not a class index");
  }

  // The data set, used as a run's data, must pass validate() with an output that fits it.
  Config c;
  c.data = d.spec;
  c.network.output = d.classes == 1   ? Output::linear_mse
                     : d.classes == 2 ? Output::sigmoid_bce
                                      : Output::softmax_ce;
  const std::string verr = validate(c);
  FUZZ_CHECK(verr.empty(), "accepted CSV gives an invalid config: " + verr);

  // Round trip through the writer.
  std::stringstream io;
  write_csv(io, d);
  Dataset back;
  std::istringstream in2(io.str());
  const std::string err2 = read_csv(in2, source, train_fraction, 7, d.classes, &back);
  FUZZ_CHECK(err2.empty(), "written CSV is refused: " + err2);
  FUZZ_CHECK(back.classes == d.classes && same_points(all_points(back), pts),
             "round trip changed the points");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  static const float fractions[9] = {0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f, 0.9f};
  const float train_fraction = fractions[size % 9];
  check_one(text, train_fraction, 0);
  check_one(text, train_fraction, static_cast<int>(size % 6));
  return 0;
}
