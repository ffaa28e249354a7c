// regions.h: the exact partition into linear regions, drawn over the main view and explored.
//
// The live count (ui/schedule.cpp) computes the exact partition of the plot's domain
// (core/instruments/regions_exact.h) on a copy of the weights; when it finishes, the partition is
// kept here and the app shows what it holds:
//   - its edges over the main view (a toggle per view, on by default in the linear-regions view),
//     rasterised once per partition into a texture (ui/gfx/region_overlay.h), so a partition of a
//     hundred thousand edges costs one quad a frame, also under software GL;
//   - a layer slider: the partition after hidden layer L of N (its edges, coloured by layer, and
//     its count, Partition::regions_after_layer), showing how each layer cuts the cells of the one
//     before;
//   - the region under the pointer (or a finger held on the plot): its outline (cell_outline), its
//     activation pattern per layer, its area (in the plane's units, as a share of the domain and in
//     pixels of the plot) and the affine map of the output on it;
//   - the distribution of region areas by decade, how many are smaller than one pixel of the plot,
//     and how many hold training points (also in state(), ui/api.h);
//   - the SVG export, core's partition_svg as `relulab regions --svg` writes it.
// Where the exact partition does not apply (smooth activations, x1^2, x1*x2, sine features) none of
// this is kept: the count is the grid estimate and the panels say why.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "gfx/region_overlay.h"
#include "instruments/regions_exact.h"

namespace relulab {

struct AppState;

// The region under the pointer, as the tooltip shows it.
struct RegionHover {
  bool valid = false;              // the pointer is over the plot and a partition is kept
  double x1 = 0, x2 = 0;           // the pointer in the plane
  int polygon = -1;                // polygon_at(partition, x1, x2): a region of the full network
  int layers = 0;                  // the cell shown is of the partition after this many layers
  std::string pattern;             // pattern_text over those layers, one group per layer
  double area = 0;                 // the cell's area (plane units)
  double share = 0;                // ...as a share of the domain's area
  double pixels = 0;               // ...in pixels of the plot
  int inside = 1;                  // regions of the full network inside the cell
  std::vector<double> map;         // polygon's affine map, per output: w1, w2, b (pre-link)
  std::vector<double> outline;     // cell_outline: x0, y0, x1, y1, ... (plane units)
  std::string text;                // the tooltip's lines about the region
  long id = -1;                    // partition the cached fields belong to...
  int lang = -1, plot_pixels = 0;  // ...and the language and plot size of its text
};

struct RegionsState {
  Partition partition;                   // the last finished exact partition (empty: none kept)
  long id = 0;                           // changes whenever `partition` is replaced or dropped
  long step = -1;                        // trainer step of the weights it was computed from
  std::uint64_t weights = 0;             // network_fingerprint of those weights
  bool edges[3] = {false, true, false};  // edges drawn, per MainView (boundary, regions, unit)
  int layers = 0;                        // the layer slider: hidden layers applied, 0 = all
  // measured on the partition
  RegionAreaStats areas;
  int areas_pixels = 0;  // plot side the pixel area is of
  long areas_id = -1;
  long with_points = 0;      // regions holding at least one training point
  long training_points = 0;  // training points (as the CLI counts them)
  // drawn
  RegionOverlay overlay;
  double overlay_not_before = 0;  // cadence of rebuilds while the partition changes (training)
  RegionHover hover;
};

bool regions_kept(const AppState& s);         // an exact partition of this network is kept
bool regions_current(const AppState& s);      // ...of the current weights
int regions_layers_shown(const AppState& s);  // the layer slider's L (1..N)
bool region_edges_shown(const AppState& s);   // the edges are drawn over the main view now

// The live count finished an exact partition of `weights` at `step` (ui/schedule.cpp).
void keep_partition(AppState& s, Partition&& p, long step, std::uint64_t weights);
// No exact partition for the current network (it does not apply, or its shape changed).
void drop_partition(AppState& s);
// After the live count: statistics and the overlay brought up to date (called by
// schedule_frame_work); a new partition's overlay is rebuilt within a tenth of the time.
void refresh_regions(AppState& s);
// The overlay on screen is not the one wanted (another frame is needed).
bool region_overlay_stale(const AppState& s);

// The region under (x1, x2): fills s.regions.hover (cached while the polygon and layer stay).
void hover_region(AppState& s, double x1, double x2);

// The exact partition of the current weights after the layer slider's L, as the CLI's --svg draws
// it (800 px wide, the training points on top); "" and *error when it does not apply.
std::string regions_svg(const AppState& s, std::string* error);

}  // namespace relulab
