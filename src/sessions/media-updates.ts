/**
 * SDK-level media methods (research/sdk-flows.md §9.3, docs/media.md "SDK-level methods"):
 * output device routing, mid-call outgoing media switches (`sender.replaceTrack`, never a
 * renegotiation), default device / resolution / settings / volume updates and device hot-plug
 * fallback. Kept apart from the signaling code: it only touches a session's senders,
 * `_outboundStream` and `_outputAudioElement`.
 */
import { SdkError, SdkErrorTypes } from '../errors';
import type { SdkMedia } from '../media/sdk-media';
import type { ISdkHeadsetService } from '../types/headsets';
import type { ILogger } from '../types/logger';
import type { IMediaDeviceIds, ISdkMediaDefaults, ISdkMediaDeviceChange, IVideoResolution, SdkMediaRequestDeviceId } from '../types/media';
import { SessionTypes } from '../types/sessions';
import { withTimeout } from '../utils/async';
import { applyAudioVolume } from './audio-volume';

/** The part of a session this module needs (GenesysMediaSession satisfies it). */
export interface IMediaUpdatableSession {
  id: string;
  conversationId: string;
  sessionType: SessionTypes | string;
  pc: RTCPeerConnection;
  readonly ended?: boolean;
  audioMuted?: boolean;
  videoMuted?: boolean;
  _outboundStream?: MediaStream;
  /** the microphone behind a processed outgoing track (audio processor) */
  _rawOutboundStream?: MediaStream;
  _outputAudioElement?: HTMLAudioElement;
  /** video: elements playing the remote audio slots beyond the first (same volume and output) */
  _extraAudioElements?: HTMLAudioElement[];
}

/** Documented `IUpdateOutgoingMedia` (+ `sessionId`, an extension). */
export interface IUpdateOutgoingMedia {
  session?: IMediaUpdatableSession;
  conversationId?: string;
  /** extension: find the session by its id */
  sessionId?: string;
  stream?: MediaStream;
  audioDeviceId?: SdkMediaRequestDeviceId;
  videoDeviceId?: SdkMediaRequestDeviceId;
}

/** Documented `IMediaSettings`. */
export interface IMediaSettings {
  micAutoGainControl?: ConstrainBoolean;
  micEchoCancellation?: ConstrainBoolean;
  micNoiseSuppression?: ConstrainBoolean;
  /** alias of `micNoiseSuppression` (which wins when both are given) */
  noiseSuppression?: ConstrainBoolean;
  monitorMicVolume?: boolean;
}

/** The mutable defaults this module reads and writes (the SDK config's `defaults`). */
export interface IMutableMediaDefaults extends ISdkMediaDefaults {
  audioVolume?: number;
}

export interface MediaUpdatesDeps {
  media: SdkMedia;
  logger: ILogger;
  defaults: () => IMutableMediaDefaults;
  /** every live session (ended ones are filtered here too) */
  getSessions: () => IMediaUpdatableSession[];
  headset?: Pick<ISdkHeadsetService, 'updateAudioInputDevice'>;
  emitResolutionUpdated?: (requested: IVideoResolution, actual: IVideoResolution, videoTrack: MediaStreamTrack, sessionId: string, conversationId: string) => void;
  /** bound for each browser media call that could stall (setSinkId, replaceTrack) */
  timeoutMs?: number;
  /** false: the caller forwards device changes to `handleDevicesChanged` (the SDK loads this module lazily) */
  listenDevices?: boolean;
  /** a new softphone microphone goes through the audio processor (docs/audio-processor.md) */
  processOutgoingAudio?: (stream: MediaStream) => Promise<{ stream: MediaStream; processed: boolean }>;
}

type Kind = 'audio' | 'video';
type SinkElement = HTMLAudioElement & { setSinkId?: (id: string) => Promise<void>; sinkId?: string };

const DEFAULT_TIMEOUT_MS = 10_000;
const NO_OUTGOING_MEDIA: string[] = [SessionTypes.acdScreenShare, SessionTypes.screenRecording, SessionTypes.liveScreenMonitoring];

export class SessionMediaUpdates {
  private readonly logger: ILogger;
  private readonly queues = new WeakMap<object, Promise<unknown>>();
  private readonly offDevices: () => void;

  constructor(private readonly deps: MediaUpdatesDeps) {
    this.logger = deps.logger;
    this.offDevices = deps.listenDevices === false ? () => undefined : deps.media.onDevicesChanged((change) => { void this.handleDevicesChanged(change); });
  }

