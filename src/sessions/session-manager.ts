/**
 * Routes session signaling from the streaming connection: jingle-message propose / retract /
 * accept / reject, Jingle IQs and SDP-over-XMPP JSON-RPC IQs. Keeps the pending sessions and
 * the live sessions, and owns the "exactly one sessionStarted / sessionEnded" guard.
 * Softphone specifics live in `SoftphoneHandler`.
 */
import type { IQ, Jingle, ReceivedMessage } from 'stanza/protocol';
import { SdkError, SdkErrorTypes } from '../errors';
import type { ResolvedConfig } from '../config';
import type { StreamingConnection } from '../streaming/connection';
import type { GenesysWebrtcJsonRpc } from '../streaming/stanza-definitions';
import type { SdkEvents } from '../types/events';
import type { ILogger } from '../types/logger';
import type { IPendingSession, JingleReason, JingleReasonCondition } from '../types/sessions';
import { SessionTypes } from '../types/sessions';
import { convertRequestToIntermediate } from 'stanza/jingle/sdp/Protocol';
import { exportToSDP } from 'stanza/jingle/sdp/Intermediate';
import { GenesysMediaSession, peerConnectionConfig } from './media-session';
import { bareJid, sessionTypeFromJid } from './session-types';
import { JingleSignaling, SdpOverXmppSignaling, jingleCandidateToSdp, parseCandidateFragment, type SignalingFlavour } from './signaling';

export interface SessionManagerDeps {
  connection: StreamingConnection;
  config: Readonly<ResolvedConfig>;
  logger: ILogger;
  emit: <K extends keyof SdkEvents>(event: K, ...args: Parameters<SdkEvents[K]>) => void;
  fail: (error: unknown, type: SdkErrorTypes, message?: string) => SdkError;
}

/** What a session-type handler implements (softphone, video). */
export interface SessionTypeHandler {
  readonly sessionType: SessionTypes;
  handlePropose(pending: IPendingSession & { sdpOverXmpp?: boolean }): void;
  /** a new session (session-initiate / offer processed); `reinviteOf` is the session it replaces */
  handleSessionInit(session: GenesysMediaSession, reinviteOf?: GenesysMediaSession): Promise<void>;
  handleSessionEnded(session: GenesysMediaSession): void;
  /** the proposal was retracted or rejected: drop what was prepared for it */
  handlePendingGone?(sessionId: string): void;
}

const KNOWN_JINGLE_ACTIONS = new Set(['session-initiate', 'transport-info', 'session-info', 'session-terminate']);
/** A peer connection made at the proceed and not claimed by an offer by then is closed. */
const EARLY_PC_TTL_MS = 15_000;

export class SessionManager {
  /** by sessionId; also looked up by conversationId + type */
  private readonly pending = new Map<string, IPendingSession & { sdpOverXmpp?: boolean }>();
  private readonly sessions = new Map<string, GenesysMediaSession>();
  private readonly handlers = new Map<SessionTypes, SessionTypeHandler>();
  /** guard: `${sessionId}|${conversationId}` that got sessionStarted / sessionEnded */
  private readonly started = new Set<string>();
  private readonly endedKeys = new Set<string>();
  private readonly detach: Array<() => void> = [];
  /** peer connections created at the proceed, by sessionId (see `sendProceed`) */
  private readonly earlyPcs = new Map<string, { pc: RTCPeerConnection; timer: ReturnType<typeof setTimeout> }>();

  constructor(private readonly deps: SessionManagerDeps) {
    const stanza = deps.connection.stanza;
    // we do Jingle ourselves: stanza's Jingle plugin would build its own peer connections
    stanza.removeAllListeners('iq:set:jingle');
    const onMessage = (msg: ReceivedMessage): void => this.safe(() => this.onMessage(msg));
    const onJingle = (iq: IQ & { jingle: Jingle }): void => this.safe(() => this.onJingle(iq));
    const onRpc = (iq: IQ & { genesysWebrtc: GenesysWebrtcJsonRpc }): void => this.safe(() => this.onRpc(iq));
    // the Genesys payload events are not in stanza's typed event map
    const raw = stanza as unknown as { on(e: string, l: (x: never) => void): void; off(e: string, l: (x: never) => void): void };
    raw.on('message', onMessage);
    raw.on('iq:set:jingle', onJingle);
    // a listener also stops stanza's automatic error reply: genesys-webrtc IQs are never acknowledged
    raw.on('iq:set:genesysWebrtc', onRpc);
    this.detach.push(() => {
      raw.off('message', onMessage);
      raw.off('iq:set:jingle', onJingle);
      raw.off('iq:set:genesysWebrtc', onRpc);
    });
  }

