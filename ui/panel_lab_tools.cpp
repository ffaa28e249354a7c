// panel_lab_tools.cpp: the "Lab" window: what the main view shows, the point class added by
// clicking, the mirror switch, the weight penalties and init the controls panel leaves out, and the
// file actions: save / load the full state (core/state.h), import / export CSV (core/dataset.h),
// export the view as PNG. Natively a file is named by a path typed into a small dialog; on the page
// the browser's upload and download are used (JavaScript below, via EM_JS), and the configuration
// follows the URL hash (core/url.h), so a copied link reproduces the run.
//
// Bad input (malformed state, CSV or hash) leaves the running state untouched and says what was
// wrong in the app's message line.
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "lab_panels.h"
#include "experiments/mirror_switch.h"
#include "panels.h"
#include "io/state.h"
#include "io/url.h"

#if defined(__EMSCRIPTEN__)
#include <emscripten.h>
#endif

namespace relulab {

namespace {

constexpr int save_state_file = lab_save_state, load_state_file = lab_load_state, import_csv = lab_import_csv,
              export_csv = lab_export_csv, export_png = lab_export_png, url_hash = lab_url_hash;

const char* default_name(int action) {
  switch (action) {
    case save_state_file:
    case load_state_file: return "relulab-state.json";
    case import_csv:
    case export_csv: return "relulab-data.csv";
    case export_png: return "relulab-view.png";
    default: return "";
  }
}

// An upload (or the URL hash) handed over by JavaScript, consumed by the next frame.
struct Transfer {
  bool ready = false;
  int action = 0;
  std::string name, text;
};
Transfer pending;
AppState* page_app = nullptr;  // the page's app, for the window.relulab file calls (set every frame)
std::string page_reply;

}  // namespace

std::string lab_save_state_text(const AppState& s) { return save_state(s.trainer); }

}  // namespace relulab

#if defined(__EMSCRIPTEN__)
extern "C" EMSCRIPTEN_KEEPALIVE void relulab_lab_transfer(int action, const char* name, const char* text) {
  relulab::pending.ready = true;
  relulab::pending.action = action;
  relulab::pending.name = name ? name : "";
  relulab::pending.text = text ? text : "";
}

// window.relulab.saveState(): the full state as JSON text; loadState(text): "" or the message.
extern "C" EMSCRIPTEN_KEEPALIVE const char* relulab_lab_save_state() {
  relulab::page_reply = relulab::page_app ? relulab::lab_save_state_text(*relulab::page_app) : "";
  return relulab::page_reply.c_str();
}
extern "C" EMSCRIPTEN_KEEPALIVE const char* relulab_lab_load_state(const char* text) {
  relulab::page_reply = "the app is not running";
  if (relulab::page_app) {
    relulab::AppState& s = *relulab::page_app;
    s.message.clear();
    relulab::lab_receive_file(s, relulab::lab_load_state, "state", text ? text : "");
    relulab::page_reply = s.message;
  }
  return relulab::page_reply.c_str();
}

// Download bytes as a file (a Blob behind a temporary link).
EM_JS(void, lab_js_download, (const char* name, const char* mime, const unsigned char* data, int size), {
  const bytes = HEAPU8.slice(data, data + size);
  const url = URL.createObjectURL(new Blob([bytes], {type : UTF8ToString(mime)}));
  const a = document.createElement('a');
  a.href = url;
  a.download = UTF8ToString(name);
  document.body.appendChild(a);
  a.click();
  setTimeout(function() { URL.revokeObjectURL(url); a.remove(); }, 1000);
});

