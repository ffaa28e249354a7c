// grid_sweep.h: the scanline sweep behind grid.h's GridMethod::sweep (internal to grid*.cpp).
#pragma once

#include <cstdint>
#include <vector>

#include "instruments/grid.h"
#include "nn/random.h"

namespace relulab {

// The pattern hash both evaluators use: active bits packed 64 units to a word, in layer then unit
// order, each word folded in as h = splitmix64_mix(h ^ word) + golden, from pattern_hash_seed.
constexpr std::uint64_t pattern_hash_seed = 0x243f6a8885a308d3ull;
inline std::uint64_t fold_pattern_word(std::uint64_t h, std::uint64_t word) {
  return splitmix64_mix(h ^ word) + splitmix64_increment;
}

// Fill `values` (width*height, already sized) with `field` by the sweep along `axis` (not none).
void sweep_field(const Network& net, const GridSpec& g, GridSweep axis, GridField field, int layer,
                 int unit, float* values);

// Per-cell pattern hashes into `pattern` (width*height, sized), or, when `pattern` is null, one
// hash per run of cells with a fixed pattern appended to `runs` (enough to count regions).
void sweep_patterns(const Network& net, const GridSpec& g, GridSweep axis, std::uint64_t* pattern,
                    std::vector<std::uint64_t>* runs);

}  // namespace relulab
