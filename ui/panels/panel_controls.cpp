// panel_controls.cpp: the control panel: run (play/pause/step/reset and speed counters), data set,
// network, training parameters and view options.
//
// Data and network edits rebuild the trainer at once (the Playground's behaviour: a new data set or
// architecture starts a new run); training parameters change live through set_train_spec. Every
// edit goes through apply_config, so a rejected configuration leaves the running state untouched
// and its message appears at the top of the panel.
#include <algorithm>
#include <cstdio>

#include "i18n/i18n.h"
#include "panels/panels.h"

namespace relulab {

namespace {

constexpr float learning_rates[] = {1e-5f, 1e-4f, 1e-3f, 3e-3f, 1e-2f, 3e-2f, 0.1f, 0.3f, 1.0f, 3.0f, 10.0f};
constexpr float font_scales[] = {0.75f, 1.0f, 1.25f, 1.5f, 2.0f, 3.0f};

void try_apply(AppState& s, const Config& c) {
  std::string error = apply_config(s, c);
  if (!error.empty()) s.run.message = error;
}

// Picks the output link a data kind needs: softmax for multiclass, linear for regression, else keeps
// a two-class link.
void fit_output_to_data(Config& c) {
  if (data_kind_is_multiclass(c.data.kind)) {
    c.network.output = Output::softmax_ce;
    c.data.classes = std::max(c.data.classes, 3);
  } else if (data_kind_is_regression(c.data.kind)) {
    c.network.output = Output::linear_mse;
  } else if (c.network.output == Output::softmax_ce || c.network.output == Output::linear_mse) {
    c.network.output = Output::tanh_mse;
  }
}

void draw_run_section(AppState& s) {
  const float w = ImGui::GetContentRegionAvail().x;
  const float button = (w - 2 * ImGui::GetStyle().ItemSpacing.x) / 3;
  if (ImGui::Button(s.run.playing ? tr(Str::pause) : tr(Str::play), ImVec2(button, 0))) s.run.playing = !s.run.playing;
  tour_spot(s, Spot::play);
  tooltip(tr(Str::tip_play));
  ImGui::SameLine();
  if (ImGui::Button(tr(Str::step), ImVec2(button, 0))) {
    s.run.playing = false;
    const int train_size = static_cast<int>(s.run.trainer.data.train.size());
    const int batch = std::max(1, s.run.config.train.batch_size);
    step_training(s, std::max(1, (train_size + batch - 1) / batch));
  }
  tooltip(tr(Str::tip_step));
  ImGui::SameLine();
  if (ImGui::Button(tr(Str::reset), ImVec2(button, 0))) {
    remember_for_undo(s, "Reset");
    reset(s.run.trainer);
    s.run.message.clear();
    measure_now(s);
  }
  tooltip(tr(Str::tip_reset));

  const Stats& st = s.run.trainer.stats;
  ImGui::Text(tr(Str::epoch_step), epoch(s.run.trainer), s.run.trainer.step_count);
  ImGui::Text(tr(Str::loss_train_test), st.loss_train, st.loss_test);
  if (!s.run.trainer.data.regression)
    ImGui::Text(tr(Str::accuracy_train_test), 100 * st.accuracy_train, 100 * st.accuracy_test);
  ImGui::Text(tr(Str::samples_per_s), s.run.samples_per_second);
  tooltip(tr(Str::tip_samples_per_s));
  FrameState& f = s.frame;
  const double now = now_seconds();
  if (f.shown_at < 0 || now - f.shown_at >= 0.5 || now < f.shown_at) {
    f.shown_frame_ms = f.frame_ms;
    f.shown_work_ms = f.work_ms;
    f.shown_at = now;
  }
  ImGui::Text(tr(Str::frame_time), f.shown_frame_ms, f.shown_frame_ms > 0 ? 1000 / f.shown_frame_ms : 0,
              f.shown_work_ms);
  tooltip(tr(Str::tip_frame_time));
  float budget = static_cast<float>(s.frame.budget_ms);
  if (ImGui::SliderFloat(tr(Str::ms_per_frame), &budget, 1.0f, 14.0f, "%.0f ms", typed_in_range)) s.frame.budget_ms = budget;
  tooltip(tr(Str::tip_ms_per_frame));
}

void draw_data_section(AppState& s) {
  Config c = s.run.config;
  bool changed = false;
  const char* current = data_kind_label(c.data.kind);
  if (ImGui::BeginCombo(tr(Str::data_set), current)) {
    for (int k = 0; k < static_cast<int>(DataKind::count); ++k) {
      const auto kind = static_cast<DataKind>(k);
      if (kind == DataKind::custom) continue;
      if (ImGui::Selectable(data_kind_label(kind), kind == c.data.kind)) {
        c.data.kind = kind;
        fit_output_to_data(c);
        changed = true;
      }
    }
    ImGui::EndCombo();
  }
  tooltip(tr(Str::tip_data_set));
  if (data_kind_is_multiclass(c.data.kind)) {
    changed |= ImGui::SliderInt(tr(Str::classes), &c.data.classes, 3, max_classes, "%d", typed_in_range);
    tooltip(tr(Str::tip_classes));
  }
  changed |= ImGui::SliderFloat(tr(Str::noise), &c.data.noise, 0.0f, 0.5f, "%.2f", typed_in_range);
  tooltip(tr(Str::tip_noise));
  changed |= ImGui::SliderInt(tr(Str::points), &c.data.points, 50, 2000, "%d", typed_in_range);
  tooltip(tr(Str::tip_points));
  changed |= ImGui::SliderFloat(tr(Str::train_ratio), &c.data.train_fraction, 0.1f, 0.9f, "%.2f", typed_in_range);
  tooltip(tr(Str::tip_train_ratio));
  if (ImGui::Button(tr(Str::regenerate))) {
    ++c.data.seed;
    changed = true;
  }
  tooltip(tr(Str::tip_regenerate));
  ImGui::SameLine();
  ImGui::Checkbox(tr(Str::show_test_points), &s.view.show_test_points);
  tooltip(tr(Str::tip_show_test_points));
  if (changed) try_apply(s, c);
}

void draw_network_section(AppState& s) {
  Config c = s.run.config;
  bool changed = false;
  ImGui::TextUnformatted(tr(Str::inputs));
  for (int f = 0; f < feature_count; ++f) {
    bool on = (c.network.features >> f) & 1u;
    if (f % 4 != 0) ImGui::SameLine();
    if (ImGui::Checkbox(feature_name(static_cast<Feature>(f)), &on)) {
      c.network.features ^= 1u << f;
      changed = true;
    }
    tooltip(tr(Str::tip_input_feature));
  }
  int layers = static_cast<int>(c.network.hidden.size());
  ImGui::Text(tr(Str::hidden_layers_n), layers);
  ImGui::SameLine();
  if (compact_button(s, "-") && layers > 0) {
    c.network.hidden.pop_back();
    changed = true;
  }
  tooltip(tr(Str::tip_remove_layer));
  ImGui::SameLine();
  if (compact_button(s, "+") && layers < max_hidden_layers) {
    c.network.hidden.push_back(layers ? c.network.hidden.back() : LayerSpec{});
    changed = true;
  }
  tooltip(tr(Str::tip_add_layer));
  tour_spot(s, Spot::add_layer);
  const ActivationInfo* table = activation_table();
  for (int l = 0; l < static_cast<int>(c.network.hidden.size()); ++l) {
    LayerSpec& layer = c.network.hidden[l];
    ImGui::PushID(l);
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.4f);
    char label[32];
    std::snprintf(label, sizeof label, "L%d", l + 1);
    changed |= ImGui::SliderInt(label, &layer.units, 1, 32, "%d", typed_in_range);
    tooltip(tr(Str::tip_layer_units));
    layer.units = std::clamp(layer.units, 1, max_units);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x);
    if (ImGui::BeginCombo("##activation", activation_label(layer.activation))) {
      for (int a = 0; a < activation_count; ++a)
        if (ImGui::Selectable(activation_label(table[a].id), table[a].id == layer.activation)) {
          layer.activation = table[a].id;
          changed = true;
        }
      ImGui::EndCombo();
    }
    tooltip(tr(Str::tip_layer_activation));
    ImGui::PopID();
  }
  if (!c.network.hidden.empty() && ImGui::BeginCombo(tr(Str::all_layers), tr(Str::set_activation))) {
    for (int a = 0; a < activation_count; ++a)
      if (ImGui::Selectable(activation_label(table[a].id))) {
        for (LayerSpec& layer : c.network.hidden) layer.activation = table[a].id;
        changed = true;
      }
    ImGui::EndCombo();
  }
  tooltip(tr(Str::tip_all_layers));
  tour_spot(s, Spot::all_layers);
  if (ImGui::BeginCombo(tr(Str::output), output_label(c.network.output))) {
    for (int o = 0; o < static_cast<int>(Output::count); ++o)
      if (ImGui::Selectable(output_label(static_cast<Output>(o)), o == static_cast<int>(c.network.output))) {
        c.network.output = static_cast<Output>(o);
        changed = true;
      }
    ImGui::EndCombo();
  }
  tooltip(tr(Str::tip_output));
  if (ImGui::BeginCombo(tr(Str::init), init_label(c.network.init))) {
    for (int i = 0; i < static_cast<int>(Init::count); ++i)
      if (ImGui::Selectable(init_label(static_cast<Init>(i)), i == static_cast<int>(c.network.init))) {
        c.network.init = static_cast<Init>(i);
        changed = true;
      }
    ImGui::EndCombo();
  }
  tooltip(tr(Str::tip_init));
  if (changed) try_apply(s, c);
}