  registerHandler(handler: SessionTypeHandler): void {
    this.handlers.set(handler.sessionType, handler);
  }

  private get logger(): ILogger { return this.deps.logger; }

  private safe(fn: () => void | Promise<void>): void {
    try {
      const r = fn();
      if (r) r.catch((err: unknown) => this.deps.fail(err, SdkErrorTypes.session, 'Session signaling failed'));
    } catch (err) {
      this.deps.fail(err, SdkErrorTypes.session, 'Session signaling failed');
    }
  }

  private handlerFor(jid: string): SessionTypeHandler | undefined {
    const type = sessionTypeFromJid(jid);
    if (!this.deps.config.allowedSessionTypes.includes(type)) {
      // disabled types are silently ignored (not rejected), like upstream
      this.logger.debug('ignoring signaling for a disallowed session type', { type, jid });
      return undefined;
    }
    const handler = this.handlers.get(type);
    if (!handler) {
      this.deps.fail(new SdkError(SdkErrorTypes.session, 'Failed to find session handler for session', { type, jid }), SdkErrorTypes.session);
    }
    return handler;
  }

  // ---- pending sessions ----

  getPendingByConversation(conversationId: string, sessionType?: SessionTypes | string): (IPendingSession & { sdpOverXmpp?: boolean }) | undefined {
    for (const p of this.pending.values()) {
      if (p.conversationId === conversationId && (!sessionType || p.sessionType === sessionType)) return p;
    }
    return undefined;
  }

  addPending(p: IPendingSession & { sdpOverXmpp?: boolean }): void { this.pending.set(p.sessionId, p); }

  removePending(sessionId: string): (IPendingSession & { sdpOverXmpp?: boolean }) | undefined {
    const p = this.pending.get(sessionId);
    this.pending.delete(sessionId);
    return p;
  }

  get pendingCount(): number { return this.pending.size; }

  /** The session type of a conversation's live (else pending) session; softphone first, as a recording shares its call's id. */
  sessionTypeOfConversation(conversationId: string): SessionTypes | undefined {
    const types = [
      ...[...this.sessions.values()].filter((s) => s.conversationId === conversationId && !s.ended).map((s) => s.sessionType),
      ...[...this.pending.values()].filter((p) => p.conversationId === conversationId).map((p) => p.sessionType as SessionTypes),
    ];
    return types.includes(SessionTypes.softphone) ? SessionTypes.softphone : types[0];
  }

  private onMessage(msg: ReceivedMessage): void {
    const from = msg.from ?? '';
    if (msg.propose) {
      if (from === this.deps.connection.jid) return;
      const handler = this.handlerFor(from);
      if (!handler) return;
      const p = msg.propose;
      const conversationId = p.conversationId ?? '';
      const existing = this.getPendingByConversation(conversationId, handler.sessionType);
      if (existing) {
        if (existing.sessionId !== p.sessionId) {
          this.pending.delete(existing.sessionId);
          existing.sessionId = p.sessionId;
          existing.id = p.sessionId;
          existing.fromJid = from;
          existing.sdpOverXmpp = !!p.sdpOverXmpp;
          this.pending.set(p.sessionId, existing);
        }
        if (existing.accepted) this.sendProceed(existing);
        this.logger.info('duplicate session invitation, ignoring', { sessionId: p.sessionId, conversationId });
        return;
      }
      const pending: IPendingSession & { sdpOverXmpp?: boolean } = {
        id: p.sessionId,
        sessionId: p.sessionId,
        autoAnswer: !!p.autoAnswer,
        conversationId,
        sessionType: handler.sessionType,
        originalRoomJid: p.originalRoomJid ?? from,
        ...(p.fromUserId ? { fromUserId: p.fromUserId } : {}),
        toJid: msg.to ?? this.deps.connection.jid,
        fromJid: from,
        ...(p.privAnswerMode === 'Auto' ? { privAnswerMode: 'Auto' as const } : {}),
        ...(p.meetingId ? { meetingId: p.meetingId } : {}),
        sdpOverXmpp: !!p.sdpOverXmpp,
      };
      this.pending.set(pending.sessionId, pending);
      handler.handlePropose(pending);
      return;
    }
    if (msg.retract || msg.reject) {
      const sessionId = (msg.retract ?? msg.reject)?.sessionId ?? '';
      this.dropEarlyPc(sessionId);
      for (const h of this.handlers.values()) h.handlePendingGone?.(sessionId);
    }
    if (msg.retract) {
      const p = this.removePending(msg.retract.sessionId);
      if (p) this.deps.emit('cancelPendingSession', { sessionId: p.sessionId, conversationId: p.conversationId });
      return;
    }
    const handled = msg.accept ?? msg.reject;
    if (handled) {
      const p = this.removePending(handled.sessionId);
      if (p) this.deps.emit('handledPendingSession', { sessionId: p.sessionId, conversationId: p.conversationId });
    }
  }

