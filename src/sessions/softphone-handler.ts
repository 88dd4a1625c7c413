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
import type { SdkAudioProcessor } from '../media/audio-processor';
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
import type { RoutedHandler } from './handler-registry';
import type { SessionManager } from './session-manager';
import { MicPrefetch } from './mic-prefetch';
import { stopOwnedTracks } from '../media/owned-tracks';

export interface SoftphoneDeps {
  manager: SessionManager;
  http: PlatformClient;
  notifications: Notifications;
  config: Readonly<ResolvedConfig>;
  logger: ILogger;
  media: SdkMedia;
  /** outgoing audio goes through it (docs/audio-processor.md) */
  audioProcessor: SdkAudioProcessor;
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

export class SoftphoneHandler implements RoutedHandler {
  readonly sessionType = SessionTypes.softphone;
  readonly conversations: SoftphoneConversations;
  private activeSession: GenesysMediaSession | undefined;

  constructor(private readonly deps: SoftphoneDeps) {
    this.micPrefetch = new MicPrefetch(deps.media, deps.logger);
    this.conversations = new SoftphoneConversations({
      userId: deps.userId,
      logger: deps.logger,
      headset: deps.headset,
      isLineAppearance1: () => !deps.isConcurrent(),
      isPersistent: () => deps.isPersistent(),
      activeSession: () => (this.activeSession && !this.activeSession.ended ? this.activeSession : undefined),
      connectedActiveSession: () => this.connectedActiveSession(),
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
      skipHeadset: (cid, op, value) => this.consumeHeadsetSkip(cid, op, value),
      callError: (errorInfo, conversationId) => {
        deps.fail(new SdkError(SdkErrorTypes.call, 'Call error has occurred', { errorInfo, conversationId }), SdkErrorTypes.call);
      },
    });
  }

  /** LA1 / persistent synthetic pending sessions, by conversationId */
  private readonly synthetic = new Map<string, IPendingSession>();
  private readonly micPrefetch: MicPrefetch;

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

  // ---- headset ----
  // The SDK never acts on headset device events (upstream headset.md, sdk-flows §10): the app
  // subscribes to `sdk.headset.headsetEvents$` and calls e.g. `acceptPendingSession({ conversationId,
  // fromHeadset: true })`. `fromHeadset: true` means the device already shows that state, so the
  // SDK does not call the headset library back for it. The answer / reject / end headset calls
  // are made once, by the conversation state machine when the call state changes; mute / hold
  // are made at once by setAudioMute / setConversationHeld and their conversation-event echo is
  // skipped.

  /** per conversation: what must not be told to the headset again */
  private readonly headsetSkips = new Map<string, { answer?: boolean; reject?: boolean; end?: boolean; mute?: boolean; hold?: boolean }>();

  private skipHeadsetLater(conversationId: string, op: 'answer' | 'reject' | 'end' | 'mute' | 'hold', value = true): void {
    const entry = this.headsetSkips.get(conversationId) ?? {};
    entry[op] = value;
    this.headsetSkips.set(conversationId, entry);
  }

  private consumeHeadsetSkip(conversationId: string, op: 'answer' | 'reject' | 'end' | 'mute' | 'hold', value = true): boolean {
    const entry = this.headsetSkips.get(conversationId);
    // the call is over: nothing more to remember for it
    if (op === 'end' || op === 'reject') this.headsetSkips.delete(conversationId);
    if (!entry || entry[op] === undefined) return false;
    const skip = entry[op] === value;
    delete entry[op];
    if (op === 'end' || op === 'reject' || Object.keys(entry).length === 0) this.headsetSkips.delete(conversationId);
    return skip;
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
      this.prefetchMic(pending.sessionId);
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
    if (this.deps.config.autoConnectSessions) this.prefetchMic(pending.sessionId);
  }

  /** The default microphone opens while the cloud builds its offer (see MicPrefetch). */
  private prefetchMic(sessionId: string): void {
    this.micPrefetch.forSession(sessionId, () => !!this.deps.manager.getSession(sessionId)?._alreadyAccepted);
  }

  async acceptPendingSession(params: IPendingSessionActionParams): Promise<void> {
    const pending = this.synthetic.get(params.conversationId) ?? this.deps.manager.getPendingByConversation(params.conversationId, params.sessionType ?? SessionTypes.softphone);
    if (!pending) throw new SdkError(SdkErrorTypes.session, 'Could not find a pendingSession matching accept params', { conversationId: params.conversationId });
    // the headset hears `answerIncomingCall` from the `connected` conversation event, unless the app answered from it
    if (params.fromHeadset) this.skipHeadsetLater(params.conversationId, 'answer');
    await this.proceedWithSession(pending);
  }

