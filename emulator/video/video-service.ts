/**
 * Video rooms and meetings: joining (REST → propose from the room → offer with the fixed SFU
 * slots in the user's signalling flavour), 1:1 invites (`peer-…` propose), bots, pins, mute and
 * screen-share signals, leaving, and the conversation / media events everyone in the room gets.
 */
import type { Logger } from '../log';
import { SignalingGateway } from '../conversations/signaling/gateway';
import type { ClientInfo, SignalingFlavour, SignalingSession } from '../conversations/signaling/session';
import { BOT_AUDIO_LEVEL_EXTENSION_ID, BotMedia } from '../media/bot/bot-media';
import { SfuPeer } from '../media/sfu/sfu-peer';
import type { Notifier } from '../notifications/notifier';
import * as ids from '../world/ids';
import type { User } from '../world/types';
import type { World } from '../world/world';
import type { XmppServer } from '../xmpp/server';
import { LIVE_STATES, ROOM_JID, VideoRoom, type VideoParticipant } from './room';

export class VideoError extends Error {
  constructor(readonly status: 400 | 403 | 404, message: string) {
    super(message);
  }
}

export interface VideoServiceOptions {
  world: World;
  xmpp: XmppServer;
  notifier: Notifier;
  log: Logger;
  /** The user's signalling flavour (shared with the softphone settings). */
  flavourOf(userId: string): SignalingFlavour;
  /** How long a session survives its client's socket. */
  graceMs(): number;
  hostAddresses: string[];
  /** A propose nobody proceeds is retracted after this long (default 60 s). */
  proposeTimeoutMs?: number;
}

export const conversationsTopic = (userId: string): string => `v2.users.${userId}.conversations`;
export const mediaTopic = (conversationId: string): string => `v2.conversations.${conversationId}.media`;

export class VideoService {
  readonly rooms = new Map<string, VideoRoom>();
  /** meetingId → room JID */
  private readonly meetings = new Map<string, string>();
  private readonly gateway: SignalingGateway<SfuPeer>;
  /** session id → [room, participant] */
  private readonly bySession = new Map<string, { room: VideoRoom; p: VideoParticipant }>();

  constructor(private readonly opts: VideoServiceOptions) {
    this.gateway = new SignalingGateway<SfuPeer>({
      xmpp: opts.xmpp,
      log: opts.log,
      label: 'video',
      graceMs: opts.graceMs,
      // The room JIDs and their peer- aliases this service knows; other @conference addresses
      // (guest screen share `acd-…`, …) belong to other services.
      matcher: (jid) => this.roomByAddress(jid.bare) !== undefined,
      createLeg: () => new SfuPeer({ hostAddresses: opts.hostAddresses }),
      hooks: {
        proceeded: () => undefined,
        answered: (session) => this.onAnswered(session),
        rejected: (session) => this.onGone(session),
        ended: (session) => this.onGone(session),
        // Forwarding starts on a key frame by itself once the viewer's transport is up (rtp-forward.ts).
        mediaStateChanged: () => undefined,
        clientInfo: (session, info) => this.onClientInfo(session, info),
      },
    });
  }

  // --- rooms and meetings --------------------------------------------------------------------------

  /** `POST /__emulator/video-rooms`: a room named `name` (or a random name) in the org's conference domain. */
  createRoom(name?: string, organizationId = this.opts.world.defaultOrganization.id, meetingId?: string): VideoRoom {
    const org = this.opts.world.organization(organizationId) ?? this.opts.world.defaultOrganization;
    const local = (name ?? `room-${ids.hex24().slice(0, 10)}`).trim().toLowerCase();
    if (!/^[a-z0-9][a-z0-9._-]*$/.test(local) || local.startsWith('peer-')) {
      throw new VideoError(400, '"name" must be lower-case letters, digits, ".", "_" or "-" (and not start with "peer-").');
    }
    const roomJid = `${local}@conference.${org.domain}`;
    if (this.rooms.has(roomJid)) throw new VideoError(400, `Room ${roomJid} exists already.`);
    return this.addRoom(roomJid, org.id, meetingId);
  }

  private addRoom(roomJid: string, organizationId: string, meetingId?: string): VideoRoom {
    const room = new VideoRoom(roomJid, organizationId, meetingId);
    room.sfu.onMediaChange(() => this.publishMedia(room));
    this.rooms.set(roomJid, room);
    return room;
  }

