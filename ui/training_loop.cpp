// training_loop.cpp: training inside the frame, in a wall-clock budget.
//
// Minibatch steps run in chunks; the chunk size doubles while a chunk takes under 0.5 ms and halves
// above 2 ms, so each train_steps call lasts about a millisecond whatever the network size. Short
// calls matter on the page: V8 optimises a wasm function between calls, not inside one long call,
// and the browser needs the frame back for input and drawing.
#include <algorithm>

#include "app.h"
#include "instruments/grid.h"

namespace relulab {

void run_training_slice(AppState& s) {
  const double start = now_seconds();
  s.train_ms = 0;
  if (s.playing && !s.trainer.diverged) {
    const double budget = s.budget_ms * 1e-3;
    double elapsed = 0;
    while (elapsed < budget) {
      const int asked = s.chunk_steps;
      const double t0 = now_seconds();
      const int taken = train_steps(s.trainer, asked);
      const double chunk = now_seconds() - t0;
      elapsed = now_seconds() - start;
      if (taken < asked || s.trainer.diverged) {
        s.playing = false;
        s.message = "Training diverged (" + s.trainer.divergence +
                    "); the last finite weights are kept. Lower the learning rate or press Reset.";
        break;
      }
      if (chunk < 0.5e-3) s.chunk_steps = std::min(s.chunk_steps * 2, 1 << 16);
      else if (chunk > 2e-3) s.chunk_steps = std::max(s.chunk_steps / 2, 1);
    }
    s.train_ms = elapsed * 1e3;
    if (++s.frames_since_measure >= s.measure_every || !s.playing ||
        now_seconds() - s.last_measure_time >= s.measure_interval) {
      measure(s.trainer);
      s.frames_since_measure = 0;
      s.last_measure_time = now_seconds();
    }
  }
  if (++s.frames_since_regions >= s.regions_every && s.playing) {
    count_regions_now(s);
  }

  // Samples per second of wall-clock time, over windows of about half a second.
  const double now = now_seconds();
  if (s.trainer.samples_seen < s.rate_window_samples) {  // reset or a new trainer
    s.rate_window_start = now;
    s.rate_window_samples = s.trainer.samples_seen;
  }
  if (now - s.rate_window_start >= 0.5) {
    s.samples_per_second = (s.trainer.samples_seen - s.rate_window_samples) / (now - s.rate_window_start);
    s.rate_window_start = now;
    s.rate_window_samples = s.trainer.samples_seen;
  }
}

}  // namespace relulab
