// fullscreen.vert.glsl: one triangle covering the viewport, no vertex buffer (gl_VertexID 0..2).
// v_uv runs 0..1 across the viewport, origin bottom-left as in GL.
out vec2 v_uv;

void main() {
  vec2 corner = vec2(float((gl_VertexID << 1) & 2), float(gl_VertexID & 2));  // (0,0) (2,0) (0,2)
  v_uv = corner;
  gl_Position = vec4(corner * 2.0 - 1.0, 0.0, 1.0);
}
