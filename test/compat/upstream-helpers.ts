// Helpers for driving the PUBLISHED genesys-cloud-webrtc-sdk@9.2.4 bundle against the emulator.
// The bundle is loaded as a classic <script> (it defines window.GenesysCloudWebrtcSdk); the
// SDK is typed loosely here on purpose: these tests exercise upstream's public surface as-is.

import { until as pollUntil } from '../support/until';

import { emulatorInfo, type EmulatorInfo } from '../support/emulator-client';

export { control, emulatorInfo, type AgentInfo, type EmulatorInfo } from '../support/emulator-client';

/* eslint-disable @typescript-eslint/no-explicit-any */
export type UpstreamSdk = any;
export type UpstreamSession = any;

const BUNDLE = '/node_modules/genesys-cloud-webrtc-sdk/dist/genesys-cloud-webrtc-sdk.bundle.min.js';


/**
 * 9.2.4 prints one `console.debug('response: …')` per REST request, bypassing its `logger` option
 * (upstream-anchor-figures §3); drop those so the runner's output stays readable. Request errors stay.
 */
function quietUpstreamResponses(): void {
  const original = console.debug.bind(console);
  console.debug = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && args[0].startsWith('response: ')) return;
    original(...args);
  };
}

let loading: Promise<new (config: unknown) => UpstreamSdk> | undefined;
/** Injects the upstream bundle once and returns its SDK class. */
export function loadUpstream(): Promise<new (config: unknown) => UpstreamSdk> {
  loading ??= new Promise((resolve, reject) => {
    quietUpstreamResponses();
    const script = document.createElement('script');
    script.src = BUNDLE;
    script.onload = () => {
      const ns = (window as any).GenesysCloudWebrtcSdk;
      const ctor = ns?.GenesysCloudWebrtcSdk ?? ns?.default;
      if (typeof ctor === 'function') resolve(ctor);
      else reject(new Error('the upstream bundle did not define window.GenesysCloudWebrtcSdk.GenesysCloudWebrtcSdk'));
    };
    script.onerror = () => reject(new Error(`could not load ${BUNDLE}`));
    document.head.appendChild(script);
  });
  return loading;
}

/** A silent logger that records what the SDK logs (the SDK's `logger` option). */
export interface RecordingLogger {
  entries: { level: string; message: string }[];
  log(...a: unknown[]): void; debug(...a: unknown[]): void; info(...a: unknown[]): void; warn(...a: unknown[]): void; error(...a: unknown[]): void;
}
export function recordingLogger(): RecordingLogger {
  const entries: { level: string; message: string }[] = [];
  const rec = (level: string) => (...args: unknown[]) => {
    entries.push({ level, message: args.map((a) => (typeof a === 'string' ? a : safeJson(a))).join(' ') });
  };
  return { entries, log: rec('log'), debug: rec('debug'), info: rec('info'), warn: rec('warn'), error: rec('error') };
}
function safeJson(v: unknown): string {
  try { return JSON.stringify(v)?.slice(0, 500) ?? String(v); } catch { return String(v); }
}

/** Resolves with the first `event` whose payload matches, rejects after `ms` with the SDK's last log lines. */
export function waitForEvent<T = any>(sdk: UpstreamSdk, event: string, predicate: (v: T) => boolean = () => true, ms = 10000, logger?: RecordingLogger): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sdk.off(event, listener);
      const tail = logger ? `\nlast SDK log lines:\n${logger.entries.slice(-15).map((e) => `  [${e.level}] ${e.message.slice(0, 300)}`).join('\n')}` : '';
      reject(new Error(`no '${event}' event within ${ms} ms${tail}`));
    }, ms);
    const listener = (v: T) => {
      if (!predicate(v)) return;
      clearTimeout(timer);
      sdk.off(event, listener);
      resolve(v);
    };
    sdk.on(event, listener);
  });
}

/** Polls `probe` until it returns a truthy value. */
export function until<T>(probe: () => T | Promise<T>, what: string, ms = 10000, stepMs = 50): Promise<NonNullable<T>> {
  return pollUntil(probe, what, ms, stepMs);
}

/**
 * Plays the session's remote audio through a MUTED <audio> element (Chrome only feeds WebAudio
 * from a remote track while an element plays it) and an AnalyserNode; resolves with the first RMS
 * above `threshold`, rejects after `ms` with the highest RMS seen.
 */
export async function measureRemoteAudio(session: UpstreamSession, threshold = 0.01, ms = 10000): Promise<number> {
  const pc: RTCPeerConnection = session.pc ?? session.peerConnection;
  const track = await until(() => pc.getReceivers().map((r) => r.track).find((t) => t && t.kind === 'audio'), 'a remote audio track');
  const stream = new MediaStream([track]);
  const audio = document.createElement('audio');
  audio.muted = true;
  audio.autoplay = true;
  audio.srcObject = stream;
  document.body.appendChild(audio);
  const ctx = new AudioContext();
  try {
    await audio.play().catch(() => undefined);
    await ctx.resume().catch(() => undefined);
    const analyser = ctx.createAnalyser();
    analyser.fftSize = 1024;
    ctx.createMediaStreamSource(stream).connect(analyser);
    const buf = new Float32Array(analyser.fftSize);
    let best = 0;
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      analyser.getFloatTimeDomainData(buf);
      let sum = 0;
      for (const s of buf) sum += s * s;
      const rms = Math.sqrt(sum / buf.length);
      best = Math.max(best, rms);
      if (rms > threshold) return rms;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`no remote audio above RMS ${threshold} within ${ms} ms (best ${best.toFixed(4)}, pc ${pc.connectionState})`);
  } finally {
    audio.srcObject = null;
    audio.remove();
    await ctx.close().catch(() => undefined);
  }
}

/** What every compat file needs: the emulator, the upstream class, and the SDKs to destroy after each test. */
export interface UpstreamHarness {
  readonly info: EmulatorInfo;
  readonly Sdk: new (config: unknown) => UpstreamSdk;
  /** SDKs pushed here are destroyed after each test, failed or not. */
  readonly live: UpstreamSdk[];
}

/** Registers the file's `before` (emulator info, upstream bundle) and `afterEach` (destroy) hooks. */
export function useUpstream(): UpstreamHarness {
  let info: EmulatorInfo | undefined;
  let Sdk: (new (config: unknown) => UpstreamSdk) | undefined;
  const live: UpstreamSdk[] = [];
  before(async () => {
    info = await emulatorInfo();
    Sdk = await loadUpstream();
  });
  afterEach(async () => {
    await Promise.all(live.splice(0).map((sdk) => Promise.resolve(sdk.destroy()).catch(() => undefined)));
  });
  const loaded = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the upstream harness is used before its before() hook ran');
    return value;
  };
  return { get info() { return loaded(info); }, get Sdk() { return loaded(Sdk); }, live };
}
