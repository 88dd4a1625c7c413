import { randomUUID } from 'node:crypto';
import {
  PictureLossIndication,
  RTCPeerConnection,
  RtcpPayloadSpecificFeedback,
  useNACK,
  useOPUS,
  usePLI,
  useVP8,
  type RTCDataChannel,
  type RTCRtpTransceiver,
  type RtpPacket,
} from 'werift';
import { AudioMeter } from './audio-meter';
import { attachBehaviour, type LegMode } from './behaviour';
import { Listeners } from './listeners';
import { MediaError } from './media-error';
import { iceHostOptions } from './ice-hosts';
import { replayEarlyDtls } from './dtls-early';

export type { LegMode } from './behaviour';
export type MediaKind = 'audio' | 'video';

export interface IceServer {
  urls: string | string[];
  username?: string;
  credential?: string;
}

export interface MediaLegOptions {
  /** Offer an m=audio section (default true; screen legs are video only). */
  audio?: boolean;
  video?: boolean;
  /** Number of m=video sections when `video` (default 1): screen recording and monitoring carry up to four screens. */
  videoSlots?: number;
  /** Direction of the video sections (default: from `mode`). `recvonly` = the client only sends, `sendonly` = it only receives. */
  videoDirection?: 'sendrecv' | 'recvonly' | 'sendonly';
  /**
   * Give every media section of the offer its own `a=msid` (werift writes none on sections it only
   * receives on). Clients that fill in a default msid per kind (streaming-client's Jingle path)
   * would otherwise see one track id on several sections and fail to answer.
   */
  msidOnEverySection?: boolean;
  /** Offer an m=application (SCTP) section; the client opens the channel (as upstream video does). */
  dataChannel?: boolean;
  iceServers?: IceServer[];
  mode: LegMode;
  /** Exact host candidate addresses, e.g. ['127.0.0.1'] for loopback-only tests. Default: every interface. */
  hostAddresses?: string[];
  id?: string;
}

export interface KindCounters {
  rtpPacketsFromAgent: number;
  rtpBytesFromAgent: number;
  rtpPacketsToAgent: number;
  rtpBytesToAgent: number;
  /** Epoch ms of the last RTP packet from the agent, null before the first one. */
  lastPacketFromAgentAt: number | null;
}

export interface AudioCounters extends KindCounters {
  /** RMS (0..1) of the agent's decoded audio over the last ~200 ms. */
  audioLevelFromAgent: number;
  /** Agent packets whose decoded 20 ms frame was louder than silence. */
  loudPacketsFromAgent: number;
}

export interface LegCounters {
  audio: AudioCounters;
  video: KindCounters;
}

export type IceConnectionState = 'new' | 'checking' | 'connected' | 'completed' | 'disconnected' | 'failed' | 'closed';
export type ConnectionState = 'new' | 'connecting' | 'connected' | 'disconnected' | 'failed' | 'closed';

export interface LegState {
  iceConnectionState: IceConnectionState;
  connectionState: ConnectionState;
}

export interface RemoteCandidate {
  /** `candidate:…`, optionally with an `a=` prefix; empty or `end-of-candidates` is accepted and ignored. */
  candidate: string;
  sdpMid?: string | null;
  sdpMLineIndex?: number | null;
}

const GATHERING_TIMEOUT_MS = 5000;

const emptyCounters = (): KindCounters => ({
  rtpPacketsFromAgent: 0,
  rtpBytesFromAgent: 0,
  rtpPacketsToAgent: 0,
  rtpBytesToAgent: 0,
  lastPacketFromAgentAt: null,
});

/**
 * One werift RTCPeerConnection toward one agent browser. The cloud is always the
 * offerer: createOffer() → (signalling) → applyAnswer(). Its behaviour (echo, tone, …)
 * starts once DTLS is connected and stops on close().
 */