  /** `POST /__emulator/meetings`: a meeting id with its own room. */
  createMeeting(name?: string): VideoRoom {
    const meetingId = ids.uuid();
    const room = this.createRoom(name ?? `meeting-${meetingId.slice(0, 8)}`, undefined, meetingId);
    this.meetings.set(meetingId, room.roomJid);
    return room;
  }

  room(roomJid: string): VideoRoom {
    const room = this.rooms.get(roomJid.trim().toLowerCase());
    if (!room) throw new VideoError(404, `Video room ${roomJid} not found.`);
    return room;
  }

  /** The room (not its 1:1 alias) for an address, if known. */
  roomByAddress(bareJid: string): VideoRoom | undefined {
    const jid = bareJid.toLowerCase();
    return this.rooms.get(jid) ?? (jid.startsWith('peer-') ? this.rooms.get(jid.slice(5)) : undefined);
  }

  roomByConversation(conversationId: string): VideoRoom | undefined {
    for (const room of this.rooms.values()) if (room.conversationId === conversationId) return room;
    return undefined;
  }

  // --- REST ---------------------------------------------------------------------------------------------

  /**
   * `POST /api/v2/conversations/videos {roomId, participant:{address}}`: rooms may be invented
   * (created on first use). Address = the caller: the caller joins. Address = another user's
   * JID: the caller joins and that user is invited (propose from `peer-…`).
   */
  join(user: User, roomId: unknown, address: unknown): VideoRoom {
    if (typeof roomId !== 'string' || !roomId.trim()) throw new VideoError(400, '"roomId" is required (a room JID like name@conference.domain).');
    const roomJid = roomId.trim().toLowerCase();
    if (!ROOM_JID.test(roomJid)) throw new VideoError(400, `"roomId" ${roomId} is not a room JID like name@conference.domain.`);
    const invitee = this.invitee(user, address);
    this.requireSocket(user);
    let room = this.roomByAddress(roomJid);
    if (!room) {
      // An invented room is created with exactly the JID the client asked for (its propose must come from it).
      if (roomJid.startsWith('peer-')) throw new VideoError(404, `Video room ${roomJid} not found (peer- addresses are the 1:1 aliases of existing rooms).`);
      const domain = roomJid.slice(roomJid.indexOf('@') + 1);
      const org = [...this.opts.world.organizations.values()].find((o) => `conference.${o.domain}` === domain);
      room = this.addRoom(roomJid, org?.id ?? user.organizationId);
    }
    // Inviting someone from inside the room does not re-propose the inviter (a plain join again does: it replaces the session).
    const inside = room.live().some((p) => p.userId === user.id && (p.session?.state === 'offering' || p.session?.state === 'connected'));
    if (!(invitee && inside)) this.propose(room, user, { autoAnswer: true });
    if (invitee) this.propose(room, invitee, { autoAnswer: false, invitedBy: user });
    return room;
  }

  /** `POST /api/v2/conversations/videos/participants {meetingId, participant}`. */
  joinMeeting(user: User, meetingId: unknown): VideoRoom {
    if (typeof meetingId !== 'string' || !meetingId.trim()) throw new VideoError(400, '"meetingId" is required.');
    const roomJid = this.meetings.get(meetingId.trim());
    if (!roomJid) throw new VideoError(404, `Meeting ${meetingId} not found.`);
    const room = this.room(roomJid);
    this.requireSocket(user);
    this.propose(room, user, { autoAnswer: true });
    return room;
  }

  /** `POST|DELETE …/videos/{cid}/participants/{pid}/pin`. */
  pin(user: User, conversationId: string, participantId: string, targetId: string | null): void {
    const room = this.roomByConversation(conversationId);
    if (!room || !room.participants.some((p) => p.userId === user.id)) throw new VideoError(404, `Conversation ${conversationId} not found.`);
    const viewer = room.participant(participantId);
    if (!viewer) throw new VideoError(404, `Participant ${participantId} not found.`);
    if (viewer.userId !== user.id) throw new VideoError(403, `Participant ${participantId} is not the caller.`);
    if (targetId !== null) {
      const target = room.participant(targetId);
      if (!target || !LIVE_STATES.has(target.state)) throw new VideoError(404, `Participant ${targetId} is not in the conversation.`);
    }
    if (!room.sfu.pin(viewer.id, targetId)) throw new VideoError(400, `Participant ${participantId} has no media in the room yet.`);
  }

