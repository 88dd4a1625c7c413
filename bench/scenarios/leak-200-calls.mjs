/* global window */
// N consecutive echo calls in ONE page with one SDK instance (ours; optionally a shorter upstream
// batch as a reference): peer connections (created / not closed / still alive after GC), live
// tracks, event listeners and DOM nodes (CDP Memory.getDOMCounters), JS heap (CDP
// Runtime.getHeapUsage after 2× HeapProfiler.collectGarbage), before and after, with checkpoints.
import { summarize } from '../lib/stats.mjs';
import { takeHeapSnapshot, diffSnapshots, formatDiff, diffForResults } from '../lib/heap-diff.mjs';

async function snapshot(page, cdp, label, call) {
  // two full GCs; WeakRefs/FinalizationRegistry settle between them
  await cdp.send('HeapProfiler.collectGarbage');
  await new Promise((r) => setTimeout(r, 50));
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await cdp.send('Runtime.getHeapUsage');
  const dom = await cdp.send('Memory.getDOMCounters');
  const counters = await page.evaluate(() => window.__bench.counters());
  return {
    label, call,
    heapUsedBytes: heap.usedSize,
    heapTotalBytes: heap.totalSize,
    domNodes: dom.nodes,
    documents: dom.documents,
    jsEventListeners: dom.jsEventListeners,
    ...counters,
  };
}

/** Holders whose retained size the heap diff reports (class names the minified bundle keeps). */
const HOLDERS = ['GenesysCloudWebrtcSdk'];
/** Classes whose reachable instances the heap diff lists with who holds them. */
const INSPECT = ['RTCPeerConnection', 'MediaStreamTrack', 'MediaStream', 'HTMLAudioElement', 'HTMLVideoElement', 'AudioContext'];

function checkpointsFor(n) {
  const set = new Set([1, n]);
  const step = Math.max(1, Math.round(n / 4));
  for (let c = step; c < n; c += step) set.add(c);
  return set;
}

