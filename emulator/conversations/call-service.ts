/**
 * Places, rings, connects and ends softphone calls; decides per call whether a new signalling
 * session is proposed or the user's connected one is reused (line appearance 1, persistent
 * connection: research/sdk-flows.md §4.6); publishes the conversation events in the order the
 * SDK expects (§4.4: pending state before the propose; disconnected, cloud terminate, terminated).
 */
import type { Logger } from '../log';
import { modeForDialTarget, type MediaEdge } from '../media/media-edge';
import * as ids from '../world/ids';
import type { World } from '../world/world';
import type { User } from '../world/types';
import type { XmppServer } from '../xmpp/server';
import { Conversation, PENDING_STATES, isEnded, type Participant, type RemoteMedia } from './conversation';
import type { ConversationEvents } from './conversation-events';
import { MediaRouter, agentSource, customerSource, echoSource, idleSource, toneSource, type MediaSource } from './media-routing';
import { gatewayJid, SoftphoneGateway } from './signaling/gateway';
import type { SignalingFlavour, SoftphoneSession } from './signaling/session';

export interface SoftphoneSettings {
  /** Signalling flavour for agents without their own setting. */
  signaling: SignalingFlavour;
  /** Ring time of simulated parties (numbers other than echo/tone, queues). */
  ringMs: number;
  /** How long a call survives its client's socket. */
  socketGraceMs: number;
  /** Delay between the `disconnected` and `terminated` events. */
  terminatedDelayMs: number;
}

export const DEFAULT_SETTINGS: SoftphoneSettings = { signaling: 'jingle', ringMs: 1000, socketGraceMs: 10000, terminatedDelayMs: 300 };

/** Delay before an outbound call on a reused (LA1 / persistent) session connects by itself. */
const REUSED_OUTBOUND_CONNECT_MS = 50;

export class CallError extends Error {
  constructor(readonly status: 400 | 403 | 404, message: string) {
    super(message);
  }
}

export interface PlaceCallRequest {
  phoneNumber?: string;
  callUserId?: string;
  callQueueId?: string;
  participants?: { address?: string; name?: string; userId?: string; queueId?: string }[];
}

export interface InboundCallRequest {
  toUserId: string;
  from?: string;
  fromName?: string;
  signaling?: SignalingFlavour;
}

export interface CallServiceOptions {
  world: World;
  xmpp: XmppServer;
  edge: MediaEdge;
  events: ConversationEvents;
  log: Logger;
}

