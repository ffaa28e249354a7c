// view_raster.cpp: the main view on the CPU, banded and cached (view_raster.h).
#include "gfx/view_raster.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <map>

#include "gfx/colours.h"

namespace relulab {

namespace {

double seconds_now() {
  using clock = std::chrono::steady_clock;
  return std::chrono::duration<double>(clock::now().time_since_epoch()).count();
}

// mix(a, b, t) per channel, as GLSL's mix, stored as an 8-bit channel rounded to nearest as a GL
// framebuffer stores a fragment's colour. Every colour of the view goes through this one formula, in
// 0..255 units, with no library call (std::lround is a call per channel in wasm, and the main view
// colours every pixel of the plot each time the weights change).
struct Mix255 {
  float a[3], d[3];  // a * 255, (b - a) * 255
  Mix255(const Rgb& from, const Rgb& to)
      : a{from.r * 255, from.g * 255, from.b * 255},
        d{(to.r - from.r) * 255, (to.g - from.g) * 255, (to.b - from.b) * 255} {}
  void pixel(float t, unsigned char* rgba) const {
    for (int c = 0; c < 3; ++c) rgba[c] = round_255(std::clamp(a[c] + d[c] * t, 0.0f, 255.0f));
    rgba[3] = 255;
  }
  // v in [0, 255] rounded to the nearest integer (ties to even): adding 1.5 * 2^23 leaves it in the
  // float's low mantissa bits. A float-to-int conversion instead costs wasm a range check and a
  // branch, most of the time the main view takes to colour its pixels.
  static unsigned char round_255(float v) {
    const float shifted = v + 12582912.0f;
    std::uint32_t bits;
    std::memcpy(&bits, &shifted, sizeof bits);
    return static_cast<unsigned char>(bits & 0xFFu);
  }
};

void mix_pixel(const Rgb& a, const Rgb& b, float t, unsigned char* rgba) { Mix255(a, b).pixel(t, rgba); }

// A float in [0, 1] as an 8-bit channel, by the same rounding.
inline unsigned char channel(float c) { return Mix255::round_255(std::clamp(c, 0.0f, 1.0f) * 255.0f); }

// The two-class colour of a signed score (boundary_pixel's rule): the class by its sign, its
// strength by |score|.
inline float signed_score(Output output, float value) {
  float s = value;  // in [-1, 1]
  if (output == Output::sigmoid_bce) s = 2 * value - 1;
  else if (output == Output::linear_mse) s = std::clamp(value, -1.0f, 1.0f);
  return std::fabs(s) <= 1.0f ? s : 0.0f;  // NaN (and an out-of-range score) shows neutral
}

// boundary_pixel over a row of values: the same colours, without a call per pixel.
void boundary_pixels(Output output, const float* values, std::size_t n, bool discrete, unsigned char* out) {
  const Mix255 mixes[2] = {Mix255(neutral_colour, class_colours[0]), Mix255(neutral_colour, class_colours[1])};
  for (std::size_t i = 0; i < n; ++i) {
    const float s = signed_score(output, values[i]);
    mixes[s > 0].pixel(discrete ? 0.75f : 0.75f * std::fabs(s), out + 4 * i);
  }
}

std::uint64_t fnv(std::uint64_t h, const void* data, std::size_t bytes) {
  const auto* p = static_cast<const unsigned char*>(data);
  for (std::size_t i = 0; i < bytes; ++i) h = (h ^ p[i]) * 1099511628211ull;
  return h;
}

// One band of rows [r0, r1) of `k` into `out` (the band's first pixel; rows of k.width pixels).
void eval_band(ViewRaster& r, const Network& net, const ViewKey& k, int r0, int r1, unsigned char* out,
               GridMethod method = GridMethod::sweep) {
  const float dy = (k.domain.y1 - k.domain.y0) / k.height;
  GridSpec g;
  g.x0 = k.domain.x0;
  g.x1 = k.domain.x1;
  g.y1 = k.domain.y1 - r0 * dy;
  g.y0 = k.domain.y1 - r1 * dy;
  g.width = k.width;
  g.height = r1 - r0;
  const std::size_t n = static_cast<std::size_t>(g.width) * g.height;
  switch (k.mode) {
    case BoundaryMode::regions:
      eval_patterns(net, g, r.patterns, method);
      for (std::size_t i = 0; i < n; ++i) region_pixel(r.patterns[i], out + 4 * i);
      return;
    case BoundaryMode::unit_value:
      eval_grid(net, g, GridField::unit_value, k.unit_layer, k.unit_index, r.values, method);
      for (std::size_t i = 0; i < n; ++i) unit_value_pixel(r.values[i], k.unit_scale, out + 4 * i);
      return;
    case BoundaryMode::unit_mask:
      eval_grid(net, g, GridField::unit_mask, k.unit_layer, k.unit_index, r.values, method);
      for (std::size_t i = 0; i < n; ++i) unit_mask_pixel(r.values[i] > 0.5f, out + 4 * i);
      return;
    default: break;
  }
  const Output output = net.spec.output;
  if (output == Output::softmax_ce) {  // the class and its probability, from the forward pass
    r.px.resize(n);
    r.py.resize(n);
    for (int row = 0; row < g.height; ++row)
      for (int col = 0; col < g.width; ++col) {
        r.px[row * g.width + col] = g.x0 + (col + 0.5f) / g.width * (g.x1 - g.x0);
        r.py[row * g.width + col] = g.y1 - (row + 0.5f) / g.height * (g.y1 - g.y0);
      }
    predict(net, r.px.data(), r.py.data(), static_cast<int>(n), r.probabilities);
    for (std::size_t i = 0; i < n; ++i) {
      Eigen::Index cls = 0;
      const float best = r.probabilities.col(static_cast<Eigen::Index>(i)).maxCoeff(&cls);
      boundary_pixel(output, static_cast<float>(cls), best, k.discrete, out + 4 * i);
    }
    return;
  }
  eval_grid(net, g, GridField::output, 0, 0, r.values, method);
  boundary_pixels(output, r.values.data(), n, k.discrete, out);
}

// A rectangle of the picture's pixels, [x0, x1) x [y0, y1).
struct Box {
  int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  bool empty() const { return x0 >= x1 || y0 >= y1; }
};

// Merges rows [y0, y1) of the band r.band (which starts at row r0) into r.rgba and bumps the
// version of every block in which a pixel changed (every block when `all`). Returns the changed
// pixels' bounding box (empty when nothing changed).
Box merge_band(ViewRaster& r, int r0, int y0, int y1, bool all) {
  const int w = r.pass.width;
  const std::size_t row_bytes = static_cast<std::size_t>(w) * 4;
  Box box{w, y1, 0, y0};
  const std::uint64_t version = r.texture_version + 1;  // the band's changes make texture_version this
  for (int y = y0; y < y1; ++y) {
    unsigned char* old_row = &r.rgba[static_cast<std::size_t>(y) * row_bytes];
    const unsigned char* new_row = &r.band[static_cast<std::size_t>(y - r0) * row_bytes];
    std::uint64_t* blocks = &r.block_version[static_cast<std::size_t>(y / view_block_px) * r.blocks_x];
    for (int bx = 0; bx < r.blocks_x; ++bx) {
      const int x0 = bx * view_block_px, x1 = std::min(w, x0 + view_block_px);
      const std::size_t at = static_cast<std::size_t>(x0) * 4, bytes = static_cast<std::size_t>(x1 - x0) * 4;
      if (!all && std::memcmp(old_row + at, new_row + at, bytes) == 0) continue;
      blocks[bx] = version;
      int first = x0, last = x1;  // the changed pixels within the block, for a tight box
      if (!all) {
        while (std::memcmp(old_row + 4 * first, new_row + 4 * first, 4) == 0) ++first;
        while (std::memcmp(old_row + 4 * (last - 1), new_row + 4 * (last - 1), 4) == 0) --last;
      }
      box.x0 = std::min(box.x0, first);
      box.x1 = std::max(box.x1, last);
      box.y0 = std::min(box.y0, y);
      box.y1 = std::max(box.y1, y + 1);
    }
    std::memcpy(old_row, new_row, row_bytes);
  }
  return box;
}

// Uploads the box of r.rgba into the texture (texture row 0 is the picture's top row, as in rgba,
// so the plot shows it with unflipped texture coordinates).
void upload_box(ViewRaster& r, const Box& b) {
  const int w = r.pass.width;
  glBindTexture(GL_TEXTURE_2D, r.texture);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glPixelStorei(GL_UNPACK_ROW_LENGTH, w);
  glTexSubImage2D(GL_TEXTURE_2D, 0, b.x0, b.y0, b.x1 - b.x0, b.y1 - b.y0, GL_RGBA, GL_UNSIGNED_BYTE,
                  &r.rgba[(static_cast<std::size_t>(b.y0) * w + b.x0) * 4]);
  glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
  glBindTexture(GL_TEXTURE_2D, 0);
}

// Returns true when it (re)allocated the texture, whose pixels are then undefined.
bool ensure_texture(ViewRaster& r, int w, int h) {
  if (r.texture && r.texture_width == w && r.texture_height == h) return false;
  if (!r.texture) glGenTextures(1, &r.texture);
  glBindTexture(GL_TEXTURE_2D, r.texture);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, w, h, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  glBindTexture(GL_TEXTURE_2D, 0);
  r.texture_width = w;
  r.texture_height = h;
  return true;
}

bool same_picture_kind(const ViewKey& a, const ViewKey& b) {
  ViewKey x = a;
  x.weights = b.weights;
  return x == b;
}

}  // namespace

bool operator==(const ViewKey& a, const ViewKey& b) {
  return a.weights == b.weights && a.mode == b.mode && a.unit_layer == b.unit_layer &&
         a.unit_index == b.unit_index && a.unit_scale == b.unit_scale && a.discrete == b.discrete &&
         a.domain.x0 == b.domain.x0 && a.domain.x1 == b.domain.x1 && a.domain.y0 == b.domain.y0 &&
         a.domain.y1 == b.domain.y1 && a.width == b.width && a.height == b.height;
}

std::uint64_t network_fingerprint(const Network& net) {
  std::uint64_t h = 14695981039346656037ull;
  h = fnv(h, &net.spec.features, sizeof net.spec.features);
  const int output = static_cast<int>(net.spec.output);
  h = fnv(h, &output, sizeof output);
  for (const Layer& l : net.layers) {
    const int shape[3] = {static_cast<int>(l.W.rows()), static_cast<int>(l.W.cols()), static_cast<int>(l.activation)};
    h = fnv(h, shape, sizeof shape);
    h = fnv(h, l.W.data(), sizeof(float) * static_cast<std::size_t>(l.W.size()));
    h = fnv(h, l.b.data(), sizeof(float) * static_cast<std::size_t>(l.b.size()));
    h = fnv(h, l.slope.data(), sizeof(float) * static_cast<std::size_t>(l.slope.size()));
  }
  return h;
}

ViewPath view_path_for_renderer(const char* gl_renderer) {
  if (!gl_renderer) return ViewPath::raster;
  std::string name = gl_renderer;
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
  for (const char* soft : {"llvmpipe", "softpipe", "swiftshader", "software", "swrast"})
    if (name.find(soft) != std::string::npos) return ViewPath::raster;
  return ViewPath::shader;
}

void boundary_pixel(Output output, float value, float confidence, bool discrete, unsigned char* rgba) {
  int cls = 0;
  if (output == Output::softmax_ce) {
    cls = std::clamp(static_cast<int>(value), 0, palette_size - 1);
  } else {
    const float s = signed_score(output, value);
    cls = s > 0 ? 1 : 0;
    confidence = std::fabs(s);
  }
  if (discrete) confidence = 1;
  mix_pixel(neutral_colour, class_colours[cls], 0.75f * confidence, rgba);
}

void unit_value_pixel(float value, float scale, unsigned char* rgba) {
  float v = value / (scale > 0 ? scale : 1.0f);
  v = std::isfinite(v) ? std::clamp(v, -1.0f, 1.0f) : 0.0f;
  mix_pixel(neutral_colour, class_colours[v > 0 ? 1 : 0], 0.85f * std::fabs(v), rgba);
}

void unit_mask_pixel(bool on, unsigned char* rgba) {
  const Rgb c = on ? Rgb{0.16f, 0.17f, 0.2f} : Rgb{0.93f, 0.93f, 0.95f};
  mix_pixel(c, c, 0, rgba);
}

void region_pixel(std::uint64_t pattern_hash, unsigned char* rgba) {
  // fold to 32 bits, then the shader's final avalanche so neighbouring patterns get unrelated colours
  std::uint32_t x = static_cast<std::uint32_t>(pattern_hash ^ (pattern_hash >> 32));
  x ^= x >> 16; x *= 0x7feb352du; x ^= x >> 15; x *= 0x846ca68bu; x ^= x >> 16;
  rgba[0] = channel(0.35f + 0.65f * static_cast<float>(x & 255u) / 255);
  rgba[1] = channel(0.35f + 0.65f * static_cast<float>((x >> 8) & 255u) / 255);
  rgba[2] = channel(0.35f + 0.65f * static_cast<float>((x >> 16) & 255u) / 255);
  rgba[3] = 255;
}

bool refresh_view_raster(ViewRaster& r, const Network& net, const ViewKey& key, double budget_ms,
                         bool upload) {
  if (key.width <= 0 || key.height <= 0) return false;
  if (!r.busy()) {
    if (key == r.shown && r.has_picture) return false;  // nothing changed: nothing to do
    r.pass = key;
    r.next_row = 0;
    r.pass_ms = 0;
    r.pass_mixed = false;
  } else if (!same_picture_kind(key, r.pass)) {
    r.pass = key;  // another mode, unit, domain or size: start over
    r.next_row = 0;
    r.pass_ms = 0;
    r.pass_mixed = false;
  } else if (key.weights != r.pass.weights) {
    r.pass.weights = key.weights;  // newer weights: the rest of the pass uses them
    r.pass_mixed = true;
  }
  const std::size_t bytes = static_cast<std::size_t>(key.width) * key.height * 4;
  if (r.rgba.size() != bytes) {
    r.rgba.assign(bytes, 0);
    r.has_picture = false;
  }
  const int blocks_x = (key.width + view_block_px - 1) / view_block_px;
  const int blocks_y = (key.height + view_block_px - 1) / view_block_px;
  if (r.blocks_x != blocks_x || r.blocks_y != blocks_y) {
    r.blocks_x = blocks_x;
    r.blocks_y = blocks_y;
    r.block_version.assign(static_cast<std::size_t>(blocks_x) * blocks_y, 0);
    r.whole_pass = true;
  }
  if (upload && ensure_texture(r, key.width, key.height)) r.whole_pass = true;
  if (!r.has_picture) r.whole_pass = true;

  const double start = seconds_now();
  bool changed = false;
  while (r.next_row < key.height) {
    const int r0 = r.next_row, r1 = std::min(key.height, r0 + r.band_rows);
    const double t0 = seconds_now();
    r.band.resize(static_cast<std::size_t>(r1 - r0) * key.width * 4);
    eval_band(r, net, r.pass, r0, r1, r.band.data());
    const double took = seconds_now() - t0;
    // Only what changed is uploaded, a box per strip of blocks (a boundary moving across the
    // picture changes a thin curve, whose one bounding box would be most of the picture), and only
    // the blocks it falls in are redrawn (ui_renderer.h).
    bool band_changed = false;
    for (int y0 = r0; y0 < r1;) {
      const int y1 = std::min(r1, (y0 / view_block_px + 1) * view_block_px);
      const Box box = merge_band(r, r0, y0, y1, r.whole_pass);
      if (!box.empty()) {
        if (upload) upload_box(r, box);
        r.changed_pixels += static_cast<long>(box.x1 - box.x0) * (box.y1 - box.y0);
        band_changed = true;
      }
      y0 = y1;
    }
    if (band_changed) {
      ++r.texture_version;
      changed = true;
    }
    r.next_row = r1;
    // about a millisecond a band whatever the network
    if (took < 0.5e-3) r.band_rows = std::min(r.band_rows * 2, 4096);
    else if (took > 2e-3) r.band_rows = std::max(r.band_rows / 2, 1);
    if ((seconds_now() - start) * 1e3 >= budget_ms) break;
  }
  r.pass_ms += (seconds_now() - start) * 1e3;
  if (!r.busy()) {
    r.shown = r.pass;
    if (r.pass_mixed) r.shown.weights = 0;  // bands of several weight versions: not a picture of any
    r.has_picture = true;
    r.whole_pass = false;
    r.last_pass_ms = r.pass_ms;
    ++r.passes;
  }
  return changed;
}

std::vector<unsigned char> read_back_texture(GLuint texture, int width, int height) {
  std::vector<unsigned char> rgba(static_cast<std::size_t>(width) * height * 4, 0);
  GLuint fbo = 0;
  glGenFramebuffers(1, &fbo);
  glBindFramebuffer(GL_FRAMEBUFFER, fbo);
  glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, texture, 0);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, rgba.data());
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  glDeleteFramebuffers(1, &fbo);
  return rgba;
}

