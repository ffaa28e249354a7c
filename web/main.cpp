// main.cpp: the page's entry point. SDL2 (built for wasm) gives the window and its events, a WebGL2
// context on #canvas keeps its pixels between frames (preserveDrawingBuffer), and
// emscripten_set_main_loop drives the shared app (ui/app.h) once per animation frame. The canvas
// follows the browser window's size and its backing store the device pixel ratio (SDL's
// SDL_WINDOW_ALLOW_HIGHDPI sizes it CSS size x devicePixelRatio; the ratio is re-read every frame,
// so zooming or moving the window to another screen re-sizes it and the fonts are rebuilt). This
// file is the only place the page's platform code lives: the browser's download, upload, URL hash,
// clipboard and autosave (the app's Platform, ui/platform.h; web/autosave.js keeps the run in
// IndexedDB), and the relulab_* functions, the C side of window.relulab (web/relulab.js): each
// returns a JSON string that stays valid until the next call. Texts of any size come in through the
// heap (_malloc), never ccall's 'string', which copies onto the 5 MiB wasm stack.
#include <SDL.h>
#include <emscripten.h>
#include <emscripten/html5.h>

#include <malloc.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "api.h"
#include "app.h"
#include "autosave.h"
#include "classroom.h"
#include "files.h"
#include "fonts_cjk.h"
#include "i18n/i18n.h"
#include "tour.h"
#include "imgui.h"
#include "imgui_impl_opengl3.h"

