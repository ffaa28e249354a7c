// boundary.frag.glsl: the network evaluated per pixel, drawn as a decision boundary.
//
// The CPU twin is relulab::eval_grid (core/instruments/grid.h); tests read this shader's pixels back and
// compare classes. Every layer's W (out x in, row-major), b (out) and PReLU slope (out) sit in one
// R32F texture, addressed as a flat float array (index -> texel (i % width, i / width)); the offsets,
// sizes and activation ids of each layer arrive as uniforms. Activation ids are the values of
// relulab::Activation; output links are relulab::Output (tanh_mse, sigmoid_bce, softmax_ce,
// linear_mse). Features follow relulab::Feature: x1, x2, x1^2, x2^2, x1*x2, sin(x1), sin(x2).
//
// u_mode 0: colour. Two-class and regression outputs are mapped to s in [-1, 1] and shaded
//           orange (s < 0, class 0) -> white -> blue (s > 0, class 1), as in the TensorFlow
//           Playground; softmax shades the argmax class's colour by its probability.
// u_mode 1: encoded for read-back: r = class / 4, g = output scaled to 0..1 (see below).
// u_mode 2: linear regions: each pixel coloured by a hash of its activation pattern (which hidden
//           units are active, as relulab::is_active decides), so each linear piece is one colour.
// u_mode 3: hidden unit (u_unit_layer, u_unit)'s output / u_unit_scale, shaded orange-white-blue.
// u_mode 4: that unit's on/off mask (dark = active).
#define MAX_LAYERS 13
#define MAX_UNITS 128

uniform highp sampler2D u_weights;
uniform int u_weights_width;
uniform int u_layer_count;            // hidden layers + output layer
uniform int u_in[MAX_LAYERS];
uniform int u_out[MAX_LAYERS];
uniform int u_act[MAX_LAYERS];        // hidden activations; ignored for the output layer
uniform int u_w_off[MAX_LAYERS];
uniform int u_b_off[MAX_LAYERS];
uniform int u_s_off[MAX_LAYERS];      // -1 when the layer has no PReLU slopes
uniform int u_features;               // bit mask of relulab::Feature
uniform int u_output;                 // relulab::Output
uniform vec4 u_domain;                // x0, x1, y0, y1
uniform int u_mode;
uniform bool u_discrete;
uniform vec3 u_class_colour[5];
uniform vec3 u_neutral;
uniform int u_unit_layer;             // modes 3, 4
uniform int u_unit;
uniform float u_unit_scale;

in vec2 v_uv;
out vec4 frag_colour;

float weight(int i) {
  return texelFetch(u_weights, ivec2(i % u_weights_width, i / u_weights_width), 0).r;
}

// Abramowitz & Stegun 7.1.26, |error| < 1.5e-7.
float erf_approx(float x) {
  float t = 1.0 / (1.0 + 0.3275911 * abs(x));
  float y = 1.0 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t
                   + 0.254829592) * t * exp(-x * x);
  return sign(x) * y;
}

float sigmoid(float z) { return 1.0 / (1.0 + exp(-z)); }

float activate(int id, float z, float slope) {
  if (id == 0) return max(z, 0.0);                                   // relu
  if (id == 1) return z > 0.0 ? z : 0.01 * z;                        // leaky_relu
  if (id == 2) return z > 0.0 ? z : slope * z;                       // prelu
  if (id == 3) return z > 0.0 ? z : exp(z) - 1.0;                    // elu
  if (id == 4) return 0.5 * z * (1.0 + erf_approx(z * 0.70710678));  // gelu
  if (id == 5) return z * sigmoid(z);                                // silu
  if (id == 6) return max(z, 0.0) + log(1.0 + exp(-abs(z)));         // softplus
  if (id == 7) return sigmoid(z);                                    // sigmoid
  if (id == 8) return tanh(clamp(z, -15.0, 15.0));                   // tanh
  if (id == 9) return z;                                             // linear
  if (id == 10) return max(-z, 0.0);                                 // relu(-x)
  if (id == 11) return -max(z, 0.0);                                 // -relu(x)
  if (id == 12) return min(z, 0.0);                                  // -relu(-x)
  return z;  // not reached: every id of relulab::Activation is listed above
}

// relulab::is_active: exact non-zero output for the ReLU family, the positive side of the kink for
// leaky ReLU and PReLU, always for linear, |h| >= 1e-3 for smooth units.
bool unit_active(int id, float z, float h) {
  if (id == 0 || id >= 10) return h != 0.0;
  if (id == 1 || id == 2) return z > 0.0;
  if (id == 9) return true;
  return abs(h) >= 1e-3;
}

