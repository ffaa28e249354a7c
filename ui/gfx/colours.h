// colours.h: class colours shared by the boundary shader and the point markers.
//
// Two classes use the TensorFlow Playground's orange (class 0, negative) and blue (class 1,
// positive), a pair that stays distinct under the common colour-vision deficiencies; classes 2..4
// continue with Okabe & Ito's colour-blind-safe palette (bluish green, reddish purple, dark yellow).
#pragma once

namespace relulab {

struct Rgb {
  float r, g, b;
};

constexpr int palette_size = 5;
constexpr Rgb class_colours[palette_size] = {
    {245 / 255.f, 147 / 255.f, 34 / 255.f},   // #F59322 orange
    {8 / 255.f, 119 / 255.f, 189 / 255.f},    // #0877BD blue
    {0 / 255.f, 158 / 255.f, 115 / 255.f},    // #009E73 bluish green
    {204 / 255.f, 121 / 255.f, 167 / 255.f},  // #CC79A7 reddish purple
    {200 / 255.f, 160 / 255.f, 0 / 255.f},    // #C8A000 dark yellow
};
constexpr Rgb neutral_colour = {232 / 255.f, 234 / 255.f, 235 / 255.f};  // #E8EAEB

}  // namespace relulab
