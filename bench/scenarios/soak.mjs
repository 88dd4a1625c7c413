/* global window */
// Soak: one page, one SDK, for a given duration, cycling through mixed actions: echo calls, a call
// whose streaming socket is dropped mid-call, calls through 503 bursts, pings refused until the
// SDK reconnects, a video conference join (a fresh room with a bot: joined until its first remote
// frame, then left), and the cloud fuzzer while idle. Samples every `sampleEverySec` s: peer
// connections (created / not closed / alive), live tracks, JS event listeners, DOM nodes, SDK
// listeners and the JS heap after 2× GC. Target: no growth. Reports, never asserts.
import { takeHeapSnapshot, diffSnapshots, formatDiff, diffForResults } from '../lib/heap-diff.mjs';

const ACTIONS = ['call', 'drop-mid-call', 'http-burst', 'video-join', 'pings-refused', 'fuzz-idle'];

async function sample(page, cdp, t0, label) {
  await cdp.send('HeapProfiler.collectGarbage');
  await new Promise((r) => setTimeout(r, 50));
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await cdp.send('Runtime.getHeapUsage');
  const dom = await cdp.send('Memory.getDOMCounters');
  const c = await page.evaluate(() => window.__bench.counters());
  return {
    label, atSec: Math.round((Date.now() - t0) / 1000), heapUsedBytes: heap.usedSize, domNodes: dom.nodes, jsEventListeners: dom.jsEventListeners,
    pcCreated: c.pcCreated, pcNotClosed: c.pcNotClosed, pcAlive: c.pcAlive, tracksLive: c.tracksLive, tracksAlive: c.tracksAlive,
    mediaElements: c.mediaElements, sdkListeners: c.sdkListeners,
  };
}

/** In the page: start an echo call and wait until its media is connected; resolves with the conversation id. */
const startCall = () => window.__bench.startCall();

async function runAction(name, { page, emulator, agent }) {
  switch (name) {
    case 'call': {
      const r = await page.evaluate(() => window.__bench.call({ phoneNumber: '+15550100' }));
      if (!r.ok) throw new Error(r.error);
      return;
    }
    case 'http-burst': {
      await emulator.control('POST', 'faults', { type: 'http', status: 503, count: 2, retryAfter: 0, pathPrefix: 'conversations/calls' });
      const r = await page.evaluate(() => window.__bench.call({ phoneNumber: '+15550101' }));
      await emulator.control('POST', 'faults', { type: 'clear' });
      if (!r.ok) throw new Error(r.error);
      return;
    }
    case 'drop-mid-call': {
      const id = await page.evaluate(startCall);
      const back = page.evaluate(() => window.__bench.nextReconnect(20000));
      await emulator.control('POST', 'faults', { type: 'drop-sockets', userId: agent.userId });
      await back;
      await page.evaluate((cid) => window.__bench.endCall(cid), id);
      return;
    }
    case 'pings-refused': {
      await page.evaluate(() => window.__bench.sdk()._streamingConnection._setKeepAlive(500, 700));
      const reconnecting = page.evaluate(() => window.__bench.nextConnectionState('reconnecting', 20000));
      await emulator.control('POST', 'faults', { type: 'refuse-pings', userId: agent.userId, enabled: true });
      await reconnecting;
      const back = page.evaluate(() => window.__bench.nextReconnect(20000));
      await emulator.control('POST', 'faults', { type: 'refuse-pings', userId: agent.userId, enabled: false });
      await back;
      await page.evaluate(() => window.__bench.sdk()._streamingConnection._setKeepAlive(14000, 15000));
      return;
    }
    case 'video-join': {
      const { roomJid } = await emulator.control('POST', 'video-rooms', {});
      await emulator.control('POST', `video-rooms/${encodeURIComponent(roomJid)}/bots`, { name: 'soak bot' });
      const r = await page.evaluate((o) => window.__bench.videoJoin(o), { roomJid, timeoutMs: 20000 });
      if (!r.ok) throw new Error(r.error);
      return;
    }
    case 'fuzz-idle': {
      await emulator.control('POST', 'fuzz', { userId: agent.userId, count: 100, seed: Math.floor(Math.random() * 1e6) });
      await new Promise((r) => setTimeout(r, 500));
      return;
    }
    default: throw new Error(`unknown action ${name}`);
  }
}

/**
 * `heapDiff` (env SOAK_HEAP_DIFF=<seconds>): a heap snapshot that many seconds in (0: after the first sample; later
 * leaves the warm-up out) and one at the end, and the constructors that grew in between.
 */
