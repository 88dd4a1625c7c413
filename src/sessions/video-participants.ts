/**
 * Pure mappings of a video session (research/sdk-flows.md §5.4, docs/video.md):
 * conversation events → participants, the offer's receive slots, and the data channel's
 * `incomingStreams` → which participant's media arrives on which receiver track.
 */
import type {
  IIncomingStreamStatus, IParticipantMedia, IParticipantRef, IParticipantUpdate, ISpeakerStatus,
} from '../types/video';

/** Our own participant on the conversation (the most recent one with our userId). */
export interface OwnParticipant {
  id: string;
  state?: string;
  purpose?: string;
  audioMuted?: boolean;
  videoMuted?: boolean;
}

interface RawVideo { state?: string; audioMuted?: boolean; videoMuted?: boolean; sharingScreen?: boolean }
interface RawParticipant { id?: string; userId?: string; name?: string; purpose?: string; videos?: RawVideo[] }

/**
 * Reads a `v2.users.{me}.conversations` body (or `GET conversations/{id}`) of a video conversation.
 * Active participants are those with a connected `videos[]` entry.
 */
export function readVideoConversation(body: unknown, userId: string): { conversationId: string; own?: OwnParticipant; active: IParticipantUpdate[] } | undefined {
  const b = body as { id?: unknown; participants?: unknown } | null;
  if (!b || typeof b.id !== 'string' || !Array.isArray(b.participants)) return undefined;
  const participants = b.participants as RawParticipant[];
  const active: IParticipantUpdate[] = [];
  let own: OwnParticipant | undefined;
  for (const p of participants) {
    if (!p || typeof p.id !== 'string') continue;
    const videos = Array.isArray(p.videos) ? p.videos : [];
    // the last entry is the current one (a participant that rejoined keeps its old entries)
    const video = videos[videos.length - 1];
    if (p.userId === userId) {
      // upstream took the first; the most recent is the live one after a rejoin
      own = { id: p.id, ...(video?.state ? { state: video.state } : {}), ...(p.purpose ? { purpose: p.purpose } : {}), audioMuted: !!video?.audioMuted, videoMuted: !!video?.videoMuted };
    }
    const connected = [...videos].reverse().find((v) => v?.state === 'connected');
    if (!connected) continue;
    active.push({
      participantId: p.id,
      userId: p.userId ?? '',
      ...(typeof p.name === 'string' && p.name ? { name: p.name } : {}),
      sharingScreen: !!connected.sharingScreen,
      videoMuted: !!connected.videoMuted,
      audioMuted: !!connected.audioMuted,
    });
  }
  return { conversationId: b.id, ...(own ? { own } : {}), active };
}

/** Added / removed by participantId, and whether anything at all changed. */
export function diffParticipants(previous: IParticipantUpdate[], next: IParticipantUpdate[]): { added: IParticipantUpdate[]; removed: IParticipantUpdate[]; changed: boolean } {
  const before = new Map(previous.map((p) => [p.participantId, p]));
  const after = new Map(next.map((p) => [p.participantId, p]));
  const added = next.filter((p) => !before.has(p.participantId));
  const removed = previous.filter((p) => !after.has(p.participantId));
  const changed = added.length > 0 || removed.length > 0 || next.some((p) => {
    const b = before.get(p.participantId);
    return !b || b.audioMuted !== p.audioMuted || b.videoMuted !== p.videoMuted || b.sharingScreen !== p.sharingScreen || b.name !== p.name || b.userId !== p.userId;
  });
  return { added, removed, changed };
}

/** One m-section of the cloud's offer. */
export interface MediaSlot {
  mid: string;
  kind: 'audio' | 'video' | 'application';
  /** `a=msid:<stream> <track>` track id, if any */
  trackId?: string;
  /** position among the sections of its kind (`audio-<n>` / `video-<n>`) */
  index: number;
}

/** The m-sections of an SDP, in order. */
export function parseMediaSlots(sdp: string | undefined): MediaSlot[] {
  if (!sdp) return [];
  const slots: MediaSlot[] = [];
  const counts = { audio: 0, video: 0, application: 0 };
  for (const section of sdp.split(/\r?\nm=/).slice(1)) {
    const kind = section.split(' ', 1)[0] as MediaSlot['kind'];
    if (kind !== 'audio' && kind !== 'video' && kind !== 'application') continue;
    const mid = /a=mid:(\S+)/.exec(section)?.[1] ?? String(slots.length);
    const trackId = /a=msid:\S+ (\S+)/.exec(section)?.[1];
    slots.push({ mid, kind, ...(trackId ? { trackId } : {}), index: counts[kind]++ });
  }
  return slots;
}

