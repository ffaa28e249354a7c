// gl.h: the one place that picks the OpenGL header for the platform.
//
// WebGL2 (Emscripten) is OpenGL ES 3.0; the desktop build uses an OpenGL 3.3 core context whose
// entry points libGL exports directly (GL_GLEXT_PROTOTYPES), so no loader is needed for our calls.
// ImGui's OpenGL3 backend carries its own loader for its own calls.
#pragma once

#if defined(__EMSCRIPTEN__)
#include <GLES3/gl3.h>
#else
#ifndef GL_GLEXT_PROTOTYPES
#define GL_GLEXT_PROTOTYPES 1
#endif
#include <GL/glcorearb.h>
#endif
