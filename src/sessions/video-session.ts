/**
 * One video conference session's state and controls (research/sdk-flows.md §5.3–§5.6,
 * docs/video.md): incoming media on the elements, the control data channel and what it maps,
 * participants from conversation events, camera/mic mute, pin and screen share inside the call.
 * The methods the documented session exposes (`startScreenShare`, `stopScreenShare`,
 * `pinParticipantVideo`, `participantMedia`) are put on the session object.
 */
import type { PlatformClient } from '../api/platform-client';
import { SdkError, SdkErrorTypes } from '../errors';
import { displayMediaConstraints } from '../media/constraints';
import type { SdkMedia } from '../media/sdk-media';
import type { ILogger } from '../types/logger';
import type { ISdkMediaDefaults, SdkMediaRequestDeviceId } from '../types/media';
import type {
  IIncomingStreamStatus, IMemberStatusMessage, IParticipantMedia, IParticipantRef, IParticipantUpdate,
} from '../types/video';
import { withTimeout } from '../utils/async';
import { offersDataChannel, openControlChannel } from './data-channel';
import type { GenesysMediaSession } from './media-session';
import {
  buildParticipantMedia, currentSpeakers, diffParticipants, onScreenParticipants, parseMediaSlots, readVideoConversation,
  sameMedia, sameRefs, type MediaSlot, type OwnParticipant,
} from './video-participants';

export interface VideoSessionDeps {
  http: PlatformClient;
  media: SdkMedia;
  logger: ILogger;
  userId: string;
  defaults: () => ISdkMediaDefaults & { audioVolume?: number; audioElement?: HTMLAudioElement; videoElement?: HTMLVideoElement };
  /** `sdk.updateOutgoingMedia` (the mic switch of `setAudioMute` with `unmuteDeviceId`) */
  updateOutgoingMedia: (opts: { session: GenesysMediaSession; audioDeviceId?: SdkMediaRequestDeviceId }) => Promise<void>;
}

/** bound on every signal we send the cloud (mute, screen-start…): a lost result must not hang a control */
const SIGNAL_TIMEOUT_MS = 5000;

type Kind = 'audio' | 'video';

export class VideoSession {
  /** the participants of the last `participantsUpdate` */
  participants: IParticipantUpdate[] = [];
  own: OwnParticipant | undefined;
  /** a conversation event (or the GET fallback) was seen */
  conversationSeen = false;
  private slots: MediaSlot[];
  private incoming: IIncomingStreamStatus[] = [];
  private media: IParticipantMedia[] = [];
  private onScreen: IParticipantRef[] = [];
  private speakers: IParticipantRef[] = [];
  private closeChannel: (() => void) | undefined;
  private screenStream: MediaStream | undefined;
  private restoreCameraAfterShare = false;
  private participantsEmitted = false;
  private audioElement: HTMLAudioElement | undefined;
  private videoElement: HTMLVideoElement | undefined;
  private createdAudioElement = false;
  private disposed = false;
  private readonly logger: ILogger;

  constructor(readonly session: GenesysMediaSession, private readonly deps: VideoSessionDeps) {
    this.logger = deps.logger;
    this.slots = parseMediaSlots(session.pc.remoteDescription?.sdp);
    const api = {
      startScreenShare: (): Promise<void> => this.startScreenShare(),
      stopScreenShare: (): Promise<void> => this.stopScreenShare(),
      pinParticipantVideo: (participantId?: string | null): Promise<void> => this.pinParticipantVideo(participantId),
    };
    Object.assign(session, api);
    Object.defineProperty(session, 'participantMedia', { get: () => this.media.slice(), configurable: true, enumerable: true });
  }

  get sharingScreen(): boolean { return !!this.screenStream; }

  private get ctx(): Record<string, unknown> {
    return { sessionId: this.session.id, conversationId: this.session.conversationId };
  }

  // ─── accept: outgoing and incoming media ─────────────────────────────────────

