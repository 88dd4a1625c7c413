/**
 * The three screen flows (research/sdk-flows.md §6, §7):
 * - guest screen share: the guest's `upgradeMedia` presence to the `acd-…` room of its JWT →
 *   propose from that room → offer receiving one screen; the conversation's customer participant
 *   lists it in `screenshares[]` (conversation events to the agent);
 * - screen recording: proposed to a user from `screenrecording-<cid>@conference…`, up to four
 *   screens, metadata POSTed by the client once connected, ended only by the cloud;
 * - live screen monitoring: proposed to a target and an observer from `livemonitor-<cid>@…`,
 *   the target's screens forwarded to the observer; the observer (or the cloud) ends it.
 */
import type { CallService } from '../conversations/call-service';
import type { Conversation } from '../conversations/conversation';
import type { SignalingFlavour } from '../conversations/signaling/session';
import type { Logger } from '../log';
import { forwardVideoSlots } from '../media/forward';
import type { MediaEdge } from '../media/media-edge';
import * as ids from '../world/ids';
import type { World } from '../world/world';
import type { InboundStanza } from '../xmpp/routing';
import type { XmppServer } from '../xmpp/server';
import { createScreenGateway, legView, roomJid, type ScreenGateway, type ScreenRole, type ScreenSession } from './screen-gateway';

export class ScreenError extends Error {
  constructor(readonly status: 400 | 403 | 404, message: string) {
    super(message);
  }
}

export type ScreenState = 'proposed' | 'connecting' | 'connected' | 'ended';

interface GuestShare {
  conversationId: string;
  guestUserId: string;
  roomJid: string;
  session: ScreenSession;
  screenShareId: string;
  state: ScreenState;
  endReason?: string;
}

interface Recording {
  conversationId: string;
  userId: string;
  roomJid: string;
  session: ScreenSession;
  state: ScreenState;
  metadata: unknown[];
  metadataPosts: number;
  metadataRequests: Array<{ participantJid?: unknown; roomId?: unknown; conversationId?: unknown; backgroundAssistant: boolean }>;
  endReason?: string;
}

interface Monitoring {
  conversationId: string;
  targetUserId: string;
  observerUserId: string;
  roomJid: string;
  target: ScreenSession;
  observer: ScreenSession;
  state: ScreenState;
  metadata: unknown[];
  metadataPosts: number;
  stopForwarding?: () => void;
  endReason?: string;
  endedBy?: 'observer' | 'target' | 'cloud' | 'failure';
}

export interface ScreenServiceOptions {
  world: World;
  xmpp: XmppServer;
  edge: MediaEdge;
  log: Logger;
  calls: CallService;
}

export class ScreenService {
  readonly gateway: ScreenGateway;
  private readonly roles = new Map<string, { role: ScreenRole; key: string }>();
  private readonly shares = new Map<string, GuestShare>();
  private readonly recordings = new Map<string, Recording>();
  private readonly monitorings = new Map<string, Monitoring>();

  constructor(private readonly opts: ScreenServiceOptions) {
    this.gateway = createScreenGateway({
      xmpp: opts.xmpp,
      edge: opts.edge,
      log: opts.log,
      graceMs: () => opts.calls.settings.socketGraceMs,
      roleOf: (session) => this.roles.get(session.id)?.role,
      hooks: {
        proceeded: (session) => this.update(session, 'connecting'),
        answered: (session) => this.onAnswered(session),
        rejected: (session) => this.onEnded(session, 'decline'),
        ended: (session, reason) => this.onEnded(session, reason),
        mediaStateChanged: () => undefined,
      },
      onPresence: (stanza) => this.onPresence(stanza),
    });
    opts.calls.extraLegs.push((conversationId) => {
      const share = this.shares.get(conversationId);
      return share ? [{ purpose: 'screenShare', ...legView(share.session, 'guest', share.guestUserId), state: share.state, mediaState: share.session.leg?.state ?? null }] : [];
    });
  }

  private get flavour(): SignalingFlavour {
    return this.opts.calls.settings.signaling;
  }

