// screenshot.h: the current framebuffer written as a PNG (stb_image_write), for the desktop
// end-to-end test and the "export view" action.
#pragma once

#include <string>

namespace relulab {

// Reads back width x height pixels of the bound read framebuffer (rows flipped to top-first) and
// writes an RGB PNG. Returns "" or a message naming the file.
std::string write_framebuffer_png(const std::string& path, int width, int height);

}  // namespace relulab
