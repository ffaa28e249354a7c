// view_raster.h: the main view computed on the CPU by the core's grid evaluators into a texture,
// exact per displayed pixel, and recomputed only when what it shows changed.
//
// Two ways draw the main view: the boundary fragment shader (renderer.h), which evaluates the
// network per pixel on the GPU, and this raster, which evaluates it with grid.h's evaluators (the
// scanline sweep for piecewise-linear nets, the SIMD dense pass otherwise) and uploads the pixels.
// On a real GPU the shader is cheaper; under software GL (llvmpipe, SwiftShader) the shader costs
// hundreds of milliseconds a frame and the raster a few (bench/frame_bench.sh measures both), so
// the app picks the raster there (view_path_for_renderer).
//
// A picture is keyed by everything it depends on (ViewKey: a hash of the weights, the mode, the
// unit, the domain, the size); while the key stays the same nothing is computed. A pass computes
// bands of rows within a time budget per frame and uploads them as they finish, so a large network
// refreshes progressively (the previous picture stays on screen under the band) and never stalls
// the frame; `progress()` says how far the current pass is.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "gfx/gl.h"
#include "gfx/renderer.h"
#include "instruments/grid.h"
#include "nn/network.h"

namespace relulab {

constexpr int view_block_px = 16;  // side of a change-tracking block of the picture, pixels

// What a picture of the main view depends on.
struct ViewKey {
  std::uint64_t weights = 0;         // network_fingerprint()
  BoundaryMode mode = BoundaryMode::colour;
  int unit_layer = -1, unit_index = -1;
  float unit_scale = 1;
  bool discrete = false;
  PlotDomain domain;
  int width = 0, height = 0;         // pixels
};
bool operator==(const ViewKey& a, const ViewKey& b);
inline bool operator!=(const ViewKey& a, const ViewKey& b) { return !(a == b); }

// A 64-bit hash of everything a network's function depends on (shapes, activations, features,
// output link, weights, biases, slopes), bit for bit: equal fingerprints, same picture.
std::uint64_t network_fingerprint(const Network& net);

enum class ViewPath { shader, raster };
// The raster under software GL (GL_RENDERER names llvmpipe, softpipe, SwiftShader or a software
// renderer), the shader on a GPU.
ViewPath view_path_for_renderer(const char* gl_renderer);

struct ViewRaster {
  std::vector<unsigned char> rgba;   // width * height * 4, row 0 at the top (the picture's top)
  GLuint texture = 0;                // same pixels, texture row 0 = top row (0 when headless)
  int texture_width = 0, texture_height = 0;
  ViewKey shown;                     // key of the last complete picture
  ViewKey pass;                      // key of the pass in progress (its weights at its start)
  int next_row = 0;                  // rows of the current pass done; == pass.height when complete
  bool pass_mixed = false;           // the weights changed during the pass (its bands differ)
  bool has_picture = false;          // some picture (possibly mixed during a pass) is on screen
  int band_rows = 8;                 // rows per evaluator call, adapted to about a millisecond
  double last_pass_ms = 0;           // wall time of the last complete pass (sum of its bands)
  double pass_ms = 0;                // time spent so far in the current pass
  long passes = 0;                   // complete passes (tests: nothing recomputes while unchanged)
  std::uint64_t texture_version = 0;  // bumped whenever the picture's pixels change (ui_renderer.h)
  // The picture cut into blocks of view_block_px square: each holds the texture_version at which a
  // pixel in it last changed, so the window redraws only the part of the plot that changed
  // (UiTextureVersion::blocks). A band is compared with the picture before it is uploaded, and only
  // the changed pixels' bounding box goes to the texture.
  int blocks_x = 0, blocks_y = 0;
  std::vector<std::uint64_t> block_version;
  bool whole_pass = true;            // the texture's pixels are undefined: every band counts as changed
  long changed_pixels = 0;           // uploaded so far (the bounding boxes' areas; tests, stats)
  // scratch
  std::vector<unsigned char> band;  // the band being computed, before it is compared and merged
  std::vector<float> values;
  std::vector<std::uint64_t> patterns;
  MatrixR probabilities;
  std::vector<float> px, py;

  bool busy() const { return next_row < pass.height; }
  float progress() const { return pass.height > 0 ? static_cast<float>(next_row) / pass.height : 1.0f; }
};

// Brings the raster towards `key` for `net`, spending at most about `budget_ms` (at least one band
// when a pass is in progress). A change of mode, unit, domain or size restarts the pass; a change of
// weights alone lets the running pass finish with the newest weights (a picture of mixed versions,
// which is never taken as `shown`, so another pass follows).
// Uploads finished bands when `upload` (a GL context is current). Returns true if pixels changed.
bool refresh_view_raster(ViewRaster& r, const Network& net, const ViewKey& key, double budget_ms,
                         bool upload);
void view_raster_release(ViewRaster& r);
// A texture's pixels read back through a temporary framebuffer (texture row 0 first).
std::vector<unsigned char> read_back_texture(GLuint texture, int width, int height);

// The colour of one pixel of the main view, exactly as boundary.frag.glsl computes it: `value` is
// eval_grid's output field (for softmax, the class), `confidence` the softmax's winning
// probability (unused otherwise).
void boundary_pixel(Output output, float value, float confidence, bool discrete, unsigned char* rgba);
void unit_value_pixel(float value, float scale, unsigned char* rgba);
void unit_mask_pixel(bool on, unsigned char* rgba);
void region_pixel(std::uint64_t pattern_hash, unsigned char* rgba);

// The raster's agreement check: the pixels of `drawn` (a complete picture of `key`), or when null
// a picture of `key` computed here, against a dense forward pass (GridMethod::dense) over the same
// cells: the share of pixels whose colours agree within rounding (regions: the partition agreement,
// as for the shader). With `drawn`, its texture is read back too and must hold exactly its pixels,
// else the agreement is 0.
ShaderCheck raster_check(const Network& net, const ViewKey& key, const std::string& name,
                         const ViewRaster* drawn = nullptr);

}  // namespace relulab
