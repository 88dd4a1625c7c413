/**
 * Softphone sessions (research/sdk-flows.md §4): propose → pendingSession / auto proceed,
 * session init → sessionStarted → auto accept, REST call control (mute, hold, end, reject),
 * LA1 / persistent connection through the conversation state machine, headset wiring.
 */
import type { PlatformClient } from '../api/platform-client';
import type { ResolvedConfig } from '../config';
import { toConversationUpdate } from '../conversations/conversation-state';
import { SoftphoneConversations } from '../conversations/softphone-conversations';
import { SdkError, SdkErrorTypes } from '../errors';
import type { SdkMedia } from '../media/sdk-media';
import type { Notifications } from '../streaming/notifications';
import type { SdkEvents } from '../types/events';
import type { ISdkHeadsetService } from '../types/headsets';
import type { ILogger } from '../types/logger';
import {
  SessionTypes, type IAcceptSessionRequest, type IConversationHeldRequest, type IConversationParticipantFromEvent, type IEndSessionRequest,
  type IPendingSession, type IPendingSessionActionParams, type ISessionMuteRequest, type IStartSoftphoneSessionParams,
} from '../types/sessions';
import type { GenesysMediaSession } from './media-session';
import type { SessionManager, SessionTypeHandler } from './session-manager';

export interface SoftphoneDeps {
  manager: SessionManager;
  http: PlatformClient;
  notifications: Notifications;
  config: Readonly<ResolvedConfig>;
  logger: ILogger;
  media: SdkMedia;
  headset: ISdkHeadsetService;
  userId: string;
  jid: () => string;
  isConcurrent: () => boolean;
  isPersistent: () => boolean;
  isConnected: () => boolean;
  emit: <K extends keyof SdkEvents>(event: K, ...args: Parameters<SdkEvents[K]>) => void;
  fail: (error: unknown, type: SdkErrorTypes, message?: string) => SdkError;
}

const END_WAIT_MS = 10_000;

export class SoftphoneHandler implements SessionTypeHandler {
  readonly sessionType = SessionTypes.softphone;
  readonly conversations: SoftphoneConversations;
  private activeSession: GenesysMediaSession | undefined;
  private readonly headsetOff: Array<() => void> = [];

  constructor(private readonly deps: SoftphoneDeps) {
    this.conversations = new SoftphoneConversations({
      userId: deps.userId,
      logger: deps.logger,
      headset: deps.headset,
      isLineAppearance1: () => !deps.isConcurrent(),
      isPersistent: () => deps.isPersistent(),
      activeSession: () => this.connectedActiveSession(),
      sessionsForConversation: (cid) => deps.manager.getAllSessions().find((s) => s.sessionType === SessionTypes.softphone && s.conversationId === cid),
      isSessionUsedByAnyConversation: (s) => this.conversations.all().some((c) => c.session === s),
      syntheticPending: (session, conversationId, outbound) => {
        const pending: IPendingSession = {
          id: session.id, sessionId: session.id, autoAnswer: outbound, conversationId, sessionType: SessionTypes.softphone,
          originalRoomJid: session.originalRoomJid, ...(session.fromUserId ? { fromUserId: session.fromUserId } : {}),
          fromJid: session.peerID, toJid: deps.jid(),
        };
        this.synthetic.set(conversationId, pending);
        deps.emit('pendingSession', pending);
      },
      sessionStarted: (session, cid) => deps.manager.emitSessionStarted(session, cid),
      handledPending: (sessionId, cid) => {
        if (this.synthetic.delete(cid)) deps.emit('handledPendingSession', { sessionId, conversationId: cid });
      },
      cancelPending: (sessionId, cid) => {
        if (this.synthetic.delete(cid)) deps.emit('cancelPendingSession', { sessionId, conversationId: cid });
      },
      sessionEnded: (session, cid) => deps.manager.emitSessionEnded(session, cid, { condition: 'success' }),
      hasStarted: (session, cid) => deps.manager.hasStarted(session, cid),
      emitUpdate: (event) => deps.emit('conversationUpdate', event),
      callError: (errorInfo, conversationId) => {
        deps.fail(new SdkError(SdkErrorTypes.call, 'Call error has occurred', { errorInfo, conversationId }), SdkErrorTypes.call);
      },
    });
    this.wireHeadset();
  }

