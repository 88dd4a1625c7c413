#!/usr/bin/env node
// `npm run bench`: measures, prints tables, writes bench/results.json. Never asserts timings.
//   node bench/run.mjs [--quick] [--only bundle,init,leak,load] [--runs N] [--calls N] …  (--help)
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { machineInfo } from './lib/machine.mjs';
import { fmt, fmtBytes } from './lib/stats.mjs';

const ROOT = resolve(new URL('..', import.meta.url).pathname);
process.chdir(ROOT);

const HELP = `usage: npm run bench -- [options]
  --only <list>          scenarios to run, comma separated: bundle, init, video, leak, load, video-load, soak (default: all)
  --quick                few runs/calls/steps, for development (writes bench/results-quick.json)
  --runs <n>             init-and-call: interleaved runs per SDK (default 15; quick 2)
  --calls-per-run <n>    init-and-call: calls per run, the first one cold (default 3; quick 2)
  --video-runs <n>       video: interleaved runs per SDK (default 15; quick 2), 2 joins each (cold, warm)
  --calls <n>            leak: consecutive calls with our SDK in one page (default 200; quick 20; 0 = skip)
  --upstream-calls <n>   leak: reference batch with upstream 9.2.4 (default 20; quick 5; 0 = skip)
  --leak-video-joins <n> leak: video joins and leaves in one page, ours (default 50; quick 5; 0 = skip)
  --leak-screen-shares <n>     leak: guest screen shares in one page (default 50; quick 5; 0 = skip)
  --leak-screen-recordings <n> leak: agent screen recordings in one page (default 50; quick 5; 0 = skip)
  --heap-diff            leak: heap snapshots at call N/2 and N, diffed by class with retainer paths (bench/lib/heap-diff.mjs)
  --signaling <s>        jingle | sdp (emulator signalling for the browser scenarios; default jingle)
  --load-steps <list>    emulator-load agent counts (default 50,100,200,400,800,1600,3200; quick 50,100,200)
  --load-rate <n>        notifications and messages per agent per second (default 1)
  --load-step-ms <n>     measuring time per load step (default 5000; quick 2000)
  --video-browsers <n>   video-load: Chromium participants in the room (default 2)
  --video-bots <n>       video-load: bot participants in the room (default 4)
  --video-ms <n>         video-load: measuring window (default 10000; quick 5000)
  --soak-minutes <n>     soak: duration in minutes (default 30; quick 1)
  --soak-sample-sec <n>  soak: seconds between samples (default 60; quick 15)
  --out <file>           results file (default bench/results.json, quick: bench/results-quick.json)
Environment: CHROME_PATH (else /usr/bin/chromium, installed with apt-get when missing and root).`;