void main() {
  vec2 p = vec2(mix(u_domain.x, u_domain.y, v_uv.x), mix(u_domain.z, u_domain.w, v_uv.y));

  float h[MAX_UNITS];
  float next[MAX_UNITS];
  int n = 0;
  float feature[7];
  feature[0] = p.x;
  feature[1] = p.y;
  feature[2] = p.x * p.x;
  feature[3] = p.y * p.y;
  feature[4] = p.x * p.y;
  feature[5] = sin(p.x);
  feature[6] = sin(p.y);
  for (int f = 0; f < 7; ++f) {
    if ((u_features & (1 << f)) != 0) { h[n] = feature[f]; ++n; }
  }

  uint pattern = 2166136261u;  // FNV-1a over the active bits of all hidden units
  float unit_h = 0.0;
  bool unit_on = false;

  // Hidden layers, then the output layer (pre-link values left in h).
  for (int l = 0; l < MAX_LAYERS; ++l) {
    if (l >= u_layer_count) break;
    bool is_output = l == u_layer_count - 1;
    int in_count = u_in[l];
    for (int j = 0; j < MAX_UNITS; ++j) {
      if (j >= u_out[l]) break;
      float z = weight(u_b_off[l] + j);
      int row = u_w_off[l] + j * in_count;
      for (int i = 0; i < MAX_UNITS; ++i) {
        if (i >= in_count) break;
        z += weight(row + i) * h[i];
      }
      float slope = u_s_off[l] >= 0 ? weight(u_s_off[l] + j) : 0.25;
      next[j] = is_output ? z : activate(u_act[l], z, slope);
      if (!is_output) {
        bool on = unit_active(u_act[l], z, next[j]);
        pattern = (pattern ^ (on ? 1u : 0u)) * 16777619u;
        if (l == u_unit_layer && j == u_unit) { unit_h = next[j]; unit_on = on; }
      }
    }
    for (int j = 0; j < MAX_UNITS; ++j) {
      if (j >= u_out[l]) break;
      h[j] = next[j];
    }
  }

  if (u_mode == 2) {
    uint x = pattern;  // a final avalanche so neighbouring patterns get unrelated colours
    x ^= x >> 16; x *= 0x7feb352du; x ^= x >> 15; x *= 0x846ca68bu; x ^= x >> 16;
    vec3 c = vec3(float(x & 255u), float((x >> 8) & 255u), float((x >> 16) & 255u)) / 255.0;
    frag_colour = vec4(0.35 + 0.65 * c, 1.0);
    return;
  }
  if (u_mode == 3) {
    float v = clamp(unit_h / u_unit_scale, -1.0, 1.0);
    frag_colour = vec4(mix(u_neutral, u_class_colour[v > 0.0 ? 1 : 0], 0.85 * abs(v)), 1.0);
    return;
  }
  if (u_mode == 4) {
    frag_colour = vec4(unit_on ? vec3(0.16, 0.17, 0.2) : vec3(0.93, 0.93, 0.95), 1.0);
    return;
  }

  int cls = 0;
  float s = 0.0;        // signed score in [-1, 1] (two-class, regression)
  float confidence = 0.0;
  float encoded = 0.0;  // mode 1: output value mapped to 0..1
  if (u_output == 2) {  // softmax: argmax and its probability
    int k = u_out[u_layer_count - 1];
    float m = h[0];
    for (int c = 1; c < 5; ++c) { if (c < k && h[c] > m) { m = h[c]; cls = c; } }
    float total = 0.0;
    for (int c = 0; c < 5; ++c) { if (c < k) total += exp(h[c] - m); }
    confidence = 1.0 / total;
    encoded = confidence;
  } else {
    float v = h[0];
    if (u_output == 0) { v = tanh(clamp(v, -15.0, 15.0)); s = v; encoded = 0.5 * v + 0.5; }
    else if (u_output == 1) { v = sigmoid(v); s = 2.0 * v - 1.0; encoded = v; }
    else { s = clamp(v, -1.0, 1.0); encoded = 0.5 * s + 0.5; }
    cls = s > 0.0 ? 1 : 0;
    confidence = abs(s);
  }

  if (u_mode == 1) {
    frag_colour = vec4(float(cls) / 4.0, encoded, 0.0, 1.0);
    return;
  }
  if (u_discrete) confidence = 1.0;
  vec3 colour = mix(u_neutral, u_class_colour[cls], 0.75 * confidence);
  frag_colour = vec4(colour, 1.0);
}