export class MediaLeg {
  readonly id: string;
  readonly mode: LegMode;
  private readonly pc: RTCPeerConnection;
  private readonly transceivers = new Map<MediaKind, RTCRtpTransceiver>();
  /** Every m=video transceiver in offer order (slot 0 is also `transceivers.get('video')`). */
  private readonly videoTransceivers: RTCRtpTransceiver[] = [];
  private readonly videoSlotCounts: KindCounters[] = [];
  private readonly slotRtpListeners: Listeners<[RtpPacket]>[] = [];
  private readonly videoSlotSsrc = new Map<number, number>();
  private readonly counts = { audio: emptyCounters(), video: emptyCounters() };
  private readonly meter = new AudioMeter();
  private readonly stateListeners = new Listeners<[LegState]>();
  private readonly rtpListeners = { audio: new Listeners<[RtpPacket]>(), video: new Listeners<[RtpPacket]>() };
  private readonly keyFrameListeners = new Listeners<[number]>();
  private readonly dataChannelListeners = new Listeners<[RTCDataChannel]>();
  private readonly canSendListeners = new Listeners<[]>();
  private detachBehaviour: (() => void) | null = null;
  private held = false;
  /** Kinds whose next outgoing packet starts a new source (see sourceChanged). */
  private readonly newSource = new Set<RTCRtpTransceiver>();
  private closing: Promise<void> | null = null;
  private readonly msidOnEverySection: boolean;

  constructor(options: MediaLegOptions) {
    this.msidOnEverySection = options.msidOnEverySection ?? false;
    this.id = options.id ?? randomUUID();
    this.mode = options.mode;
    this.pc = new RTCPeerConnection({
      codecs: {
        // Opus only / VP8 only: the answer can then carry nothing else. PT 111 as upstream.
        audio: [useOPUS({ mimeType: 'audio/opus', payloadType: 111, parameters: 'minptime=10;useinbandfec=1' })],
        video: [useVP8({ payloadType: 96, rtcpFeedback: [useNACK(), usePLI()] })],
      },
      iceServers: options.iceServers ?? [],
      bundlePolicy: 'max-bundle',
      ...iceHostOptions(options.hostAddresses),
    });

    const direction = options.mode === 'recvonly' ? 'recvonly' : 'sendrecv';
    if (options.audio !== false) this.addKind('audio', direction);
    if (options.video) {
      const slots = Math.max(1, Math.min(options.videoSlots ?? 1, 8));
      for (let slot = 0; slot < slots; slot++) this.addKind('video', options.videoDirection ?? direction, slot);
    }
    if (options.dataChannel) {
      // werift only offers m=application once an SCTP transport exists; createDataChannel()
      // would also open a channel of ours, but upstream the client opens it.
      (this.pc as unknown as { createSctpTransport(): void }).createSctpTransport();
      this.pc.onDataChannel.subscribe((channel) => this.dataChannelListeners.emit(channel));
    }

    this.pc.iceConnectionStateChange.subscribe(() => this.stateListeners.emit(this.state));
    this.pc.connectionStateChange.subscribe((state) => {
      if (state === 'connected' && !this.detachBehaviour && !this.closing) {
        this.detachBehaviour = attachBehaviour(this, this.mode);
      }
      if (this.canSend) this.canSendListeners.emit();
      this.stateListeners.emit(this.state);
    });
  }

  get state(): LegState {
    return { iceConnectionState: this.pc.iceConnectionState, connectionState: this.pc.connectionState };
  }

  /** Creates the offer with every host candidate inline (non-trickle, safe for streaming-client 17.2.7). */
  async createOffer(): Promise<string> {
    this.assertOpen();
    const offer = await this.pc.createOffer();
    await this.pc.setLocalDescription(offer);
    replayEarlyDtls(this.pc);
    if (this.pc.iceGatheringState !== 'complete') {
      await this.pc.iceGatheringStateChange.watch((s) => s === 'complete', GATHERING_TIMEOUT_MS).catch(() => undefined);
    }
    const sdp = this.pc.localDescription?.sdp;
    if (!sdp) throw new MediaError('bad-state', 'werift produced no local description');
    return this.msidOnEverySection ? withSectionMsids(sdp, this.id) : sdp;
  }

  async applyAnswer(sdp: string): Promise<void> {
    this.assertOpen();
    if (this.pc.signalingState !== 'have-local-offer') {
      throw new MediaError('bad-state', `cannot apply an answer in signaling state ${this.pc.signalingState}`);
    }
    if (typeof sdp !== 'string' || !sdp.startsWith('v=0')) throw new MediaError('bad-sdp', 'answer is not an SDP');
    try {
      await this.pc.setRemoteDescription({ type: 'answer', sdp });
    } catch (cause) {
      throw new MediaError('bad-sdp', `answer rejected: ${String(cause)}`, { cause });
    }
  }

