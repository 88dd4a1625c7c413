/* global window */
// initialize() → ready and outbound echo calls (startSoftphoneSession() → pc connected → first
// remote audio energy), ours and upstream 9.2.4, interleaved in the same run against the same
// emulator. Each run is a fresh browser context (cold HTTP cache), a fresh emulator agent, one
// page: load the bundle, init, `callsPerRun` calls (call 1 = cold, the rest = warm), destroy.
import { summarize } from '../lib/stats.mjs';

const SDKS = ['ours', 'upstream'];
const CALL_MARKS = ['startResolved', 'pendingSession', 'sessionStarted', 'iceConnected', 'pcConnected', 'audioEnergy', 'audioRms', 'endResolved', 'sessionEnded',
  // at the SDK's socket (bench/page/instrument.js): its own time on the signalling path
  'proposeIn', 'proceedOut', 'proposeToProceed', 'offerIn', 'answerOut', 'offerToAnswer'];

/** Per step of initialize() (label → start and end in ms from the initialize() call), over runs. */
function summarizeTimeline(runs) {
  const labels = [];
  for (const r of runs) for (const s of r.init?.timeline ?? []) if (!labels.includes(s.label)) labels.push(s.label);
  const out = labels.map((label) => {
    const hits = runs.map((r) => (r.init?.timeline ?? []).find((s) => s.label === label)).filter(Boolean);
    return { label, n: hits.length, start: summarize(hits.map((s) => s.start)), end: summarize(hits.map((s) => s.end)), duration: summarize(hits.map((s) => s.end - s.start)) };
  });
  return out.sort((a, b) => (a.start.median ?? 0) - (b.start.median ?? 0));
}
/** Adds the emulator's side of the media path to a call's page trace (same host clock). */
export function withEmulatorTrace(res, emulator) {
  if (!res?.trace || !res.epochT0 || typeof emulator.trace !== 'function') return;
  // Up to the page's last step or its first remote frame (what the emulator sent before it).
  const last = Math.max(res.trace.reduce((m, e) => Math.max(m, e.t), 0), res.marks?.firstRemoteFrame ?? 0);
  res.trace = [...res.trace, ...emulator.trace(res.epochT0, res.epochT0 + last + 20)].sort((a, b) => a.t - b.t);
}

/**
 * Per step of the call path (first occurrence of each trace label, durations stripped; repeats
 * numbered #2, #3), median ms from the start call over the calls, sorted by median.
 */
export function summarizeTrace(calls) {
  const per = new Map();
  for (const c of calls) {
    const seen = {};
    for (const e of c?.trace ?? []) {
      const base = e.what.replace(/ \([\d.]+ ms\)$/, '');
      seen[base] = (seen[base] || 0) + 1;
      if (seen[base] > 3) continue;
      const label = seen[base] > 1 ? `${base} #${seen[base]}` : base;
      const dur = (e.what.match(/\(([\d.]+) ms\)$/) || [])[1];
      if (!per.has(label)) per.set(label, { at: [], dur: [] });
      per.get(label).at.push(e.t);
      if (dur !== undefined) per.get(label).dur.push(Number(dur));
    }
  }
  return [...per.entries()].map(([label, v]) => ({ label, n: v.at.length, at: summarize(v.at), duration: v.dur.length ? summarize(v.dur) : null }))
    .filter((x) => x.n >= Math.max(1, Math.floor(calls.length / 2)))
    .sort((a, b) => (a.at.median ?? 0) - (b.at.median ?? 0));
}
const INIT_MARKS = ['scriptBlock', 'ctor', 'ready', 'initializeResolved', 'initializeCallToReady'];