  destroy(): void {
    this.offDevices();
  }

  private sessions(): IMediaUpdatableSession[] {
    return this.deps.getSessions().filter((s) => !s.ended);
  }

  private timeout<T>(promise: Promise<T>, what: string): Promise<T> {
    return withTimeout(promise, this.deps.timeoutMs ?? DEFAULT_TIMEOUT_MS, () => new SdkError(SdkErrorTypes.generic, `${what} did not settle`));
  }

  // ─── output device ──────────────────────────────────────────────────────────

  static outputSupported(): boolean {
    return typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype;
  }

  /**
   * `updateOutputDevice(deviceId | true | null)`: `true` the SDK default output, `null` the
   * system default. An id not in the device cache falls back to the SDK default output, else the
   * system default (warning logged). Applied to every live session's audio element; the SDK
   * default is not changed. Without setSinkId support: a warning, nothing else.
   */
  async updateOutputDevice(deviceId: string | true | null): Promise<void> {
    if (deviceId !== true && deviceId !== null && typeof deviceId !== 'string') {
      throw new SdkError(SdkErrorTypes.invalid_options, 'deviceId must be a string, true or null', { deviceId });
    }
    if (!SessionMediaUpdates.outputSupported()) {
      this.logger.warn('updateOutputDevice: this browser cannot select an output device (no setSinkId); nothing changed', { deviceId });
      return;
    }
    const sessions = this.sessions().filter((s) => s.sessionType !== SessionTypes.acdScreenShare);
    if (typeof deviceId === 'string' && deviceId && !this.deps.media.findCachedOutputDeviceById(deviceId)) {
      await this.deps.media.enumerateDevices();
    }
    const sinkId = this.resolveOutput(deviceId === true ? true : deviceId, sessions);
    await Promise.all(sessions.map((s) => this.setSink(s, sinkId)));
  }

  /** '' = system default */
  private resolveOutput(deviceId: string | true | null, sessions: IMediaUpdatableSession[]): string {
    return this.deps.media.getValidDeviceId('audiooutput', deviceId, ...sessions) ?? '';
  }

  private async setSink(session: IMediaUpdatableSession, sinkId: string): Promise<void> {
    const el = session._outputAudioElement as SinkElement | undefined;
    if (!el) {
      this.logger.warn('updateOutputDevice: the session has no audio element', { sessionId: session.id, conversationId: session.conversationId });
      return;
    }
    if (typeof el.setSinkId !== 'function') {
      throw new SdkError(SdkErrorTypes.not_supported, 'The audio element does not support setSinkId', { sessionId: session.id });
    }
    for (const extra of session._extraAudioElements ?? []) {
      const x = extra as SinkElement;
      if (typeof x.setSinkId === 'function') void this.timeout(x.setSinkId(sinkId), 'setSinkId').catch(() => undefined);
    }
    try {
      await this.timeout(el.setSinkId(sinkId), 'setSinkId');
      this.logger.info('output device updated', { sessionId: session.id, conversationId: session.conversationId, sinkId });
    } catch (error) {
      this.logger.error('setSinkId failed; using the system default output', { sessionId: session.id, sinkId, error: String(error) });
      if (sinkId !== '') await this.timeout(el.setSinkId(''), 'setSinkId').catch(() => undefined);
    }
  }

  // ─── outgoing media ─────────────────────────────────────────────────────────

  findSession(opts: { session?: IMediaUpdatableSession; conversationId?: string; sessionId?: string }): IMediaUpdatableSession {
    const all = this.deps.getSessions();
    const session = opts.session
      ?? (opts.sessionId ? all.find((s) => s.id === opts.sessionId) : undefined)
      ?? (opts.conversationId ? all.find((s) => s.conversationId === opts.conversationId && !s.ended) : undefined);
    if (!session || session.ended) {
      throw new SdkError(SdkErrorTypes.session, 'Unable to find session', { conversationId: opts.conversationId, sessionId: opts.sessionId ?? opts.session?.id });
    }
    return session;
  }