  // --- guest screen share ---------------------------------------------------------------------------

  private onPresence(stanza: InboundStanza & { kind: 'presence' }): void {
    if ((stanza.json.type as string | undefined) !== 'upgradeMedia' && stanza.xml.attributes.type !== 'upgradeMedia') return;
    const room = stanza.to.split('/')[0] ?? '';
    const claims = stanza.session.jwtClaims as { data?: { jid?: string; conversationId?: string } } | undefined;
    // only the guest whose JWT names this room may share into it
    if (!room.toLowerCase().startsWith('acd-') || claims?.data?.jid?.toLowerCase() !== room.toLowerCase()) {
      this.opts.log.debug(`upgradeMedia to ${room} ignored: not the sender's screen-share room`);
      return;
    }
    const x = stanza.xml.getChild('x', 'orgspan:mediastream');
    // XML booleans: upstream writes "true", stanza's boolean attributes "1"
    const wantsScreen = ['true', '1'].includes(String(x?.getChild('mediastream')?.attributes.screenShare));
    const conversationId = claims.data?.conversationId ?? x?.attributes.conversationId;
    if (!wantsScreen || typeof conversationId !== 'string') return;
    const previous = this.shares.get(conversationId);
    if (previous && previous.state !== 'ended') this.endShare(previous, 'success');
    const session = this.gateway.propose({
      userId: stanza.session.userId,
      gatewayJid: room,
      flavour: this.flavour,
      conversationId,
      autoAnswer: true,
      originalRoomJid: room,
    });
    this.roles.set(session.id, { role: 'guest', key: conversationId });
    this.shares.set(conversationId, { conversationId, guestUserId: stanza.session.userId, roomJid: room, session, screenShareId: ids.uuid(), state: 'proposed' });
  }

  private endShare(share: GuestShare, reason: string): void {
    this.gateway.end(share.session, reason);
    this.onEnded(share.session, reason);
  }

  /** The call conversation the guest shares into (the agent's call with the customer), if any. */
  private publishShare(share: GuestShare): void {
    const conv: Conversation | undefined = this.opts.calls.conversations.get(share.conversationId);
    if (!conv) return;
    const customer = conv.participants.find((p) => p.userId === undefined) ?? conv.participants[0];
    if (!customer) return;
    const now = new Date().toISOString();
    const entry = {
      id: share.screenShareId,
      state: share.state === 'ended' ? 'disconnected' : 'connected',
      context: share.roomJid,
      sharing: share.state !== 'ended',
      peerCount: share.state === 'ended' ? 0 : 1,
      provider: 'Screen Share',
      ...(share.state === 'ended' ? { disconnectedTime: now } : { connectedTime: now }),
    };
    customer.screenshares = [...(customer.screenshares ?? []).filter((s) => s.id !== share.screenShareId), entry];
    this.opts.calls.publish(conv);
  }

  // --- screen recording -------------------------------------------------------------------------------

  startRecording(req: { userId: string; conversationId?: string; signaling?: SignalingFlavour }): Recording {
    const user = this.opts.world.user(req.userId);
    if (!user) throw new ScreenError(404, `User ${req.userId} not found.`);
    const org = this.opts.world.organization(user.organizationId) ?? this.opts.world.defaultOrganization;
    const conversationId = req.conversationId ?? ids.uuid();
    const existing = this.recordings.get(conversationId);
    if (existing && existing.state !== 'ended') throw new ScreenError(400, `Conversation ${conversationId} is already being recorded.`);
    const room = roomJid('screenrecording', conversationId, org);
    const session = this.gateway.propose({
      userId: user.id,
      gatewayJid: room,
      flavour: req.signaling ?? this.flavour,
      conversationId,
      autoAnswer: false,
      originalRoomJid: room,
    });
    this.roles.set(session.id, { role: 'recorder', key: conversationId });
    const recording: Recording = {
      conversationId, userId: user.id, roomJid: room, session, state: 'proposed', metadata: [], metadataPosts: 0, metadataRequests: [],
    };
    this.recordings.set(conversationId, recording);
    return recording;
  }

