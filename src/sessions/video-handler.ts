/**
 * Video conference sessions (`collaborateVideo`, research/sdk-flows.md §5, docs/video.md):
 * joining rooms and meetings over REST, the auto-proceed of what we asked for, `pendingSession`
 * for 1:1 invites, accept with camera + mic, conversation events routed to each session, and the
 * SDK-level controls (`setVideoMute`, video `setAudioMute`, `endSession`). The per-session state
 * and the session's own controls live in `VideoSession` (video-session.ts).
 */
import type { PlatformClient } from '../api/platform-client';
import type { ResolvedConfig } from '../config';
import { SdkError, SdkErrorTypes } from '../errors';
import { stopOwnedTracks } from '../media/owned-tracks';
import type { SdkMedia } from '../media/sdk-media';
import type { Notifications } from '../streaming/notifications';
import type { SdkEvents } from '../types/events';
import type { ILogger } from '../types/logger';
import type { SdkMediaRequestDeviceId } from '../types/media';
import {
  SessionTypes, type IAcceptSessionRequest, type IEndSessionRequest, type IPendingSession, type IPendingSessionActionParams, type ISessionMuteRequest,
} from '../types/sessions';
import type { GenesysMediaSession } from './media-session';
import type { RoutedHandler } from './handler-registry';
import type { SessionManager } from './session-manager';
import { bareJid } from './session-types';
import { VideoSession } from './video-session';

export interface VideoDeps {
  manager: SessionManager;
  http: PlatformClient;
  notifications: Notifications;
  config: Readonly<ResolvedConfig>;
  logger: ILogger;
  media: SdkMedia;
  userId: string;
  jid: () => string;
  isConnected: () => boolean;
  emit: <K extends keyof SdkEvents>(event: K, ...args: Parameters<SdkEvents[K]>) => void;
  fail: (error: unknown, type: SdkErrorTypes, message?: string) => SdkError;
  updateOutgoingMedia: (opts: { session: GenesysMediaSession; audioDeviceId?: SdkMediaRequestDeviceId }) => Promise<void>;
}

/** The topic of the user's conversation events. */
export const conversationsTopic = (userId: string): string => `v2.users.${userId}.conversations`;

type Pending = IPendingSession & { sdpOverXmpp?: boolean; meetingId?: string };

/** `<local>@conference.<domain>`, no resource (the docs ask for lowercase; we accept any case) */
const ROOM_JID = /^[^\s@/]+@conference\.[^\s@/]+$/i;
const BARE_JID = /^[^\s@/]+@[^\s@/]+$/;
/** how long a requested room/meeting waits for its propose before the request is forgotten */
const REQUEST_TTL_MS = 60_000;
/** how long `endSession` waits for the session of a conversation we started but that has no session yet */
const END_DURING_SETUP_MS = 10_000;
/** upstream's fallback: no conversation event by then → GET the conversation */
const CONVERSATION_FALLBACK_MS = 500;
/** camera + mic opened at the proceed and not claimed by an accept by then are released */
const PREFETCH_TTL_MS = 15_000;
/** conversation bodies kept for sessions that are not there yet */
const MAX_EARLY_CONVERSATIONS = 20;

export class VideoHandler implements RoutedHandler {
  readonly sessionType = SessionTypes.collaborateVideo;
  private readonly videos = new Map<string, VideoSession>();
  private readonly requestedRooms = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly requestedMeetings = new Map<string, ReturnType<typeof setTimeout>>();
  /** conversations returned by our start calls whose session may still be on its way */
  private readonly startedConversations = new Map<string, ReturnType<typeof setTimeout>>();
  /** `endSession` called during set-up: ends the session as soon as it starts */
  private readonly endOnStart = new Map<string, (session: GenesysMediaSession | undefined) => void>();
  private readonly endingDuringSetup = new Map<string, Promise<void>>();
  /** the latest event per video conversation, replayed to a session that starts after it */
  private readonly conversations = new Map<string, unknown>();
  private readonly accepting = new WeakSet<GenesysMediaSession>();
  /** the conversation GET fallback of each starting session, by sessionId (cleared when it ends) */
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private destroyed = false;
  /** camera + mic requested at the proceed of a room we asked for, by sessionId */
  private readonly prefetched = new Map<string, { promise: Promise<MediaStream | undefined>; timer: ReturnType<typeof setTimeout> }>();