async function batch({ browser, staticUrl, emulator, sdk, calls, signaling, timeoutMs, log, kind = 'call', heapDiff = false }) {
  const ctx = await browser.createBrowserContext();
  const out = { sdk, kind, calls, signaling, ok: true, snapshots: [], callMarks: [], failures: [], errors: [] };
  const started = Date.now();
  try {
    const page = await ctx.newPage();
    page.on('pageerror', (e) => { if (out.errors.length < 5) out.errors.push(`pageerror: ${String(e.message ?? e).slice(0, 300)}`); });
    const cdp = await page.createCDPSession();
    // the guest share needs a security code (a guest JWT naming its screen-share room), the others an agent
    const agent = kind === 'screen-share' ? null : await emulator.control('POST', 'agents', { name: `bench leak ${sdk}`, signaling });
    const guest = kind === 'screen-share' ? await emulator.control('POST', 'guest-codes', {}) : null;
    if (kind.startsWith('screen')) await emulator.control('POST', 'settings', { signaling });
    await page.goto(`${staticUrl}/page/${sdk}.html`, { waitUntil: 'load', timeout: timeoutMs });
    await page.evaluate(() => { window.__benchTimerSites = true; }); // name the sites of pending timers
    out.snapshots.push(await snapshot(page, cdp, 'after load', 0));
    const init = guest
      ? { environment: emulator.base, wsHost: emulator.wsHost, securityCode: guest.securityCode, organizationId: guest.organizationId, timeoutMs }
      : { environment: emulator.base, wsHost: emulator.wsHost, accessToken: agent.accessToken, timeoutMs };
    // screen recording is not among the default session types (as upstream)
    if (kind === 'screen-recording') init.allowedSessionTypes = ['softphone', 'collaborateVideo', 'screenShare', 'liveScreenMonitoring', 'screenRecording'];
    await page.evaluate((cfg) => window.__bench.init(cfg), init);
    out.snapshots.push(await snapshot(page, cdp, 'before (after init)', 0));
    // video: one room with a bot sending VP8, joined and left `calls` times
    let roomJid = null;
    if (kind === 'video') {
      roomJid = (await emulator.control('POST', 'video-rooms', { name: `bench-leak-${sdk}-${Date.now()}` })).roomJid;
      await emulator.control('POST', `video-rooms/${encodeURIComponent(roomJid)}/bots`, { name: 'bench bot' });
    }
    // one iteration of the batch, in the page (page.evaluate runs with a user activation: getDisplayMedia)
    const one = {
      call: () => page.evaluate((o) => window.__bench.call(o), { phoneNumber: '+15550100', timeoutMs }),
      video: () => page.evaluate((o) => window.__bench.videoJoin(o), { roomJid, timeoutMs }),
      'screen-share': () => page.evaluate((o) => window.__bench.screenShare(o), { timeoutMs }),
      'screen-recording': () => page.evaluate((o) => window.__bench.screenRecording(o), { controlBase: emulator.base, userId: agent?.userId, timeoutMs }),
    }[kind];
    const cps = checkpointsFor(calls);
    let heapPrev = null;
    let consecutiveFailures = 0;
    for (let c = 1; c <= calls; c++) {
      const res = await one();
      out.callMarks.push(res.ok ? res.marks : null);
      if (!res.ok) {
        out.failures.push({ call: c, error: res.error, lastErrors: res.lastErrors });
        consecutiveFailures += 1;
        if (consecutiveFailures >= 3) { out.ok = false; out.errors.push(`stopped after 3 consecutive failed calls (call ${c})`); break; }
      } else consecutiveFailures = 0;
      const half = Math.max(1, Math.floor(calls / 2));
      if (cps.has(c) || (heapDiff && c === half)) {
        out.snapshots.push(await snapshot(page, cdp, c === calls ? `after ${c} calls` : `after call ${c}`, c));
        if (heapDiff && (c === 1 || c === half || c === calls) && calls > 2) {
          // snapshots after call 1, N/2 and N: 1 → N/2 is the warm-up, N/2 → N the steady state
          const snap = await takeHeapSnapshot(cdp);
          if (heapPrev) {
            const d = diffSnapshots(heapPrev.snap, snap, { holders: HOLDERS, inspect: INSPECT });
            const key = c === calls ? 'heapDiff' : 'heapDiffWarmup';
            out[key] = { from: heapPrev.call, to: c, ...diffForResults(d, c - heapPrev.call) };
            for (const line of formatDiff(d, { per: c - heapPrev.call, label: `${kind} ${heapPrev.call} → ${c}` })) log(`  ${line}`);
          }
          heapPrev = { call: c, snap };
        }
      }
    }
    await page.evaluate(() => window.__bench.destroy());
    out.snapshots.push(await snapshot(page, cdp, 'after destroy()', out.callMarks.length));
    await cdp.detach().catch(() => undefined);
  } catch (err) {
    out.ok = false;
    out.errors.push(String(err?.message ?? err).slice(0, 500));
  } finally {
    await ctx.close().catch(() => undefined);
  }
  out.durationMs = Date.now() - started;
  const before = out.snapshots.find((s) => s.label.startsWith('before'));
  const after = [...out.snapshots].reverse().find((s) => s.label.startsWith('after') && s.call > 0 && !s.label.includes('destroy'));
  const first = out.snapshots.find((s) => s.call === 1);
  if (before && after) {
    out.delta = {
      calls: after.call,
      heapUsedBytes: after.heapUsedBytes - before.heapUsedBytes,
      heapBytesPerCallAfterCall1: first && after.call > 1 ? Math.round((after.heapUsedBytes - first.heapUsedBytes) / (after.call - 1)) : null,
      // the steady state: from the checkpoint nearest the middle to the end (the first calls also compile and tier up code)
      ...(() => {
        const mid = out.snapshots.filter((x) => x.call > 0 && x.call <= after.call / 2 && !x.label.includes('destroy')).at(-1);
        return mid && after.call > mid.call ? { heapSecondHalfFrom: mid.call, heapBytesPerCallSecondHalf: Math.round((after.heapUsedBytes - mid.heapUsedBytes) / (after.call - mid.call)) } : {};
      })(),
      domNodes: after.domNodes - before.domNodes,
      jsEventListeners: after.jsEventListeners - before.jsEventListeners,
      pcCreated: after.pcCreated - before.pcCreated,
      pcNotClosed: after.pcNotClosed,
      pcAlive: after.pcAlive,
      tracksLive: after.tracksLive,
      tracksAlive: after.tracksAlive,
      mediaElements: after.mediaElements,
      timersPending: after.timersPending,
      intervalsActive: after.intervalsActive,
      sdkListeners: before.sdkListeners !== null && after.sdkListeners !== null ? after.sdkListeners - before.sdkListeners : null,
    };
    out.before = before;
    out.after = after;
  }
  const ok = out.callMarks.filter(Boolean);
  const k = Math.min(20, Math.floor(ok.length / 2));
  out.callTimings = {
    pcConnectedFirst: summarize(ok.slice(0, k).map((m) => m.pcConnected)), // (video joins: the same marks, audioEnergy absent)
    pcConnectedLast: summarize(ok.slice(-k).map((m) => m.pcConnected)),
    audioEnergyAll: summarize(ok.map((m) => m.audioEnergy)),
    window: k,
  };
  return out;
}

export async function runLeak({ browser, staticUrl, emulator, calls = 200, upstreamCalls = 20, videoJoins = 50, screenShares = 50, screenRecordings = 50, signaling = 'jingle', timeoutMs = 15000, heapDiff = false, log = console.error }) {
  const result = { config: { calls, upstreamCalls, videoJoins, screenShares, screenRecordings, signaling, heapDiff, phoneNumber: '+15550100' } };
  if (calls > 0) result.ours = await batch({ browser, staticUrl, emulator, sdk: 'ours', calls, signaling, timeoutMs, log, heapDiff });
  if (videoJoins > 0) result.oursVideo = await batch({ browser, staticUrl, emulator, sdk: 'ours', calls: videoJoins, signaling, timeoutMs: 20000, log, kind: 'video', heapDiff });
  if (screenShares > 0) result.oursScreenShare = await batch({ browser, staticUrl, emulator, sdk: 'ours', calls: screenShares, signaling, timeoutMs: 20000, log, kind: 'screen-share', heapDiff });
  if (screenRecordings > 0) result.oursScreenRecording = await batch({ browser, staticUrl, emulator, sdk: 'ours', calls: screenRecordings, signaling, timeoutMs: 20000, log, kind: 'screen-recording', heapDiff });
  if (upstreamCalls > 0) result.upstream = await batch({ browser, staticUrl, emulator, sdk: 'upstream', calls: upstreamCalls, signaling, timeoutMs, log });
  return result;
}