export class CallService {
  settings: SoftphoneSettings = { ...DEFAULT_SETTINGS };
  readonly conversations = new Map<string, Conversation>();
  readonly gateway: SoftphoneGateway;
  private readonly router = new MediaRouter();
  /** participant id → the signalling session carrying (or that carried) its call. */
  private readonly sessionOf = new Map<string, SoftphoneSession>();
  /** session id → the conversation whose media the session's leg carries now. */
  private readonly currentOf = new Map<string, string>();
  private readonly agentSignaling = new Map<string, SignalingFlavour>();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly opts: CallServiceOptions) {
    this.gateway = new SoftphoneGateway({
      xmpp: opts.xmpp,
      edge: opts.edge,
      log: opts.log,
      graceMs: () => this.settings.socketGraceMs,
      hooks: {
        proceeded: () => undefined,
        answered: (session) => this.onAnswered(session),
        rejected: (session) => this.onSessionGone(session, 'rejected'),
        ended: (session) => this.onSessionGone(session, 'ended'),
        mediaStateChanged: (session) => this.refreshSession(session),
      },
    });
  }

  setAgentSignaling(userId: string, flavour: SignalingFlavour): void {
    this.agentSignaling.set(userId, flavour);
  }

  agentFlavour(userId: string): SignalingFlavour {
    return this.agentSignaling.get(userId) ?? this.settings.signaling;
  }

  // --- placing calls ------------------------------------------------------------------------------

  /** `POST /api/v2/conversations/calls` for `user`. */
  placeCall(user: User, req: PlaceCallRequest): Conversation {
    const { world } = this.opts;
    const first = req.participants?.[0];
    const calleeId = req.callUserId ?? first?.userId;
    const queueId = req.callQueueId ?? first?.queueId;
    const number = req.phoneNumber ?? first?.address;
    const conv = new Conversation(user.organizationId);
    const agent = conv.addParticipant({
      purpose: calleeId ? 'user' : 'agent',
      name: user.name,
      address: `sip:${user.jabberId}`,
      direction: 'outbound',
      state: 'contacting',
      userId: user.id,
    });
    let callee: User | undefined;
    if (calleeId) {
      callee = world.user(calleeId);
      if (!callee || callee.organizationId !== user.organizationId) throw new CallError(400, `User ${calleeId} not found.`);
      if (callee.id === user.id) throw new CallError(400, 'A user cannot call themselves.');
      conv.addParticipant({ purpose: 'user', name: callee.name, address: `sip:${callee.jabberId}`, direction: 'inbound', state: 'alerting', userId: callee.id });
    } else if (queueId) {
      const queue = world.queues.get(queueId);
      if (!queue || queue.organizationId !== user.organizationId) throw new CallError(400, `Queue ${queueId} not found.`);
      conv.addParticipant({ purpose: 'acd', name: queue.name, address: queue.name, direction: 'outbound', state: 'dialing', remoteMedia: 'customer' });
    } else if (number) {
      const address = number.startsWith('tel:') || number.startsWith('sip:') ? number : `tel:${number}`;
      const media: RemoteMedia = modeForDialTarget(number) as RemoteMedia;
      const name = media === 'echo' ? 'Echo' : media === 'tone' ? 'Tone' : `Customer ${number.replace(/^tel:/, '')}`;
      conv.addParticipant({ purpose: 'customer', name, address, direction: 'outbound', state: 'dialing', remoteMedia: media });
    } else {
      throw new CallError(400, 'A phoneNumber, callUserId, callQueueId or participants entry is required.');
    }
    this.conversations.set(conv.id, conv);
    const remote = conv.peerOf(agent) as Participant;
    const instant = remote.remoteMedia === 'echo' || remote.remoteMedia === 'tone';
    if (instant) conv.setState(remote, 'connected'); // echo and tone answer at once
    this.opts.events.publish(conv); // contacting (and the callee's alerting) before any propose

    const local = callee ? callee.id : queueId ? `queue-${queueId}` : (number as string);
    this.startAgentCall(conv, agent, { autoAnswer: true, gatewayLocal: local, flavour: this.agentFlavour(user.id) });
    if (callee) {
      const calleeP = conv.userParticipant(callee.id) as Participant;
      this.startAgentCall(conv, calleeP, { autoAnswer: false, gatewayLocal: user.id, flavour: this.agentFlavour(callee.id), fromUserId: user.id });
    } else if (!instant) {
      // A simulated party answers after a short ring.
      this.later(() => {
        if (isEnded(remote.call.state)) return;
        conv.setState(remote, 'connected');
        this.opts.events.publish(conv);
        this.refreshConversation(conv);
      }, this.settings.ringMs);
    }
    return conv;
  }

  /** `POST /__emulator/inbound-call`: a simulated customer rings `toUserId`. */
  inboundCall(req: InboundCallRequest): Conversation {
    const user = this.opts.world.user(req.toUserId);
    if (!user) throw new CallError(404, `User ${req.toUserId} not found.`);
    const from = req.from ?? '+13175550123';
    const conv = new Conversation(user.organizationId);
    conv.addParticipant({
      purpose: 'customer',
      name: req.fromName ?? `Customer ${from.replace(/^tel:/, '')}`,
      address: from.startsWith('tel:') || from.startsWith('sip:') ? from : `tel:${from}`,
      direction: 'inbound',
      state: 'connected',
      remoteMedia: 'customer',
    });
    const agent = conv.addParticipant({ purpose: 'agent', name: user.name, address: `sip:${user.jabberId}`, direction: 'inbound', state: 'alerting', userId: user.id });
    this.conversations.set(conv.id, conv);
    this.opts.events.publish(conv); // alerting before the propose
    this.startAgentCall(conv, agent, { autoAnswer: false, gatewayLocal: from, flavour: req.signaling ?? this.agentFlavour(user.id) });
    return conv;
  }

  /**
   * Rings / connects one agent participant: through the user's connected session when LA1 or an
   * idle persistent connection allows it (no propose), else through a new propose.
   */
  private startAgentCall(
    conv: Conversation,
    p: Participant,
    o: { autoAnswer: boolean; gatewayLocal: string; flavour: SignalingFlavour; fromUserId?: string },
  ): void {
    const userId = p.userId as string;
    const reusable = this.reusableSession(userId);
    if (reusable) {
      this.attach(reusable, conv, p);
      // Outbound calls progress by themselves; inbound ones wait for PATCH {state:'connected'}.
      if (o.autoAnswer) this.later(() => this.connect(conv, p), REUSED_OUTBOUND_CONNECT_MS);
      return;
    }
    if (this.opts.xmpp.sessionsOfUser(userId).length === 0) {
      if (o.autoAnswer) {
        this.later(() => {
          p.call.errorInfo = { code: 'error.ininedgecontrol.session.inactive', message: 'The user has no connected softphone.' };
          this.endConversation(conv);
        }, 0);
      }
      return; // inbound: keeps alerting (events only) until answered elsewhere or disconnected
    }
    const station = this.station(userId);
    const org = this.opts.world.organization(conv.organizationId) ?? this.opts.world.defaultOrganization;
    const session = this.gateway.propose({
      userId,
      gatewayJid: gatewayJid(org, o.gatewayLocal),
      flavour: o.flavour,
      conversationId: conv.id,
      autoAnswer: o.autoAnswer,
      ...(station?.persistentConnection ? { persistentConversationId: ids.uuid() } : {}),
      ...(o.fromUserId ? { fromUserId: o.fromUserId } : {}),
    });
    this.sessionOf.set(p.id, session);
  }

  // --- REST changes --------------------------------------------------------------------------------

  /**
   * Other services' conversations (video rooms…) for `GET /api/v2/conversations/{id}`: each
   * returns the conversation JSON when the user takes part in it.
   */
  readonly otherConversations: ((userId: string, conversationId: string) => Record<string, unknown> | undefined)[] = [];

  /** `GET /api/v2/conversations/{id}`: a call, or another service's conversation (else 404). */
  conversationJson(userId: string, conversationId: string): Record<string, unknown> {
    const conv = this.conversations.get(conversationId);
    if (conv?.hasUser(userId)) return conv.toJson();
    for (const lookup of this.otherConversations) {
      const other = lookup(userId, conversationId);
      if (other) return other;
    }
    throw new CallError(404, `Conversation ${conversationId} not found.`);
  }

  /** The conversation if `userId` takes part in it (else 404). */
  conversationFor(userId: string, conversationId: string): Conversation {
    const conv = this.conversations.get(conversationId);
    if (!conv || !conv.hasUser(userId)) throw new CallError(404, `Conversation ${conversationId} not found.`);
    return conv;
  }

  patchParticipant(userId: string, conversationId: string, participantId: string, body: Record<string, unknown>): Participant {
    const conv = this.conversationFor(userId, conversationId);
    const p = conv.participant(participantId);
    if (!p) throw new CallError(404, `Participant ${participantId} not found.`);
    const { muted, held, state } = body;
    if (muted === undefined && held === undefined && state === undefined) throw new CallError(400, 'Nothing to change: send muted, held or state.');
    if (muted !== undefined && typeof muted !== 'boolean') throw new CallError(400, '"muted" must be a boolean.');
    if (held !== undefined && typeof held !== 'boolean') throw new CallError(400, '"held" must be a boolean.');
    if (state !== undefined && state !== 'connected' && state !== 'disconnected') throw new CallError(400, '"state" must be connected or disconnected.');
    if (state === 'disconnected') {
      this.endConversation(conv);
      return p;
    }
    if (state === 'connected' && PENDING_STATES.has(p.call.state) && p.userId) this.acceptOverRest(conv, p);
    if (isEnded(p.call.state)) return p;
    let changed = false;
    if (typeof muted === 'boolean' && p.call.muted !== muted) {
      p.call.muted = muted;
      changed = true;
    }
    if (typeof held === 'boolean' && p.call.held !== held) {
      p.call.held = held;
      changed = true;
    }
    if (changed) {
      this.opts.events.publish(conv);
      this.refreshConversation(conv);
    }
    return p;
  }

  /** `POST …/participants/{pid}/replace`: `{voicemail:true}` declines a user-to-user call. */
  replaceParticipant(userId: string, conversationId: string, participantId: string): void {
    const conv = this.conversationFor(userId, conversationId);
    if (!conv.participant(participantId)) throw new CallError(404, `Participant ${participantId} not found.`);
    this.endConversation(conv);
  }

  /** `POST /__emulator/conversations/{id}/disconnect`: the far end hangs up. */
  remoteDisconnect(conversationId: string): Conversation {
    const conv = this.conversations.get(conversationId);
    if (!conv) throw new CallError(404, `Conversation ${conversationId} not found.`);
    this.endConversation(conv);
    return conv;
  }

  private acceptOverRest(conv: Conversation, p: Participant): void {
    const existing = this.sessionOf.get(p.id);
    if (existing && existing.state !== 'ended' && existing.conversations.has(conv.id)) {
      if (existing.state === 'connected') this.connect(conv, p);
      return; // proposed: the proceed will connect it
    }
    const reusable = this.reusableSession(p.userId as string);
    if (reusable) {
      this.attach(reusable, conv, p);
      this.connect(conv, p);
    }
  }

  // --- gateway hooks ---------------------------------------------------------------------------------

  private onAnswered(session: SoftphoneSession): void {
    for (const conv of this.conversationsOf(session)) {
      const p = this.participantOn(session, conv);
      if (p && PENDING_STATES.has(p.call.state)) this.connect(conv, p);
    }
  }

  /** The session is gone (client terminate, reject, failure, socket grace over): its calls end. */
  private onSessionGone(session: SoftphoneSession, _why: string): void {
    for (const conv of this.conversationsOf(session)) this.endConversation(conv);
    this.router.clear(session.id);
  }

  // --- state changes -----------------------------------------------------------------------------------

  private connect(conv: Conversation, p: Participant): void {
    if (!PENDING_STATES.has(p.call.state)) return;
    conv.setState(p, 'connected');
    const session = this.sessionOf.get(p.id);
    if (session) this.currentOf.set(session.id, conv.id);
    this.opts.events.publish(conv);
    this.refreshConversation(conv);
  }

  /**
   * Everyone hangs up: `disconnected` event, then the cloud's terminate for sessions that have
   * nothing left to carry (a retract while only proposed), then `terminated`.
   */
  endConversation(conv: Conversation): void {
    if (conv.ended) return;
    for (const p of conv.participants) if (!isEnded(p.call.state)) conv.setState(p, 'disconnected');
    this.opts.events.publish(conv);
    for (const p of conv.userParticipants()) {
      const session = this.sessionOf.get(p.id);
      if (!session || !session.conversations.delete(conv.id)) continue;
      if (this.currentOf.get(session.id) === conv.id) this.currentOf.delete(session.id);
      if (session.state === 'ended') continue;
      const keep =
        session.conversations.size > 0 ? session.state === 'connected' : session.state === 'connected' && !!this.station(session.userId)?.persistentConnection;
      if (keep) {
        if (!this.currentOf.has(session.id)) {
          const next = [...this.conversationsOf(session)].find((c) => this.participantOn(session, c)?.call.state === 'connected');
          if (next) this.currentOf.set(session.id, next.id);
        }
        this.refreshSession(session);
      } else {
        this.router.clear(session.id);
        this.gateway.end(session, 'success');
      }
    }
    this.refreshConversation(conv);
    this.later(() => {
      for (const p of conv.participants) conv.setState(p, 'terminated');
      this.opts.events.publish(conv);
    }, this.settings.terminatedDelayMs);
  }

  // --- media ----------------------------------------------------------------------------------------

  private refreshConversation(conv: Conversation): void {
    for (const p of conv.userParticipants()) {
      const session = this.sessionOf.get(p.id);
      if (session) this.refreshSession(session);
    }
  }

  /** Points the session's leg at the source of its current call (or silence). */
  private refreshSession(session: SoftphoneSession): void {
    const leg = session.leg;
    if (!leg || session.state === 'ended') return;
    const convId = this.currentOf.get(session.id);
    const conv = convId ? this.conversations.get(convId) : undefined;
    const p = conv ? this.participantOn(session, conv) : undefined;
    leg.setHeld(p?.call.held ?? false);
    this.router.set(session.id, leg, conv && p ? this.sourceFor(conv, p) : idleSource);
    // The other agent of a bridged call listens to this leg: let it (re)attach too.
    if (conv && p) {
      for (const q of conv.userParticipants()) {
        const other = q !== p ? this.sessionOf.get(q.id) : undefined;
        if (other && other !== session && other.leg && this.currentOf.get(other.id) === conv.id) {
          other.leg.setHeld(q.call.held);
          this.router.set(other.id, other.leg, this.sourceFor(conv, q));
        }
      }
    }
  }

  private sourceFor(conv: Conversation, p: Participant): MediaSource {
    const peer = conv.peerOf(p);
    if (!peer || p.call.state !== 'connected' || peer.call.state !== 'connected') return idleSource;
    const key = `${conv.id}:${peer.id}`;
    if (peer.remoteMedia === 'echo') return echoSource(key, () => p.call.muted);
    if (peer.remoteMedia === 'tone') return toneSource(key);
    if (peer.remoteMedia === 'customer') return customerSource(key);
    const peerSession = this.sessionOf.get(peer.id);
    if (!peerSession?.leg || peerSession.state !== 'connected') return idleSource;
    return agentSource(`${key}:${peerSession.leg.id}`, peerSession.leg, () => !peer.call.muted && !peer.call.held && !p.call.held);
  }

  // --- helpers ------------------------------------------------------------------------------------------

  private station(userId: string) {
    const user = this.opts.world.user(userId);
    return user ? this.opts.world.effectiveStation(user) : undefined;
  }

  /** The user's connected session a new call may ride on: LA1 always, persistent when idle. */
  private reusableSession(userId: string): SoftphoneSession | undefined {
    const station = this.station(userId);
    const la = station?.lineAppearance ?? 100;
    for (const session of this.gateway.all()) {
      if (session.userId !== userId || !session.mediaConnected) continue;
      if (la === 1) return session;
      if (station?.persistentConnection && session.conversations.size === 0) return session;
    }
    return undefined;
  }

  private attach(session: SoftphoneSession, conv: Conversation, p: Participant): void {
    session.conversations.add(conv.id);
    this.sessionOf.set(p.id, session);
  }

  private conversationsOf(session: SoftphoneSession): Conversation[] {
    return [...session.conversations].map((id) => this.conversations.get(id)).filter((c): c is Conversation => c !== undefined);
  }

  private participantOn(session: SoftphoneSession, conv: Conversation): Participant | undefined {
    return conv.userParticipants().find((p) => p.userId === session.userId && this.sessionOf.get(p.id) === session);
  }

  private later(fn: () => void, ms: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      try {
        fn();
      } catch (err) {
        this.opts.log.warn(`softphone timer failed: ${(err as Error).stack ?? String(err)}`);
      }
    }, ms);
    timer.unref();
    this.timers.add(timer);
  }

  // --- control API views ---------------------------------------------------------------------------------

  /**
   * Other services' legs of a conversation (screen share) for the control view; `describeById`
   * also shows a conversation that only such a service knows.
   */
  readonly extraLegs: Array<(conversationId: string) => Record<string, unknown>[]> = [];

  /** Publishes the conversation's current state to its users (other services changing it, e.g. screen share). */
  publish(conv: Conversation): void {
    this.opts.events.publish(conv);
  }

  describeById(conversationId: string): Record<string, unknown> | undefined {
    const conv = this.conversations.get(conversationId);
    if (conv) return this.describe(conv);
    const legs = this.extraLegs.flatMap((f) => f(conversationId));
    return legs.length > 0 ? { id: conversationId, participants: [], legs } : undefined;
  }

  describe(conv: Conversation): Record<string, unknown> {
    return {
      ...conv.toJson(),
      legs: [...conv.userParticipants().map((p) => {
        const session = this.sessionOf.get(p.id);
        const leg = session?.leg;
        const current = session && this.currentOf.get(session.id) === conv.id && session.conversations.has(conv.id);
        return {
          participantId: p.id,
          userId: p.userId,
          sessionId: session?.id ?? null,
          signaling: session?.flavour ?? null,
          sessionState: session?.state ?? null,
          mode: session && current ? this.router.mode(session.id) : 'idle',
          state: leg ? leg.state : null,
          counters: leg ? leg.counters() : null,
        };
      }), ...this.extraLegs.flatMap((f) => f(conv.id))],
    };
  }

  /** Ends every call and closes every leg (reset). */
  reset(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.router.clearAll();
    this.gateway.closeAll();
    this.conversations.clear();
    this.sessionOf.clear();
    this.currentOf.clear();
    this.agentSignaling.clear();
    this.settings = { ...DEFAULT_SETTINGS };
  }

  async close(): Promise<void> {
    this.reset();
    this.gateway.dispose();
    await this.opts.edge.closeAll();
  }
}
