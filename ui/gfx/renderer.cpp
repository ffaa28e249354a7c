// renderer.cpp: weights-to-texture packing, the boundary pass and its read-back check.
#include "gfx/renderer.h"

#include <algorithm>
#include <cmath>

#include "gfx/colours.h"
#include "instruments/grid.h"
#include "gfx/shader.h"
#include "shaders_embedded.h"

namespace relulab {

static_assert(activation_count == 13, "boundary.frag.glsl's activate() lists 13 activation ids");
static_assert(static_cast<int>(Output::count) == 4, "boundary.frag.glsl knows 4 output links");
static_assert(feature_count == 7, "boundary.frag.glsl expands 7 features");
static_assert(max_hidden_layers + 1 == max_shader_layers, "MAX_LAYERS in boundary.frag.glsl");
static_assert(max_units == 128 && max_classes <= palette_size, "MAX_UNITS / palette");

void renderer_init(Renderer& r) {
  r.program = build_program(shader_source::fullscreen_vert, shader_source::boundary_frag, &r.error);
  if (!r.program) return;
  GLuint p = r.program;
  r.loc_weights = glGetUniformLocation(p, "u_weights");
  r.loc_weights_width = glGetUniformLocation(p, "u_weights_width");
  r.loc_layer_count = glGetUniformLocation(p, "u_layer_count");
  r.loc_in = glGetUniformLocation(p, "u_in");
  r.loc_out = glGetUniformLocation(p, "u_out");
  r.loc_act = glGetUniformLocation(p, "u_act");
  r.loc_w_off = glGetUniformLocation(p, "u_w_off");
  r.loc_b_off = glGetUniformLocation(p, "u_b_off");
  r.loc_s_off = glGetUniformLocation(p, "u_s_off");
  r.loc_features = glGetUniformLocation(p, "u_features");
  r.loc_output = glGetUniformLocation(p, "u_output");
  r.loc_domain = glGetUniformLocation(p, "u_domain");
  r.loc_mode = glGetUniformLocation(p, "u_mode");
  r.loc_discrete = glGetUniformLocation(p, "u_discrete");
  r.loc_class_colour = glGetUniformLocation(p, "u_class_colour");
  r.loc_neutral = glGetUniformLocation(p, "u_neutral");
  r.loc_unit_layer = glGetUniformLocation(p, "u_unit_layer");
  r.loc_unit = glGetUniformLocation(p, "u_unit");
  r.loc_unit_scale = glGetUniformLocation(p, "u_unit_scale");
  glGenVertexArrays(1, &r.vao);
  glGenTextures(1, &r.weights);
  glBindTexture(GL_TEXTURE_2D, r.weights);
  // texelFetch ignores filtering, but a mipmap min filter without mipmaps makes the texture incomplete.
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
  glBindTexture(GL_TEXTURE_2D, 0);
  r.ready = true;
}

void renderer_shutdown(Renderer& r) {
  if (r.fbo) glDeleteFramebuffers(1, &r.fbo);
  if (r.colour) glDeleteTextures(1, &r.colour);
  if (r.weights) glDeleteTextures(1, &r.weights);
  if (r.vao) glDeleteVertexArrays(1, &r.vao);
  if (r.program) glDeleteProgram(r.program);
  r = Renderer{};
}

void upload_network(Renderer& r, const Network& net) {
  if (!r.ready) return;
  // Flat layout per layer: W (out*in), b (out), slope (out, PReLU only).
  r.packed.clear();
  r.layer_count = std::min(static_cast<int>(net.layers.size()), max_shader_layers);
  for (int l = 0; l < r.layer_count; ++l) {
    const Layer& layer = net.layers[l];
    r.in[l] = layer.in();
    r.out[l] = layer.out();
    r.act[l] = static_cast<int>(layer.activation);
    r.w_off[l] = static_cast<int>(r.packed.size());
    r.packed.insert(r.packed.end(), layer.W.data(), layer.W.data() + layer.W.size());
    r.b_off[l] = static_cast<int>(r.packed.size());
    r.packed.insert(r.packed.end(), layer.b.data(), layer.b.data() + layer.b.size());
    if (layer.slope.size() == layer.out()) {
      r.s_off[l] = static_cast<int>(r.packed.size());
      r.packed.insert(r.packed.end(), layer.slope.data(), layer.slope.data() + layer.slope.size());
    } else {
      r.s_off[l] = -1;
    }
  }
  r.features = net.spec.features;
  r.output = static_cast<int>(net.spec.output);
  int rows = std::max(1, static_cast<int>((r.packed.size() + weights_texture_width - 1) /
                                          weights_texture_width));
  r.packed.resize(static_cast<size_t>(rows) * weights_texture_width, 0.0f);
  glBindTexture(GL_TEXTURE_2D, r.weights);
  if (rows != r.weights_rows) {
    glTexImage2D(GL_TEXTURE_2D, 0, GL_R32F, weights_texture_width, rows, 0, GL_RED, GL_FLOAT,
                 r.packed.data());
    r.weights_rows = rows;
  } else {
    glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, weights_texture_width, rows, GL_RED, GL_FLOAT,
                    r.packed.data());
  }
  glBindTexture(GL_TEXTURE_2D, 0);
}

