/* global window */
// Video join → first remote video frame, ours and upstream 9.2.4 interleaved, against the same
// emulator: each run is a fresh browser context, agent and room with one bot sending VP8 (the
// emulator's SFU forwards it), init, `joinsPerRun` joins (the first one cold), destroy.
import { summarize } from '../lib/stats.mjs';

const SDKS = ['ours', 'upstream'];
export const VIDEO_MARKS = ['startResolved', 'sessionStarted', 'acceptResolved', 'proposeToProceed', 'offerIn', 'offerToAnswer', 'pcConnected', 'firstFrameDecoded', 'firstFrameShown', 'leave'];

async function oneRun({ browser, staticUrl, emulator, sdk, joinsPerRun, signaling, timeoutMs }) {
  const ctx = await browser.createBrowserContext();
  const run = { sdk, ok: true, joins: [], errors: [] };
  try {
    const page = await ctx.newPage();
    page.on('pageerror', (e) => { if (run.errors.length < 5) run.errors.push(`pageerror: ${String(e.message ?? e).slice(0, 300)}`); });
    const agent = await emulator.control('POST', 'agents', { name: `bench video ${sdk}`, signaling });
    const room = await emulator.control('POST', 'video-rooms', {});
    await emulator.control('POST', `video-rooms/${encodeURIComponent(room.roomJid)}/bots`, { name: 'Bench Bot' });
    await page.goto(`${staticUrl}/page/${sdk}.html`, { waitUntil: 'load', timeout: timeoutMs });
    await page.evaluate((cfg) => window.__bench.init(cfg), { environment: emulator.base, wsHost: emulator.wsHost, accessToken: agent.accessToken, timeoutMs });
    for (let j = 0; j < joinsPerRun; j++) {
      const res = await page.evaluate((o) => window.__bench.videoJoin(o), { roomJid: room.roomJid, timeoutMs });
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

export async function runVideoJoin({ browser, staticUrl, emulator, runs = 10, joinsPerRun = 2, signaling = 'jingle', timeoutMs = 20000, log = console.error }) {
  const raw = { ours: [], upstream: [] };
  for (const sdk of SDKS) {
    const w = await oneRun({ browser, staticUrl, emulator, sdk, joinsPerRun: 1, signaling, timeoutMs });
    log(`  warm-up ${sdk}: ${w.ok ? 'ok' : `FAILED ${w.errors.join('; ')}`}`);
  }
  for (let i = 0; i < runs; i++) {
    for (const sdk of (i % 2 === 0 ? SDKS : [...SDKS].reverse())) {
      const r = await oneRun({ browser, staticUrl, emulator, sdk, joinsPerRun, signaling, timeoutMs });
      raw[sdk].push(r);
      const first = r.joins[0]?.marks;
      log(`  run ${i + 1}/${runs} ${sdk.padEnd(8)} first frame ${first?.firstFrameDecoded?.toFixed(0) ?? '-'} ms${r.ok ? '' : `  FAILED: ${r.errors.join('; ')}`}`);
    }
  }
  const summary = {};
  for (const sdk of SDKS) {
    const pick = (joins) => Object.fromEntries(VIDEO_MARKS.map((k) => [k, summarize(joins.map((j) => j?.marks?.[k]))]));
    summary[sdk] = {
      runs: raw[sdk].length,
      failedRuns: raw[sdk].filter((r) => !r.ok).length,
      coldJoin: pick(raw[sdk].map((r) => r.joins[0]).filter((j) => j?.ok)),
      warmJoin: pick(raw[sdk].flatMap((r) => r.joins.slice(1)).filter((j) => j?.ok)),
      errors: raw[sdk].flatMap((r) => r.errors).slice(0, 10),
    };
  }
  return { config: { runs, joinsPerRun, signaling, interleaved: true, warmupRunsDiscarded: 1, bot: 'one VP8 320x240 15 fps bot' }, summary, raw };
}