function parseArgs(argv) {
  const o = { only: null, quick: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      const v = argv[++i];
      if (v === undefined) { console.error(`missing value for ${a}`); process.exit(2); }
      return v;
    };
    const int = () => {
      const n = Number.parseInt(val(), 10);
      if (!Number.isFinite(n) || n < 0) { console.error(`${a} needs a non-negative integer`); process.exit(2); }
      return n;
    };
    switch (a) {
      case '--help': case '-h': console.log(HELP); process.exit(0); break;
      case '--quick': o.quick = true; break;
      case '--only': o.only = val().split(',').map((s) => s.trim()).filter(Boolean); break;
      case '--runs': o.runs = Math.max(1, int()); break;
      case '--calls-per-run': o.callsPerRun = Math.max(1, int()); break;
      case '--video-runs': o.videoRuns = Math.max(1, int()); break;
      case '--calls': o.calls = int(); break;
      case '--upstream-calls': o.upstreamCalls = int(); break;
      case '--leak-video-joins': o.leakVideoJoins = int(); break;
      case '--heap-diff': o.heapDiff = true; break;
      case '--leak-screen-shares': o.leakScreenShares = int(); break;
      case '--leak-screen-recordings': o.leakScreenRecordings = int(); break;
      case '--signaling': o.signaling = val(); break;
      case '--load-steps': o.loadSteps = val().split(',').map((s) => Number.parseInt(s, 10)).filter((n) => n > 0).slice(0, 12); break;
      case '--load-rate': o.loadRate = Math.max(0.1, Number(val())); break;
      case '--load-step-ms': o.loadStepMs = Math.min(60_000, Math.max(500, int())); break;
      case '--video-browsers': o.videoBrowsers = Math.min(5, int()); break;
      case '--video-bots': o.videoBots = Math.min(20, int()); break;
      case '--video-ms': o.videoMs = Math.min(60_000, Math.max(1000, int())); break;
      case '--out': o.out = val(); break;
      case '--soak-minutes': o.soakMinutes = Math.max(0.25, Number(val())); break;
      case '--soak-sample-sec': o.soakSampleSec = Math.max(5, int()); break;
      default: console.error(`unknown option ${a}\n${HELP}`); process.exit(2);
    }
  }
  const aliases = { bundle: 'bundle', size: 'bundle', init: 'init', call: 'init', calls: 'init', 'init-and-call': 'init', leak: 'leak', leaks: 'leak', video: 'video', 'video-join': 'video', load: 'load', emulator: 'load', 'emulator-load': 'load', 'video-load': 'video-load', 'video-room-load': 'video-load', sfu: 'video-load', soak: 'soak' };
  const only = o.only ? o.only.map((s) => aliases[s] ?? (console.error(`unknown scenario '${s}' (bundle, init, video, leak, load, video-load, soak)`), process.exit(2))) : ['bundle', 'init', 'video', 'leak', 'load', 'video-load', 'soak'];
  if (o.signaling && !['jingle', 'sdp'].includes(o.signaling)) { console.error('--signaling must be jingle or sdp'); process.exit(2); }
  const q = o.quick;
  return {
    quick: q,
    only: new Set(only),
    runs: o.runs ?? (q ? 2 : 15),
    callsPerRun: o.callsPerRun ?? (q ? 2 : 3),
    videoRuns: o.videoRuns ?? (q ? 2 : 15),
    calls: o.calls ?? (q ? 20 : 200),
    upstreamCalls: o.upstreamCalls ?? (q ? 5 : 20),
    leakVideoJoins: o.leakVideoJoins ?? (q ? 5 : 50),
    heapDiff: !!o.heapDiff,
    leakScreenShares: o.leakScreenShares ?? (q ? 5 : 50),
    leakScreenRecordings: o.leakScreenRecordings ?? (q ? 5 : 50),
    signaling: o.signaling ?? 'jingle',
    loadSteps: o.loadSteps?.length ? o.loadSteps : (q ? [50, 100, 200] : [50, 100, 200, 400, 800, 1600, 3200]),
    loadRate: o.loadRate ?? 1,
    loadStepMs: o.loadStepMs ?? (q ? 2000 : 5000),
    videoBrowsers: o.videoBrowsers ?? 2,
    videoBots: o.videoBots ?? 4,
    videoMs: o.videoMs ?? (q ? 5000 : 10_000),
    out: resolve(o.out ?? (q ? 'bench/results-quick.json' : 'bench/results.json')),
    soakMinutes: o.soakMinutes ?? (q ? 1 : 30),
    soakSampleSec: o.soakSampleSec ?? (q ? 15 : 60),
  };
}

const log = (...a) => console.error(...a);