/** The slot an `incomingStreams` entry names: by its sink track id, else by `audio-<n>` / `video-<n>`. */
export function slotOf(entry: IIncomingStreamStatus, slots: MediaSlot[]): MediaSlot | undefined {
  if (entry.sinkTrackId) {
    const byTrack = slots.find((s) => s.trackId === entry.sinkTrackId);
    if (byTrack) return byTrack;
  }
  const m = /^(audio|video)-(\d+)$/.exec(entry.sinkPinId ?? '');
  if (!m) return undefined;
  return slots.find((s) => s.kind === m[1] && s.index === Number(m[2]));
}

export interface ParticipantDirectory {
  /** by participantId */
  byParticipant: Map<string, { userId?: string; name?: string }>;
}

/**
 * The remote media per participant: each occupied slot's receiver track, grouped by the source
 * participant. The participant whose video is in video slot 0 is `primary` and comes first.
 */
export function buildParticipantMedia(
  entries: IIncomingStreamStatus[],
  slots: MediaSlot[],
  trackOfMid: (mid: string) => MediaStreamTrack | undefined,
  directory: ParticipantDirectory,
): IParticipantMedia[] {
  const byId = new Map<string, IParticipantMedia & { order: number }>();
  for (const entry of entries) {
    const app = entry.appId ?? entry.appid;
    const participantId = app?.sourceParticipantId ?? entry.sourceId;
    const slot = slotOf(entry, slots);
    if (!participantId || !slot || slot.kind === 'application') continue;
    const known = directory.byParticipant.get(participantId);
    let media = byId.get(participantId);
    if (!media) {
      const userId = app?.sourceUserId ?? known?.userId;
      media = { participantId, ...(userId ? { userId } : {}), ...(known?.name ? { name: known.name } : {}), contentType: 'camera', primary: false, order: Number.MAX_SAFE_INTEGER };
      byId.set(participantId, media);
    }
    const track = trackOfMid(slot.mid);
    if (slot.kind === 'audio') {
      if (track) media.audioTrack = track;
    } else {
      if (track) media.videoTrack = track;
      media.contentType = entry.contentType === 'screenshare' ? 'screenshare' : 'camera';
      media.primary = slot.index === 0;
      media.order = slot.index;
    }
  }
  return [...byId.values()]
    .sort((a, b) => a.order - b.order)
    .map(({ order, ...media }) => { void order; return media; });
}

/** Whose video this client receives, in slot order. */
export function onScreenParticipants(media: IParticipantMedia[]): IParticipantRef[] {
  return media.filter((m) => m.videoTrack).map((m) => ({ userId: m.userId ?? '', participantId: m.participantId }));
}

/** Who is speaking now (`activity: 'speaking'`). */
export function currentSpeakers(speakers: ISpeakerStatus[]): IParticipantRef[] {
  return speakers
    .filter((s) => s.activity === 'speaking')
    .map((s) => ({ userId: s.appId?.sourceUserId ?? '', ...(s.appId?.sourceParticipantId ? { participantId: s.appId.sourceParticipantId } : {}) }));
}

/** Same members regardless of order (by userId + participantId). */
export function sameRefs(a: IParticipantRef[], b: IParticipantRef[]): boolean {
  const key = (r: IParticipantRef): string => `${r.userId}|${r.participantId ?? ''}`;
  if (a.length !== b.length) return false;
  const set = new Set(a.map(key));
  return b.every((r) => set.has(key(r)));
}

/** Same media: participants, tracks, content type and primary flag. */
export function sameMedia(a: IParticipantMedia[], b: IParticipantMedia[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((m, i) => {
    const o = b[i];
    return !!o && o.participantId === m.participantId && o.audioTrack === m.audioTrack && o.videoTrack === m.videoTrack
      && o.contentType === m.contentType && o.primary === m.primary && o.name === m.name && o.userId === m.userId;
  });
}
