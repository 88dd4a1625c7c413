/**
 * The softphone conversation-event state machine (research/sdk-flows.md §4.4): stores one
 * `IStoredConversationState` per conversation, emits `conversationUpdate`, and drives the
 * LA1 / persistent-connection synthetic session events through the `host` callbacks.
 */
import type { ISdkHeadsetService } from '../types/headsets';
import type { ILogger } from '../types/logger';
import type {
  ConversationUpdate, ICallStateFromParticipant, IConversationParticipantFromEvent, ISdkConversationUpdateEvent, IStoredConversationState,
} from '../types/sessions';
import type { GenesysMediaSession } from '../sessions/media-session';
import { getCallState, getUserParticipant, isConnected, isEnded, isPending } from './conversation-state';

export interface ConversationHost {
  userId: string;
  logger: ILogger;
  headset: ISdkHeadsetService;
  /** LA1 (no concurrent softphone sessions) */
  isLineAppearance1(): boolean;
  isPersistent(): boolean;
  /**
   * The reused (LA1 / persistent) session while it is not ended, whatever its media state: the
   * `session === activeSession` identity checks (synthetic sessionStarted / sessionEnded) must
   * not depend on DTLS having finished (a call can be hung up while its pc is still connecting).
   */
  activeSession(): GenesysMediaSession | undefined;
  /** `activeSession()` only while its pc is connected (the cloud signals new calls without a propose only then) */
  connectedActiveSession(): GenesysMediaSession | undefined;
  sessionsForConversation(conversationId: string): GenesysMediaSession | undefined;
  /** every session using this conversation state store */
  isSessionUsedByAnyConversation(session: GenesysMediaSession): boolean;
  syntheticPending(session: GenesysMediaSession, conversationId: string, outbound: boolean): void;
  sessionStarted(session: GenesysMediaSession, conversationId: string): void;
  handledPending(sessionId: string, conversationId: string): void;
  cancelPending(sessionId: string, conversationId: string): void;
  sessionEnded(session: GenesysMediaSession, conversationId: string): void;
  /** sessionStarted was emitted for this session and conversation */
  hasStarted(session: GenesysMediaSession, conversationId: string): boolean;
  emitUpdate(event: ISdkConversationUpdateEvent): void;
  /**
   * true (and consumed) if the app already did `op` from the headset (`fromHeadset: true`), or the
   * SDK already told the headset (mute / hold with that `value`): the device shows that state,
   * so the state machine must not call the headset library back.
   */
  skipHeadset(conversationId: string, op: 'answer' | 'reject' | 'end' | 'mute' | 'hold', value?: boolean): boolean;
  callError(errorInfo: unknown, conversationId: string): void;
}

type Kind = 'added' | 'removed' | 'updated';

export class SoftphoneConversations {
  private readonly conversations = new Map<string, IStoredConversationState & { session?: GenesysMediaSession }>();
  /**
   * `current` of the last emitted update. Not the whole event: its `removed` entry holds the ended
   * session (and its peer connection) until the next update (bench leak scenario, heap diff).
   */
  private lastEmitted: Pick<ISdkConversationUpdateEvent, 'current'> | undefined;
  private lastCallError = 0;

  constructor(private readonly host: ConversationHost) {}

  get(conversationId: string): (IStoredConversationState & { session?: GenesysMediaSession }) | undefined {
    return this.conversations.get(conversationId);
  }

  all(): IStoredConversationState[] {
    return [...this.conversations.values()];
  }

  /** `acceptSession` records the session for its conversation if nothing is stored yet. */
  attachSession(conversationId: string, session: GenesysMediaSession): void {
    const existing = this.conversations.get(conversationId);
    if (existing) existing.session = session;
    else this.conversations.set(conversationId, { conversationId, session, conversationUpdate: { id: conversationId, participants: [] } });
  }

  /** Forgets every conversation of an ended session that never got a conversation event. */
  forgetSession(session: GenesysMediaSession): void {
    for (const [id, state] of this.conversations) {
      if (state.session === session && !state.mostRecentCallState) this.conversations.delete(id);
    }
  }

  /** Last emitted `current` (for `getActiveConversations()`). */
  get lastEvent(): Pick<ISdkConversationUpdateEvent, 'current'> | undefined { return this.lastEmitted; }

  clear(): void {
    this.conversations.clear();
    this.lastEmitted = undefined;
  }