export async function runSoak({ browser, staticUrl, emulator, minutes = 30, sampleEverySec = 60, signaling = 'jingle', heapDiff = process.env.SOAK_HEAP_DIFF, actions = process.env.SOAK_ACTIONS, log = console.error }) {
  // SOAK_ACTIONS=call,fuzz-idle: only those action kinds (to tell which one grows the heap)
  const cycle = actions ? String(actions).split(',').map((a) => a.trim()).filter(Boolean) : ACTIONS;
  for (const a of cycle) if (!ACTIONS.includes(a)) throw new Error(`soak: unknown action ${a} (${ACTIONS.join(', ')})`);
  const heapDiffAfterMs = heapDiff === undefined || heapDiff === '' ? undefined : Math.max(0, Number(heapDiff) || 0) * 1000;
  const durationMs = Math.max(0.25, minutes) * 60_000;
  const out = { config: { minutes, sampleEverySec, signaling, actions: cycle }, samples: [], actions: {}, failures: [], errors: [] };
  const ctx = await browser.createBrowserContext();
  const t0 = Date.now();
  try {
    const page = await ctx.newPage();
    page.on('pageerror', (e) => { if (out.errors.length < 10) out.errors.push(`pageerror: ${String(e.message ?? e).slice(0, 300)}`); });
    const cdp = await page.createCDPSession();
    const agent = await emulator.control('POST', 'agents', { name: 'bench soak', signaling, lineAppearance: 100 });
    await page.goto(`${staticUrl}/page/ours.html`, { waitUntil: 'load' });
    await page.evaluate((cfg) => window.__bench.init(cfg), { environment: emulator.base, wsHost: emulator.wsHost, accessToken: agent.accessToken });
    // one warm-up call so the first sample is not the cold page
    await runAction('call', { page, emulator, agent });
    out.samples.push(await sample(page, cdp, t0, 'start'));
    let heapAtStart = heapDiffAfterMs === 0 ? await takeHeapSnapshot(cdp) : undefined;
    let actionsAtStart = 0;
    let heapAtSec;
    log(`  soak: ${minutes} min, sampling every ${sampleEverySec} s`);
    let nextSample = Date.now() + sampleEverySec * 1000;
    let i = 0;
    while (Date.now() - t0 < durationMs) {
      const name = cycle[i % cycle.length];
      i += 1;
      const started = Date.now();
      try {
        await runAction(name, { page, emulator, agent });
        out.actions[name] = (out.actions[name] ?? 0) + 1;
      } catch (err) {
        out.failures.push({ action: name, atSec: Math.round((started - t0) / 1000), error: String(err?.message ?? err).slice(0, 300) });
        await emulator.control('POST', 'faults', { type: 'clear' }).catch(() => undefined);
        if (out.failures.length > 20) { out.errors.push('stopped after 20 failed actions'); break; }
      }
      if (heapDiffAfterMs && !heapAtStart && Date.now() - t0 >= heapDiffAfterMs) {
        heapAtStart = await takeHeapSnapshot(cdp);
        actionsAtStart = i;
        heapAtSec = Math.round((Date.now() - t0) / 1000);
      }
      if (Date.now() >= nextSample) {
        const s = await sample(page, cdp, t0, `after ${i} actions`);
        out.samples.push(s);
        log(`  soak ${s.atSec}s: ${i} actions, heap ${(s.heapUsedBytes / 1024).toFixed(0)} KiB, PCs alive ${s.pcAlive}/not closed ${s.pcNotClosed}, tracks live ${s.tracksLive}, listeners ${s.jsEventListeners}, DOM ${s.domNodes}`);
        nextSample = Date.now() + sampleEverySec * 1000;
      }
    }
    out.samples.push(await sample(page, cdp, t0, `end (${i} actions)`));
    if (heapAtStart) {
      // objects alive at the end and not at the first snapshot, by class, with their retainer paths
      await cdp.send('HeapProfiler.collectGarbage');
      const heapAtEnd = await takeHeapSnapshot(cdp);
      // JS objects only: V8 code and Blink's native objects are listed by the leak scenario's --heap-diff
      const d = diffSnapshots(heapAtStart, heapAtEnd, { top: 25, pathsPerClass: 3, categories: ['objects'] });
      if (process.env.SOAK_HEAP_SAVE) {
        // SOAK_HEAP_SAVE=<dir>: keep both snapshots (open them in DevTools' Memory panel, or with bench/lib/heap-diff.mjs)
        const { writeFileSync, mkdirSync } = await import('node:fs');
        mkdirSync(process.env.SOAK_HEAP_SAVE, { recursive: true });
        writeFileSync(`${process.env.SOAK_HEAP_SAVE}/soak-a.heapsnapshot`, JSON.stringify(heapAtStart));
        writeFileSync(`${process.env.SOAK_HEAP_SAVE}/soak-b.heapsnapshot`, JSON.stringify(heapAtEnd));
      }
      heapAtStart = undefined;
      const per = Math.max(1, i - actionsAtStart);
      const fromSec = heapAtSec ?? out.samples[0].atSec;
      out.heapDiff = { fromSec, toSec: Math.round((Date.now() - t0) / 1000), actions: per, ...diffForResults(d, per) };
      for (const line of formatDiff(d, { per, label: `${fromSec} s → ${out.heapDiff.toSec} s, per action` })) log(`  ${line}`);
    }
    await page.evaluate(() => window.__bench.destroy());
    out.samples.push(await sample(page, cdp, t0, 'after destroy()'));
    await cdp.detach().catch(() => undefined);
  } catch (err) {
    out.errors.push(String(err?.message ?? err).slice(0, 500));
  } finally {
    await ctx.close().catch(() => undefined);
  }
  out.durationMs = Date.now() - t0;
  const first = out.samples[0];
  const last = [...out.samples].reverse().find((s) => s.label.startsWith('end'));
  if (first && last) {
    out.growth = {
      heapUsedBytes: last.heapUsedBytes - first.heapUsedBytes, domNodes: last.domNodes - first.domNodes,
      jsEventListeners: last.jsEventListeners - first.jsEventListeners, pcNotClosed: last.pcNotClosed - first.pcNotClosed,
      pcAlive: last.pcAlive - first.pcAlive, tracksLive: last.tracksLive - first.tracksLive,
      sdkListeners: first.sdkListeners !== null && last.sdkListeners !== null ? last.sdkListeners - first.sdkListeners : null,
    };
  }
  return out;
}