  conversationJson(userId: string, conversationId: string): Record<string, unknown> | undefined {
    const room = this.roomByConversation(conversationId);
    return room && room.participants.some((p) => p.userId === userId) ? room.toJson() : undefined;
  }

  // --- control ---------------------------------------------------------------------------------------------

  addBot(room: VideoRoom, o: { name?: string; audio?: boolean; video?: boolean }): VideoParticipant {
    const n = room.participants.filter((p) => p.kind === 'bot').length + 1;
    const userId = `bot-${ids.uuid()}`;
    const p = room.addParticipant({
      userId,
      name: o.name ?? `Bot ${n}`,
      kind: 'bot',
      address: `sip:${userId}@${room.roomJid.split('@')[1]}`,
      direction: 'inbound',
      state: 'connected',
    });
    p.bot = new BotMedia({ audio: o.audio ?? true, video: o.video ?? true });
    p.audioMuted = !p.bot.audio;
    p.videoMuted = !p.bot.video;
    room.sfu.add({
      id: p.id,
      appId: this.appId(p),
      audio: p.bot.audio,
      video: p.bot.video,
      audioLevelExtensionId: () => BOT_AUDIO_LEVEL_EXTENSION_ID,
    });
    this.publish(room);
    return p;
  }

  /** Remote leave or kick: the cloud ends the participant's session. */
  removeParticipant(room: VideoRoom, participantId: string): VideoParticipant {
    const p = room.participant(participantId);
    if (!p || !LIVE_STATES.has(p.state)) throw new VideoError(404, `Participant ${participantId} is not in room ${room.roomJid}.`);
    if (p.session) {
      this.bySession.delete(p.session.id);
      this.gateway.end(p.session, 'success');
    }
    this.leave(room, p);
    return p;
  }

  describe(room: VideoRoom): Record<string, unknown> {
    return {
      roomJid: room.roomJid,
      peerJid: room.peerJid,
      conversationId: room.conversationId,
      ...(room.meetingId ? { meetingId: room.meetingId } : {}),
      forwardedPackets: room.sfu.forwardedPackets(),
      participants: room.participants.map((p) => {
        const counters = p.session?.leg?.counters();
        return {
          participantId: p.id,
          userId: p.userId,
          name: p.name,
          kind: p.kind,
          state: p.state,
          audioMuted: p.audioMuted,
          videoMuted: p.videoMuted,
          sharingScreen: p.sharingScreen,
          pinnedBy: room.sfu.pinnedBy(p.id),
          sessionId: p.session?.id ?? null,
          signaling: p.session?.flavour ?? null,
          connectionState: p.session?.leg?.state.connectionState ?? null,
          transport: p.session?.leg?.transportState() ?? null,
          counters: {
            audio: { rtpPacketsFromClient: counters?.audio.rtpPacketsFromClient ?? p.bot?.sent.audio ?? 0, rtpPacketsToClient: counters?.audio.rtpPacketsToClient ?? 0 },
            video: { rtpPacketsFromClient: counters?.video.rtpPacketsFromClient ?? p.bot?.sent.video ?? 0, rtpPacketsToClient: counters?.video.rtpPacketsToClient ?? 0 },
          },
          incomingStreams: room.sfu.status(p.id)?.incomingStreams ?? [],
        };
      }),
    };
  }

  /** Ends every room (reset). */
  reset(): void {
    for (const room of this.rooms.values()) this.endRoom(room);
    this.rooms.clear();
    this.meetings.clear();
    this.bySession.clear();
    this.gateway.closeAll();
  }

  /** The process goes away (a restart): no terminate is sent, as from a crashed media server; clients find out on reconnect. */
  close(): void {
    this.gateway.closeAll();
    this.reset();
    this.gateway.dispose();
  }

  // --- internals ----------------------------------------------------------------------------------------------

  /** The cloud can only propose to a connected streaming client. */
  private requireSocket(user: User): void {
    if (this.opts.xmpp.sessionsOfUser(user.id).length === 0) throw new VideoError(400, 'The user has no connected streaming client to propose the video session to.');
  }

  private invitee(user: User, address: unknown): User | undefined {
    if (address === undefined || address === null || address === '') return undefined;
    if (typeof address !== 'string') throw new VideoError(400, '"participant.address" must be a JID.');
    const bare = address.trim().replace(/^sip:/, '').split('/')[0]!.toLowerCase();
    if (bare === user.jabberId.toLowerCase()) return undefined;
    const invitee = [...this.opts.world.users.values()].find((u) => u.jabberId.toLowerCase() === bare);
    if (!invitee || invitee.organizationId !== user.organizationId) throw new VideoError(400, `"participant.address" ${address} is not a user of the organization.`);
    return invitee;
  }