void view_raster_release(ViewRaster& r) {
  if (r.texture) glDeleteTextures(1, &r.texture);
  r.texture = 0;
  r.texture_width = r.texture_height = 0;
  r.has_picture = false;
  r.shown = ViewKey{};
  r.pass = ViewKey{};
  r.next_row = 0;
}

ShaderCheck raster_check(const Network& net, const ViewKey& key, const std::string& name,
                         const ViewRaster* drawn) {
  ShaderCheck check;
  check.name = name;
  ViewRaster computed;
  if (!drawn) refresh_view_raster(computed, net, key, 1e9, false);
  const ViewRaster& raster = drawn ? *drawn : computed;
  // reference: the dense forward pass over the same cells, coloured by the same pixel functions
  ViewRaster dense;
  dense.pass = key;
  dense.rgba.assign(raster.rgba.size(), 0);
  eval_band(dense, net, key, 0, key.height, dense.rgba.data(), GridMethod::dense);
  const std::size_t n = static_cast<std::size_t>(key.width) * key.height;
  long agree = 0;
  if (key.mode == BoundaryMode::regions) {
    // partitions, matched both ways (as regions_shader_check): a split or merged region lowers it
    std::map<std::pair<std::uint32_t, std::uint32_t>, int> joint;
    auto colour = [](const std::vector<unsigned char>& p, std::size_t i) {
      return static_cast<std::uint32_t>(p[4 * i] | (p[4 * i + 1] << 8) | (p[4 * i + 2] << 16));
    };
    for (std::size_t i = 0; i < n; ++i) ++joint[{colour(raster.rgba, i), colour(dense.rgba, i)}];
    std::map<std::uint32_t, int> best_a, best_b;
    for (const auto& [k, count] : joint) {
      best_a[k.first] = std::max(best_a[k.first], count);
      best_b[k.second] = std::max(best_b[k.second], count);
    }
    long a = 0, b = 0;
    for (const auto& kv : best_a) a += kv.second;
    for (const auto& kv : best_b) b += kv.second;
    agree = std::min(a, b);
  } else {
    double error_sum = 0;
    for (std::size_t i = 0; i < n; ++i) {
      int worst = 0;
      for (int c = 0; c < 3; ++c) worst = std::max(worst, std::abs(raster.rgba[4 * i + c] - dense.rgba[4 * i + c]));
      agree += worst <= 2;  // rounding of the two evaluators moves a channel by a unit or two
      error_sum += worst / 255.0;
      check.max_value_error = std::max(check.max_value_error, worst / 255.0f);
    }
    check.mean_value_error = static_cast<float>(error_sum / static_cast<double>(n));
  }
  check.pixels = static_cast<int>(n);
  check.agreement = static_cast<float>(static_cast<double>(agree) / static_cast<double>(n));
  if (drawn && drawn->texture) {  // what GL holds must be exactly the raster's pixels
    const std::vector<unsigned char> texture = read_back_texture(drawn->texture, key.width, key.height);
    if (texture != drawn->rgba) check.agreement = 0;
  }
  return check;
}

}  // namespace relulab