  /** Adds one trickled client candidate; end-of-candidates markers are accepted and ignored. */
  async addRemoteCandidate(init: RemoteCandidate): Promise<void> {
    this.assertOpen();
    const candidate = init.candidate.trim().replace(/^a=/, '');
    if (candidate === '' || candidate === 'end-of-candidates') return;
    if (!/^candidate:\S+ \d+ \S+ \d+ \S+ \d+ typ \S+/.test(candidate)) {
      throw new MediaError('bad-candidate', `not an ICE candidate: ${candidate.slice(0, 80)}`);
    }
    // werift gathers UDP only; a TCP candidate could never pair, so skip it quietly.
    if (candidate.split(' ')[2]?.toLowerCase() !== 'udp') return;
    try {
      await this.pc.addIceCandidate({ candidate, sdpMid: init.sdpMid ?? undefined, sdpMLineIndex: init.sdpMLineIndex ?? undefined });
    } catch (cause) {
      throw new MediaError('bad-candidate', `candidate rejected: ${String(cause)}`, { cause });
    }
  }

  /** Snapshot of the per-kind RTP counters and the agent audio level. */
  counters(): LegCounters {
    return {
      audio: { ...this.counts.audio, audioLevelFromAgent: this.meter.level(), loudPacketsFromAgent: this.meter.loudPackets },
      video: { ...this.counts.video },
    };
  }

  onState(listener: (state: LegState) => void): () => void {
    return this.stateListeners.add(listener);
  }

  /** Every RTP packet the agent sends on `kind` (used by echo and bridge). */
  onAgentRtp(kind: MediaKind, listener: (rtp: RtpPacket) => void): () => void {
    return this.rtpListeners[kind].add(listener);
  }

  /** RTP the client sends on one m=video section (screens: one section per screen). */
  onVideoSlotRtp(slot: number, listener: (rtp: RtpPacket) => void): () => void {
    const listeners = this.slotRtpListeners[slot];
    return listeners ? listeners.add(listener) : () => undefined;
  }

  /** Number of m=video sections. */
  get videoSlotCount(): number {
    return this.videoTransceivers.length;
  }

  /** Per m=video section: its negotiated mid and the counters of what the client sent on it. */
  videoSlots(): Array<{ slot: number; mid: string | null; counters: KindCounters }> {
    return this.videoTransceivers.map((t, slot) => ({ slot, mid: t.mid ?? null, counters: { ...(this.videoSlotCounts[slot] as KindCounters) } }));
  }

  /** The agent asked for a video key frame (RTCP PLI on what we send); the argument is the video slot. */
  onKeyFrameRequest(listener: (slot: number) => void): () => void {
    return this.keyFrameListeners.add(listener);
  }

  /** A data channel the client opened (needs `dataChannel: true`). */
  onDataChannel(listener: (channel: RTCDataChannel) => void): () => void {
    return this.dataChannelListeners.add(listener);
  }

  /** Hold switch: while held nothing (tone, echo, bridged media) is sent to the agent. */
  setHeld(held: boolean): void {
    const could = this.canSend;
    this.held = held;
    if (this.canSend && !could) this.canSendListeners.emit();
  }

  /** What sendToAgent sends now reaches the agent: DTLS is up and the leg is not held. */
  get canSend(): boolean {
    return !this.held && !this.closing && this.pc.connectionState === 'connected';
  }

  /** Fires each time `canSend` becomes true (connected, reconnected, unheld). */
  onCanSend(listener: () => void): () => void {
    return this.canSendListeners.add(listener);
  }

  /**
   * What the agent hears now comes from another source (another call's tone, the echo, another
   * agent). Its packets keep our SSRC but bring their own sequence numbers and timestamps; a real
   * media server keeps one continuous stream, and browsers rely on it: Firefox's SRTP replay check
   * and jitter buffer drop a stream whose sequence jumps back or whose timestamp restarts.
   */
  sourceChanged(): void {
    for (const t of [...this.transceivers.values(), ...this.videoTransceivers]) this.newSource.add(t);
  }

