// dataset.h: the 2-D data sets, seeded generators, hand edits and CSV.
//
// All generators place points in the square [-6, 6]^2 (the Playground's domain) so one plot domain
// fits all. Two-class labels are 0/1 (the loss maps them to +-1 for tanh), multiclass labels are
// 0..classes-1, regression labels are real numbers in about [-1, 1].
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include "io/config.h"

namespace relulab {

constexpr float domain_extent = 6.0f;  // data and default plot domain: [-6, 6]^2

struct Point {
  float x1 = 0, x2 = 0;
  float label = 0;  // class index (as float) or regression target
};

struct Dataset {
  DataSpec spec;
  std::vector<Point> train;
  std::vector<Point> test;
  int classes = 2;  // 1 for regression
  bool regression = false;
};

// Deterministic per spec (same spec, same points, natively and in wasm).
Dataset generate(const DataSpec& spec);

// Hand edits (the UI's click-to-add). add_point goes to the training set; remove_nearest removes the
// nearest point of train or test within `radius` and returns whether one was removed.
// add_point refuses (returns false) when the data set already holds max_points points, or the point
// is not finite, or its label is not a class index 0..classes-1 (classification data).
// An edit turns the data set into custom data: d.spec.kind = custom, spec.classes = d.classes
// (1 for regression), spec.points = the new total.
bool add_point(Dataset& d, Point p);
bool remove_nearest(Dataset& d, float x1, float x2, float radius);

// CSV: a header line "x1,x2,label" (optional), then one point per line. `source` names the file in
// messages. On error returns a message naming source, line and field ("data.csv:7: field 'x2':
// 'abc' is not a number") and leaves *out untouched. Points are split train/test by
// `train_fraction` with the given seed.
//
// The result is custom data (spec.kind = custom, spec.points = rows, spec.classes = classes).
// Labels are inferred: integers 0..max_classes-1 give max+1 classes (at least 2), labels all in
// {-1, 1} give two classes (-1 -> 0, the Playground's convention), anything else is regression
// (classes = 1). The overload with `classes` demands a kind instead: 1 = regression (any finite
// label), 2..5 = class indices 0..classes-1; 0 = infer. Also rejected: NaN/inf or non-numeric
// fields ("nan", "inf" and hex are not accepted spellings), missing or extra fields, coordinates
// beyond +-max_csv_coordinate, lines over 4096 characters, more than max_points rows, no rows,
// input longer than max_csv_bytes.
// Blank lines and lines starting with '#' are skipped; a first line of three non-numbers is a header.
constexpr double max_csv_coordinate = 1000.0;
// Bytes read_csv reads before refusing the input (max_points rows as write_csv writes them take
// about 4 MB; tests/unit/test_limits.cpp checks they fit).
constexpr std::size_t max_csv_bytes = 16u << 20;
std::string read_csv(std::istream& in, const std::string& source, float train_fraction,
                     std::uint64_t seed, Dataset* out);
std::string read_csv(std::istream& in, const std::string& source, float train_fraction,
                     std::uint64_t seed, int classes, Dataset* out);
void write_csv(std::ostream& out, const Dataset& d);  // train then test, header x1,x2,label

}  // namespace relulab