namespace {

relulab::AppState app;
SDL_Window* window = nullptr;
std::string reply;  // the last JSON handed to JavaScript

// Shows `message` on the page (shell.html's error box) and in the console.
void report_fatal(const std::string& message) {
  std::fprintf(stderr, "%s\n", message.c_str());
  EM_ASM({ if (window.relulabShowError) window.relulabShowError(UTF8ToString($0)); }, message.c_str());
}

const char* hand_out(std::string text) {
  reply = std::move(text);
  return reply.c_str();
}

// WebGL context loss (GPU reset, driver update, too many contexts). The browser only
// restores a lost context if the loss event's default is prevented. While lost, nothing is drawn and
// training pauses; the model lives in wasm memory and window.relulab keeps working. On restore every
// GL object is gone, so ImGui's and the plot renderer's are created again and play resumes.
void wake();
bool context_lost = false;
bool playing_before_loss = false;

EM_BOOL on_context_lost(int, const void*, void*) {
  context_lost = true;
  playing_before_loss = app.run.playing;
  app.run.playing = false;
  EM_ASM({ if (window.relulabShowNotice) window.relulabShowNotice(UTF8ToString($0)); },
         relulab::tr(relulab::Str::context_lost));
  return EM_TRUE;  // preventDefault
}

EM_BOOL on_context_restored(int, const void*, void*) {
  // A full backend restart: DestroyDeviceObjects alone would keep imgui 1.86's cached vertex/index
  // buffer sizes, and the new, empty buffers would then be too small to draw from.
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplOpenGL3_Init("#version 300 es");
  relulab::renderer_shutdown(app.renderer);
  relulab::renderer_init(app.renderer);
  relulab::ui_renderer_shutdown(app.ui_gl);
  relulab::ui_renderer_init(app.ui_gl, true);
  relulab::view_raster_release(app.raster);  // its texture went with the context
  app.shader_key = relulab::ViewKey{};
  if (!app.renderer.ready) {
    report_fatal("boundary renderer after the graphics context was restored: " + app.renderer.error);
    return EM_TRUE;
  }
  context_lost = false;
  app.run.playing = playing_before_loss;
  EM_ASM({ if (window.relulabHideNotice) window.relulabHideNotice(); });
  app.frame.wake_frames = 3;
  wake();
  return EM_TRUE;
}

// ---- the browser's services (the app's Platform) -----------------------------------------------

// Download bytes as a file (a Blob behind a temporary link).
EM_JS(void, js_download, (const char* name, const char* mime, const char* data, int size), {
  const bytes = HEAPU8.slice(data, data + size);
  const url = URL.createObjectURL(new Blob([bytes], {type : UTF8ToString(mime)}));
  const a = document.createElement('a');
  a.href = url;
  a.download = UTF8ToString(name);
  document.body.appendChild(a);
  a.click();
  setTimeout(function() { URL.revokeObjectURL(url); a.remove(); }, 1000);
});

// Ask for a file; its text arrives through relulab_receive_file (a text of one NUL: too large).
EM_JS(void, js_upload, (int action, const char* accept, double max_bytes), {
  const input = document.createElement('input');
  input.type = 'file';
  input.accept = UTF8ToString(accept);
  input.style.display = 'none';
  document.body.appendChild(input);  // some browsers fire no change event on a detached input
  input.onchange = function() {
    const file = input.files[0];
    input.remove();
    if (!file) return;
    // through the heap (a file may be larger than the stack); size -1: over max_bytes
    const pass = function(text) {
      const n = text === null ? 1 : lengthBytesUTF8(text) + 1;
      const p = _malloc(n);
      if (p && text !== null) stringToUTF8(text, p, n);
      Module.ccall('relulab_receive_file_bytes', null, [ 'number', 'string', 'number', 'number' ],
                   [ action, file.name, p, p && text !== null ? n - 1 : -1 ]);
      _free(p);
    };
    if (file.size > max_bytes) {
      pass(null);
      return;
    }
    file.text().then(pass);
  };
  input.click();
});

// The URL hash whenever the user edits it, and now unless the autosaved run was continued.
EM_JS(void, js_watch_hash, (int action, int send_now), {
  const send = function() {
    Module.ccall('relulab_receive_file', null, [ 'number', 'string', 'string' ], [ action, 'URL', window.location.hash || '' ]);
  };
  window.addEventListener('hashchange', send);
  if (send_now) send();
});

// ---- autosave (web/autosave.js) ----

EM_JS(void, js_autosave_save, (const char* text, int size), {
  window.relulabAutosave.save(UTF8ToString(text, size));
});

// A field of the record read before main() (0 state, 1 its hash, 2 the hash now, 3 storage error),
// as a malloc'd string (freed by the caller), or 0.
EM_JS(char*, js_autosave_field, (int which), {
  const text = window.relulabAutosave ? window.relulabAutosave.field(which) : '';
  if (!text) return 0;
  const n = lengthBytesUTF8(text) + 1;
  const p = _malloc(n);
  if (p) stringToUTF8(text, p, n);
  return p;
});

EM_JS(void, js_autosave_set_aside, (), { window.relulabAutosave.setAside(); });
EM_JS(void, js_autosave_watch_page, (), { window.relulabAutosave.watchPage(Module); });

std::string autosave_field(int which) {
  char* p = js_autosave_field(which);
  if (!p) return "";
  std::string text(p);
  std::free(p);
  return text;
}

// Continues the last run, or follows a link that names another configuration; starts the saves.
// Returns whether the URL hash still has to be applied.
bool restore_or_follow_link() {
  const std::string storage_error = autosave_field(3);
  if (!storage_error.empty()) {
    app.autosave.error = storage_error;
    app.run.message = relulab::trf(relulab::Str::autosave_off, relulab::tr_core(storage_error).c_str());
    return true;
  }
  app.platform.save_autosave = [](const std::string& text) {
    js_autosave_save(text.data(), static_cast<int>(text.size()));
    return std::string();  // the answer comes through relulab_autosave_result
  };
  const std::string saved = autosave_field(0);
  bool send_hash = true;
  if (!saved.empty()) {
    const std::string hash_now = autosave_field(2);
    const bool link_wins = !hash_now.empty() && hash_now != autosave_field(1);
    std::string error;
    const relulab::AutosaveRestore r = relulab::restore_autosave(app, saved, "autosave", link_wins, &error);
    if (r == relulab::AutosaveRestore::restored) send_hash = false;
    if (r == relulab::AutosaveRestore::unreadable) {
      js_autosave_set_aside();
      app.run.message = relulab::trf(relulab::Str::autosave_unreadable, relulab::tr_core(error).c_str());
    }
  }
  relulab::autosave_arm(app);
  js_autosave_watch_page();
  return send_hash;
}

EM_JS(void, js_write_hash, (const char* hash), {
  history.replaceState(null, '', '#' + UTF8ToString(hash));
});

EM_JS(void, js_copy_link, (), {
  if (navigator.clipboard) navigator.clipboard.writeText(window.location.href).catch(function() {});
});

// The WebGL renderer's real name (WEBGL_debug_renderer_info) into out; 0 where the browser hides it.
EM_JS(int, js_unmasked_renderer, (char* out, int size), {
  const gl = typeof GLctx !== 'undefined' ? GLctx : null;
  const info = gl && gl.getExtension('WEBGL_debug_renderer_info');
  const name = info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : null;
  if (!name) return 0;
  stringToUTF8(name, out, size);
  return 1;
});

EM_JS(void, js_copy_text, (const char* text), {
  if (navigator.clipboard) navigator.clipboard.writeText(UTF8ToString(text));
});

// The Chinese font, downloaded only when Chinese is chosen; its bytes go to relulab_receive_font
// (none: the download failed).
EM_JS(void, js_fetch_cjk_font, (), {
  fetch('relulab-zh.ttf')
      .then(function(r) {
        if (!r.ok) throw new Error('HTTP ' + r.status);
        return r.arrayBuffer();
      })
      .then(function(buffer) {
        const bytes = new Uint8Array(buffer);
        const p = _malloc(bytes.length);
        HEAPU8.set(bytes, p);
        Module.ccall('relulab_receive_font', null, [ 'number', 'number' ], [ p, bytes.length ]);
        _free(p);
      })
      .catch(function(e) {
        console.error('relulab-zh.ttf: ' + e);
        Module.ccall('relulab_receive_font', null, [ 'number', 'number' ], [ 0, 0 ]);
      });
});

// The language to start in: 2 + lang for a lang= key in the hash (the reader's choice), else
// navigator.language's (0 English, 1 Chinese). A malformed lang= is left to the hash's check.
EM_JS(int, js_initial_lang, (), {
  const m = /(?:^#|&)lang=([^&]*)/.exec(window.location.hash || '');
  if (m && (m[1] === 'en' || m[1] === 'zh')) return 2 + (m[1] === 'zh' ? 1 : 0);
  return /^zh/i.test(navigator.language || '') ? 1 : 0;
});

// The page's address without its hash, for classroom links.
EM_JS(void, js_page_address, (char* out, int size), {
  stringToUTF8(window.location.origin + window.location.pathname + window.location.search, out, size);
});

relulab::Platform browser_platform() {
  relulab::Platform p;
  p.download = [](const std::string& name, const std::string& mime, const std::string& bytes) {
    js_download(name.c_str(), mime.c_str(), bytes.data(), static_cast<int>(bytes.size()));
  };
  p.upload = [](relulab::FileAction action, const char* accept, std::size_t max_bytes) {
    js_upload(static_cast<int>(action), accept, static_cast<double>(max_bytes));
  };
  p.write_hash = [](const std::string& hash) { js_write_hash(hash.c_str()); };
  p.copy_link = [] { js_copy_link(); };
  p.copy_text = [](const std::string& text) { js_copy_text(text.c_str()); };
  p.fetch_cjk_font = [] { js_fetch_cjk_font(); };
  return p;
}

// ---- sleeping while nothing changes -------------------------------------------------------------
// When the app has nothing to draw (paused, no input, no animation), the main loop pauses itself:
// no animation-frame callbacks at all, so an idle tab costs no CPU. Any input on the page, a resize,
// a hash change or a window.relulab call resumes it (relulab_wake).
bool loop_paused = false;

void wake() {
  if (!loop_paused) return;
  loop_paused = false;
  emscripten_resume_main_loop();
}

EM_JS(void, js_install_wake, (), {
  const wake = function() { Module.ccall('relulab_wake', null, [], []); };
  const events = ['pointerdown', 'pointerup', 'pointermove', 'mousedown', 'mouseup', 'mousemove', 'wheel',
                  'keydown', 'keyup', 'touchstart', 'touchmove', 'touchend', 'touchcancel', 'resize',
                  'focus', 'blur', 'hashchange', 'visibilitychange'];
  for (const name of events) window.addEventListener(name, wake, {capture : true, passive : true});
  // a new devicePixelRatio (the window moved to another screen, page zoom) may come
  // without a resize: wake, so frame() re-sizes the backing store and the fonts follow
  const watch_ratio = function() {
    matchMedia('(resolution: ' + window.devicePixelRatio + 'dppx)')
        .addEventListener('change', function() { wake(); watch_ratio(); }, {once : true});
  };
  watch_ratio();
});

void frame() {
  if (context_lost) {  // keep SDL's event queue drained, draw nothing
    SDL_Event event;
    while (SDL_PollEvent(&event)) {
    }
    return;
  }
  double css_w = 0, css_h = 0;
  emscripten_get_element_css_size("#canvas", &css_w, &css_h);
  int w = 0, h = 0;
  SDL_GetWindowSize(window, &w, &h);
  static double ratio = 0;  // SDL re-reads devicePixelRatio in SDL_SetWindowSize
  const double now_ratio = emscripten_get_device_pixel_ratio();
  if (css_w >= 1 && css_h >= 1 &&
      (static_cast<int>(css_w) != w || static_cast<int>(css_h) != h || now_ratio != ratio)) {
    SDL_SetWindowSize(window, static_cast<int>(css_w), static_cast<int>(css_h));
    ratio = now_ratio;
    app.frame.wake_frames = 3;
  }
  SDL_Event event;
  bool input = false;
  while (SDL_PollEvent(&event)) {
    relulab::app_event(app, event);
    input = true;
  }
  if (!input && !relulab::app_wants_frame(app)) {
    relulab::autosave_idle(app);  // going to sleep: keep what changed since the last save
    loop_paused = true;
    emscripten_pause_main_loop();
    return;
  }
  relulab::app_frame(app);
}

}  // namespace

extern "C" {
EMSCRIPTEN_KEEPALIVE void relulab_wake() {
  app.frame.wake_frames = std::max(app.frame.wake_frames, 2);
  wake();
}
EMSCRIPTEN_KEEPALIVE const char* relulab_state() {
  if (app.run.trainer.stats.step != app.run.trainer.step_count) relulab::measure_now(app);  // fresh numbers
  relulab::tour_update(app);
  return hand_out(relulab::state_json(app));
}
// window.relulab.tour(n): step n of the tour (0 exits); the tour's state, or "" for a bad n.
EMSCRIPTEN_KEEPALIVE const char* relulab_tour(int step) {
  relulab_wake();
  if (!relulab::tour_open(app, step)) return hand_out("");
  return hand_out(relulab::tour_json(app));
}
// window.relulab.tourDo(): the current step's action, done for the reader.
EMSCRIPTEN_KEEPALIVE const char* relulab_tour_do() {
  relulab_wake();
  relulab::tour_do_action(app);
  return hand_out(relulab::tour_json(app));
}
// window.relulab.lang(code): "" or why not.
EMSCRIPTEN_KEEPALIVE const char* relulab_lang(const char* code) {
  relulab_wake();
  relulab::Lang lang;
  if (!relulab::parse_lang(code ? code : "", &lang)) return hand_out(relulab::trf(relulab::Str::bad_lang, code ? code : ""));
  relulab::request_language(app, lang, true);
  return hand_out("");
}
// The Chinese font's bytes from js_fetch_cjk_font (size 0: the download failed).
EMSCRIPTEN_KEEPALIVE void relulab_receive_font(const char* bytes, int size) {
  relulab_wake();
  relulab::app_receive_cjk_font(app, size > 0 && bytes ? std::string(bytes, static_cast<size_t>(size)) : std::string());
}
// the screen: layout, pixel scale, fonts, windows and touch counters (ui/api.h screen_json), plus the
// canvas backing store as the browser has it.
EMSCRIPTEN_KEEPALIVE const char* relulab_screen() {
  int backing_w = 0, backing_h = 0;
  emscripten_get_canvas_element_size("#canvas", &backing_w, &backing_h);
  std::string json = relulab::screen_json(app);
  json.pop_back();  // the closing brace
  json += ",\"backing_width\":" + std::to_string(backing_w) + ",\"backing_height\":" + std::to_string(backing_h) +
          ",\"device_pixel_ratio\":" + std::to_string(emscripten_get_device_pixel_ratio()) + "}";
  return hand_out(json);
}
EMSCRIPTEN_KEEPALIVE const char* relulab_config() { return hand_out(relulab::config_json(app)); }
EMSCRIPTEN_KEEPALIVE const char* relulab_load(const char* json) {
  relulab_wake();
  return hand_out(relulab::load_config_json(app, json));
}
EMSCRIPTEN_KEEPALIVE void relulab_play(int on) {
  app.run.playing = on != 0;
  relulab_wake();
}
EMSCRIPTEN_KEEPALIVE const char* relulab_step(int steps) {
  relulab_wake();
  app.run.playing = false;
  relulab::step_training(app, steps);
  return hand_out(relulab::state_json(app));
}
EMSCRIPTEN_KEEPALIVE const char* relulab_shader_check(int size) {
  return hand_out(relulab::shader_checks_json(relulab::run_shader_checks(app, size)));
}
// window.relulab.redrawCheck(frames): the next `frames` frames are drawn where they changed and
// again in full, and compared (gfx/ui_renderer.h); state().redraw_check reports.
EMSCRIPTEN_KEEPALIVE void relulab_redraw_check(int frames) {
  app.frame.redraw_checks_left = frames > 0 ? frames : 0;
  app.frame.redraw_frames_checked = app.frame.redraw_frames_differing = app.frame.redraw_pixels_differing = 0;
  app.frame.redraw_share_sum = 0;
  app.frame.redraw_first_difference.clear();
  wake();
}

// window.relulab.locate(label, n): the next frame reports where the n-th widget labelled `label`
// is drawn (ui/item_locator.h); relulab_located() answers once that frame is done.
EMSCRIPTEN_KEEPALIVE void relulab_locate(const char* label, int occurrence) {
  relulab::locate_item(ImGui::GetCurrentContext(), app.item_query, label ? label : "", occurrence);
  relulab_wake();
}
EMSCRIPTEN_KEEPALIVE const char* relulab_located() { return hand_out(relulab::item_query_json(app.item_query)); }

// window.relulab.view(name): shows 'boundary', 'regions' or 'unit' in the main view; "" or why not.
EMSCRIPTEN_KEEPALIVE const char* relulab_view(const char* name) {
  relulab_wake();
  return hand_out(relulab::set_main_view(app, name ? name : ""));
}
// The URL hash, from the JavaScript above.
EMSCRIPTEN_KEEPALIVE void relulab_receive_file(int action, const char* name, const char* text) {
  relulab_wake();
  relulab::app_receive_file(app, static_cast<relulab::FileAction>(action), name ? name : "", text ? text : "");
}
// An uploaded file's bytes (size < 0: the file is over the limit, app_receive_file's one NUL).
EMSCRIPTEN_KEEPALIVE void relulab_receive_file_bytes(int action, const char* name, const char* text, int size) {
  relulab_wake();
  const std::string bytes = size < 0 || !text ? std::string(1, '\0') : std::string(text, static_cast<std::size_t>(size));
  relulab::app_receive_file(app, static_cast<relulab::FileAction>(action), name ? name : "", bytes);
}
// The autosave: the browser's answer to a save ("" stored, or why not); save now if changed
// (visibilitychange, pagehide, relulab.flushAutosave()); and its status for scripts.
EMSCRIPTEN_KEEPALIVE void relulab_autosave_result(const char* error) {
  relulab::autosave_result(app, error ? error : "");
}
EMSCRIPTEN_KEEPALIVE void relulab_autosave_now() { relulab::autosave_flush(app); }
EMSCRIPTEN_KEEPALIVE const char* relulab_status() { return hand_out(relulab::status_json(app)); }
// Undo, redo and start fresh (the Controls window's buttons); each answers with status().
EMSCRIPTEN_KEEPALIVE const char* relulab_undo(int redo) {
  relulab_wake();
  if (redo) relulab::redo(app);
  else relulab::undo(app);
  return relulab_status();
}
EMSCRIPTEN_KEEPALIVE const char* relulab_start_fresh() {
  relulab_wake();
  relulab::start_fresh(app);
  return relulab_status();
}
// {in_use, arena}: bytes the wasm heap has handed out and holds from the memory (mallinfo), for the
// monkey's and the long session's heap figures.
EMSCRIPTEN_KEEPALIVE const char* relulab_heap() {
  const struct mallinfo m = mallinfo();
  return hand_out("{\"in_use\": " + std::to_string(m.uordblks) + ", \"arena\": " + std::to_string(m.arena) + "}");
}
// An instrument tab (an InstrumentTab) to bring to front, for scripted sessions.
EMSCRIPTEN_KEEPALIVE void relulab_tab(int tab) {
  relulab_wake();
  if (tab >= 0 && tab < relulab::tab_count) app.view.select_tab = tab;
}
// The layer slider and the region edges of the view shown (edges < 0: unchanged) (ui/regions.h).
EMSCRIPTEN_KEEPALIVE void relulab_regions(int layer, int edges) {
  relulab_wake();
  app.regions.layers = layer;
  if (edges >= 0) app.regions.edges[static_cast<int>(app.view.mode)] = edges != 0;
}
// The Export SVG button: "" or the message saying why not.
EMSCRIPTEN_KEEPALIVE const char* relulab_export_svg() {
  relulab_wake();
  app.run.message.clear();
  relulab::start_file_action(app, relulab::FileAction::export_svg);
  return hand_out(app.run.message);
}
// The Tools window's Load state / Import CSV: the browser's file picker, as the buttons open it.
EMSCRIPTEN_KEEPALIVE void relulab_open_file(int csv) {
  relulab::start_file_action(app, csv ? relulab::FileAction::import_csv : relulab::FileAction::load_state);
}
// window.relulab.saveState(): the full state as JSON text; loadState(text): "" or the message.
EMSCRIPTEN_KEEPALIVE const char* relulab_save_state() { return hand_out(relulab::save_state_text(app)); }
EMSCRIPTEN_KEEPALIVE const char* relulab_load_state(const char* text) {
  relulab_wake();
  app.run.message.clear();
  relulab::app_receive_file(app, relulab::FileAction::load_state, "state", text ? text : "");
  return hand_out(app.run.message);
}
}

int main() {
  if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER) != 0) {
    report_fatal(std::string("SDL_Init failed: ") + SDL_GetError());
    return 1;
  }
  double css_w = 1280, css_h = 800;
  emscripten_get_element_css_size("#canvas", &css_w, &css_h);
  window = SDL_CreateWindow("ReLU Lab", SDL_WINDOWPOS_UNDEFINED, SDL_WINDOWPOS_UNDEFINED, static_cast<int>(css_w),
                            static_cast<int>(css_h), SDL_WINDOW_OPENGL | SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
  if (!window) {
    report_fatal(std::string("no window: ") + SDL_GetError());
    return 1;
  }
  // The WebGL2 context is made here rather than by SDL (whose EGL path cannot ask for it) so that
  // the canvas keeps its pixels between frames: the UI then redraws only what changed, in place
  // (ui/gfx/ui_renderer.h). No depth, stencil, alpha or multisampling: ImGui uses none of them.
  EmscriptenWebGLContextAttributes attributes;
  emscripten_webgl_init_context_attributes(&attributes);
  attributes.majorVersion = 2;
  attributes.minorVersion = 0;
  attributes.alpha = EM_FALSE;
  attributes.depth = EM_FALSE;
  attributes.stencil = EM_FALSE;
  attributes.antialias = EM_FALSE;
  attributes.preserveDrawingBuffer = EM_TRUE;
  const EMSCRIPTEN_WEBGL_CONTEXT_HANDLE context = emscripten_webgl_create_context("#canvas", &attributes);
  if (context <= 0 || emscripten_webgl_make_context_current(context) != EMSCRIPTEN_RESULT_SUCCESS) {
    report_fatal("no WebGL2 context (emscripten_webgl_create_context returned " + std::to_string(context) + ")");
    return 1;
  }
  relulab::AppOptions options;
  options.window = window;
  options.framebuffer_preserved = true;
  options.playing = true;
  options.platform = browser_platform();
  const int lang = js_initial_lang();
  options.lang = lang % 2 ? relulab::Lang::zh : relulab::Lang::en;
  options.lang_chosen = lang >= 2;
  char address[2048] = "";
  js_page_address(address, sizeof address);
  options.page_address = address;
  const std::string error = relulab::app_init(app, options);
  if (!error.empty()) {
    report_fatal(error);
    return 1;
  }
  // Browsers mask GL_RENDERER ("WebKit WebGL"); the unmasked name tells SwiftShader from a GPU, so
  // software GL gets the CPU raster of the main view (ui/gfx/view_raster.h).
  char renderer[256] = "";
  if (js_unmasked_renderer(renderer, sizeof renderer)) app.view_path = relulab::view_path_for_renderer(renderer);
  emscripten_set_webglcontextlost_callback("#canvas", nullptr, false, on_context_lost);
  emscripten_set_webglcontextrestored_callback("#canvas", nullptr, false, on_context_restored);
  js_install_wake();
  const bool apply_hash = restore_or_follow_link();
  // a continued run keeps its configuration, but the link's lang, tour and hide still hold
  if (!apply_hash) relulab::apply_hash_view_keys(app, autosave_field(2));
  js_watch_hash(static_cast<int>(relulab::FileAction::url_hash), apply_hash ? 1 : 0);
  emscripten_set_main_loop(frame, 0, false);
  return 0;
}
