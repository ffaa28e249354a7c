// png_check.cpp: decides whether a screenshot of ReLU Lab shows a drawn plot, not a blank window.
//
//   png_check shot.png      exit 0 when the image (1) is not flat: luminance standard deviation
//                           above 12 (a blank or single-colour window has ~0), (2) shows the orange
//                           class colour and (3) the blue class colour of the boundary plot, each on
//                           at least 0.5% of the pixels (ImGui's dark theme has neither light orange
//                           nor light blue, so these come from the boundary shader and the points).
#include <algorithm>
#include <cmath>
#include <cstdio>

#define STB_IMAGE_IMPLEMENTATION
#include <stb/stb_image.h>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: png_check image.png\n");
    return 2;
  }
  int w = 0, h = 0, channels = 0;
  unsigned char* px = stbi_load(argv[1], &w, &h, &channels, 3);
  if (!px) {
    std::fprintf(stderr, "png_check: %s: cannot read PNG (%s)\n", argv[1], stbi_failure_reason());
    return 1;
  }
  const long n = static_cast<long>(w) * h;
  double sum = 0, sum_sq = 0;
  long orange = 0, blue = 0;
  for (long i = 0; i < n; ++i) {
    const int r = px[3 * i], g = px[3 * i + 1], b = px[3 * i + 2];
    const double y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
    sum += y;
    sum_sq += y * y;
    if (r > 200 && r - b > 60 && g > b && r > g) ++orange;   // #F59322 shaded towards #E8EAEB
    if (b > 150 && b - r > 60 && g > 100 && g < b) ++blue;  // #0877BD shaded towards #E8EAEB
  }
  stbi_image_free(px);
  const double mean = sum / n, sd = std::sqrt(std::max(0.0, sum_sq / n - mean * mean));
  const double orange_share = static_cast<double>(orange) / n, blue_share = static_cast<double>(blue) / n;
  const bool ok = sd > 12 && orange_share >= 0.005 && blue_share >= 0.005;
  std::printf("%s: %dx%d, luminance mean %.1f sd %.1f, orange %.1f%%, blue %.1f%% -> %s\n", argv[1], w, h, mean,
              sd, 100 * orange_share, 100 * blue_share, ok ? "ok" : "BLANK OR NO PLOT");
  return ok ? 0 : 1;
}
