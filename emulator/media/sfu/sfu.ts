/**
 * The selective forwarding unit of one video room. Members are sources (a client's SfuPeer
 * slot 0, a bot) and, when they have a peer, viewers. Each viewer has a forwarder per sending
 * slot (5 audio, 5 video); `recompute()` decides which member feeds which slot (rules in
 * `slots.ts`: pin, else active speaker in the primary video slot; everyone else sticky).
 * Each change goes to the viewer as JSON-RPC `member.notify.status` on its data channel, and
 * to the room as the `v2.conversations.{id}.media` view (`mediaView()`).
 */
import type { MediaKind } from '../media-leg';
import { Listeners } from '../listeners';
import { RtpForwarder, type RtpSource } from '../rtp-forward';
import { AudioLevelTracker, SILENCE_DBOV } from './audio-level';
import { KINDS, SLOTS, type SfuPeer } from './sfu-peer';
import { assignAudioSlots, assignVideoSlots } from './slots';
import { SpeakerDetector, type SpeakerState } from './speakers';

export type ContentType = 'camera' | 'screenshare';

export interface AppId {
  sourceJid: string;
  sourceParticipantId: string;
  sourceUserId: string;
}

export interface SfuMemberInit {
  id: string;
  appId: AppId;
  /** A bot's sources; clients get theirs from `attachPeer`. */
  audio?: RtpSource | null;
  video?: RtpSource | null;
  /** The member's own track ids (`sourceTrackId`); defaults derived from the id. */
  trackIds?: Partial<Record<MediaKind, string>>;
  /** RFC 6464 extension id in the member's audio, if it sends one. */
  audioLevelExtensionId?: () => number | undefined;
}

interface Member {
  id: string;
  appId: AppId;
  joinedAt: number;
  sources: Record<MediaKind, RtpSource | null>;
  trackIds: Record<MediaKind, string>;
  levelExtensionId: () => number | undefined;
  tracker: AudioLevelTracker | null;
  contentType: ContentType;
  videoMuted: boolean;
  peer: SfuPeer | null;
  forwarders: Record<MediaKind, RtpForwarder[]> | null;
  /** Member id per slot for this viewer. */
  slots: Record<MediaKind, (string | null)[]>;
  pinned: string | null;
  lastStatus: string;
  offControl: (() => void) | null;
}

export interface IncomingStream {
  sinkPinId: string;
  sinkTrackId: string;
  sourcePinId: string;
  sourceTrackId: string;
  sourceId: string;
  appId: AppId;
  contentType: ContentType;
}

export interface NotifyStatusParams {
  speakers: { id: string; activity: 'speaking' | 'inactive'; level: number; noisy: boolean; included: boolean; appId: AppId }[];
  incomingStreams: IncomingStream[];
  outgoingStreams: { outgoingStreamId: string; viewers: { id: string; appId: AppId }[] }[];
}

export interface MediaViewParticipant {
  /** Member id (= participant id). */
  id: string;
  userId: string;
  tracks: { mediaType: MediaKind; sinks: string[] }[];
}

const SPEAKER_TICK_MS = 200;

export class Sfu {
  private readonly members = new Map<string, Member>();
  private readonly detector = new SpeakerDetector();
  private speakers: SpeakerState = { speaking: [], active: null };
  private levels = new Map<string, number>();
  private readonly timer: NodeJS.Timeout;
  private readonly mediaListeners = new Listeners<[]>();
  private lastMediaView = '';
  private closed = false;

  constructor() {
    this.timer = setInterval(() => this.tickSpeakers(), SPEAKER_TICK_MS);
    this.timer.unref();
  }

  add(init: SfuMemberInit): void {
    if (this.closed || this.members.has(init.id)) return;
    const short = init.id.slice(0, 8);
    const member: Member = {
      id: init.id,
      appId: init.appId,
      joinedAt: Date.now(),
      sources: { audio: init.audio ?? null, video: init.video ?? null },
      trackIds: { audio: init.trackIds?.audio ?? `audio-${short}`, video: init.trackIds?.video ?? `video-${short}` },
      levelExtensionId: init.audioLevelExtensionId ?? (() => undefined),
      tracker: null,
      contentType: 'camera',
      videoMuted: false,
      peer: null,
      forwarders: null,
      slots: { audio: Array<string | null>(SLOTS).fill(null), video: Array<string | null>(SLOTS).fill(null) },
      pinned: null,
      lastStatus: '',
      offControl: null,
    };
    if (member.sources.audio) member.tracker = new AudioLevelTracker(member.sources.audio, member.levelExtensionId);
    this.members.set(member.id, member);
    this.recompute();
  }