  /**
   * `updateOutgoingMedia`: swaps the outgoing track(s) of a session with `sender.replaceTrack`
   * (no renegotiation). Calls on one session run one after the other.
   */
  updateOutgoingMedia(opts: IUpdateOutgoingMedia, internal: { force?: boolean; reason?: string } = {}): Promise<void> {
    if (!opts || typeof opts !== 'object') {
      return Promise.reject(new SdkError(SdkErrorTypes.invalid_options, 'updateOutgoingMedia needs options'));
    }
    if (!opts.session && !opts.conversationId && !opts.sessionId) {
      return Promise.reject(new SdkError(SdkErrorTypes.invalid_options, 'updateOutgoingMedia needs a session, a conversationId or a sessionId'));
    }
    const requested = (v: SdkMediaRequestDeviceId | undefined): boolean => v !== undefined && v !== false;
    if (!opts.stream && !requested(opts.audioDeviceId) && !requested(opts.videoDeviceId)) {
      return Promise.reject(new SdkError(SdkErrorTypes.invalid_options, 'updateOutgoingMedia needs a stream, an audioDeviceId or a videoDeviceId'));
    }
    let session: IMediaUpdatableSession;
    try {
      session = this.findSession(opts);
    } catch (error) {
      return Promise.reject(error);
    }
    if (NO_OUTGOING_MEDIA.includes(session.sessionType)) {
      return Promise.reject(new SdkError(SdkErrorTypes.not_supported, `updateOutgoingMedia is not supported for ${session.sessionType} sessions`, { sessionId: session.id }));
    }
    const previous = this.queues.get(session) ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(() => this.doUpdateOutgoingMedia(session, opts, internal));
    this.queues.set(session, run);
    return run;
  }

  private async doUpdateOutgoingMedia(session: IMediaUpdatableSession, opts: IUpdateOutgoingMedia, internal: { force?: boolean; reason?: string }): Promise<void> {
    if (session.ended) throw new SdkError(SdkErrorTypes.session, 'The session ended', { sessionId: session.id });
    const softphone = session.sessionType === SessionTypes.softphone;
    const media = this.deps.media;
    const log = { sessionId: session.id, conversationId: session.conversationId, reason: internal.reason };

    // what to send, per kind
    const wanted = new Map<Kind, MediaStreamTrack>();
    const created: MediaStreamTrack[] = [];
    if (opts.stream) {
      const audio = opts.stream.getAudioTracks().find((t) => t.readyState === 'live');
      const video = softphone ? undefined : opts.stream.getVideoTracks().find((t) => t.readyState === 'live');
      if (audio) wanted.set('audio', audio);
      if (video) wanted.set('video', video);
      if (!wanted.size) throw new SdkError(SdkErrorTypes.invalid_options, 'The stream has no live track to send', log);
    } else {
      const request: { audio?: SdkMediaRequestDeviceId; video?: SdkMediaRequestDeviceId } = {};
      for (const kind of ['audio', 'video'] as Kind[]) {
        const id = kind === 'audio' ? opts.audioDeviceId : (softphone ? undefined : opts.videoDeviceId);
        if (id === undefined || id === false) continue;
        if (kind === 'video' && session.videoMuted) {
          this.logger.info('updateOutgoingMedia: video is muted; the camera is not requested', log);
          continue;
        }
        if (!internal.force && this.isDeviceInUse(session, kind, id)) {
          this.logger.info(`updateOutgoingMedia: the requested ${kind} device is already in use; not re-requested`, { ...log, deviceId: id });
          continue;
        }
        request[kind] = id;
      }
      if (request.audio === undefined && request.video === undefined) return;
      const stream = await media.startMedia({ ...request, session: { id: session.id, conversationId: session.conversationId, sessionType: session.sessionType } });
      for (const t of stream.getTracks()) {
        created.push(t);
        if (t.kind === 'audio' || t.kind === 'video') wanted.set(t.kind, t);
      }
    }

    try {
      if (session.ended) throw new SdkError(SdkErrorTypes.session, 'The session ended while its media was being updated', log);
      for (const [kind, track] of wanted) await this.replaceOne(session, kind, track, log);
    } catch (error) {
      for (const t of created) t.stop();
      throw error;
    }
  }

  /** Note 3 of the docs: the session already sends from the requested device. */
  private isDeviceInUse(session: IMediaUpdatableSession, kind: Kind, id: SdkMediaRequestDeviceId): boolean {
    const current = this.currentTrack(session, kind);
    if (!current || current.readyState !== 'live') return false;
    const media = this.deps.media;
    const deviceKind: MediaDeviceKind = kind === 'audio' ? 'audioinput' : 'videoinput';
    const defaults = this.deps.defaults();
    const target = id === true ? (kind === 'audio' ? defaults.audioDeviceId : defaults.videoDeviceId) ?? null : id;
    if (typeof target !== 'string' || !target) return false; // system default: always re-request
    const currentId = current.getSettings?.().deviceId;
    if (currentId) return currentId === target;
    const device = media.findCachedDeviceByIdAndKind(target, deviceKind);
    return !!device && !!device.label && device.label === current.label;
  }