/** The commit measured (read-only git; a dirty tree is flagged). */
function gitInfo() {
  const git = (...args) => spawnSync('git', args, { cwd: ROOT, encoding: 'utf8' }).stdout?.trim() || null;
  const status = git('status', '--porcelain');
  return { commit: git('rev-parse', 'HEAD'), dirty: status === null ? null : status.length > 0 };
}
const pad = (s, n) => String(s ?? '').padEnd(n);
function table(headers, rows) {
  const widths = headers.map((h, i) => Math.max(String(h).length, ...rows.map((r) => String(r[i] ?? '').length)));
  const line = (cells) => `| ${cells.map((c, i) => pad(c, widths[i])).join(' | ')} |`;
  return [line(headers), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}
const ratio = (a, b) => (typeof a === 'number' && typeof b === 'number' && b > 0 ? `${(a / b).toFixed(2)}×` : '');

/** The call-path steps (page + emulator trace), one table per SDK: median ms from the start call. */
function printTrace(title, perSdk) {
  for (const [sdk, steps] of perSdk) {
    if (!steps?.length) continue;
    console.log(`\n### ${title}, ${sdk} (ms from the start call, median [min–max]; duration of the step where it has one)\n`);
    console.log(table(['step', 'n', 'at', 'duration'], steps.map((t) => [t.label, t.n, fmt(t.at, ''), t.duration ? fmt(t.duration, '') : ''])));
  }
}

function printVideo(r) {
  const o = r.summary.ours;
  const u = r.summary.upstream;
  const row = (label, a, b) => [label, fmt(a), fmt(b), ratio(a?.median, b?.median)];
  console.log(`\n## video: startVideoConference() → first remote video frame (ms, median [min–max] p95; ${r.config.runs} interleaved runs × ${r.config.joinsPerRun} joins, ${r.config.signaling}, one bot in the room)\n`);
  console.log(table(['metric', 'ours', 'upstream 9.2.4', 'ours / upstream'], [
    row('cold join: start → sessionStarted', o.coldJoin.sessionStarted, u.coldJoin.sessionStarted),
    row('cold join: start → pc connected', o.coldJoin.pcConnected, u.coldJoin.pcConnected),
    row('cold join: start → first remote frame', o.coldJoin.firstRemoteFrame, u.coldJoin.firstRemoteFrame),
    row('warm join: start → sessionStarted', o.warmJoin.sessionStarted, u.warmJoin.sessionStarted),
    row('warm join: start → pc connected', o.warmJoin.pcConnected, u.warmJoin.pcConnected),
    row('warm join: start → first remote frame', o.warmJoin.firstRemoteFrame, u.warmJoin.firstRemoteFrame),
    row('endSession() → resolved (warm)', o.warmJoin.endResolved, u.warmJoin.endResolved),
    row('cold join: SDK time: propose in → proceed out', o.coldJoin.proposeToProceed, u.coldJoin.proposeToProceed),
    row('cold join: start → offer in (at the socket)', o.coldJoin.offerIn, u.coldJoin.offerIn),
    row('cold join: SDK time: offer in → answer out', o.coldJoin.offerToAnswer, u.coldJoin.offerToAnswer),
    row('warm join: SDK time: propose in → proceed out', o.warmJoin.proposeToProceed, u.warmJoin.proposeToProceed),
    row('warm join: start → offer in (at the socket)', o.warmJoin.offerIn, u.warmJoin.offerIn),
    row('warm join: SDK time: offer in → answer out', o.warmJoin.offerToAnswer, u.warmJoin.offerToAnswer),
  ]));
  printTrace('video, warm join: path', [['ours', o.warmJoinTrace], ['upstream', u.warmJoinTrace]]);
  printTrace('video, cold join: path', [['ours', o.coldJoinTrace], ['upstream', u.coldJoinTrace]]);
  console.log(`failed runs: ours ${o.failedRuns}/${o.runs}, upstream ${u.failedRuns}/${u.runs}`);
  for (const e of [...o.errors, ...u.errors].slice(0, 4)) console.log(`  ${e}`);
}

function printBundle(r) {
  const rows = [
    ['ours: script-tag bundle (dist/gc-webrtc-sdk.bundle.js)', fmtBytes(r.ours.bytes), fmtBytes(r.ours.gzip9)],
  ];
  for (const [f, z] of Object.entries(r.oursLazyFiles ?? {})) rows.push([`ours: lazy file dist/${f}`, fmtBytes(z.bytes), fmtBytes(z.gzip9)]);
  if (r.oursHeadsetsChunk) rows.push(['ours: headsets chunk (lazy, separate)', fmtBytes(r.oursHeadsetsChunk.bytes), fmtBytes(r.oursHeadsetsChunk.gzip9)]);
  if (r.oursAllFiles) {
    rows.push(['ours: main + lazy files, without headsets', '', fmtBytes(r.oursAllFiles.withoutHeadsetsGzip9)]);
    rows.push(['ours: main + lazy files, with headsets', '', fmtBytes(r.oursAllFiles.withHeadsetsGzip9)]);
  }
  rows.push([`ours: engine ES build, as shipped (${r.oursEs.files.length} files)`, fmtBytes(r.oursEs.bytes), fmtBytes(r.oursEs.gzip9)]);
  rows.push(['ours: engine ES build, esbuild-minified', fmtBytes(r.oursEs.minifiedBytes), fmtBytes(r.oursEs.minifiedGzip9)]);
  if (r.oursEsLazyChunks) rows.push([`ours: ES lazy chunks (headsets, ${r.oursEsLazyChunks.files.length} files), minified`, fmtBytes(r.oursEsLazyChunks.minifiedBytes), fmtBytes(r.oursEsLazyChunks.minifiedGzip9)]);
  if (r.upstream) rows.push(['upstream 9.2.4 .bundle.min.js', fmtBytes(r.upstream.bytes), fmtBytes(r.upstream.gzip9)]);
  console.log('\n## Bundle size (gzip level 9, node:zlib)\n');
  console.log(table(['artifact', 'minified bytes', 'gzip -9'], rows));
  if (r.ratio) console.log(`\nours / upstream: bundle ${r.ratio.bundleBytes}× raw, ${r.ratio.bundleGzip9}× gzip; main + lazy files ${r.ratio.allFilesWithoutHeadsetsGzip9}× gzip (with headsets ${r.ratio.allFilesWithHeadsetsGzip9}×); engine ES (minified) ${r.ratio.esMinifiedGzip9}× gzip`);
}

function printInit(r) {
  const o = r.summary.ours; const u = r.summary.upstream;
  const row = (label, a, b) => [label, fmt(a, ''), fmt(b, ''), ratio(a?.median, b?.median)];
  const rows = [
    row('<script> block (fetch+compile+eval)', o.init.scriptBlock, u.init.scriptBlock),
    row('new SDK(...)', o.init.ctor, u.init.ctor),
    row('initialize() call → ready', o.init.initializeCallToReady, u.init.initializeCallToReady),
    row('ctor start → ready', o.init.ready, u.init.ready),
  ];
  for (const [phase, key] of [['cold (1st call)', 'coldCall'], ['warm', 'warmCall']]) {
    for (const [label, mark] of [['pendingSession', 'pendingSession'], ['sessionStarted', 'sessionStarted'], ['ICE connected', 'iceConnected'], ['pc connected', 'pcConnected'], ['remote audio energy > 0', 'audioEnergy'], ['endSession() resolved (from its call)', 'endResolved']]) {
      rows.push(row(`${phase}: start → ${label}`, o[key][mark], u[key][mark]));
    }
    for (const [label, mark] of [['SDK time: propose in → proceed out', 'proposeToProceed'], ['SDK time: offer in → answer out', 'offerToAnswer'], ['start → offer in (at the socket)', 'offerIn']]) {
      if (o[key][mark] || u[key][mark]) rows.push(row(`${phase}: ${label}`, o[key][mark], u[key][mark]));
    }
  }
  console.log(`\n## initialize() and outbound echo calls (ms, median [min–max] p95; ${r.config.runs} interleaved runs × ${r.config.callsPerRun} calls, ${r.config.signaling})\n`);
  console.log(table(['metric', 'ours', 'upstream 9.2.4', 'ours/upstream'], rows));
  for (const [sdk, s] of Object.entries(r.summary)) {
    if (!s.initTimeline?.length) continue;
    console.log(`\n### initialize() per step, ${sdk} (ms from the initialize() call, median [min–max] over runs)\n`);
    console.log(table(['step', 'n', 'start', 'end', 'duration'], s.initTimeline.map((t) => [t.label, t.n, fmt(t.start, ''), fmt(t.end, ''), fmt(t.duration, '')])));
  }
  printTrace('warm call: path', [['ours', o.warmCallTrace], ['upstream', u.warmCallTrace]]);
  printTrace('cold call: path', [['ours', o.coldCallTrace], ['upstream', u.coldCallTrace]]);
  for (const [k, s] of Object.entries(r.summary)) if (s.failedRuns) console.log(`${k}: ${s.failedRuns} failed run(s): ${s.errors.slice(0, 3).join(' | ')}`);
}

function printLeak(r) {
  const rows = [];
  const add = (name, b) => {
    if (!b?.before || !b?.after) { rows.push([name, 'failed', b?.errors?.join('; ') ?? '', '']); return; }
    const B = b.before; const A = b.after;
    rows.push([name, 'JS heap used (KiB, after 2× GC)', (B.heapUsedBytes / 1024).toFixed(0), (A.heapUsedBytes / 1024).toFixed(0), `${((A.heapUsedBytes - B.heapUsedBytes) / 1024).toFixed(0)} (${b.delta.heapBytesPerCallAfterCall1 !== null ? (b.delta.heapBytesPerCallAfterCall1 / 1024).toFixed(1) : '?'} KiB/call after call 1)`]);
    if (b.delta.heapBytesPerCallSecondHalf !== undefined) rows.push([name, `JS heap per call, calls ${b.delta.heapSecondHalfFrom} → ${b.delta.calls} (KiB)`, '', '', (b.delta.heapBytesPerCallSecondHalf / 1024).toFixed(2)]);
    if (b.heapDiff) {
      const h = b.heapDiff.netBytesPerCall;
      const k = (x) => ((x ?? 0) / 1024).toFixed(2);
      rows.push([name, `heap snapshots, calls ${b.heapDiff.from} → ${b.heapDiff.to}: KiB/call net, V8 code+feedback / shapes / JS objects / Blink native`, '', '', `${k(h.code)} / ${k(h.shapes)} / ${k(h.objects)} / ${k(h.native)}`]);
    }
    rows.push([name, 'RTCPeerConnections created / not closed / alive after GC', `${B.pcCreated} / ${B.pcNotClosed} / ${B.pcAlive}`, `${A.pcCreated} / ${A.pcNotClosed} / ${A.pcAlive}`, '']);
    rows.push([name, 'MediaStreamTracks live (readyState) / reachable', `${B.tracksLive} / ${B.tracksAlive}`, `${A.tracksLive} / ${A.tracksAlive}`, '']);
    rows.push([name, 'JS event listeners (CDP)', B.jsEventListeners, A.jsEventListeners, A.jsEventListeners - B.jsEventListeners]);
    rows.push([name, 'DOM nodes (CDP)', B.domNodes, A.domNodes, A.domNodes - B.domNodes]);
    rows.push([name, '<audio>/<video> in document', B.mediaElements, A.mediaElements, '']);
    if (A.timersPending !== undefined) rows.push([name, 'pending timeouts / active intervals (page)', `${B.timersPending} / ${B.intervalsActive}`, `${A.timersPending} / ${A.intervalsActive}`, `${A.timersPending - B.timersPending} / ${A.intervalsActive - B.intervalsActive}`]);
    // timers that grew: where they were created
    for (const [where, n] of Object.entries(A.timerSites ?? {})) {
      const grew = n - (B.timerSites?.[where] ?? 0);
      if (grew > 0) rows.push([name, `  +${grew} pending: ${where}`, '', '', '']);
    }
    if (B.sdkListeners !== null && A.sdkListeners !== null) rows.push([name, 'SDK emitter listeners', B.sdkListeners, A.sdkListeners, A.sdkListeners - B.sdkListeners]);
    if (b.failures?.length) rows.push([name, 'failed calls', '', b.failures.length, b.failures[0].error]);
  };
  if (r.ours) add(`ours, ${r.ours.calls} calls`, r.ours);
  if (r.oursVideo) add(`ours, ${r.oursVideo.calls} video joins`, r.oursVideo);
  if (r.oursScreenShare) add(`ours, ${r.oursScreenShare.calls} guest screen shares`, r.oursScreenShare);
  if (r.oursScreenRecording) add(`ours, ${r.oursScreenRecording.calls} screen recordings`, r.oursScreenRecording);
  if (r.upstream) add(`upstream 9.2.4, ${r.upstream.calls} calls`, r.upstream);
  console.log(`\n## Nothing retained: N consecutive calls / joins / shares in one page each (before = after init, after = after the last one)\n`);
  console.log(table(['batch', 'figure', 'before', 'after', 'Δ'], rows));
  if (r.ours?.callTimings) console.log(`ours: pc connected, first ${r.ours.callTimings.window} calls ${fmt(r.ours.callTimings.pcConnectedFirst)} ms vs last ${r.ours.callTimings.window} ${fmt(r.ours.callTimings.pcConnectedLast)} ms`);
}

function printLoad(r) {
  const rows = r.steps.map((s) => [
    s.agentsConnected, s.perSecond, s.signalingLatencyMs.median, s.signalingLatencyMs.p95,
    `${s.notifications.latencyMs.median} / ${s.notifications.latencyMs.p95}`, `${s.messages.latencyMs.median} / ${s.messages.latencyMs.p95}`,
    `${s.notifications.published - s.notifications.received} / ${s.messages.sent - s.messages.received}`,
    s.handshakeMs.median, s.emulatorEventLoopDelayP99Ms, s.clientEventLoopDelayP99Ms,
  ]);
  console.log(`\n## Emulator under load (${r.config.ratePerAgent} notification + ${r.config.ratePerAgent} message per agent per second, ${r.config.stepDurationMs} ms per step)\n`);
  console.log(table(['agents', 'deliveries/s', 'p50 ms', 'p95 ms', 'notif p50/p95', 'msg p50/p95', 'lost n/m', 'handshake p50 ms', 'emu loop p99', 'client loop p99'], rows));
  console.log(`p95 > ${r.config.thresholdMs} ms at: ${r.kneeAgents ?? 'not reached'} (${r.stoppedBecause})`);
  if (r.errors.length) console.log(`errors: ${r.errors.join(' | ')}`);
}

function printSoak(r) {
  const rows = r.samples.map((s) => [s.label, s.atSec, (s.heapUsedBytes / 1024).toFixed(0), `${s.pcCreated} / ${s.pcNotClosed} / ${s.pcAlive}`, `${s.tracksLive} / ${s.tracksAlive}`, s.jsEventListeners, s.domNodes, s.mediaElements, s.sdkListeners ?? '']);
  console.log(`\n## Soak: ${r.config.minutes} min in one page (${Object.entries(r.actions).map(([k, v]) => `${v} ${k}`).join(', ')})\n`);
  console.log(table(['sample', 's', 'heap KiB (2× GC)', 'PCs created / not closed / alive', 'tracks live / reachable', 'JS listeners', 'DOM nodes', 'media elements', 'SDK listeners'], rows));
  if (r.growth) console.log(`growth start → end: heap ${(r.growth.heapUsedBytes / 1024).toFixed(0)} KiB, PCs not closed ${r.growth.pcNotClosed}, alive ${r.growth.pcAlive}, live tracks ${r.growth.tracksLive}, JS listeners ${r.growth.jsEventListeners}, DOM nodes ${r.growth.domNodes}, SDK listeners ${r.growth.sdkListeners}`);
  if (r.failures.length) console.log(`failed actions: ${r.failures.length}: ${r.failures.slice(0, 3).map((f) => `${f.action}@${f.atSec}s ${f.error}`).join(' | ')}`);
  if (r.errors.length) console.log(`errors: ${r.errors.join(' | ')}`);
}

function printVideoLoad(r) {
  console.log(`\n## SFU forwarding cost: one video room, ${r.config.participants} participants (${r.config.browsers} Chromium + ${r.config.bots} bots), ${r.measuredSeconds ?? '?'} s\n`);
  if (r.emulator) {
    const e = r.emulator; const b = r.browsers;
    console.log(table(['figure', 'value'], [
      ['emulator CPU (% of one core, its own process)', e.cpuPercentOfOneCore],
      ['emulator RSS (MiB)', e.rssMiB],
      ['RTP in from participants (audio / video pkt/s)', `${e.packetsInPerSecond.audio} / ${e.packetsInPerSecond.video}`],
      ['RTP forwarded to the browsers (pkt/s)', e.packetsForwardedPerSecond],
      ['received by the browsers (audio / video pkt/s)', `${b.packetsReceivedPerSecond.audio} / ${b.packetsReceivedPerSecond.video}`],
      ['loss at the browsers (audio / video %)', `${b.lossPercent.audio} / ${b.lossPercent.video}`],
      ['decoded frames/s per remote video track', b.framesDecodedPerSecondPerTrack],
      ['remote video tracks decoding per browser', b.videoTracksDecoding.join(', ')],
    ]));
  }
  if (r.errors.length) console.log(`errors: ${r.errors.join(' | ')}`);
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const machineAtStart = machineInfo();
  let results = { schema: 1 };
  // --only: keep the other scenarios of an earlier run in the same file
  if (opts.only.size < 7 && existsSync(opts.out)) {
    try { results = JSON.parse(readFileSync(opts.out, 'utf8')); } catch { /* start over */ }
  }
  const save = () => writeFileSync(opts.out, `${JSON.stringify(results, null, 2)}\n`);
  const stamp = (extra = {}) => ({ date: new Date().toISOString(), quick: opts.quick, ...extra });

  let chromiumVersion = null;
  let browserEnv = null;
  const needsBrowser = opts.only.has('init') || opts.only.has('video') || opts.only.has('leak') || opts.only.has('soak');
  const cleanups = [];
  try {
    if (opts.only.has('bundle') || needsBrowser) {
      const { ensureDist, runBundleSize } = await import('./scenarios/bundle-size.mjs');
      ensureDist({ log });
      if (opts.only.has('bundle')) {
        log('bench: bundle size…');
        results.bundle = { ...stamp(), ...(await runBundleSize({ log })) };
        printBundle(results.bundle);
        save();
      }
    }
    if (needsBrowser) {
      const { launchChromium } = await import('./lib/chromium.mjs');
      const { startStaticServer } = await import('./lib/static-server.mjs');
      const { startBenchEmulator } = await import('./lib/emulator.mjs');
      const emulator = await startBenchEmulator();
      cleanups.push(() => emulator.close());
      const server = await startStaticServer();
      cleanups.push(() => server.close());
      const chrome = await launchChromium();
      cleanups.push(() => chrome.close());
      chromiumVersion = await chrome.browser.version();
      browserEnv = { browser: chrome.browser, staticUrl: server.url, emulator };
    }
    if (opts.only.has('init')) {
      log(`bench: initialize() and echo calls, ours vs upstream 9.2.4, ${opts.runs} interleaved runs…`);
      const { runInitAndCall } = await import('./scenarios/init-and-call.mjs');
      const r = await runInitAndCall({ ...browserEnv, runs: opts.runs, callsPerRun: opts.callsPerRun, signaling: opts.signaling, log });
      results.initAndCall = { ...stamp(), ...r };
      printInit(r);
      save();
    }
    if (opts.only.has('video')) {
      log(`bench: video join → first remote frame, ours vs upstream 9.2.4, ${opts.videoRuns} interleaved runs…`);
      const { runVideoJoin } = await import('./scenarios/video-join.mjs');
      const r = await runVideoJoin({ ...browserEnv, runs: opts.videoRuns, signaling: opts.signaling, log });
      results.videoJoin = { ...stamp(), ...r };
      printVideo(r);
      save();
    }
    if (opts.only.has('leak')) {
      log(`bench: ${opts.calls} consecutive echo calls in one page…`);
      const { runLeak } = await import('./scenarios/leak-200-calls.mjs');
      const r = await runLeak({ ...browserEnv, calls: opts.calls, upstreamCalls: opts.upstreamCalls, videoJoins: opts.leakVideoJoins, screenShares: opts.leakScreenShares, screenRecordings: opts.leakScreenRecordings, signaling: opts.signaling, heapDiff: opts.heapDiff, log });
      results.leak = { ...stamp(), ...r };
      printLeak(r);
      save();
    }
    if (opts.only.has('soak')) {
      log(`bench: soak, ${opts.soakMinutes} min of mixed calls, reconnects and faults in one page…`);
      const { runSoak } = await import('./scenarios/soak.mjs');
      const r = await runSoak({ ...browserEnv, minutes: opts.soakMinutes, sampleEverySec: opts.soakSampleSec, signaling: opts.signaling, log });
      results.soak = { ...stamp(), ...r };
      printSoak(r);
      save();
    }
    // the browser and the page emulator are done: free the cores before the load test
    while (cleanups.length) await cleanups.pop()().catch(() => undefined);
    if (opts.only.has('load')) {
      log(`bench: emulator under load, steps ${opts.loadSteps.join(', ')}…`);
      const { runEmulatorLoad } = await import('./scenarios/emulator-load.mjs');
      const r = await runEmulatorLoad({ steps: opts.loadSteps, ratePerAgent: opts.loadRate, stepDurationMs: opts.loadStepMs, log });
      results.emulatorLoad = { ...stamp(), ...r };
      printLoad(r);
      save();
    }
    if (opts.only.has('video-load')) {
      log(`bench: SFU forwarding cost, a video room of ${opts.videoBrowsers} Chromium pages + ${opts.videoBots} bots…`);
      const { runVideoRoomLoad } = await import('./scenarios/video-room-load.mjs');
      const r = await runVideoRoomLoad({ browsers: opts.videoBrowsers, bots: opts.videoBots, measureMs: opts.videoMs, log });
      results.videoRoomLoad = { ...stamp(), ...r };
      printVideoLoad(r);
      save();
    }
  } finally {
    while (cleanups.length) await cleanups.pop()().catch(() => undefined);
  }
  if (!chromiumVersion && needsBrowser === false) {
    const { chromiumVersion: v } = await import('./lib/chromium.mjs');
    try { chromiumVersion = v(); } catch { chromiumVersion = null; }
  }
  results.machine = { ...machineAtStart, loadAverageAtEnd: loadavg().map((x) => Number(x.toFixed(2))), chromium: chromiumVersion ?? results.machine?.chromium ?? null };
  results.date = new Date().toISOString();
  results.git = gitInfo();
  results.run = { quick: opts.quick, scenarios: [...opts.only], options: { ...opts, only: [...opts.only], out: undefined }, durationMs: Date.now() - started };
  save();
  const m = results.machine;
  console.log(`\nmachine: ${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}, node ${m.node}, ${m.chromium ?? 'chromium ?'}, puppeteer-core ${m.puppeteerCore}; load average at start ${m.loadAverageAtStart.join(' ')}, at end ${m.loadAverageAtEnd.join(' ')}`);
  console.log(`results: ${opts.out} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
}

main().then(() => process.exit(0), (err) => {
  console.error(`bench failed: ${err?.stack ?? err}`);
  process.exit(1);
});
