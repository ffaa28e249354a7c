// panel_race.cpp: the race (core/race.h): two to four copies of the current network, same data,
// same initial weights and minibatches, different activations, trained in lockstep within the frame's
// shared budget (ui/schedule.cpp); each lane's boundary (CPU grid, 48x48) and all loss curves side by side.
#include <algorithm>
#include <cstdio>

#include "i18n/i18n.h"
#include "instruments/grid.h"
#include "panels/draw.h"

#include "panels/panels.h"

namespace relulab {

void draw_race_tab(AppState& s) {
  text_wrapped("%s", tr(Str::race_intro));
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6);
  ImGui::SliderInt(tr(Str::lanes), &s.race.lane_count, min_race_lanes, max_race_lanes, "%d", typed_in_range);
  tooltip(tr(Str::tip_lanes));
  const ActivationInfo* table = activation_table();
  for (int i = 0; i < s.race.lane_count; ++i) {
    ImGui::PushID(i);
    if (i % 2) ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9);
    char label[64];
    std::snprintf(label, sizeof label, "%s %d###lane%d", tr(Str::lane), i + 1, i);
    if (ImGui::BeginCombo(label, activation_label(s.race.acts[i]))) {
      for (int a = 0; a < activation_count; ++a)
        if (ImGui::Selectable(activation_label(table[a].id), table[a].id == s.race.acts[i])) s.race.acts[i] = table[a].id;
      ImGui::EndCombo();
    }
    tooltip(tr(Str::tip_lane));
    ImGui::PopID();
  }
  if (ImGui::Button(s.race.built ? tr(Str::restart_race) : tr(Str::start_race))) {
    Race r;
    std::vector<Activation> acts(s.race.acts, s.race.acts + s.race.lane_count);
    Config base = s.run.trainer.config;
    const std::string error = make_race(base, s.run.trainer.data, acts, &r);
    if (error.empty()) {
      s.race.run = std::move(r);
      s.race.built = true;
      s.race.playing = true;
      s.race.message.clear();
      s.run.playing = false;  // the race gets the frame's training budget
      s.race.fields_step = -2;  // schedule.cpp recomputes the lanes' fields
    } else {
      s.race.message = error;
    }
  }
  tooltip(tr(Str::tip_start_race));
  if (s.race.built) {
    ImGui::SameLine();
    if (ImGui::Button(s.race.playing ? tr(Str::pause_race) : tr(Str::resume_race))) {
      s.race.playing = !s.race.playing;
      if (s.race.playing) s.run.playing = false;
    }
    tooltip(tr(Str::tip_pause_race));
    ImGui::SameLine();
    if (ImGui::Button(tr(Str::step_race))) {
      race_steps(s.race.run, 50);
      race_measure(s.race.run);
      s.race.fields_step = -2;  // schedule.cpp recomputes the lanes' fields
    }
    tooltip(tr(Str::tip_step_race));
    ImGui::SameLine();
    if (ImGui::Button(tr(Str::close))) {
      s.race.run = Race{};
      s.race.built = false;
      s.race.playing = false;
      s.race.fields.clear();
    }
    tooltip(tr(Str::tip_close_race));
  }
  if (!s.race.message.empty()) ImGui::TextColored(ImVec4(1, 0.45f, 0.4f, 1), "%s", tr_core(s.race.message).c_str());
  if (!s.race.built) return;

  const int lanes = static_cast<int>(s.race.run.lanes.size());
  if (static_cast<int>(s.race.fields.size()) != lanes) return;  // computed next frame (schedule.cpp)
  const float w = ImGui::GetContentRegionAvail().x;
  const float gap = ImGui::GetStyle().ItemSpacing.x;
  const float side = std::max(40.0f, std::min((w - gap * (lanes - 1)) / lanes, 220.0f));
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const float line = ImGui::GetTextLineHeight();
  for (int i = 0; i < lanes; ++i) {
    const Trainer& t = s.race.run.lanes[i];
    const ImVec2 a(p.x + i * (side + gap), p.y);
    const ImVec2 q(a.x, a.y + line * 3.2f);
    const bool softmax = t.net.spec.output == Output::softmax_ce;
    if (softmax) {
      const int n = s.race.side;
      const float cell = side / n;
      for (int r = 0; r < n; ++r)
        for (int c = 0; c < n; ++c)
          draw->AddRectFilled(ImVec2(q.x + c * cell, q.y + r * cell), ImVec2(q.x + (c + 1) * cell + 0.5f, q.y + (r + 1) * cell + 0.5f),
                              class_colour_u32(static_cast<int>(s.race.fields[i][r * n + c]), 0.7f));
    } else {
      draw_field(draw, q, ImVec2(side, side), s.race.fields[i].data(), s.race.side, s.race.side, 1.0f, false);
    }
    const Dataset& d = t.data;
    draw->PushClipRect(q, ImVec2(q.x + side, q.y + side), true);
    {
      DiscBatch discs(draw, disc_sprite(s));
      for (const Point& pt : d.train) {
        const ImVec2 c(q.x + (pt.x1 - s.view.domain.x0) / (s.view.domain.x1 - s.view.domain.x0) * side,
                       q.y + (s.view.domain.y1 - pt.x2) / (s.view.domain.y1 - s.view.domain.y0) * side);
        discs.add(c, 1.6f, d.regression ? diverging_colour(pt.label) : class_colour_u32(static_cast<int>(pt.label)));
      }
    }
    draw->PopClipRect();
    draw->AddRect(q, ImVec2(q.x + side, q.y + side), IM_COL32(60, 60, 70, 255));
    draw->PushClipRect(a, ImVec2(a.x + side, q.y), true);
    char text[96];
    std::snprintf(text, sizeof text, "%s", activation_label(s.race.run.activations[i]));
    draw->AddText(a, series_colour(i), text);
    std::snprintf(text, sizeof text, tr(Str::race_loss), t.stats.loss_train);
    draw->AddText(ImVec2(a.x, a.y + line), IM_COL32(220, 220, 230, 255), text);
    if (t.diverged) std::snprintf(text, sizeof text, "%s", tr(Str::diverged));
    else if (d.regression) std::snprintf(text, sizeof text, tr(Str::race_test_loss), t.stats.loss_test);
    else std::snprintf(text, sizeof text, tr(Str::race_test_acc), 100 * t.stats.accuracy_test);
    draw->AddText(ImVec2(a.x, a.y + 2 * line), t.diverged ? IM_COL32(255, 90, 90, 255) : IM_COL32(220, 220, 230, 255), text);
    draw->PopClipRect();
  }
  ImGui::Dummy(ImVec2(w, line * 3.2f + side + 4));
  // curves: the longest history gives the epoch axis (lanes are in lockstep)
  int longest = 0;
  for (int i = 1; i < lanes; ++i)
    if (s.race.run.lanes[i].history.epoch.size() > s.race.run.lanes[longest].history.epoch.size()) longest = i;
  std::vector<ChartSeries> loss, acc;
  static char names[max_race_lanes][32];
  for (int i = 0; i < lanes; ++i) {
    const History& h = s.race.run.lanes[i].history;
    std::snprintf(names[i], sizeof names[i], "%s", activation_name(s.race.run.activations[i]));
    loss.push_back({names[i], h.loss_train.data(), static_cast<int>(h.loss_train.size()), series_colour(i)});
    acc.push_back({names[i], h.accuracy_test.data(), static_cast<int>(h.accuracy_test.size()), series_colour(i)});
  }
  ImGui::TextUnformatted(tr(Str::race_loss_chart));
  draw_line_chart("race loss", s.race.run.lanes[longest].history.epoch.data(), loss.data(), lanes, ImVec2(w, 120), true);
  if (!s.race.run.lanes[0].data.regression) {
    ImGui::TextUnformatted(tr(Str::race_acc_chart));
    draw_line_chart("race acc", s.race.run.lanes[longest].history.epoch.data(), acc.data(), lanes, ImVec2(w, 90), false);
  }
}

}  // namespace relulab
