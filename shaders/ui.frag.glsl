// ui.frag.glsl: an ImGui fragment: the vertex colour times the bound texture (the font atlas,
// whose white pixel draws untextured shapes, or an image such as the main view).
uniform sampler2D atlas;
in vec2 frag_uv;
in vec4 frag_colour;
out vec4 out_colour;

void main() {
  out_colour = frag_colour * texture(atlas, frag_uv);
}
