/** Shared helpers for the sdk.media browser tests (fake logger, stub mediaDevices, event waits). */
import { SdkMedia, type ISdkMediaDeps, type MediaDevicesLike } from '../../src/media/index';
import type { ILogger } from '../../src/types/logger';
import type { ISdkMediaDefaults, SdkMediaEvents } from '../../src/types/media';

export interface LogEntry {
  level: 'log' | 'debug' | 'info' | 'warn' | 'error';
  message: string;
  details: unknown;
}

export class RecordingLogger implements ILogger {
  entries: LogEntry[] = [];
  private push(level: LogEntry['level'], message: string | Error, details?: unknown): void {
    this.entries.push({ level, message: String(message), details });
  }
  log(m: string | Error, d?: unknown): void { this.push('log', m, d); }
  debug(m: string | Error, d?: unknown): void { this.push('debug', m, d); }
  info(m: string | Error, d?: unknown): void { this.push('info', m, d); }
  warn(m: string | Error, d?: unknown): void { this.push('warn', m, d); }
  error(m: string | Error, d?: unknown): void { this.push('error', m, d); }
  at(level: LogEntry['level']): LogEntry[] { return this.entries.filter((e) => e.level === level); }
}

/** A MediaDeviceInfo-shaped plain object, for stubbed enumerations. */
export function fakeDevice(kind: MediaDeviceKind, deviceId: string, label: string, groupId = `group-${deviceId}`): MediaDeviceInfo {
  const info = { kind, deviceId, label, groupId };
  return { ...info, toJSON: () => info };
}

/**
 * A mediaDevices stand-in: real getUserMedia/getDisplayMedia unless overridden,
 * a controllable enumerateDevices list, and a dispatchable `devicechange`.
 */
export class StubMediaDevices extends EventTarget implements MediaDevicesLike {
  /** `undefined` → the real enumeration. */
  list: MediaDeviceInfo[] | undefined;
  enumerateCalls = 0;
  gumCalls: MediaStreamConstraints[] = [];
  gum: ((constraints: MediaStreamConstraints) => Promise<MediaStream>) | undefined;
  enumerateImpl: (() => Promise<MediaDeviceInfo[]>) | undefined;

  getUserMedia(constraints: MediaStreamConstraints): Promise<MediaStream> {
    this.gumCalls.push(constraints);
    return this.gum ? this.gum(constraints) : navigator.mediaDevices.getUserMedia(constraints);
  }

  async enumerateDevices(): Promise<MediaDeviceInfo[]> {
    this.enumerateCalls++;
    if (this.enumerateImpl) return this.enumerateImpl();
    return this.list ? [...this.list] : navigator.mediaDevices.enumerateDevices();
  }

  getDisplayMedia(options?: DisplayMediaStreamOptions): Promise<MediaStream> {
    return navigator.mediaDevices.getDisplayMedia(options);
  }

  fireDeviceChange(): void {
    this.dispatchEvent(new Event('devicechange'));
  }
}

export interface Harness {
  media: SdkMedia;
  logger: RecordingLogger;
  defaults: ISdkMediaDefaults;
  errors: Error[];
}

const created: SdkMedia[] = [];

export function makeMedia(overrides: Partial<ISdkMediaDeps> = {}, defaults: ISdkMediaDefaults = {}): Harness {
  const logger = new RecordingLogger();
  const errors: Error[] = [];
  const media = new SdkMedia({ logger, getDefaults: () => defaults, onError: (e) => errors.push(e), ...overrides });
  created.push(media);
  return { media, logger, defaults, errors };
}

/** Destroys every SdkMedia a test created (call from afterEach). */
export function destroyAll(): void {
  while (created.length) created.pop()?.destroy();
}

/** Resolves with the next payload of `event`. */
export function nextEvent<K extends keyof SdkMediaEvents>(media: SdkMedia, event: K, predicate: (payload: SdkMediaEvents[K]) => boolean = () => true): Promise<SdkMediaEvents[K]> {
  return new Promise((resolve) => {
    const listener = (payload: SdkMediaEvents[K]): void => {
      if (!predicate(payload)) return;
      media.removeListener(event, listener as never);
      resolve(payload);
    };
    media.on(event, listener as never);
  });
}

/** Collects every payload of `event` into an array (live). */
export function collect<K extends keyof SdkMediaEvents>(media: SdkMedia, event: K): SdkMediaEvents[K][] {
  const out: SdkMediaEvents[K][] = [];
  media.on(event, ((payload: SdkMediaEvents[K]) => out.push(payload)) as never);
  return out;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject, but it resolved');
}