  /**
   * Before the answer: the first audio and video sections send (sendrecv) even without a
   * track, so a camera or mic added later is a `replaceTrack`, never a renegotiation.
   */
  prepareTransceivers(): void {
    for (const kind of ['audio', 'video'] as Kind[]) {
      const t = this.sendTransceiver(kind);
      if (t && t.direction !== 'sendrecv') t.direction = 'sendrecv';
    }
  }

  /** the transceiver that carries our `kind` (the first section of that kind) */
  sendTransceiver(kind: Kind): RTCRtpTransceiver | undefined {
    const all = this.session.pc.getTransceivers().filter((t) => t.receiver.track?.kind === kind && t.currentDirection !== 'stopped');
    return all.find((t) => t.sender.track) ?? all.find((t) => t.direction === 'sendrecv' || t.direction === 'sendonly') ?? all[0];
  }

  /** `slot` → the receiver track of its section */
  private trackOfMid(mid: string): MediaStreamTrack | undefined {
    return this.session.pc.getTransceivers().find((t) => t.mid === mid)?.receiver.track;
  }

  /** The receive slots of a kind in offer order (falls back to every receiver of that kind). */
  private receiveTracks(kind: Kind): MediaStreamTrack[] {
    const slots = this.slots.filter((s) => s.kind === kind);
    const tracks = slots.map((s) => this.trackOfMid(s.mid)).filter((t): t is MediaStreamTrack => !!t);
    if (tracks.length) return tracks;
    return this.session.pc.getReceivers().map((r) => r.track).filter((t) => t?.kind === kind);
  }

  /**
   * Incoming media: the first audio slot on `audioElement` (the others on hidden SDK elements, so
   * everyone is heard), the primary video slot on `videoElement` (muted). Emits `incomingMedia`.
   */
  attachIncoming(audioElement: HTMLAudioElement | undefined, videoElement: HTMLVideoElement): void {
    const defaults = this.deps.defaults();
    const volume = (defaults.audioVolume ?? 100) / 100;
    let audio = audioElement;
    if (!audio) {
      audio = document.createElement('audio');
      audio.classList.add(`__gc-webrtc-inbound-${this.session.id}`);
      audio.hidden = true;
      document.body.append(audio);
      this.createdAudioElement = true;
      this.session._createdAudioElement = true;
    }
    this.audioElement = audio;
    this.videoElement = videoElement;
    this.session._outputAudioElement = audio;
    const audioTracks = this.receiveTracks('audio');
    const [first, ...rest] = audioTracks;
    play(audio, first, volume);
    const extras = rest.map((track) => {
      const el = document.createElement('audio');
      el.classList.add(`__gc-webrtc-inbound-${this.session.id}`);
      el.hidden = true;
      document.body.append(el);
      play(el, track, volume);
      return el;
    });
    this.session._extraAudioElements = extras;
    const outputId = defaults.outputDeviceId;
    for (const el of [audio, ...extras]) {
      const sink = el as HTMLAudioElement & { setSinkId?: (id: string) => Promise<void> };
      if (typeof sink.setSinkId === 'function') void sink.setSinkId(outputId || '').catch((err: unknown) => this.logger.warn('setSinkId failed', { error: String(err) }));
    }
    const [primary] = this.receiveTracks('video');
    videoElement.muted = true;
    videoElement.playsInline = true;
    videoElement.volume = volume;
    play(videoElement, primary, volume);
    this.session.emit('incomingMedia');
    this.refreshMedia();
  }

  /** Right after the answer: the control channel opens when the offer has one. */
  openControlChannel(): void {
    if (offersDataChannel(this.session.pc.remoteDescription?.sdp) && !this.closeChannel && !this.disposed) {
      this.closeChannel = openControlChannel(this.session.pc, this.logger, (message) => this.onControlMessage(message));
    }
  }

  /** resolves once the media of the accept is on the senders; controls wait for it */
  private mediaReady: Promise<void> = Promise.resolve();

