// main.cpp: the desktop entry point. A headless subcommand (relulab train ..., see cli.h) runs the
// CLI; otherwise an SDL2 window with an OpenGL 3.3 core context runs the shared app (ui/app.h).
//
//   relulab [--state FILE.json] [--fresh] [--frames N] [--screenshot out.png] [--shader-check] [--paused]
//           [--no-layout] [--save-state FILE.json] [--ui-scale S] [--size WxH]
//           [--lang en|zh] [--tour N] [--tour-do] [--hide PARTS] [--view boundary|regions|unit]
//           [--tab N] [--region-layer L] [--pointer X,Y]
//
// The run is autosaved while it changes and restored, paused, at the next start (ui/autosave.h,
// native/autosave_file.h: $XDG_STATE_HOME/relulab/autosave.json); --fresh starts the default run instead
// (the old autosave is replaced once the new run changes), --state FILE starts from that file. An
// autosave that does not load is reported, moved aside and the app starts fresh.
// --save-state writes the full state file at exit (tests compare it with the autosave).
//
// --state opens a saved state file (as the Lab window's Load state: a file with a progress section
// continues its run at the saved step); a malformed one is refused with its message (exit 2).
// --frames N stops after N frames; --screenshot writes the last frame as a PNG; --shader-check
// compares the boundary shader with the CPU grid evaluator after the frames (exit 1 if any network
// agrees on fewer than 99% of pixels). Test runs (screenshot or check) neither read nor write the
// saved window layout nor the autosave, so they are reproducible. --ui-scale S (0.5..4) scales text
// and widgets (as the View section's UI scale; HiDPI displays are handled apart from it, by the
// drawable size); --size WxH opens the window at that size in window points (default 1280x800).
//
// --lang picks the language (else LC_ALL, LC_MESSAGES or LANG: zh* is Chinese); --tour N opens step N
// of the guided tour and --tour-do does its action half way through --frames; --hide hides parts
// as a classroom link's hide= does (ui/classroom.h); --view shows that main view (as the Tools
// window's choice), --tab N brings instrument tab N (0 sparsity .. 7 experiments; 3 regions) to
// front and --region-layer L sets the Regions tab's layer slider (ui/regions.h); --pointer X,Y puts
// the mouse pointer there (window points) through SDL, for screenshots of what hovering shows (an
// XTEST move under Xvfb does not reach SDL's cached global mouse state). A malformed value is
// refused (exit 2).
#include <SDL.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "api.h"
#include "app.h"
#include "autosave_file.h"
#include "classroom.h"
#include "files.h"
#include "gfx/screenshot.h"
#include "io/state.h"
#include "tour.h"
#if RELULAB_HAVE_CLI
#include "cli.h"
#endif