namespace {

void ensure_target(Renderer& r, int width, int height) {
  if (r.fbo && width == r.target_width && height == r.target_height) return;
  if (!r.fbo) glGenFramebuffers(1, &r.fbo);
  if (!r.colour) glGenTextures(1, &r.colour);
  glBindTexture(GL_TEXTURE_2D, r.colour);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  glBindTexture(GL_TEXTURE_2D, 0);
  glBindFramebuffer(GL_FRAMEBUFFER, r.fbo);
  glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, r.colour, 0);
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  r.target_width = width;
  r.target_height = height;
}

}  // namespace

GLuint render_boundary(Renderer& r, int width, int height, const PlotDomain& domain,
                       BoundaryMode mode, bool discrete) {
  if (!r.ready || width <= 0 || height <= 0 || r.layer_count == 0) return 0;
  ensure_target(r, width, height);
  glBindFramebuffer(GL_FRAMEBUFFER, r.fbo);
  glViewport(0, 0, width, height);
  glDisable(GL_BLEND);
  glDisable(GL_SCISSOR_TEST);
  glDisable(GL_DEPTH_TEST);
  glDisable(GL_CULL_FACE);
  glUseProgram(r.program);
  glActiveTexture(GL_TEXTURE0);
  glBindTexture(GL_TEXTURE_2D, r.weights);
  glUniform1i(r.loc_weights, 0);
  glUniform1i(r.loc_weights_width, weights_texture_width);
  glUniform1i(r.loc_layer_count, r.layer_count);
  glUniform1iv(r.loc_in, r.layer_count, r.in);
  glUniform1iv(r.loc_out, r.layer_count, r.out);
  glUniform1iv(r.loc_act, r.layer_count, r.act);
  glUniform1iv(r.loc_w_off, r.layer_count, r.w_off);
  glUniform1iv(r.loc_b_off, r.layer_count, r.b_off);
  glUniform1iv(r.loc_s_off, r.layer_count, r.s_off);
  glUniform1i(r.loc_features, static_cast<GLint>(r.features));
  glUniform1i(r.loc_output, r.output);
  glUniform4f(r.loc_domain, domain.x0, domain.x1, domain.y0, domain.y1);
  glUniform1i(r.loc_mode, static_cast<int>(mode));
  glUniform1i(r.loc_discrete, discrete ? 1 : 0);
  glUniform3fv(r.loc_class_colour, palette_size, &class_colours[0].r);
  glUniform3f(r.loc_neutral, neutral_colour.r, neutral_colour.g, neutral_colour.b);
  glUniform1i(r.loc_unit_layer, r.unit_layer);
  glUniform1i(r.loc_unit, r.unit_index);
  glUniform1f(r.loc_unit_scale, r.unit_scale > 0 ? r.unit_scale : 1.0f);
  glBindVertexArray(r.vao);
  glDrawArrays(GL_TRIANGLES, 0, 3);
  glBindVertexArray(0);
  glBindTexture(GL_TEXTURE_2D, 0);
  glUseProgram(0);
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  return r.colour;
}