  async rejectPendingSession(params: IPendingSessionActionParams): Promise<void> {
    const pending = this.synthetic.get(params.conversationId) ?? this.deps.manager.getPendingByConversation(params.conversationId, params.sessionType ?? SessionTypes.softphone);
    if (!pending) throw new SdkError(SdkErrorTypes.session, 'Could not find a pendingSession', { conversationId: params.conversationId });
    // `rejectIncomingCall` comes from the `disconnected` conversation event, unless the app rejected from the headset
    if (params.fromHeadset) this.skipHeadsetLater(params.conversationId, 'reject');
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
    const announce = (): void => {
      if (pending?.privAnswerMode !== 'Auto') this.deps.manager.emitSessionStarted(session);
    };
    if (!this.deps.config.autoConnectSessions && !reinviteOf && pending?.privAnswerMode !== 'Auto') return announce();
    // Accepted at once: `sessionStarted` (and the app's handlers) run while the browser computes
    // the answer on its own thread, not in front of it; on any early return or failure it is
    // still emitted (first), like before.
    await this.acceptSessionFor(session, { conversationId: session.conversationId }, announce)
      .finally(announce)
      .catch((err: unknown) => {
        this.deps.fail(err, SdkErrorTypes.session, 'Failed to accept the session');
      });
  }

  /** `sdk.acceptSession` for softphone. */
  acceptSession(params: IAcceptSessionRequest): Promise<void> {
    return this.acceptSessionFor(this.getSessionForConversation(params.conversationId), params);
  }

  private async acceptSessionFor(session: GenesysMediaSession, params: IAcceptSessionRequest, whileAnswering?: () => void): Promise<void> {
    // a second accept (also one racing the first while it gets media) is a no-op
    if (session._alreadyAccepted || this.accepting.has(session)) return;
    this.accepting.add(session);
    try {
      await this.doAcceptSession(session, params, whileAnswering);
    } finally {
      this.accepting.delete(session);
    }
  }

  private readonly accepting = new WeakSet<GenesysMediaSession>();

