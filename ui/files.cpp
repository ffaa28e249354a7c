// files.cpp: the file actions (files.h): state JSON, CSV, PNG and the URL hash, through the
// platform's download / upload where it has them, else through paths.
#include "files.h"

#include <cstdio>
#include <fstream>
#include <sstream>

#include "classroom.h"
#include "data/dataset.h"
#include "gfx/view_png.h"
#include "i18n/i18n.h"
#include "io/state.h"
#include "io/url.h"
#include "regions.h"

namespace relulab {

namespace {

// Fits the output link to a data set's kind (softmax for multiclass, linear for regression).
void fit_output(Config& c, const Dataset& d) {
  if (d.regression) c.network.output = Output::linear_mse;
  else if (d.classes > 2) c.network.output = Output::softmax_ce;
  else if (c.network.output == Output::softmax_ce || c.network.output == Output::linear_mse)
    c.network.output = Output::tanh_mse;
}

// What a loaded state continues from, for the Tools window's notice line.
std::string loaded_notice(const std::string& name, const Trainer& t, bool resumed) {
  if (!resumed) return trf(Str::notice_loaded_weights, name.c_str());
  std::string notice = trf(Str::notice_loaded_resumed, name.c_str(), t.step_count, epoch(t));
  if (t.diverged) notice += trf(Str::notice_saved_diverged, tr_core(t.divergence).c_str());
  return notice;
}

// Applies a file's text; returns an error message, or "" and sets *done.
std::string receive_text(AppState& s, FileAction action, const std::string& name, const std::string& text,
                         std::string* done) {
  if (!text.empty() && text[0] == '\0') {
    const std::size_t limit = action == FileAction::load_state ? max_state_bytes : max_csv_bytes;
    return trf(Str::file_too_large, name.c_str(), static_cast<int>(limit >> 20));
  }
  switch (action) {
    case FileAction::load_state: {
      // any state or config file: its weights and points are used (core/state.h's open_run)
      Trainer t;
      FileParts parts;
      const std::string error = open_run(text, name, &t, &parts);
      if (!error.empty()) return error;
      *done = parts.weights ? loaded_notice(name, t, parts.progress)
              : parts.data  ? trf(Str::notice_loaded_points, name.c_str())
                            : trf(Str::notice_loaded_config, name.c_str());
      remember_for_undo(s, "Load state");
      install_trainer(s, std::move(t));
      return "";
    }
    case FileAction::import_csv: {
      std::istringstream in(text);
      Dataset d;
      std::string error = read_csv(in, name, s.run.config.data.train_fraction, s.run.config.data.seed, &d);
      if (!error.empty()) return error;
      Config c = s.run.config;
      fit_output(c, d);
      Trainer t;
      error = make_trainer(c, std::move(d), &t);
      if (!error.empty()) return name + ": " + error;
      remember_for_undo(s, "Import CSV");
      install_trainer(s, std::move(t));
      return "";
    }
    case FileAction::url_hash: {
      std::string fragment = text;
      if (!fragment.empty() && fragment[0] == '#') fragment.erase(0, 1);
      ViewKeys keys;  // lang, tour, hide (classroom.h): all checked before anything is applied
      std::string error = split_view_keys(fragment, &keys, &fragment);
      if (error.empty() && !fragment.empty()) {
        Config c;
        error = decode_config_url(fragment, &c);
        if (error.empty() && c.data.kind == DataKind::custom)
          error = tr(Str::url_custom_data);
        if (error.empty()) error = apply_config(s, c);
        if (!error.empty()) error = trf(Str::url_error_kept, tr_core(error).c_str());
      }
      if (error.empty()) apply_view_keys(s, keys);
      // on error the address bar is rewritten with the running configuration by the next sync
      s.files.url_applied = error.empty() && !fragment.empty() ? encode_config_url(s.run.config) + view_keys_suffix(s) : "";
      return error;
    }
    default: return "";
  }
}

void finish(AppState& s, const std::string& error, const std::string& done) {
  if (error.empty()) {
    s.files.notice = done;
  } else {
    s.run.message = error;
    s.files.notice.clear();
  }
}

// The bytes of a download / save; "" and *error when there are none (an SVG without the exact
// partition).
std::string bytes_for(const AppState& s, FileAction action, std::string* mime, std::string* error) {
  if (action == FileAction::export_svg) {  // the CLI's --svg drawing (ui/regions.h)
    *mime = "image/svg+xml";
    return regions_svg(s, error);
  }
  if (action == FileAction::save_state) {
    *mime = "application/json";
    return save_state(s.run.trainer);
  }
  if (action == FileAction::export_csv) {
    *mime = "text/csv";
    std::ostringstream out;
    write_csv(out, s.run.trainer.data);
    return out.str();
  }
  *mime = "image/png";
  const std::vector<unsigned char> png = render_view_png(s, 768);
  return std::string(png.begin(), png.end());
}

bool reads_a_file(FileAction action) {
  return action == FileAction::load_state || action == FileAction::import_csv;
}

}  // namespace

const char* default_file_name(FileAction action) {
  switch (action) {
    case FileAction::save_state:
    case FileAction::load_state: return "relulab-state.json";
    case FileAction::import_csv:
    case FileAction::export_csv: return "relulab-data.csv";
    case FileAction::export_png: return "relulab-view.png";
    case FileAction::export_svg: return "relulab-regions.svg";
    default: return "";
  }
}

std::string save_state_text(const AppState& s) { return save_state(s.run.trainer); }

void app_receive_file(AppState& s, FileAction action, const std::string& name, const std::string& text) {
  std::string done = action == FileAction::url_hash ? "" : trf(Str::notice_loaded, name.c_str());
  const std::string error = receive_text(s, action, name, text, &done);
  finish(s, error, done);
}

bool start_file_action(AppState& s, FileAction action) {
  if (reads_a_file(action)) {
    if (!s.platform.upload) return false;
    if (action == FileAction::load_state) s.platform.upload(action, ".json,application/json", max_state_bytes);
    else s.platform.upload(action, ".csv,text/csv,text/plain", max_csv_bytes);
    return true;
  }
  if (!s.platform.download) return false;
  std::string mime, error;
  const std::string bytes = bytes_for(s, action, &mime, &error);
  if (!error.empty()) {
    finish(s, error, "");
    return true;
  }
  s.platform.download(default_file_name(action), mime, bytes);
  s.files.notice = trf(Str::notice_downloaded, default_file_name(action));
  return true;
}

void complete_file_action(AppState& s, FileAction action, const std::string& path) {
  if (reads_a_file(action)) {
    std::string text;
    std::string error = read_text_file(path, action == FileAction::load_state ? max_state_bytes : max_csv_bytes, &text);
    std::string done = trf(Str::notice_read, path.c_str());
    if (error.empty()) error = receive_text(s, action, path, text, &done);
    finish(s, error, done);
    return;
  }
  std::string mime, error;
  const std::string bytes = bytes_for(s, action, &mime, &error);
  if (!error.empty()) {
    finish(s, error, "");
    return;
  }
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  finish(s, out ? "" : trf(Str::cannot_write, path.c_str()), trf(Str::notice_wrote, path.c_str()));
}

void sync_url_hash(AppState& s) {
  if (!s.platform.write_hash || s.run.config.data.kind == DataKind::custom) return;
  const std::string hash = encode_config_url(s.run.config) + view_keys_suffix(s);  // classroom.h
  if (hash == s.files.url_applied) return;
  s.files.url_applied = hash;
  s.platform.write_hash(hash);
}

}  // namespace relulab