  constructor(private readonly deps: VideoDeps) {}

  private get logger(): ILogger { return this.deps.logger; }

  /** Subscribes to the user's conversation events (the softphone handler may share the topic). */
  async start(): Promise<void> {
    await this.deps.notifications.subscribe(conversationsTopic(this.deps.userId), (event) => this.handleConversationEvent(event.eventBody), true);
  }

  /** A `v2.users.{id}.conversations` event body (from `start()`'s subscription or the lazy stand-in's). */
  handleConversationEvent(body: unknown): void {
    const b = body as { id?: unknown; participants?: Array<{ videos?: unknown }> } | null;
    if (!b || typeof b.id !== 'string' || !Array.isArray(b.participants)) return;
    if (!b.participants.some((p) => Array.isArray(p?.videos))) return;
    this.conversations.delete(b.id);
    // kept only while a session may still start for it: a call's event (every participant's
    // `videos` empty) or one after we left (our video disconnected) would only fill the map
    // (bench leak scenario: one full event body per softphone call or left room, up to the cap)
    if (mayStillStart(body, this.deps.userId)) this.conversations.set(b.id, body);
    while (this.conversations.size > MAX_EARLY_CONVERSATIONS) {
      const oldest = this.conversations.keys().next().value as string;
      if ([...this.videos.values()].some((v) => v.session.conversationId === oldest)) break;
      this.conversations.delete(oldest);
    }
    for (const video of this.videos.values()) {
      if (video.session.conversationId === b.id) video.onConversation(body);
    }
  }

  // ─── joining ────────────────────────────────────────────────────────────────

  private assertConnected(): void {
    if (!this.deps.isConnected()) throw new SdkError(SdkErrorTypes.session, 'A session cannot be started as streaming client is not yet connected');
  }

  private remember(map: Map<string, ReturnType<typeof setTimeout>>, key: string): void {
    clearTimeout(map.get(key));
    map.set(key, setTimeout(() => map.delete(key), REQUEST_TTL_MS));
  }

  private forget(map: Map<string, ReturnType<typeof setTimeout>>, key: string): void {
    clearTimeout(map.get(key));
    map.delete(key);
  }

  /** `POST conversations/videos {roomId, participant:{address}}`; the room's propose is then proceeded without `pendingSession`. */
  async startVideoConference(roomJid: string, inviteeJid?: string): Promise<{ conversationId: string }> {
    if (typeof roomJid !== 'string' || !ROOM_JID.test(roomJid)) {
      throw new SdkError(SdkErrorTypes.invalid_options, 'roomJid must look like <name>@conference.<domain>', { field: 'roomJid', roomJid });
    }
    if (inviteeJid !== undefined && inviteeJid !== null && (typeof inviteeJid !== 'string' || !BARE_JID.test(inviteeJid))) {
      throw new SdkError(SdkErrorTypes.invalid_options, 'inviteeJid must be a bare JID (<user>@<domain>)', { field: 'inviteeJid', inviteeJid });
    }
    this.assertConnected();
    const room = roomJid.toLowerCase();
    // inviting from inside the room brings no propose for us; otherwise the propose can arrive
    // before the POST's response, so the room is remembered first
    const inside = !!inviteeJid && [...this.videos.values()].some((v) => !v.session.ended && bareJid(v.session.originalRoomJid).toLowerCase() === room);
    if (!inside) this.remember(this.requestedRooms, room);
    try {
      const res = await this.deps.http.request<{ conversationId?: string; id?: string }>('conversations/videos', {
        method: 'POST', body: { roomId: roomJid, participant: { address: inviteeJid || bareJid(this.deps.jid()) } },
      });
      const conversationId = res?.conversationId ?? res?.id;
      if (!conversationId) throw new SdkError(SdkErrorTypes.session, 'The conversation was not created (no conversationId)', { roomJid });
      this.remember(this.startedConversations, conversationId);
      return { conversationId };
    } catch (err) {
      this.forget(this.requestedRooms, room);
      throw err;
    }
  }

