// screenshot.cpp: framebuffer read-back to PNG (see screenshot.h).
#include "gfx/screenshot.h"

#include <vector>

#include "gfx/gl.h"

#define STB_IMAGE_WRITE_IMPLEMENTATION
#include <stb/stb_image_write.h>

namespace relulab {

std::string write_framebuffer_png(const std::string& path, int width, int height) {
  if (width <= 0 || height <= 0) return path + ": nothing to capture (empty framebuffer)";
  std::vector<unsigned char> rgba(static_cast<size_t>(width) * height * 4);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, rgba.data());
  // GL rows start at the bottom; PNG rows at the top. Drop alpha.
  std::vector<unsigned char> rgb(static_cast<size_t>(width) * height * 3);
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x)
      for (int c = 0; c < 3; ++c)
        rgb[(static_cast<size_t>(y) * width + x) * 3 + c] =
            rgba[(static_cast<size_t>(height - 1 - y) * width + x) * 4 + c];
  if (!stbi_write_png(path.c_str(), width, height, 3, rgb.data(), width * 3))
    return path + ": could not write the PNG file";
  return {};
}

}  // namespace relulab