  /** LA1 / persistent synthetic pending sessions, by conversationId */
  private readonly synthetic = new Map<string, IPendingSession>();

  private get logger(): ILogger { return this.deps.logger; }

  async start(): Promise<void> {
    await this.deps.notifications.subscribe(`v2.users.${this.deps.userId}.conversations`, (event) => {
      const update = toConversationUpdate(event.eventBody);
      if (!update) return;
      try {
        this.conversations.handle(update);
      } catch (err) {
        this.logger.error('conversation update failed', { conversationId: update.id, error: String(err) });
      }
    }, true);
  }

  private connectedActiveSession(): GenesysMediaSession | undefined {
    const s = this.activeSession;
    return s && !s.ended && s.pc.connectionState === 'connected' ? s : undefined;
  }

  // ---- headset device events → SDK actions (fromHeadset: true) ----

  private wireHeadset(): void {
    const { headset } = this.deps;
    const on = <K extends 'deviceAnsweredCall' | 'deviceRejectedCall' | 'deviceEndedCall' | 'deviceMuteStatusChanged' | 'deviceHoldStatusChanged'>(
      event: K, handler: (payload: { conversationId: string; isMuted?: boolean; holdRequested?: boolean }) => Promise<void>,
    ): void => {
      const listener = (payload: { conversationId: string; isMuted?: boolean; holdRequested?: boolean }): void => {
        handler(payload).catch((err: unknown) => this.logger.warn(`headset ${event} failed`, { error: String(err) }));
      };
      (headset.on as (e: string, l: typeof listener) => unknown)(event, listener);
      this.headsetOff.push(() => (headset.off as (e: string, l: typeof listener) => unknown)(event, listener));
    };
    on('deviceAnsweredCall', (p) => this.acceptPendingSession({ conversationId: p.conversationId, fromHeadset: true }));
    on('deviceRejectedCall', (p) => this.rejectPendingSession({ conversationId: p.conversationId, fromHeadset: true }));
    on('deviceEndedCall', (p) => this.endSession({ conversationId: p.conversationId, fromHeadset: true }));
    on('deviceMuteStatusChanged', (p) => this.setAudioMute({ conversationId: p.conversationId, mute: !!p.isMuted, fromHeadset: true }));
    on('deviceHoldStatusChanged', (p) => this.setConversationHeld({ conversationId: p.conversationId, held: !!p.holdRequested, fromHeadset: true }));
  }

  // ---- outbound ----

  async startSoftphoneSession(params: IStartSoftphoneSessionParams): Promise<{ id: string; selfUri: string }> {
    if (!this.deps.isConnected()) {
      throw new SdkError(SdkErrorTypes.session, 'A session cannot be started as streaming client is not yet connected');
    }
    const body = { ...params, sessionType: SessionTypes.softphone };
    const res = await this.deps.http.request<{ id: string; selfUri: string }>('conversations/calls', { method: 'POST', body });
    return { id: res.id, selfUri: res.selfUri };
  }

  // ---- propose ----

  handlePropose(pending: IPendingSession & { sdpOverXmpp?: boolean }): void {
    if (pending.privAnswerMode === 'Auto') {
      // eager persistent connection: proceed silently, no event
      this.deps.manager.sendProceed(pending);
      return;
    }
    this.deps.emit('pendingSession', stripInternal(pending));
    if (pending.autoAnswer) {
      if (this.deps.config.disableAutoAnswer) this.logger.info('autoAnswer ignored (disableAutoAnswer)', { conversationId: pending.conversationId });
      else this.proceedWithSession(pending).catch((err: unknown) => this.deps.fail(err, SdkErrorTypes.session, 'Failed to auto answer'));
    }
  }

  private async proceedWithSession(pending: IPendingSession): Promise<void> {
    const active = this.connectedActiveSession();
    if (active && pending.id === active.id) {
      // LA1 / persistent: the media path exists, answer the conversation over REST
      pending.accepted = true;
      await this.patchParticipant(pending.conversationId, { state: 'connected' });
      return;
    }
    this.deps.manager.sendProceed(pending);
  }

