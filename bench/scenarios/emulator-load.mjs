// The emulator under load on this machine: a child process connects N agents (raw WebSocket
// clients doing the real streaming handshake), then for `stepDurationMs` the emulator publishes
// `ratePerAgent` notifications per agent per second (Notifier.publish, in the emulator's own
// process) and every agent sends `ratePerAgent` XMPP messages per second to another agent's bare
// JID (routed by the emulator). Steps up N until the pooled p95 passes `thresholdMs` or the cap;
// reports p50/p95 per step. Bounded: step list, per-step duration, an overall deadline; the
// child is killed at the end. Everything on 127.0.0.1.
import { fork } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { summarize } from '../lib/stats.mjs';
import { startBenchEmulator } from '../lib/emulator.mjs';

const epochNow = () => performance.timeOrigin + performance.now();
const CHILD = new URL('../lib/xmpp-load-client.mjs', import.meta.url).pathname;

export async function runEmulatorLoad({
  steps = [50, 100, 200, 400, 800, 1600, 3200], ratePerAgent = 1, stepDurationMs = 5000, graceMs = 1500,
  thresholdMs = 100, maxTotalMs = 6 * 60 * 1000, log = console.error,
} = {}) {
  const started = Date.now();
  const emulator = await startBenchEmulator({ serverPings: false });
  const child = fork(CHILD, [], { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const waiters = new Map();
  const childErrors = [];
  child.on('message', (msg) => {
    if (msg.type === 'clock?') { child.send({ type: 'clock!', t0: msg.t0, tp: epochNow() }); return; }
    if (msg.type === 'error') { childErrors.push(msg.error); }
    const w = waiters.get(msg.type);
    if (w) { waiters.delete(msg.type); w(msg); }
  });
  const exited = new Promise((r) => child.once('exit', (code) => r(code)));
  const request = (msg, reply, ms = 120_000) => new Promise((resolve, reject) => {
    const timer = setTimeout(() => { waiters.delete(reply); reject(new Error(`load client: no '${reply}' within ${ms} ms`)); }, ms);
    waiters.set(reply, (m) => { clearTimeout(timer); resolve(m); });
    if (msg) child.send(msg);
  });
  const lag = monitorEventLoopDelay({ resolution: 10 });
  const result = {
    config: { steps, ratePerAgent, stepDurationMs, thresholdMs, clients: 'raw WebSocket XMPP (RFC 7395, SASL PLAIN, bind, session) in one child Node process', publisher: 'Notifier.publish in the emulator process' },
    steps: [], kneeAgents: null, stoppedBecause: null, errors: [],
  };
  try {
    await request(null, 'spawned', 20_000);
    await request({ type: 'init', base: emulator.base }, 'ready');
    for (const count of steps) {
      if (Date.now() - started > maxTotalMs) { result.stoppedBecause = `overall time bound (${maxTotalMs} ms) reached`; break; }
      const tGrow = Date.now();
      const grown = await request({ type: 'grow', count }, 'grown', 180_000);
      const growMs = Date.now() - tGrow;
      const topics = grown.agents;
      if (topics.length === 0) { result.errors.push(`no agent connected at step ${count}: ${grown.failures.join('; ')}`); break; }
      // publish notifications, evenly spread, while the agents message each other
      lag.reset(); lag.enable();
      await request({ type: 'messages', ratePerAgent, durationMs: stepDurationMs }, 'messages-started');
      const total = Math.round(topics.length * ratePerAgent * (stepDurationMs / 1000));
      let published = 0;
      let delivered = 0;
      const t0 = performance.now();
      await new Promise((resolve) => {
        const timer = setInterval(() => {
          const due = Math.min(total, Math.floor(((performance.now() - t0) / stepDurationMs) * total));
          while (published < due) {
            const topic = topics[published % topics.length];
            published += 1;
            delivered += emulator.emu.notifier.publish(topic, { sentAt: Number(epochNow().toFixed(3)), seq: published }).sockets;
          }
          if (published >= total) { clearInterval(timer); resolve(); }
        }, 5);
      });
      await new Promise((r) => setTimeout(r, graceMs));
      lag.disable();
      const got = await request({ type: 'collect' }, 'collected');
      const pooled = [...got.notifLatencies, ...got.msgLatencies];
      const step = {
        agentsRequested: count,
        agentsConnected: grown.connected,
        connectFailures: grown.failureCount,
        connectPhaseMs: growMs,
        handshakeMs: summarize(grown.handshakes),
        clock: { offsetMs: Number(grown.clock.offsetMs.toFixed(3)), rttMs: Number(grown.clock.rttMs.toFixed(3)) },
        notifications: { published, deliveredToSockets: delivered, received: got.notifReceived, latencyMs: summarize(got.notifLatencies, { digits: 2 }) },
        messages: { sent: got.msgSent, received: got.msgReceived, latencyMs: summarize(got.msgLatencies, { digits: 2 }) },
        signalingLatencyMs: summarize(pooled, { digits: 2 }),
        perSecond: Math.round((published + got.msgSent) / (stepDurationMs / 1000)),
        emulatorEventLoopDelayP99Ms: Number((lag.percentile(99) / 1e6).toFixed(1)),
        clientEventLoopDelayP99Ms: got.eventLoopDelayP99Ms,
        rssMiB: Math.round(process.memoryUsage().rss / 2 ** 20),
      };
      result.steps.push(step);
      log(`  ${String(step.agentsConnected).padStart(5)} agents: signaling p50 ${step.signalingLatencyMs.median} ms, p95 ${step.signalingLatencyMs.p95} ms (notif p95 ${step.notifications.latencyMs.p95}, msg p95 ${step.messages.latencyMs.p95}); ${step.perSecond} deliveries/s; lost notif ${published - got.notifReceived}, msg ${got.msgSent - got.msgReceived}; client loop p99 ${step.clientEventLoopDelayP99Ms} ms`);
      if (grown.failureCount > 0) result.errors.push(`step ${count}: ${grown.failureCount} agents failed to connect (${grown.failures.join('; ')})`);
      if ((step.signalingLatencyMs.p95 ?? 0) > thresholdMs) { result.kneeAgents = step.agentsConnected; result.stoppedBecause = `p95 ${step.signalingLatencyMs.p95} ms > ${thresholdMs} ms`; break; }
    }
    if (!result.stoppedBecause) result.stoppedBecause = `cap reached (${steps.at(-1)} agents) with p95 ≤ ${thresholdMs} ms`;
  } catch (err) {
    result.errors.push(String(err?.message ?? err));
    result.stoppedBecause = result.stoppedBecause ?? 'error';
  } finally {
    if (child.connected) child.send({ type: 'exit' });
    const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('timeout'), 5000))]);
    if (code === 'timeout') child.kill('SIGKILL');
    await emulator.close().catch(() => undefined);
  }
  result.errors.push(...childErrors.slice(0, 5));
  result.durationMs = Date.now() - started;
  return result;
}