  endRecording(conversationId: string): Record<string, unknown> {
    const recording = this.recordings.get(conversationId);
    if (!recording) throw new ScreenError(404, `Screen recording ${conversationId} not found.`);
    if (recording.state !== 'ended') {
      this.gateway.end(recording.session, 'success');
      this.onEnded(recording.session, 'success');
    }
    return this.recordingView(recording);
  }

  recordingView(recording: Recording): Record<string, unknown> {
    const view = legView(recording.session, 'recorder', recording.userId);
    return {
      conversationId: recording.conversationId,
      userId: recording.userId,
      roomJid: recording.roomJid,
      state: recording.state,
      ...(recording.endReason ? { endReason: recording.endReason } : {}),
      metadata: recording.metadata,
      metadataPosts: recording.metadataPosts,
      metadataRequests: recording.metadataRequests,
      sessionId: view.sessionId,
      signaling: view.signaling,
      mediaState: view.state,
      tracks: view.tracks,
      counters: view.counters,
    };
  }

  recording(conversationId: string): Recording | undefined {
    return this.recordings.get(conversationId);
  }

  /**
   * `POST /api/v2/recordings/screensessions/metadata[/backgroundassistant]`: stored on the
   * recording (or live monitoring) of `conversationId` that belongs to the caller.
   */
  storeMetadata(userId: string, body: Record<string, unknown>, backgroundAssistant: boolean): void {
    const conversationId = typeof body.conversationId === 'string' ? body.conversationId : undefined;
    const metaData = body.metaData;
    if (!conversationId || !Array.isArray(metaData)) throw new ScreenError(400, 'conversationId and metaData[] are required.');
    const recording = this.recordings.get(conversationId);
    if (recording && recording.userId === userId) {
      recording.metadata = metaData;
      recording.metadataPosts++;
      recording.metadataRequests.push({ participantJid: body.participantJid, roomId: body.roomId, conversationId, backgroundAssistant });
      return;
    }
    const monitoring = this.monitorings.get(conversationId);
    if (monitoring && monitoring.targetUserId === userId) {
      monitoring.metadata = metaData;
      monitoring.metadataPosts++;
      return;
    }
    throw new ScreenError(404, `No screen session ${conversationId} of this user.`);
  }

  // --- live screen monitoring ---------------------------------------------------------------------------

  startMonitoring(req: { targetUserId: string; observerUserId: string; signaling?: SignalingFlavour }): Monitoring {
    const target = this.opts.world.user(req.targetUserId);
    const observer = this.opts.world.user(req.observerUserId);
    if (!target) throw new ScreenError(404, `User ${req.targetUserId} not found.`);
    if (!observer) throw new ScreenError(404, `User ${req.observerUserId} not found.`);
    if (target.id === observer.id) throw new ScreenError(400, 'The observer cannot monitor their own screen.');
    const org = this.opts.world.organization(target.organizationId) ?? this.opts.world.defaultOrganization;
    const conversationId = ids.uuid();
    const room = roomJid('livemonitor', conversationId, org);
    const flavour = req.signaling ?? this.flavour;
    // inin-user-id is the target on both proposes: the target sees itself (auto-accept), the observer sees whom it watches
    const base = { gatewayJid: room, flavour, conversationId, autoAnswer: false, originalRoomJid: room, fromUserId: target.id };
    const targetSession = this.gateway.propose({ ...base, userId: target.id });
    const observerSession = this.gateway.propose({ ...base, userId: observer.id });
    this.roles.set(targetSession.id, { role: 'target', key: conversationId });
    this.roles.set(observerSession.id, { role: 'observer', key: conversationId });
    const monitoring: Monitoring = {
      conversationId, targetUserId: target.id, observerUserId: observer.id, roomJid: room,
      target: targetSession, observer: observerSession, state: 'proposed', metadata: [], metadataPosts: 0,
    };
    this.monitorings.set(conversationId, monitoring);
    return monitoring;
  }

