// item_locator.cpp: see item_locator.h.
#include "item_locator.h"

#include <cstdarg>
#include <cstring>

#include "imgui.h"
#include "imgui_internal.h"
#include <nlohmann/json.hpp>

namespace relulab {
namespace {

// The label as ImGui shows it: up to a "##" (a hidden id suffix).
bool same_label(const char* shown, const std::string& wanted) {
  const char* end = std::strstr(shown, "##");
  const std::size_t n = end ? static_cast<std::size_t>(end - shown) : std::strlen(shown);
  return n == wanted.size() && std::memcmp(shown, wanted.data(), n) == 0;
}

struct HookState {
  ItemQuery* query = nullptr;
  ImGuiID last_id = 0;
  ImRect last_bb;
};

HookState& hooks() {
  static HookState h;
  return h;
}

}  // namespace

void locate_item(ImGuiContext* ctx, ItemQuery& q, const std::string& label, int occurrence) {
  q = ItemQuery{};
  q.label = label;
  q.occurrence = occurrence < 0 ? 0 : occurrence;
  q.armed = true;
  hooks().query = &q;
  if (ctx) ctx->TestEngineHookItems = true;
}

void finish_item_query(ImGuiContext* ctx, ItemQuery& q) {
  if (!q.armed) return;
  q.armed = false;
  q.answered = true;
  if (hooks().query == &q) hooks().query = nullptr;
  if (ctx) ctx->TestEngineHookItems = false;
}

std::string item_query_json(const ItemQuery& q) {
  const bool visible = q.matches > q.occurrence;
  nlohmann::ordered_json j = {{"label", q.label}, {"answered", q.answered}, {"visible", visible},
                              {"matches", q.matches}};
  if (visible) {
    j["x"] = q.x0;
    j["y"] = q.y0;
    j["w"] = q.x1 - q.x0;
    j["h"] = q.y1 - q.y0;
    j["window"] = q.window;
  }
  return j.dump();
}

}  // namespace relulab

// ---- Dear ImGui's test-engine hooks (imgui_internal.h) -------------------------------------------

void ImGuiTestEngineHook_ItemAdd(ImGuiContext*, const ImRect& bb, ImGuiID id) {
  relulab::hooks().last_id = id;
  relulab::hooks().last_bb = bb;
}

void ImGuiTestEngineHook_ItemInfo(ImGuiContext* ctx, ImGuiID id, const char* label, ImGuiItemStatusFlags) {
  relulab::HookState& h = relulab::hooks();
  relulab::ItemQuery* q = h.query;
  if (!q || !q->armed || !label || id != h.last_id || !relulab::same_label(label, q->label)) return;
  ImGuiWindow* window = ctx->CurrentWindow;
  ImRect visible = h.last_bb;
  if (window) visible.ClipWithFull(window->ClipRect);
  if (visible.GetWidth() <= 0 || visible.GetHeight() <= 0) return;
  if (q->matches++ != q->occurrence) return;
  q->x0 = visible.Min.x;
  q->y0 = visible.Min.y;
  q->x1 = visible.Max.x;
  q->y1 = visible.Max.y;
  if (window) {
    const char* name = window->Name;
    const char* end = std::strstr(name, "###");
    q->window.assign(name, end ? static_cast<std::size_t>(end - name) : std::strlen(name));
  }
}

void ImGuiTestEngineHook_Log(ImGuiContext*, const char*, ...) {}

const char* ImGuiTestEngine_FindItemDebugLabel(ImGuiContext*, ImGuiID) { return nullptr; }