  /** The member's client peer is connected: it becomes a source (slot 0) and a viewer (all slots). */
  attachPeer(id: string, peer: SfuPeer): void {
    const member = this.members.get(id);
    if (!member || member.peer === peer) return;
    this.detachViewer(member);
    member.peer = peer;
    member.sources = { audio: peer.source('audio'), video: peer.source('video') };
    member.trackIds = {
      audio: peer.clientTrackId('audio') ?? member.trackIds.audio,
      video: peer.clientTrackId('video') ?? member.trackIds.video,
    };
    member.levelExtensionId = () => peer.audioLevelExtensionId();
    member.tracker?.dispose();
    member.tracker = new AudioLevelTracker(member.sources.audio!, member.levelExtensionId);
    member.forwarders = {
      audio: Array.from({ length: SLOTS }, (_, slot) => new RtpForwarder('audio', peer.sink('audio', slot))),
      video: Array.from({ length: SLOTS }, (_, slot) => new RtpForwarder('video', peer.sink('video', slot))),
    };
    member.offControl = peer.onControlOpen(() => {
      member.lastStatus = '';
      this.sendStatus(member);
    });
    this.recompute();
  }

  remove(id: string): void {
    const member = this.members.get(id);
    if (!member) return;
    this.detachViewer(member);
    member.tracker?.dispose();
    this.members.delete(id);
    for (const m of this.members.values()) if (m.pinned === id) m.pinned = null;
    this.recompute();
  }

  has(id: string): boolean {
    return this.members.has(id);
  }

  /** `targetId` null unpins. Returns false when the target is not in the room. */
  pin(viewerId: string, targetId: string | null): boolean {
    const viewer = this.members.get(viewerId);
    if (!viewer || (targetId !== null && !this.members.has(targetId))) return false;
    viewer.pinned = targetId;
    this.recompute();
    return true;
  }

  pinnedBy(targetId: string): string[] {
    return [...this.members.values()].filter((m) => m.pinned === targetId).map((m) => m.id);
  }

  setContentType(id: string, contentType: ContentType): void {
    const member = this.members.get(id);
    if (!member || member.contentType === contentType) return;
    member.contentType = contentType;
    this.recompute(true);
  }

  setVideoMuted(id: string, muted: boolean): void {
    const member = this.members.get(id);
    if (!member || member.videoMuted === muted) return;
    member.videoMuted = muted;
    this.recompute();
  }

  /** What one viewer gets now (also what its data channel was sent last). */
  status(viewerId: string): NotifyStatusParams | undefined {
    const viewer = this.members.get(viewerId);
    return viewer ? this.statusOf(viewer) : undefined;
  }

  /** For each member, the viewers' sink track ids it feeds (`v2.conversations.{id}.media`). */
  mediaView(): MediaViewParticipant[] {
    const sinks = new Map<string, Record<MediaKind, string[]>>();
    for (const m of this.members.values()) sinks.set(m.id, { audio: [], video: [] });
    for (const viewer of this.members.values()) {
      if (!viewer.peer) continue;
      for (const kind of KINDS) {
        viewer.slots[kind].forEach((sourceId, slot) => {
          if (sourceId) sinks.get(sourceId)?.[kind].push(viewer.peer!.sinkTrackIds[kind][slot]!);
        });
      }
    }
    return [...this.members.values()].map((m) => ({
      id: m.id,
      userId: m.appId.sourceUserId,
      tracks: KINDS.map((kind) => ({ mediaType: kind, sinks: sinks.get(m.id)![kind] })),
    }));
  }

  /** Fires when `mediaView()` changed. */
  onMediaChange(listener: () => void): () => void {
    return this.mediaListeners.add(listener);
  }

  /** Packets forwarded to viewers so far (all slots). */
  forwardedPackets(): number {
    let n = 0;
    for (const m of this.members.values()) for (const kind of KINDS) for (const f of m.forwarders?.[kind] ?? []) n += f.forwarded;
    return n;
  }

  close(): void {
    this.closed = true;
    clearInterval(this.timer);
    for (const m of [...this.members.values()]) {
      this.detachViewer(m);
      m.tracker?.dispose();
    }
    this.members.clear();
    this.mediaListeners.clear();
  }

  // --- assignment -----------------------------------------------------------------------------

