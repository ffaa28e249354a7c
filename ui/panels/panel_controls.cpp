// panel_controls.cpp: the control panel: run (play/pause/step/reset and speed counters), data set,
// network, training parameters and view options.
//
// Data and network edits rebuild the trainer at once (the Playground's behaviour: a new data set or
// architecture starts a new run); training parameters change live through set_train_spec. Every
// edit goes through apply_config, so a rejected configuration leaves the running state untouched
// and its message appears at the top of the panel.
#include <algorithm>
#include <cstdio>

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
  if (ImGui::Button(s.run.playing ? "Pause" : "Play", ImVec2(button, 0))) s.run.playing = !s.run.playing;
  tooltip("Start or stop training (space bar)");
  ImGui::SameLine();
  if (ImGui::Button("Step", ImVec2(button, 0))) {
    s.run.playing = false;
    const int train_size = static_cast<int>(s.run.trainer.data.train.size());
    const int batch = std::max(1, s.run.config.train.batch_size);
    step_training(s, std::max(1, (train_size + batch - 1) / batch));
  }
  tooltip("Train one epoch (one pass over the training points), then stop");
  ImGui::SameLine();
  if (ImGui::Button("Reset", ImVec2(button, 0))) {
    remember_for_undo(s, "Reset");
    reset(s.run.trainer);
    s.run.message.clear();
    measure_now(s);
  }
  tooltip("Draw fresh initial weights (same seed) and clear the curves; the data stay");

  const Stats& st = s.run.trainer.stats;
  ImGui::Text("Epoch %.1f   step %ld", epoch(s.run.trainer), s.run.trainer.step_count);
  ImGui::Text("Loss  train %.4f   test %.4f", st.loss_train, st.loss_test);
  if (!s.run.trainer.data.regression)
    ImGui::Text("Accuracy  train %.1f%%   test %.1f%%", 100 * st.accuracy_train, 100 * st.accuracy_test);
  ImGui::Text("%.0f samples/s", s.run.samples_per_second);
  tooltip("Training samples processed per second of wall-clock time");
  ImGui::Text("Frame %.1f ms (%.0f fps), work %.1f ms", s.frame.frame_ms, s.frame.frame_ms > 0 ? 1000 / s.frame.frame_ms : 0,
              s.frame.work_ms);
  tooltip("Wall time between frames while something moves (an idle app draws nothing), and the part of it spent "
          "training: the main run, the race and an experiment together");
  float budget = static_cast<float>(s.frame.budget_ms);
  if (ImGui::SliderFloat("work ms/frame", &budget, 1.0f, 14.0f, "%.0f ms")) s.frame.budget_ms = budget;
  tooltip("Time per frame shared by everything that trains (the main run, the race, an experiment): "
          "higher trains faster, lower keeps the frames smooth");
}

void draw_data_section(AppState& s) {
  Config c = s.run.config;
  bool changed = false;
  const char* current = data_kind_name(c.data.kind);
  if (ImGui::BeginCombo("data set", current)) {
    for (int k = 0; k < static_cast<int>(DataKind::count); ++k) {
      const auto kind = static_cast<DataKind>(k);
      if (kind == DataKind::custom) continue;
      if (ImGui::Selectable(data_kind_name(kind), kind == c.data.kind)) {
        c.data.kind = kind;
        fit_output_to_data(c);
        changed = true;
      }
    }
    ImGui::EndCombo();
  }
  tooltip("Which 2-D data set to learn; changing it starts a new run");
  if (data_kind_is_multiclass(c.data.kind)) {
    changed |= ImGui::SliderInt("classes", &c.data.classes, 3, max_classes);
    tooltip("Number of classes of the multiclass data set");
  }
  changed |= ImGui::SliderFloat("noise", &c.data.noise, 0.0f, 0.5f, "%.2f");
  tooltip("Random jitter added to the points, in units of the data's scale");
  changed |= ImGui::SliderInt("points", &c.data.points, 50, 2000);
  tooltip("Total number of points, training plus test");
  changed |= ImGui::SliderFloat("train ratio", &c.data.train_fraction, 0.1f, 0.9f, "%.2f");
  tooltip("Fraction of the points used for training; the rest are test points");
  if (ImGui::Button("Regenerate")) {
    ++c.data.seed;
    changed = true;
  }
  tooltip("Draw a new sample of the same data set (next seed)");
  ImGui::SameLine();
  ImGui::Checkbox("show test points", &s.view.show_test_points);
  tooltip("Draw the held-out test points (dark ring)");
  if (changed) try_apply(s, c);
}

