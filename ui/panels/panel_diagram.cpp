// panel_diagram.cpp: the network drawn as a diagram, as the TensorFlow Playground draws it.
//
// Columns: the seven input features (click to toggle one, as in the Playground), each hidden layer,
// the output. Every unit is a thumbnail of its output over the plot's domain (or its on/off mask),
// computed on the CPU for all units at once (core/unit_maps.h, 16x16 cells). Links are drawn with
// width by |w| and colour by sign (blue positive, orange negative); clicking a link edits its weight.
// Hovering a unit shows its map large in the main view; clicking pins it there. Dead units (off on
// every training point) get a red cross, always-on units an amber frame. While the probe is on
// (mouse over the plot), inactive units and links fade: what remains is the active sub-network,
// whose affine map the probe reports.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "i18n/i18n.h"
#include "panels/draw.h"

#include "panels/panels.h"

namespace relulab {

namespace {

// Feature f over the map grid, normalised to [-1, 1].
void feature_field(Feature f, const GridSpec& g, std::vector<float>& out) {
  out.resize(static_cast<size_t>(g.width) * g.height);
  float peak = 1e-6f;
  for (int r = 0; r < g.height; ++r)
    for (int c = 0; c < g.width; ++c) {
      const float x1 = g.x0 + (c + 0.5f) * (g.x1 - g.x0) / g.width;
      const float x2 = g.y1 - (r + 0.5f) * (g.y1 - g.y0) / g.height;
      float v = 0;
      switch (f) {
        case Feature::x1: v = x1; break;
        case Feature::x2: v = x2; break;
        case Feature::x1_sq: v = x1 * x1; break;
        case Feature::x2_sq: v = x2 * x2; break;
        case Feature::x1_x2: v = x1 * x2; break;
        case Feature::sin_x1: v = std::sin(x1); break;
        case Feature::sin_x2: v = std::sin(x2); break;
        case Feature::count: break;
      }
      out[r * g.width + c] = v;
      peak = std::max(peak, std::fabs(v));
    }
  for (float& v : out) v /= peak;
}

float distance_to_segment(ImVec2 p, ImVec2 a, ImVec2 b) {
  const float vx = b.x - a.x, vy = b.y - a.y;
  const float len2 = vx * vx + vy * vy;
  float u = len2 > 0 ? ((p.x - a.x) * vx + (p.y - a.y) * vy) / len2 : 0;
  u = std::clamp(u, 0.0f, 1.0f);
  const float dx = a.x + u * vx - p.x, dy = a.y + u * vy - p.y;
  return std::sqrt(dx * dx + dy * dy);
}

void apply_or_report(AppState& s, const Config& c) {
  const std::string error = apply_config(s, c);
  if (!error.empty()) s.run.message = error;
}

}  // namespace

void draw_diagram_panel(AppState& s) {
  // A network change from this window (layers, units, inputs) is applied after the window is drawn:
  // the drawing below indexes the network it started with (a change mid-draw read past its layers).
  Config pending;
  bool change = false;
  const auto defer = [&](const Config& c) {
    pending = c;
    change = true;
  };
  const auto finish = [&] {
    ImGui::End();
    if (change) apply_or_report(s, pending);
  };
  place_next_window(s, compute_layout(s).diagram);
  ImGui::Begin(tr_id(Str::window_network, "Network"), nullptr, panel_flags(s));
  tour_spot_window(s, Spot::window_network);
  const Network& net = s.run.trainer.net;
  const int hidden = net.hidden_count();
  const Stats& st = s.run.trainer.stats;

  ImGui::Checkbox(tr(Str::on_off_masks), &s.view.unit_mask);
  tooltip(tr(Str::tip_on_off_masks));
  ImGui::SameLine();
  if (compact_button(s, tr(Str::add_layer)) && static_cast<int>(s.run.config.network.hidden.size()) < max_hidden_layers) {
    Config c = s.run.config;
    c.network.hidden.push_back(c.network.hidden.empty() ? LayerSpec{} : c.network.hidden.back());
    defer(c);
  }
  tooltip(tr(Str::tip_add_layer_run));
  ImGui::SameLine();
  if (compact_button(s, tr(Str::remove_layer)) && !s.run.config.network.hidden.empty()) {
    Config c = s.run.config;
    c.network.hidden.pop_back();
    defer(c);
  }
  tooltip(tr(Str::tip_remove_layer_run));
  ImGui::SameLine();
  const char* help = tr(Str::diagram_help);  // on the rest of the line, or behind (?) if it is too long
  if (ImGui::CalcTextSize(help).x <= ImGui::GetContentRegionAvail().x) {
    ImGui::TextDisabled("%s", help);
  } else {
    ImGui::TextDisabled("(?)");
    tooltip(help);
  }

  const int columns = hidden + 2;
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float line = ImGui::GetTextLineHeightWithSpacing();
  // the +/- units buttons above each hidden column: small ones for a mouse; on a phone touch
  // targets as tall as every other button (a frame's height, >= screen.h's touch_target_px),
  // as wide as the column allows
  const bool touch_size = is_phone(s.screen.layout);
  const float columns_w = (avail.x - ImGui::CalcTextSize("sin(x1)").x - 8) / (columns - 0.5f);
  const float unit_button = touch_size ? std::min(ImGui::GetFrameHeight(), columns_w * 0.5f - 2) : 0;
  const float top = origin.y + (touch_size ? unit_button + line * 0.3f : line * 1.2f);  // room for +/- buttons
  const float bottom = origin.y + avail.y - line * 2.1f;  // room for two lines of labels
  if (avail.x < 60 || bottom - top < 40) {
    finish();
    return;
  }
  int tallest = feature_count;
  for (int l = 0; l <= hidden; ++l) tallest = std::max(tallest, net.layers[l].out());
  // the input column sits right of its labels; the other columns share the rest of the width
  const float label_w = ImGui::CalcTextSize("sin(x1)").x + 8;
  const float col_w = (avail.x - label_w) / (columns - 0.5f);
  const float node = std::clamp(std::min((bottom - top) / (tallest * 1.2f), col_w * 0.42f), 2.0f, 56.0f);
  const float gap = std::min(node * 0.35f, ((bottom - top) - tallest * node) / std::max(1, tallest - 1));
  auto column_x = [&](int col) { return col == 0 ? origin.x + label_w : origin.x + label_w + col_w * col - node * 0.5f; };
  auto node_pos = [&](int col, int index, int count) {
    const float span = count * node + (count - 1) * gap;
    const float y0 = top + ((bottom - top) - span) * 0.5f;
    return ImVec2(column_x(col), y0 + index * (node + gap));
  };
  const int step = node < 5 ? unit_map_cells : node < 12 ? 4 : node < 24 ? 2 : 1;  // cells drawn per thumbnail side

  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  const bool window_hovered = ImGui::IsWindowHovered();
  const bool probing = s.view.probe_valid && s.view.probe_enabled && s.view.probe.active.size() == static_cast<size_t>(hidden);

  // enabled features -> input index
  int input_of_feature[feature_count];
  int inputs = 0;
  for (int f = 0; f < feature_count; ++f)
    input_of_feature[f] = (s.run.config.network.features >> f) & 1u ? inputs++ : -1;
  auto source_pos = [&](int layer, int from) {  // right edge centre of a link's source node
    if (layer == 0) {
      int f = 0;
      for (; f < feature_count; ++f) if (input_of_feature[f] == from) break;
      const ImVec2 p = node_pos(0, f, feature_count);
      return ImVec2(p.x + node, p.y + node * 0.5f);
    }
    const ImVec2 p = node_pos(layer, from, net.layers[layer - 1].out());
    return ImVec2(p.x + node, p.y + node * 0.5f);
  };

  // ---- links (under the nodes); remember the one nearest the mouse ----
  int near_layer = -1, near_from = -1, near_to = -1;
  float near_dist = 4.0f;
  for (int l = 0; l <= hidden; ++l) {
    const Layer& layer = net.layers[l];
    const float peak = std::max(layer.W.cwiseAbs().maxCoeff(), 1e-6f);
    // big nets: only the strongest links are drawn, about 2048 in the whole diagram (each link is
    // an anti-aliased line: under software GL 190 k vertices of a 12 x 128 net cost 200 ms a frame)
    const long max_links = std::max(64L, 2048L / static_cast<long>(net.layers.size()));
    float cut = 0;
    if (static_cast<long>(layer.W.size()) > max_links) {
      std::vector<float> magnitudes(layer.W.data(), layer.W.data() + layer.W.size());
      for (float& m : magnitudes) m = std::fabs(m);
      std::nth_element(magnitudes.begin(), magnitudes.end() - max_links, magnitudes.end());
      cut = *(magnitudes.end() - max_links);
    }
    for (int j = 0; j < layer.out(); ++j) {
      const ImVec2 tp = node_pos(l + 1, j, layer.out());
      const ImVec2 b(tp.x, tp.y + node * 0.5f);
      for (int i = 0; i < layer.in(); ++i) {
        const float w = layer.W(j, i);
        if (std::fabs(w) < cut) continue;
        // in steps of 1/32: a link is redrawn when its look changes, not at every step of a weight
        // that drifts by a hair (under software GL every redrawn pixel costs; ui_renderer.h)
        const float strength = std::round(32 * std::fabs(w) / peak) / 32;
        const ImVec2 a = source_pos(l, i);
        float alpha = 0.25f + 0.75f * strength;
        if (probing && !link_active(s.view.probe, l, i, j)) alpha *= 0.12f;
        draw->AddLine(a, b, diverging_colour(w > 0 ? 1.0f : -1.0f, alpha), 0.6f + 3.0f * strength);
        if (window_hovered) {
          const float d = distance_to_segment(mouse, a, b);
          if (d < near_dist) {
            near_dist = d;
            near_layer = l;
            near_from = i;
            near_to = j;
          }
        }
      }
    }
  }

  // ---- nodes ----
  int hover_layer = -1, hover_unit = -1;
  auto frame_node = [&](ImVec2 p, ImU32 colour, float thickness) {
    draw->AddRect(ImVec2(p.x - 1, p.y - 1), ImVec2(p.x + node + 1, p.y + node + 1), colour, 0, 0, thickness);
  };
  // inputs: all seven features, enabled ones bright
  std::vector<float> field;
  GridSpec fg = grid_over(s.view.domain, unit_map_cells, unit_map_cells);
  for (int f = 0; f < feature_count; ++f) {
    const ImVec2 p = node_pos(0, f, feature_count);
    feature_field(static_cast<Feature>(f), fg, field);
    draw_field(draw, p, ImVec2(node, node), field.data(), unit_map_cells, unit_map_cells, 1.0f, false, step);
    const bool on = input_of_feature[f] >= 0;
    if (!on) draw->AddRectFilled(p, ImVec2(p.x + node, p.y + node), IM_COL32(25, 25, 30, 190));
    frame_node(p, on ? IM_COL32(230, 230, 240, 255) : IM_COL32(90, 90, 100, 255), 1.0f);
    const char* name = feature_name(static_cast<Feature>(f));
    draw->AddText(ImVec2(p.x - ImGui::CalcTextSize(name).x - 4, p.y + node * 0.5f - line * 0.4f),
                  on ? IM_COL32(230, 230, 240, 255) : IM_COL32(120, 120, 130, 255), name);
    ImGui::SetCursorScreenPos(p);
    ImGui::PushID(1000 + f);
    if (ImGui::InvisibleButton("feature", ImVec2(node, node))) {
      Config c = s.run.config;
      c.network.features ^= 1u << f;
      defer(c);
    }
    ImGui::PopID();
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip(tr(Str::input_tip), name, on ? tr(Str::on) : tr(Str::off));
  }
  // hidden layers and the output
  for (int l = 0; l <= hidden; ++l) {
    const int units = net.layers[l].out();
    const bool is_output = l == hidden;
    const bool have_maps = l < static_cast<int>(s.diagram.maps.value.size()) && s.diagram.maps.value[l].rows() == units;
    const LayerStats* ls = !is_output && l < static_cast<int>(st.layers.size()) ? &st.layers[l] : nullptr;
    for (int u = 0; u < units; ++u) {
      const ImVec2 p = node_pos(l + 1, u, units);
      if (have_maps) {
        const bool mask = s.view.unit_mask && !is_output && l < static_cast<int>(s.diagram.maps.active.size());
        const float* values = mask ? s.diagram.maps.active[l].row(u).data() : s.diagram.maps.value[l].row(u).data();
        // output after its link: tanh in [-1, 1], sigmoid/softmax in [0, 1] (shown as 2p - 1)
        // hidden units: each thumbnail scaled by its own peak |h|, so its shape shows
        float out_scale = 1.0f;
        if (!is_output) out_scale = std::max(s.diagram.maps.value[l].row(u).cwiseAbs().maxCoeff(), 1e-6f);
        if (is_output && (net.spec.output == Output::sigmoid_bce || net.spec.output == Output::softmax_ce)) {
          field.resize(s.diagram.maps.value[l].cols());
          for (size_t i = 0; i < field.size(); ++i) field[i] = 2 * values[i] - 1;
          values = field.data();
        }
        draw_field(draw, p, ImVec2(node, node), values, unit_map_cells, unit_map_cells, out_scale, mask, step);
      }
      bool dim = false;
      // (a +/- click earlier in this frame may have rebuilt the network: check the probe's sizes)
      if (probing && !is_output && l < static_cast<int>(s.view.probe.active.size()) &&
          u < static_cast<int>(s.view.probe.active[l].size()))
        dim = !s.view.probe.active[l][u];
      if (dim) draw->AddRectFilled(p, ImVec2(p.x + node, p.y + node), IM_COL32(20, 20, 25, 170));
      ImU32 frame = IM_COL32(200, 200, 210, 255);
      float thick = 1.0f;
      if (probing && !dim && !is_output) { frame = IM_COL32(255, 255, 120, 255); thick = 2.0f; }
      const bool dead = ls && u < static_cast<int>(ls->unit_dead.size()) && ls->unit_dead[u];
      const bool always = ls && u < static_cast<int>(ls->unit_always_on.size()) && ls->unit_always_on[u];
      if (always) { frame = IM_COL32(255, 190, 40, 255); thick = 2.0f; }
      if (s.view.mode == MainView::unit && s.view.layer == l && s.view.unit == u) { frame = IM_COL32(80, 255, 160, 255); thick = 2.5f; }
      frame_node(p, frame, thick);
      if (dead) {
        draw->AddLine(p, ImVec2(p.x + node, p.y + node), IM_COL32(230, 40, 40, 255), 2.0f);
        draw->AddLine(ImVec2(p.x + node, p.y), ImVec2(p.x, p.y + node), IM_COL32(230, 40, 40, 255), 2.0f);
      }
      ImGui::SetCursorScreenPos(p);
      ImGui::PushID(l * 1000 + u);
      if (ImGui::InvisibleButton("unit", ImVec2(node, node))) {
        if (s.view.mode == MainView::unit && s.view.layer == l && s.view.unit == u) {
          s.view.mode = MainView::boundary;
        } else {
          s.view.mode = MainView::unit;
          s.view.layer = l;
          s.view.unit = u;
        }
      }
      ImGui::PopID();
      if (ImGui::IsItemHovered()) {
        hover_layer = l;
        hover_unit = u;
        if (is_output) {
          ImGui::SetTooltip(tr(Str::output_unit_tip), u, output_label(net.spec.output));
        } else {
          const float freq = ls && u < static_cast<int>(ls->unit_active_fraction.size()) ? ls->unit_active_fraction[u] : 0;
          ImGui::SetTooltip(tr(Str::unit_tip),
                            l + 1, u, activation_label(net.layers[l].activation), 100 * freq,
                            dead ? tr(Str::unit_dead_line) : "",
                            always ? tr(Str::unit_always_line) : "", net.layers[l].b[u]);
        }
      }
    }
    // +/- units above hidden columns
    if (!is_output) {
      const float centre = column_x(l + 1) + node * 0.5f;
      ImGui::SetCursorScreenPos(ImVec2(touch_size ? centre - unit_button - 1 : centre - line * 1.1f, origin.y));
      ImGui::PushID(5000 + l);
      auto unit_button_pressed = [&](const char* label) {
        return touch_size ? ImGui::Button(label, ImVec2(unit_button, unit_button)) : ImGui::SmallButton(label);
      };
      if (unit_button_pressed("-") && s.run.config.network.hidden[l].units > 1) {
        Config c = s.run.config;
        --c.network.hidden[l].units;
        defer(c);
      }
      if (ImGui::IsItemHovered()) ImGui::SetTooltip(tr(Str::tip_unit_fewer), l + 1);
      ImGui::SameLine(0, 2);
      if (unit_button_pressed("+") && s.run.config.network.hidden[l].units < max_units) {
        Config c = s.run.config;
        ++c.network.hidden[l].units;
        defer(c);
      }
      if (ImGui::IsItemHovered()) ImGui::SetTooltip(tr(Str::tip_unit_more), l + 1);
      ImGui::PopID();
      // labels under the column
      char text[64];
      std::snprintf(text, sizeof text, "%s", activation_info(net.layers[l].activation).name);
      const float cx = column_x(l + 1) + node * 0.5f;
      draw->AddText(ImVec2(cx - ImGui::CalcTextSize(text).x * 0.5f, bottom + line * 0.15f), IM_COL32(210, 210, 220, 255), text);
      if (ls) {
        std::snprintf(text, sizeof text, tr(Str::column_on), 100 * ls->active_fraction, ls->exact_zeros ? "" : "*");
        draw->AddText(ImVec2(cx - ImGui::CalcTextSize(text).x * 0.5f, bottom + line * 1.05f), IM_COL32(160, 200, 255, 255), text);
      }
    }
  }
  {
    const float cx = column_x(hidden + 1) + node * 0.5f;
    const char* text = tr(Str::output);
    draw->AddText(ImVec2(cx - ImGui::CalcTextSize(text).x * 0.5f, bottom + line * 0.15f), IM_COL32(210, 210, 220, 255), text);
  }
  s.view.hover_layer = hover_layer;
  s.view.hover_unit = hover_unit;

  // ---- link hover and weight editing ----
  if (hover_layer < 0 && near_layer >= 0 && !ImGui::IsAnyItemHovered()) {
    draw->AddLine(source_pos(near_layer, near_from),
                  ImVec2(node_pos(near_layer + 1, near_to, net.layers[near_layer].out()).x,
                         node_pos(near_layer + 1, near_to, net.layers[near_layer].out()).y + node * 0.5f),
                  IM_COL32(255, 255, 255, 200), 2.0f);
    ImGui::SetTooltip(tr(Str::weight_tip), net.layers[near_layer].W(near_to, near_from));
    if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
      s.diagram.edit_layer = near_layer;
      s.diagram.edit_from = near_from;
      s.diagram.edit_to = near_to;
      ImGui::OpenPopup("edit weight");
    }
  }
  if (ImGui::BeginPopup("edit weight")) {
    Network& editable = s.run.trainer.net;
    if (s.diagram.edit_layer >= 0 && s.diagram.edit_layer < static_cast<int>(editable.layers.size()) &&
        s.diagram.edit_to < editable.layers[s.diagram.edit_layer].out() && s.diagram.edit_from < editable.layers[s.diagram.edit_layer].in()) {
      float& w = editable.layers[s.diagram.edit_layer].W(s.diagram.edit_to, s.diagram.edit_from);
      ImGui::Text(tr(Str::edit_weight_title), s.diagram.edit_layer + 1, s.diagram.edit_from, s.diagram.edit_to);
      ImGui::SetNextItemWidth(ImGui::GetFontSize() * 10);
      float value = w;
      if (ImGui::DragFloat(tr(Str::weight), &value, 0.01f, -10.0f, 10.0f, "%.4f", typed_in_range) && std::isfinite(value)) {
        remember_for_undo(s, "weight edit");
        w = std::clamp(value, -100.0f, 100.0f);
        s.diagram.maps_step = -2;  // redraw the maps
        measure_now(s);
      }
      tooltip(tr(Str::tip_weight_drag));
      if (ImGui::Button(tr(Str::zero_weight))) {
        remember_for_undo(s, "weight edit");
        w = 0;
        s.diagram.maps_step = -2;
        measure_now(s);
      }
      tooltip(tr(Str::tip_zero_weight));
    } else {
      ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
  }
  ImGui::SetCursorScreenPos(ImVec2(origin.x, origin.y + avail.y - 1));
  ImGui::Dummy(ImVec2(1, 1));
  finish();
}

}  // namespace relulab
