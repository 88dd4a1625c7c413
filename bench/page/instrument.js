// Bench page instrumentation, loaded BEFORE the SDK bundle (ours or upstream 9.2.4):
// * window.RTCPeerConnection is replaced by a subclass that counts instances and close() calls
//   and keeps a WeakRef to each one (alive after GC = still referenced by someone);
// * getUserMedia and the PCs' `track` events feed a WeakRef set of MediaStreamTracks (live tracks);
// * window.__bench drives one SDK instance: init → ready, outbound echo calls with first remote
//   audio energy (muted <audio> + AnalyserNode, polled every 5 ms), end, counters.
// Every wait is bounded; every hook a call installs is removed when the call is over, so the
// harness itself does not show up as a leak (upstream-anchor-figures.md §1, §5).
(() => {
  'use strict';
  const now = () => performance.now();
  window.__benchMarks = { navStart: 0 };

  // 9.2.4 prints one console.debug('response: …') per REST request, bypassing its logger option.
  const origDebug = console.debug.bind(console);
  console.debug = (...args) => {
    if (typeof args[0] === 'string' && args[0].startsWith('response: ')) return;
    origDebug(...args);
  };

  // ---- network timeline (per-step breakdown of initialize() and of the call set-up) ----------
  // Every HTTP request (fetch and XHR: 9.2.4 uses axios/XHR) and every WebSocket open/frame, with
  // performance.now() times. The WebSocket listener is added in the constructor, before the SDK's
  // own handlers, so "received" is when the frame is delivered to the page.
  // Bounded: a call or join drops what came before its start (pruneNet), so after N calls the
  // harness holds one call's frames, not N (the leak scenario's heap diff found 2000 entries here,
  // each holding its whole XMPP frame through a sliced-string id).
  const net = [];
  const NET_MAX = 2000;
  const pushNet = (e) => { if (net.length < NET_MAX) net.push(e); };
  const pruneNet = (before) => {
    let k = 0;
    while (k < net.length && net[k].start < before) k += 1;
    if (k > 0) net.splice(0, k);
  };
  // a flat copy: a regex match is a slice that keeps the whole frame text alive
  const own = (x) => (typeof x === 'string' ? JSON.parse(JSON.stringify(x)) : x);
  const pathOf = (url) => {
    try {
      const u = new URL(url, location.href);
      return u.pathname.replace(/\/channels\/[^/]+\//, '/channels/{channel}/').replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '{id}').replace(/\/api\/v2\//, '/');
    } catch { return String(url); }
  };
  const nativeFetch = window.fetch.bind(window);
  window.fetch = async (input, init) => {
    const url = typeof input === 'string' ? input : input.url;
    const method = (init && init.method) || (typeof input === 'object' && input.method) || 'GET';
    const e = { kind: 'http', label: `${method.toUpperCase()} ${pathOf(url)}`, start: now() };
    try { return await nativeFetch(input, init); } finally { e.end = now(); pushNet(e); }
  };
  const xhrOpen = XMLHttpRequest.prototype.open;
  const xhrSend = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function open(method, url, ...rest) {
    this.__benchNet = { kind: 'http', label: `${String(method).toUpperCase()} ${pathOf(url)}` };
    return xhrOpen.call(this, method, url, ...rest);
  };
  XMLHttpRequest.prototype.send = function send(...args) {
    const e = this.__benchNet;
    if (e) {
      e.start = now();
      this.addEventListener('loadend', () => { e.end = now(); pushNet(e); }, { once: true });
    }
    return xhrSend.apply(this, args);
  };
  /** A short label for an XMPP frame: its element, and for IQs the payload and id. */
  function frameInfo(data) {
    const text = typeof data === 'string' ? data : '';
    const tags = [...text.slice(0, 600).matchAll(/<([A-Za-z][\w:.-]*)/g)].map((m) => m[1].replace(/^stream:/, ''));
    const first = tags[0] || '?';
    const id = (text.match(/^<iq[^>]*\sid=(["'])([^"']*)\1/) || [])[2];
    let label = first;
    if (first === 'iq') {
      const type = (text.match(/^<iq[^>]*\stype=(["'])(\w+)\1/) || [])[2];
      label = `iq ${type} ${tags[1] || '(empty)'}${tags[1] === 'pubsub' && tags[2] ? ` ${tags[2]}` : ''}`;
    } else if (first === 'message') {
      label = `message ${tags.slice(1).find((t) => ['propose', 'proceed', 'accept', 'reject', 'retract', 'event', 'body'].includes(t)) || tags[1] || ''}`.trim();
    }
    const jingle = (text.match(/<jingle[^>]*\saction=(["'])([\w-]+)\1/) || [])[2];
    const rpc = (text.match(/"method"\s*:\s*"(\w+)"/) || [])[1];
    return { label: own(label), id: own(id), jingle: own(jingle), rpc: own(rpc) };
  }
  const NativeWS = window.WebSocket;
  class BenchWS extends NativeWS {
    constructor(...args) {
      super(...args);
      pushNet({ kind: 'ws', label: 'socket created', start: now() });
      NativeWS.prototype.addEventListener.call(this, 'open', () => pushNet({ kind: 'ws', label: 'socket open', start: now() }));
      NativeWS.prototype.addEventListener.call(this, 'message', (ev) => pushNet({ kind: 'in', start: now(), ...frameInfo(ev.data) }));
    }
    send(data) {
      pushNet({ kind: 'out', start: now(), ...frameInfo(data) });
      return super.send(data);
    }
  }
  window.WebSocket = BenchWS;

  /**
   * Steps between `from` and `to` (performance.now()), times relative to `t0`: HTTP requests
   * (start/end), socket open, XMPP steps (SASL auth → success, bind, each IQ request → result by
   * id, and one-way frames). Repeated labels get #2, #3.
   */
  function timeline(from, to, t0) {
    const steps = [];
    const pendingIq = new Map();
    for (const e of net.filter((x) => x.start >= from && x.start <= to)) {
      if (e.kind === 'http' || e.kind === 'ws') steps.push({ label: e.label, start: e.start, end: e.end ?? e.start });
      else if (e.kind === 'out' && e.label.startsWith('iq ') && !/^iq (result|error)/.test(e.label) && e.id) {
        const step = { label: `xmpp ${e.label.replace(/^iq (get|set) /, '')}`, start: e.start, end: undefined };
        pendingIq.set(e.id, step);
        steps.push(step);
      } else if (e.kind === 'in' && e.id && pendingIq.has(e.id) && /^iq (result|error)/.test(e.label)) {
        pendingIq.get(e.id).end = e.start;
        pendingIq.delete(e.id);
      } else if (e.kind === 'out' && e.label === 'auth') steps.push({ label: 'xmpp SASL auth', start: e.start, end: undefined, sasl: true });
      else if (e.kind === 'in' && (e.label === 'success' || e.label === 'failure')) {
        const s = steps.find((x) => x.sasl && x.end === undefined);
        if (s) s.end = e.start;
      } else if (e.kind === 'out' && e.label === 'open') steps.push({ label: 'xmpp stream open sent', start: e.start, end: e.start });
      else if (e.kind === 'in' && e.label === 'features') steps.push({ label: 'xmpp features received', start: e.start, end: e.start });
    }
    const seen = {};
    return steps.sort((a, b) => a.start - b.start).map((s) => {
      seen[s.label] = (seen[s.label] || 0) + 1;
      const label = seen[s.label] > 1 ? `${s.label} #${seen[s.label]}` : s.label;
      return { label, start: s.start - t0, end: (s.end ?? s.start) - t0 };
    });
  }
  /** The SDK's own time on the call path, at its socket: propose in → proceed out, offer in → answer out. */
  function callSocketMarks(from, t0) {
    const frames = net.filter((x) => x.start >= from && (x.kind === 'in' || x.kind === 'out'));
    const m = {};
    const first = (pred) => frames.find(pred);
    const propose = first((f) => f.kind === 'in' && f.label === 'message propose');
    const proceed = propose && first((f) => f.kind === 'out' && f.label === 'message proceed' && f.start >= propose.start);
    const offer = first((f) => f.kind === 'in' && (f.jingle === 'session-initiate' || (f.rpc === 'offer' && f.label.startsWith('iq set'))));
    const answer = offer && first((f) => f.kind === 'out' && f.start >= offer.start && (f.jingle === 'session-accept' || f.rpc === 'answer'));
    if (propose) m.proposeIn = propose.start - t0;
    if (proceed) { m.proceedOut = proceed.start - t0; m.proposeToProceed = proceed.start - propose.start; }
    if (offer) m.offerIn = offer.start - t0;
    if (answer) { m.answerOut = answer.start - t0; m.offerToAnswer = answer.start - offer.start; }
    return m;
  }

  /**
   * Everything on the call path from `t0`, in ms from `t0`: socket frames (in/out, with the Jingle
   * action or JSON-RPC method), the session PC's events (created, SDP steps, local candidates, ICE
   * and connection states), getUserMedia calls. One list per call (results.json `trace`).
   */
  function callTrace(t0, pc) {
    const r = (x) => Math.round((x - t0) * 10) / 10;
    const out = [];
    for (const f of net) {
      if (f.kind === 'http' && f.start >= t0) { out.push({ t: r(f.start), what: `http ${f.label} (${(f.end - f.start).toFixed(1)} ms)` }); continue; }
      if (f.start < t0 || (f.kind !== 'in' && f.kind !== 'out')) continue;
      if (/^(message event|iq result \(empty\)|iq get ping)/.test(f.label) && !f.jingle) continue;
      out.push({ t: r(f.start), what: `${f.kind} ${f.jingle || f.rpc || f.label}` });
    }
    for (const g of gumLog) if (g.start >= t0) out.push({ t: r(g.start), what: `gUM ${g.kinds} (${(g.end - g.start).toFixed(1)} ms)` });
    for (const e of (pc && pc.__benchEv) || []) {
      if (e.start !== undefined) out.push({ t: r(e.start), what: `pc ${e.e} (${(e.t - e.start).toFixed(1)} ms)` });
      else out.push({ t: r(e.t), what: `pc ${e.e}` });
    }
    return out.sort((a, b) => a.t - b.t).slice(0, 120);
  }

  // ---- timers: pending timeouts and active intervals (a leaked timer keeps its closure alive) ----
  const timers = new Map(); // id → 'timeout' | 'interval'
  const nativeSetTimeout = window.setTimeout.bind(window);
  const nativeSetInterval = window.setInterval.bind(window);
  const nativeClearTimeout = window.clearTimeout.bind(window);
  const nativeClearInterval = window.clearInterval.bind(window);
  // where a timer was created (leak scenario only: window.__benchTimerSites = true), to name a growing one
  const site = () => {
    if (!window.__benchTimerSites) return '';
    const lines = String(new Error().stack || '').split('\n').slice(2).filter((l) => !l.includes('instrument.js'));
    return (lines[0] || '').trim().replace(/^at /, '').replace(/\(?https?:\/\/[^/]+\//, '(').slice(0, 160);
  };
  window.setTimeout = (fn, ms, ...args) => {
    const id = nativeSetTimeout((...a) => { timers.delete(id); if (typeof fn === 'function') fn(...a); }, ms, ...args);
    timers.set(id, { kind: 'timeout', ms, site: site() });
    return id;
  };
  window.setInterval = (fn, ms, ...args) => {
    const id = nativeSetInterval(fn, ms, ...args);
    timers.set(id, { kind: 'interval', ms, site: site() });
    return id;
  };
  window.clearTimeout = (id) => { timers.delete(id); nativeClearTimeout(id); };
  window.clearInterval = (id) => { timers.delete(id); nativeClearInterval(id); };
  function timerCounts() {
    let timeouts = 0;
    let intervals = 0;
    const sites = {};
    for (const t of timers.values()) {
      if (t.kind === 'timeout') timeouts += 1; else intervals += 1;
      const key = `${t.kind} ${t.ms ?? 0} ms ${t.site || '?'}`;
      sites[key] = (sites[key] || 0) + 1;
    }
    return { timersPending: timeouts, intervalsActive: intervals, timerSites: sites };
  }

  // ---- peer connections --------------------------------------------------------------------
  const pcStats = { created: 0, closeCalls: 0, collected: 0 };
  const pcRefs = [];
  const trackRefs = [];
  const seenTracks = new WeakSet();
  const registry = new FinalizationRegistry(() => { pcStats.collected += 1; });
  let tracksSeen = 0;
  function noteTrack(t) {
    if (!t || seenTracks.has(t)) return;
    seenTracks.add(t);
    tracksSeen += 1;
    trackRefs.push(new WeakRef(t));
  }
  /** Drops the WeakRefs of collected objects, so the census does not grow with the calls it counts. */
  function compact(refs) {
    let w = 0;
    for (let r = 0; r < refs.length; r++) if (refs[r].deref()) refs[w++] = refs[r];
    refs.length = w;
  }
  const NativePC = window.RTCPeerConnection;
  class BenchPC extends NativePC {
    constructor(...args) {
      super(...args);
      pcStats.created += 1;
      this.__benchClosed = false;
      pcRefs.push(new WeakRef(this));
      registry.register(this, null);
      // one listener per PC (it goes away with the PC); remote tracks join the live-track census
      NativePC.prototype.addEventListener.call(this, 'track', (ev) => noteTrack(ev.track));
      // per-PC event timeline (performance.now()), read by the call marks: when it was created, each
      // SDP step, local candidates, ICE / connection states (the call-path breakdown in docs/bench.md)
      const ev = [{ t: now(), e: 'created' }];
      this.__benchEv = ev;
      const add = (e) => { if (ev.length < 80) ev.push({ t: now(), e }); };
      NativePC.prototype.addEventListener.call(this, 'icecandidate', (e) => add(e.candidate && e.candidate.candidate ? `candidate ${(e.candidate.candidate.match(/ typ (\w+)/) || [])[1] || '?'} ${e.candidate.protocol || ''}` : 'candidate end'));
      NativePC.prototype.addEventListener.call(this, 'icegatheringstatechange', () => add(`gathering ${this.iceGatheringState}`));
      NativePC.prototype.addEventListener.call(this, 'iceconnectionstatechange', () => add(`ice ${this.iceConnectionState}`));
      NativePC.prototype.addEventListener.call(this, 'connectionstatechange', () => add(`pc ${this.connectionState}`));
      NativePC.prototype.addEventListener.call(this, 'track', (e) => add(`track ${e.track.kind}`));
    }
    close() {
      if (!this.__benchClosed) { this.__benchClosed = true; pcStats.closeCalls += 1; }
      return super.close();
    }
  }
  for (const name of ['createOffer', 'createAnswer', 'setLocalDescription', 'setRemoteDescription', 'addIceCandidate']) {
    const orig = NativePC.prototype[name];
    BenchPC.prototype[name] = function timed(...args) {
      const ev = this.__benchEv;
      const t = now();
      const done = (ok) => { if (ev && ev.length < 80) ev.push({ t: now(), e: `${name}${ok ? '' : ' failed'}`, start: t }); };
      const p = orig.apply(this, args);
      if (p && typeof p.then === 'function') p.then(() => done(true), () => done(false));
      return p;
    };
  }
  window.RTCPeerConnection = BenchPC;
  if (window.webkitRTCPeerConnection) window.webkitRTCPeerConnection = BenchPC;

  const md = navigator.mediaDevices;
  const gumLog = [];
  if (md && md.getUserMedia) {
    const gum = md.getUserMedia.bind(md);
    md.getUserMedia = async (constraints) => {
      const t = now();
      const stream = await gum(constraints);
      if (gumLog.length < 200) gumLog.push({ start: t, end: now(), kinds: stream.getTracks().map((k) => k.kind).join('+') });
      for (const t of stream.getTracks()) noteTrack(t);
      return stream;
    };
  }
  if (md && md.getDisplayMedia) {
    const gdm = md.getDisplayMedia.bind(md);
    // the native call runs synchronously, inside the caller's user activation
    md.getDisplayMedia = (constraints) => gdm(constraints).then((stream) => {
      for (const t of stream.getTracks()) noteTrack(t);
      return stream;
    });
  }

  function pcCounters() {
    compact(pcRefs);
    compact(trackRefs);
    let alive = 0;
    let open = 0;
    for (const ref of pcRefs) {
      const pc = ref.deref();
      if (!pc) continue;
      alive += 1;
      if (pc.connectionState !== 'closed' && pc.signalingState !== 'closed') open += 1;
    }
    let liveTracks = 0;
    let aliveTracks = 0;
    for (const ref of trackRefs) {
      const t = ref.deref();
      if (!t) continue;
      aliveTracks += 1;
      if (t.readyState === 'live') liveTracks += 1;
    }
    return {
      pcCreated: pcStats.created,
      pcNotClosed: pcStats.created - pcStats.closeCalls,
      pcOpen: open,
      pcAlive: alive,
      pcCollected: pcStats.collected,
      tracksSeen,
      tracksLive: liveTracks,
      tracksAlive: aliveTracks,
      mediaElements: document.querySelectorAll('audio,video').length,
      ...timerCounts(),
    };
  }

  // ---- helpers -------------------------------------------------------------------------------
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  /** Resolves once `pc` is connected and has sent RTP of `kind` (outbound-rtp bytesSent > 0). */
  async function sending(pc, kind, deadline) {
    while (now() < deadline) {
      if (pc.connectionState === 'closed' || pc.connectionState === 'failed') throw new Error(`pc ${pc.connectionState}`);
      if (pc.connectionState === 'connected') {
        const report = await pc.getStats();
        let bytes = 0;
        report.forEach((st) => { if (st.type === 'outbound-rtp' && st.kind === kind) bytes += st.bytesSent || 0; });
        if (bytes > 0) return;
      }
      await sleep(50);
    }
    throw new Error(`no ${kind} sent on a connected pc in time`);
  }
  function withTimeout(promise, ms, what) {
    let timer;
    return Promise.race([
      promise,
      new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`timeout (${ms} ms): ${what}`)), ms); }),
    ]).finally(() => clearTimeout(timer));
  }
  function silentLogger() {
    const counts = { log: 0, debug: 0, info: 0, warn: 0, error: 0 };
    const lastErrors = [];
    const rec = (level) => (...args) => {
      counts[level] += 1;
      if (level === 'error' || level === 'warn') {
        lastErrors.push(`[${level}] ${args.map((a) => (typeof a === 'string' ? a : (() => { try { return JSON.stringify(a); } catch { return String(a); } })())).join(' ').slice(0, 300)}`);
        if (lastErrors.length > 10) lastErrors.shift();
      }
    };
    return { counts, lastErrors, log: rec('log'), debug: rec('debug'), info: rec('info'), warn: rec('warn'), error: rec('error') };
  }
  function sdkClass() {
    const ns = window.GenesysCloudWebrtcSdk;
    const ctor = ns && (ns.GenesysCloudWebrtcSdk || ns.default);
    if (typeof ctor !== 'function') throw new Error('window.GenesysCloudWebrtcSdk.GenesysCloudWebrtcSdk is not defined');
    return ctor;
  }
  function emitterListenerCount(sdk) {
    try {
      if (typeof sdk.eventNames !== 'function' || typeof sdk.listenerCount !== 'function') return null;
      return sdk.eventNames().reduce((n, e) => n + sdk.listenerCount(e), 0);
    } catch { return null; }
  }

  let sdk = null;
  let logger = null;
  const sessions = [];
  let onSessionStarted = null;
  let onSessionEnded = null;
  let onPending = null;

  // ---- API used by the scenarios (page.evaluate) -------------------------------------------------
  window.__bench = {
    marks: window.__benchMarks,
    counters() {
      return {
        ...pcCounters(),
        sdkListeners: sdk ? emitterListenerCount(sdk) : null,
        loggerCounts: logger ? { ...logger.counts } : null,
      };
    },
    lastErrors() { return logger ? logger.lastErrors.slice() : []; },

    /** An agent (accessToken) or, with `securityCode` and `organizationId`, a guest (screen share). */
    async init({ environment, wsHost, accessToken, securityCode, organizationId, allowedSessionTypes, timeoutMs = 20000 }) {
      const Ctor = sdkClass();
      logger = silentLogger();
      const m = {};
      const t0 = now();
      sdk = new Ctor({
        environment, wsHost, ...(securityCode ? { organizationId } : { accessToken }), ...(allowedSessionTypes ? { allowedSessionTypes } : {}),
        optOutOfTelemetry: true, useHeadsets: false, autoConnectSessions: true,
        logger,
      });
      m.ctor = now() - t0;
      const ready = new Promise((resolve) => sdk.once ? sdk.once('ready', resolve) : sdk.on('ready', resolve));
      ready.then(() => { m.ready = now() - t0; });
      // sessionStarted / sessionEnded / pendingSession are observed for the whole page life
      onSessionStarted = (s) => { sessions.push(s); if (window.__benchStarted) window.__benchStarted(s); };
      onSessionEnded = (s) => { if (window.__benchEnded) window.__benchEnded(s); };
      onPending = (p) => { if (window.__benchPending) window.__benchPending(p); };
      sdk.on('sessionStarted', onSessionStarted);
      sdk.on('sessionEnded', onSessionEnded);
      sdk.on('pendingSession', onPending);
      const tInit = now();
      m.ctorToInitializeCall = tInit - t0;
      await withTimeout(securityCode ? sdk.initialize({ securityCode }) : sdk.initialize(), timeoutMs, 'initialize()');
      m.initializeResolved = now() - t0;
      m.initializeCallToResolved = now() - tInit;
      await withTimeout(ready, 1000, "'ready' event").catch(() => undefined);
      if (m.ready !== undefined) m.initializeCallToReady = m.ready - m.ctorToInitializeCall;
      // each step from the initialize() call to ready, in ms from the initialize() call
      m.timeline = timeline(t0, t0 + (m.ready ?? m.initializeResolved), tInit);
      return m;
    },

    /**
     * One outbound call to `phoneNumber` (the echo number): marks in ms from the
     * startSoftphoneSession() call, then endSession() and wait for sessionEnded.
     */
    async call({ phoneNumber = '+15550100', timeoutMs = 15000, pollMs = 5 } = {}) {
      if (!sdk) throw new Error('init() first');
      const m = {};
      let trace = null;
      const cleanups = [];
      let conversationId = null;
      let resolveStarted;
      const started = new Promise((r) => { resolveStarted = r; });
      const early = [];
      window.__benchPending = (p) => { if (m.pendingSession === undefined) m.pendingSession = now() - t0; void p; };
      window.__benchStarted = (s) => {
        if (m.sessionStarted === undefined) m.sessionStarted = now() - t0;
        if (conversationId && s.conversationId === conversationId) resolveStarted(s);
        else early.push(s);
      };
      cleanups.push(() => { window.__benchPending = null; window.__benchStarted = null; });
      const t0 = now();
      pruneNet(t0); // the harness keeps one call's frames at a time
      try {
        const res = await withTimeout(sdk.startSoftphoneSession({ phoneNumber }), timeoutMs, 'startSoftphoneSession()');
        m.startResolved = now() - t0;
        conversationId = res && res.id;
        const hit = early.find((s) => s.conversationId === conversationId) || (early.length && !conversationId ? early[0] : null);
        if (hit) resolveStarted(hit);
        const session = await withTimeout(started, timeoutMs, 'sessionStarted');
        const pc = session.pc || session.peerConnection;
        if (!pc) throw new Error('the session has no peer connection');

        // pc connected (DTLS done)
        const connected = new Promise((resolve) => {
          const check = () => {
            if (pc.iceConnectionState === 'connected' || pc.iceConnectionState === 'completed') {
              if (m.iceConnected === undefined) m.iceConnected = now() - t0;
            }
            if (pc.connectionState === 'connected') {
              if (m.pcConnected === undefined) m.pcConnected = now() - t0;
              resolve();
            }
          };
          const listener = () => check();
          NativePC.prototype.addEventListener.call(pc, 'connectionstatechange', listener);
          NativePC.prototype.addEventListener.call(pc, 'iceconnectionstatechange', listener);
          cleanups.push(() => {
            NativePC.prototype.removeEventListener.call(pc, 'connectionstatechange', listener);
            NativePC.prototype.removeEventListener.call(pc, 'iceconnectionstatechange', listener);
          });
          check();
        });

        // remote audio energy: muted <audio> (Chrome feeds WebAudio from a remote track only while
        // an element plays it) + AnalyserNode polled every `pollMs`
        const audio = (async () => {
          let track = null;
          const deadline = now() + timeoutMs;
          while (!track && now() < deadline) {
            track = pc.getReceivers().map((r) => r.track).find((t) => t && t.kind === 'audio') || null;
            if (!track) await sleep(pollMs);
          }
          if (!track) throw new Error('no remote audio track');
          noteTrack(track);
          const stream = new MediaStream([track]);
          const el = document.createElement('audio');
          el.muted = true;
          el.autoplay = true;
          el.srcObject = stream;
          document.body.appendChild(el);
          const ctx = new AudioContext();
          cleanups.push(() => { el.pause(); el.srcObject = null; el.remove(); return ctx.close().catch(() => undefined); });
          el.play().catch(() => undefined);
          ctx.resume().catch(() => undefined);
          const analyser = ctx.createAnalyser();
          analyser.fftSize = 1024;
          const source = ctx.createMediaStreamSource(stream);
          source.connect(analyser);
          cleanups.push(() => { try { source.disconnect(); } catch { /* closed */ } });
          const buf = new Float32Array(analyser.fftSize);
          while (now() < deadline) {
            analyser.getFloatTimeDomainData(buf);
            let sum = 0;
            let any = false;
            for (let i = 0; i < buf.length; i++) { const s = buf[i]; if (s !== 0) any = true; sum += s * s; }
            if (any && m.audioEnergy === undefined) m.audioEnergy = now() - t0;
            if (Math.sqrt(sum / buf.length) > 0.01) { m.audioRms = now() - t0; return; }
            await sleep(pollMs);
          }
          throw new Error(`no remote audio energy within ${timeoutMs} ms`);
        })();

        await withTimeout(Promise.all([connected, audio]), timeoutMs + 1000, 'pc connected + remote audio');
        Object.assign(m, callSocketMarks(t0, t0));
        trace = callTrace(t0, pc);

        // end: endSession() → resolved, then sessionEnded
        const ended = new Promise((resolve) => {
          window.__benchEnded = (s) => { if (s === session || s.conversationId === conversationId) resolve(); };
        });
        cleanups.push(() => { window.__benchEnded = null; });
        const tEnd = now();
        await withTimeout(sdk.endSession({ conversationId }), timeoutMs, 'endSession()');
        m.endResolved = now() - tEnd;
        await withTimeout(ended, timeoutMs, 'sessionEnded');
        m.sessionEnded = now() - tEnd;
        return { ok: true, marks: m, trace, epochT0: performance.timeOrigin + t0 };
      } catch (err) {
        return { ok: false, marks: m, error: String(err && err.message || err), lastErrors: logger ? logger.lastErrors.slice(-5) : [] };
      } finally {
        for (const c of cleanups.reverse()) { try { await c(); } catch { /* ignore */ } }
        // let the SDK finish its own teardown before the next call
        sessions.length = 0;
      }
    },

    // ---- soak helpers (bench/scenarios/soak.mjs) ----
    sdk() { return sdk; },
    /** An echo call, resolved once its media is connected; the conversation id. */
    async startCall({ phoneNumber = '+15550100', timeoutMs = 15000 } = {}) {
      pruneNet(now());
      const started = new Promise((resolve) => { window.__benchStarted = resolve; });
      const { id } = await withTimeout(sdk.startSoftphoneSession({ phoneNumber }), timeoutMs, 'startSoftphoneSession()');
      const session = await withTimeout(started, timeoutMs, 'sessionStarted');
      window.__benchStarted = null;
      const pc = session.pc;
      const deadline = now() + timeoutMs;
      while (pc.connectionState !== 'connected' && now() < deadline) await sleep(20);
      if (pc.connectionState !== 'connected') throw new Error('pc not connected');
      return id;
    },
    async endCall(conversationId, timeoutMs = 15000) {
      const ended = new Promise((resolve) => { window.__benchEnded = (s) => { if (s.conversationId === conversationId) resolve(); }; });
      await withTimeout(sdk.endSession({ conversationId }), timeoutMs, 'endSession()');
      await withTimeout(ended, timeoutMs, 'sessionEnded');
      window.__benchEnded = null;
    },
    nextReconnect(timeoutMs = 20000) {
      return withTimeout(new Promise((resolve) => {
        const on = (e) => { if (e && e.reconnect) { sdk.off('connected', on); resolve(); } };
        sdk.on('connected', on);
      }), timeoutMs, 'connected {reconnect:true}');
    },
    nextConnectionState(state, timeoutMs = 20000) {
      return withTimeout(new Promise((resolve) => {
        const on = (e) => { if (e.state === state) { sdk.off('connectionState', on); resolve(); } };
        sdk.on('connectionState', on);
      }), timeoutMs, `connectionState ${state}`);
    },

    /**
     * Joins `roomJid` (which has a bot sending video): marks in ms from the startVideoConference()
     * call to sessionStarted, pc connected and the first remote video frame presented
     * (requestVideoFrameCallback on a muted <video> per remote video track: the first of any),
     * then leaves and waits for sessionEnded. The app accepts on sessionStarted with its elements.
     */
    async videoJoin({ roomJid, timeoutMs = 20000 } = {}) {
      if (!sdk) throw new Error('init() first');
      const m = {};
      let trace = null;
      const cleanups = [];
      const audioElement = document.createElement('audio');
      const videoElement = document.createElement('video');
      document.body.append(audioElement, videoElement);
      cleanups.push(() => { audioElement.srcObject = null; videoElement.srcObject = null; audioElement.remove(); videoElement.remove(); });
      let resolveStarted;
      const started = new Promise((r) => { resolveStarted = r; });
      window.__benchStarted = (s) => {
        if (s.sessionType !== 'collaborateVideo') return;
        if (m.sessionStarted === undefined) m.sessionStarted = now() - t0;
        sdk.acceptSession({ conversationId: s.conversationId, audioElement, videoElement }).catch(() => undefined);
        resolveStarted(s);
      };
      cleanups.push(() => { window.__benchStarted = null; });
      const t0 = now();
      pruneNet(t0); // the harness keeps one call's frames at a time
      try {
        await withTimeout(sdk.startVideoConference(roomJid), timeoutMs, "startVideoConference()");
        m.startResolved = now() - t0;
        const session = await withTimeout(started, timeoutMs, 'sessionStarted');
        const pc = session.pc || session.peerConnection;
        const connected = new Promise((resolve) => {
          const check = () => { if (pc.connectionState === 'connected') { if (m.pcConnected === undefined) m.pcConnected = now() - t0; resolve(); } };
          NativePC.prototype.addEventListener.call(pc, 'connectionstatechange', check);
          cleanups.push(() => NativePC.prototype.removeEventListener.call(pc, 'connectionstatechange', check));
          check();
        });
        const frame = new Promise((resolve) => {
          const watched = new Set();
          const watch = () => {
            for (const r of pc.getReceivers()) {
              const t = r.track;
              if (!t || t.kind !== 'video' || watched.has(t)) continue;
              watched.add(t);
              noteTrack(t);
              const v = document.createElement('video');
              v.muted = true;
              v.srcObject = new MediaStream([t]);
              document.body.append(v);
              cleanups.push(() => { v.srcObject = null; v.remove(); });
              v.requestVideoFrameCallback(() => { if (m.firstRemoteFrame === undefined) m.firstRemoteFrame = now() - t0; resolve(); });
              v.play().catch(() => undefined);
            }
          };
          watch();
          const timer = setInterval(watch, 20);
          cleanups.push(() => clearInterval(timer));
        });
        await withTimeout(Promise.all([connected, frame]), timeoutMs, 'pc connected + first remote frame');
        Object.assign(m, callSocketMarks(t0, t0)); // propose in → proceed out, offer in → answer out
        trace = callTrace(t0, pc);
        const ended = new Promise((resolve) => { window.__benchEnded = (s) => { if (s === session) resolve(); }; });
        cleanups.push(() => { window.__benchEnded = null; });
        const tEnd = now();
        await withTimeout(sdk.endSession({ conversationId: session.conversationId }), timeoutMs, 'endSession()');
        m.endResolved = now() - tEnd;
        await withTimeout(ended, timeoutMs, 'sessionEnded');
        return { ok: true, marks: m, trace, epochT0: performance.timeOrigin + t0 };
      } catch (err) {
        return { ok: false, marks: m, error: String(err && err.message || err), lastErrors: logger ? logger.lastErrors.slice(-5) : [] };
      } finally {
        for (const c of cleanups.reverse()) { try { await c(); } catch { /* ignore */ } }
        sessions.length = 0;
      }
    },

    /**
     * Guest screen share (init with a security code first): startScreenShare() inside the
     * evaluate's user activation → sessionStarted → pc connected and screen video sent (outbound
     * RTP) → the capture ends as on "Stop sharing" (track stopped + `ended`) → sessionEnded.
     */
    async screenShare({ timeoutMs = 20000 } = {}) {
      if (!sdk) throw new Error('init() first');
      const m = {};
      const cleanups = [];
      const t0 = now();
      pruneNet(t0);
      let resolveStarted;
      const started = new Promise((r) => { resolveStarted = r; });
      window.__benchStarted = (s) => {
        if (s.sessionType !== 'screenShare') return;
        if (m.sessionStarted === undefined) m.sessionStarted = now() - t0;
        resolveStarted(s);
      };
      cleanups.push(() => { window.__benchStarted = null; });
      let stream = null;
      try {
        stream = await withTimeout(sdk.startScreenShare(), timeoutMs, 'startScreenShare()');
        m.streamResolved = now() - t0;
        const session = await withTimeout(started, timeoutMs, 'sessionStarted');
        await sending(session.pc, 'video', now() + timeoutMs);
        m.sending = now() - t0;
        const ended = new Promise((resolve) => { window.__benchEnded = (s) => { if (s === session) resolve(); }; });
        cleanups.push(() => { window.__benchEnded = null; });
        const tEnd = now();
        for (const t of stream.getTracks()) { t.stop(); t.dispatchEvent(new Event('ended')); }
        await withTimeout(ended, timeoutMs, 'sessionEnded');
        m.sessionEnded = now() - tEnd;
        return { ok: true, marks: m };
      } catch (err) {
        return { ok: false, marks: m, error: String(err && err.message || err), lastErrors: logger ? logger.lastErrors.slice(-5) : [] };
      } finally {
        if (stream) for (const t of stream.getTracks()) t.stop();
        for (const c of cleanups.reverse()) { try { await c(); } catch { /* ignore */ } }
        sessions.length = 0;
      }
    },

    /**
     * Agent screen recording, driven from the page: the screen is captured first (inside the
     * evaluate's user activation), then the emulator's control API proposes a recording
     * (`POST /__emulator/screen-recordings {userId}`) → pendingSession → acceptPendingSession →
     * sessionStarted → acceptSession with the stream and its metadata → pc connected and screen
     * video sent → the cloud ends it (`DELETE …/screen-recordings/{id}`) → sessionEnded; the SDK
     * stops the recorded stream (`tracksEndedBySdk`).
     */
    async screenRecording({ controlBase, userId, timeoutMs = 20000 } = {}) {
      if (!sdk) throw new Error('init() first');
      const m = {};
      const cleanups = [];
      const t0 = now();
      pruneNet(t0);
      let stream = null;
      let conversationId = null;
      const control = async (method, path, body) => {
        const res = await nativeFetch(`${controlBase}/__emulator/${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
        if (!res.ok) throw new Error(`control ${method} ${path}: ${res.status}`);
        return res.status === 204 ? undefined : res.json();
      };
      try {
        stream = await withTimeout(navigator.mediaDevices.getDisplayMedia({ video: true, audio: false }), timeoutMs, 'getDisplayMedia()');
        const pendings = [];
        let onPending = null;
        window.__benchPending = (p) => { if (p.sessionType === 'screenRecording') { pendings.push(p); if (onPending) onPending(); } };
        let resolveStarted;
        const started = new Promise((r) => { resolveStarted = r; });
        const startedList = [];
        window.__benchStarted = (s) => { if (s.sessionType === 'screenRecording') { startedList.push(s); if (s.conversationId === conversationId) resolveStarted(s); } };
        cleanups.push(() => { window.__benchPending = null; window.__benchStarted = null; });
        const tStart = now();
        conversationId = (await withTimeout(control('POST', 'screen-recordings', { userId }), timeoutMs, 'POST screen-recordings')).conversationId;
        const pending = await withTimeout(new Promise((resolve) => {
          const check = () => { const p = pendings.find((x) => x.conversationId === conversationId); if (p) resolve(p); };
          onPending = check;
          check();
        }), timeoutMs, 'pendingSession');
        m.pendingSession = now() - tStart;
        await sdk.acceptPendingSession({ conversationId, sessionType: pending.sessionType });
        const early = startedList.find((s) => s.conversationId === conversationId);
        if (early) resolveStarted(early);
        const session = await withTimeout(started, timeoutMs, 'sessionStarted');
        m.sessionStarted = now() - tStart;
        const metadatas = stream.getVideoTracks().map((track, i) => {
          const { width = 0, height = 0, deviceId = '' } = track.getSettings();
          return { trackId: track.id, screenId: deviceId, originX: 0, originY: 0, resolutionX: width, resolutionY: height, primary: i === 0 };
        });
        await withTimeout(sdk.acceptSession({ conversationId, sessionType: 'screenRecording', mediaStream: stream, screenRecordingMetadatas: metadatas }), timeoutMs, 'acceptSession()');
        await sending(session.pc, 'video', now() + timeoutMs);
        m.sending = now() - tStart;
        const ended = new Promise((resolve) => { window.__benchEnded = (s) => { if (s === session) resolve(); }; });
        cleanups.push(() => { window.__benchEnded = null; });
        const tEnd = now();
        await withTimeout(control('DELETE', `screen-recordings/${conversationId}`), timeoutMs, 'DELETE screen-recordings');
        await withTimeout(ended, timeoutMs, 'sessionEnded');
        m.sessionEnded = now() - tEnd;
        m.tracksEndedBySdk = stream.getTracks().every((t) => t.readyState === 'ended');
        return { ok: true, marks: m };
      } catch (err) {
        return { ok: false, marks: m, error: String(err && err.message || err), lastErrors: logger ? logger.lastErrors.slice(-5) : [] };
      } finally {
        if (stream) for (const t of stream.getTracks()) t.stop();
        for (const c of cleanups.reverse()) { try { await c(); } catch { /* ignore */ } }
        sessions.length = 0;
      }
    },

    async destroy() {
      if (!sdk) return;
      try {
        if (sdk.off) {
          sdk.off('sessionStarted', onSessionStarted);
          sdk.off('sessionEnded', onSessionEnded);
          sdk.off('pendingSession', onPending);
        }
        await withTimeout(Promise.resolve(sdk.destroy()), 10000, 'destroy()');
      } catch { /* reported by the caller through counters */ }
      sdk = null;
    },
  };
})();