  private currentTrack(session: IMediaUpdatableSession, kind: Kind): MediaStreamTrack | undefined {
    const sender = session.pc.getSenders().find((s) => s.track?.kind === kind);
    return sender?.track ?? session._outboundStream?.getTracks().find((t) => t.kind === kind);
  }

  private async replaceOne(session: IMediaUpdatableSession, kind: Kind, track: MediaStreamTrack, log: Record<string, unknown>): Promise<void> {
    const pc = session.pc;
    const sender = pc.getSenders().find((s) => s.track?.kind === kind)
      ?? pc.getTransceivers().find((t) => !t.sender.track && t.receiver.track?.kind === kind && t.currentDirection !== 'stopped'
        && (t.direction === 'sendrecv' || t.direction === 'sendonly'))?.sender;
    if (!sender) {
      // a new kind of media needs a new m-line: an offer from our side, which the cloud-offers
      // signaling of this engine does not support yet
      throw new SdkError(SdkErrorTypes.not_supported, `The session has no ${kind} sender; adding a new kind of media needs a renegotiation, which is not supported yet`, log);
    }
    const old = sender.track;
    if (old === track) return;
    const raw = track;
    if (kind === 'audio' && session.sessionType === SessionTypes.softphone && this.deps.processOutgoingAudio) {
      const out = await this.deps.processOutgoingAudio(new MediaStream([track]));
      const processedTrack = out.processed ? out.stream.getAudioTracks()[0] : undefined;
      if (processedTrack) {
        const previousRaw = session._rawOutboundStream;
        session._rawOutboundStream = new MediaStream([raw]);
        for (const t of previousRaw?.getTracks() ?? []) if (t !== raw && this.ownsTrack(t)) t.stop();
        track = processedTrack;
      }
    }
    // keep the mute state: a muted session stays muted after the switch
    if (kind === 'audio' && session.audioMuted) track.enabled = false;
    if (kind === 'video' && session.videoMuted) track.enabled = false;
    await this.timeout(sender.replaceTrack(track), 'replaceTrack');

    const outbound = session._outboundStream;
    const keep = (outbound?.getTracks() ?? []).filter((t) => t !== old && t.kind !== kind);
    session._outboundStream = new MediaStream([...keep, track]);
    if (old && old !== track && this.ownsTrack(old)) old.stop();
    this.logger.info(`outgoing ${kind} updated (replaceTrack, no renegotiation)`, {
      ...log, oldTrack: old ? { id: old.id, label: old.label } : undefined, newTrack: { id: track.id, label: track.label }, muted: !track.enabled,
    });
  }

  /** SDK-created and not part of the default audio stream */
  private ownsTrack(track: MediaStreamTrack): boolean {
    const media = this.deps.media;
    if (media.isDefaultAudioTrack(track)) return false;
    return media.getAllActiveMediaTracks().includes(track);
  }

  // ─── defaults ───────────────────────────────────────────────────────────────

  async updateDefaultDevices(options: IMediaDeviceIds & { updateActiveSessions?: boolean } = {}): Promise<void> {
    if (!options || typeof options !== 'object') throw new SdkError(SdkErrorTypes.invalid_options, 'updateDefaultDevices needs an options object');
    for (const key of ['audioDeviceId', 'videoDeviceId', 'outputDeviceId'] as const) {
      const v = options[key];
      if (v !== undefined && v !== null && typeof v !== 'string') {
        throw new SdkError(SdkErrorTypes.invalid_options, `${key} must be a string, null or undefined`, { field: key, value: v });
      }
    }
    const defaults = this.deps.defaults();
    const changed: Array<'audioDeviceId' | 'videoDeviceId' | 'outputDeviceId'> = [];
    for (const key of ['audioDeviceId', 'videoDeviceId', 'outputDeviceId'] as const) {
      const v = options[key];
      if (v === undefined) continue;
      defaults[key] = v || null;
      changed.push(key);
    }
    this.logger.info('default devices updated', { changed, audioDeviceId: defaults.audioDeviceId, videoDeviceId: defaults.videoDeviceId, outputDeviceId: defaults.outputDeviceId, updateActiveSessions: !!options.updateActiveSessions });
    if (changed.includes('audioDeviceId')) {
      try {
        this.deps.headset?.updateAudioInputDevice?.(defaults.audioDeviceId ?? '');
      } catch (error) {
        this.logger.warn('headset: updateAudioInputDevice failed', { error: String(error) });
      }
    }
    if (!options.updateActiveSessions) return;
    const jobs: Array<Promise<void>> = [];
    const audio = changed.includes('audioDeviceId');
    const video = changed.includes('videoDeviceId');
    if (audio || video) {
      for (const session of this.sessionsWithOutgoingMedia()) {
        jobs.push(this.updateOutgoingMedia({ session, ...(audio ? { audioDeviceId: true } : {}), ...(video ? { videoDeviceId: true } : {}) }, { reason: 'updateDefaultDevices' }));
      }
    }
    if (changed.includes('outputDeviceId')) jobs.push(this.updateOutputDevice(true));
    await settleAll(jobs);
  }