// Ask for a file; its text arrives through relulab_lab_transfer.
EM_JS(void, lab_js_upload, (int action, const char* accept, double max_bytes), {
  const input = document.createElement('input');
  input.type = 'file';
  input.accept = UTF8ToString(accept);
  input.style.display = 'none';
  document.body.appendChild(input);  // some browsers fire no change event on a detached input
  input.onchange = function() {
    const file = input.files[0];
    input.remove();
    if (!file) return;
    if (file.size > max_bytes) {
      Module.ccall('relulab_lab_transfer', null, [ 'number', 'string', 'string' ], [ action, file.name, '\u0000too large' ]);
      return;
    }
    file.text().then(function(text) {
      Module.ccall('relulab_lab_transfer', null, [ 'number', 'string', 'string' ], [ action, file.name, text ]);
    });
  };
  input.click();
});

// The URL hash now, and again whenever the user edits it.
EM_JS(void, lab_js_read_hash, (int action), {
  const send = function() {
    Module.ccall('relulab_lab_transfer', null, [ 'number', 'string', 'string' ], [ action, 'URL', window.location.hash || '' ]);
  };
  if (!window.relulabHashListener) {
    window.relulabHashListener = true;
    window.addEventListener('hashchange', send);
  }
  send();
});

EM_JS(void, lab_js_write_hash, (const char* hash), {
  history.replaceState(null, '', '#' + UTF8ToString(hash));
});

EM_JS(void, lab_js_copy_link, (), {
  if (navigator.clipboard) navigator.clipboard.writeText(window.location.href);
});
#endif