namespace {

struct Options {
  long frames = 0;  // 0: until the window closes
  std::string screenshot, state, save_state;
  bool shader_check = false, redraw_check = false, paused = false, no_layout = false, fresh = false;
  float ui_scale = 1;
  int width = 1280, height = 800;
  std::string view;  // "lang=zh&tour=2&hide=network": checked as the page checks its hash
  std::string main_view;  // --view: boundary, regions or unit
  int tab = -1, region_layer = 0;
  int pointer_x = -1, pointer_y = -1;
  bool tour_do = false;
};

// The last run, from the autosave file: continued (paused), or reported and moved aside.
void restore_autosave_file(relulab::AppState& app, const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return;  // no autosave yet
  std::string text, error = relulab::read_text_file(path, relulab::max_state_bytes, &text);
  if (error.empty() &&
      relulab::restore_autosave(app, text, path, false, &error) == relulab::AutosaveRestore::restored) {
    std::fprintf(stderr, "relulab: restored the last run from %s at step %ld (--fresh starts anew)\n",
                 path.c_str(), app.run.trainer.step_count);
    return;
  }
  const std::string aside = relulab::set_file_aside(path);
  app.run.message = "The autosave could not be read (" + error + "); it was " +
                    (aside.empty() ? std::string("left in place") : "moved to " + aside) +
                    " and the app starts fresh.";
  std::fprintf(stderr, "relulab: %s\n", app.run.message.c_str());
}

int usage(const char* message) {
  std::fprintf(stderr, "relulab: %s\nusage: relulab [--state FILE.json] [--fresh] [--frames N] [--screenshot out.png] "
                       "[--shader-check] [--redraw-check] [--paused] [--no-layout] [--save-state FILE.json] [--ui-scale S] [--size WxH]\n"
                       "               [--lang en|zh] [--tour N] [--tour-do] [--hide PARTS] [--view boundary|regions|unit]\n"
                       "               [--tab N] [--region-layer L] [--pointer X,Y]\n"
                       "       relulab <subcommand> --help   (headless CLI)\n",
               message);
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
#if RELULAB_HAVE_CLI
  if (relulab::is_cli_invocation(argc, argv)) return relulab::cli_main(argc, argv);
#endif
  Options opt;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--frames" && i + 1 < argc) {
      char* end = nullptr;
      opt.frames = std::strtol(argv[++i], &end, 10);
      if (*end || opt.frames <= 0 || opt.frames > 100000000) return usage("--frames wants a positive integer");
    } else if (a == "--screenshot" && i + 1 < argc) {
      opt.screenshot = argv[++i];
    } else if (a == "--state" && i + 1 < argc) {
      opt.state = argv[++i];
    } else if (a == "--shader-check") {
      opt.shader_check = true;
    } else if (a == "--redraw-check") {
      opt.redraw_check = true;
    } else if (a == "--paused") {
      opt.paused = true;
    } else if (a == "--no-layout") {
      opt.no_layout = true;
    } else if (a == "--ui-scale" && i + 1 < argc) {
      char* end = nullptr;
      opt.ui_scale = std::strtof(argv[++i], &end);
      if (*end || !(opt.ui_scale >= 0.5f && opt.ui_scale <= 4)) return usage("--ui-scale wants a number in 0.5..4");
    } else if (a == "--size" && i + 1 < argc) {
      if (std::sscanf(argv[++i], "%dx%d", &opt.width, &opt.height) != 2 || opt.width < 200 || opt.height < 200 ||
          opt.width > 8192 || opt.height > 8192)
        return usage("--size wants WxH, each 200..8192");
    } else if (a == "--fresh") {
      opt.fresh = true;
    } else if (a == "--save-state" && i + 1 < argc) {
      opt.save_state = argv[++i];
    } else if ((a == "--lang" || a == "--tour" || a == "--hide") && i + 1 < argc) {
      const std::string value = argv[++i];
      if (value.find_first_of("&=#") != std::string::npos) return usage((a + ": malformed value '" + value + "'").c_str());
      opt.view += (opt.view.empty() ? "" : "&") + a.substr(2) + "=" + value;
    } else if (a == "--view" && i + 1 < argc) {
      opt.main_view = argv[++i];
      if (opt.main_view != "boundary" && opt.main_view != "regions" && opt.main_view != "unit")
        return usage("--view wants boundary, regions or unit");
    } else if ((a == "--tab" || a == "--region-layer") && i + 1 < argc) {
      char* end = nullptr;
      const long v = std::strtol(argv[++i], &end, 10);
      if (*end || v < 0 || v > (a == "--tab" ? relulab::tab_count - 1 : 64))
        return usage((a + " wants an integer in 0.." + std::to_string(a == "--tab" ? relulab::tab_count - 1 : 64)).c_str());
      (a == "--tab" ? opt.tab : opt.region_layer) = static_cast<int>(v);
    } else if (a == "--pointer" && i + 1 < argc) {
      if (std::sscanf(argv[++i], "%d,%d", &opt.pointer_x, &opt.pointer_y) != 2 || opt.pointer_x < 0 || opt.pointer_y < 0)
        return usage("--pointer wants X,Y in window points");
    } else if (a == "--tour-do") {
      opt.tour_do = true;
    } else {
      return usage(("unknown or incomplete option '" + a + "'").c_str());
    }
  }
  if ((opt.shader_check || opt.redraw_check) && opt.frames == 0) opt.frames = 60;
  relulab::ViewKeys view;
  std::string config_keys;
  const std::string view_error = relulab::split_view_keys(opt.view, &view, &config_keys);
  if (!view_error.empty()) return usage(view_error.c_str());
  const bool test_run = !opt.screenshot.empty() || opt.shader_check || opt.redraw_check;

  if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER) != 0) {
    std::fprintf(stderr, "relulab: SDL_Init failed: %s\n", SDL_GetError());
    return 1;
  }
  // With no reachable window system (no DISPLAY, an X server that refused the connection) SDL
  // falls back to a headless driver and the app would train on, invisible, until killed. A
  // window was asked for: say there is none. Runs that only write files (--screenshot,
  // --shader-check, --redraw-check) work headless, and SDL_VIDEODRIVER=offscreen asks for it.
  const char* driver = SDL_GetCurrentVideoDriver();
  const char* asked = std::getenv("SDL_VIDEODRIVER");
  const bool headless = driver && (std::strcmp(driver, "offscreen") == 0 || std::strcmp(driver, "dummy") == 0);
  if (headless && !test_run && !(asked && *asked)) {
    const char* display = std::getenv("DISPLAY");
    const char* wayland = std::getenv("WAYLAND_DISPLAY");
    std::fprintf(stderr,
                 "relulab: no window system to open a window on (DISPLAY=%s, WAYLAND_DISPLAY=%s): SDL fell back "
                 "to its headless '%s' driver. Start relulab in a desktop session, or set "
                 "SDL_VIDEODRIVER=offscreen to run it without a window on purpose.\n",
                 display && *display ? display : "unset", wayland && *wayland ? wayland : "unset", driver);
    SDL_Quit();
    return 1;
  }
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_CORE);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 3);
  SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
  SDL_Window* window = SDL_CreateWindow("ReLU Lab", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, opt.width, opt.height,
                                        SDL_WINDOW_OPENGL | SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
  SDL_GLContext context = window ? SDL_GL_CreateContext(window) : nullptr;
  if (!context) {
    std::fprintf(stderr, "relulab: no OpenGL 3.3 window: %s\n", SDL_GetError());
    return 1;
  }
  SDL_GL_MakeCurrent(window, context);
  SDL_GL_SetSwapInterval(1);

  relulab::AppOptions options;
  options.window = window;
  options.gl_context = context;
  options.playing = !opt.paused;
  options.ui_scale = opt.ui_scale;
  const char* locale = std::getenv("LC_ALL");
  if (!locale || !*locale) locale = std::getenv("LC_MESSAGES");
  if (!locale || !*locale) locale = std::getenv("LANG");
  options.lang = view.has_lang ? view.lang : relulab::lang_from_locale(locale ? locale : "");
  options.lang_chosen = view.has_lang;
  if (!test_run && !opt.no_layout) {
    if (char* dir = SDL_GetPrefPath("relulab", "relulab")) {
      options.ini_path = std::string(dir) + "imgui.ini";
      SDL_free(dir);
    }
  }
  const std::string autosave_path = test_run ? "" : relulab::autosave_file_path();
  if (!autosave_path.empty())
    options.platform.save_autosave = [autosave_path](const std::string& text) {
      return relulab::write_file_atomically(autosave_path, text);
    };
  relulab::AppState app;
  std::string error = relulab::app_init(app, options);
  if (!error.empty()) {
    std::fprintf(stderr, "relulab: %s\n", error.c_str());
    return 1;
  }
  if (!opt.state.empty()) {
    std::string text;
    error = relulab::read_text_file(opt.state, relulab::max_state_bytes, &text);
    if (error.empty()) {
      app.run.message.clear();
      relulab::app_receive_file(app, relulab::FileAction::load_state, opt.state, text);
      error = app.run.message;
    }
    if (!error.empty()) {
      std::fprintf(stderr, "relulab: %s\n", error.c_str());
      relulab::app_shutdown(app);
      SDL_GL_DeleteContext(context);
      SDL_DestroyWindow(window);
      SDL_Quit();
      return 2;
    }
  } else if (!autosave_path.empty() && !opt.fresh) {
    restore_autosave_file(app, autosave_path);
  }
  relulab::autosave_arm(app);
  // every frame drawn where it changed and again in full, compared (gfx/ui_renderer.h)
  if (opt.redraw_check) app.frame.redraw_checks_left = opt.frames;

  view.has_lang = false;  // already applied
  relulab::apply_view_keys(app, view);
  if (opt.paused) app.run.playing = false;
  if (!opt.main_view.empty()) {
    error = relulab::set_main_view(app, opt.main_view);
    if (!error.empty()) std::fprintf(stderr, "relulab: %s\n", error.c_str());
  }
  app.view.select_tab = opt.tab;
  app.regions.layers = opt.region_layer;

  int status = 0;
  // Draw while something moves; otherwise sleep in SDL_WaitEventTimeout until an event comes (an
  // idle window costs no CPU). Test runs with --frames draw every frame.
  for (long frame = 1;; ++frame) {
    if (opt.tour_do && frame >= opt.frames / 2) {  // half way: the step's action, once
      opt.tour_do = false;
      relulab::tour_do_action(app);
    }
    bool quit = false;
    SDL_Event event;
    if (opt.frames == 0 && !relulab::app_wants_frame(app)) {
      relulab::autosave_idle(app);  // going to sleep: keep what changed since the last save
      if (!SDL_WaitEventTimeout(&event, 500)) {
        --frame;
        continue;
      }
      quit |= relulab::app_event(app, event);
    }
    if (opt.pointer_x >= 0 && frame <= 2) SDL_WarpMouseInWindow(window, opt.pointer_x, opt.pointer_y);
    while (SDL_PollEvent(&event)) quit |= relulab::app_event(app, event);
    relulab::app_frame(app);
    const bool last = quit || (opt.frames > 0 && frame >= opt.frames);
    if (last && !opt.screenshot.empty()) {
      int w = 0, h = 0;
      SDL_GL_GetDrawableSize(window, &w, &h);
      error = relulab::write_framebuffer_png(opt.screenshot, w, h);
      if (!error.empty()) {
        std::fprintf(stderr, "relulab: %s\n", error.c_str());
        status = 1;
      }
    }
    SDL_GL_SwapWindow(window);
    if (last) break;
  }
  relulab::autosave_flush(app);
  if (!opt.save_state.empty()) {
    error = relulab::write_file_atomically(opt.save_state, relulab::save_state_text(app));
    if (!error.empty()) {
      std::fprintf(stderr, "relulab: %s\n", error.c_str());
      status = 1;
    }
  }
  if (opt.frames > 0) std::printf("%s\n", relulab::state_json(app).c_str());
  if (opt.redraw_check) {
    const relulab::FrameState& f = app.frame;
    std::printf("redraw check: %ld frames drawn where they changed and again in full, mean share redrawn %.3f, "
                "%ld frames differ (%ld pixels)%s%s -> %s\n",
                f.redraw_frames_checked, f.redraw_frames_checked ? f.redraw_share_sum / f.redraw_frames_checked : 0.0,
                f.redraw_frames_differing, f.redraw_pixels_differing, f.redraw_frames_differing ? "; " : "",
                f.redraw_first_difference.c_str(),
                f.redraw_frames_differing || f.redraw_frames_checked == 0 ? "FAIL" : "ok");
    if (f.redraw_frames_differing || f.redraw_frames_checked == 0) status = 1;
  }
  if (opt.shader_check) {
    const auto checks = relulab::run_shader_checks(app, 128);
    float worst = 1;
    for (const auto& c : checks) {
      std::printf("shader check %-28s agreement %7.3f%%  mean |dv| %.4f  max |dv| %.4f\n", c.name.c_str(),
                  100 * c.agreement, c.mean_value_error, c.max_value_error);
      if (c.agreement < 0.99f || c.mean_value_error > 0.01f) status = 1;
      worst = std::min(worst, c.agreement);
    }
    std::printf("shader check: %zu networks, lowest agreement %.3f%% -> %s\n", checks.size(), 100 * worst,
                status ? "FAIL" : "ok");
  }
  relulab::app_shutdown(app);
  SDL_GL_DeleteContext(context);
  SDL_DestroyWindow(window);
  SDL_Quit();
  return status;
}