  /** `POST conversations/videos/participants {meetingId, participant:{address}}`; the meeting's propose is proceeded. */
  async startVideoMeeting(meetingId: string): Promise<{ conversationId: string }> {
    if (typeof meetingId !== 'string' || !meetingId.trim()) {
      throw new SdkError(SdkErrorTypes.invalid_options, 'meetingId must be a non-empty string', { field: 'meetingId' });
    }
    this.assertConnected();
    this.remember(this.requestedMeetings, meetingId);
    try {
      const res = await this.deps.http.request<{ conversationId?: string; id?: string }>('conversations/videos/participants', {
        method: 'POST', body: { meetingId, participant: { address: bareJid(this.deps.jid()) } },
      });
      const conversationId = res?.conversationId ?? res?.id;
      if (!conversationId) throw new SdkError(SdkErrorTypes.session, 'The meeting was not joined (no conversationId)', { meetingId });
      this.remember(this.startedConversations, conversationId);
      return { conversationId };
    } catch (err) {
      this.forget(this.requestedMeetings, meetingId);
      throw err;
    }
  }

  // ─── proposals ──────────────────────────────────────────────────────────────

  handlePropose(pending: Pending): void {
    const room = bareJid(pending.originalRoomJid || pending.fromJid).toLowerCase();
    if (this.requestedRooms.has(room)) {
      this.forget(this.requestedRooms, room);
      this.proceed(pending);
      return;
    }
    if (pending.meetingId && this.requestedMeetings.has(pending.meetingId)) {
      this.forget(this.requestedMeetings, pending.meetingId);
      this.proceed(pending);
      return;
    }
    const local = pending.fromJid.split('@')[0] ?? '';
    if (local.startsWith('peer-')) {
      if (pending.fromUserId && pending.fromUserId === this.deps.userId) {
        // another of our clients started this 1:1 call
        this.logger.info('ignoring our own 1:1 video propose', { sessionId: pending.sessionId, conversationId: pending.conversationId });
        this.deps.manager.removePending(pending.sessionId);
        return;
      }
      const { sdpOverXmpp, ...event } = pending;
      void sdpOverXmpp;
      this.deps.emit('pendingSession', event);
      return;
    }
    this.logger.info('ignoring an unrequested video propose', { sessionId: pending.sessionId, conversationId: pending.conversationId, room });
    this.deps.manager.removePending(pending.sessionId);
  }

  /**
   * `<proceed>`, then the camera and mic are opened while the cloud builds its offer (getUserMedia
   * was the longest step between the offer and our answer); an accept without its own media takes them.
   */
  private proceed(pending: Pending): void {
    this.deps.manager.sendProceed(pending);
    // a task later, so the proceed (written by stanza in microtasks) goes out first
    setTimeout(() => this.startPrefetch(pending), 0);
  }

  private startPrefetch(pending: Pending): void {
    if (this.destroyed || this.prefetched.has(pending.sessionId)) return;
    const promise = this.startMedia(pending.conversationId, {});
    promise.catch(() => undefined); // the accept requests again and reports
    const timer = setTimeout(() => this.releasePrefetched(pending.sessionId), PREFETCH_TTL_MS);
    this.prefetched.set(pending.sessionId, { promise, timer });
  }

  private takePrefetched(sessionId: string): Promise<MediaStream | undefined> | undefined {
    const entry = this.prefetched.get(sessionId);
    if (!entry) return undefined;
    clearTimeout(entry.timer);
    this.prefetched.delete(sessionId);
    return entry.promise;
  }

  private releasePrefetched(sessionId: string): void {
    const promise = this.takePrefetched(sessionId);
    if (promise) promise.then((stream) => { if (stream) stopOwnedTracks(stream, this.deps.media); }, () => undefined);
  }

  private pendingFor(conversationId: string): Pending {
    const pending = this.deps.manager.getPendingByConversation(conversationId, SessionTypes.collaborateVideo);
    if (!pending) throw new SdkError(SdkErrorTypes.session, 'Could not find a pendingSession', { conversationId });
    return pending;
  }

  /** 1:1 invite accepted: `<proceed>`. */
  async acceptPendingSession(params: IPendingSessionActionParams): Promise<void> {
    this.deps.manager.sendProceed(this.pendingFor(params.conversationId));
  }

  /** 1:1 invite rejected: `<reject>` to our bare JID (other clients stop ringing) and to the proposer. */
  async rejectPendingSession(params: IPendingSessionActionParams): Promise<void> {
    const pending = this.pendingFor(params.conversationId);
    this.deps.manager.removePending(pending.sessionId);
    this.deps.manager.sendReject(pending.sessionId, pending.fromJid);
  }

