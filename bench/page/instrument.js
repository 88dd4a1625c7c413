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

  // ---- peer connections --------------------------------------------------------------------
  const pcStats = { created: 0, closeCalls: 0, collected: 0 };
  const pcRefs = [];
  const trackRefs = [];
  const seenTracks = new WeakSet();
  const registry = new FinalizationRegistry(() => { pcStats.collected += 1; });
  function noteTrack(t) {
    if (!t || seenTracks.has(t)) return;
    seenTracks.add(t);
    trackRefs.push(new WeakRef(t));
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
    }
    close() {
      if (!this.__benchClosed) { this.__benchClosed = true; pcStats.closeCalls += 1; }
      return super.close();
    }
  }
  window.RTCPeerConnection = BenchPC;
  if (window.webkitRTCPeerConnection) window.webkitRTCPeerConnection = BenchPC;

  const md = navigator.mediaDevices;
  if (md && md.getUserMedia) {
    const gum = md.getUserMedia.bind(md);
    md.getUserMedia = async (constraints) => {
      const stream = await gum(constraints);
      for (const t of stream.getTracks()) noteTrack(t);
      return stream;
    };
  }

  function pcCounters() {
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
      tracksSeen: trackRefs.length,
      tracksLive: liveTracks,
      tracksAlive: aliveTracks,
      mediaElements: document.querySelectorAll('audio,video').length,
    };
  }

  // ---- helpers -------------------------------------------------------------------------------
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
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

    async init({ environment, wsHost, accessToken, timeoutMs = 20000 }) {
      const Ctor = sdkClass();
      logger = silentLogger();
      const m = {};
      const t0 = now();
      sdk = new Ctor({
        environment, wsHost, accessToken,
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
      await withTimeout(sdk.initialize(), timeoutMs, 'initialize()');
      m.initializeResolved = now() - t0;
      m.initializeCallToResolved = now() - tInit;
      await withTimeout(ready, 1000, "'ready' event").catch(() => undefined);
      if (m.ready !== undefined) m.initializeCallToReady = m.ready - m.ctorToInitializeCall;
      return m;
    },

    /**
     * One outbound call to `phoneNumber` (the echo number): marks in ms from the
     * startSoftphoneSession() call, then endSession() and wait for sessionEnded.
     */
    async call({ phoneNumber = '+15550100', timeoutMs = 15000, pollMs = 5 } = {}) {
      if (!sdk) throw new Error('init() first');
      const m = {};
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
        return { ok: true, marks: m };
      } catch (err) {
        return { ok: false, marks: m, error: String(err && err.message || err), lastErrors: logger ? logger.lastErrors.slice(-5) : [] };
      } finally {
        for (const c of cleanups.reverse()) { try { await c(); } catch { /* ignore */ } }
        // let the SDK finish its own teardown before the next call
        sessions.length = 0;
      }
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
        const ended = new Promise((resolve) => { window.__benchEnded = (s) => { if (s === session) resolve(); }; });
        cleanups.push(() => { window.__benchEnded = null; });
        const tEnd = now();
        await withTimeout(sdk.endSession({ conversationId: session.conversationId }), timeoutMs, 'endSession()');
        m.endResolved = now() - tEnd;
        await withTimeout(ended, timeoutMs, 'sessionEnded');
        return { ok: true, marks: m };
      } catch (err) {
        return { ok: false, marks: m, error: String(err && err.message || err), lastErrors: logger ? logger.lastErrors.slice(-5) : [] };
      } finally {
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
