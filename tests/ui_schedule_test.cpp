// ui_schedule_test.cpp: the frame schedule, headless (no GL; the main view is still computed on the
// CPU): one budget shared by the main run, the race and an experiment; an app with nothing moving
// asks for no frame and recomputes nothing; an input wakes it; a change of view or weights makes the
// main view recompute, and only then.
#include <SDL.h>

#include <cstdio>
#include <string>

#include "app.h"
#include "ui_headless.h"

int main() {
  using namespace relulab;
  AppState app;
  AppOptions options;
  options.playing = false;
  check(app_init(app, options).empty(), "app_init");

  // ---- asleep when nothing changes ----
  run_frames(app, 6, 1);  // the first frames size the plot and compute its picture
  check(app.view.plot_width > 0, "the plot has a size in pixels");
  check(app.raster.has_picture && !app.raster.busy(), "the main view is computed");
  check(!app_wants_frame(app), "paused, no input: the app asks for no frame");
  const long passes = app.raster.passes;
  const long maps_step = app.diagram.maps_step;
  run_frames(app, 10, 1);  // a platform would not call these; if it does, nothing is recomputed
  check(app.raster.passes == passes, "paused: the main view is not recomputed (" +
                                         std::to_string(app.raster.passes - passes) + " passes)");
  check(app.diagram.maps_step == maps_step, "paused: the unit maps are not recomputed");

  // ---- an input wakes it, for a few frames ----
  SDL_Event event{};
  event.type = SDL_MOUSEMOTION;
  app_event(app, event);
  check(app_wants_frame(app), "an input asks for frames");
  run_frames(app, 4, 1);
  check(!app_wants_frame(app), "after the input settles the app sleeps again");

  // ---- a change of what the view shows recomputes it, once ----
  app.view.mode = MainView::regions;
  run_frames(app, 1, 1);
  check(app.raster.passes == passes + 1 || app.raster.busy(), "switching to the regions view recomputes it");
  run_frames(app, 5, 1);
  const long after_switch = app.raster.passes;
  check(after_switch == passes + 1, "one pass for the new view (" + std::to_string(after_switch - passes) + ")");
  check(!app_wants_frame(app), "the new view done: asleep again");
  step_training(app, 5);
  check(app_wants_frame(app), "new weights: the app asks for a frame to show them");
  run_frames(app, 5, 1);
  check(app.raster.passes == after_switch + 1, "new weights: one more pass");

  // ---- one budget: the run, the race and an experiment share it ----
  app.view.mode = MainView::boundary;
  app.run.playing = true;
  Race race;
  check(make_race(app.run.trainer.config, app.run.trainer.data,
                  {Activation::relu, Activation::tanh}, &race).empty(), "race built");
  app.race.run = std::move(race);
  app.race.built = true;
  app.race.playing = true;
  ExperimentOptions o;
  o.quick = true;
  check(start_experiment(ExperimentKind::sparsity, o, &app.experiment.run).empty(), "experiment started");
  app.experiment.running = true;
  app.frame.budget_ms = 6;
  int all_three = 0, within = 0, frames = 0;
  for (int i = 0; i < 30 && app.experiment.running; ++i, ++frames) {
    run_frames(app, 1, 1);
    all_three += app.frame.jobs_run == 7;
    // the loop stops once the budget is spent: at most one round (a chunk of each job) beyond it
    within += app.frame.work_ms <= app.frame.budget_ms + app.frame.last_round_ms + 0.5;
  }
  std::printf("schedule: %d of %d frames ran all three jobs, %d stayed within budget + one round\n",
              all_three, frames, within);
  check(all_three > 0, "the run, the race and the experiment all got time in the same frame");
  check(frames > 0 && within == frames, "every frame's work stayed within the budget plus one round");
  check(app_wants_frame(app), "training: the app asks for frames");
  app_shutdown(app);
  return smoke_result();
}