  /**
   * `<proceed>` to the proposer's full JID. The session's peer connection is created right after it,
   * while the cloud builds its offer: constructing one costs 10-30 ms on a page's first call, which
   * would otherwise sit between the offer and our answer.
   */
  sendProceed(pending: IPendingSession): void {
    pending.accepted = true;
    this.deps.connection.sendMessage({ to: pending.fromJid, proceed: { sessionId: pending.sessionId } });
    // a task later: stanza writes the proceed in microtasks, and it must not wait for the constructor
    setTimeout(() => { if (this.pending.has(pending.sessionId)) this.createEarlyPc(pending.sessionId); }, 0);
  }

  private createEarlyPc(sessionId: string): void {
    if (this.earlyPcs.has(sessionId) || this.sessions.has(sessionId) || typeof RTCPeerConnection === 'undefined') return;
    let pc: RTCPeerConnection;
    try {
      pc = new RTCPeerConnection(peerConnectionConfig(this.iceConfiguration()));
    } catch (err) {
      this.logger.debug('could not create the peer connection early', { sessionId, error: String(err) });
      return;
    }
    const timer = setTimeout(() => this.dropEarlyPc(sessionId), EARLY_PC_TTL_MS);
    this.earlyPcs.set(sessionId, { pc, timer });
  }

  private takeEarlyPc(sessionId: string): RTCPeerConnection | undefined {
    const entry = this.earlyPcs.get(sessionId);
    if (!entry) return undefined;
    clearTimeout(entry.timer);
    this.earlyPcs.delete(sessionId);
    return entry.pc;
  }

  private dropEarlyPc(sessionId: string): void {
    const pc = this.takeEarlyPc(sessionId);
    try { pc?.close(); } catch { /* already closed */ }
  }

  private iceConfiguration(): RTCConfiguration | undefined {
    const ice = this.deps.connection.iceConfiguration;
    return ice ? { iceServers: ice.iceServers, iceTransportPolicy: ice.iceTransportPolicy } : undefined;
  }

  /** `<reject>` to our own bare JID (other clients stop ringing) and to the proposer (protocol §4.2). */
  sendReject(sessionId: string, fromJid: string): void {
    this.dropEarlyPc(sessionId);
    this.deps.connection.sendMessage({ to: bareJid(this.deps.connection.jid), reject: { sessionId } });
    this.deps.connection.sendMessage({ to: fromJid, reject: { sessionId } });
  }

  /** `<accept>` to our own bare JID so other clients stop ringing. */
  sendAcceptedToOtherClients(sessionId: string): void {
    this.deps.connection.sendMessage({ to: bareJid(this.deps.connection.jid), accept: { sessionId } });
  }

  // ---- sessions ----

  getSession(sessionId: string): GenesysMediaSession | undefined { return this.sessions.get(sessionId); }

  getAllSessions(): GenesysMediaSession[] { return [...this.sessions.values()]; }

  private createSession(sessionId: string, peerJid: string, conversationId: string | undefined, flavour: SignalingFlavour): GenesysMediaSession | undefined {
    const handler = this.handlerFor(peerJid);
    if (!handler) return undefined;
    const proposal = this.pending.get(sessionId);
    const target = { connection: this.deps.connection, sessionId, peerJid };
    const ice = this.iceConfiguration();
    let pc = this.takeEarlyPc(sessionId);
    if (pc && (pc.signalingState !== 'stable' || pc.remoteDescription)) {
      try { pc.close(); } catch { /* already closed */ }
      pc = undefined;
    }
    const session = new GenesysMediaSession({
      id: sessionId,
      peerID: peerJid,
      conversationId: conversationId || proposal?.conversationId || '',
      sessionType: handler.sessionType,
      signaling: flavour === 'jingle' ? new JingleSignaling(target) : new SdpOverXmppSignaling(target),
      ...(ice ? { iceConfiguration: ice } : {}),
      ...(pc ? { pc } : {}),
      logger: this.logger,
      ...(proposal?.fromUserId ? { fromUserId: proposal.fromUserId } : {}),
      ...(proposal?.originalRoomJid ? { originalRoomJid: proposal.originalRoomJid } : {}),
      gatherStats: !this.deps.config.optOutOfTelemetry,
    });
    session.once('terminated', (reason) => this.onTerminated(session, handler, reason));
    return session;
  }

