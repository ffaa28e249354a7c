// regions_exact.h: the exact partition of a rectangle of the plane into linear regions.
//
// For a network whose hidden units are piecewise linear (ReLU and its mirrors, leaky ReLU, PReLU,
// linear) and whose inputs are x1 and/or x2 only, every pre-activation is an affine function of
// (x1, x2) on any set where the activation pattern of the layers below is fixed. So the partition
// is computed layer by layer (as in SplineCam, Humayun et al. CVPR 2023, here on the CPU and live):
// start from the rectangle; for hidden layer l, each current cell (a convex polygon with a fixed
// pattern of layers < l) is cut by the lines u_i(x) = 0 where layer l's units switch, u_i being
// affine on the cell; each piece gets layer l's bits and carries the affine map of layer l's
// outputs into layer l + 1. The leaves are convex polygons (double-precision vertices, counter-
// clockwise), each with its full activation pattern and the affine map of the output layer on it
// (the pre-link value: logit for sigmoid/tanh, one row per class for softmax).
//
// What is counted. A linear region is a maximal set of positive area on which the activation
// pattern (grid.h's definition: is_active() per hidden unit) is constant. The set of points with a
// given pattern is an intersection of half-planes (each pre-activation is affine once the lower
// layers' bits are fixed), hence convex and connected, so the number of regions is the number of
// distinct patterns among the positive-area polygons. The refinement yields exactly one polygon per
// pattern, so polygons and regions are the same thing here: two pieces of one cell differ in the
// bit of the unit whose cut separated them, and pieces of different cells differ in their cells'
// bits (the tests check that the patterns are distinct). Linear units never cut (they are always
// active). A PReLU unit with slope exactly 1, or a unit whose outgoing weights are all zero, still
// cuts: the count is of patterns, as on the grid.
//
// Tolerances (documented in docs/experiments.md). Side test: a vertex v is on unit i's line when
// |u_i(v)| <= exact_side_tolerance * scale_i, where scale_i = |b_i| + sum_j |W_ij| scale_j (inputs:
// the largest |x1|, |x2| of the domain; a unit's output scale is |gain| times its input scale) is
// the size of the terms summed to evaluate u_i on the cell. The double rounding error of u_i is at
// most about (depth x width) x 1.1e-16 x scale_i <= 2e-13 x scale_i for the largest nets accepted
// (12 x 128), so 1e-10 leaves a 500x margin and the test does not change when a unit's weights are
// rescaled (huge or tiny weights). A cell is cut only when it has vertices strictly on both sides;
// a vertex on the line goes to both pieces (lines through vertices, coincident and duplicate units
// make no cut); if that would make the pieces overlap (a tolerance band as wide as the cell, from
// terms of 1e30 that cancel), the cut is made by the plain sign of u instead. A piece of a cut
// whose area is <= exact_area_tolerance x (the cut cell's bounding-box diagonal)^2, the rounding
// noise of a computed area (about n x 1.1e-16 x diagonal^2 for n vertices), is a sliver of zero
// area: it is dropped, neither counted nor merged into its neighbour (whose bits it does not
// have). So every polygon counted has positive area, and the polygons tile the rectangle up to the
// dropped slivers (the tests check that the areas sum to the rectangle's to 1e-9 relative). A unit
// whose values at all vertices are within tolerance of 0 (a dead unit with zero weights and bias)
// takes the side of its value at the vertex mean (u > 0 is on).
//
// Limits. At most max_exact_polygons polygons (one million, about 150-400 bytes each with
// patterns, maps and edge labels, so at most a few hundred MB); past the limit the job stops with
// a message and the caller falls back to the grid estimate. Pre-activations must stay below 1e290
// in magnitude over the domain (an interval bound is checked before starting), so no infinity or
// NaN arises in double.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "data/dataset.h"
#include "nn/network.h"

namespace relulab {

struct Rect {
  double x0 = -6, x1 = 6, y0 = -6, y1 = 6;
  double area() const { return (x1 - x0) * (y1 - y0); }
};

constexpr long max_exact_polygons = 1000000;
constexpr double exact_side_tolerance = 1e-10;  // relative to the pre-activation's term scale
constexpr double exact_area_tolerance = 1e-14;  // relative to the cut cell's squared diagonal

struct ExactOptions {
  Rect domain;
  int layers = -1;  // hidden layers applied (-1: all); fewer gives the partition after that layer
  long max_polygons = max_exact_polygons;
};

struct Partition {
  Rect domain;
  int layers = 0;                    // hidden layers applied
  std::vector<int> layer_units;      // [l] units of hidden layer l
  std::vector<int> layer_first_bit;  // [l] bit of (l, 0) in a pattern; [layers] = total bits
  int words = 0;                     // 64-bit words per pattern (grid.h's packing, layer then unit)
  int outputs = 0;                   // rows of each affine map (0 when layers < all hidden layers)
  // polygon p has vertices [first[p], first[p + 1]), counter-clockwise
  std::vector<int> first;
  std::vector<double> vx, vy;
  // the edge from vertex k to the next vertex of its polygon lies on the line of hidden unit
  // (edge_layer[k], edge_unit[k]), or on the domain's boundary (both -1)
  std::vector<std::int16_t> edge_layer, edge_unit;
  std::vector<std::uint64_t> patterns;  // polygon p: words [p * words, (p + 1) * words), 1 = active
  std::vector<double> maps;             // polygon p, output k: [(p * outputs + k) * 3 + 0..2] =
                                        // (d/dx1, d/dx2, constant) of the pre-link output
  std::vector<double> area;             // [p]
  long regions = 0;                     // distinct patterns (the count) = polygons()
  std::vector<long> regions_after_layer;  // [l] distinct patterns of hidden layers 0..l (cells)
  // bucket grid over the domain for polygon_at: bucket b holds index_items[index_first[b]..[b+1])
  int index_side = 0;
  std::vector<int> index_first, index_items;

