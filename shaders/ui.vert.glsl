// ui.vert.glsl: Dear ImGui's vertices (position in display pixels, atlas uv, colour) for
// ui/gfx/ui_renderer.cpp. `scale` and `offset` map display pixels to clip space, y down.
layout(location = 0) in vec2 position;
layout(location = 1) in vec2 uv;
layout(location = 2) in vec4 colour;
uniform vec2 scale;
uniform vec2 offset;
out vec2 frag_uv;
out vec4 frag_colour;

void main() {
  frag_uv = uv;
  frag_colour = colour;
  gl_Position = vec4(position * scale + offset, 0.0, 1.0);
}