  /**
   * Our camera/mic arriving after the answer (the answer does not wait for getUserMedia: the
   * first sections already send, so this is a `replaceTrack`). Then the initial mute states.
   */
  attachOutgoing(media: Promise<MediaStream | undefined>): Promise<void> {
    this.mediaReady = (async () => {
      let stream: MediaStream | undefined;
      try {
        stream = await media;
      } catch (err) {
        this.logger.warn('no local media for the video session: joined receive-only', { ...this.ctx, error: String(err) });
      }
      if (stream && (this.session.ended || this.disposed)) {
        for (const t of stream.getTracks()) if (!this.deps.media.isDefaultAudioTrack(t)) t.stop();
        return;
      }
      if (stream) {
        for (const kind of ['audio', 'video'] as Kind[]) {
          const track = kind === 'audio' ? stream.getAudioTracks()[0] : stream.getVideoTracks()[0];
          if (track && !this.sendTransceiver(kind)?.sender.track) await this.sendTrack(kind, track).catch((err: unknown) => this.logger.warn(`could not send the ${kind} track`, { ...this.ctx, error: String(err) }));
        }
        const outbound = this.session._outboundStream;
        if (!outbound) this.session._outboundStream = stream;
      }
      this.sendInitialMuteStates();
    })();
    return this.mediaReady;
  }

  /** A kind we send no enabled track of is reported muted (sdk-flows §5.3 step 7). */
  sendInitialMuteStates(): void {
    const session = this.session;
    if (session.ended || this.disposed) return;
    for (const kind of ['audio', 'video'] as Kind[]) {
      const track = this.sendTransceiver(kind)?.sender.track;
      const muted = !track || !track.enabled || track.readyState !== 'live';
      if (kind === 'audio') session.audioMuted = muted;
      else session.videoMuted = muted;
      if (muted) void this.signal(session.sendMute(kind, true, this.deps.userId), `initial ${kind} mute`);
    }
  }

  private signal(promise: Promise<void>, what: string): Promise<void> {
    return withTimeout(promise, SIGNAL_TIMEOUT_MS, () => new SdkError(SdkErrorTypes.session, `${what} was not acknowledged`))
      .catch((err: unknown) => this.logger.warn(`${what} not acknowledged`, { ...this.ctx, error: String(err) }));
  }

  // ─── data channel ────────────────────────────────────────────────────────────

  private onControlMessage(message: unknown): void {
    if (this.disposed) return;
    this.session.emit('dataChannelMessage', message);
    const m = message as Partial<IMemberStatusMessage> | null;
    if (!m || typeof m !== 'object' || m.method !== 'member.notify.status') {
      this.logger.warn('unhandled video control message', { ...this.ctx, method: m && typeof m === 'object' ? m.method : undefined });
      return;
    }
    const params = m.params ?? {};
    this.session.emit('memberStatusUpdate', m as IMemberStatusMessage);
    if (Array.isArray(params.incomingStreams)) {
      this.incoming = params.incomingStreams;
      this.refreshMedia();
    }
    if (Array.isArray(params.speakers)) {
      const speakers = currentSpeakers(params.speakers);
      if (!sameRefs(speakers, this.speakers)) {
        this.speakers = speakers;
        this.session.emit('speakersUpdate', { conversationId: this.session.conversationId, speakers });
      }
    }
  }

  /** Recomputes `participantMedia` and who is on screen; emits what changed. */
  private refreshMedia(): void {
    if (this.disposed) return;
    const directory = { byParticipant: new Map(this.participants.map((p) => [p.participantId, { userId: p.userId, ...(p.name ? { name: p.name } : {}) }])) };
    const media = buildParticipantMedia(this.incoming, this.slots, (mid) => this.trackOfMid(mid), directory);
    if (!sameMedia(media, this.media)) {
      this.media = media;
      this.session.emit('participantMediaUpdate', { conversationId: this.session.conversationId, participants: media.slice() });
    }
    const onScreen = onScreenParticipants(media);
    if (!sameRefs(onScreen, this.onScreen)) {
      this.onScreen = onScreen;
      this.session.emit('activeVideoParticipantsUpdate', { conversationId: this.session.conversationId, participants: onScreen });
    }
  }