void draw_training_section(AppState& s) {
  TrainSpec t = s.run.config.train;
  bool changed = false;
  if (ImGui::BeginCombo(tr(Str::optimiser), optimizer_label(t.optimizer))) {
    for (int o = 0; o < static_cast<int>(Optimizer::count); ++o)
      if (ImGui::Selectable(optimizer_label(static_cast<Optimizer>(o)), o == static_cast<int>(t.optimizer))) {
        t.optimizer = static_cast<Optimizer>(o);
        changed = true;
      }
    ImGui::EndCombo();
  }
  tooltip(tr(Str::tip_optimiser));
  char current[32];
  std::snprintf(current, sizeof current, "%g", t.learning_rate);
  if (ImGui::BeginCombo(tr(Str::learning_rate), current)) {
    for (float lr : learning_rates) {
      char label[32];
      std::snprintf(label, sizeof label, "%g", lr);
      if (ImGui::Selectable(label, lr == t.learning_rate)) {
        t.learning_rate = lr;
        changed = true;
      }
    }
    ImGui::EndCombo();
  }
  tooltip(tr(Str::tip_learning_rate));
  tour_spot(s, Spot::learning_rate);
  changed |= ImGui::SliderInt(tr(Str::batch_size), &t.batch_size, 1, 512, "%d", ImGuiSliderFlags_Logarithmic | typed_in_range);
  t.batch_size = std::clamp(t.batch_size, 1, max_batch);
  tooltip(tr(Str::tip_batch_size));
  changed |= ImGui::SliderFloat(tr(Str::l2_weights), &t.l2, 0.0f, 0.01f, "%.4f", typed_in_range);
  tooltip(tr(Str::tip_l2_weights));
  changed |= ImGui::SliderFloat(tr(Str::l1_activity), &t.activation_l1, 0.0f, 0.01f, "%.4f", typed_in_range);
  tooltip(tr(Str::tip_l1_activity));
  if (changed) {
    Config c = s.run.config;
    c.train = t;
    std::string error = validate(c);
    if (error.empty()) {
      remember_for_undo(s, "training change");
      set_train_spec(s.run.trainer, t);
      s.run.config = c;
    } else {
      s.run.message = error;
    }
  }
}

