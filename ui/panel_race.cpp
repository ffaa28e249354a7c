// panel_race.cpp: the race (core/race.h): two to four copies of the current network, same data,
// same initial weights and minibatches, different activations, trained in lockstep within a time
// budget per frame; each lane's boundary (CPU grid, 48x48) and all loss curves side by side.
#include <algorithm>
#include <cstdio>

#include "instruments/grid.h"
#include "lab_draw.h"
#include "lab_panels.h"
#include "panels.h"

namespace relulab {

namespace {

void refresh_race_fields(AppState& s) {
  LabState& lab = s.lab;
  GridSpec g;
  g.x0 = s.domain.x0; g.x1 = s.domain.x1; g.y0 = s.domain.y0; g.y1 = s.domain.y1;
  g.width = g.height = lab.race_side;
  lab.race_fields.resize(lab.race.lanes.size());
  for (size_t i = 0; i < lab.race.lanes.size(); ++i) {
    const Network& net = lab.race.lanes[i].net;
    eval_grid(net, g, GridField::output, 0, 0, lab.race_fields[i]);
    // shade as the main view: tanh in [-1, 1]; sigmoid p -> 2p - 1; softmax: class index kept
    if (net.spec.output == Output::sigmoid_bce)
      for (float& v : lab.race_fields[i]) v = 2 * v - 1;
  }
  lab.race_fields_step = lab.race.lanes.empty() ? -1 : lab.race.lanes[0].step_count;
}

}  // namespace

void run_race_slice(AppState& s) {
  LabState& lab = s.lab;
  if (!lab.race_built || !lab.race_playing) return;
  const double start = now_seconds();
  const double budget = s.budget_ms * 1e-3;
  while (now_seconds() - start < budget) {
    race_steps(lab.race, lab.race_steps_per_frame);
    bool all_diverged = true;
    for (const Trainer& t : lab.race.lanes) all_diverged = all_diverged && t.diverged;
    if (all_diverged) {
      lab.race_playing = false;
      lab.race_message = "every lane diverged; lower the learning rate";
      break;
    }
  }
  if (s.frame_index % 4 == 0) race_measure(lab.race);
  if (s.frame_index % 8 == 0) refresh_race_fields(s);
}

void draw_race_tab(AppState& s) {
  LabState& lab = s.lab;
  ImGui::TextWrapped("Copies of the current network and data, one activation each, from the same initial "
                     "weights and minibatches, trained step for step together.");
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6);
  ImGui::SliderInt("lanes", &lab.race_lanes, min_race_lanes, max_race_lanes);
  tooltip("How many activations race (2 to 4)");
  const ActivationInfo* table = activation_table();
  for (int i = 0; i < lab.race_lanes; ++i) {
    ImGui::PushID(i);
    if (i % 2) ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9);
    char label[16];
    std::snprintf(label, sizeof label, "lane %d", i + 1);
    if (ImGui::BeginCombo(label, activation_info(lab.race_acts[i]).label)) {
      for (int a = 0; a < activation_count; ++a)
        if (ImGui::Selectable(table[a].label, table[a].id == lab.race_acts[i])) lab.race_acts[i] = table[a].id;
      ImGui::EndCombo();
    }
    tooltip("The activation of every hidden layer in this lane");
    ImGui::PopID();
  }
  if (ImGui::Button(lab.race_built ? "Restart race" : "Start race")) {
    Race r;
    std::vector<Activation> acts(lab.race_acts, lab.race_acts + lab.race_lanes);
    Config base = s.trainer.config;
    const std::string error = make_race(base, s.trainer.data, acts, &r);
    if (error.empty()) {
      lab.race = std::move(r);
      lab.race_built = true;
      lab.race_playing = true;
      lab.race_message.clear();
      s.playing = false;  // the race gets the frame's training budget
      refresh_race_fields(s);
    } else {
      lab.race_message = error;
    }
  }
  tooltip("Build the lanes from the current configuration and data, and start them (pauses the main run)");
  if (lab.race_built) {
    ImGui::SameLine();
    if (ImGui::Button(lab.race_playing ? "Pause race" : "Resume race")) {
      lab.race_playing = !lab.race_playing;
      if (lab.race_playing) s.playing = false;
    }
    tooltip("Stop or continue training all lanes");
    ImGui::SameLine();
    if (ImGui::Button("Step race")) {
      race_steps(lab.race, 50);
      race_measure(lab.race);
      refresh_race_fields(s);
    }
    tooltip("50 minibatch steps in every lane");
    ImGui::SameLine();
    if (ImGui::Button("Close")) {
      lab.race = Race{};
      lab.race_built = false;
      lab.race_playing = false;
      lab.race_fields.clear();
    }
    tooltip("Drop the race");
  }
  if (!lab.race_message.empty()) ImGui::TextColored(ImVec4(1, 0.45f, 0.4f, 1), "%s", lab.race_message.c_str());
  if (!lab.race_built) return;

  const int lanes = static_cast<int>(lab.race.lanes.size());
  if (static_cast<int>(lab.race_fields.size()) != lanes) refresh_race_fields(s);
  const float w = ImGui::GetContentRegionAvail().x;
  const float gap = ImGui::GetStyle().ItemSpacing.x;
  const float side = std::max(40.0f, std::min((w - gap * (lanes - 1)) / lanes, 220.0f));
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const float line = ImGui::GetTextLineHeight();
  for (int i = 0; i < lanes; ++i) {
    const Trainer& t = lab.race.lanes[i];
    const ImVec2 a(p.x + i * (side + gap), p.y);
    const ImVec2 q(a.x, a.y + line * 3.2f);
    const bool softmax = t.net.spec.output == Output::softmax_ce;
    if (softmax) {
      const int n = lab.race_side;
      const float cell = side / n;
      for (int r = 0; r < n; ++r)
        for (int c = 0; c < n; ++c)
          draw->AddRectFilled(ImVec2(q.x + c * cell, q.y + r * cell), ImVec2(q.x + (c + 1) * cell + 0.5f, q.y + (r + 1) * cell + 0.5f),
                              class_colour_u32(static_cast<int>(lab.race_fields[i][r * n + c]), 0.7f));
    } else {
      draw_field(draw, q, ImVec2(side, side), lab.race_fields[i].data(), lab.race_side, lab.race_side, 1.0f, false);
    }
    const Dataset& d = t.data;
    draw->PushClipRect(q, ImVec2(q.x + side, q.y + side), true);
    for (const Point& pt : d.train) {
      const ImVec2 c(q.x + (pt.x1 - s.domain.x0) / (s.domain.x1 - s.domain.x0) * side,
                     q.y + (s.domain.y1 - pt.x2) / (s.domain.y1 - s.domain.y0) * side);
      draw->AddCircleFilled(c, 1.6f, d.regression ? diverging_colour(pt.label) : class_colour_u32(static_cast<int>(pt.label)), 6);
    }
    draw->PopClipRect();
    draw->AddRect(q, ImVec2(q.x + side, q.y + side), IM_COL32(60, 60, 70, 255));
    draw->PushClipRect(a, ImVec2(a.x + side, q.y), true);
    char text[96];
    std::snprintf(text, sizeof text, "%s", activation_info(lab.race.activations[i]).label);
    draw->AddText(a, series_colour(i), text);
    std::snprintf(text, sizeof text, "loss %.4f", t.stats.loss_train);
    draw->AddText(ImVec2(a.x, a.y + line), IM_COL32(220, 220, 230, 255), text);
    if (t.diverged) std::snprintf(text, sizeof text, "DIVERGED");
    else if (d.regression) std::snprintf(text, sizeof text, "test %.4f", t.stats.loss_test);
    else std::snprintf(text, sizeof text, "test acc %.1f%%", 100 * t.stats.accuracy_test);
    draw->AddText(ImVec2(a.x, a.y + 2 * line), t.diverged ? IM_COL32(255, 90, 90, 255) : IM_COL32(220, 220, 230, 255), text);
    draw->PopClipRect();
  }
  ImGui::Dummy(ImVec2(w, line * 3.2f + side + 4));
  // curves: the longest history gives the epoch axis (lanes are in lockstep)
  int longest = 0;
  for (int i = 1; i < lanes; ++i)
    if (lab.race.lanes[i].history.epoch.size() > lab.race.lanes[longest].history.epoch.size()) longest = i;
  std::vector<ChartSeries> loss, acc;
  static char names[max_race_lanes][32];
  for (int i = 0; i < lanes; ++i) {
    const History& h = lab.race.lanes[i].history;
    std::snprintf(names[i], sizeof names[i], "%s", activation_name(lab.race.activations[i]));
    loss.push_back({names[i], h.loss_train.data(), static_cast<int>(h.loss_train.size()), series_colour(i)});
    acc.push_back({names[i], h.accuracy_test.data(), static_cast<int>(h.accuracy_test.size()), series_colour(i)});
  }
  ImGui::TextUnformatted("training loss (log)");
  draw_line_chart("race loss", lab.race.lanes[longest].history.epoch.data(), loss.data(), lanes, ImVec2(w, 120), true);
  if (!lab.race.lanes[0].data.regression) {
    ImGui::TextUnformatted("test accuracy");
    draw_line_chart("race acc", lab.race.lanes[longest].history.epoch.data(), acc.data(), lanes, ImVec2(w, 90), false);
  }
}

}  // namespace relulab
