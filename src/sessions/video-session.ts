/**
 * One video conference session (research/sdk-flows.md §5.3–§5.6, docs/video.md): incoming media
 * on the elements, the control data channel and what it maps, participants from conversation
 * events, pin. Our camera, mic and screen share are `VideoOutgoing` (video-outgoing.ts).
 * The methods the documented session exposes (`startScreenShare`, `stopScreenShare`,
 * `pinParticipantVideo`, `participantMedia`) are put on the session object.
 */
import type { PlatformClient } from '../api/platform-client';
import { SdkError, SdkErrorTypes } from '../errors';
import type { ILogger } from '../types/logger';
import type { ISdkMediaDefaults } from '../types/media';
import type {
  IIncomingStreamStatus, IMemberStatusMessage, IParticipantMedia, IParticipantRef, IParticipantUpdate,
} from '../types/video';
import { offersDataChannel, openControlChannel } from './data-channel';
import type { GenesysMediaSession } from './media-session';
import {
  buildParticipantMedia, currentSpeakers, diffParticipants, onScreenParticipants, parseMediaSlots, readVideoConversation,
  sameMedia, sameRefs, type MediaSlot, type OwnParticipant,
} from './video-participants';
import { VideoOutgoing, type Kind, type VideoOutgoingDeps } from './video-outgoing';

export interface VideoSessionDeps extends VideoOutgoingDeps {
  http: PlatformClient;
  defaults: () => ISdkMediaDefaults & { audioVolume?: number; audioElement?: HTMLAudioElement; videoElement?: HTMLVideoElement };
}

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
  /** camera, mic and screen share */
  readonly outgoing: VideoOutgoing;
  private participantsEmitted = false;
  private audioElement: HTMLAudioElement | undefined;
  private videoElement: HTMLVideoElement | undefined;
  private createdAudioElement = false;
  private disposed = false;
  private readonly logger: ILogger;

  constructor(readonly session: GenesysMediaSession, private readonly deps: VideoSessionDeps) {
    this.logger = deps.logger;
    this.outgoing = new VideoOutgoing(session, deps);
    this.slots = parseMediaSlots(session.pc.remoteDescription?.sdp);
    const api = {
      startScreenShare: (): Promise<void> => this.outgoing.startScreenShare(),
      stopScreenShare: (): Promise<void> => this.outgoing.stopScreenShare(),
      pinParticipantVideo: (participantId?: string | null): Promise<void> => this.pinParticipantVideo(participantId),
    };
    Object.assign(session, api);
    Object.defineProperty(session, 'participantMedia', { get: () => this.media.slice(), configurable: true, enumerable: true });
  }

  get sharingScreen(): boolean { return this.outgoing.sharingScreen; }

  private get ctx(): Record<string, unknown> {
    return { sessionId: this.session.id, conversationId: this.session.conversationId };
  }

  // ─── incoming media ──────────────────────────────────────────────────────────

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

  /** Releases what the session holds: channel, screen, elements it created. Local tracks are stopped by the handler. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.closeChannel?.();
    this.closeChannel = undefined;
    this.outgoing.dispose();
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