namespace relulab {

namespace {

// Fits the output link to a data set's kind (softmax for multiclass, linear for regression).
void fit_output(Config& c, const Dataset& d) {
  if (d.regression) c.network.output = Output::linear_mse;
  else if (d.classes > 2) c.network.output = Output::softmax_ce;
  else if (c.network.output == Output::softmax_ce || c.network.output == Output::linear_mse) c.network.output = Output::tanh_mse;
}

// Makes `t` the running trainer.
void install_trainer(AppState& s, Trainer t) {
  s.trainer = std::move(t);
  s.config = s.trainer.config;
  s.message.clear();
  s.lab.race_playing = false;
  measure_now(s);
}

// A new trainer on these data, or a message; the running state is untouched on error.
std::string install(AppState& s, const Config& c, Dataset data) {
  Trainer t;
  std::string error = make_trainer(c, std::move(data), &t);
  if (!error.empty()) return error;
  install_trainer(s, std::move(t));
  return "";
}

// What a loaded state continues from, for the Lab window's notice line.
std::string loaded_notice(const std::string& name, const Trainer& t, bool resumed) {
  if (!resumed) return "loaded " + name + ": weights only (no progress), training starts at step 0";
  char epoch_text[32];
  std::snprintf(epoch_text, sizeof epoch_text, "%.1f", epoch(t));
  std::string notice = "loaded " + name + ": continues from step " + std::to_string(t.step_count) + " (epoch " +
                       epoch_text + "); earlier curves are not saved";
  if (t.diverged) notice += ". The saved run had diverged (" + t.divergence + "): Reset to train again";
  return notice;
}

// Applies an uploaded or typed-in file; returns an error message, or "" and sets *done.
std::string receive_text(AppState& s, int action, const std::string& name, const std::string& text,
                         std::string* done) {
  if (!text.empty() && text[0] == '\0') {
    std::size_t limit = action == load_state_file ? max_state_bytes : max_csv_bytes;
    return name + ": file is larger than the " + std::to_string(limit >> 20) + " MiB limit";
  }
  if (action == load_state_file) {
    Trainer t;
    bool resumed = false;
    const std::string error = load_state(text, name, &t, &resumed);
    if (!error.empty()) return error;
    *done = loaded_notice(name, t, resumed);
    install_trainer(s, std::move(t));
    return "";
  }
  if (action == import_csv) {
    std::istringstream in(text);
    Dataset d;
    std::string error = read_csv(in, name, s.config.data.train_fraction, s.config.data.seed, &d);
    if (!error.empty()) return error;
    Config c = s.config;
    fit_output(c, d);
    error = install(s, c, std::move(d));
    return error.empty() ? "" : name + ": " + error;
  }
  if (action == url_hash) {
    std::string fragment = text;
    if (!fragment.empty() && fragment[0] == '#') fragment.erase(0, 1);
    if (fragment.empty()) return "";
    Config c;
    std::string error = decode_config_url(fragment, &c);
    if (error.empty() && c.data.kind == DataKind::custom)
      error = "url: custom data (CSV or hand-made points) cannot travel in a link; save and load a state file";
    if (error.empty()) error = apply_config(s, c);
    // on error the address bar is rewritten with the running configuration by the next poll
    s.lab.url_applied = error.empty() ? encode_config_url(s.config) : "";
    return error.empty() ? "" : error + " (the running configuration is kept)";
  }
  return "";
}

void finish(AppState& s, const std::string& error, const std::string& done) {
  if (error.empty()) {
    s.lab.notice = done;
  } else {
    s.message = error;
    s.lab.notice.clear();
  }
}

// Produces the bytes of a download / save.
std::string bytes_for(const AppState& s, int action, std::string* mime) {
  if (action == save_state_file) {
    *mime = "application/json";
    return save_state(s.trainer);
  }
  if (action == export_csv) {
    *mime = "text/csv";
    std::ostringstream out;
    write_csv(out, s.trainer.data);
    return out.str();
  }
  *mime = "image/png";
  const std::vector<unsigned char> png = render_view_png(s, 768);
  return std::string(png.begin(), png.end());
}

void start_action(AppState& s, int action) {
#if defined(__EMSCRIPTEN__)
  if (action == load_state_file) lab_js_upload(action, ".json,application/json", double(max_state_bytes));
  else if (action == import_csv) lab_js_upload(action, ".csv,text/csv,text/plain", double(max_csv_bytes));
  else {
    std::string mime;
    const std::string bytes = bytes_for(s, action, &mime);
    lab_js_download(default_name(action), mime.c_str(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    static_cast<int>(bytes.size()));
    s.lab.notice = std::string("downloaded ") + default_name(action);
  }
#else
  s.lab.file_action = action;
  s.lab.path = default_name(action);
  ImGui::OpenPopup("file");
#endif
}

// Native: the path dialog for the pending action.
void draw_file_dialog(AppState& s) {
  static char path[1024];
  static int for_action = 0;
  if (!ImGui::BeginPopupModal("file", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
  LabState& lab = s.lab;
  if (for_action != lab.file_action) {
    std::snprintf(path, sizeof path, "%s", lab.path.c_str());
    for_action = lab.file_action;
  }
  const bool reading = lab.file_action == load_state_file || lab.file_action == import_csv;
  ImGui::Text("%s", reading ? "Read from file:" : "Write to file:");
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 28);
  const bool enter = ImGui::InputText("##path", path, sizeof path, ImGuiInputTextFlags_EnterReturnsTrue);
  tooltip("A path, relative to the directory the app was started in");
  if (ImGui::Button("OK") || enter) {
    const std::string p = path;
    if (reading) {
      std::string text;
      std::string error = read_text_file(p, max_state_bytes, &text);
      std::string done = "read " + p;
      if (error.empty()) error = receive_text(s, lab.file_action, p, text, &done);
      finish(s, error, done);
    } else {
      std::string mime;
      const std::string bytes = bytes_for(s, lab.file_action, &mime);
      std::ofstream out(p, std::ios::binary);
      out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
      finish(s, out ? "" : p + ": cannot write the file", "wrote " + p);
    }
    lab.file_action = 0;
    for_action = 0;
    ImGui::CloseCurrentPopup();
  }
  ImGui::SameLine();
  if (ImGui::Button("Cancel")) {
    lab.file_action = 0;
    for_action = 0;
    ImGui::CloseCurrentPopup();
  }
  ImGui::EndPopup();
}

}  // namespace

std::string lab_mirror(AppState& s, Activation variant) {
  bool any = false;
  for (const LayerSpec& l : s.trainer.config.network.hidden) any = any || activation_info(l.activation).exact_zeros;
  if (!any) return "Mirror: no hidden layer of the ReLU family to mirror";
  if (!mirror_switch(s.trainer, variant)) return std::string("Mirror: ") + activation_name(variant) + " is not a ReLU variant";
  s.config.network.hidden = s.trainer.config.network.hidden;
  s.lab.notice = std::string("switched to ") + activation_info(variant).label + " by sign flips: the curves continue unchanged";
  s.lab.maps_step = -2;
  measure_now(s);
  return "";
}

void lab_receive_file(AppState& s, int action, const std::string& name, const std::string& text) {
  std::string done = action == url_hash ? "" : "loaded " + name;
  const std::string error = receive_text(s, action, name, text, &done);
  finish(s, error, done);
}

void lab_poll_transfers(AppState& s) {
#if defined(__EMSCRIPTEN__)
  LabState& lab = s.lab;
  page_app = &s;
  if (!lab.url_loaded) {
    lab.url_loaded = true;
    lab_js_read_hash(url_hash);
  }
  if (pending.ready) {
    pending.ready = false;
    lab_receive_file(s, pending.action, pending.name, pending.text);
    pending.text.clear();
  }
  // hand-made points cannot travel in a link: the hash keeps the last generated configuration
  const std::string hash = encode_config_url(s.config);
  if (s.config.data.kind != DataKind::custom && hash != lab.url_applied) {
    lab.url_applied = hash;
    lab_js_write_hash(hash.c_str());
  }
#else
  (void)s;
#endif
}

void draw_lab_tools_panel(AppState& s) {
  LabState& lab = s.lab;
  place_next_window(s, compute_layout(s).lab);
  ImGui::Begin("Lab");
  ImGui::PushItemWidth(ImGui::GetContentRegionAvail().x * 0.5f);
  // ---- main view ----
  int view = static_cast<int>(lab.view);
  ImGui::TextUnformatted("Main view");
  ImGui::RadioButton("boundary", &view, static_cast<int>(MainView::boundary));
  tooltip("The network's output: the decision boundary, shaded by confidence");
  ImGui::SameLine();
  ImGui::RadioButton("linear regions", &view, static_cast<int>(MainView::regions));
  tooltip("One colour per activation pattern: each patch is a piece where the network is one affine map");
  ImGui::SameLine();
  ImGui::RadioButton("unit", &view, static_cast<int>(MainView::unit));
  tooltip("One hidden unit's output over the plane (click a unit in the Network window to choose it)");
  lab.view = static_cast<MainView>(view);
  ImGui::Checkbox("discretised", &s.discrete_boundary);
  tooltip("Colour each pixel by its class only, without the confidence shading");
  ImGui::SameLine();
  ImGui::Checkbox("masks", &lab.unit_mask);
  tooltip("Units drawn as on/off masks (dark = active) instead of their output value");
  ImGui::SameLine();
  ImGui::Checkbox("probe", &lab.probe_enabled);
  tooltip("Hovering the plot shows the active units and the local linear map");
  // ---- clicking adds points of ----
  const Dataset& d = s.trainer.data;
  if (d.regression) {
    ImGui::SliderFloat("click adds target", &lab.point_value, -1.0f, 1.0f, "%.2f");
    tooltip("Clicking the plot adds a training point with this target; shift/ctrl-click removes the nearest");
  } else {
    lab.point_class = std::clamp(lab.point_class, 0, d.classes - 1);
    ImGui::TextUnformatted("Click adds");
    for (int c = 0; c < d.classes; ++c) {
      ImGui::SameLine();
      ImGui::PushID(c);
      ImGui::PushStyleColor(ImGuiCol_CheckMark, ImGui::ColorConvertU32ToFloat4(class_colour_u32(c)));
      char label[16];
      std::snprintf(label, sizeof label, "%d", c);
      ImGui::RadioButton(label, &lab.point_class, c);
      ImGui::PopStyleColor();
      ImGui::PopID();
      if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Clicking the plot adds a training point of class %d; shift/ctrl-click removes the nearest", c);
    }
  }
  // ---- training extras ----
  ImGui::Separator();
  {
    TrainSpec t = s.config.train;
    bool changed = ImGui::SliderFloat("L1 weights", &t.l1, 0.0f, 0.01f, "%.4f");
    tooltip("L1 penalty on the weights: pushes weights to exact zeros");
    if (t.optimizer == Optimizer::momentum) {
      changed |= ImGui::SliderFloat("momentum", &t.momentum, 0.0f, 0.99f, "%.2f");
      tooltip("Heavy-ball momentum coefficient");
    }
    if (changed) {
      const std::string error = set_train_spec(s.trainer, t);
      if (error.empty()) s.config.train = t;
      else s.message = error;
    }
    Config c = s.config;
    if (ImGui::BeginCombo("bias init", bias_init_name(c.network.bias_init))) {
      for (int b = 0; b < static_cast<int>(BiasInit::count); ++b)
        if (ImGui::Selectable(bias_init_name(static_cast<BiasInit>(b)), b == static_cast<int>(c.network.bias_init))) {
          c.network.bias_init = static_cast<BiasInit>(b);
          const std::string error = apply_config(s, c);
          if (!error.empty()) s.message = error;
        }
      ImGui::EndCombo();
    }
    tooltip("Initial biases: zero, 0.01, or the Playground's 0.1 (a small positive bias keeps ReLUs alive)");
  }
  // ---- mirror ----
  ImGui::Separator();
  static const Activation variants[] = {Activation::relu, Activation::relu_neg, Activation::neg_relu, Activation::neg_relu_neg};
  if (ImGui::BeginCombo("mirror to", activation_info(lab.mirror_variant).label)) {
    for (Activation v : variants)
      if (ImGui::Selectable(activation_info(v).label, v == lab.mirror_variant)) lab.mirror_variant = v;
    ImGui::EndCombo();
  }
  tooltip("The mirrored ReLU the Mirror button switches to");
  ImGui::SameLine();
  if (ImGui::Button("Mirror")) {
    const std::string error = lab_mirror(s, lab.mirror_variant);
    if (!error.empty()) s.message = error;
  }
  tooltip("Flip weight signs so the ReLU layers become the chosen mirror, mid-run: the function and its training are unchanged");
  // ---- files ----
  ImGui::Separator();
  const float bw = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) * 0.5f;
  if (ImGui::Button("Save state", ImVec2(bw, 0))) start_action(s, save_state_file);
  tooltip("Save the configuration, the weights, hand-made points and the training progress (step, minibatch order, optimiser moments) as JSON");
  ImGui::SameLine();
  if (ImGui::Button("Load state", ImVec2(bw, 0))) start_action(s, load_state_file);
  tooltip("Load a saved JSON state: training continues exactly where it was saved (the loss curves start at that step); a malformed file is refused and the run continues");
  if (ImGui::Button("Import CSV", ImVec2(bw, 0))) start_action(s, import_csv);
  tooltip("Load points from a CSV file of x1,x2,label lines (labels 0..4 classes, or real targets)");
  ImGui::SameLine();
  if (ImGui::Button("Export CSV", ImVec2(bw, 0))) start_action(s, export_csv);
  tooltip("Save the data points (train then test) as x1,x2,label");
  if (ImGui::Button("Export PNG", ImVec2(bw, 0))) start_action(s, export_png);
  tooltip("Save the main view (boundary, regions or unit map, with the points) as a 768x768 PNG");
#if defined(__EMSCRIPTEN__)
  ImGui::SameLine();
  if (ImGui::Button("Copy link", ImVec2(bw, 0))) {
    lab_js_copy_link();
    lab.notice = "link copied: it reproduces this configuration and seed";
  }
  tooltip("Copy the page's URL: its hash holds the whole configuration and seed");
#endif
  draw_file_dialog(s);
  if (!lab.notice.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("%s", lab.notice.c_str());
    ImGui::PopStyleColor();
  }
  ImGui::PopItemWidth();
  ImGui::End();
}

}  // namespace relulab
