// test_csv.cpp: CSV round trip, label inference, and each kind of malformed input rejected with a
// message naming file, line and field while the target data set stays untouched.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <sstream>
#include <string>

#include "data/dataset.h"

using namespace relulab;

namespace {

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

std::string read(const std::string& text, Dataset* d, int classes = 0) {
  std::istringstream in(text);
  return read_csv(in, "data.csv", 0.5f, 1, classes, d);
}

Dataset sentinel() {
  DataSpec s;
  s.kind = DataKind::moons;
  s.points = 40;
  return generate(s);
}

bool same(const Dataset& a, const Dataset& b) {
  if (a.train.size() != b.train.size() || a.test.size() != b.test.size()) return false;
  if (a.classes != b.classes || a.spec.kind != b.spec.kind) return false;
  return std::memcmp(a.train.data(), b.train.data(), a.train.size() * sizeof(Point)) == 0 &&
         std::memcmp(a.test.data(), b.test.data(), a.test.size() * sizeof(Point)) == 0;
}

}  // namespace

TEST_CASE("csv: write then read gives the same points") {
  for (DataKind k : {DataKind::spiral, DataKind::blobs, DataKind::reg_gaussians}) {
    DataSpec s;
    s.kind = k;
    s.points = 300;
    s.noise = 0.2f;
    s.classes = 4;
    const Dataset d = generate(s);
    std::stringstream io;
    write_csv(io, d);
    Dataset back;
    std::istringstream in(io.str());
    REQUIRE(read_csv(in, "x.csv", 0.5f, 9, d.classes, &back) == "");
    CHECK(back.classes == d.classes);
    CHECK(back.regression == d.regression);
    CHECK(back.spec.kind == DataKind::custom);
    CHECK(back.spec.points == 300);
    // The split is re-drawn, so compare the multiset of points via the written text of both.
    std::vector<Point> a = d.train, b = back.train;
    a.insert(a.end(), d.test.begin(), d.test.end());
    b.insert(b.end(), back.test.begin(), back.test.end());
    auto less = [](const Point& p, const Point& q) {
      return std::memcmp(&p, &q, sizeof(Point)) < 0;
    };
    std::sort(a.begin(), a.end(), less);
    std::sort(b.begin(), b.end(), less);
    REQUIRE(a.size() == b.size());
    CHECK(std::memcmp(a.data(), b.data(), a.size() * sizeof(Point)) == 0);
  }
}

TEST_CASE("csv: header optional, blank and comment lines, CRLF, label inference") {
  Dataset d;
  CHECK(read("x1,x2,label\r\n1,2,0\r\n\r\n# note\n3,4,1\n-1.5e0, 2 ,1\n", &d) == "");
  CHECK(d.train.size() + d.test.size() == 3);
  CHECK(d.classes == 2);
  CHECK(read("1,2,0\n3,4,2\n5,6,1\n", &d) == "");
  CHECK(d.classes == 3);
  CHECK_FALSE(d.regression);
  CHECK(read("1,2,-1\n3,4,1\n", &d) == "");
  CHECK(d.classes == 2);
  for (const auto* set : {&d.train, &d.test})
    for (const auto& p : *set) CHECK((p.label == 0 || p.label == 1));
  CHECK(read("1,2,0.25\n3,4,-0.7\n", &d) == "");
  CHECK(d.regression);
  CHECK(d.classes == 1);
  CHECK(d.spec.classes == 1);
  CHECK(read("1,2,3\n3,4,0\n", &d, 1) == "");  // regression demanded
  CHECK(d.regression);
}

