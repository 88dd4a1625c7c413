/**
 * `sdk.media`: permissions, devices, getUserMedia/getDisplayMedia, volume monitoring.
 * No signaling knowledge; the engine core constructs it with `new SdkMedia(deps)`.
 */
import { EventEmitter } from 'events';
import type { PayloadListeners, TypedEventEmitter } from '../utils/typed-emitter';
import { SdkError, SdkErrorTypes } from '../errors';
import type { ILogger } from '../types/logger';
import type {
  IMediaRequestOptions,
  IMediaSessionLike,
  ISdkMediaDefaults,
  ISdkMediaDeviceChange,
  ISdkMediaState,
  IStartDisplayMediaOptions,
  SdkMediaDefaultKey,
  SdkMediaDeviceChangeHandler,
  SdkMediaEvents,
  SdkMediaEventTypes,
  SdkMediaRequestDeviceId,
  SdkMediaType,
} from '../types/media';
import { displayMediaConstraints, isRequested, planGumAttempts, type SingleMediaType } from './constraints';
import { DefaultAudioStream } from './default-audio-stream';
import { areDeviceListsEqual, DeviceCache, diffDevices, mergeLabels } from './devices';
import { grantedFlag, isPermissionsError, requestedFlag } from './permissions';
import { TrackRegistry } from './track-registry';
import { VolumeMonitors } from './volume-monitor';

/** The subset of `navigator.mediaDevices` SdkMedia uses (injectable for tests and embedders). */
export interface MediaDevicesLike {
  getUserMedia(constraints: MediaStreamConstraints): Promise<MediaStream>;
  enumerateDevices(): Promise<MediaDeviceInfo[]>;
  getDisplayMedia?(options?: DisplayMediaStreamOptions): Promise<MediaStream>;
  addEventListener(type: 'devicechange', listener: () => void): void;
  removeEventListener(type: 'devicechange', listener: () => void): void;
}

/** What the engine core hands to `new SdkMedia(deps)`. */
export interface ISdkMediaDeps {
  logger: ILogger;
  /** The media part of the SDK `defaults` config; read on every request. */
  getDefaults: () => ISdkMediaDefaults;
  /** Active sessions, used only to enrich device-change logs. */
  getSessions?: () => IMediaSessionLike[];
  /** Called with every SdkError a media operation fails with (the core re-emits it as `sdkError`). */
  onError?: (error: SdkError) => void;
  /** Defaults to `navigator.mediaDevices` (absent in SSR/insecure contexts: media calls reject). */
  mediaDevices?: MediaDevicesLike;
  /** An `enumerateDevices()` that has not answered by then resolves with the cached list. Default 10 s. */
  enumerateTimeoutMs?: number;
}

/** `sdk.media`'s events carry one payload each. */
export type SdkMediaEmitter = TypedEventEmitter<PayloadListeners<SdkMediaEvents>>;

const MEDIA_TYPES: readonly SdkMediaType[] = ['audio', 'video', 'both'];
const DEFAULT_ENUMERATE_TIMEOUT_MS = 10_000;

interface GumFailure {
  reason: string;
  constraints: MediaStreamConstraints;
  name: string;
  message: string;
}

export interface ISdkMediaErrorDetails {
  mediaType?: SingleMediaType | 'display';
  uuid?: string | number;
  failures?: GumFailure[];
  /** `OverconstrainedError.constraint` when the browser named the failing constraint. */
  constraint?: string;
  conversationId?: string;
  sessionId?: string;
}

function toError(value: unknown): Error {
  if (value instanceof Error) return value;
  if (typeof value === 'object' && value !== null && 'name' in value) {
    const { name, message } = value as { name: unknown; message?: unknown };
    const error = new Error(typeof message === 'string' ? message : String(value));
    error.name = String(name);
    return error;
  }
  return new Error(String(value));
}