  async acceptPendingSession(params: IPendingSessionActionParams): Promise<void> {
    const pending = this.synthetic.get(params.conversationId) ?? this.deps.manager.getPendingByConversation(params.conversationId, params.sessionType ?? SessionTypes.softphone);
    if (!pending) throw new SdkError(SdkErrorTypes.session, 'Could not find a pendingSession matching accept params', { conversationId: params.conversationId });
    if (!params.fromHeadset) void this.deps.headset.answerIncomingCall(params.conversationId, false).catch(() => undefined);
    await this.proceedWithSession(pending);
  }

  async rejectPendingSession(params: IPendingSessionActionParams): Promise<void> {
    const pending = this.synthetic.get(params.conversationId) ?? this.deps.manager.getPendingByConversation(params.conversationId, params.sessionType ?? SessionTypes.softphone);
    if (!pending) throw new SdkError(SdkErrorTypes.session, 'Could not find a pendingSession', { conversationId: params.conversationId });
    if (!params.fromHeadset) void this.deps.headset.rejectIncomingCall(params.conversationId).catch(() => undefined);
    const participant = await this.userParticipant(params.conversationId);
    if (participant.purpose === 'user') {
      await this.deps.http.request(`conversations/calls/${params.conversationId}/participants/${participant.id}/replace`, { method: 'POST', body: { voicemail: true } });
    } else {
      await this.patchParticipant(params.conversationId, { state: 'disconnected' }, participant);
    }
  }

  // ---- session init / accept ----

  async handleSessionInit(session: GenesysMediaSession, reinviteOf?: GenesysMediaSession): Promise<void> {
    const pending = this.deps.manager.getPendingByConversation(session.conversationId, SessionTypes.softphone);
    if (pending?.fromUserId && !session.fromUserId) session.fromUserId = pending.fromUserId;
    session.on('connectionState', (state) => {
      if (state === 'interrupted') this.deps.emit('sessionInterrupted', { sessionId: session.id, sessionType: session.sessionType, conversationId: session.conversationId });
      if (state === 'failed') void session.end('failed-transport');
    });
    if (reinviteOf) {
      // media recovery: the new session replaces the old one for the same conversation
      if (this.activeSession === reinviteOf) this.activeSession = session;
      void reinviteOf.end('alternative-session', true);
    }
    if (pending?.privAnswerMode !== 'Auto') this.deps.manager.emitSessionStarted(session);
    if (this.deps.config.autoConnectSessions || reinviteOf || pending?.privAnswerMode === 'Auto') {
      await this.acceptSession(session, { conversationId: session.conversationId }).catch((err: unknown) => {
        this.deps.fail(err, SdkErrorTypes.session, 'Failed to accept the session');
      });
    }
  }

  /** `sdk.acceptSession` for softphone. */
  async acceptSession(session: GenesysMediaSession, params: IAcceptSessionRequest): Promise<void> {
    if (session._alreadyAccepted) return;
    const la1 = !this.deps.isConcurrent();
    if (la1 && this.connectedActiveSession() === session) return;
    if ((la1 || this.deps.isPersistent()) && !this.connectedActiveSession()) this.setActiveSession(session);
    const defaults = this.deps.config.defaults;
    const stream = params.mediaStream ?? this.deps.media.getDefaultAudioStream()
      ?? await this.deps.media.startMedia({ audio: this.deps.media.getValidSdkMediaRequestDeviceId(params.audioDeviceId ?? undefined), session });
    if (session.ended) {
      if (stream !== params.mediaStream) stopOwnedTracks(stream, this.deps.media);
      return;
    }
    session.addMedia(stream);
    session._outboundStream = stream;
    this.attachAudioOutput(session, params.audioElement ?? defaults.audioElement);
    const stored = this.conversations.get(session.conversationId);
    if (!stored) this.conversations.attachSession(session.conversationId, session);
    else stored.session = session;
    await session.accept();
  }