  private sessionsWithOutgoingMedia(): IMediaUpdatableSession[] {
    return this.sessions().filter((s) => !!s._outboundStream && !NO_OUTGOING_MEDIA.includes(s.sessionType));
  }

  /**
   * `updateDefaultResolution`: sets `defaults.videoResolution`; with `updateActiveSessions`,
   * `applyConstraints` on every live session video track (no new track, no renegotiation) and
   * one `resolutionUpdated` per track, emitted before the promise resolves.
   */
  async updateDefaultResolution(resolution: IVideoResolution | undefined, updateActiveSessions: boolean): Promise<void> {
    if (resolution !== undefined && (typeof resolution !== 'object' || resolution === null || resolution.width === undefined || resolution.height === undefined)) {
      throw new SdkError(SdkErrorTypes.invalid_options, 'resolution must be { width, height } or undefined', { resolution });
    }
    const defaults = this.deps.defaults();
    if (resolution) defaults.videoResolution = { width: resolution.width, height: resolution.height };
    else delete defaults.videoResolution;
    this.logger.info('default video resolution updated', { resolution, updateActiveSessions });
    if (!updateActiveSessions) return;
    const jobs: Array<Promise<void>> = [];
    for (const session of this.sessions()) {
      const tracks = new Set<MediaStreamTrack>();
      for (const t of session._outboundStream?.getVideoTracks() ?? []) tracks.add(t);
      for (const s of session.pc.getSenders()) if (s.track?.kind === 'video') tracks.add(s.track);
      for (const track of tracks) {
        if (track.readyState !== 'live' || isScreenTrack(track)) continue;
        jobs.push(this.applyResolution(session, track, resolution));
      }
    }
    await settleAll(jobs);
  }

  private async applyResolution(session: IMediaUpdatableSession, track: MediaStreamTrack, resolution: IVideoResolution | undefined): Promise<void> {
    const { width: _w, height: _h, ...rest } = track.getConstraints();
    void _w; void _h;
    await track.applyConstraints(resolution ? { ...rest, width: resolution.width, height: resolution.height } : rest);
    const settings = track.getSettings();
    const actual: IVideoResolution = { width: settings.width ?? 0, height: settings.height ?? 0 };
    this.logger.info('video resolution updated', { sessionId: session.id, requested: resolution, actual });
    this.deps.emitResolutionUpdated?.(resolution ?? actual, actual, track, session.id, session.conversationId);
  }