  private recompute(forceStatus = false): void {
    if (this.closed) return;
    for (const viewer of this.members.values()) {
      if (!viewer.peer || !viewer.forwarders) continue;
      const others = [...this.members.values()].filter((m) => m !== viewer).sort((a, b) => a.joinedAt - b.joinedAt);
      viewer.slots.video = assignVideoSlots({
        previous: viewer.slots.video,
        candidates: others.filter((m) => m.sources.video).map((m) => ({ id: m.id, videoMuted: m.videoMuted })),
        pinned: viewer.pinned,
        activeSpeaker: this.speakers.active,
      });
      viewer.slots.audio = assignAudioSlots({
        previous: viewer.slots.audio,
        candidates: others.filter((m) => m.sources.audio).map((m) => m.id),
        speaking: this.speakers.speaking,
      });
      for (const kind of KINDS) {
        viewer.slots[kind].forEach((sourceId, slot) => {
          const source = sourceId ? this.members.get(sourceId)?.sources[kind] ?? null : null;
          viewer.forwarders![kind][slot]!.setSource(source);
        });
      }
      if (forceStatus) viewer.lastStatus = '';
      this.sendStatus(viewer);
    }
    const view = JSON.stringify(this.mediaView());
    if (view !== this.lastMediaView) {
      this.lastMediaView = view;
      this.mediaListeners.emit();
    }
  }

  // --- status -----------------------------------------------------------------------------------

  private statusOf(viewer: Member): NotifyStatusParams {
    const incomingStreams: IncomingStream[] = [];
    if (viewer.peer) {
      for (const kind of KINDS) {
        viewer.slots[kind].forEach((sourceId, slot) => {
          const source = sourceId ? this.members.get(sourceId) : undefined;
          if (!source) return;
          incomingStreams.push({
            sinkPinId: `${kind}-${slot}`,
            sinkTrackId: viewer.peer!.sinkTrackIds[kind][slot]!,
            sourcePinId: `${kind}-0`,
            sourceTrackId: source.trackIds[kind],
            sourceId: source.id,
            appId: source.appId,
            contentType: kind === 'video' ? source.contentType : 'camera',
          });
        });
      }
    }
    const viewersOf = (kind: MediaKind) =>
      [...this.members.values()].filter((v) => v !== viewer && v.slots[kind].includes(viewer.id)).map((v) => ({ id: v.id, appId: v.appId }));
    const outgoingStreams = KINDS.filter((kind) => viewer.sources[kind]).map((kind) => ({ outgoingStreamId: viewer.trackIds[kind], viewers: viewersOf(kind) }));
    const speakers = [...this.members.values()]
      .filter((m) => m.sources.audio)
      .map((m) => {
        const speaking = this.speakers.speaking.includes(m.id);
        return {
          id: m.id,
          activity: speaking ? ('speaking' as const) : ('inactive' as const),
          // Rounded to 10 dB so that a changing level alone does not resend the status.
          level: Math.round((this.levels.get(m.id) ?? SILENCE_DBOV) / 10) * 10,
          noisy: false,
          included: true,
          appId: m.appId,
        };
      });
    return { speakers, incomingStreams, outgoingStreams };
  }

  private sendStatus(viewer: Member): void {
    if (!viewer.peer?.controlOpen) return;
    const params = this.statusOf(viewer);
    // Levels are reported, but only a change of who speaks, mappings or viewers triggers a send.
    const key = JSON.stringify({ ...params, speakers: params.speakers.map((s) => [s.id, s.activity]) });
    if (key === viewer.lastStatus) return;
    if (viewer.peer.sendControl({ jsonrpc: '2.0', method: 'member.notify.status', params })) viewer.lastStatus = key;
  }

  private tickSpeakers(): void {
    const levels = new Map<string, number>();
    for (const m of this.members.values()) if (m.tracker) levels.set(m.id, m.tracker.level());
    this.levels = levels;
    const next = this.detector.update(levels);
    const changed = next.active !== this.speakers.active || next.speaking.join() !== this.speakers.speaking.join();
    this.speakers = next;
    if (changed) this.recompute();
  }

  private detachViewer(member: Member): void {
    member.offControl?.();
    member.offControl = null;
    for (const kind of KINDS) for (const f of member.forwarders?.[kind] ?? []) f.dispose();
    member.forwarders = null;
    member.peer = null;
    member.slots = { audio: Array<string | null>(SLOTS).fill(null), video: Array<string | null>(SLOTS).fill(null) };
  }
}