  private propose(room: VideoRoom, user: User, o: { autoAnswer: boolean; invitedBy?: User }): void {
    // A user joins a room once: a new join replaces a participant that is still there.
    for (const old of room.live().filter((p) => p.userId === user.id)) {
      if (old.session) {
        this.bySession.delete(old.session.id);
        this.gateway.end(old.session, 'alternative-session');
      }
      this.leave(room, old, false);
    }
    const p = room.addParticipant({
      userId: user.id,
      name: user.name,
      kind: 'agent',
      address: `sip:${user.jabberId}`,
      direction: o.invitedBy ? 'inbound' : 'outbound',
      state: o.invitedBy ? 'alerting' : 'contacting',
    });
    this.publish(room); // the pending state before the propose, as for calls
    const from = o.invitedBy ? room.peerJid : room.roomJid;
    const session = this.gateway.propose({
      userId: user.id,
      gatewayJid: from,
      flavour: this.opts.flavourOf(user.id),
      conversationId: room.conversationId,
      autoAnswer: o.autoAnswer,
      originalRoomJid: from,
      ...(room.meetingId ? { meetingId: room.meetingId } : {}),
      ...(o.invitedBy ? { fromUserId: o.invitedBy.id } : {}),
    });
    p.session = session;
    this.bySession.set(session.id, { room, p });
    // Nobody answers (no socket, an SDK that ignores unsolicited rooms, an invitee away): retract.
    const timer = setTimeout(() => {
      if (session.state !== 'proposed' || !this.bySession.has(session.id)) return;
      this.bySession.delete(session.id);
      this.gateway.end(session, 'timeout');
      this.leave(room, p);
    }, this.opts.proposeTimeoutMs ?? 60_000);
    timer.unref();
  }

  private onAnswered(session: SignalingSession<SfuPeer>): void {
    const entry = this.bySession.get(session.id);
    if (!entry || !session.leg) return;
    const { room, p } = entry;
    room.setState(p, 'connected');
    room.sfu.add({ id: p.id, appId: this.appId(p) });
    room.sfu.attachPeer(p.id, session.leg);
    this.publish(room);
  }

  private onGone(session: SignalingSession<SfuPeer>): void {
    const entry = this.bySession.get(session.id);
    if (!entry) return;
    this.bySession.delete(session.id);
    this.leave(entry.room, entry.p);
  }

  private onClientInfo(session: SignalingSession<SfuPeer>, info: ClientInfo): void {
    const entry = this.bySession.get(session.id);
    if (!entry) return;
    const { room, p } = entry;
    if (info.type === 'mute' || info.type === 'unmute') {
      const muted = info.type === 'mute';
      if (info.media === 'audio') p.audioMuted = muted;
      else {
        p.videoMuted = muted;
        room.sfu.setVideoMuted(p.id, muted);
      }
    } else {
      p.sharingScreen = info.type === 'screen-start';
      room.sfu.setContentType(p.id, p.sharingScreen ? 'screenshare' : 'camera');
    }
    this.publish(room);
  }

  private leave(room: VideoRoom, p: VideoParticipant, publish = true): void {
    if (!LIVE_STATES.has(p.state)) return;
    room.setState(p, 'disconnected');
    room.sfu.remove(p.id);
    p.bot?.dispose();
    if (publish) this.publish(room);
  }

  private endRoom(room: VideoRoom): void {
    for (const p of room.live()) {
      if (p.session) this.gateway.end(p.session, 'success');
      this.leave(room, p, false);
    }
    this.publish(room);
    room.sfu.close();
  }

  private appId(p: VideoParticipant) {
    return { sourceJid: p.address.replace(/^sip:/, ''), sourceParticipantId: p.id, sourceUserId: p.userId };
  }

  private publish(room: VideoRoom): void {
    const body = room.toJson();
    for (const userId of room.userIds()) this.opts.notifier.publish(conversationsTopic(userId), body);
  }

  private publishMedia(room: VideoRoom): void {
    const names = new Map(room.participants.map((p) => [p.id, p.name]));
    const participants = room.sfu.mediaView().map((m) => ({ ...m, name: names.get(m.id) }));
    this.opts.notifier.publish(mediaTopic(room.conversationId), { id: room.conversationId, participants });
  }
}
