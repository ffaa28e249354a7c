// copy.frag.glsl: the UI's kept picture (ui/gfx/ui_renderer.cpp) onto the window, pixel for pixel.
// Drawn with fullscreen.vert.glsl. Used where the window's framebuffer is not kept between frames
// (the desktop); the page draws into its preserved canvas and copies nothing.
uniform sampler2D picture;
in vec2 v_uv;
out vec4 out_colour;

void main() {
  out_colour = texelFetch(picture, ivec2(gl_FragCoord.xy), 0);
}
