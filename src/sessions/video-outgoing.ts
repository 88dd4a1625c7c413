/**
 * Our side of a video session (research/sdk-flows.md §5.3, §5.6, docs/video.md): the sending
 * sections, camera and mic arriving after the answer, the initial mute states, camera/mic mute and
 * the screen share inside the call. Every change is a `replaceTrack` on the first audio / video
 * section (never a renegotiation); every signal to the cloud is bounded.
 */
import { SdkError, SdkErrorTypes } from '../errors';
import { displayMediaConstraints } from '../media/constraints';
import { stopOwnedTrack } from '../media/owned-tracks';
import type { SdkMedia } from '../media/sdk-media';
import type { ILogger } from '../types/logger';
import type { SdkMediaRequestDeviceId } from '../types/media';
import { withTimeout } from '../utils/async';
import type { GenesysMediaSession } from './media-session';

export interface VideoOutgoingDeps {
  media: SdkMedia;
  logger: ILogger;
  userId: string;
  /** `sdk.updateOutgoingMedia` (the mic switch of `setAudioMute` with `unmuteDeviceId`) */
  updateOutgoingMedia: (opts: { session: GenesysMediaSession; audioDeviceId?: SdkMediaRequestDeviceId }) => Promise<void>;
}

/** bound on every signal we send the cloud (mute, screen-start…): a lost result must not hang a control */
const SIGNAL_TIMEOUT_MS = 5000;

export type Kind = 'audio' | 'video';

export class VideoOutgoing {
  private screenStream: MediaStream | undefined;
  private restoreCameraAfterShare = false;
  private disposed = false;
  private readonly logger: ILogger;

  constructor(private readonly session: GenesysMediaSession, private readonly deps: VideoOutgoingDeps) {
    this.logger = deps.logger;
  }

  get sharingScreen(): boolean { return !!this.screenStream; }

  private get ctx(): Record<string, unknown> {
    return { sessionId: this.session.id, conversationId: this.session.conversationId };
  }

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
      if (stream && this.gone) {
        for (const t of stream.getTracks()) this.release(t);
        return;
      }
      if (stream) {
        for (const kind of ['audio', 'video'] as Kind[]) {
          const track = kind === 'audio' ? stream.getAudioTracks()[0] : stream.getVideoTracks()[0];
          if (track && !this.sendTransceiver(kind)?.sender.track) await this.sendTrack(kind, track).catch((err: unknown) => this.logger.warn(`could not send the ${kind} track`, { ...this.ctx, error: String(err) }));
        }
        // the session ended while the tracks were being put on the senders: the handler's cleanup
        // has run already and would never see them (bench leak scenario: camera + mic live until destroy)
        if (this.gone) {
          for (const t of stream.getTracks()) this.release(t);
          return;
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

  signal(promise: Promise<void>, what: string): Promise<void> {
    return withTimeout(promise, SIGNAL_TIMEOUT_MS, () => new SdkError(SdkErrorTypes.session, `${what} was not acknowledged`))
      .catch((err: unknown) => this.logger.warn(`${what} not acknowledged`, { ...this.ctx, error: String(err) }));
  }

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
      if (transceiver) await this.setSending(transceiver.sender, false);
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

  /** the session ended or was disposed: its cleanup (`handleSessionEnded`) has run */
  private get gone(): boolean { return this.session.ended || this.disposed; }

  private release(track: MediaStreamTrack): void {
    stopOwnedTrack(track, this.deps.media);
  }

  /**
   * Puts `track` on the `kind` sender and into `_outboundStream` (replacing that kind). A session
   * that ends meanwhile (replaceTrack waits on the pc) has been cleaned up already: the track is stopped.
   */
  private async sendTrack(kind: Kind, track: MediaStreamTrack): Promise<void> {
    try {
      await this.putOnSender(kind, track);
    } catch (err) {
      if (this.gone) { this.release(track); return; }
      throw err;
    }
    if (this.gone) this.release(track);
  }

  private async putOnSender(kind: Kind, track: MediaStreamTrack): Promise<void> {
    const session = this.session;
    const transceiver = this.sendTransceiver(kind);
    if (!transceiver) throw new SdkError(SdkErrorTypes.not_supported, `The session has no ${kind} section to send on`, this.ctx);
    if (transceiver.direction !== 'sendrecv' && transceiver.direction !== 'sendonly') transceiver.direction = 'sendrecv';
    await transceiver.sender.replaceTrack(track);
    await this.setSending(transceiver.sender, true);
    const outbound = session._outboundStream ?? new MediaStream();
    for (const old of outbound.getTracks()) if (old.kind === kind && old !== track) outbound.removeTrack(old);
    outbound.addTrack(track);
    session._outboundStream = outbound;
  }

  /**
   * Turns a sender's encodings on or off. Firefox keeps sending video RTP on a sender whose track
   * was replaced by null (docs/browsers.md); an inactive encoding sends nothing in every browser.
   */
  private async setSending(sender: RTCRtpSender, active: boolean): Promise<void> {
    const params = sender.getParameters();
    if (!params.encodings?.length || params.encodings.every((e) => (e.active ?? true) === active)) return;
    for (const e of params.encodings) e.active = active;
    try {
      await sender.setParameters(params);
    } catch (err) {
      this.logger.warn(`could not ${active ? 'resume' : 'pause'} the video sender`, { ...this.ctx, error: String(err) });
    }
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

  /** Stops the screen share's tracks; the session's own tracks are stopped by the handler. */
  dispose(): void {
    this.disposed = true;
    for (const t of this.screenStream?.getTracks() ?? []) t.stop();
    this.screenStream = undefined;
  }
}