async function oneRun({ browser, staticUrl, emulator, sdk, callsPerRun, signaling, timeoutMs }) {
  const ctx = await browser.createBrowserContext();
  const run = { sdk, ok: true, init: null, calls: [], errors: [] };
  try {
    const page = await ctx.newPage();
    page.on('pageerror', (e) => { if (run.errors.length < 5) run.errors.push(`pageerror: ${String(e.message ?? e).slice(0, 300)}`); });
    const agent = await emulator.control('POST', 'agents', { name: `bench ${sdk}`, signaling });
    await page.goto(`${staticUrl}/page/${sdk}.html`, { waitUntil: 'load', timeout: timeoutMs });
    const script = await page.evaluate(() => ({ ...window.__benchMarks }));
    const init = await page.evaluate((cfg) => window.__bench.init(cfg), {
      environment: emulator.base, wsHost: emulator.wsHost, accessToken: agent.accessToken, timeoutMs,
    });
    run.init = { scriptBlock: script.scriptEnd - script.scriptStart, ...init };
    for (let c = 0; c < callsPerRun; c++) {
      const res = await page.evaluate((o) => window.__bench.call(o), { phoneNumber: '+15550100', timeoutMs });
      withEmulatorTrace(res, emulator);
      run.calls.push(res);
      if (!res.ok) { run.ok = false; run.errors.push(`call ${c + 1}: ${res.error} ${JSON.stringify(res.lastErrors ?? [])}`); break; }
    }
    run.counters = await page.evaluate(() => window.__bench.counters());
    await page.evaluate(() => window.__bench.destroy());
  } catch (err) {
    run.ok = false;
    run.errors.push(String(err?.message ?? err).slice(0, 500));
  } finally {
    await ctx.close().catch(() => undefined);
  }
  return run;
}

export async function runInitAndCall({ browser, staticUrl, emulator, runs = 10, callsPerRun = 3, signaling = 'jingle', timeoutMs = 15000, log = console.error }) {
  const raw = { ours: [], upstream: [] };
  // one discarded warm-up run per SDK (JIT-cold emulator, upstream-anchor-figures.md §5 pitfall 4)
  for (const sdk of SDKS) {
    const w = await oneRun({ browser, staticUrl, emulator, sdk, callsPerRun: 1, signaling, timeoutMs });
    log(`  warm-up ${sdk}: ${w.ok ? 'ok' : `FAILED ${w.errors.join('; ')}`}`);
  }
  for (let i = 0; i < runs; i++) {
    const order = i % 2 === 0 ? SDKS : [...SDKS].reverse();
    for (const sdk of order) {
      const r = await oneRun({ browser, staticUrl, emulator, sdk, callsPerRun, signaling, timeoutMs });
      raw[sdk].push(r);
      const cold = r.calls[0]?.marks;
      log(`  run ${i + 1}/${runs} ${sdk.padEnd(8)} ready ${r.init?.ready?.toFixed(0) ?? '-'} ms, cold call connected ${cold?.pcConnected?.toFixed(0) ?? '-'} / audio ${cold?.audioEnergy?.toFixed(0) ?? '-'} ms${r.ok ? '' : `  FAILED: ${r.errors.join('; ')}`}`);
    }
  }
  const summary = {};
  for (const sdk of SDKS) {
    const runsOk = raw[sdk];
    const initS = {};
    for (const k of INIT_MARKS) initS[k] = summarize(runsOk.map((r) => r.init?.[k]));
    const pick = (calls) => {
      const s = {};
      for (const k of CALL_MARKS) s[k] = summarize(calls.map((c) => c?.marks?.[k]));
      return s;
    };
    const coldCalls = runsOk.map((r) => r.calls[0]).filter((c) => c?.ok);
    const warmCalls = runsOk.flatMap((r) => r.calls.slice(1)).filter((c) => c?.ok);
    summary[sdk] = {
      runs: runsOk.length,
      failedRuns: runsOk.filter((r) => !r.ok).length,
      init: initS,
      coldCall: pick(coldCalls),
      warmCall: pick(warmCalls),
      allCalls: pick([...coldCalls, ...warmCalls]),
      initTimeline: summarizeTimeline(runsOk),
      coldCallTrace: summarizeTrace(coldCalls),
      warmCallTrace: summarizeTrace(warmCalls),
      errors: runsOk.flatMap((r) => r.errors).slice(0, 10),
    };
  }
  return {
    config: { runs, callsPerRun, signaling, phoneNumber: '+15550100', interleaved: true, warmupRunsDiscarded: 1, freshBrowserContextPerRun: true },
    summary,
    raw,
  };
}