void draw_view_section(AppState& s) {
  ImGui::Checkbox(tr(Str::discrete_boundary), &s.view.discrete_boundary);
  tooltip(tr(Str::tip_discrete_boundary));
  char current[16];
  std::snprintf(current, sizeof current, "%.2gx", s.view.font_scale);
  if (ImGui::BeginCombo(tr(Str::font_size), current)) {
    for (float f : font_scales) {
      char label[16];
      std::snprintf(label, sizeof label, "%.2gx", f);
      if (ImGui::Selectable(label, f == s.view.font_scale)) s.view.font_scale = f;
    }
    ImGui::EndCombo();
  }
  tooltip(tr(Str::tip_font_size));
}

}  // namespace

void draw_controls_panel(AppState& s) {
  place_next_window(s, compute_layout(s).controls);
  ImGui::Begin(tr_id(Str::app_title, "ReLU Lab"), nullptr, panel_flags(s));
  ImGui::PushItemWidth(ImGui::GetContentRegionAvail().x * 0.55f);
  draw_app_bar(s);
  if (!s.run.message.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.0f, 0.45f, 0.4f, 1.0f));
    text_wrapped("%s", tr_core(s.run.message).c_str());
    ImGui::PopStyleColor();
    if (compact_button(s, tr(Str::dismiss))) s.run.message.clear();
  }
  draw_run_section(s);
  draw_undo_row(s);
  if (!part_hidden(s, Part::data) && ImGui::CollapsingHeader(tr_id(Str::section_data, "Data"), ImGuiTreeNodeFlags_DefaultOpen)) draw_data_section(s);
  if (!part_hidden(s, Part::architecture) && ImGui::CollapsingHeader(tr_id(Str::section_network, "Network"), ImGuiTreeNodeFlags_DefaultOpen)) draw_network_section(s);
  if (!part_hidden(s, Part::training) && ImGui::CollapsingHeader(tr_id(Str::section_training, "Training"), ImGuiTreeNodeFlags_DefaultOpen)) draw_training_section(s);
  if (!part_hidden(s, Part::view) && ImGui::CollapsingHeader(tr_id(Str::section_view, "View"), ImGuiTreeNodeFlags_DefaultOpen)) draw_view_section(s);
  ImGui::PopItemWidth();
  ImGui::End();
}

}  // namespace relulab