  // ─── conversation events ─────────────────────────────────────────────────────

  /** A conversation event (or `GET conversations/{id}`) for this session's conversation. */
  onConversation(body: unknown): void {
    if (this.disposed) return;
    const read = readVideoConversation(body, this.deps.userId);
    if (!read || read.conversationId !== this.session.conversationId) return;
    this.conversationSeen = true;
    if (read.own) this.own = read.own;
    const { added, removed, changed } = diffParticipants(this.participants, read.active);
    // upstream emits on every event; we emit when something changed (and once at first)
    if (!changed && this.participantsEmitted) return;
    this.participantsEmitted = true;
    this.participants = read.active;
    this.session.emit('participantsUpdate', {
      conversationId: this.session.conversationId,
      addedParticipants: added,
      removedParticipants: removed,
      activeParticipants: read.active.slice(),
    });
    this.refreshMedia();
  }

  // ─── controls ────────────────────────────────────────────────────────────────

  /** Camera off: the track is stopped and released; on: a new camera track. The cloud is told unless `skipServer`. */
  async setVideoMute(mute: boolean, unmuteDeviceId?: SdkMediaRequestDeviceId, skipServer = false): Promise<void> {
    await this.mediaReady;
    const session = this.session;
    if (this.screenStream) {
      // while sharing, the camera is not on the wire: only what happens after the share changes
      this.restoreCameraAfterShare = !mute;
      session.videoMuted = mute;
      if (!skipServer) await this.signal(session.sendMute('video', mute, this.deps.userId), `video ${mute ? 'mute' : 'unmute'}`);
      return;
    }
    const transceiver = this.sendTransceiver('video');
    if (mute) {
      const track = transceiver?.sender.track ?? session._outboundStream?.getVideoTracks()[0];
      if (transceiver?.sender.track) await transceiver.sender.replaceTrack(null);
      if (track) {
        track.stop();
        session._outboundStream?.removeTrack(track);
      } else {
        this.logger.info('setVideoMute: no camera track to stop', this.ctx);
      }
      session.videoMuted = true;
      if (!skipServer) await this.signal(session.sendMute('video', true, this.deps.userId), 'video mute');
      return;
    }
    const live = transceiver?.sender.track;
    if (!live || live.readyState !== 'live') {
      const deviceId = unmuteDeviceId === undefined ? true : unmuteDeviceId;
      const stream = await this.deps.media.startMedia({ video: this.deps.media.getValidSdkMediaRequestDeviceId(deviceId), session });
      const [track] = stream.getVideoTracks();
      if (!track) throw new SdkError(SdkErrorTypes.media, 'No camera track was obtained', this.ctx);
      if (session.ended || this.disposed) {
        track.stop();
        return;
      }
      await this.sendTrack('video', track);
    }
    session.videoMuted = false;
    if (!skipServer) await this.signal(session.sendMute('video', false, this.deps.userId), 'video unmute');
  }

  /** Puts `track` on the `kind` sender and into `_outboundStream` (replacing that kind). */
  private async sendTrack(kind: Kind, track: MediaStreamTrack): Promise<void> {
    const session = this.session;
    const transceiver = this.sendTransceiver(kind);
    if (!transceiver) throw new SdkError(SdkErrorTypes.not_supported, `The session has no ${kind} section to send on`, this.ctx);
    if (transceiver.direction !== 'sendrecv' && transceiver.direction !== 'sendonly') transceiver.direction = 'sendrecv';
    await transceiver.sender.replaceTrack(track);
    const outbound = session._outboundStream ?? new MediaStream();
    for (const old of outbound.getTracks()) if (old.kind === kind && old !== track) outbound.removeTrack(old);
    outbound.addTrack(track);
    session._outboundStream = outbound;
  }