  handle(update: ConversationUpdate): void {
    const { host } = this;
    const participant = getUserParticipant(update, host.userId);
    if (!participant) return;
    const callState = getCallState(participant);
    if (!callState) return;

    const stored = this.conversations.get(update.id);
    let session: GenesysMediaSession | undefined = stored?.session;
    if (!session && host.isLineAppearance1()) session = host.activeSession();
    if (!session) session = host.sessionsForConversation(update.id);
    if (!session && host.isPersistent()) {
      const active = host.connectedActiveSession();
      if (active && !host.isSessionUsedByAnyConversation(active)) session = active;
    }
    if (session) session.pcParticipant = participant;

    // someone else's call, or one that already ended here
    if (!stored && !isPending(callState.state)) return;

    if (callState.errorInfo) this.reportCallError(callState.errorInfo, update.id);

    const previousUpdate = stored?.conversationUpdate;
    const previousParticipant = previousUpdate ? getUserParticipant(previousUpdate, host.userId) : undefined;
    const previousCall = previousParticipant ? getCallState(previousParticipant) : undefined;
    const state: IStoredConversationState & { session?: GenesysMediaSession } = {
      conversationId: update.id,
      conversationUpdate: update,
      mostRecentUserParticipant: participant,
      mostRecentCallState: callState,
      session: stored?.session ?? session,
    };
    this.conversations.set(update.id, state);
    session = state.session;

    if (previousCall && previousCall.state === callState.state && previousCall.held === callState.held
      && previousCall.muted === callState.muted && previousCall.confined === callState.confined) return;

    if (isConnected(callState.state) && session && previousCall) {
      if (previousCall.muted !== callState.muted && !host.skipHeadset(update.id, 'mute', callState.muted)) void host.headset.setMute(callState.muted).catch(() => undefined);
      if (previousCall.held !== callState.held && !host.skipHeadset(update.id, 'hold', callState.held)) void host.headset.setHold(update.id, callState.held).catch(() => undefined);
    }

    const active = host.activeSession();
    if (previousCall?.state !== callState.state) {
      if (isPending(callState.state)) {
        // a synthetic pendingSession only while the media path is up: otherwise the cloud proposes
        this.onPending(update.id, callState, session, host.connectedActiveSession());
        return;
      }
      if (isConnected(callState.state)) {
        if (session?.conversationId === update.id && previousCall && isConnected(previousCall.state)) {
          return this.emit('updated', state, session);
        }
        if (!session) {
          // answered on a different client
          void host.headset.resetHeadsetStateForCall(update.id).catch(() => undefined);
          this.conversations.delete(update.id);
          return;
        }
        if (callState.direction === 'inbound' && !host.skipHeadset(update.id, 'answer')) void host.headset.answerIncomingCall(update.id, false).catch(() => undefined);
        if (session === active) {
          session.conversationId = update.id;
          host.sessionStarted(session, update.id);
          host.handledPending(session.id, update.id);
        }
        return this.emit('added', state, session);
      }
      if (isEnded(callState.state)) {
        // a hang-up racing the `connected` event still ends a call that already started here
        const started = !!session && host.hasStarted(session, update.id);
        const wasPending = !started && (!previousCall || isPending(previousCall.state));
        if (wasPending && callState.direction === 'inbound') {
          if (!host.skipHeadset(update.id, 'reject')) void host.headset.rejectIncomingCall(update.id).catch(() => undefined);
        } else if (!host.skipHeadset(update.id, 'end')) void host.headset.endCurrentCall(update.id).catch(() => undefined);
        if (wasPending) {
          if (session && session === active) host.cancelPending(session.id, update.id);
          this.conversations.delete(update.id);
          return;
        }
        if (session && session === active) {
          session.conversationId = update.id;
          host.sessionEnded(session, update.id);
        }
        return this.emit('removed', state, session);
      }
      return;
    }
    this.emit('updated', state, session);
  }

  private onPending(conversationId: string, call: ICallStateFromParticipant, session: GenesysMediaSession | undefined, active: GenesysMediaSession | undefined): void {
    const { host } = this;
    if (call.direction === 'outbound') void host.headset.outgoingCall({ conversationId }).catch(() => undefined);
    else void host.headset.setRinging({ conversationId }, (this.lastEmitted?.current.length ?? 0) > 0).catch(() => undefined);
    if (session && session === active) host.syntheticPending(session, conversationId, call.direction === 'outbound');
  }

  private reportCallError(errorInfo: unknown, conversationId: string): void {
    const now = Date.now();
    // leading-edge debounce: one error per burst
    if (now - this.lastCallError < 500) return;
    this.lastCallError = now;
    this.host.callError(errorInfo, conversationId);
  }

  private emit(kind: Kind, state: IStoredConversationState, session: GenesysMediaSession | undefined): void {
    if (kind === 'removed') this.conversations.delete(state.conversationId);
    const current = [...this.conversations.values()];
    const event: ISdkConversationUpdateEvent = {
      activeConversationId: this.activeConversationId(current, session),
      current,
      added: kind === 'added' ? [state] : [],
      removed: kind === 'removed' ? [state] : [],
    };
    this.lastEmitted = { current };
    this.host.emitUpdate(event);
  }

  private activeConversationId(current: IStoredConversationState[], session: GenesysMediaSession | undefined): string {
    if (current.length === 0) return this.host.activeSession()?.conversationId || session?.conversationId || '';
    if (current.length === 1) return current[0]?.conversationId ?? '';
    const connected = current.filter((c) => isConnected(c.mostRecentCallState?.state));
    if (connected.length === 1) return connected[0]?.conversationId ?? '';
    if (connected.length > 1) {
      const unheld = connected.find((c) => c.mostRecentCallState?.held === false);
      if (unheld) return unheld.conversationId;
    }
    return session?.conversationId || '';
  }

  /** Participant for REST call control, from the store. */
  participantOf(conversationId: string): IConversationParticipantFromEvent | undefined {
    return this.conversations.get(conversationId)?.mostRecentUserParticipant;
  }
}