TEST_CASE("csv: malformed input is rejected by line and field, target untouched") {
  struct Case {
    const char* text;
    int classes;
    const char* expect;
  };
  const Case cases[] = {
      {"x1,x2,label\n1,2,0\n3,abc,1\n", 0, "data.csv:3: field 'x2': 'abc' is not a number"},
      {"1,2,0\n3,4\n", 0, "data.csv:2: field 'label': missing"},
      {"1,2,0\n3\n", 0, "data.csv:2: field 'x2': missing"},
      {"1,2,0\n3,4,1,5\n", 0, "data.csv:2: 4 fields, expected 3"},
      {"1,2,0\n3,,1\n", 0, "data.csv:2: field 'x2': empty"},
      {"1,nan,0\n", 0, "data.csv:1: field 'x2': 'nan' is not a number"},
      {"1,2,inf\n", 0, "data.csv:1: field 'label': 'inf' is not a number"},
      {"1e999,2,0\n", 0, "data.csv:1: field 'x1': '1e999' is not a finite number"},
      {"0x10,2,0\n", 0, "field 'x1': '0x10' is not a number"},
      {"1,2,0\n5000,2,1\n", 0, "data.csv:2: field 'x1': 5000 is outside -1000..1000"},
      {"1,2,0\n3,4,2\n", 2, "data.csv:2: field 'label': 2 is not a class index 0..1"},
      {"1,2,0\n3,4,0.5\n", 3, "data.csv:2: field 'label': 0.5 is not a class index 0..2"},
      {"1,2,0\n3,4,-1\n", 2, "field 'label': -1 is not a class index"},
      {"x1,x2,label\n", 0, "data.csv: no data rows"},
      {"", 0, "data.csv: no data rows"},
  };
  for (const auto& tc : cases) {
    Dataset d = sentinel();
    const Dataset before = d;
    const std::string msg = read(tc.text, &d, tc.classes);
    INFO(tc.text << " -> " << msg);
    CHECK(contains(msg, tc.expect));
    CHECK(same(d, before));
  }
}

TEST_CASE("csv: too many rows and overlong lines are refused") {
  std::string text;
  text.reserve(static_cast<size_t>(max_points + 2) * 8);
  for (int i = 0; i <= max_points; ++i) text += "1,2,0\n";
  Dataset d = sentinel();
  const Dataset before = d;
  CHECK(contains(read(text, &d), "data.csv:100001: more than 100000 points"));
  CHECK(same(d, before));
  CHECK(contains(read("1,2,0\n" + std::string(5000, '1') + ",2,0\n", &d),
                 "data.csv:2: line is longer than 4096 characters"));
  CHECK(same(d, before));
  std::istringstream in("1,2,0\n3,4,1\n");
  CHECK(contains(read_csv(in, "data.csv", 0.95f, 1, &d), "train fraction"));
  CHECK(same(d, before));
}

TEST_CASE("csv: byte edits of a valid file load or are refused cleanly") {
  DataSpec s;
  s.kind = DataKind::blobs;
  s.classes = 3;
  s.points = 30;
  std::stringstream io;
  write_csv(io, generate(s));
  const std::string good = io.str();
  const char alphabet[] = "0123456789-+.eE,x\n\r #naif";
  std::uint64_t state = 99;
  auto next = [&](std::uint64_t n) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return (state >> 33) % n;
  };
  for (int i = 0; i < 400; ++i) {
    std::string text = good;
    for (int k = 0; k < 1 + i % 3; ++k)
      text[next(text.size())] = alphabet[next(sizeof alphabet - 1)];
    Dataset d = sentinel();
    const Dataset before = d;
    const std::string msg = read(text, &d, i % 2 ? 3 : 0);
    if (msg.empty()) {
      CHECK(d.train.size() + d.test.size() >= 1);
      for (const auto* set : {&d.train, &d.test})
        for (const auto& p : *set)
          CHECK((std::isfinite(p.x1) && std::isfinite(p.x2) && std::isfinite(p.label)));
    } else {
      CHECK(contains(msg, "data.csv"));
      CHECK(same(d, before));
    }
  }
  // Edits that certainly corrupt: a letter other than e/E put anywhere in a data row (inside a
  // number, over a comma or over a newline, which merges two rows into five fields) leaves a
  // field that is not a decimal number, so the file must be refused, naming the line.
  const size_t rows_start = good.find('\n') + 1;  // after the header "x1,x2,label"
  REQUIRE(rows_start > 0);
  REQUIRE(rows_start < good.size());
  const char letters[] = "xnaif";
  for (int i = 0; i < 200; ++i) {
    std::string text = good;
    for (int k = 0; k < 1 + i % 3; ++k) {
      // not the file's final newline: a letter there would only end the last row
      const size_t at = rows_start + next(good.size() - 1 - rows_start);
      text[at] = letters[next(sizeof letters - 1)];
    }
    Dataset d = sentinel();
    const Dataset before = d;
    const std::string msg = read(text, &d, i % 2 ? 3 : 0);
    CAPTURE(text);
    CHECK(contains(msg, "data.csv:"));
    CHECK(same(d, before));
  }
}