GridSpec read_back_boundary(Renderer& r, const Network& net, int size, BoundaryMode mode,
                            std::vector<unsigned char>& rgba) {
  upload_network(r, net);
  PlotDomain domain;
  render_boundary(r, size, size, domain, mode, false);
  rgba.assign(static_cast<size_t>(size) * size * 4, 0);
  glBindFramebuffer(GL_FRAMEBUFFER, r.fbo);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, size, size, GL_RGBA, GL_UNSIGNED_BYTE, rgba.data());
  glBindFramebuffer(GL_FRAMEBUFFER, 0);

  GridSpec g;
  g.x0 = domain.x0; g.x1 = domain.x1; g.y0 = domain.y0; g.y1 = domain.y1;
  g.width = size;
  g.height = size;
  return g;
}

ShaderCheck shader_check(Renderer& r, const Network& net, int size, const std::string& name) {
  ShaderCheck check;
  check.name = name;
  if (!r.ready) return check;
  std::vector<unsigned char> rgba;
  const GridSpec g = read_back_boundary(r, net, size, BoundaryMode::encoded, rgba);
  std::vector<float> cpu;
  eval_grid(net, g, GridField::output, 0, 0, cpu);
  const Output output = net.spec.output;
  // Softmax: eval_grid gives the class; the value compared is the winning probability.
  MatrixR probabilities;
  if (output == Output::softmax_ce) {
    std::vector<float> px, py;
    for (int row = 0; row < size; ++row)
      for (int col = 0; col < size; ++col) {
        px.push_back(g.x0 + (col + 0.5f) / size * (g.x1 - g.x0));
        py.push_back(g.y1 - (row + 0.5f) / size * (g.y1 - g.y0));
      }
    predict(net, px.data(), py.data(), size * size, probabilities);
  }

  int agree = 0;
  double error_sum = 0;
  for (int row = 0; row < size; ++row) {
    for (int col = 0; col < size; ++col) {
      const int i = row * size + col;             // eval_grid: row 0 is the top
      const unsigned char* px = &rgba[(static_cast<size_t>(size - 1 - row) * size + col) * 4];
      const int gpu_class = static_cast<int>(std::lround(px[0] / 255.0 * 4.0));
      const float gpu_value = px[1] / 255.0f;
      const float v = cpu[i];
      int cpu_class = 0;
      float cpu_value = 0;
      switch (output) {
        case Output::tanh_mse: cpu_class = v > 0; cpu_value = 0.5f * v + 0.5f; break;
        case Output::sigmoid_bce: cpu_class = v > 0.5f; cpu_value = v; break;
        case Output::linear_mse:
          cpu_class = v > 0;
          cpu_value = 0.5f * std::clamp(v, -1.0f, 1.0f) + 0.5f;
          break;
        default:
          cpu_class = static_cast<int>(std::lround(v));
          cpu_value = probabilities.col(i).maxCoeff();
          break;
      }
      agree += cpu_class == gpu_class;
      const float e = std::fabs(cpu_value - gpu_value);
      error_sum += e;
      check.max_value_error = std::max(check.max_value_error, e);
    }
  }
  check.pixels = size * size;
  check.agreement = static_cast<float>(agree) / check.pixels;
  check.mean_value_error = static_cast<float>(error_sum / check.pixels);
  return check;
}

}  // namespace relulab