  private attachAudioOutput(session: GenesysMediaSession, provided?: HTMLAudioElement): void {
    let element = provided;
    if (!element) {
      element = document.createElement('audio');
      element.classList.add(`__gc-webrtc-inbound-${session.id}`);
      element.hidden = true;
      document.body.append(element);
      session._createdAudioElement = true;
    }
    session._outputAudioElement = element;
    element.autoplay = true;
    element.volume = (this.deps.config.defaults.audioVolume ?? 100) / 100;
    const outputId = this.deps.config.defaults.outputDeviceId;
    const withSink = element as HTMLAudioElement & { setSinkId?: (id: string) => Promise<void> };
    if (typeof withSink.setSinkId === 'function') void withSink.setSinkId(outputId || '').catch((err: unknown) => this.logger.warn('setSinkId failed', { error: String(err) }));
    const attach = (track: MediaStreamTrack, stream?: MediaStream): void => {
      if (track.kind !== 'audio' || !session._outputAudioElement) return;
      session._outputAudioElement.srcObject = stream ?? new MediaStream([track]);
    };
    const receiver = session.pc.getReceivers().find((r) => r.track?.kind === 'audio' && r.track.readyState === 'live');
    if (receiver) attach(receiver.track, new MediaStream([receiver.track]));
    session.on('peerTrackAdded', attach);
  }

  private setActiveSession(session: GenesysMediaSession): void {
    this.activeSession = session;
  }

  handleSessionEnded(session: GenesysMediaSession): void {
    if (this.activeSession === session) {
      const next = this.deps.isPersistent() ? this.deps.manager.getAllSessions().find((s) => s !== session && s.sessionType === SessionTypes.softphone && s.active) : undefined;
      this.activeSession = next;
    }
    // release local media and the SDK-created element
    const stream = session._outboundStream;
    session._outboundStream = undefined;
    if (stream) stopOwnedTracks(stream, this.deps.media);
    const el = session._outputAudioElement;
    session._outputAudioElement = undefined;
    if (el) {
      el.srcObject = null;
      if (session._createdAudioElement) el.remove();
    }
    this.conversations.forgetSession(session);
    void this.deps.headset.resetHeadsetStateForCall(session.conversationId).catch(() => undefined);
  }

  // ---- call control ----

  getSessionForConversation(conversationId: string): GenesysMediaSession {
    const stored = this.conversations.get(conversationId)?.session;
    const session = (stored && !stored.ended ? stored : undefined)
      ?? this.deps.manager.getAllSessions().find((s) => s.sessionType === SessionTypes.softphone && s.conversationId === conversationId && !s.ended);
    if (!session) throw new SdkError(SdkErrorTypes.session, 'Unable to find session', { conversationId });
    return session;
  }

  async setAudioMute(params: ISessionMuteRequest): Promise<void> {
    const session = this.getSessionForConversation(params.conversationId);
    if (!params.fromHeadset) void this.deps.headset.setMute(params.mute).catch(() => undefined);
    try {
      await this.patchParticipant(params.conversationId, { muted: params.mute });
    } catch (err) {
      throw new SdkError(SdkErrorTypes.generic, 'Failed to set audioMute', { conversationId: params.conversationId }, err);
    }
    // also stop sending real audio locally: the server mutes, this makes it true on the wire too
    for (const track of session._outboundStream?.getAudioTracks() ?? []) track.enabled = !params.mute;
    session.audioMuted = params.mute;
  }

  async setConversationHeld(params: IConversationHeldRequest): Promise<void> {
    const session = this.getSessionForConversation(params.conversationId);
    if (['failed', 'closed', 'disconnected'].includes(session.pc.connectionState) || session.connectionState === 'interrupted') {
      this.logger.warn('setConversationHeld ignored: the session media is not connected', { conversationId: params.conversationId });
      return;
    }
    if (!params.fromHeadset) void this.deps.headset.setHold(params.conversationId, params.held).catch(() => undefined);
    try {
      await this.patchParticipant(params.conversationId, { held: params.held });
    } catch (err) {
      throw new SdkError(SdkErrorTypes.call, 'Failed to set held state', { conversationId: params.conversationId }, err);
    }
  }

