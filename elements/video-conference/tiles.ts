import type { IMemberStatusMessage, IParticipantMedia, IParticipantUpdate } from '../internal/media-api';

/** What one remote tile shows. Pure data: built from the session events, rendered by the element. */
export interface TileModel {
  /** `participantId`, plus `:screen` for a screen-share tile. */
  key: string;
  participantId: string;
  userId?: string;
  name: string;
  audioMuted: boolean;
  videoMuted: boolean;
  sharingScreen: boolean;
  speaking: boolean;
  pinned: boolean;
  /** The server's primary video (pinned, else the active speaker). */
  primary: boolean;
  screen: boolean;
  videoTrack?: MediaStreamTrack;
  audioTrack?: MediaStreamTrack;
}

export interface RoomSnapshot {
  /** `participantsUpdate.activeParticipants` (everyone, us included). */
  active: IParticipantUpdate[];
  /** Contract 2 `participantMedia` (remote participants only). */
  media: IParticipantMedia[];
  /** Who is speaking: user ids (`speakersUpdate`) and participant ids (`memberStatusUpdate`). */
  speaking: ReadonlySet<string>;
  pinned: string | null;
  me: { participantId?: string; userId?: string };
  unnamed: (n: number) => string;
}

/** Is this participant us? By participant id when the session knows it, else by user id. */
export function isMe(p: { participantId: string; userId?: string }, me: RoomSnapshot['me']): boolean {
  if (me.participantId) return p.participantId === me.participantId;
  return Boolean(me.userId && p.userId === me.userId);
}

/**
 * One tile per remote participant (their camera, or the camera-off placeholder); a participant
 * who shares a screen gets the screen as their tile, marked `screen` so it is shown large.
 * Order: screens, the pinned one, then the order the server listed them in.
 */
export function buildTiles(room: RoomSnapshot): TileModel[] {
  const byId = new Map<string, { update?: IParticipantUpdate; media?: IParticipantMedia }>();
  for (const update of room.active) {
    if (isMe(update, room.me)) continue;
    byId.set(update.participantId, { update });
  }
  for (const media of room.media) {
    if (isMe(media, room.me)) continue;
    const entry = byId.get(media.participantId) ?? {};
    entry.media = media;
    byId.set(media.participantId, entry);
  }
  let n = 0;
  const tiles: TileModel[] = [];
  for (const [participantId, { update, media }] of byId) {
    n += 1;
    const userId = update?.userId ?? media?.userId;
    const screen = media?.contentType === 'screenshare';
    const sharingScreen = Boolean(update?.sharingScreen) || screen;
    const videoTrack = media?.videoTrack && media.videoTrack.readyState !== 'ended' ? media.videoTrack : undefined;
    tiles.push({
      key: screen ? `${participantId}:screen` : participantId,
      participantId,
      userId,
      name: update?.name || media?.name || room.unnamed(n),
      audioMuted: update?.audioMuted ?? false,
      // a screen replaces the camera on the same sender: the tile has video while sharing
      videoMuted: screen ? false : (update?.videoMuted ?? !videoTrack),
      sharingScreen,
      speaking: room.speaking.has(participantId) || Boolean(userId && room.speaking.has(userId)),
      pinned: room.pinned === participantId,
      primary: Boolean(media?.primary),
      screen,
      videoTrack,
      audioTrack: media?.audioTrack,
    });
  }
  const rank = (t: TileModel): number => (t.screen ? 0 : t.pinned ? 1 : 2);
  return tiles.map((t, i) => ({ t, i })).sort((a, b) => rank(a.t) - rank(b.t) || a.i - b.i).map(({ t }) => t);
}

/** The tile shown large in the speaker layout: a screen, the pinned one, the primary, a speaker, else the first. */
export function featuredTile(tiles: TileModel[]): TileModel | undefined {
  return tiles.find((t) => t.screen) ?? tiles.find((t) => t.pinned) ?? tiles.find((t) => t.primary)
    ?? tiles.find((t) => t.speaking) ?? tiles[0];
}

/** Participant ids and user ids that `member.notify.status` reports as speaking. */
export function speakingFromStatus(message: IMemberStatusMessage): Set<string> | undefined {
  const speakers = message?.params?.speakers;
  if (!Array.isArray(speakers)) return undefined;
  const out = new Set<string>();
  for (const s of speakers) {
    if (s.activity !== 'speaking') continue;
    if (s.appId?.sourceParticipantId) out.add(s.appId.sourceParticipantId);
    if (s.appId?.sourceUserId) out.add(s.appId.sourceUserId);
  }
  return out;
}

/** `room@conference.domain`, lower case, as the docs require for `startVideoConference`. */
export function isRoomJid(jid: string): boolean {
  return /^[a-z0-9][a-z0-9._-]*@conference\.[a-z0-9.-]+$/.test(jid);
}

/** The room's name for people: the part before `@`. */
export function roomName(jid: string): string {
  return jid.split('@')[0] || jid;
}