  // ─── sessions ───────────────────────────────────────────────────────────────

  async handleSessionInit(session: GenesysMediaSession, reinviteOf?: GenesysMediaSession): Promise<void> {
    const pending = this.deps.manager.getPendingByConversation(session.conversationId, SessionTypes.collaborateVideo);
    if (pending?.fromUserId && !session.fromUserId) session.fromUserId = pending.fromUserId;
    if (reinviteOf) void reinviteOf.end('alternative-session', true);
    const video = new VideoSession(session, {
      http: this.deps.http, media: this.deps.media, logger: this.logger, userId: this.deps.userId,
      defaults: () => this.deps.config.defaults,
      updateOutgoingMedia: this.deps.updateOutgoingMedia,
    });
    this.videos.set(session.id, video);
    session.on('connectionState', (state) => {
      if (state === 'interrupted') this.deps.emit('sessionInterrupted', { sessionId: session.id, sessionType: session.sessionType, conversationId: session.conversationId });
      if (state === 'failed') void session.end('failed-transport');
    });
    // video sessions are never accepted automatically: the app calls acceptSession with its elements
    this.deps.manager.emitSessionStarted(session);
    this.forget(this.startedConversations, session.conversationId);
    const endNow = this.endOnStart.get(session.conversationId);
    if (endNow) { endNow(session); return; }
    const early = this.conversations.get(session.conversationId);
    if (early) video.onConversation(early);
    const timer = setTimeout(() => {
      this.timers.delete(session.id);
      if (video.conversationSeen || session.ended) return;
      this.deps.http.request(`conversations/${encodeURIComponent(session.conversationId)}`)
        .then((body) => { if (!video.conversationSeen) video.onConversation(body); })
        .catch((err: unknown) => this.logger.warn('could not load the video conversation', { conversationId: session.conversationId, error: String(err) }));
    }, CONVERSATION_FALLBACK_MS);
    this.timers.set(session.id, timer);
  }

  private videoOf(session: GenesysMediaSession): VideoSession {
    const video = this.videos.get(session.id);
    if (!video || session.ended) throw new SdkError(SdkErrorTypes.session, 'The video session has ended', { conversationId: session.conversationId });
    return video;
  }

  /** `sdk.acceptSession` for video: media (camera + mic unless given), elements, answer, initial mute states. */
  acceptSession(params: IAcceptSessionRequest): Promise<void> {
    return this.acceptSessionFor(this.sessionOrThrow(params.conversationId), params);
  }

  private async acceptSessionFor(session: GenesysMediaSession, params: IAcceptSessionRequest): Promise<void> {
    if (session._alreadyAccepted || this.accepting.has(session)) return;
    const defaults = this.deps.config.defaults;
    const videoElement = params.videoElement ?? defaults.videoElement;
    if (!videoElement) {
      throw new SdkError(SdkErrorTypes.invalid_options, 'A videoElement is required to accept a video session (acceptSession or defaults.videoElement)', { field: 'videoElement', conversationId: params.conversationId });
    }
    if (params.audioElement !== undefined && !(params.audioElement instanceof HTMLMediaElement)) {
      throw new SdkError(SdkErrorTypes.invalid_options, 'audioElement must be an HTMLAudioElement', { field: 'audioElement' });
    }
    if (!(videoElement instanceof HTMLMediaElement)) {
      throw new SdkError(SdkErrorTypes.invalid_options, 'videoElement must be an HTMLVideoElement', { field: 'videoElement' });
    }
    const video = this.videoOf(session);
    this.accepting.add(session);
    try {
      const stream = params.mediaStream;
      // our camera and mic: given, opened at the proceed, or requested now — the answer does not wait for them
      let media: Promise<MediaStream | undefined> | undefined;
      if (!stream) {
        const own = params.audioDeviceId != null || params.videoDeviceId != null;
        const prefetched = own ? undefined : this.takePrefetched(session.id);
        if (own) this.releasePrefetched(session.id);
        media = prefetched ?? this.startMedia(session.conversationId, params, session);
        media.catch(() => undefined); // attachOutgoing reports it
      }
      video.outgoing.prepareTransceivers();
      if (stream) {
        session.addMedia(stream);
        session._outboundStream = stream;
      }
      try {
        await session.accept();
      } catch (err) {
        if (media) void media.then((s) => { if (s) stopOwnedTracks(s, this.deps.media); }, () => undefined);
        throw err;
      }
      // the elements after the answer: five remote audio pipelines (play, setSinkId) and the
      // <video> starting while createAnswer ran made it 2-3× slower on a busy machine (bench trace);
      // no media flows before ICE and DTLS anyway
      if (!session.ended) video.attachIncoming(params.audioElement ?? defaults.audioElement, videoElement);
      video.openControlChannel();
      await video.outgoing.attachOutgoing(media ?? Promise.resolve(stream));
    } finally {
      this.accepting.delete(session);
    }
  }