  /** PATCH disconnected, then wait (bounded) for the matching sessionEnded; fall back to terminate. */
  async endSession(params: IEndSessionRequest): Promise<void> {
    const session = this.getSessionForConversation(params.conversationId);
    if (!params.fromHeadset) void this.deps.headset.endCurrentCall(params.conversationId).catch(() => undefined);
    const ended = this.waitForSessionEnded(session, params.conversationId, END_WAIT_MS);
    try {
      await this.patchParticipant(params.conversationId, { state: 'disconnected' });
    } catch (err) {
      ended.cancel();
      const others = this.conversations.all().filter((c) => c.conversationId !== params.conversationId && c.mostRecentCallState && c.mostRecentCallState.state !== 'disconnected');
      if (this.deps.isConcurrent() || others.length === 0) {
        this.logger.warn('ending the session directly after a failed PATCH', { conversationId: params.conversationId, error: String(err) });
        await session.end(params.reason ?? 'success');
        return;
      }
      throw new SdkError(SdkErrorTypes.session, 'Unable to end the session directly as a fallback because LineAppearance is 1 and there are other active conversations', { conversationId: params.conversationId }, err);
    }
    const ok = await ended.promise;
    if (!ok && !session.ended && this.deps.isConcurrent()) {
      // the cloud never ended it: terminate ourselves rather than hang
      await session.end(params.reason ?? 'success');
    }
  }

  private waitForSessionEnded(session: GenesysMediaSession, conversationId: string, ms: number): { promise: Promise<boolean>; cancel: () => void } {
    let done: (v: boolean) => void = () => undefined;
    const promise = new Promise<boolean>((resolve) => { done = resolve; });
    const timer = setTimeout(() => finish(false), ms);
    const onEnded = (s: unknown): void => {
      const ended = s as GenesysMediaSession;
      if (ended === session && ended.conversationId === conversationId) finish(true);
    };
    const sdk = this.deps.manager;
    const off = this.onSdkSessionEnded(onEnded);
    const finish = (v: boolean): void => { clearTimeout(timer); off(); done(v); };
    void sdk;
    return { promise, cancel: () => finish(false) };
  }

  /** hook set by the client: subscribe to sdk `sessionEnded` */
  onSdkSessionEnded: (listener: (session: unknown) => void) => () => void = () => () => undefined;

  private async userParticipant(conversationId: string): Promise<IConversationParticipantFromEvent> {
    const stored = this.conversations.participantOf(conversationId);
    if (stored) return stored;
    const conv = await this.deps.http.request<{ participants?: Array<IConversationParticipantFromEvent & { calls?: IConversationParticipantFromEvent['calls'] }> }>(`conversations/${conversationId}`);
    const mine = (conv.participants ?? []).filter((p) => p.userId === this.deps.userId).reverse();
    const participant = mine.find((p) => (p.calls ?? []).some((c) => c.state === 'connected')) ?? mine[0];
    if (!participant) throw new SdkError(SdkErrorTypes.session, 'Unable to find the user participant', { conversationId });
    return participant;
  }

  private async patchParticipant(conversationId: string, body: Record<string, unknown>, participant?: IConversationParticipantFromEvent): Promise<void> {
    const p = participant ?? await this.userParticipant(conversationId);
    await this.deps.http.request(`conversations/calls/${conversationId}/participants/${p.id}`, { method: 'PATCH', body });
  }

  destroy(): void {
    for (const off of this.headsetOff.splice(0)) off();
    this.conversations.clear();
    this.synthetic.clear();
    this.activeSession = undefined;
  }
}

function stripInternal(p: IPendingSession & { sdpOverXmpp?: boolean }): IPendingSession {
  const { sdpOverXmpp, ...rest } = p;
  void sdpOverXmpp;
  return rest;
}

/** Stops the tracks we own (never the SDK default audio stream's tracks). */
function stopOwnedTracks(stream: MediaStream, media: SdkMedia): void {
  for (const track of stream.getTracks()) if (!media.isDefaultAudioTrack(track)) track.stop();
}