  /** `onApplied` runs once the offer is set, before the (possibly slow: media) session init. */
  private async startSession(session: GenesysMediaSession, offerSdp: string, onApplied?: () => void): Promise<GenesysMediaSession | undefined> {
    const handler = this.handlers.get(session.sessionType);
    if (!handler) return undefined;
    const previous = this.sessions.get(session.id);
    this.sessions.set(session.id, session);
    try {
      await session.applyOffer(offerSdp);
    } catch (err) {
      this.deps.fail(err, SdkErrorTypes.session, 'Could not apply the offer');
      await session.end('failed-application');
      return undefined;
    }
    onApplied?.();
    this.sendAcceptedToOtherClients(session.id);
    await handler.handleSessionInit(session, previous && previous !== session ? previous : undefined);
    return session;
  }

  private onTerminated(session: GenesysMediaSession, handler: SessionTypeHandler, reason: JingleReason): void {
    if (this.sessions.get(session.id) === session) this.sessions.delete(session.id);
    for (const [id, p] of this.pending) if (p.sessionId === session.id) this.pending.delete(id);
    this.emitSessionEnded(session, session.conversationId, reason);
    handler.handleSessionEnded(session);
    // the session object is done: drop app listeners so nothing is retained through it
    queueMicrotask(() => session.removeAllListeners());
  }

  hasStarted(session: GenesysMediaSession, conversationId: string): boolean {
    return this.started.has(`${session.id}|${conversationId}`);
  }

  /** Emits `sessionStarted` once per session and conversation. */
  emitSessionStarted(session: GenesysMediaSession, conversationId = session.conversationId): void {
    const key = `${session.id}|${conversationId}`;
    if (this.started.has(key) || session.ended) return;
    this.started.add(key);
    this.deps.emit('sessionStarted', session);
  }

  /** Emits `sessionEnded` once per session and conversation, and only after a `sessionStarted` for it. */
  emitSessionEnded(session: GenesysMediaSession, conversationId: string, reason: JingleReason = { condition: 'success' }): void {
    const key = `${session.id}|${conversationId}`;
    if (!this.started.has(key) || this.endedKeys.has(key)) return;
    this.endedKeys.add(key);
    this.started.delete(key);
    this.deps.emit('sessionEnded', session, reason);
    // keep the ended key only while the session lives (no unbounded growth over many calls)
    if (session.ended) this.endedKeys.delete(key);
    else session.once('terminated', () => this.endedKeys.delete(key));
  }

  // ---- Jingle ----

  private reply(iq: IQ, payload: Partial<IQ> = {}): void {
    this.deps.connection.stanza.sendIQResult(iq, payload);
  }

  private replyError(iq: IQ, condition: string, jingleError?: string): void {
    this.deps.connection.stanza.sendIQError(iq, { error: { type: 'cancel', condition, ...(jingleError ? { jingleError } : {}) } } as Partial<IQ>);
  }