  /** `updateDefaultMediaSettings`: sets the defaults; with `updateActiveSessions`, re-requests each session's microphone (same device) with the new constraints. */
  async updateDefaultMediaSettings(options: IMediaSettings & { updateActiveSessions?: boolean } = {}): Promise<void> {
    if (!options || typeof options !== 'object') throw new SdkError(SdkErrorTypes.invalid_options, 'updateDefaultMediaSettings needs an options object');
    const isConstrainBoolean = (v: unknown): boolean => v === undefined || typeof v === 'boolean' || (typeof v === 'object' && v !== null);
    const noiseSuppression = options.micNoiseSuppression ?? options.noiseSuppression;
    for (const [key, v] of Object.entries({ micAutoGainControl: options.micAutoGainControl, micEchoCancellation: options.micEchoCancellation, micNoiseSuppression: noiseSuppression })) {
      if (!isConstrainBoolean(v)) throw new SdkError(SdkErrorTypes.invalid_options, `${key} must be a boolean or a ConstrainBoolean`, { field: key, value: v });
    }
    if (options.monitorMicVolume !== undefined && typeof options.monitorMicVolume !== 'boolean') {
      throw new SdkError(SdkErrorTypes.invalid_options, 'monitorMicVolume must be a boolean', { field: 'monitorMicVolume' });
    }
    const defaults = this.deps.defaults();
    if (options.micAutoGainControl !== undefined) defaults.micAutoGainControl = options.micAutoGainControl;
    if (options.micEchoCancellation !== undefined) defaults.micEchoCancellation = options.micEchoCancellation;
    if (noiseSuppression !== undefined) defaults.micNoiseSuppression = noiseSuppression;
    if (options.monitorMicVolume !== undefined) defaults.monitorMicVolume = options.monitorMicVolume;
    this.logger.info('default media settings updated', {
      micAutoGainControl: defaults.micAutoGainControl, micEchoCancellation: defaults.micEchoCancellation,
      micNoiseSuppression: defaults.micNoiseSuppression, monitorMicVolume: defaults.monitorMicVolume, updateActiveSessions: !!options.updateActiveSessions,
    });
    if (!options.updateActiveSessions) return;
    const jobs: Array<Promise<void>> = [];
    for (const session of this.sessionsWithOutgoingMedia()) {
      const current = this.currentTrack(session, 'audio');
      if (!current || !this.ownsTrack(current)) continue; // caller-provided or default-stream media is not re-requested
      const deviceId = current.getSettings?.().deviceId;
      const cached = deviceId ? this.deps.media.findCachedAudioDeviceById(deviceId) : undefined;
      jobs.push(this.updateOutgoingMedia({ session, audioDeviceId: cached ? deviceId : true }, { force: true, reason: 'updateDefaultMediaSettings' }));
    }
    await settleAll(jobs);
  }

  /** `updateAudioVolume(0..100)`: the default and every live session's audio element. */
  updateAudioVolume(volume: number): void {
    applyAudioVolume(this.deps, volume);
  }

  // ─── hot-plug ───────────────────────────────────────────────────────────────

  async handleDevicesChanged(change: ISdkMediaDeviceChange): Promise<void> {
    const sessions = this.sessions();
    if (!sessions.length) return;
    const defaults = this.deps.defaults();
    const orphaned = new Set(change.orphanedTracks);
    const jobs: Array<Promise<void>> = [];
    for (const session of sessions) {
      if (NO_OUTGOING_MEDIA.includes(session.sessionType)) continue;
      for (const kind of ['audio', 'video'] as Kind[]) {
        const track = this.currentTrack(session, kind);
        if (!track || !orphaned.has(track)) continue;
        const state = this.deps.media.getState();
        if (kind === 'audio' ? !state.hasMic : !state.hasCamera) {
          this.logger.warn(`the ${kind} device of a session disappeared and no other is available`, { sessionId: session.id, conversationId: session.conversationId, label: track.label });
          continue;
        }
        const key = kind === 'audio' ? 'audioDeviceId' : 'videoDeviceId';
        // SDK default when it is still there, else the system default
        const target: true | null = change.removedDefaults.includes(key) || !defaults[key] ? null : true;
        this.logger.warn(`the ${kind} device of a session disappeared; falling back to the ${target === true ? 'SDK' : 'system'} default device`, {
          sessionId: session.id, conversationId: session.conversationId, label: track.label,
        });
        jobs.push(this.updateOutgoingMedia({ session, [key]: target }, { force: true, reason: 'device removed' }));
      }
    }
    const removedOutputs = new Set(change.removed.filter((d) => d.kind === 'audiooutput').map((d) => d.deviceId));
    if (removedOutputs.size && SessionMediaUpdates.outputSupported()) {
      const fallback = this.resolveOutput(change.removedDefaults.includes('outputDeviceId') ? null : true, []);
      for (const session of sessions) {
        const el = session._outputAudioElement as SinkElement | undefined;
        if (!el?.sinkId || !removedOutputs.has(el.sinkId)) continue;
        this.logger.warn('the output device of a session disappeared; falling back to the default output', { sessionId: session.id, sinkId: el.sinkId, fallback });
        jobs.push(this.setSink(session, fallback));
      }
    }
    const results = await Promise.allSettled(jobs);
    for (const r of results) {
      if (r.status === 'rejected') this.logger.error('device fallback failed', { error: String(r.reason) });
    }
  }
}

function isScreenTrack(track: MediaStreamTrack): boolean {
  return !!(track.getSettings() as MediaTrackSettings & { displaySurface?: string }).displaySurface;
}

/** Runs every job; rejects with the first failure once all settled. */
async function settleAll(jobs: Array<Promise<void>>): Promise<void> {
  const results = await Promise.allSettled(jobs);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}
