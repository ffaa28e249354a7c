// autosave.js: where the page keeps the last run (ui/autosave.h): one IndexedDB record,
// {state: the full state file, hash: the URL hash it was saved under, saved: Date.now()}, in
// database "relulab", store "autosave", key "last-run". A record that would not load is moved to
// key "unreadable" (kept, never deleted, for a bug report).
//
// Before the app starts (a run dependency added in Module.preRun, shell.html), the record is read,
// so web/main.cpp can decide synchronously whether to continue the last run or follow the link.
// Saves are queued: while one is being written only the newest text waits, so a slow disk holds
// at most two texts in memory. A browser without storage (some private windows), a full quota or
// any other failure is handed back to the app as a message (relulab_autosave_result); the run
// goes on either way. The page also saves when it is hidden or closed (visibilitychange, pagehide).
(function () {
  'use strict';
  const DB = 'relulab', STORE = 'autosave', KEY = 'last-run', ASIDE = 'unreadable';
  const openTimeoutMs = 3000;  // a storage that never answers must not hold the page
  let dbPromise = null;

  function openDb() {
    if (dbPromise) return dbPromise;
    dbPromise = new Promise((resolve, reject) => {
      let req;
      try {
        if (!window.indexedDB) throw new Error('no IndexedDB');
        req = window.indexedDB.open(DB, 1);
      } catch (e) {
        reject(e);
        return;
      }
      const timer = setTimeout(() => reject(new Error('the browser storage did not answer')), openTimeoutMs);
      req.onupgradeneeded = () => req.result.createObjectStore(STORE);
      req.onsuccess = () => { clearTimeout(timer); resolve(req.result); };
      req.onerror = () => { clearTimeout(timer); reject(req.error); };
      req.onblocked = () => { clearTimeout(timer); reject(new Error('the storage is blocked by another tab')); };
    });
    return dbPromise;
  }

  // One transaction on the store; resolves with the request's result when it commits.
  function transact(mode, body) {
    return openDb().then((db) => new Promise((resolve, reject) => {
      let req;
      const tx = db.transaction(STORE, mode);
      try {
        req = body(tx.objectStore(STORE));
      } catch (e) {
        reject(e);
        return;
      }
      tx.oncomplete = () => resolve(req ? req.result : undefined);
      tx.onerror = () => reject(tx.error || (req && req.error));
      tx.onabort = () => reject(tx.error || new Error('the storage transaction was aborted'));
    }));
  }

  function describe(e) {
    const name = (e && e.name) || '';
    if (name === 'QuotaExceededError')
      return "the browser's storage for this page is full (quota exceeded)";
    if (!window.indexedDB || name === 'InvalidStateError' || name === 'SecurityError')
      return 'this browser gives the page no storage (a private window?)';
    return (e && e.message) || String(e);
  }

  let queued = null;      // the newest text waiting to be written
  let busy = null;        // the write in flight (a promise)
  let module = null;

  function report(message) {
    if (module && module.ccall) module.ccall('relulab_autosave_result', null, ['string'], [message]);
  }

  function pump() {
    if (busy || queued === null) return busy || Promise.resolve();
    const record = { state: queued, hash: window.location.hash.replace(/^#/, ''), saved: Date.now() };
    queued = null;
    busy = transact('readwrite', (store) => store.put(record, KEY))
      .then(() => report(''), (e) => report(describe(e)))
      .then(() => { busy = null; return pump(); });
    return busy;
  }

  window.relulabAutosave = {
    loaded: null,   // the record read at start, until taken
    error: '',      // why the page has no storage ('' when it has)

    // Module.preRun: reads the last record before main() runs.
    beforeStart(Module) {
      module = Module;
      Module.addRunDependency('relulab-autosave');
      const done = () => Module.removeRunDependency('relulab-autosave');
      transact('readonly', (store) => store.get(KEY))
        .then((record) => {
          if (record && typeof record.state === 'string') this.loaded = record;
        }, (e) => { this.error = describe(e); })
        .then(done, done);
    },

    // What main() asks for: 0 the state text, 1 the hash it was saved under, 2 the hash now,
    // 3 the storage error. Taking the state forgets it here.
    field(which) {
      const r = this.loaded;
      if (which === 0) { this.loaded = r && { hash: r.hash }; return r && r.state ? r.state : ''; }
      if (which === 1) return (r && typeof r.hash === 'string') ? r.hash : '';
      if (which === 2) return window.location.hash.replace(/^#/, '');
      return this.error;
    },

    save(text) {
      queued = text;
      return pump();
    },

    // The record read at start did not load: keep it under "unreadable", out of the way.
    setAside() {
      transact('readwrite', (store) => {
        const get = store.get(KEY);
        get.onsuccess = () => { if (get.result) { store.put(get.result, ASIDE); store.delete(KEY); } };
        return get;
      }).catch(() => {});
    },

    // Resolves when every queued save is written (tests, relulab.flushAutosave()).
    idle() { return busy || Promise.resolve(); },

    // Saves when the page is hidden or closed.
    watchPage(Module) {
      const now = () => { try { Module.ccall('relulab_autosave_now', null, [], []); } catch (e) { /* exiting */ } };
      document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'hidden') now(); });
      window.addEventListener('pagehide', now);
    },
  };
})();