  int polygons() const { return first.empty() ? 0 : static_cast<int>(first.size()) - 1; }
  int vertex_count(int p) const { return first[p + 1] - first[p]; }
};

// Empty when the exact partition applies to `net`, else why not ("hidden layer 2 is tanh, a smooth
// activation", "feature x1^2 is not affine in (x1, x2)", "a weight of layer 1 is not finite"); the
// caller then falls back to the grid estimate (grid.h) and labels it an estimate.
std::string exact_regions_unsupported(const Network& net);

// Empty when `domain` can be partitioned (finite, x0 < x1, y0 < y1, |coordinates| <= 1e6).
std::string exact_domain_error(const Rect& domain);

// The whole partition in one call. Returns an error message (and leaves *out empty) when it does
// not apply, the domain is bad, pre-activations could overflow, or the polygon limit is passed.
std::string exact_partition(const Network& net, const ExactOptions& options, Partition* out);

// The same, spread over calls for the app's frame budget. The job copies the weights when started,
// so training may continue meanwhile (the count is of the weights at the start). Work is counted
// in multiply-adds (about 1.5 ns each natively on the build machine, about twice that in wasm:
// calibrate from measured time); a call returns after roughly `budget` of them, or when done.
struct PartitionWork;  // internal state (regions_exact.cpp)
struct PartitionJob {
  Partition result;     // complete when done and error is empty
  bool done = false;
  std::string error;    // set when done and the partition failed (then result is empty)
  double progress = 0;  // fraction of the domain's area finished
  std::shared_ptr<PartitionWork> work;
};
// Returns an error (job.done = true) when the partition does not apply; else starts the job.
std::string start_partition(const Network& net, const ExactOptions& options, PartitionJob* job);
// Continues the job; returns job.done.
bool continue_partition(PartitionJob& job, long budget);

// ---- queries on a finished partition ----

// The polygon containing (x1, x2) (on a shared edge: one of them), -1 outside the domain.
int polygon_at(const Partition& p, double x1, double x2);
// Bit of hidden unit (layer, unit) in polygon q's pattern.
bool pattern_bit(const Partition& p, int q, int layer, int unit);
// The pattern as text, one group of 0/1 per layer: "1011 0110 0001".
std::string pattern_text(const Partition& p, int q);
// The pattern hash of grid.h (eval_patterns) for polygon q, over the first `layers` layers (-1 all).
std::uint64_t pattern_hash(const Partition& p, int q, int layers = -1);
// Output `k` (pre-link) of polygon q's affine map at (x1, x2).
double map_value(const Partition& p, int q, int k, double x1, double x2);
// Area-weighted centroid of polygon q.
void polygon_centroid(const Partition& p, int q, double* cx, double* cy);
// The cell of the partition after hidden layers 0..layer that contains polygon q (the union of the
// polygons sharing q's pattern on those layers, a convex polygon) as its outline: counter-clockwise
// vertices x0, y0, x1, y1, ...; its area in *area when non-null.
std::vector<double> cell_outline(const Partition& p, int q, int layer, double* area = nullptr);

// The edges of the partition after hidden layers 0..layer (-1: all), each piece of a unit's line
// once (from the polygon on its active side), for drawing: xy receives x0, y0, x1, y1 per segment
// and seg_layer (when non-null) the hidden layer of the unit whose line it lies on. The domain's
// boundary is not included.
void partition_edges(const Partition& p, int layer, std::vector<float>* xy,
                     std::vector<std::int16_t>* seg_layer = nullptr);

// Distribution of region areas. pixel_area: the area of one pixel of the plot (domain area / (W H)).
struct RegionAreaStats {
  long regions = 0;
  double min = 0, median = 0, max = 0, mean = 0;
  double pixel_area = 0;
  long smaller_than_pixel = 0;
  int decade_first = 0;           // histogram: count[i] regions have area in [10^(first+i), 10^(first+i+1))
  std::vector<long> decade_count;
};
RegionAreaStats region_area_stats(const Partition& p, double pixel_area);

// Number of points in each region ([polygon]); points outside the domain are not counted.
std::vector<int> points_per_region(const Partition& p, const std::vector<Point>& points);

// The partition as an SVG picture, width_px wide: regions filled with a colour from their pattern,
// edges of hidden layers 0..layer (-1: all) stroked, one colour per layer (later layers thinner),
// and `points` (optional) drawn as dots coloured by class.
// The colour partition_svg strokes hidden layer `layer`'s edges with, 0xRRGGBB (the app draws its
// edges in the same colours).
std::uint32_t partition_layer_rgb(int layer);

std::string partition_svg(const Partition& p, int width_px, int layer = -1,
                          const std::vector<Point>* points = nullptr);

}  // namespace relulab
