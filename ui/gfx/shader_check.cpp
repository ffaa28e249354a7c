// shader_check.cpp: the linear-regions shader mode against the CPU's activation patterns.
//
// The shader colours each pixel by a 32-bit hash of its activation pattern, the CPU (grid.h's
// eval_patterns) hashes the same pattern to 64 bits, so colours cannot be compared directly; the
// two partitions of the pixels can. Each GPU colour is matched to the CPU pattern most of its pixels
// have, and each CPU pattern to its most common GPU colour; the agreement is the smaller of the two
// matched shares (a merge of two regions on either side lowers it).
#include <algorithm>
#include <map>

#include "instruments/grid.h"
#include "app.h"
#include "gfx/renderer.h"

namespace relulab {

ShaderCheck regions_shader_check(Renderer& r, const Network& net, int size, const std::string& name) {
  ShaderCheck check;
  check.name = name;
  if (!r.ready) return check;
  std::vector<unsigned char> rgba;
  const GridSpec g = read_back_boundary(r, net, size, BoundaryMode::regions, rgba);
  std::vector<std::uint64_t> pattern;
  eval_patterns(net, g, pattern);
  std::map<std::pair<std::uint32_t, std::uint64_t>, int> joint;
  for (int row = 0; row < size; ++row)
    for (int col = 0; col < size; ++col) {
      const unsigned char* px = &rgba[(static_cast<size_t>(size - 1 - row) * size + col) * 4];  // GL rows from the bottom
      const std::uint32_t colour = px[0] | (px[1] << 8) | (px[2] << 16);
      ++joint[{colour, pattern[static_cast<size_t>(row) * size + col]}];
    }
  std::map<std::uint32_t, int> best_for_colour;
  std::map<std::uint64_t, int> best_for_pattern;
  for (const auto& [key, count] : joint) {
    best_for_colour[key.first] = std::max(best_for_colour[key.first], count);
    best_for_pattern[key.second] = std::max(best_for_pattern[key.second], count);
  }
  long by_colour = 0, by_pattern = 0;
  for (const auto& kv : best_for_colour) by_colour += kv.second;
  for (const auto& kv : best_for_pattern) by_pattern += kv.second;
  check.pixels = size * size;
  check.agreement = static_cast<float>(std::min(by_colour, by_pattern)) / check.pixels;
  return check;
}

}  // namespace relulab
