/**
 * The signalling gateway: owns the addresses its matcher accepts (softphone: every address whose
 * domain contains `gjoll`, the SDK types a session as softphone from that; video: the known room
 * JIDs), sends proposes (fan-out to all of a user's resources), handles proceed / reject, creates
 * the werift leg on the first proceed and sends the offer to that resource only (the others are
 * told by that client's `<accept>` carbon, never by a retract: a retract means the call was
 * cancelled before answer), and routes the client's Jingle / JSON-RPC IQs to the session's flavour.
 */
import type { Logger } from '../../log';
import { MediaError } from '../../media/media-error';
import type { MediaEdge } from '../../media/media-edge';
import type { RemoteCandidate } from '../../media/media-leg';
import type { MediaLeg } from '../../media/media-leg';
import type { Organization } from '../../world/types';
import type { EndpointReply, InboundStanza, JidMatcher, SessionInfo } from '../../xmpp/routing';
import type { XmppServer } from '../../xmpp/server';
import { JingleSignaling } from './jingle-signaling';
import { SdpOverXmppSignaling } from './sdp-over-xmpp-signaling';
import { SignalingSession, type ClientInfo, type SignalingFlavour, type SignalingLeg } from './session';
import type { SessionOps } from './session-ops';
import { jingleMessage, jingleMessageFields, proposeMessage, SIGNALING_DEFINITIONS } from './stanzas';

export const GATEWAY_MATCHER = /^[^@/]*@[^/]*gjoll/i;