  /** Mic mute: `track.enabled`; unmute without a mic opens one; `unmuteDeviceId` switches the mic. */
  async setAudioMute(mute: boolean, unmuteDeviceId?: SdkMediaRequestDeviceId): Promise<void> {
    await this.mediaReady;
    const session = this.session;
    const tracks = session.pc.getSenders().map((s) => s.track).filter((t): t is MediaStreamTrack => t?.kind === 'audio');
    if (mute) {
      if (!tracks.length) this.logger.warn('setAudioMute: no outgoing audio track to mute', this.ctx);
      for (const t of tracks) t.enabled = false;
      session.audioMuted = true;
      await this.signal(session.sendMute('audio', true, this.deps.userId), 'audio mute');
      return;
    }
    if (!tracks.some((t) => t.readyState === 'live')) {
      const stream = await this.deps.media.startMedia({ audio: this.deps.media.getValidSdkMediaRequestDeviceId(unmuteDeviceId ?? true), session });
      const [track] = stream.getAudioTracks();
      if (!track) throw new SdkError(SdkErrorTypes.media, 'No microphone track was obtained', this.ctx);
      if (session.ended || this.disposed) {
        track.stop();
        return;
      }
      await this.sendTrack('audio', track);
    } else {
      for (const t of tracks) t.enabled = true;
      // upstream calls updateOutgoingMedia without a session here and throws; we name ours
      if (unmuteDeviceId !== undefined && unmuteDeviceId !== false) await this.deps.updateOutgoingMedia({ session, audioDeviceId: unmuteDeviceId });
    }
    session.audioMuted = false;
    await this.signal(session.sendMute('audio', false, this.deps.userId), 'audio unmute');
  }

  /** Pins `participantId`'s video into our primary slot (REST); no id unpins. Emits `pinnedParticipant`. */
  async pinParticipantVideo(participantId?: string | null): Promise<void> {
    if (participantId !== undefined && participantId !== null && (typeof participantId !== 'string' || !participantId)) {
      throw new SdkError(SdkErrorTypes.invalid_options, 'participantId must be a non-empty string, or nothing to unpin', { ...this.ctx, participantId });
    }
    if (this.session.ended) throw new SdkError(SdkErrorTypes.session, 'The session has ended', this.ctx);
    const own = this.own;
    if (!own) throw new SdkError(SdkErrorTypes.session, 'Unable to pin participant video: the session has no participant on the conversation yet', this.ctx);
    const uri = `conversations/videos/${encodeURIComponent(this.session.conversationId)}/participants/${encodeURIComponent(own.id)}/pin`;
    try {
      if (participantId) await this.deps.http.request(uri, { method: 'POST', body: { targetParticipantId: participantId, streamType: 'video' } });
      else await this.deps.http.request(uri, { method: 'DELETE' });
    } catch (err) {
      throw new SdkError(SdkErrorTypes.session, 'Request to pin video failed', { ...this.ctx, participantId: participantId ?? null }, err);
    }
    this.session.emit('pinnedParticipant', { participantId: participantId ?? null });
  }