void draw_network_section(AppState& s) {
  Config c = s.run.config;
  bool changed = false;
  ImGui::TextUnformatted("Inputs");
  for (int f = 0; f < feature_count; ++f) {
    bool on = (c.network.features >> f) & 1u;
    if (f % 4 != 0) ImGui::SameLine();
    if (ImGui::Checkbox(feature_name(static_cast<Feature>(f)), &on)) {
      c.network.features ^= 1u << f;
      changed = true;
    }
    tooltip("Feed this function of the coordinates to the network as an input");
  }
  int layers = static_cast<int>(c.network.hidden.size());
  ImGui::Text("Hidden layers: %d", layers);
  ImGui::SameLine();
  if (compact_button(s, "-") && layers > 0) {
    c.network.hidden.pop_back();
    changed = true;
  }
  tooltip("Remove the last hidden layer");
  ImGui::SameLine();
  if (compact_button(s, "+") && layers < max_hidden_layers) {
    c.network.hidden.push_back(layers ? c.network.hidden.back() : LayerSpec{});
    changed = true;
  }
  tooltip("Add a hidden layer (a copy of the last one)");
  const ActivationInfo* table = activation_table();
  for (int l = 0; l < static_cast<int>(c.network.hidden.size()); ++l) {
    LayerSpec& layer = c.network.hidden[l];
    ImGui::PushID(l);
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.4f);
    char label[32];
    std::snprintf(label, sizeof label, "L%d", l + 1);
    changed |= ImGui::SliderInt(label, &layer.units, 1, 32);
    tooltip("Units in this hidden layer (ctrl+click to type up to 128)");
    layer.units = std::clamp(layer.units, 1, max_units);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x);
    if (ImGui::BeginCombo("##activation", activation_info(layer.activation).label)) {
      for (int a = 0; a < activation_count; ++a)
        if (ImGui::Selectable(table[a].label, table[a].id == layer.activation)) {
          layer.activation = table[a].id;
          changed = true;
        }
      ImGui::EndCombo();
    }
    tooltip("Activation of this layer's units");
    ImGui::PopID();
  }
  if (!c.network.hidden.empty() && ImGui::BeginCombo("all layers", "set activation...")) {
    for (int a = 0; a < activation_count; ++a)
      if (ImGui::Selectable(table[a].label)) {
        for (LayerSpec& layer : c.network.hidden) layer.activation = table[a].id;
        changed = true;
      }
    ImGui::EndCombo();
  }
  tooltip("Give every hidden layer the same activation");
  if (ImGui::BeginCombo("output", output_name(c.network.output))) {
    for (int o = 0; o < static_cast<int>(Output::count); ++o)
      if (ImGui::Selectable(output_name(static_cast<Output>(o)), o == static_cast<int>(c.network.output))) {
        c.network.output = static_cast<Output>(o);
        changed = true;
      }
    ImGui::EndCombo();
  }
  tooltip("Output unit and loss: tanh + squared error, sigmoid + cross-entropy, softmax, linear");
  if (ImGui::BeginCombo("init", init_name(c.network.init))) {
    for (int i = 0; i < static_cast<int>(Init::count); ++i)
      if (ImGui::Selectable(init_name(static_cast<Init>(i)), i == static_cast<int>(c.network.init))) {
        c.network.init = static_cast<Init>(i);
        changed = true;
      }
    ImGui::EndCombo();
  }
  tooltip("Weight initialisation: He for ReLU, Xavier for tanh/sigmoid");
  if (changed) try_apply(s, c);
}

void draw_training_section(AppState& s) {
  TrainSpec t = s.run.config.train;
  bool changed = false;
  if (ImGui::BeginCombo("optimiser", optimizer_name(t.optimizer))) {
    for (int o = 0; o < static_cast<int>(Optimizer::count); ++o)
      if (ImGui::Selectable(optimizer_name(static_cast<Optimizer>(o)), o == static_cast<int>(t.optimizer))) {
        t.optimizer = static_cast<Optimizer>(o);
        changed = true;
      }
    ImGui::EndCombo();
  }
  tooltip("Plain SGD, SGD with momentum 0.9, or Adam");
  char current[32];
  std::snprintf(current, sizeof current, "%g", t.learning_rate);
  if (ImGui::BeginCombo("learning rate", current)) {
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
  tooltip("Step size of the optimiser; too high and training diverges");
  changed |= ImGui::SliderInt("batch size", &t.batch_size, 1, 512, "%d", ImGuiSliderFlags_Logarithmic);
  t.batch_size = std::clamp(t.batch_size, 1, max_batch);
  tooltip("Training points per minibatch step");
  changed |= ImGui::SliderFloat("L2 weights", &t.l2, 0.0f, 0.01f, "%.4f");
  tooltip("L2 penalty on the weights (weight decay)");
  changed |= ImGui::SliderFloat("L1 activity", &t.activation_l1, 0.0f, 0.01f, "%.4f");
  tooltip("L1 penalty on hidden activations: pushes ReLU units to exact zeros (Glorot et al. 2011)");
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
  ImGui::Checkbox("discrete boundary", &s.view.discrete_boundary);
  tooltip("Colour each pixel by its class only, without the confidence shading");
  char current[16];
  std::snprintf(current, sizeof current, "%.2gx", s.view.font_scale);
  if (ImGui::BeginCombo("UI scale", current)) {
    for (float f : font_scales) {
      char label[16];
      std::snprintf(label, sizeof label, "%.2gx", f);
      if (ImGui::Selectable(label, f == s.view.font_scale)) s.view.font_scale = f;
    }
    ImGui::EndCombo();
  }
  tooltip("Larger text and widgets, for projectors and touch screens");
}

}  // namespace

void draw_controls_panel(AppState& s) {
  place_next_window(s, compute_layout(s).controls);
  ImGui::Begin("ReLU Lab", nullptr, panel_flags(s));
  ImGui::PushItemWidth(ImGui::GetContentRegionAvail().x * 0.55f);
  if (!s.run.message.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.0f, 0.45f, 0.4f, 1.0f));
    ImGui::TextWrapped("%s", s.run.message.c_str());
    ImGui::PopStyleColor();
    if (compact_button(s, "dismiss")) s.run.message.clear();
  }
  draw_run_section(s);
  draw_undo_row(s);
  if (ImGui::CollapsingHeader("Data", ImGuiTreeNodeFlags_DefaultOpen)) draw_data_section(s);
  if (ImGui::CollapsingHeader("Network", ImGuiTreeNodeFlags_DefaultOpen)) draw_network_section(s);
  if (ImGui::CollapsingHeader("Training", ImGuiTreeNodeFlags_DefaultOpen)) draw_training_section(s);
  if (ImGui::CollapsingHeader("View", ImGuiTreeNodeFlags_DefaultOpen)) draw_view_section(s);
  ImGui::PopItemWidth();
  ImGui::End();
}

}  // namespace relulab