  /** Sends one RTP packet to the agent (on video section `slot`); werift rewrites SSRC/PT/extensions. Dropped until connected and while held. */
  sendToAgent(kind: MediaKind, rtp: RtpPacket, slot = 0): void {
    const transceiver = kind === 'video' ? this.videoTransceivers[slot] : this.transceivers.get(kind);
    if (!transceiver || !this.canSend) return;
    const copy = rtp.clone(); // sendRtp mutates the header; callers may reuse the packet
    // first packet of a new source: werift offsets it to continue our sequence and timestamps
    if (this.newSource.delete(transceiver)) transceiver.sender.replaceRTP(copy.header, true);
    this.counts[kind].rtpPacketsToAgent++;
    this.counts[kind].rtpBytesToAgent += copy.serializeSize;
    const slotCounts = kind === 'video' ? this.videoSlotCounts[slot] : undefined;
    if (slotCounts) {
      slotCounts.rtpPacketsToAgent++;
      slotCounts.rtpBytesToAgent += copy.serializeSize;
    }
    transceiver.sender.sendRtp(copy).catch(() => undefined); // a send racing close() is harmless
  }

  /** Asks the agent for a video key frame (RTCP PLI) on video section `slot`. */
  requestKeyFrameFromAgent(slot = 0): void {
    const transceiver = this.videoTransceivers[slot];
    const ssrc = this.videoSlotSsrc.get(slot);
    if (!transceiver || ssrc === undefined || this.closing) return;
    transceiver.receiver.sendRtcpPLI(ssrc).catch(() => undefined);
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      this.detachBehaviour?.();
      this.detachBehaviour = null;
      this.meter.dispose();
      for (const listeners of Object.values(this.rtpListeners)) listeners.clear();
      for (const listeners of this.slotRtpListeners) listeners.clear();
      this.keyFrameListeners.clear();
      this.dataChannelListeners.clear();
      this.canSendListeners.clear();
      await this.pc.close().catch(() => undefined);
      this.stateListeners.emit(this.state);
      this.stateListeners.clear();
    })();
    return this.closing;
  }

  private addKind(kind: MediaKind, direction: 'sendrecv' | 'recvonly' | 'sendonly', slot = 0): void {
    const transceiver = this.pc.addTransceiver(kind, { direction });
    if (slot === 0) this.transceivers.set(kind, transceiver);
    if (kind === 'video') {
      this.videoTransceivers.push(transceiver);
      this.videoSlotCounts.push(emptyCounters());
      this.slotRtpListeners.push(new Listeners<[RtpPacket]>());
    }
    transceiver.onTrack.subscribe((track) => {
      track.onReceiveRtp.subscribe((rtp) => this.receive(kind, rtp, track.ssrc, slot));
    });
    transceiver.sender.onRtcp.subscribe((rtcp) => {
      if (rtcp instanceof RtcpPayloadSpecificFeedback && rtcp.feedback instanceof PictureLossIndication) {
        this.keyFrameListeners.emit(slot);
      }
    });
  }

  private receive(kind: MediaKind, rtp: RtpPacket, ssrc: number | undefined, slot: number): void {
    const counts = this.counts[kind];
    counts.rtpPacketsFromAgent++;
    counts.rtpBytesFromAgent += rtp.serializeSize;
    counts.lastPacketFromAgentAt = Date.now();
    if (kind === 'video') {
      const slotCounts = this.videoSlotCounts[slot] as KindCounters;
      slotCounts.rtpPacketsFromAgent++;
      slotCounts.rtpBytesFromAgent += rtp.serializeSize;
      slotCounts.lastPacketFromAgentAt = counts.lastPacketFromAgentAt;
      if (ssrc !== undefined) this.videoSlotSsrc.set(slot, ssrc);
      this.slotRtpListeners[slot]?.emit(rtp);
    }
    if (kind === 'audio') this.meter.push(rtp.payload);
    this.rtpListeners[kind].emit(rtp);
  }

  private assertOpen(): void {
    if (this.closing) throw new MediaError('closed', `media leg ${this.id} is closed`);
  }
}

/** Adds `a=msid:<leg> <kind>-<mid>` to each media section that has none (right after its a=mid). */
export function withSectionMsids(sdp: string, streamId: string): string {
  const [head, ...sections] = sdp.split(/\r\n(?=m=)/);
  const labelled = sections.map((section) => {
    if (/^a=msid:/m.test(section) || section.startsWith('m=application')) return section;
    const kind = /^m=(\w+)/.exec(section)?.[1] ?? 'media';
    const mid = /^a=mid:(\S+)/m.exec(section)?.[1];
    if (mid === undefined) return section;
    return section.replace(/^(a=mid:\S+)$/m, `$1\r\na=msid:${streamId} ${kind}-${mid}`);
  });
  return [head, ...labelled].join('\r\n');
}