  /**
   * Shares a screen in place of the camera (same sender, no renegotiation) and tells the cloud.
   * The user cancelling the picker is logged, not an error. The camera comes back afterwards if it was on.
   */
  async startScreenShare(): Promise<void> {
    await this.mediaReady;
    const session = this.session;
    if (session.ended) throw new SdkError(SdkErrorTypes.session, 'The session has ended', this.ctx);
    if (this.screenStream) {
      this.logger.info('startScreenShare: already sharing', this.ctx);
      return;
    }
    const devices = typeof navigator !== 'undefined' ? navigator.mediaDevices : undefined;
    if (!devices || typeof devices.getDisplayMedia !== 'function') {
      throw new SdkError(SdkErrorTypes.not_supported, 'getDisplayMedia is not supported by this browser', this.ctx);
    }
    let stream: MediaStream;
    try {
      stream = await devices.getDisplayMedia(displayMediaConstraints());
    } catch (err) {
      const name = (err as { name?: string } | null)?.name;
      if (!err || name === 'NotAllowedError' || name === 'AbortError') {
        this.logger.info('startScreenShare: the screen picker was cancelled', { ...this.ctx, name });
        return;
      }
      throw new SdkError(SdkErrorTypes.session, 'Failed to start screen share', this.ctx, err);
    }
    const [track] = stream.getVideoTracks();
    if (!track || session.ended || this.disposed) {
      for (const t of stream.getTracks()) t.stop();
      if (!track) throw new SdkError(SdkErrorTypes.session, 'Failed to start screen share: no video track', this.ctx);
      return;
    }
    // keep text legible: the encoder drops frame rate before resolution for screen content
    if ('contentHint' in track) track.contentHint = 'detail';
    const camera = this.sendTransceiver('video')?.sender.track;
    this.restoreCameraAfterShare = !session.videoMuted && !!camera && camera.readyState === 'live';
    this.screenStream = stream;
    try {
      await this.sendTrack('video', track);
    } catch (err) {
      this.screenStream = undefined;
      track.stop();
      throw new SdkError(SdkErrorTypes.session, 'Failed to start screen share', this.ctx, err);
    }
    // the camera is released while the screen is on the wire
    if (camera && camera !== track) camera.stop();
    track.addEventListener('ended', () => { if (this.screenStream === stream) void this.stopScreenShare().catch(() => undefined); });
    await this.signal(session.sendScreenShare(true), 'screen-start');
  }

  /** Stops our screen share: the camera comes back when it was on before, else nothing is sent. */
  async stopScreenShare(): Promise<void> {
    const session = this.session;
    const stream = this.screenStream;
    if (!stream) {
      this.logger.warn('stopScreenShare: no screen share to stop', this.ctx);
      return;
    }
    this.screenStream = undefined;
    const restore = this.restoreCameraAfterShare;
    this.restoreCameraAfterShare = false;
    const transceiver = this.sendTransceiver('video');
    let restored = false;
    if (restore && !session.ended) {
      try {
        const media = await this.deps.media.startMedia({ video: true, session });
        const [camera] = media.getVideoTracks();
        if (camera && !session.ended) {
          await this.sendTrack('video', camera);
          restored = true;
        } else camera?.stop();
      } catch (err) {
        this.logger.warn('the camera could not be restored after the screen share', { ...this.ctx, error: String(err) });
      }
    }
    if (!restored) {
      if (transceiver?.sender.track && !session.ended) await transceiver.sender.replaceTrack(null).catch(() => undefined);
      for (const t of session._outboundStream?.getVideoTracks() ?? []) if (stream.getTracks().includes(t)) session._outboundStream?.removeTrack(t);
      if (!session.videoMuted) {
        session.videoMuted = true;
        if (!session.ended) await this.signal(session.sendMute('video', true, this.deps.userId), 'video mute');
      }
    }
    for (const t of stream.getTracks()) t.stop();
    if (!session.ended) await this.signal(session.sendScreenShare(false), 'screen-stop');
  }

  /** Releases what the session holds: channel, screen, elements it created. Local tracks are stopped by the handler. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.closeChannel?.();
    this.closeChannel = undefined;
    for (const t of this.screenStream?.getTracks() ?? []) t.stop();
    this.screenStream = undefined;
    for (const el of this.session._extraAudioElements ?? []) {
      el.srcObject = null;
      el.remove();
    }
    this.session._extraAudioElements = undefined;
    if (this.audioElement) {
      this.audioElement.srcObject = null;
      if (this.createdAudioElement) this.audioElement.remove();
    }
    if (this.videoElement) this.videoElement.srcObject = null;
    this.audioElement = undefined;
    this.videoElement = undefined;
    this.session._outputAudioElement = undefined;
  }
}

function play(el: HTMLMediaElement, track: MediaStreamTrack | undefined, volume: number): void {
  el.autoplay = true;
  el.volume = volume;
  if (!track) return;
  el.srcObject = new MediaStream([track]);
  void el.play?.()?.catch?.(() => undefined);
}