  /** `whileAnswering` runs once the answer is being created (the main thread is free meanwhile). */
  private async doAcceptSession(session: GenesysMediaSession, params: IAcceptSessionRequest, whileAnswering?: () => void): Promise<void> {
    const la1 = !this.deps.isConcurrent();
    if (la1 && this.connectedActiveSession() === session) return;
    if ((la1 || this.deps.isPersistent()) && !this.connectedActiveSession()) this.setActiveSession(session);
    const defaults = this.deps.config.defaults;
    // the microphone opened at the proceed, unless the app asked for other media
    const explicit = params.mediaStream ?? this.deps.media.getDefaultAudioStream();
    const prefetched = explicit || params.audioDeviceId != null ? undefined : this.micPrefetch.take(session.id);
    if (!prefetched) this.micPrefetch.release(session.id);
    const stream = explicit ?? (prefetched ? await prefetched : undefined)
      ?? await this.deps.media.startMedia({ audio: this.deps.media.getValidSdkMediaRequestDeviceId(params.audioDeviceId ?? undefined), session });
    // with an audio processor set, only its output is sent
    const outgoing = await this.deps.audioProcessor.processOutgoing(stream);
    if (session.ended) {
      if (stream !== params.mediaStream) stopOwnedTracks(stream, this.deps.media);
      if (outgoing.processed) stopOwnedTracks(outgoing.stream, this.deps.media);
      return;
    }
    session.addMedia(outgoing.stream);
    session._outboundStream = outgoing.stream;
    if (outgoing.processed) session._rawOutboundStream = stream;
    const stored = this.conversations.get(session.conversationId);
    if (!stored) this.conversations.attachSession(session.conversationId, session);
    else stored.session = session;
    // createAnswer starts first: the <audio> set-up and the app's handlers overlap it
    const accepted = session.accept();
    this.attachAudioOutput(session, params.audioElement ?? defaults.audioElement);
    whileAnswering?.();
    await accepted;
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

  handlePendingGone(sessionId: string): void {
    this.micPrefetch.release(sessionId);
  }

  handleSessionEnded(session: GenesysMediaSession): void {
    this.micPrefetch.release(session.id);
    if (this.activeSession === session) {
      const next = this.deps.isPersistent() ? this.deps.manager.getAllSessions().find((s) => s !== session && s.sessionType === SessionTypes.softphone && s.active) : undefined;
      this.activeSession = next;
    }
    // release local media and the SDK-created element
    const stream = session._outboundStream;
    const raw = session._rawOutboundStream;
    session._outboundStream = undefined;
    session._rawOutboundStream = undefined;
    if (stream) stopOwnedTracks(stream, this.deps.media);
    if (raw) stopOwnedTracks(raw, this.deps.media);
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
    const session = this.findSessionForConversation(conversationId);
    if (!session) throw new SdkError(SdkErrorTypes.session, 'Unable to find session', { conversationId });
    return session;
  }

  private findSessionForConversation(conversationId: string): GenesysMediaSession | undefined {
    const stored = this.conversations.get(conversationId)?.session;
    return (stored && !stored.ended ? stored : undefined)
      ?? this.deps.manager.getAllSessions().find((s) => s.sessionType === SessionTypes.softphone && s.conversationId === conversationId && !s.ended);
  }

  async setAudioMute(params: ISessionMuteRequest): Promise<void> {
    const session = this.getSessionForConversation(params.conversationId);
    if (!params.fromHeadset) void this.deps.headset.setMute(params.mute).catch(() => undefined);
    // either way the device now shows this state: skip the conversation-event echo
    this.skipHeadsetLater(params.conversationId, 'mute', params.mute);
    try {
      await this.patchParticipant(params.conversationId, { muted: params.mute });
    } catch (err) {
      if (isTokenError(err)) throw err;
      throw new SdkError(SdkErrorTypes.generic, `Failed to set audioMute: ${causeOf(err)}`, { conversationId: params.conversationId }, err);
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
    // LA > 1: taking a call off hold puts the other active calls on hold (sdk-flows §4.5)
    if (!params.held && this.deps.isConcurrent() && this.conversations.all().length > 1) this.holdOtherSessions(session);
    if (!params.fromHeadset) void this.deps.headset.setHold(params.conversationId, params.held).catch(() => undefined);
    this.skipHeadsetLater(params.conversationId, 'hold', params.held);
    try {
      await this.patchParticipant(params.conversationId, { held: params.held });
    } catch (err) {
      if (isTokenError(err)) throw err;
      throw new SdkError(SdkErrorTypes.call, `Failed to set held state: ${causeOf(err)}`, { conversationId: params.conversationId }, err);
    }
  }

  /** Every other active softphone session with a stored, connected, unheld conversation is put on hold (not awaited). */
  private holdOtherSessions(current: GenesysMediaSession): void {
    for (const state of this.conversations.all()) {
      const session = this.conversations.get(state.conversationId)?.session;
      const call = state.mostRecentCallState;
      if (!session || session === current || !session.active || session.sessionType !== SessionTypes.softphone) continue;
      if (!call || call.held || !['connected', 'dialing'].includes(call.state)) continue;
      this.setConversationHeld({ conversationId: state.conversationId, held: true }).catch((err: unknown) => {
        this.logger.warn('holding another call failed', { conversationId: state.conversationId, error: String(err) });
      });
    }
  }

  /** PATCH disconnected, then wait (bounded) for the matching sessionEnded; fall back to terminate. */
  async endSession(params: IEndSessionRequest): Promise<void> {
    const live = this.findSessionForConversation(params.conversationId);
    if (!live) {
      // during set-up (placed or ringing, no session yet): hanging up is ending the call at the cloud
      const known = this.synthetic.get(params.conversationId) ?? this.deps.manager.getPendingByConversation(params.conversationId, SessionTypes.softphone) ?? this.conversations.get(params.conversationId);
      if (!known) throw new SdkError(SdkErrorTypes.session, 'Unable to find session', { conversationId: params.conversationId });
      if (params.fromHeadset) this.skipHeadsetLater(params.conversationId, 'end');
      await this.patchParticipant(params.conversationId, { state: 'disconnected' });
      return;
    }
    const session = live;
    // `endCurrentCall` comes from the `disconnected` conversation event, unless the app ended from the headset
    if (params.fromHeadset) this.skipHeadsetLater(params.conversationId, 'end');
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

  /** After a reconnect: is the session's conversation still up for us? (404 or all our calls ended: no) */
  async verifyAfterReconnect(session: GenesysMediaSession): Promise<boolean> {
    // a persistent connection outlives its calls: an idle one is not "gone"
    if (!session.conversationId || this.deps.isPersistent()) return true;
    try {
      const conv = await this.deps.http.request<{ participants?: IConversationParticipantFromEvent[] }>(`conversations/${session.conversationId}`, { retry: { maxAttempts: 2 }, timeoutMs: 8000 });
      const mine = (conv?.participants ?? []).filter((p) => p.userId === this.deps.userId);
      // the calls' states, else the participant's own; nothing to go by means alive
      const states = mine.flatMap((p) => (Array.isArray(p.calls) ? p.calls.map((c) => c.state) : [(p as { state?: string }).state]))
        .filter((state): state is string => typeof state === 'string');
      return states.length === 0 || states.some((state) => !['disconnected', 'terminated'].includes(state));
    } catch (err) {
      if (err instanceof SdkError && (err.details as { status?: number } | undefined)?.status === 404) return false;
      throw err;
    }
  }

  destroy(): void {
    this.micPrefetch.destroy();
    this.headsetSkips.clear();
    this.conversations.clear();
    this.synthetic.clear();
    this.activeSession = undefined;
  }
}

/** The cause's own words (e.g. `PATCH … failed with status 503`), so apps and elements can show why. */
function causeOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** A rejected token stays `invalid_token` whatever the operation (the app must renew it). */
function isTokenError(err: unknown): boolean {
  return err instanceof SdkError && err.type === SdkErrorTypes.invalid_token;
}

function stripInternal(p: IPendingSession & { sdpOverXmpp?: boolean }): IPendingSession {
  const { sdpOverXmpp, ...rest } = p;
  void sdpOverXmpp;
  return rest;
}