  endMonitoring(conversationId: string): Record<string, unknown> {
    const monitoring = this.monitorings.get(conversationId);
    if (!monitoring) throw new ScreenError(404, `Live monitoring ${conversationId} not found.`);
    this.finishMonitoring(monitoring, 'success', 'cloud');
    return this.monitoringView(monitoring);
  }

  monitoring(conversationId: string): Monitoring | undefined {
    return this.monitorings.get(conversationId);
  }

  monitoringView(m: Monitoring): Record<string, unknown> {
    return {
      conversationId: m.conversationId,
      roomJid: m.roomJid,
      targetUserId: m.targetUserId,
      observerUserId: m.observerUserId,
      state: m.state,
      ...(m.endReason ? { endReason: m.endReason } : {}),
      ...(m.endedBy ? { endedBy: m.endedBy } : {}),
      metadata: m.metadata,
      metadataPosts: m.metadataPosts,
      legs: [legView(m.target, 'target', m.targetUserId), legView(m.observer, 'observer', m.observerUserId)],
    };
  }

  private finishMonitoring(m: Monitoring, reason: string, by: NonNullable<Monitoring['endedBy']>): void {
    if (m.state === 'ended') return;
    m.state = 'ended';
    m.endReason = reason;
    m.endedBy = by;
    m.stopForwarding?.();
    m.stopForwarding = undefined;
    this.roles.delete(m.target.id);
    this.roles.delete(m.observer.id);
    this.gateway.end(m.target, reason);
    this.gateway.end(m.observer, reason);
  }

  // --- gateway hooks --------------------------------------------------------------------------------------

  private update(session: ScreenSession, state: ScreenState): void {
    const role = this.roles.get(session.id);
    if (!role) return;
    if (role.role === 'guest') {
      const share = this.shares.get(role.key);
      if (share && share.session === session && share.state !== 'ended') share.state = state;
    } else if (role.role === 'recorder') {
      const rec = this.recordings.get(role.key);
      if (rec && rec.session === session && rec.state !== 'ended') rec.state = state;
    }
  }

  private onAnswered(session: ScreenSession): void {
    const role = this.roles.get(session.id);
    if (!role) return;
    this.update(session, 'connected');
    if (role.role === 'guest') {
      const share = this.shares.get(role.key);
      if (share) this.publishShare(share);
      return;
    }
    if (role.role === 'target' || role.role === 'observer') {
      const m = this.monitorings.get(role.key);
      if (!m || m.state === 'ended') return;
      if (m.target.state === 'connected' && m.observer.state === 'connected' && m.target.leg && m.observer.leg) {
        m.state = 'connected';
        m.stopForwarding = forwardVideoSlots(m.target.leg, m.observer.leg);
      } else {
        m.state = 'connecting';
      }
    }
  }

  private onEnded(session: ScreenSession, reason: string): void {
    const role = this.roles.get(session.id);
    if (!role) return;
    this.roles.delete(session.id);
    if (role.role === 'guest') {
      const share = this.shares.get(role.key);
      if (share && share.session === session && share.state !== 'ended') {
        share.state = 'ended';
        share.endReason = reason;
        this.publishShare(share);
      }
    } else if (role.role === 'recorder') {
      const rec = this.recordings.get(role.key);
      if (rec && rec.session === session && rec.state !== 'ended') {
        rec.state = 'ended';
        rec.endReason = reason;
      }
    } else {
      const m = this.monitorings.get(role.key);
      if (m) this.finishMonitoring(m, reason, reason === 'success' || reason === 'decline' ? role.role : 'failure');
    }
  }

  /** Ends every session and forgets everything (reset). */
  reset(): void {
    for (const m of this.monitorings.values()) m.stopForwarding?.();
    this.gateway.closeAll();
    this.roles.clear();
    this.shares.clear();
    this.recordings.clear();
    this.monitorings.clear();
  }

  dispose(): void {
    this.reset();
    this.gateway.dispose();
  }
}