/** `+15550100@emulated-org.gjoll.orgspan.com/edge-1` for org domain `emulated-org.orgspan.com`. */
export function gatewayJid(org: Organization, localPart: string): string {
  const [first, ...rest] = org.domain.split('.');
  const domain = rest.length > 0 ? `${first}.gjoll.${rest.join('.')}` : `${first}.gjoll`;
  const local = localPart.replace(/^tel:/, '').replace(/[\s@/"&'<>:]/g, '') || 'gateway';
  return `${local}@${domain}/edge-1`;
}

/** What the service (calls, video rooms) learns from the gateway. */
export interface GatewayHooks<L extends SignalingLeg = MediaLeg> {
  /** A resource proceeded (the user answered on that device). */
  proceeded(session: SignalingSession<L>): void;
  /** The client's answer is applied: the user's call is connected. */
  answered(session: SignalingSession<L>): void;
  /** The client declined the propose (`<reject>`). */
  rejected(session: SignalingSession<L>): void;
  /** The session ended (client terminate, failure, socket gone); already torn down. */
  ended(session: SignalingSession<L>, reason: string): void;
  /** The leg's connection state changed (media routing may start). */
  mediaStateChanged(session: SignalingSession<L>): void;
  /** Jingle session-info mute/unmute/screen-start/stop or the JSON-RPC ones (video); optional. */
  clientInfo?(session: SignalingSession<L>, info: ClientInfo): void;
}

export interface SignalingGatewayOptions<L extends SignalingLeg> {
  xmpp: XmppServer;
  log: Logger;
  hooks: GatewayHooks<L>;
  /** How long a session survives its client's socket (the client may reconnect). */
  graceMs: () => number;
  /** The cloud addresses this gateway owns. */
  matcher: JidMatcher;
  /** The media leg of a session that was just proceeded (its offer is sent next). */
  createLeg(session: SignalingSession<L>): L;
  /** Name in log lines. */
  label: string;
  /** The media section a client answer must contain (default `audio`; screen sessions are video only). */
  answerKind?: 'audio' | 'video';
  /** Presence to an owned address (e.g. a guest's `upgradeMedia` to its screen-share room). */
  onPresence?: (stanza: InboundStanza & { kind: 'presence' }) => void;
}

export interface GatewayOptions {
  xmpp: XmppServer;
  edge: MediaEdge;
  log: Logger;
  hooks: GatewayHooks<MediaLeg>;
  /** How long a session survives its client's socket (the client may reconnect). */
  graceMs: () => number;
}

export class SignalingGateway<L extends SignalingLeg> {
  private readonly sessions = new Map<string, SignalingSession<L>>();
  private readonly pendingCandidates = new Map<string, RemoteCandidate[]>();
  private readonly jingle: JingleSignaling;
  private readonly sdp: SdpOverXmppSignaling;
  private readonly offs: (() => void)[] = [];

  constructor(private readonly opts: SignalingGatewayOptions<L>) {
    const { xmpp } = opts;
    xmpp.defineStanzas(SIGNALING_DEFINITIONS);
    const ops = this.ops();
    this.jingle = new JingleSignaling(xmpp, ops);
    this.sdp = new SdpOverXmppSignaling(xmpp, ops);
    this.offs.push(xmpp.registerEndpoint(opts.matcher, (stanza, reply) => this.onStanza(stanza, reply)));
    const onClosed = (info: SessionInfo) => this.onSocketClosed(info);
    const onBound = (info: SessionInfo) => this.onSocketBound(info);
    const onRebound = (previousJid: string, info: SessionInfo) => this.onSocketRebound(previousJid, info);
    xmpp.on('closed', onClosed);
    xmpp.on('bound', onBound);
    xmpp.on('rebound', onRebound);
    this.offs.push(() => xmpp.off('closed', onClosed), () => xmpp.off('bound', onBound), () => xmpp.off('rebound', onRebound));
  }

  session(sid: string | undefined): SignalingSession<L> | undefined {
    return sid ? this.sessions.get(sid) : undefined;
  }

  all(): SignalingSession<L>[] {
    return [...this.sessions.values()];
  }

  /** Creates a session and sends the propose to every full JID of the user; returns it (also with no socket). */
  propose(init: {
    userId: string;
    gatewayJid: string;
    flavour: SignalingFlavour;
    conversationId: string;
    autoAnswer: boolean;
    persistentConversationId?: string;
    fromUserId?: string;
    originalRoomJid?: string;
    meetingId?: string;
  }): SignalingSession<L> {
    const session = new SignalingSession<L>(init.userId, init.gatewayJid, init.flavour, init.conversationId, init.persistentConversationId);
    this.sessions.set(session.id, session);
    for (const s of this.opts.xmpp.sessionsOfUser(init.userId)) {
      session.proposedTo.add(s.fullJid);
      this.opts.xmpp.sendTo(
        s.fullJid,
        'message',
        proposeMessage(session.gatewayJid, s.fullJid, {
          sessionId: session.id,
          conversationId: init.conversationId,
          autoAnswer: init.autoAnswer,
          sdpOverXmpp: init.flavour === 'sdp',
          ...(init.persistentConversationId ? { persistentConversationId: init.persistentConversationId } : {}),
          ...(init.fromUserId ? { fromUserId: init.fromUserId } : {}),
          ...(init.originalRoomJid ? { originalRoomJid: init.originalRoomJid } : {}),
          ...(init.meetingId ? { meetingId: init.meetingId } : {}),
        }),
      );
    }
    return session;
  }

  /**
   * Ends a session from the cloud side: a retract while it is only proposed, else a
   * session-terminate / JSON-RPC terminate; closes the leg. No hook runs.
   */
  end(session: SignalingSession<L>, reason = 'success'): void {
    if (session.state === 'ended') return;
    if (session.state === 'proposed') this.retract(session, [...session.proposedTo]);
    else if (session.flavour === 'jingle') this.jingle.sendTerminate(session, reason);
    else this.sdp.sendTerminate(session, reason);
    this.teardown(session);
  }

  closeAll(): void {
    for (const session of [...this.sessions.values()]) this.teardown(session);
  }

  dispose(): void {
    this.closeAll();
    for (const off of this.offs.splice(0)) off();
  }

  // --- client stanzas ---------------------------------------------------------------------------

  private onStanza(stanza: InboundStanza, reply: EndpointReply): void {
    if (stanza.kind === 'message') return this.onMessage(stanza);
    if (stanza.kind !== 'iq') return this.opts.onPresence?.(stanza);
    const { json } = stanza;
    if (json.type === 'result' || json.type === 'error') return; // acks of our terminate / transport IQs
    if (json.jingle) return this.jingle.handleIq(stanza, reply);
    if (typeof json.genesysWebrtcText === 'string') return this.sdp.handleIq(stanza, reply, json.genesysWebrtcText);
    reply.error('service-unavailable');
  }

  private onMessage(stanza: InboundStanza & { kind: 'message' }): void {
    const json = jingleMessageFields(stanza.json);
    if (json.proceed?.sessionId) {
      const session = this.sessions.get(json.proceed.sessionId);
      if (session && session.userId === stanza.session.userId) this.onProceed(session, stanza.from);
      return;
    }
    if (json.reject?.sessionId) {
      const session = this.sessions.get(json.reject.sessionId);
      if (session && session.userId === stanza.session.userId && session.state === 'proposed') {
        this.retract(session, [...session.proposedTo].filter((jid) => jid !== stanza.from));
        this.teardown(session);
        this.opts.hooks.rejected(session);
      }
    }
    // accept/retract to the gateway: nothing to do (accept carbons go to the user's bare JID).
  }

  private onProceed(session: SignalingSession<L>, from: string): void {
    if (session.state !== 'proposed') return; // a second resource, or a duplicate proceed
    session.state = 'offering';
    session.targetJid = from;
    // No retract to the other resources: a retract means the caller cancelled (§4.2). They learn
    // that this resource took the call from the `<accept>` it sends to its own bare JID, which
    // the XMPP server fans out to every socket of the user (→ `handledPendingSession`).
    this.opts.hooks.proceeded(session);
    void this.offer(session);
  }

  private async offer(session: SignalingSession<L>): Promise<void> {
    try {
      const leg = this.opts.createLeg(session);
      session.leg = leg;
      leg.onState(() => {
        if (session.state !== 'ended') this.opts.hooks.mediaStateChanged(session);
      });
      const sdp = await leg.createOffer();
      if (session.state === 'ended') return;
      if (session.flavour === 'jingle') await this.jingle.sendOffer(session, sdp);
      else this.sdp.sendOffer(session, sdp, session.conversationId);
    } catch (err) {
      if (session.state === 'ended') return;
      this.fail(session, 'failed-application', err);
    }
  }

  private ops(): SessionOps {
    // Every session a flavour hands back was looked up in this gateway's map: it has leg type L.
    const own = (session: SignalingSession): SignalingSession<L> => session as SignalingSession<L>;
    return {
      session: (sid) => this.session(sid),
      applyAnswer: async (session, sdp) => {
        if (session.state !== 'offering' || !session.leg) throw new MediaError('bad-state', `session ${session.id} is not waiting for an answer`);
        // werift accepts an "answer" without media sections or ICE/DTLS parameters: check first.
        const kind = this.opts.answerKind ?? 'audio';
        if (!new RegExp(`^m=${kind} `, 'm').test(sdp) || !/^a=ice-ufrag:/m.test(sdp) || !/^a=fingerprint:/m.test(sdp)) {
          throw new MediaError('bad-sdp', `answer lacks an ${kind} section, ICE credentials or a DTLS fingerprint`);
        }
        await session.leg.applyAnswer(sdp);
        session.state = 'connected';
        for (const c of this.pendingCandidates.get(session.id) ?? []) await session.leg.addRemoteCandidate(c).catch(() => undefined);
        this.pendingCandidates.delete(session.id);
        this.opts.hooks.answered(own(session));
      },
      addCandidate: async (session, candidate) => {
        if (session.state === 'connected' && session.leg) return session.leg.addRemoteCandidate(candidate);
        // Before the answer: validate now, apply after the answer.
        if (!/^(a=)?candidate:\S+ \d+ \S+ \d+ \S+ \d+ typ \S+/.test(candidate.candidate.trim())) {
          throw new MediaError('bad-candidate', `not an ICE candidate: ${candidate.candidate.slice(0, 80)}`);
        }
        const list = this.pendingCandidates.get(session.id) ?? [];
        list.push(candidate);
        this.pendingCandidates.set(session.id, list);
      },
      clientActive: (session) => {
        session.clientActive = true;
      },
      clientInfo: (session, info) => {
        if (session.state !== 'ended') this.opts.hooks.clientInfo?.(own(session), info);
      },
      clientTerminated: (session, reason) => {
        if (session.state === 'ended') return;
        this.teardown(own(session));
        this.opts.hooks.ended(own(session), reason);
      },
      fail: (session, condition, err) => this.fail(own(session), condition, err),
    };
  }

  private fail(session: SignalingSession<L>, condition: string, err?: unknown): void {
    if (session.state === 'ended') return;
    this.opts.log.warn(`${this.opts.label} session ${session.id} failed (${condition}): ${String((err as Error)?.message ?? err ?? '')}`);
    this.end(session, condition);
    this.opts.hooks.ended(session, condition);
  }

  private retract(session: SignalingSession<L>, jids: string[]): void {
    for (const jid of jids) this.opts.xmpp.sendTo(jid, 'message', jingleMessage('retract', session.gatewayJid, jid, session.id));
  }

  private teardown(session: SignalingSession<L>): void {
    session.state = 'ended';
    if (session.graceTimer) clearTimeout(session.graceTimer);
    session.graceTimer = undefined;
    this.sessions.delete(session.id);
    this.pendingCandidates.delete(session.id);
    void session.leg?.close();
  }

  // --- sockets going away -------------------------------------------------------------------------

  private onSocketClosed(info: SessionInfo): void {
    for (const session of this.sessions.values()) {
      if (session.state === 'proposed') {
        session.proposedTo.delete(info.fullJid);
        continue;
      }
      if (session.targetJid !== info.fullJid || session.graceTimer) continue;
      session.graceTimer = setTimeout(() => {
        session.graceTimer = undefined;
        if (session.state === 'ended') return;
        this.tellLiveClients(session);
        this.teardown(session);
        this.opts.hooks.ended(session, 'gone');
      }, this.opts.graceMs());
      session.graceTimer.unref();
    }
  }

  /** The client reconnected with a new resource: its sessions follow it (the cloud routes by user and channel, not by socket). */
  /**
   * The session's client did not come back at its JID in time, but the user is connected with
   * another one (a new resource on a new channel: the cloud cannot tell it is the same tab): each
   * of the user's live JIDs gets the terminate (reason `gone`), so a client that lost its session
   * hears it at once; clients that never had the session ignore an unknown sid.
   */
  private tellLiveClients(session: SignalingSession<L>): void {
    const live = this.opts.xmpp.sessionsOfUser(session.userId).map((s) => s.fullJid).filter((jid) => jid !== session.targetJid);
    for (const jid of live) {
      session.targetJid = jid;
      if (session.flavour === 'jingle') this.jingle.sendTerminate(session, 'gone');
      else this.sdp.sendTerminate(session, 'gone');
    }
  }

  private onSocketRebound(previousJid: string, info: SessionInfo): void {
    for (const session of this.sessions.values()) {
      if (session.proposedTo.delete(previousJid)) session.proposedTo.add(info.fullJid);
      if (session.targetJid !== previousJid) continue;
      session.targetJid = info.fullJid;
      if (session.graceTimer) clearTimeout(session.graceTimer);
      session.graceTimer = undefined;
      this.opts.log.debug(`${this.opts.label} session ${session.id} follows ${previousJid} -> ${info.fullJid}`);
    }
  }

  private onSocketBound(info: SessionInfo): void {
    for (const session of this.sessions.values()) {
      if (session.targetJid === info.fullJid && session.graceTimer) {
        clearTimeout(session.graceTimer);
        session.graceTimer = undefined;
      }
    }
  }
}

/** The softphone's gateway: `gjoll` addresses, one bridge-mode MediaLeg per session. */
export class SoftphoneGateway extends SignalingGateway<MediaLeg> {
  constructor(opts: GatewayOptions) {
    super({
      xmpp: opts.xmpp,
      log: opts.log,
      hooks: opts.hooks,
      graceMs: opts.graceMs,
      matcher: GATEWAY_MATCHER,
      createLeg: () => opts.edge.createLeg({ mode: 'bridge' }),
      label: 'softphone',
    });
  }
}
