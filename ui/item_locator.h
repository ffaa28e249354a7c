// item_locator.h: where a widget is on screen, found by its label, for end-to-end tests and
// scripts that press real buttons (relulab.locate on the page) instead of clicking at coordinates
// that move whenever a panel gains a row.
//
// Built on Dear ImGui's test-engine hooks (IMGUI_ENABLE_TEST_ENGINE, ui/CMakeLists.txt): every
// widget reports its bounding box (ItemAdd) and, when it is drawn, its label (ItemInfo). The hooks
// are switched on only while a query is armed, for the one frame that answers it, so they cost
// nothing otherwise. A widget scrolled out of its window or in a collapsed one is not drawn and is
// reported as not visible.
#pragma once

#include <string>

struct ImGuiContext;

namespace relulab {

struct ItemQuery {
  std::string label;       // the label as shown, without any "##id" suffix
  int occurrence = 0;      // which match, counting from 0 in drawing order
  bool armed = false;      // to be answered by the next frame
  bool answered = false;
  int matches = 0;         // visible widgets with that label in the answering frame
  float x0 = 0, y0 = 0, x1 = 0, y1 = 0;  // the widget's visible part (window points: CSS pixels)
  std::string window;      // the ImGui window holding it (its name without "###")
};

// Arms `q` for the next frame of `ctx` (its hooks report to `q`, which must outlive the frame).
void locate_item(ImGuiContext* ctx, ItemQuery& q, const std::string& label, int occurrence = 0);
// Called after ImGui::Render of each frame: closes an armed query (answered, possibly with no
// match) and switches the hooks off.
void finish_item_query(ImGuiContext* ctx, ItemQuery& q);
// {"label", "answered", "visible", "matches", "x", "y", "w", "h", "window"}: the centre of the
// visible part is (x + w / 2, y + h / 2).
std::string item_query_json(const ItemQuery& q);

}  // namespace relulab
