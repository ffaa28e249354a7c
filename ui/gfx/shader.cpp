// shader.cpp: GLSL compile and link with readable errors (see shader.h).
#include "gfx/shader.h"

#include <vector>

namespace relulab {

const char* glsl_prelude() {
#if defined(__EMSCRIPTEN__)
  return "#version 300 es\nprecision highp float;\nprecision highp int;\n";
#else
  return "#version 330 core\n";
#endif
}

namespace {

// The info log of a shader (glGetShaderiv, glGetShaderInfoLog) or program (glGetProgram*).
template <class GetIv, class GetLog>
std::string info_log(GLuint object, GetIv get_iv, GetLog get_log) {
  GLint length = 0;
  get_iv(object, GL_INFO_LOG_LENGTH, &length);
  std::vector<char> log(static_cast<size_t>(length > 1 ? length : 1), '\0');
  get_log(object, static_cast<GLsizei>(log.size()), nullptr, log.data());
  return log.data();
}

GLuint compile_stage(GLenum stage, const char* body, std::string* error) {
  const char* sources[2] = {glsl_prelude(), body};
  GLuint shader = glCreateShader(stage);
  glShaderSource(shader, 2, sources, nullptr);
  glCompileShader(shader);
  GLint ok = 0;
  glGetShaderiv(shader, GL_COMPILE_STATUS, &ok);
  if (!ok) {
    *error = std::string(stage == GL_VERTEX_SHADER ? "vertex" : "fragment") +
             " shader failed to compile: " + info_log(shader, glGetShaderiv, glGetShaderInfoLog);
    glDeleteShader(shader);
    return 0;
  }
  return shader;
}

}  // namespace

GLuint build_program(const char* vertex_body, const char* fragment_body, std::string* error) {
  GLuint vs = compile_stage(GL_VERTEX_SHADER, vertex_body, error);
  if (!vs) return 0;
  GLuint fs = compile_stage(GL_FRAGMENT_SHADER, fragment_body, error);
  if (!fs) {
    glDeleteShader(vs);
    return 0;
  }
  GLuint program = glCreateProgram();
  glAttachShader(program, vs);
  glAttachShader(program, fs);
  glLinkProgram(program);
  glDeleteShader(vs);
  glDeleteShader(fs);
  GLint ok = 0;
  glGetProgramiv(program, GL_LINK_STATUS, &ok);
  if (!ok) {
    *error = "shader program failed to link: " + info_log(program, glGetProgramiv, glGetProgramInfoLog);
    glDeleteProgram(program);
    return 0;
  }
  return program;
}

}  // namespace relulab
