// renderer.h: the GL side of the plot: the network evaluated per pixel by a fragment shader.
//
// upload_network() packs every layer's W (out x in, row-major), b and PReLU slope into one R32F
// texture (a flat float array, `weights_texture_width` floats per row); render_boundary() runs
// shaders/boundary.frag.glsl over a fullscreen triangle into an offscreen colour texture that the
// plot panel shows with ImGui::Image. shader_check() renders the encoded field at a small size,
// reads it back and compares class and value per pixel with the CPU grid evaluator
// (relulab::eval_grid), which is the shader-vs-CPU agreement test.
#pragma once

#include <string>
#include <vector>

#include "gfx/gl.h"
#include "instruments/grid.h"
#include "nn/network.h"

namespace relulab {

constexpr int weights_texture_width = 1024;
constexpr int max_shader_layers = 13;  // max_hidden_layers + the output layer

using PlotDomain = PlaneDomain;  // the rectangle of the input plane the plot shows

// colour: the decision boundary; encoded: class and value for read-back; regions: each pixel coloured
// by a hash of its activation pattern (linear regions); unit_value / unit_mask: hidden unit
// (unit_layer, unit_index)'s output divided by unit_scale, or its on/off mask.
enum class BoundaryMode { colour = 0, encoded = 1, regions = 2, unit_value = 3, unit_mask = 4 };

struct Renderer {
  bool ready = false;
  std::string error;                 // why it is not ready (shader compile log)
  GLuint program = 0, vao = 0;
  GLuint weights = 0;                // R32F texture
  int weights_rows = 0;
  GLuint fbo = 0, colour = 0;        // offscreen target shown by the plot panel
  int target_width = 0, target_height = 0;
  // packed layout of the last uploaded network
  int layer_count = 0;
  int in[max_shader_layers] = {}, out[max_shader_layers] = {}, act[max_shader_layers] = {};
  int w_off[max_shader_layers] = {}, b_off[max_shader_layers] = {}, s_off[max_shader_layers] = {};
  unsigned features = 0;
  int output = 0;
  std::vector<float> packed;         // scratch
  int unit_layer = 0, unit_index = 0;  // the unit drawn by the unit_value / unit_mask modes
  float unit_scale = 1;
  // uniform locations
  GLint loc_weights = -1, loc_weights_width = -1, loc_layer_count = -1, loc_in = -1, loc_out = -1,
        loc_act = -1, loc_w_off = -1, loc_b_off = -1, loc_s_off = -1, loc_features = -1,
        loc_output = -1, loc_domain = -1, loc_mode = -1, loc_discrete = -1,
        loc_class_colour = -1, loc_neutral = -1, loc_unit_layer = -1, loc_unit = -1,
        loc_unit_scale = -1;
};

// Needs a current GL context (3.3 core or WebGL2). On failure r.ready is false and r.error says why.
void renderer_init(Renderer& r);
void renderer_shutdown(Renderer& r);

void upload_network(Renderer& r, const Network& net);

// Draws the uploaded network into the offscreen target (resized to width x height) and returns the
// colour texture. Leaves framebuffer 0 bound and the viewport unspecified.
GLuint render_boundary(Renderer& r, int width, int height, const PlotDomain& domain,
                       BoundaryMode mode, bool discrete);

// Uploads `net`, renders it in `mode` at size x size over the default PlotDomain and reads the
// pixels back. rgba: (size * size * 4), GL rows from the bottom. Returns the grid those pixels
// cover, for the CPU evaluators (eval_grid, eval_patterns) to compare against.
GridSpec read_back_boundary(Renderer& r, const Network& net, int size, BoundaryMode mode,
                            std::vector<unsigned char>& rgba);

struct ShaderCheck {
  std::string name;           // which network was checked
  int pixels = 0;
  float agreement = 0;        // fraction of pixels whose class matches eval_grid
  float mean_value_error = 0; // mean |shader output - CPU output|, outputs scaled to 0..1
  float max_value_error = 0;
};

// Uploads `net`, renders size x size encoded pixels, reads them back and compares with eval_grid.
ShaderCheck shader_check(Renderer& r, const Network& net, int size, const std::string& name);

// The linear-regions shader mode vs the CPU's activation patterns: the share of pixels on which the
// two partitions into regions agree (gfx/shader_check.cpp).
ShaderCheck regions_shader_check(Renderer& r, const Network& net, int size, const std::string& name);

}  // namespace relulab
