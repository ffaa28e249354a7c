// schedule.cpp: the one place that spends time per frame (app.h's schedule_frame_work).
//
// Every job that trains (the main run, the race, an experiment) shares one wall-clock budget per
// frame, s.frame.budget_ms: the active jobs take turns in chunks of about a millisecond until the
// budget is spent, so three jobs together cost what one did, and the control says what it does.
// A chunk's size adapts (doubles under 0.5 ms, halves over 2 ms) whatever the network's size.
// Short calls matter on the page: V8 optimises a wasm function between calls, not inside one long
// call, and the browser needs the frame back for input and drawing.
//
// After the budget, the instruments that follow the weights are refreshed when the weights changed:
// the measurements, the linear-region count, the diagram's unit maps, the per-unit history, the
// race's boundary fields and the transformed space. Nothing here runs while nothing changes.
#include <algorithm>
#include <utility>

#include "app.h"
#include "files.h"
#include "i18n/i18n.h"
#include "instruments/grid.h"
#include "tour.h"

namespace relulab {

namespace {

constexpr size_t max_unit_history = 160;       // snapshots kept (older ones thinned)

// Adapts a chunk size to the time its last call took.
int adapt_chunk(int chunk, double seconds) {
  if (seconds < 0.5e-3) return std::min(chunk * 2, 1 << 16);
  if (seconds > 2e-3) return std::max(chunk / 2, 1);
  return chunk;
}

// One chunk of the main run. Returns false when the job stopped (diverged).
bool train_chunk(AppState& s) {
  RunState& run = s.run;
  const int asked = s.frame.chunk_steps;
  const double t0 = now_seconds();
  const int taken = train_steps(run.trainer, asked);
  s.frame.chunk_steps = adapt_chunk(asked, now_seconds() - t0);
  if (taken < asked || run.trainer.diverged) {
    run.playing = false;
    run.message = trf(Str::diverged_lower_lr, tr_core(run.trainer.divergence).c_str());
    return false;
  }
  return true;
}

bool race_chunk(AppState& s) {
  RaceState& race = s.race;
  const double t0 = now_seconds();
  race_steps(race.run, race.steps_per_call);
  race.steps_per_call = adapt_chunk(race.steps_per_call, now_seconds() - t0);
  bool all_diverged = !race.run.lanes.empty();
  for (const Trainer& t : race.run.lanes) all_diverged = all_diverged && t.diverged;
  if (all_diverged) {
    race.playing = false;
    race.message = tr(Str::race_all_diverged);
    return false;
  }
  return true;
}

bool experiment_chunk(AppState& s) {
  if (experiment_step(s.experiment.run, 1)) {
    s.experiment.running = false;
    return false;
  }
  return true;
}

// Runs the active jobs in turn, a chunk each per round, until the budget is spent. Returns the
// seconds spent; the frame's total stays within the budget plus one round.
double run_jobs(AppState& s) {
  const double start = now_seconds();
  const double budget = s.frame.budget_ms * 1e-3;
  bool run_on = s.run.playing && !s.run.trainer.diverged;
  bool race_on = s.race.built && s.race.playing;
  bool experiment_on = s.experiment.running;
  s.frame.jobs_run = 0;
  s.frame.last_round_ms = 0;
  while ((run_on || race_on || experiment_on) && now_seconds() - start < budget) {
    const double round = now_seconds();
    if (run_on) {
      run_on = train_chunk(s);
      s.frame.jobs_run |= 1;
    }
    if (race_on) {
      race_on = race_chunk(s);
      s.frame.jobs_run |= 2;
    }
    if (experiment_on) {
      experiment_on = experiment_chunk(s);
      s.frame.jobs_run |= 4;
    }
    s.frame.last_round_ms = (now_seconds() - round) * 1e3;
  }
  return now_seconds() - start;
}

// Cadence (app.h): may the instrument run now?
bool due(const Cadence& c) { return now_seconds() >= c.not_before; }

// Runs `work` and spaces the next run so that it takes at most `share` of the time.
template <class Work>
void run_at_share(Cadence& c, double share, Work&& work) {
  const double t0 = now_seconds();
  work();
  const double took = now_seconds() - t0;
  c.last_ms = took * 1e3;
  c.not_before = t0 + took / share;
}

}  // namespace

// The live region count (app.h): the exact partition's next piece of work, or bands of grid rows,
// for about `budget_ms`; the count lands when the work is done.
void advance_region_count(AppState& s, double budget_ms) {
  RegionCount& rc = s.run.region_count;
  if (!rc.running) return;
  const double start = now_seconds();
  if (rc.exact) {
    // the partition's work is counted in multiply-adds: about 0.3 M a millisecond in wasm
    const long budget = std::max(20000L, static_cast<long>(budget_ms * 300000));
    if (!continue_partition(rc.job, budget)) return;
    rc.running = false;
    if (rc.job.error.empty()) {
      s.run.regions = static_cast<int>(rc.job.result.regions);
      s.run.regions_exact = true;
      s.run.regions_not_exact.clear();
      s.run.regions_step = rc.step;
      // kept for the edges, the pointer and the SVG (ui/regions.h)
      keep_partition(s, std::move(rc.job.result), rc.step, network_fingerprint(rc.snapshot));
      return;
    }
    s.run.regions_not_exact = rc.job.error;  // past a limit: the grid estimate instead
    drop_partition(s);
    rc.exact = false;
    rc.running = true;
    rc.next_row = 0;
    rc.patterns.clear();
  }
  // the grid estimate: distinct patterns over bands of rows, within the budget
  const float dy = (rc.grid.y1 - rc.grid.y0) / rc.grid.height;
  const int band = std::max(1, rc.grid.height / 16);
  while (rc.next_row < rc.grid.height) {
    GridSpec g = rc.grid;
    const int r1 = std::min(rc.grid.height, rc.next_row + band);
    g.y1 = rc.grid.y1 - rc.next_row * dy;
    g.y0 = rc.grid.y1 - r1 * dy;
    g.height = r1 - rc.next_row;
    eval_patterns(rc.snapshot, g, rc.band);
    rc.patterns.insert(rc.patterns.end(), rc.band.begin(), rc.band.end());
    rc.next_row = r1;
    if ((now_seconds() - start) * 1e3 >= budget_ms) break;
  }
  if (rc.next_row < rc.grid.height) return;
  std::sort(rc.patterns.begin(), rc.patterns.end());
  s.run.regions = static_cast<int>(std::unique(rc.patterns.begin(), rc.patterns.end()) - rc.patterns.begin());
  s.run.regions_side = rc.grid.width;
  s.run.regions_step = rc.step;
  s.run.regions_exact = false;
  rc.running = false;
  rc.patterns.clear();
}

namespace {


void record_unit_history(AppState& s) {
  DiagramState& d = s.diagram;
  const Stats& st = s.run.trainer.stats;
  if (st.step == d.unit_history_step) return;
  if (st.step < d.unit_history_step) {  // reset or a new run
    d.unit_history.clear();
    d.unit_history_epoch.clear();
  }
  d.unit_history_step = st.step;
  std::vector<std::vector<float>> now;
  for (const LayerStats& ls : st.layers) now.push_back(ls.unit_active_fraction);
  if (!d.unit_history.empty()) {
    const auto& last = d.unit_history.back();
    bool same = last.size() == now.size();
    for (size_t l = 0; same && l < now.size(); ++l) same = last[l].size() == now[l].size();
    if (!same) {
      d.unit_history.clear();
      d.unit_history_epoch.clear();
    }
  }
  d.unit_history.push_back(std::move(now));
  d.unit_history_epoch.push_back(st.epoch);
  if (d.unit_history.size() > max_unit_history) {  // keep every other snapshot
    size_t k = 0;
    for (size_t i = 0; i < d.unit_history.size(); i += 2, ++k) {
      d.unit_history[k] = std::move(d.unit_history[i]);
      d.unit_history_epoch[k] = d.unit_history_epoch[i];
    }
    d.unit_history.resize(k);
    d.unit_history_epoch.resize(k);
  }
}

// The diagram's unit maps (a forward pass over 16x16 cells): every third frame while the weights
// change, at once when the shapes changed or a weight was edited (maps_step == -2).
void refresh_unit_maps(AppState& s) {
  DiagramState& d = s.diagram;
  const Network& net = s.run.trainer.net;
  bool shapes = d.maps.value.size() == net.layers.size();
  for (size_t l = 0; shapes && l < net.layers.size(); ++l) shapes = d.maps.value[l].rows() == net.layers[l].out();
  const bool stale = d.maps_step != s.run.trainer.step_count;
  if (shapes && d.maps_step != -2 && (!stale || ++d.maps_frame % 3 || !due(d.maps_cadence))) return;
  GridSpec g = grid_over(s.view.domain, unit_map_cells, unit_map_cells);
  run_at_share(d.maps_cadence, 0.1, [&] { eval_unit_maps(net, g, d.maps); });
  d.maps_step = s.run.trainer.step_count;
}

// Each lane's boundary on a CPU grid (race.side cells a side), shaded as the main view: tanh in
// [-1, 1]; sigmoid p -> 2p - 1; softmax keeps the class index.
void refresh_race_fields(AppState& s) {
  RaceState& race = s.race;
  if (!race.built) return;
  const long step = race.run.lanes.empty() ? -1 : race.run.lanes[0].step_count;
  const bool sizes = race.fields.size() == race.run.lanes.size();
  if (sizes && race.fields_step == step) return;
  // while training: every 8th frame, within its share of the time
  if (sizes && race.fields_step >= 0 && (s.frame.index % 8 || !due(race.fields_cadence))) return;
  GridSpec g = grid_over(s.view.domain, race.side, race.side);
  race.fields.resize(race.run.lanes.size());
  run_at_share(race.fields_cadence, 0.1, [&] {
    for (size_t i = 0; i < race.run.lanes.size(); ++i) {
      const Network& net = race.run.lanes[i].net;
      eval_grid(net, g, GridField::output, 0, 0, race.fields[i]);
      if (net.spec.output == Output::sigmoid_bce)
        for (float& v : race.fields[i]) v = 2 * v - 1;
    }
  });
  race.fields_step = step;
}

// The transformed space, while its tab is shown: at once when its spec changed, else every fifth
// frame while the weights change.
void refresh_transform(AppState& s) {
  TransformState& t = s.transform;
  if (t.shown_frame < s.frame.index - 1) return;
  const long step = s.run.trainer.step_count;
  if (!t.dirty && (t.step == step || ((s.frame.index % 5 || !due(t.cadence)) && t.step <= step))) return;
  run_at_share(t.cadence, 0.1, [&] { t.error = transform_space(s.run.trainer.net, s.run.trainer.data, t.spec, &t.space); });
  t.step = step;
  t.dirty = false;
}

// Samples per second of wall-clock time, over windows of about half a second.
void update_rate(RunState& run) {
  const double now = now_seconds();
  if (run.trainer.samples_seen < run.rate_window_samples) {  // reset or a new trainer
    run.rate_window_start = now;
    run.rate_window_samples = run.trainer.samples_seen;
  }
  if (now - run.rate_window_start >= 0.5) {
    run.samples_per_second = (run.trainer.samples_seen - run.rate_window_samples) / (now - run.rate_window_start);
    run.rate_window_start = now;
    run.rate_window_samples = run.trainer.samples_seen;
  }
}

}  // namespace

void start_region_count(AppState& s) {
  RegionCount& rc = s.run.region_count;
  rc.running = true;
  rc.snapshot = s.run.trainer.net;
  rc.step = s.run.trainer.step_count;
  rc.grid = regions_grid(s);
  rc.next_row = 0;
  rc.patterns.clear();
  // exact where the network is piecewise linear in (x1, x2); else distinct patterns on the grid
  ExactOptions o;
  o.domain = Rect{s.view.domain.x0, s.view.domain.x1, s.view.domain.y0, s.view.domain.y1};
  o.max_polygons = max_live_polygons;
  rc.exact = false;
  s.run.regions_not_exact = exact_regions_unsupported(rc.snapshot);
  if (s.run.regions_not_exact.empty()) {
    const std::string error = start_partition(rc.snapshot, o, &rc.job);
    rc.exact = error.empty();
    s.run.regions_not_exact = error;
  }
  // no partition of another network stays on screen (smooth units, another shape)
  if (!rc.exact || !regions_kept(s)) drop_partition(s);
  s.run.frames_since_regions = 0;
}

void schedule_frame_work(AppState& s) {
  s.view.probe_valid = false;
  sync_url_hash(s);
  const long step_before = s.run.trainer.step_count;
  const bool was_playing = s.run.playing;
  s.frame.work_ms = run_jobs(s) * 1e3;

  // the main run's instruments, every few frames while it trains, each within its share of time
  RunState& run = s.run;
  if (run.trainer.step_count != step_before) {
    if ((++run.frames_since_measure >= run.measure_every || !run.playing ||
         now_seconds() - run.last_measure_time >= run.measure_interval) &&
        (due(run.measure_cadence) || !run.playing)) {
      run_at_share(run.measure_cadence, 0.15, [&] { measure(run.trainer); });
      run.frames_since_measure = 0;
      run.last_measure_time = now_seconds();
    }
    if ((++run.frames_since_regions >= run.regions_every || !run.playing) && !run.region_count.running &&
        due(run.regions_cadence))
      start_region_count(s);
  } else if (was_playing && run.trainer.stats.step != run.trainer.step_count) {
    measure_now(s);  // stopped this frame (diverged): the numbers of the kept weights
  }
  if (run.region_count.running)
    run_at_share(run.regions_cadence, 0.1, [&] { advance_region_count(s, s.frame.view_budget_ms); });
  refresh_regions(s);  // area statistics and the edges' overlay of the kept partition
  update_rate(run);
  if (s.race.built && s.race.playing && s.frame.index % 4 == 0 && due(s.race.measure_cadence))
    run_at_share(s.race.measure_cadence, 0.1, [&] { race_measure(s.race.run); });

  autosave_tick(s);
  record_unit_history(s);
  refresh_unit_maps(s);
  refresh_race_fields(s);
  refresh_transform(s);
  refresh_main_view(s);
  tour_update(s);  // the tour's verdict from this frame's numbers (ui/tour.h)

  // a unit view whose unit no longer exists (the network changed) falls back to the boundary
  const Network& net = run.trainer.net;
  const int hidden = net.hidden_count();
  if (s.view.mode == MainView::unit &&
      (s.view.layer > hidden || s.view.unit >= net.layers[std::min(s.view.layer, hidden)].out()))
    s.view.mode = MainView::boundary;
}

}  // namespace relulab
