/**
 * A video room: its JID (`<name>@conference.<domain>`), the 1:1 alias `peer-<name>@…` that
 * invitees are proposed from, its one conversation, its participants (agents, guests, bots)
 * and its SFU. The conversation JSON has upstream's shape: participants carry `videos[]`
 * (`state`, `audioMuted`, `videoMuted`, `sharingScreen`, `peerCount`) and no `calls`.
 */
import type { SignalingSession } from '../conversations/signaling/session';
import type { BotMedia } from '../media/bot/bot-media';
import { Sfu } from '../media/sfu/sfu';
import type { SfuPeer } from '../media/sfu/sfu-peer';
import * as ids from '../world/ids';

export type ParticipantKind = 'agent' | 'guest' | 'bot';
export type VideoState = 'alerting' | 'contacting' | 'connected' | 'disconnected' | 'terminated';

export interface VideoParticipant {
  id: string;
  /** The video communication's id (`videos[0].id`). */
  videoId: string;
  userId: string;
  name: string;
  kind: ParticipantKind;
  /** `sip:<jid>` for agents and guests, `bot:<id>` for bots. */
  address: string;
  direction: 'inbound' | 'outbound';
  state: VideoState;
  audioMuted: boolean;
  videoMuted: boolean;
  sharingScreen: boolean;
  startTime: string;
  connectedTime?: string;
  endTime?: string;
  session?: SignalingSession<SfuPeer>;
  bot?: BotMedia;
}

export const LIVE_STATES: ReadonlySet<VideoState> = new Set(['alerting', 'contacting', 'connected']);

/** `name@conference.domain`, lower-case letters, digits, `.`, `_`, `-` (a `peer-` local part is the 1:1 alias). */
export const ROOM_JID = /^[a-z0-9][a-z0-9._-]*@conference\.[a-z0-9][a-z0-9.-]*$/;

export class VideoRoom {
  readonly conversationId = ids.uuid();
  readonly startTime = new Date().toISOString();
  readonly participants: VideoParticipant[] = [];
  readonly sfu = new Sfu();
  /** Alias the 1:1 invitees are proposed from (the SDK surfaces `peer-…@conference…` as pendingSession). */
  readonly peerJid: string;

  constructor(
    readonly roomJid: string,
    readonly organizationId: string,
    readonly meetingId?: string,
  ) {
    this.peerJid = roomJid.startsWith('peer-') ? roomJid : `peer-${roomJid}`;
  }

  participant(id: string): VideoParticipant | undefined {
    return this.participants.find((p) => p.id === id);
  }

  live(): VideoParticipant[] {
    return this.participants.filter((p) => LIVE_STATES.has(p.state));
  }

  addParticipant(init: Pick<VideoParticipant, 'userId' | 'name' | 'kind' | 'address' | 'direction' | 'state'>): VideoParticipant {
    const p: VideoParticipant = {
      id: ids.uuid(),
      videoId: ids.uuid(),
      ...init,
      audioMuted: false,
      videoMuted: false,
      sharingScreen: false,
      startTime: new Date().toISOString(),
      ...(init.state === 'connected' ? { connectedTime: new Date().toISOString() } : {}),
    };
    this.participants.push(p);
    return p;
  }

  setState(p: VideoParticipant, state: VideoState): void {
    if (p.state === state) return;
    p.state = state;
    const now = new Date().toISOString();
    if (state === 'connected') p.connectedTime ??= now;
    if (!LIVE_STATES.has(state)) p.endTime ??= now;
  }

  /** Users (agents, guests) that took part: they get the conversation events. */
  userIds(): string[] {
    return [...new Set(this.participants.filter((p) => p.kind !== 'bot').map((p) => p.userId))];
  }

  toJson(): Record<string, unknown> {
    const peerCount = this.participants.filter((p) => p.state === 'connected').length;
    const live = this.live().length > 0;
    return {
      id: this.conversationId,
      startTime: this.startTime,
      ...(live ? {} : { endTime: this.participants.at(-1)?.endTime ?? new Date().toISOString() }),
      participants: this.participants.map((p) => ({
        id: p.id,
        name: p.name,
        address: p.address,
        userId: p.userId,
        ...(p.kind !== 'bot' ? { user: { id: p.userId, selfUri: `/api/v2/users/${p.userId}` } } : {}),
        purpose: 'user',
        state: p.state,
        direction: p.direction,
        muted: p.audioMuted,
        held: false,
        confined: false,
        startTime: p.startTime,
        ...(p.connectedTime ? { connectedTime: p.connectedTime } : {}),
        ...(p.endTime ? { endTime: p.endTime } : {}),
        calls: [],
        videos: [
          {
            id: p.videoId,
            context: this.roomJid,
            state: p.state,
            audioMuted: p.audioMuted,
            videoMuted: p.videoMuted,
            sharingScreen: p.sharingScreen,
            peerCount,
            provider: 'Edge',
            ...(p.connectedTime ? { connectedTime: p.connectedTime } : {}),
            ...(p.endTime ? { disconnectedTime: p.endTime } : {}),
          },
        ],
      })),
      selfUri: `/api/v2/conversations/${this.conversationId}`,
    };
  }
}