  private async onJingle(iq: IQ & { jingle: Jingle }): Promise<void> {
    const { jingle } = iq;
    const from = iq.from ?? '';
    const sid = jingle.sid ?? '';
    if (!KNOWN_JINGLE_ACTIONS.has(jingle.action ?? '')) return this.replyError(iq, 'bad-request');
    if (jingle.action === 'session-initiate') {
      // an sdpOverXmpp proposal gets its offer over JSON-RPC: ignore the Jingle copy silently
      if (this.pending.get(sid)?.sdpOverXmpp) return;
      if (this.sessions.has(sid)) return this.replyError(iq, 'bad-request');
      const session = this.createSession(sid, from, undefined, 'jingle');
      if (!session) return;
      const json = convertRequestToIntermediate(jingle, 'initiator');
      // a section without msid still gets a stream; track ids stay unique when a kind repeats (screen sessions carry several videos)
      const seenKinds = new Set<string>();
      for (const media of json.media) {
        if (!media.streams) media.streams = [{ stream: 'legacy', track: seenKinds.has(media.kind) ? `${media.kind}-${media.mid}` : media.kind }];
        seenKinds.add(media.kind);
      }
      const offer = exportToSDP(json);
      // Candidates carried inline in the initiate are already in `offer` (exportToSDP writes each
      // transport candidate as a=candidate), so there is no addIceCandidate for them: one on the
      // pc's operations chain would only delay createAnswer. The initiate is acknowledged as soon as
      // its offer is set (like upstream), not after our answer.
      let replied = false;
      const started = await this.startSession(session, offer, () => { replied = true; this.reply(iq); });
      if (!started && !replied) this.replyError(iq, 'internal-server-error');
      return;
    }
    const session = this.sessions.get(sid);
    if (!session || session.peerID !== from) {
      if (jingle.action === 'session-terminate') return this.reply(iq);
      return this.replyError(iq, 'item-not-found', 'unknown-session');
    }
    switch (jingle.action) {
      case 'transport-info': {
        this.reply(iq);
        for (const content of jingle.contents ?? []) {
          const transport = content.transport as { gatheringComplete?: boolean; candidates?: Parameters<typeof jingleCandidateToSdp>[0][] } | undefined;
          for (const c of transport?.candidates ?? []) await session.addRemoteCandidate({ sdpMid: content.name, candidate: jingleCandidateToSdp(c) });
          if (transport?.gatheringComplete) await session.addRemoteCandidate({ sdpMid: content.name, candidate: '' });
        }
        return;
      }
      case 'session-info': {
        this.reply(iq);
        const info = jingle.info as { infoType?: string; creator?: 'initiator' | 'responder'; name?: string } | undefined;
        const type = info?.infoType?.replace(/^\{[^}]*\}/, '');
        if (type === 'mute' || type === 'unmute') session.onRemoteInfo(type, { infoType: type, ...(info?.creator ? { creator: info.creator } : {}), ...(info?.name ? { name: info.name } : {}) });
        return;
      }
      case 'session-terminate': {
        this.reply(iq);
        session.onRemoteTerminate({ condition: (jingle.reason?.condition ?? 'success') as JingleReasonCondition });
        return;
      }
    }
  }

  // ---- SDP over XMPP (never acknowledged, like the real client) ----

  private async onRpc(iq: IQ & { genesysWebrtc: GenesysWebrtcJsonRpc }): Promise<void> {
    const rpc = iq.genesysWebrtc;
    const from = iq.from ?? '';
    const params = (rpc.params ?? {}) as { sessionId?: string; conversationId?: string; sdp?: string; reinvite?: boolean; reason?: string; type?: string };
    const sid = params.sessionId ?? '';
    const existing = this.sessions.get(sid);
    switch (rpc.method) {
      case 'offer': {
        if (!params.sdp) return;
        if (existing && !existing.ended && !params.reinvite && sameIceCredentials(existing.pc.remoteDescription?.sdp, params.sdp)) {
          this.logger.warn('ignoring a renegotiation offer for an existing session', { sessionId: sid });
          return;
        }
        const session = this.createSession(sid, from, params.conversationId, 'sdp');
        if (!session) return;
        await this.startSession(session, params.sdp);
        return;
      }
      case 'iceCandidate': {
        if (!existing || existing.peerID !== from) return;
        const candidate = params.sdp ? parseCandidateFragment(params.sdp) : undefined;
        if (candidate) await existing.addRemoteCandidate(candidate);
        return;
      }
      case 'terminate': {
        if (!existing || existing.peerID !== from) return;
        existing.onRemoteTerminate({ condition: (params.reason ?? 'success') as JingleReasonCondition });
        return;
      }
      case 'mute':
      case 'unmute': {
        if (existing) existing.onRemoteInfo(rpc.method, { infoType: rpc.method, ...(params.type ? { name: params.type } : {}) });
        return;
      }
      default:
        this.logger.debug('ignoring a genesys-webrtc request', { method: rpc.method });
    }
  }

  /** Ends every session (silently on the wire when `silent`) and stops routing. */
  async destroy(endSessions: (s: GenesysMediaSession) => Promise<void>): Promise<void> {
    await Promise.all(this.getAllSessions().map((s) => endSessions(s).catch(() => undefined)));
    for (const d of this.detach.splice(0)) d();
    for (const id of [...this.earlyPcs.keys()]) this.dropEarlyPc(id);
    this.pending.clear();
  }
}

function sameIceCredentials(a: string | undefined, b: string): boolean {
  const ufrag = (sdp: string | undefined): string | undefined => /a=ice-ufrag:(\S+)/.exec(sdp ?? '')?.[1];
  return !!a && ufrag(a) === ufrag(b);
}