  /** Camera and mic as available (a kind that fails is left out rather than failing the join). */
  private async startMedia(conversationId: string, params: Pick<IAcceptSessionRequest, 'audioDeviceId' | 'videoDeviceId'>, session?: GenesysMediaSession): Promise<MediaStream | undefined> {
    const media = this.deps.media;
    if (!media.getDevices().length) await media.enumerateDevices().catch(() => undefined);
    const state = media.getState();
    const audio = state.hasMic ? media.getValidSdkMediaRequestDeviceId(params.audioDeviceId ?? undefined) : false;
    const video = state.hasCamera ? media.getValidSdkMediaRequestDeviceId(params.videoDeviceId ?? undefined) : false;
    if (audio === false && video === false) {
      this.logger.warn('no microphone and no camera: joining receive-only', { conversationId });
      return undefined;
    }
    return media.startMedia({ audio, video, ...(session ? { session } : {}), preserveMediaIfOneTypeFails: true });
  }

  getSessionForConversation(conversationId: string): GenesysMediaSession | undefined {
    return this.deps.manager.getAllSessions().find((s) => s.sessionType === SessionTypes.collaborateVideo && s.conversationId === conversationId && !s.ended);
  }

  private sessionOrThrow(conversationId: string): GenesysMediaSession {
    const session = typeof conversationId === 'string' ? this.getSessionForConversation(conversationId) : undefined;
    if (!session) throw new SdkError(SdkErrorTypes.session, 'Unable to find a video session', { conversationId });
    return session;
  }

  async setVideoMute(params: ISessionMuteRequest): Promise<void> {
    validateMute(params);
    const session = this.sessionOrThrow(params.conversationId);
    await this.videoOf(session).outgoing.setVideoMute(params.mute, params.unmuteDeviceId ?? undefined);
  }

  async setAudioMute(params: ISessionMuteRequest): Promise<void> {
    validateMute(params);
    const session = this.sessionOrThrow(params.conversationId);
    await this.videoOf(session).outgoing.setAudioMute(params.mute, params.unmuteDeviceId ?? undefined);
  }

  /** Leaves: session-terminate (bounded), then local tracks stop. No REST call. */
  async endSession(params: IEndSessionRequest): Promise<void> {
    const reason = params.reason ?? 'success';
    if (!this.getSessionForConversation(params.conversationId) && this.startedConversations.has(params.conversationId)) {
      await this.endDuringSetup(params.conversationId, reason);
      return;
    }
    const session = this.sessionOrThrow(params.conversationId);
    await session.end(reason);
  }

  /** We started the conversation but its session has not started yet: end it when it does (bounded). */
  private endDuringSetup(conversationId: string, reason: Parameters<GenesysMediaSession['end']>[0]): Promise<void> {
    const ongoing = this.endingDuringSetup.get(conversationId);
    if (ongoing) return ongoing; // a second endSession shares the first one's outcome
    const ending = new Promise<void>((resolve) => {
      const timer = setTimeout(() => finish(undefined), END_DURING_SETUP_MS);
      const finish = (session: GenesysMediaSession | undefined): void => {
        clearTimeout(timer);
        if (this.endOnStart.get(conversationId) === finish) this.endOnStart.delete(conversationId);
        if (!session) { resolve(); return; }
        this.forget(this.startedConversations, conversationId);
        // a task later: the session's start has been reported before its end
        setTimeout(() => { void session.end(reason).catch(() => undefined).then(() => resolve()); }, 0);
      };
      this.endOnStart.set(conversationId, finish);
    }).finally(() => this.endingDuringSetup.delete(conversationId));
    this.endingDuringSetup.set(conversationId, ending);
    return ending;
  }