function newUuid(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

function outputDeviceSupport(): boolean {
  return typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype;
}

function defaultKeyFor(kind: MediaDeviceKind): SdkMediaDefaultKey {
  return kind === 'audioinput' ? 'audioDeviceId' : kind === 'videoinput' ? 'videoDeviceId' : 'outputDeviceId';
}

export class SdkMedia extends (EventEmitter as new () => SdkMediaEmitter) {
  private readonly logger: ILogger;
  private readonly mediaDevices: MediaDevicesLike | undefined;
  private readonly cache = new DeviceCache();
  private readonly tracks = new TrackRegistry();
  private readonly displayTracks = new WeakSet<MediaStreamTrack>();
  private readonly volume: VolumeMonitors;
  private readonly defaultAudio = new DefaultAudioStream();
  private readonly deviceChangeHandlers = new Set<SdkMediaDeviceChangeHandler>();
  private state: ISdkMediaState;
  private destroyed = false;
  private enumerations = 0;
  private appliedEnumeration = 0;
  private readonly onDeviceChange = (): void => {
    this.logger.info('media: devicechange event, re-enumerating devices');
    void this.enumerateDevices();
  };

  constructor(private readonly deps: ISdkMediaDeps) {
    super();
    this.logger = deps.logger;
    this.mediaDevices = deps.mediaDevices ?? (typeof navigator !== 'undefined' ? navigator.mediaDevices : undefined);
    this.volume = new VolumeMonitors((event) => this.safeEmit('audioTrackVolume', event));
    this.state = {
      devices: [],
      oldDevices: [],
      audioDevices: [],
      videoDevices: [],
      outputDevices: [],
      hasMic: false,
      hasCamera: false,
      hasMicPermissions: false,
      hasCameraPermissions: false,
      hasOutputDeviceSupport: outputDeviceSupport(),
      micPermissionsRequested: false,
      cameraPermissionsRequested: false,
    };
    this.mediaDevices?.addEventListener('devicechange', this.onDeviceChange);
    if (!this.mediaDevices) this.logger.warn('media: navigator.mediaDevices is not available; media requests will fail');
  }

  // ─── permissions and media ────────────────────────────────────────────────

  /**
   * Gains permission for a media type by requesting media (the only reliable way),
   * enumerating devices before and after. Returns the media when `preserveMedia`.
   */
  async requestMediaPermissions(mediaType: SdkMediaType, preserveMedia = false, options: IMediaRequestOptions = {}): Promise<MediaStream | undefined> {
    if (!MEDIA_TYPES.includes(mediaType)) {
      throw this.report(new SdkError(SdkErrorTypes.invalid_options, `requestMediaPermissions: unknown media type "${String(mediaType)}"; use 'audio', 'video' or 'both'`, { mediaType }));
    }
    this.assertUsable();
    const opts: IMediaRequestOptions = { ...options, uuid: options.uuid ?? newUuid(), retryOnFailure: options.retryOnFailure ?? true };
    const orTrue = (value: SdkMediaRequestDeviceId | undefined): SdkMediaRequestDeviceId => (isRequested(value) ? (value as SdkMediaRequestDeviceId) : true);
    this.logger.info('media: requesting permissions', { mediaType, preserveMedia, uuid: opts.uuid });

    await this.enumerateDevices();
    let stream: MediaStream | undefined;
    let failure: unknown;

    if (mediaType === 'both') {
      const results: Partial<Record<SingleMediaType, MediaStream>> = {};
      const errors: Partial<Record<SingleMediaType, unknown>> = {};
      // Always ask for both, even when the first is denied.
      for (const type of ['audio', 'video'] as const) {
        try {
          results[type] = await this.startSingleMedia(type, { ...opts, audio: false, video: false, [type]: orTrue(opts[type]) });
        } catch (error) {
          errors[type] = error;
        }
      }
      const failed = errors.audio !== undefined || errors.video !== undefined;
      const anySucceeded = !!(results.audio || results.video);
      if (failed && !(opts.preserveMediaIfOneTypeFails && anySucceeded)) {
        failure = errors.audio ?? errors.video;
        this.stopStreams(results.audio, results.video);
      } else {
        if (failed) this.logger.warn('media: one media type failed; keeping the other (preserveMediaIfOneTypeFails)', { uuid: opts.uuid });
        stream = this.combine(results.audio, results.video);
      }
    } else {
      try {
        stream = await this.startSingleMedia(mediaType, { ...opts, audio: false, video: false, [mediaType]: orTrue(opts[mediaType]) });
      } catch (error) {
        failure = error;
      }
    }

    // Labels and full lists often appear only once permission is granted.
    await this.enumerateDevices();
    if (failure !== undefined) throw failure;
    if (!preserveMedia) {
      this.stopStreams(stream);
      return undefined;
    }
    return stream;
  }

  /**
   * Media with audio and/or video (default both), one getUserMedia call per type,
   * combined into one stream. A type whose permission was never requested goes
   * through `requestMediaPermissions(type, true)` first.
   */
  async startMedia(mediaReqOptions: IMediaRequestOptions = { video: true, audio: true }, retryOnFailure = true): Promise<MediaStream> {
    this.assertUsable();
    const opts: IMediaRequestOptions = {
      ...mediaReqOptions,
      uuid: mediaReqOptions.uuid ?? newUuid(),
      retryOnFailure: typeof mediaReqOptions.retryOnFailure === 'boolean' ? mediaReqOptions.retryOnFailure : retryOnFailure,
    };
    const types = (['audio', 'video'] as const).filter((type) => isRequested(opts[type]));
    if (!types.length) {
      throw this.report(new SdkError(SdkErrorTypes.invalid_options, 'startMedia: request audio and/or video (both were false or undefined)', { uuid: opts.uuid }));
    }
    const both = types.length === 2;
    const results: Partial<Record<SingleMediaType, MediaStream>> = {};
    const errors: Partial<Record<SingleMediaType, unknown>> = {};

    for (const type of types) {
      const single: IMediaRequestOptions = { ...opts, audio: false, video: false, [type]: opts[type] };
      try {
        results[type] = this.state[requestedFlag(type)]
          ? await this.startSingleMedia(type, single)
          : ((await this.requestMediaPermissions(type, true, single)) as MediaStream);
      } catch (error) {
        if (!(both && opts.preserveMediaIfOneTypeFails)) {
          this.stopStreams(results.audio, results.video);
          throw error;
        }
        errors[type] = error;
        this.logger.warn(`media: ${type} failed; keeping the other type (preserveMediaIfOneTypeFails)`, { uuid: opts.uuid });
      }
    }
    if (!results.audio && !results.video) throw errors.audio ?? errors.video;
    return this.combine(results.audio, results.video) as MediaStream;
  }

  /** Screen media through `getDisplayMedia` (prompts the user for a screen). */
  async startDisplayMedia(opts: IStartDisplayMediaOptions = {}): Promise<MediaStream> {
    this.assertUsable();
    const getDisplayMedia = this.mediaDevices?.getDisplayMedia;
    if (!this.mediaDevices || typeof getDisplayMedia !== 'function') {
      throw this.report(new SdkError(SdkErrorTypes.not_supported, 'getDisplayMedia is not supported by this browser', { mediaType: 'display', ...opts }));
    }
    let stream: MediaStream;
    try {
      stream = await getDisplayMedia.call(this.mediaDevices, displayMediaConstraints());
    } catch (error) {
      throw this.report(new SdkError<ISdkMediaErrorDetails>(SdkErrorTypes.media, toError(error), { mediaType: 'display', ...opts }));
    }
    if (this.destroyed) {
      stream.getTracks().forEach((track) => track.stop());
      throw new SdkError(SdkErrorTypes.generic, 'sdk.media was destroyed while screen media was requested');
    }
    for (const track of stream.getTracks()) this.displayTracks.add(track);
    this.tracks.add(stream.getTracks());
    return stream;
  }

  /** Sets (or with a falsy value clears) the SDK default audio stream. */
  setDefaultAudioStream(stream?: MediaStream | null): void {
    this.defaultAudio.set(stream ?? undefined);
    this.logger.info(stream ? 'media: default audio stream set' : 'media: default audio stream cleared');
  }

  /** Extension: the default audio stream while it still has a live audio track. */
  getDefaultAudioStream(): MediaStream | undefined {
    return this.defaultAudio.get();
  }

  /** Extension: true for a track of the default audio stream (session cleanup must not stop it). */
  isDefaultAudioTrack(track: MediaStreamTrack): boolean {
    return this.defaultAudio.has(track);
  }

  // ─── devices ──────────────────────────────────────────────────────────────

  /**
   * Enumerates devices, updates the cache and emits `devices` + `state` when the
   * list changed (or `forceEmit`). Never rejects: a failing or hanging browser call
   * resolves with the cached list.
   */
  async enumerateDevices(forceEmit = false): Promise<MediaDeviceInfo[]> {
    if (this.destroyed || !this.mediaDevices) return this.cache.devices;
    const sequence = ++this.enumerations;
    let raw: MediaDeviceInfo[];
    try {
      raw = await this.withTimeout(this.mediaDevices.enumerateDevices(), this.deps.enumerateTimeoutMs ?? DEFAULT_ENUMERATE_TIMEOUT_MS);
    } catch (error) {
      this.logger.error('media: enumerateDevices failed; keeping the cached devices', { name: toError(error).name, message: toError(error).message });
      return this.cache.devices;
    }
    if (this.destroyed) return raw;
    if (sequence < this.appliedEnumeration) return raw; // a newer enumeration already answered
    const first = this.appliedEnumeration === 0;
    this.appliedEnumeration = sequence;

    const previous = this.cache.devices;
    const next = mergeLabels(previous, raw);
    const changed = !areDeviceListsEqual(previous, next);
    if (changed || forceEmit) {
      this.cache.set(next);
      this.setState(
        {
          devices: next,
          oldDevices: previous,
          audioDevices: this.cache.ofKind('audioinput'),
          videoDevices: this.cache.ofKind('videoinput'),
          outputDevices: this.cache.ofKind('audiooutput'),
          hasMic: next.some((d) => d.kind === 'audioinput'),
          hasCamera: next.some((d) => d.kind === 'videoinput'),
        },
        'devices',
      );
    }
    if (changed && !first) this.notifyDeviceChange(previous, next);
    return this.cache.devices;
  }

  /**
   * Extension (session-layer hook): called after an enumeration whose device list
   * differs from the previous one, with what was added/removed, which SDK defaults
   * vanished and which live SDK tracks lost their device. Returns an unsubscribe.
   */
  onDevicesChanged(handler: SdkMediaDeviceChangeHandler): () => void {
    this.deviceChangeHandlers.add(handler);
    return () => {
      this.deviceChangeHandlers.delete(handler);
    };
  }

  /**
   * A valid cached deviceId: the requested one if cached, else the SDK default if
   * cached, else `undefined`. `null` (and `''`) mean the system default: `undefined`.
   */
  getValidDeviceId(kind: MediaDeviceKind, deviceId: SdkMediaRequestDeviceId | undefined, ...sessions: IMediaSessionLike[]): string | undefined {
    const sessionInfo = sessions.map((s) => ({ sessionId: s.id, conversationId: s.conversationId }));
    if (typeof deviceId === 'string' && deviceId) {
      if (this.cache.findByIdAndKind(deviceId, kind)) return deviceId;
    } else if (deviceId === null || deviceId === '') {
      return undefined;
    }
    const key = defaultKeyFor(kind);
    const sdkDefault = this.defaults()[key];
    if (typeof sdkDefault === 'string' && sdkDefault && this.cache.findByIdAndKind(sdkDefault, kind)) {
      if (typeof deviceId === 'string') this.logger.warn(`media: requested ${kind} not found; using the SDK default ${key}`, { deviceId, sdkDefault, sessions: sessionInfo });
      return sdkDefault;
    }
    if (typeof deviceId === 'string' || (typeof sdkDefault === 'string' && sdkDefault)) {
      this.logger.warn(`media: no cached ${kind} for the request or the SDK default; using the system default`, { deviceId, sdkDefault, sessions: sessionInfo });
    }
    return undefined;
  }

  /** `string | true | null` as is; `undefined | false` become `true` (SDK default). */
  getValidSdkMediaRequestDeviceId(deviceId?: SdkMediaRequestDeviceId): string | null | true {
    if (deviceId === undefined || deviceId === false) return true;
    return deviceId;
  }

  getState(): ISdkMediaState {
    return this.copyState();
  }

  getDevices(): MediaDeviceInfo[] {
    return this.cache.devices;
  }

  getAudioDevices(): MediaDeviceInfo[] {
    return this.cache.ofKind('audioinput');
  }

  getVideoDevices(): MediaDeviceInfo[] {
    return this.cache.ofKind('videoinput');
  }

  getOutputDevices(): MediaDeviceInfo[] {
    return this.cache.ofKind('audiooutput');
  }

  /** Live tracks the SDK created (getUserMedia and getDisplayMedia). */
  getAllActiveMediaTracks(): MediaStreamTrack[] {
    return this.tracks.active();
  }

  /** @deprecated use `findCachedDeviceByTrackLabelAndKind` */
  findCachedDeviceByTrackLabel(track?: MediaStreamTrack): MediaDeviceInfo | undefined {
    return this.cache.findByTrackLabel(track);
  }

  findCachedDeviceByTrackLabelAndKind(track?: MediaStreamTrack): MediaDeviceInfo | undefined {
    return this.cache.findByTrackLabelAndKind(track);
  }

  findCachedOutputDeviceById(id?: string): MediaDeviceInfo | undefined {
    return this.cache.findByIdAndKind(id, 'audiooutput');
  }

  findCachedVideoDeviceById(id?: string): MediaDeviceInfo | undefined {
    return this.cache.findByIdAndKind(id, 'videoinput');
  }

  findCachedAudioDeviceById(id?: string): MediaDeviceInfo | undefined {
    return this.cache.findByIdAndKind(id, 'audioinput');
  }

  findCachedDeviceByIdAndKind(deviceId: string, deviceKind: MediaDeviceKind): MediaDeviceInfo | undefined {
    return this.cache.findByIdAndKind(deviceId, deviceKind);
  }

  doesDeviceExistInCache(device?: MediaDeviceInfo): boolean {
    return this.cache.has(device);
  }

  isPermissionsError(error: unknown): boolean {
    return isPermissionsError(error);
  }

  /**
   * Stops every SDK-created track and volume monitor, stops listening for device
   * changes and removes all listeners. The instance is unusable afterwards.
   */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.mediaDevices?.removeEventListener('devicechange', this.onDeviceChange);
    this.volume.destroy();
    this.tracks.stop();
    this.defaultAudio.clear();
    this.deviceChangeHandlers.clear();
    this.removeAllListeners();
    this.logger.info('media: destroyed');
  }

  // ─── internals ────────────────────────────────────────────────────────────

  /** One media type, with the documented retry plan. Rejects with SdkError('media'). */
  private async startSingleMedia(type: SingleMediaType, opts: IMediaRequestOptions): Promise<MediaStream> {
    this.assertUsable();
    const defaults = this.defaults();
    const attempts = planGumAttempts(type, opts, defaults, opts.retryOnFailure !== false);
    const failures: GumFailure[] = [];
    let lastError: Error | undefined;
    this.setPermission(requestedFlag(type), true);

    for (const attempt of attempts) {
      let stream: MediaStream;
      try {
        stream = await this.getUserMedia(attempt.constraints, opts);
      } catch (caught) {
        const error = toError(caught);
        lastError = error;
        failures.push({ reason: attempt.reason, constraints: attempt.constraints, name: error.name, message: error.message });
        if (isPermissionsError(error)) {
          this.setPermission(grantedFlag(type), false);
          break;
        }
        this.logger.warn(`media: getUserMedia for ${type} failed (${attempt.reason}): ${error.name}`, { uuid: opts.uuid, constraints: attempt.constraints, message: error.message });
        continue;
      }

      if (this.destroyed) {
        stream.getTracks().forEach((track) => track.stop());
        throw new SdkError(SdkErrorTypes.generic, 'sdk.media was destroyed while media was requested');
      }
      this.tracks.add(stream.getTracks());
      this.setPermission(grantedFlag(type), true);
      if (failures.length) {
        this.logger.warn(`media: ${type} obtained only after falling back (${attempt.reason}); check the device you received`, { uuid: opts.uuid, failures });
      }
      const monitor = typeof opts.monitorMicVolume === 'boolean' ? opts.monitorMicVolume : !!defaults.monitorMicVolume;
      if (type === 'audio' && monitor) {
        const sessionId = opts.session?.id ?? opts.sessionId;
        for (const track of stream.getAudioTracks()) this.volume.start(track, sessionId);
      }
      return stream;
    }

    const error = lastError ?? new Error(`getUserMedia for ${type} was not attempted`);
    const constraint = (error as { constraint?: unknown }).constraint;
    throw this.report(
      new SdkError<ISdkMediaErrorDetails>(SdkErrorTypes.media, error, {
        mediaType: type,
        uuid: opts.uuid,
        failures,
        ...(typeof constraint === 'string' ? { constraint } : {}),
      }),
    );
  }

  private getUserMedia(constraints: MediaStreamConstraints, opts: IMediaRequestOptions): Promise<MediaStream> {
    if (!this.mediaDevices) {
      return Promise.reject(new DOMException('navigator.mediaDevices is not available (insecure context or no browser)', 'NotSupportedError'));
    }
    let gumPromise: Promise<MediaStream>;
    try {
      gumPromise = this.mediaDevices.getUserMedia(constraints);
    } catch (error) {
      gumPromise = Promise.reject(error);
    }
    this.logger.info('media: getUserMedia', { uuid: opts.uuid, constraints });
    this.safeEmit('gumRequest', { gumPromise, mediaRequestOptions: opts, constraints });
    return gumPromise;
  }

  private notifyDeviceChange(previous: MediaDeviceInfo[], next: MediaDeviceInfo[]): void {
    const { added, removed, changed } = diffDevices(previous, next);
    if (!added.length && !removed.length && !changed.length) return;
    const defaults = this.defaults();
    const removedDefaults = removed
      .filter((device) => defaults[defaultKeyFor(device.kind)] === device.deviceId)
      .map((device) => defaultKeyFor(device.kind));
    const orphanedTracks = removed.length
      ? this.tracks.active().filter((track) => !this.displayTracks.has(track) && !this.cache.findByTrack(track))
      : [];
    const change: ISdkMediaDeviceChange = { added, removed, changed, devices: next, removedDefaults, orphanedTracks };
    this.logger.info('media: devices changed', {
      added: added.map((d) => ({ kind: d.kind, label: d.label })),
      removed: removed.map((d) => ({ kind: d.kind, label: d.label })),
      removedDefaults,
      orphanedTracks: orphanedTracks.length,
      sessions: this.deps.getSessions?.().map((s) => s.id),
    });
    for (const handler of [...this.deviceChangeHandlers]) {
      try {
        handler(change);
      } catch (error) {
        this.logger.error('media: a device-change handler threw', { message: toError(error).message });
      }
    }
  }

  private setPermission(flag: 'hasMicPermissions' | 'micPermissionsRequested' | 'hasCameraPermissions' | 'cameraPermissionsRequested', value: boolean): void {
    if (this.state[flag] === value) return;
    this.setState({ [flag]: value }, 'permissions');
  }

  /** Applies a change, then emits `state` and the specific event. State is final before any listener runs. */
  private setState(patch: Partial<ISdkMediaState>, eventType: SdkMediaEventTypes): void {
    this.state = { ...this.state, oldDevices: this.state.devices, ...patch };
    if (this.destroyed) return;
    this.safeEmit('state', { ...this.copyState(), eventType });
    if (eventType !== 'state') this.safeEmit(eventType, { ...this.copyState(), eventType });
  }

  private copyState(): ISdkMediaState {
    const s = this.state;
    return {
      ...s,
      devices: [...s.devices],
      oldDevices: [...s.oldDevices],
      audioDevices: [...s.audioDevices],
      videoDevices: [...s.videoDevices],
      outputDevices: [...s.outputDevices],
    };
  }

  /** Calls each listener in isolation: one that throws is logged and the others still run. */
  private safeEmit<K extends keyof SdkMediaEvents>(event: K, payload: SdkMediaEvents[K]): void {
    for (const listener of this.rawListeners(event)) {
      try {
        (listener as (value: SdkMediaEvents[K]) => void).call(this, payload);
      } catch (error) {
        this.logger.error(`media: a '${event}' listener threw`, { message: toError(error).message });
      }
    }
  }

  private report<T extends SdkError>(error: T): T {
    this.logger.error(`media: ${error.name}: ${error.message}`, { type: error.type, details: error.details });
    try {
      this.deps.onError?.(error);
    } catch (callbackError) {
      this.logger.error('media: onError callback threw', { message: toError(callbackError).message });
    }
    return error;
  }

  private assertUsable(): void {
    if (this.destroyed) throw new SdkError(SdkErrorTypes.generic, 'sdk.media has been destroyed');
  }

  private defaults(): ISdkMediaDefaults {
    try {
      return this.deps.getDefaults() ?? {};
    } catch (error) {
      this.logger.error('media: getDefaults threw; using built-in defaults', { message: toError(error).message });
      return {};
    }
  }

  private stopStreams(...streams: Array<MediaStream | undefined>): void {
    for (const stream of streams) {
      if (!stream) continue;
      for (const track of stream.getTracks()) this.volume.stop(track);
      this.tracks.stop(stream.getTracks());
    }
  }

  private combine(audio: MediaStream | undefined, video: MediaStream | undefined): MediaStream | undefined {
    if (!audio) return video;
    if (!video) return audio;
    for (const track of video.getTracks()) audio.addTrack(track);
    return audio;
  }

  private withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new DOMException(`timed out after ${ms} ms`, 'TimeoutError')), ms);
      promise.then(
        (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error);
        },
      );
    });
  }
}
