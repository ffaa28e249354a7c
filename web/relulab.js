// relulab.js: window.relulab, the page's scripting API (used by the end-to-end tests, and by anyone
// from the browser console). Each call goes to an EMSCRIPTEN_KEEPALIVE function in web/main.cpp
// that answers with a JSON string.
//
//   relulab.state()        {epoch, step, loss_train, loss_test, accuracy_train, accuracy_test,
//                           playing, regions, regions_grid (its grid side), frames (drawn so far; still while idle), view, view_path,
//                           layers: [{active_fraction, dead_units, grad_norm_z, ...}] (the CLI's spelling)}
//   relulab.play(), relulab.pause()
//   relulab.step(n)        n minibatch steps now (pauses), then the new state
//   relulab.config()       the running configuration (a relulab-model config document)
//   relulab.load(config)   restart with a configuration (object or JSON text); throws on bad input
//   relulab.view(name)     show 'boundary', 'regions' or 'unit' in the main view; throws on another name
//   relulab.shaderCheck()  boundary shader vs the CPU grid evaluator, per network
//   relulab.redrawCheck(n) the next n frames drawn where they changed and again in full, compared;
//                          state().redraw_check reports (frames, frames_differing, pixels_differing)
//   relulab.saveState()    the full state file (JSON text: config, weights, custom points and the
//                          training progress: step, minibatch order, optimiser moments)
//   relulab.loadState(s)   continue from a state file (at its saved step, bit for bit as the saved
//                          run would have gone on); throws (run untouched) on a malformed one
//   relulab.tour(n)        open step n of the guided tour (1..steps; 0 leaves it), then its state:
//                          {step, steps, title, action_done, verdict_ready, confirmed, verdict}
//                          (state().tour is the same, or null outside the tour)
//   relulab.tourDo()       do the current step's action for the reader, then the tour's state
//   relulab.lang(code)     'en' or 'zh' (Chinese shows once its font has arrived: state().lang)
//   relulab.screen()       {layout, width, height, pixel_scale, device_pixel_ratio, backing_width,
//                           backing_height, ui_scale, em_px, min_em_px, frame_height, plot, windows,
//                           phone_tab, tabs, points, touch} (HiDPI, phone layout, touch)
//   relulab.status()       {message (the red line), notice, undo, redo (labels, "" when none),
//                           autosave: {armed, saves, error, last_step, bytes, ms}, step}
//   relulab.undo(), relulab.redo(), relulab.startFresh()   as the Controls window's buttons; status()
//   relulab.flushAutosave()  saves the run now if it changed; a promise resolved once it is stored
//   relulab.openFile(kind) the Tools window's Load state ('state') or Import CSV ('csv'): the
//                          browser's file picker; the file goes the buttons' way (tests)
//   relulab.memory()       {wasm_in_use (malloc'd bytes), wasm_arena, wasm_memory (the linear
//                           memory's size), js_used (performance.memory, Chromium only)}
//   relulab.tab(index)     brings an instrument tab (0 sparsity .. 7 experiments) to front
//   relulab.regions(L, e)  the layer slider (partition after layer L; 0: all) and the region edges
//                          (e: true/false, left out: unchanged); returns state().regions_partition
//   relulab.exportSvg()    the Regions tab's Export SVG (a download); "" or why not
//   relulab.locate(label, n)  a promise of where the n-th (0: first) widget labelled `label` is
//                          drawn: {label, visible, matches, x, y, w, h, window} in CSS pixels of the
//                          canvas (visible false: none drawn, e.g. scrolled out of its window)
//   relulab.ready          a promise resolved once the API is installed
(function () {
  'use strict';
  let resolveReady;
  const ready = new Promise((resolve) => { resolveReady = resolve; });

  window.relulabInstall = function (Module) {
    const call = (name, args = [], types = []) => Module.ccall(name, 'string', types, args);
    // `text` into the wasm heap for fn(pointer): ccall's 'string' would copy it onto the 5 MiB stack
    const withText = (text, fn) => {
      const n = Module.lengthBytesUTF8(text) + 1;
      const p = Module._malloc(n);
      if (!p) throw new Error('no memory for a text of ' + n + ' bytes');
      try {
        Module.stringToUTF8(text, p, n);
        return fn(p);
      } finally {
        Module._free(p);
      }
    };
    const api = {
      ready,
      state: () => JSON.parse(call('relulab_state')),
      config: () => JSON.parse(call('relulab_config')),
      screen: () => JSON.parse(call('relulab_screen')),
      load(config) {
        const text = typeof config === 'string' ? config : JSON.stringify(config);
        const error = withText(text, (p) => call('relulab_load', [p], ['number']));
        if (error) throw new Error(error);
        return api.config();
      },
      play: () => { Module.ccall('relulab_play', null, ['number'], [1]); },
      pause: () => { Module.ccall('relulab_play', null, ['number'], [0]); },
      step(n = 1) {
        if (!Number.isInteger(n) || n < 1 || n > 1000000)
          throw new RangeError('relulab.step(n): n must be an integer in 1..1000000, got ' + n);
        return JSON.parse(call('relulab_step', [n], ['number']));
      },
      // the full state file (config, weights, custom points, progress) out and in
      saveState: () => call('relulab_save_state'),
      loadState(text) {
        const s = typeof text === 'string' ? text : JSON.stringify(text);
        const error = withText(s, (p) => call('relulab_load_state', [p], ['number']));
        if (error) throw new Error(error);
        return api.config();
      },
      tour(n) {
        if (!Number.isInteger(n) || n < 0 || n > 99)
          throw new RangeError('relulab.tour(n): n must be a step number (0 leaves the tour), got ' + n);
        const reply = call('relulab_tour', [n], ['number']);
        if (!reply) throw new RangeError('relulab.tour(n): no step ' + n);
        return JSON.parse(reply);
      },
      tourDo: () => JSON.parse(call('relulab_tour_do')),
      lang(code) {
        const error = call('relulab_lang', [String(code)], ['string']);
        if (error) throw new Error(error);
        return api.state().lang_wanted;
      },
      view(name) {
        const error = call('relulab_view', [String(name)], ['string']);
        if (error) throw new Error(error);
        return api.state().view;
      },
      status: () => JSON.parse(call('relulab_status')),
      memory() {
        const h = JSON.parse(call('relulab_heap'));
        return { wasm_in_use: h.in_use, wasm_arena: h.arena, wasm_memory: Module.HEAP8.buffer.byteLength,
                 js_used: performance.memory ? performance.memory.usedJSHeapSize : null };
      },
      undo: () => JSON.parse(call('relulab_undo', [0], ['number'])),
      redo: () => JSON.parse(call('relulab_undo', [1], ['number'])),
      startFresh: () => JSON.parse(call('relulab_start_fresh')),
      flushAutosave() {
        Module.ccall('relulab_autosave_now', null, [], []);
        return window.relulabAutosave ? window.relulabAutosave.idle() : Promise.resolve();
      },
      tab(index) {
        if (!Number.isInteger(index) || index < 0 || index > 7) throw new RangeError('relulab.tab(index): 0..7');
        Module.ccall('relulab_tab', null, ['number'], [index]);
      },
      openFile(kind) {
        if (kind !== 'state' && kind !== 'csv') throw new RangeError("relulab.openFile(kind): kind is 'state' or 'csv'");
        Module.ccall('relulab_open_file', null, ['number'], [kind === 'csv' ? 1 : 0]);
      },
      async locate(label, occurrence = 0) {
        if (typeof label !== 'string' || label === '') throw new TypeError('relulab.locate(label): label is a non-empty string');
        if (!Number.isInteger(occurrence) || occurrence < 0) throw new RangeError('relulab.locate(label, n): n is an integer >= 0');
        Module.ccall('relulab_locate', null, ['string', 'number'], [label, occurrence]);
        for (let i = 0; i < 600; ++i) {
          await new Promise((resolve) => requestAnimationFrame(resolve));
          const answer = JSON.parse(call('relulab_located'));
          if (answer.answered) { delete answer.answered; return answer; }
        }
        throw new Error(`relulab.locate('${label}'): no frame was drawn to answer`);
      },
      redrawCheck(frames = 60) {
        if (!Number.isInteger(frames) || frames < 0 || frames > 100000)
          throw new RangeError('relulab.redrawCheck(frames): frames must be an integer in 0..100000');
        Module.ccall('relulab_redraw_check', null, ['number'], [frames]);
      },
      // the Regions tab's layer slider (0: all layers) and edge toggle for the view shown
      // (undefined: unchanged); then state().regions_partition
      regions(layer, edges) {
        if (!Number.isInteger(layer) || layer < 0 || layer > 64) throw new RangeError('relulab.regions(layer): 0..64');
        Module.ccall('relulab_regions', null, ['number', 'number'], [layer, edges === undefined ? -1 : edges ? 1 : 0]);
        return api.state().regions_partition;
      },
      // the Export SVG button: the exact partition downloaded as relulab-regions.svg; "" or why not
      exportSvg: () => call('relulab_export_svg'),
      shaderCheck(size = 128) {
        if (!Number.isInteger(size) || size < 8 || size > 1024)
          throw new RangeError('relulab.shaderCheck(size): size must be an integer in 8..1024');
        return JSON.parse(call('relulab_shader_check', [size], ['number']));
      },
    };
    window.relulab = api;
    resolveReady(api);
  };
})();