  /** True while `conversationId` (from our own start call) may still get its session. */
  isStarting(conversationId: string): boolean {
    return this.startedConversations.has(conversationId) && !this.getSessionForConversation(conversationId);
  }

  /**
   * After a reconnect: does the cloud still have us in this conference? A 404 (the cloud restarted
   * or forgot the conversation) or none of our participants live: no, the session ends `gone`.
   */
  async verifyAfterReconnect(session: GenesysMediaSession): Promise<boolean> {
    if (!session.conversationId) return true;
    try {
      const conv = await this.deps.http.request<{ participants?: Array<{ userId?: string; state?: string; videos?: Array<{ state?: string }> }> }>(
        `conversations/${encodeURIComponent(session.conversationId)}`, { retry: { maxAttempts: 2 }, timeoutMs: 8000 });
      const states = (conv?.participants ?? []).filter((p) => p?.userId === this.deps.userId)
        .flatMap((p) => (Array.isArray(p.videos) ? p.videos.map((v) => v?.state) : [p.state]))
        .filter((state): state is string => typeof state === 'string');
      return states.length === 0 || states.some((state) => !['disconnected', 'terminated'].includes(state));
    } catch (err) {
      if (err instanceof SdkError && (err.details as { status?: number } | undefined)?.status === 404) return false;
      throw err;
    }
  }

  handlePendingGone(sessionId: string): void {
    this.releasePrefetched(sessionId);
  }

  handleSessionEnded(session: GenesysMediaSession): void {
    this.releasePrefetched(session.id);
    // a pending fallback would keep the ended session (and its peer connection) reachable
    clearTimeout(this.timers.get(session.id));
    this.timers.delete(session.id);
    const video = this.videos.get(session.id);
    this.videos.delete(session.id);
    video?.dispose();
    const stream = session._outboundStream;
    session._outboundStream = undefined;
    if (stream) stopOwnedTracks(stream, this.deps.media);
    for (const sender of session.pc.getSenders()) if (sender.track && !this.deps.media.isDefaultAudioTrack(sender.track)) sender.track.stop();
    if (![...this.videos.values()].some((v) => v.session.conversationId === session.conversationId)) this.conversations.delete(session.conversationId);
  }

  destroy(): void {
    this.destroyed = true;
    for (const id of [...this.prefetched.keys()]) this.releasePrefetched(id);
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    for (const t of this.requestedRooms.values()) clearTimeout(t);
    for (const t of this.requestedMeetings.values()) clearTimeout(t);
    for (const t of this.startedConversations.values()) clearTimeout(t);
    this.startedConversations.clear();
    for (const finish of [...this.endOnStart.values()]) finish(undefined);
    this.requestedRooms.clear();
    this.requestedMeetings.clear();
    this.conversations.clear();
    for (const v of this.videos.values()) v.dispose();
    this.videos.clear();
  }

  get isDestroyed(): boolean { return this.destroyed; }
}

function validateMute(params: ISessionMuteRequest): void {
  if (!params || typeof params !== 'object' || typeof params.conversationId !== 'string' || typeof params.mute !== 'boolean') {
    throw new SdkError(SdkErrorTypes.invalid_options, 'Expected { conversationId: string, mute: boolean }', { field: 'params' });
  }
}

const ENDED_VIDEO_STATES = new Set(['disconnected', 'terminated']);

/**
 * Whether a conversation event may still be replayed to a video session of ours: some participant
 * has a video, and ours (if listed) has not left it. The last `videos` entry is the current one.
 */
function mayStillStart(body: unknown, userId: string): boolean {
  const participants = (body as { participants: Array<{ userId?: unknown; videos?: unknown } | null> }).participants;
  const videosOf = (p: { videos?: unknown } | null): Array<{ state?: unknown }> => (Array.isArray(p?.videos) ? p.videos as Array<{ state?: unknown }> : []);
  if (!participants.some((p) => videosOf(p).length > 0)) return false;
  const own = participants.filter((p) => p?.userId === userId);
  if (own.length === 0) return true;
  return own.some((p) => {
    const current = videosOf(p).at(-1);
    return !current || !ENDED_VIDEO_STATES.has(String(current.state));
  });
}
