/* global window */
// Video: startVideoConference() → first remote video frame, ours and upstream 9.2.4, interleaved
// runs against the same emulator. Each run: a fresh browser context and emulator agent, a fresh
// room with one bot sending VP8 (created before the page measures), init, `joinsPerRun` joins
// (join 1 = cold: first camera, first JIT), each one leaving before the next, destroy.
import { summarize } from '../lib/stats.mjs';
import { summarizeTrace, withEmulatorTrace } from './init-and-call.mjs';

const SDKS = ['ours', 'upstream'];
const MARKS = ['startResolved', 'sessionStarted', 'pcConnected', 'firstRemoteFrame', 'endResolved', 'proposeToProceed', 'offerIn', 'offerToAnswer'];

async function oneRun({ browser, staticUrl, emulator, sdk, joinsPerRun, signaling, timeoutMs }) {
  const ctx = await browser.createBrowserContext();
  const run = { sdk, ok: true, joins: [], errors: [] };
  try {
    const page = await ctx.newPage();
    page.on('pageerror', (e) => { if (run.errors.length < 5) run.errors.push(`pageerror: ${String(e.message ?? e).slice(0, 300)}`); });
    const agent = await emulator.control('POST', 'agents', { name: `bench video ${sdk}`, signaling });
    await page.goto(`${staticUrl}/page/${sdk}.html`, { waitUntil: 'load', timeout: timeoutMs });
    await page.evaluate((cfg) => window.__bench.init(cfg), { environment: emulator.base, wsHost: emulator.wsHost, accessToken: agent.accessToken, timeoutMs });
    for (let j = 0; j < joinsPerRun; j++) {
      const { roomJid } = await emulator.control('POST', 'video-rooms', { name: `bench-${sdk}-${Date.now()}-${j}` });
      await emulator.control('POST', `video-rooms/${encodeURIComponent(roomJid)}/bots`, { name: 'bench bot' });
      const res = await page.evaluate((o) => window.__bench.videoJoin(o), { roomJid, timeoutMs });
      withEmulatorTrace(res, emulator);
      run.joins.push(res);
      if (!res.ok) { run.ok = false; run.errors.push(`join ${j + 1}: ${res.error} ${JSON.stringify(res.lastErrors ?? [])}`); break; }
    }
    await page.evaluate(() => window.__bench.destroy());
  } catch (err) {
    run.ok = false;
    run.errors.push(String(err?.message ?? err).slice(0, 500));
  } finally {
    await ctx.close().catch(() => undefined);
  }
  return run;
}

export async function runVideoJoin({ browser, staticUrl, emulator, runs = 6, joinsPerRun = 2, signaling = 'jingle', timeoutMs = 20000, log = console.error }) {
  const raw = { ours: [], upstream: [] };
  for (const sdk of SDKS) {
    const w = await oneRun({ browser, staticUrl, emulator, sdk, joinsPerRun: 1, signaling, timeoutMs });
    log(`  warm-up ${sdk}: ${w.ok ? 'ok' : `FAILED ${w.errors.join('; ')}`}`);
  }
  for (let i = 0; i < runs; i++) {
    const order = i % 2 === 0 ? SDKS : [...SDKS].reverse();
    for (const sdk of order) {
      const r = await oneRun({ browser, staticUrl, emulator, sdk, joinsPerRun, signaling, timeoutMs });
      raw[sdk].push(r);
      const cold = r.joins[0]?.marks;
      log(`  run ${i + 1}/${runs} ${sdk.padEnd(8)} cold join: connected ${cold?.pcConnected?.toFixed(0) ?? '-'} / first frame ${cold?.firstRemoteFrame?.toFixed(0) ?? '-'} ms${r.ok ? '' : `  FAILED: ${r.errors.join('; ')}`}`);
    }
  }
  const summary = {};
  for (const sdk of SDKS) {
    const pick = (joins) => Object.fromEntries(MARKS.map((k) => [k, summarize(joins.map((c) => c?.marks?.[k]))]));
    const cold = raw[sdk].map((r) => r.joins[0]).filter((c) => c?.ok);
    const warm = raw[sdk].flatMap((r) => r.joins.slice(1)).filter((c) => c?.ok);
    summary[sdk] = { runs: raw[sdk].length, failedRuns: raw[sdk].filter((r) => !r.ok).length, coldJoin: pick(cold), warmJoin: pick(warm), coldJoinTrace: summarizeTrace(cold), warmJoinTrace: summarizeTrace(warm), errors: raw[sdk].flatMap((r) => r.errors).slice(0, 10) };
  }
  return { config: { runs, joinsPerRun, signaling, interleaved: true, warmupRunsDiscarded: 1, freshBrowserContextPerRun: true, botsPerRoom: 1 }, summary, raw };
}
