// shader.h: compiles the embedded GLSL sources (shaders/*.glsl, no #version line) into programs.
//
// The loader prepends the version line for the platform, as imgui_impl_opengl3.cpp does:
// "#version 300 es" plus highp precision on WebGL2, "#version 330 core" on desktop GL.
#pragma once

#include <string>

#include "gfx/gl.h"

namespace relulab {

const char* glsl_prelude();  // the lines prepended to every shader on this platform

// Returns 0 and fills *error (compile or link log, naming the stage) on failure.
GLuint build_program(const char* vertex_body, const char* fragment_body, std::string* error);

}  // namespace relulab
