// ui_raster_test.cpp: the main view's raster tracks what changed (gfx/view_raster.h), headless.
// A network whose one ReLU unit is active only right of x1 = 2 is drawn; then the unit's outgoing
// weight changes, which moves the picture there and nowhere else. Every block of the picture in which
// a pixel changed must carry a newer version (the window redraws it), every other block its old one
// (the window leaves it alone), and the pixels counted as uploaded must be the changed part, not
// the picture. The window's side of it (tiles redrawn from these versions, pixel for pixel the same
// as a full redraw) is checked with GL by the redraw checks (e2e_redraw_desktop*, e2e_frames).
#include <cstdio>
#include <string>
#include <vector>

#include "gfx/view_raster.h"
#include "ui_headless.h"

int main() {
  using namespace relulab;
  NetworkSpec spec;
  spec.hidden = {{1, Activation::relu}};
  spec.output = Output::tanh_mse;
  Network net = make_network(spec, 2);
  net.layers[0].W << 1.0f, 0.0f;  // h = relu(x1 - 2): zero on the left two thirds of [-6, 6]
  net.layers[0].b << -2.0f;
  net.layers[1].W << 0.5f;
  net.layers[1].b << -0.2f;

  ViewKey key;
  key.width = 200;
  key.height = 120;  // not a multiple of the block: the last row of blocks is partial
  key.weights = network_fingerprint(net);
  ViewRaster r;
  refresh_view_raster(r, net, key, 1e9, false);
  check(r.has_picture && !r.busy(), "the first picture is complete");
  const int bx = (key.width + view_block_px - 1) / view_block_px, by = (key.height + view_block_px - 1) / view_block_px;
  check(r.blocks_x == bx && r.blocks_y == by, "the picture is cut into blocks of view_block_px");
  bool all_new = true;
  for (std::uint64_t v : r.block_version) all_new = all_new && v > 0;
  check(all_new, "the first picture: every block is new");
  check(r.changed_pixels == static_cast<long>(key.width) * key.height, "the first picture is uploaded whole (" +
                                                                           std::to_string(r.changed_pixels) + " pixels)");

  const std::vector<unsigned char> before = r.rgba;
  const std::vector<std::uint64_t> versions = r.block_version;
  const std::uint64_t version = r.texture_version;
  const long uploaded = r.changed_pixels;

  // the same picture again: nothing computed, nothing new
  refresh_view_raster(r, net, key, 1e9, false);
  check(r.texture_version == version && r.changed_pixels == uploaded, "unchanged weights: nothing uploaded");

  net.layers[1].W << 0.8f;
  key.weights = network_fingerprint(net);
  refresh_view_raster(r, net, key, 1e9, false);
  check(r.has_picture && !r.busy(), "the second picture is complete");
  int changed_blocks = 0, wrong = 0, pixels_changed = 0;
  for (int j = 0; j < by; ++j)
    for (int i = 0; i < bx; ++i) {
      bool changed = false;
      for (int y = j * view_block_px; y < std::min(key.height, (j + 1) * view_block_px); ++y)
        for (int x = i * view_block_px; x < std::min(key.width, (i + 1) * view_block_px); ++x)
          for (int c = 0; c < 4; ++c) {
            const std::size_t at = (static_cast<std::size_t>(y) * key.width + x) * 4 + c;
            if (before[at] != r.rgba[at]) {
              changed = true;
              pixels_changed += c == 0;
            }
          }
      const std::uint64_t v = r.block_version[static_cast<std::size_t>(j) * bx + i];
      changed_blocks += changed;
      if (changed ? !(v > version && v <= r.texture_version) : v != versions[static_cast<std::size_t>(j) * bx + i]) {
        if (wrong++ == 0)
          std::printf("block (%d, %d): pixels %s, version %llu (was %llu, picture now %llu)\n", i, j,
                      changed ? "changed" : "unchanged", static_cast<unsigned long long>(v),
                      static_cast<unsigned long long>(versions[static_cast<std::size_t>(j) * bx + i]),
                      static_cast<unsigned long long>(r.texture_version));
      }
    }
  const long second_upload = r.changed_pixels - uploaded;
  std::printf("raster: %d of %d blocks changed, %ld pixels uploaded for the change (picture %d)\n", changed_blocks,
              bx * by, second_upload, key.width * key.height);
  check(wrong == 0, std::to_string(wrong) + " blocks whose version does not say whether their pixels changed");
  check(r.texture_version > version, "the changed picture has a newer version");
  // the unit is active right of x1 = 2, a third of the width: the change is there and only there
  check(changed_blocks > 0 && changed_blocks < bx * by / 2, "the change is confined to the right third (" +
                                                               std::to_string(changed_blocks) + " blocks)");
  check(second_upload >= pixels_changed && second_upload < static_cast<long>(key.width) * key.height / 2,
        "the upload covers the changed pixels and not the whole picture");
  return smoke_result();
}
