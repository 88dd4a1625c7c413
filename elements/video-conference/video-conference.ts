import { html, nothing, svg, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { SdkError, SdkErrorTypes } from '../../src/errors';
import type { IExtendedMediaSession, SessionConnectionState } from '../../src/types/sessions';
import type { ISdkConnectionStateEvent } from '../../src/types/events';
import { GcElement } from '../internal/gc-element';
import { EngineConsumer } from '../internal/engine-consumer';
import type { GcSdk } from '../internal/engine';
import { describeError } from '../internal/errors';
import { FocusKeeper, firstFocusable, toolbarKeys } from '../internal/focus';
import { strings } from '../internal/strings';
import { componentStyles } from '../internal/styles';
import { StreamCache } from '../internal/media-streams';
import {
  Subscriptions, VIDEO, type GcVideoSession, type IMemberStatusMessage, type IParticipantMedia, type IParticipantMediaUpdate,
  type IParticipantsUpdate, type IParticipantUpdate, type IPinnedParticipant, type ISpeakersUpdate,
} from '../internal/media-api';
import { buildTiles, featuredTile, isMe, isRoomJid, roomName, speakingFromStatus, type TileModel } from './tiles';
import styles from './video-conference.styles';

/** `state` of `<gc-video-conference>`. */
export type GcVideoState = 'idle' | 'joining' | 'joined' | 'reconnecting' | 'left' | 'ended' | 'error';
export type GcVideoLayout = 'gallery' | 'speaker';

/** What a failed join offers besides "Try again". */
type ErrorKind = 'generic' | 'camera';

/** Small line icons (no emoji: they depend on the platform's fonts). */
const ICONS = {
  mic: svg`<path d="M8 1.5a2 2 0 0 0-2 2v4a2 2 0 0 0 4 0v-4a2 2 0 0 0-2-2zM4 7.5a4 4 0 0 0 8 0M8 11.5v3M2 2l12 12"/>`,
  camera: svg`<path d="M1.5 4.5h9v7h-9zM10.5 7l4-2.5v7l-4-2.5M1 2l14 12"/>`,
  pin: svg`<path d="M6 1.5h4l-.5 4 2.5 2.5H4l2.5-2.5zM8 8v6.5"/>`,
};
const icon = (name: keyof typeof ICONS) => html`<svg viewBox="0 0 16 16" width="1em" height="1em" fill="none" stroke="currentColor"
  stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true">${ICONS[name]}</svg>`;

/** Bound on waiting for the conference's session after the start request (never a hang). */
const SESSION_WAIT_MS = 20000;

/**
 * @summary A video conference room: Join button, a responsive grid of participant tiles (video, name,
 * muted-microphone and camera-off indicators, active speaker, a screen share shown large), gallery and
 * speaker layouts, pin by click or Enter, a mirrored self view, microphone / camera / screen share / leave
 * controls, device menus and a participant list.
 *
 * @event {CustomEvent<{state: GcVideoState, conversationId?: string}>} gc-video-state-change - `state` changed.
 * @event {CustomEvent<{action: string, conversationId?: string, error: unknown}>} gc-video-error - An action failed (also shown in the element).
 * @event {CustomEvent<SdkError>} gc-sdk-error - Invalid attributes (`invalid_options`), e.g. both `room-jid` and `meeting-id`.
 * @event {CustomEvent<IParticipantsUpdate>} gc-participants-update - The session's `participantsUpdate`.
 * @event {CustomEvent<ISpeakersUpdate>} gc-speakers-update - The session's `speakersUpdate`.
 * @event {CustomEvent<IMemberStatusMessage>} gc-member-status-update - The session's `memberStatusUpdate`.
 * @event {CustomEvent<IPinnedParticipant>} gc-pinned-participant - The session's `pinnedParticipant`.
 * @event {CustomEvent<IParticipantMediaUpdate>} gc-participant-media-update - The session's `participantMediaUpdate`.
 *
 * @csspart base - The outer container.
 * @csspart status - The room state line.
 * @csspart join-button - The Join button.
 * @csspart tiles - The grid of remote participants.
 * @csspart tile - Each remote participant (`data-speaking`, `data-screen`, `aria-pressed` when pinned).
 * @csspart tile-video - The `<video>` of each tile.
 * @csspart tile-name - The name on each tile.
 * @csspart indicator - Muted-microphone / camera-off / sharing indicators on tiles.
 * @csspart self-view - The mirrored, muted `<video>` of your own camera.
 * @csspart controls - The control bar.
 * @csspart mic-button - Microphone toggle (`aria-pressed="true"` while the microphone is on).
 * @csspart camera-button - Camera toggle (`aria-pressed="true"` while the camera is on).
 * @csspart share-button - Screen share toggle.
 * @csspart leave-button - Leave.
 * @csspart devices-button - Shows the device menus.
 * @csspart devices - The device menus (`<gc-device-select>`).
 * @csspart layout-button - Gallery / speaker layout buttons.
 * @csspart participants-button - Shows the participant list.
 * @csspart participant-list - The participant `<ul>`.
 * @csspart retry-button - Try again after an error, or rejoin.
 * @csspart cancel-button - Cancels a join in progress.
 * @csspart error - The error message.
 *
 * @cssprop --gc-tile-min-width - Minimum tile width in the gallery grid. Default 14rem.
 * @cssprop --gc-tile-background - Tile background (camera off). Default #1d2330.
 * @cssprop --gc-speaker-color - Border of the active speaker's tile. Default #35c46a.
 * @cssprop --gc-self-view-width - Width of the self view column. Default 12rem.
 * @cssprop --gc-color-accent - Accent color (pinned tile, primary buttons).
 * @cssprop --gc-color-danger - Leave button, muted indicators.
 * @cssprop --gc-color-surface - Background.
 * @cssprop --gc-color-border - Border color.
 * @cssprop --gc-radius - Corner radius.
 * @cssprop --gc-font-family - Font family.
 */
export class GcVideoConference extends GcElement {
  static override styles = [componentStyles, styles];

  /** An engine to use instead of the nearest `<gc-webrtc-sdk>`. */
  @property({ attribute: false }) sdk?: GcSdk;
  /** Id of the `<gc-webrtc-sdk>` whose engine to use. */
  @property() for?: string;
  /** The room to join (`name@conference.domain`): `startVideoConference(roomJid)`. */
  @property({ attribute: 'room-jid' }) roomJid?: string;
  /** A meeting to join instead of a room: `startVideoMeeting(meetingId)`. */
  @property({ attribute: 'meeting-id' }) meetingId?: string;
  /** Join as soon as the engine is ready. */
  @property({ type: Boolean, attribute: 'auto-join' }) autoJoin = false;
  /** `gallery` (equal tiles) or `speaker` (the featured participant large). */
  @property({ reflect: true }) layout: GcVideoLayout = 'gallery';
  /** `idle | joining | joined | reconnecting | left | ended | error` (reflected, read-only). */
  @property({ reflect: true }) state: GcVideoState = 'idle';

  @state() private configError = '';
  @state() private error = '';
  @state() private errorKind: ErrorKind = 'generic';
  @state() private active: IParticipantUpdate[] = [];
  @state() private media: IParticipantMedia[] = [];
  @state() private speakingUsers = new Set<string>();
  @state() private speakingStatus = new Set<string>();
  @state() private pinned: string | null = null;
  @state() private micOn = true;
  @state() private cameraOn = true;
  @state() private sharing = false;
  @state() private selfTrack: MediaStreamTrack | undefined;
  @state() private showDevices = false;
  @state() private showParticipants = false;
  @state() private busy = new Set<string>();
  @state() private announcement = '';
  @state() private hasParticipantMedia = true;

  private session: GcVideoSession | undefined;
  private conversationId: string | undefined;
  private localStream: MediaStream | undefined;
  private leaving = false;
  private joinAttempt = 0;
  private readonly sessionSubs = new Subscriptions();
  private readonly sdkSubs = new Subscriptions();
  private readonly streams = new StreamCache();
  private readonly startedSessions = new Map<string, GcVideoSession>();
  private readonly sessionWaiters = new Set<() => void>();
  /** The elements the engine attaches its own (primary) media to; the tiles use `participantMedia`. */
  private readonly engineAudio = document.createElement('audio');
  private readonly engineVideo = document.createElement('video');
  private selfTrackEnded: (() => void) | undefined;

  private readonly engine = new EngineConsumer(this, {
    attach: (sdk) => this.attach(sdk),
    detach: (sdk) => this.detach(sdk),
  });

  constructor() {
    super();
    // a render that removes the focused control (Join, Leave, Cancel…) moves focus to the next step's
    new FocusKeeper(this, () => this.focusTarget());
    this.engineAudio.autoplay = true;
    this.engineVideo.autoplay = true;
    this.engineVideo.muted = true;
    this.engineVideo.playsInline = true;
  }

  private focusTarget(): HTMLElement | undefined {
    const inRoom = this.state === 'joined' || this.state === 'reconnecting';
    const order = inRoom ? ['[part~="mic-button"]', '[part~="leave-button"]']
      : this.state === 'joining' ? ['[part~="cancel-button"]']
        : ['[part~="retry-button"]', '[part~="join-button"]', '[part~="error"] button'];
    return firstFocusable(this.renderRoot, ...order);
  }

  private attach(sdk: GcSdk): void {
    this.sdkSubs.on(sdk, 'sessionStarted', (s: IExtendedMediaSession) => this.onSessionStarted(s));
    this.sdkSubs.on(sdk, 'sessionEnded', (s: IExtendedMediaSession) => this.onSessionEnded(s));
    this.sdkSubs.on(sdk, 'connectionState', (e: ISdkConnectionStateEvent) => this.onEngineConnection(e));
    this.sdkSubs.on(sdk, 'ready', () => { this.requestUpdate(); this.maybeAutoJoin(); });
    this.maybeAutoJoin();
  }

  /**
   * The element leaves the page or gets another engine: leave the room on the old engine (else it
   * would keep a participant in the room, and any camera or screen track it made, alive).
   * A join still in progress is abandoned the same way (its conversation is ended once started).
   */
  private detach(sdk: GcSdk): void {
    const conversationId = this.conversationId;
    this.sdkSubs.clear();
    this.cleanupSession();
    if (conversationId) void sdk.endSession?.({ conversationId }).catch(() => undefined);
    if (this.state !== 'idle') this.setState('idle');
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('roomJid') || changed.has('meetingId') || changed.has('layout')) this.validate();
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('autoJoin') || changed.has('roomJid') || changed.has('meetingId')) this.maybeAutoJoin();
  }

  /** Checks the attributes; a bad one is shown in the element and dispatched as `gc-sdk-error`. */
  private validate(): void {
    const s = strings().video;
    let message = '';
    const room = this.roomJid?.trim();
    const meeting = this.meetingId?.trim();
    if (room && meeting) message = s.bothRoomAndMeeting;
    else if (room && !isRoomJid(room)) message = s.badRoomJid(room);
    else if (this.layout !== 'gallery' && this.layout !== 'speaker') message = s.unknownLayout(String(this.layout));
    if (message && message !== this.configError) {
      this.emit('gc-sdk-error', new SdkError(SdkErrorTypes.invalid_options, `<gc-video-conference>: ${message}`));
    }
    this.configError = message;
  }

  private get roomLabel(): string {
    const s = strings().video;
    const room = this.roomJid?.trim();
    const meeting = this.meetingId?.trim();
    if (room) return s.room(roomName(room));
    if (meeting) return s.meeting(meeting);
    return '';
  }

  /** Join is possible once the engine is initialized and the attributes name one room or meeting. */
  private canJoin(): boolean {
    return Boolean(this.engine.sdk?.isInitialized && !this.configError && (this.roomJid?.trim() || this.meetingId?.trim()));
  }

  private maybeAutoJoin(): void {
    const sdk = this.engine.sdk;
    if (!this.autoJoin || this.state !== 'idle' || !sdk?.isInitialized || !this.canJoin()) return;
    void this.join();
  }

  private setState(next: GcVideoState): void {
    if (this.state === next) return;
    this.state = next;
    const label = strings().video.states[next];
    if (label) this.announcement = label;
    this.emit('gc-video-state-change', { state: next, conversationId: this.conversationId });
  }

  private fail(action: string, error: unknown, message: string, kind: ErrorKind = 'generic'): void {
    this.error = message;
    this.errorKind = kind;
    this.emit('gc-video-error', { action, conversationId: this.conversationId, error });
  }

  // ---- join / leave ----

  /**
   * Joins the room (or meeting): gets the microphone and camera, starts the conference, waits for its
   * session and accepts it. `{ camera: false }` joins with the microphone only.
   */
  async join(opts: { camera?: boolean } = {}): Promise<void> {
    const s = strings().video;
    if (this.state === 'joining' || this.state === 'joined' || this.state === 'reconnecting') return;
    this.error = '';
    const sdk = this.engine.sdk;
    if (this.configError) { this.fail('join', new SdkError(SdkErrorTypes.invalid_options, this.configError), this.configError); return; }
    if (!sdk) { this.fail('join', new Error('no engine'), strings().connection.noEngine); this.setState('error'); return; }
    const room = this.roomJid?.trim();
    const meeting = this.meetingId?.trim();
    if (!room && !meeting) { this.fail('join', new SdkError(SdkErrorTypes.invalid_options, s.noRoom), s.noRoom); return; }
    const start = room ? sdk.startVideoConference?.bind(sdk, room) : sdk.startVideoMeeting?.bind(sdk, meeting ?? '');
    if (!start || typeof sdk.acceptSession !== 'function') {
      this.fail('join', new SdkError(SdkErrorTypes.not_supported, s.notSupported), s.notSupported);
      this.setState('error');
      return;
    }
    const attempt = ++this.joinAttempt;
    this.leaving = false;
    this.setState('joining');
    const camera = opts.camera ?? true;
    let stream: MediaStream;
    try {
      stream = await this.acquireMedia(sdk, camera);
    } catch (failure) {
      if (attempt !== this.joinAttempt) return;
      const { error, kind, message } = failure as { error: unknown; kind: ErrorKind; message: string };
      this.fail('join', error, message, kind);
      this.setState('error');
      return;
    }
    if (attempt !== this.joinAttempt) { stream.getTracks().forEach((t) => t.stop()); return; }
    this.localStream = stream;
    this.cameraOn = stream.getVideoTracks().length > 0;
    this.micOn = true;
    this.sharing = false;
    let started: string | undefined;
    // a conversation this attempt started but no longer wants (Leave or Cancel meanwhile) is left at once
    const abandon = (): void => { if (started) void sdk.endSession?.({ conversationId: started }).catch(() => undefined); };
    try {
      const { conversationId } = await start();
      started = conversationId;
      if (attempt !== this.joinAttempt) { stream.getTracks().forEach((t) => t.stop()); abandon(); return; }
      this.conversationId = conversationId;
      const session = await this.waitForSession(conversationId, attempt);
      this.useSession(session);
      await sdk.acceptSession({
        conversationId, mediaStream: stream, audioElement: this.engineAudio, videoElement: this.engineVideo,
      } as Parameters<NonNullable<GcSdk['acceptSession']>>[0]);
      if (attempt !== this.joinAttempt || this.session !== session) { abandon(); return; }
      this.refreshSelf();
      this.setState(session.connectionState === 'interrupted' ? 'reconnecting' : 'joined');
    } catch (error) {
      if (attempt !== this.joinAttempt) { abandon(); return; }
      const httpStatus = (error as SdkError<{ status?: number }>)?.details?.status;
      const message = httpStatus === 404 ? (room ? s.roomNotFound : s.meetingNotFound) : describeError(error);
      this.cleanupSession();
      abandon();
      this.fail('join', error, message);
      this.setState('error');
    }
  }

  /** Microphone then camera, separately, so a refusal names the device that was refused. */
  private async acquireMedia(sdk: GcSdk, camera: boolean): Promise<MediaStream> {
    const s = strings().video;
    const media = sdk.media;
    const get = (c: MediaStreamConstraints): Promise<MediaStream> => (media
      ? media.startMedia({ audio: c.audio ? true : false, video: c.video ? true : false })
      : navigator.mediaDevices.getUserMedia(c));
    let audio: MediaStream;
    try {
      audio = await get({ audio: true, video: false });
    } catch (error) {
      throw { error, kind: 'generic', message: isDenied(error) ? s.micDenied : describeError(error) };
    }
    if (!camera) return audio;
    try {
      const video = await get({ audio: false, video: true });
      return new MediaStream([...audio.getTracks(), ...video.getVideoTracks()]);
    } catch (error) {
      audio.getTracks().forEach((t) => t.stop());
      const name = errorName(error);
      const message = isDenied(error) ? s.cameraDenied : name === 'NotFoundError' ? s.noCamera : describeError(error);
      throw { error, kind: 'camera', message };
    }
  }

  /** The `sessionStarted` of our conversation (it may come before `startVideoConference` resolves). */
  private waitForSession(conversationId: string, attempt: number): Promise<GcVideoSession> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => { done(); reject(new SdkError(SdkErrorTypes.session, strings().video.joinTimeout)); }, SESSION_WAIT_MS);
      const check = (): void => {
        if (attempt !== this.joinAttempt) { done(); reject(new Error('superseded')); return; }
        const found = this.startedSessions.get(conversationId);
        if (found) { done(); resolve(found); }
      };
      const done = (): void => { clearTimeout(timer); this.sessionWaiters.delete(check); };
      this.sessionWaiters.add(check);
      check();
    });
  }

  private onSessionStarted(session: IExtendedMediaSession): void {
    if (session.sessionType !== VIDEO) return;
    this.startedSessions.set(session.conversationId, session as GcVideoSession);
    for (const check of [...this.sessionWaiters]) check();
  }

  private onSessionEnded(session: IExtendedMediaSession): void {
    this.startedSessions.delete(session.conversationId);
    if (!this.session || session.id !== this.session.id) return;
    const leaving = this.leaving;
    this.cleanupSession();
    this.setState(leaving ? 'left' : 'ended');
  }

  private onEngineConnection({ state }: ISdkConnectionStateEvent): void {
    this.requestUpdate();
    if (!this.session) return;
    if (state === 'reconnecting' && this.state === 'joined') this.setState('reconnecting');
    if (state === 'connected' && this.state === 'reconnecting' && this.session.connectionState !== 'interrupted') this.setState('joined');
  }

  /** Listens to the conference session's events. */
  private useSession(session: GcVideoSession): void {
    this.session = session;
    const subs = this.sessionSubs;
    subs.clear();
    // the engine plays every participant's audio (slot 0 on engineAudio, the others on its own
    // hidden elements, following updateOutputDevice / updateAudioVolume); the tiles show video only
    this.hasParticipantMedia = Array.isArray(session.participantMedia);
    if (this.hasParticipantMedia) this.media = [...(session.participantMedia ?? [])];
    subs.on(session, 'participantsUpdate', (u: IParticipantsUpdate) => { this.onParticipants(u); this.emit('gc-participants-update', u); });
    subs.on(session, 'speakersUpdate', (u: ISpeakersUpdate) => {
      this.speakingUsers = new Set((u?.speakers ?? []).map((sp) => sp.userId).filter(Boolean));
      this.emit('gc-speakers-update', u);
    });
    subs.on(session, 'memberStatusUpdate', (m: IMemberStatusMessage) => {
      const speaking = speakingFromStatus(m);
      if (speaking) this.speakingStatus = speaking;
      this.emit('gc-member-status-update', m);
    });
    subs.on(session, 'pinnedParticipant', (p: IPinnedParticipant) => { this.pinned = p?.participantId ?? null; this.emit('gc-pinned-participant', p); });
    subs.on(session, 'participantMediaUpdate', (u: IParticipantMediaUpdate) => {
      this.hasParticipantMedia = true;
      this.media = [...(u?.participants ?? [])];
      this.emit('gc-participant-media-update', u);
    });
    subs.on(session, 'incomingMedia', () => { this.requestUpdate(); });
    subs.on(session, 'connectionState', (st: SessionConnectionState) => {
      if (st === 'interrupted' && this.state === 'joined') this.setState('reconnecting');
      if (st === 'connected' && this.state === 'reconnecting') this.setState('joined');
    });
  }

  private onParticipants(u: IParticipantsUpdate): void {
    const me = this.me();
    const before = new Set(this.active.map((p) => p.participantId));
    const next = u?.activeParticipants ?? [];
    const joined = next.filter((p) => !before.has(p.participantId) && !isMe(p, me));
    const gone = this.active.filter((p) => !next.some((n) => n.participantId === p.participantId) && !isMe(p, me));
    this.active = [...next];
    const self = next.find((p) => isMe(p, me));
    if (self && !this.isBusy('mic')) this.micOn = !self.audioMuted;
    const s = strings().video;
    const names = (list: IParticipantUpdate[]): string => list.map((p) => p.name || s.someone).join(', ');
    if (before.size && joined.length) this.announcement = s.joinedRoom(names(joined));
    if (gone.length) this.announcement = s.leftRoom(names(gone));
  }

  private me(): { participantId?: string; userId?: string } {
    const sdk = this.engine.sdk as (GcSdk & { _personDetails?: { id?: string } }) | undefined;
    return { participantId: this.session?.pcParticipant?.id, userId: this.session?.pcParticipant?.userId ?? sdk?._personDetails?.id };
  }

  private cleanupSession(): void {
    this.sessionSubs.clear();
    this.joinAttempt++;
    for (const check of [...this.sessionWaiters]) check();
    this.session = undefined;
    this.conversationId = undefined;
    this.localStream?.getTracks().forEach((t) => t.stop());
    this.localStream = undefined;
    this.setSelfTrack(undefined);
    this.active = [];
    this.media = [];
    this.speakingUsers = new Set();
    this.speakingStatus = new Set();
    this.pinned = null;
    this.sharing = false;
    this.showDevices = false;
    this.engineAudio.srcObject = null;
    this.engineVideo.srcObject = null;
  }

  /** Leaves the room (ends our session). */
  async leave(): Promise<void> {
    const sdk = this.engine.sdk;
    const conversationId = this.conversationId;
    if (!conversationId || !sdk) {
      // nothing joined yet (e.g. still getting media): abandon the attempt
      this.cleanupSession();
      this.setState('left');
      return;
    }
    this.leaving = true;
    await this.run('leave', async () => {
      await sdk.endSession?.({ conversationId });
    });
    // sessionEnded normally finishes the job; make sure we do not stay half-joined if it never comes
    if (this.conversationId === conversationId) {
      this.cleanupSession();
      this.setState('left');
    }
  }

  // ---- controls ----

  private async run(action: string, fn: () => Promise<unknown>): Promise<boolean> {
    this.busy = new Set(this.busy).add(action);
    try {
      await fn();
      return true;
    } catch (error) {
      this.fail(action, error, describeError(error));
      return false;
    } finally {
      const next = new Set(this.busy);
      next.delete(action);
      this.busy = next;
    }
  }

  private isBusy(action: string): boolean {
    return this.busy.has(action);
  }

  private async toggleMic(): Promise<void> {
    const sdk = this.engine.sdk;
    const conversationId = this.conversationId;
    if (!sdk?.setAudioMute || !conversationId) return;
    const mute = this.micOn;
    if (await this.run('mic', () => sdk.setAudioMute!({ conversationId, mute }))) this.micOn = !mute;
  }

  private async toggleCamera(): Promise<void> {
    const sdk = this.engine.sdk;
    const conversationId = this.conversationId;
    if (!sdk?.setVideoMute || !conversationId) return;
    const mute = this.cameraOn;
    if (await this.run('camera', () => sdk.setVideoMute!({ conversationId, mute }))) this.cameraOn = !mute;
    this.refreshSelf();
  }

  private async toggleShare(): Promise<void> {
    const session = this.session;
    if (!session?.startScreenShare || !session.stopScreenShare) return;
    const stop = this.sharing;
    const ok = await this.run('share', () => (stop ? session.stopScreenShare!() : session.startScreenShare!()));
    if (ok) this.sharing = !stop;
    this.refreshSelf();
  }

  /** Click or Enter on a tile: pin it; again: unpin. */
  private async togglePin(tile: TileModel): Promise<void> {
    const session = this.session;
    if (!session?.pinParticipantVideo) return;
    const unpin = this.pinned === tile.participantId;
    const ok = await this.run('pin', () => (unpin ? session.pinParticipantVideo!() : session.pinParticipantVideo!(tile.participantId)));
    if (ok) this.pinned = unpin ? null : tile.participantId;
  }

  private onTileKey(e: KeyboardEvent, tile: TileModel): void {
    if (e.key !== 'Enter' && e.key !== ' ') return;
    e.preventDefault();
    void this.togglePin(tile);
  }

  /** The self view shows what we send: the camera (or screen) track on the session's video sender. */
  private refreshSelf(): void {
    const sender = this.session?.pc?.getSenders?.().find((s) => s.track?.kind === 'video');
    const track = sender?.track ?? this.localStream?.getVideoTracks().find((t) => t.readyState === 'live');
    this.setSelfTrack(track && track.readyState === 'live' ? track : undefined);
  }

  private setSelfTrack(track: MediaStreamTrack | undefined): void {
    if (this.selfTrack === track) return;
    if (this.selfTrack && this.selfTrackEnded) this.selfTrack.removeEventListener('ended', this.selfTrackEnded);
    this.selfTrack = track;
    if (track) {
      // the browser's own "Stop sharing" ends the screen track; the engine restores the camera
      this.selfTrackEnded = () => {
        if (this.sharing) this.sharing = false;
        setTimeout(() => this.refreshSelf(), 300);
      };
      track.addEventListener('ended', this.selfTrackEnded);
    }
  }

  // ---- rendering ----

  private tiles(): TileModel[] {
    return buildTiles({
      active: this.active,
      media: this.media,
      speaking: new Set([...this.speakingUsers, ...this.speakingStatus]),
      pinned: this.pinned,
      me: this.me(),
      unnamed: strings().video.unnamed,
    });
  }

  override render() {
    const s = strings().video;
    const sdk = this.engine.sdk;
    const inRoom = this.state === 'joined' || this.state === 'reconnecting';
    const waiting = sdk && !sdk.isInitialized;
    return html`<section class="base" part="base" aria-label=${s.label}>
      <header>
        <h2>${s.label}${this.roomLabel ? html` · <span class="room" id="room-label">${this.roomLabel}</span>` : nothing}</h2>
        <span class="status" part="status" role="status">${s.states[this.state]}</span>
      </header>
      ${!sdk ? html`<p class="empty">${strings().connection.noEngine}</p>` : nothing}
      ${waiting && this.state === 'idle' ? html`<p class="empty">${strings().connection.connecting}</p>` : nothing}
      ${this.configError ? html`<div class="error" part="error" role="alert">${this.configError}</div>` : nothing}
      ${inRoom ? this.renderRoom() : this.renderLobby()}
      ${this.error ? this.renderError() : nothing}
      <div class="visually-hidden" aria-live="polite" aria-atomic="true">${this.announcement}</div>
    </section>`;
  }

  private renderLobby() {
    const s = strings().video;
    const room = this.roomJid?.trim();
    if (this.state === 'left' || this.state === 'ended') {
      return html`<div class="lobby"><p>${s.states[this.state]}</p>
        <button class="primary" part="retry-button join-button" ?disabled=${!this.canJoin()} @click=${() => void this.join()}>${s.rejoin}</button></div>`;
    }
    if (this.state === 'error') return nothing; // the error box has the retry
    const joining = this.state === 'joining';
    return html`<div class="lobby">
      ${!room && !this.meetingId?.trim() && !this.configError ? html`<p class="empty">${s.noRoom}</p>` : nothing}
      <button class="primary" part="join-button" aria-describedby=${this.roomLabel ? 'room-label' : nothing} ?disabled=${!this.canJoin() || joining}
        @click=${() => void this.join()}>${joining ? s.states.joining : s.join}</button>
      ${joining ? html`<button part="cancel-button" @click=${() => void this.leave()}>${s.cancel}</button>` : nothing}
    </div>`;
  }

  private renderError() {
    const s = strings().video;
    const failed = this.state === 'error';
    return html`<div class="error" part="error" role="alert"><span>${this.error}</span>
      <span class="actions">
        ${failed ? html`<button part="retry-button" ?disabled=${!this.canJoin()} @click=${() => void this.join()}>${s.retry}</button>` : nothing}
        ${failed && this.errorKind === 'camera' ? html`<button part="retry-button" ?disabled=${!this.canJoin()}
          @click=${() => void this.join({ camera: false })}>${s.joinWithoutCamera}</button>` : nothing}
        <button aria-label=${strings().errors.dismiss} @click=${() => { this.error = ''; if (failed) this.setState('idle'); }}>×</button>
      </span></div>`;
  }

  private renderRoom() {
    const s = strings().video;
    const tiles = this.tiles();
    const featured = this.layout === 'speaker' ? featuredTile(tiles) : undefined;
    const ordered = featured ? [featured, ...tiles.filter((t) => t !== featured)] : tiles;
    const everyone = this.active.length || tiles.length + 1;
    return html`
      <div class="stage">
        <div>
          ${this.hasParticipantMedia ? nothing : html`<div class="fallback">${this.engineVideo}</div>`}
          ${tiles.length === 0 ? html`<p class="empty">${s.noOneElse}</p>` : html`
            <div class="tiles" part="tiles" role="group" aria-label=${s.tiles} data-layout=${this.layout}>
              ${repeat(ordered, (t) => t.key, (t) => this.renderTile(t, t === featured))}
            </div>`}
        </div>
        <figure class="self" aria-label=${s.selfView}>
          <div class="frame">
            <video part="self-view" aria-label=${s.selfView} muted playsinline autoplay ?data-mirrored=${!this.sharing}
              .muted=${true} .srcObject=${this.streams.of(this.selfTrack)} ?hidden=${!this.selfTrack}></video>
            ${this.selfTrack ? nothing : html`<div class="placeholder" style="font-size:1em">${s.cameraOffSelf}</div>`}
          </div>
          <figcaption class="caption">${s.you}${this.micOn ? '' : ` · ${s.micMuted}`}</figcaption>
        </figure>
      </div>
      ${this.engineAudio}
      ${this.renderControls()}
      ${this.showDevices ? html`<div class="panel" id="devices" part="devices">
        <gc-device-select kinds="audioinput videoinput audiooutput" .sdk=${this.engine.sdk}
          @gc-device-change=${() => this.refreshSelf()}></gc-device-select></div>` : nothing}
      ${this.showParticipants ? html`<div class="panel" id="participants">
        <h3 id="plist-h">${s.participants} (${everyone})</h3>
        <ul part="participant-list" aria-labelledby="plist-h">${this.renderParticipantList(tiles)}</ul></div>` : nothing}`;
  }

  private renderTile(t: TileModel, isFeatured: boolean) {
    const s = strings().video;
    const name = t.screen ? s.screenOf(t.name) : t.name;
    const states = [
      t.audioMuted ? s.micMuted : '', t.videoMuted ? s.cameraOff : '', t.sharingScreen && !t.screen ? s.sharing : '',
      t.speaking ? s.speaking : '', t.pinned ? s.pinned : '',
    ].filter(Boolean).join(', ');
    const initials = t.name.split(/\s+/).map((w) => w[0] ?? '').join('').slice(0, 2).toUpperCase();
    return html`<div class="tile" part="tile" role="button" tabindex="0" aria-pressed=${t.pinned ? 'true' : 'false'}
      aria-label=${s.tileLabel(name, states)} title=${s.pinHint} data-participant-id=${t.participantId}
      ?data-speaking=${t.speaking} ?data-screen=${t.screen} ?data-featured=${isFeatured} ?data-pinned=${t.pinned}
      @click=${() => void this.togglePin(t)} @keydown=${(e: KeyboardEvent) => this.onTileKey(e, t)}>
      <video part="tile-video" aria-hidden="true" muted playsinline autoplay .muted=${true}
        .srcObject=${t.videoMuted ? null : this.streams.of(t.videoTrack)} ?hidden=${t.videoMuted || !t.videoTrack}></video>
      ${t.videoMuted || !t.videoTrack ? html`<div class="placeholder" aria-hidden="true" data-initials=${initials}></div>` : nothing}
      <div class="label" aria-hidden="true">
        <span part="tile-name">${name}</span>
        ${t.audioMuted ? html`<span class="indicator" part="indicator" data-kind="mic" title=${s.micMuted}>${icon('mic')}</span>` : nothing}
        ${t.videoMuted ? html`<span class="indicator" part="indicator" data-kind="camera" title=${s.cameraOff}>${icon('camera')}</span>` : nothing}
        ${t.pinned ? html`<span class="indicator" part="indicator" data-kind="pin" title=${s.pinned}>${icon('pin')}</span>` : nothing}
      </div>
    </div>`;
  }

  private renderParticipantList(tiles: TileModel[]) {
    const s = strings().video;
    const me = this.me();
    const self = this.active.find((p) => isMe(p, me));
    const rows: Array<{ key: string; who: string; mic: boolean; cam: boolean; sharing: boolean; speaking: boolean }> = [
      { key: 'me', who: s.you, mic: this.micOn && !(self?.audioMuted ?? false), cam: this.cameraOn || this.sharing, sharing: this.sharing, speaking: false },
      ...tiles.filter((t) => !t.screen || !tiles.some((o) => o !== t && o.participantId === t.participantId)).map((t) => ({
        key: t.key, who: t.name, mic: !t.audioMuted, cam: !t.videoMuted, sharing: t.sharingScreen, speaking: t.speaking,
      })),
    ];
    return rows.map((r) => html`<li data-key=${r.key}><span class="who">${r.who}</span>
      <span class="meta">${[r.mic ? s.micOn : s.micMuted, r.cam ? s.cameraOn : s.cameraOff, r.sharing ? s.sharing : '', r.speaking ? s.speaking : '']
        .filter(Boolean).join(', ')}</span></li>`);
  }

  private renderControls() {
    const s = strings().video;
    const session = this.session;
    const canShare = Boolean(session?.startScreenShare);
    const tiles = this.active.length;
    return html`<div class="controls" part="controls" role="toolbar" aria-label=${s.controls} @keydown=${toolbarKeys}>
      <button part="mic-button" aria-pressed=${this.micOn ? 'true' : 'false'} ?disabled=${this.isBusy('mic')}
        @click=${() => void this.toggleMic()}>${s.microphone}</button>
      <button part="camera-button" aria-pressed=${this.cameraOn ? 'true' : 'false'} ?disabled=${this.isBusy('camera') || this.sharing}
        @click=${() => void this.toggleCamera()}>${s.camera}</button>
      <button part="share-button" aria-pressed=${this.sharing ? 'true' : 'false'} ?disabled=${!canShare || this.isBusy('share')}
        @click=${() => void this.toggleShare()}>${s.shareScreen}</button>
      <button part="devices-button" aria-expanded=${this.showDevices ? 'true' : 'false'} aria-controls="devices"
        @click=${() => { this.showDevices = !this.showDevices; }}>${s.devices}</button>
      <button part="participants-button" aria-expanded=${this.showParticipants ? 'true' : 'false'} aria-controls="participants"
        @click=${() => { this.showParticipants = !this.showParticipants; }}>${s.participants}${tiles ? ` (${tiles})` : ''}</button>
      <span class="layout" role="group" aria-label=${s.layout}>
        <button part="layout-button" aria-pressed=${this.layout === 'gallery' ? 'true' : 'false'} @click=${() => { this.layout = 'gallery'; }}>${s.gallery}</button>
        <button part="layout-button" aria-pressed=${this.layout === 'speaker' ? 'true' : 'false'} @click=${() => { this.layout = 'speaker'; }}>${s.speaker}</button>
      </span>
      <span class="spacer"></span>
      <button part="leave-button" class="danger" ?disabled=${this.isBusy('leave')} @click=${() => void this.leave()}>${s.leave}</button>
    </div>`;
  }
}

function errorName(error: unknown): string {
  if (error instanceof Error) return error.name;
  const cause = (error as { cause?: { name?: string } } | undefined)?.cause;
  return cause?.name ?? '';
}

function isDenied(error: unknown): boolean {
  const name = errorName(error);
  const causeName = (error as { cause?: { name?: string } } | undefined)?.cause?.name ?? '';
  return ['NotAllowedError', 'PermissionDeniedError', 'SecurityError'].some((n) => n === name || n === causeName);
}

declare global {
  interface HTMLElementTagNameMap {
    'gc-video-conference': GcVideoConference;
  }
}
