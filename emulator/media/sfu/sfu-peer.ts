/**
 * One client's peer connection in a video room (BRIEF contract 1). The cloud offers FIXED slots
 * and never renegotiates: `m=audio` slot 0 (sendrecv: the client's mic in, remote audio out),
 * `m=audio` slots 1..4 (sendonly), `m=video` slot 0 (sendrecv: camera in, the primary remote
 * video out), `m=video` slots 1..4 (sendonly), then `m=application` for the client's
 * `videoConferenceControl` data channel. Every sending slot has its own `a=msid:<stream> <track>`
 * (unique across the room, so the shared `v2.conversations.{id}.media` sinks stay unambiguous).
 */
import { randomUUID } from 'node:crypto';
import {
  RTCPeerConnection,
  RtcpPayloadSpecificFeedback,
  useAudioLevelIndication,
  useNACK,
  useOPUS,
  usePLI,
  useVP8,
  type RTCDataChannel,
  type RTCRtpTransceiver,
  type RtpPacket,
} from 'werift';
import type { SignalingLeg } from '../../conversations/signaling/session';
import { Listeners } from '../listeners';
import { MediaError } from '../media-error';
import type { IceServer, LegState, MediaKind, RemoteCandidate } from '../media-leg';
import type { RtpSink, RtpSource } from '../rtp-forward';
import { iceHostOptions } from '../ice-hosts';
import { replayEarlyDtls } from '../dtls-early';

/** Receive slots per kind (slot 0 is also the client's sending slot). */
export const SLOTS = 5;
export const KINDS: readonly MediaKind[] = ['audio', 'video'];
export const AUDIO_LEVEL_URI = 'urn:ietf:params:rtp-hdrext:ssrc-audio-level';

const GATHERING_TIMEOUT_MS = 5000;

export interface SfuPeerOptions {
  id?: string;
  /** Exact host candidate addresses (e.g. ['127.0.0.1']); default every interface. */
  hostAddresses?: string[];
  iceServers?: IceServer[];
}

export interface PeerKindCounters {
  rtpPacketsFromClient: number;
  rtpBytesFromClient: number;
  rtpPacketsToClient: number;
  rtpBytesToClient: number;
}

export type PeerCounters = Record<MediaKind, PeerKindCounters>;

const emptyCounters = (): PeerKindCounters => ({ rtpPacketsFromClient: 0, rtpBytesFromClient: 0, rtpPacketsToClient: 0, rtpBytesToClient: 0 });

export class SfuPeer implements SignalingLeg {
  readonly id: string;
  private readonly pc: RTCPeerConnection;
  private readonly transceivers: Record<MediaKind, RTCRtpTransceiver[]> = { audio: [], video: [] };
  /** The msid track id of each sending slot (`sinkTrackId` in incomingStreams). */
  readonly sinkTrackIds: Record<MediaKind, string[]> = { audio: [], video: [] };
  private readonly counts: PeerCounters = { audio: emptyCounters(), video: emptyCounters() };
  private readonly clientSsrc = new Map<MediaKind, number>();
  private readonly rtpListeners = { audio: new Listeners<[RtpPacket]>(), video: new Listeners<[RtpPacket]>() };
  private readonly keyFrameListeners = { audio: [] as Listeners<[]>[], video: [] as Listeners<[]>[] };
  private readonly stateListeners = new Listeners<[LegState]>();
  private readonly controlListeners = new Listeners<[]>();
  private readonly canSendListeners = new Listeners<[]>();
  private channel: RTCDataChannel | null = null;
  private answerSdp = '';
  private closing: Promise<void> | null = null;

  constructor(options: SfuPeerOptions = {}) {
    this.id = options.id ?? randomUUID();
    this.pc = new RTCPeerConnection({
      codecs: {
        audio: [useOPUS({ mimeType: 'audio/opus', payloadType: 111, parameters: 'minptime=10;useinbandfec=1' })],
        video: [useVP8({ payloadType: 96, rtcpFeedback: [useNACK(), usePLI(), { type: 'ccm', parameter: 'fir' }] })],
      },
      // The client's RFC 6464 audio level feeds the speaker detection without decoding its Opus.
      // Nothing else: werift numbers extensions across kinds, and one URI under two ids in one
      // BUNDLE group is asking for trouble; packets are routed by the SSRCs in the SDP.
      headerExtensions: { audio: [useAudioLevelIndication()], video: [] },
      iceServers: options.iceServers ?? [],
      bundlePolicy: 'max-bundle',
      ...iceHostOptions(options.hostAddresses),
    });
    const short = this.id.slice(0, 8);
    for (const kind of KINDS) {
      for (let slot = 0; slot < SLOTS; slot++) {
        const transceiver = this.pc.addTransceiver(kind, { direction: slot === 0 ? 'sendrecv' : 'sendonly' });
        const trackId = `${kind}-${slot}-${short}`;
        transceiver.sender.streamId = `sfu-${kind}-${slot}-${short}`;
        (transceiver.sender as { trackId: string }).trackId = trackId;
        this.sinkTrackIds[kind].push(trackId);
        const keyFrames = new Listeners<[]>();
        this.keyFrameListeners[kind].push(keyFrames);
        transceiver.sender.onRtcp.subscribe((rtcp) => {
          // PLI (fmt 1) or FIR (fmt 4) on what this slot sends: the viewer wants a key frame.
          if (rtcp instanceof RtcpPayloadSpecificFeedback && (rtcp.feedback.count === 1 || rtcp.feedback.count === 4)) keyFrames.emit();
        });
        if (slot === 0) {
          transceiver.onTrack.subscribe((track) => {
            track.onReceiveRtp.subscribe((rtp) => this.receive(kind, rtp, track.ssrc));
          });
        }
        this.transceivers[kind].push(transceiver);
      }
    }
    // werift offers m=application only once an SCTP transport exists; the client opens the channel.
    (this.pc as unknown as { createSctpTransport(): void }).createSctpTransport();
    this.pc.onDataChannel.subscribe((channel) => {
      this.channel = channel;
      channel.stateChanged.subscribe((state) => {
        if (state === 'open') this.controlListeners.emit();
      });
      if (channel.readyState === 'open') this.controlListeners.emit();
    });
    this.pc.iceConnectionStateChange.subscribe(() => this.stateListeners.emit(this.state));
    this.pc.connectionStateChange.subscribe((state) => {
      if (state === 'connected' && !this.closing) this.canSendListeners.emit();
      this.stateListeners.emit(this.state);
    });
  }

  get state(): LegState {
    return { iceConnectionState: this.pc.iceConnectionState, connectionState: this.pc.connectionState };
  }

  /** The offer with every host candidate inline (no trickle from the cloud). */
  async createOffer(): Promise<string> {
    this.assertOpen();
    await this.pc.setLocalDescription(await this.pc.createOffer());
    replayEarlyDtls(this.pc);
    if (this.pc.iceGatheringState !== 'complete') {
      await this.pc.iceGatheringStateChange.watch((s) => s === 'complete', GATHERING_TIMEOUT_MS).catch(() => undefined);
    }
    const sdp = this.pc.localDescription?.sdp;
    if (!sdp) throw new MediaError('bad-state', 'werift produced no local description');
    return sdp;
  }

  async applyAnswer(sdp: string): Promise<void> {
    this.assertOpen();
    if (this.pc.signalingState !== 'have-local-offer') throw new MediaError('bad-state', `cannot apply an answer in signaling state ${this.pc.signalingState}`);
    if (typeof sdp !== 'string' || !sdp.startsWith('v=0')) throw new MediaError('bad-sdp', 'answer is not an SDP');
    try {
      await this.pc.setRemoteDescription({ type: 'answer', sdp });
    } catch (cause) {
      throw new MediaError('bad-sdp', `answer rejected: ${String(cause)}`, { cause });
    }
    this.answerSdp = sdp;
  }

  async addRemoteCandidate(init: RemoteCandidate): Promise<void> {
    this.assertOpen();
    const candidate = init.candidate.trim().replace(/^a=/, '');
    if (candidate === '' || candidate === 'end-of-candidates') return;
    if (!/^candidate:\S+ \d+ \S+ \d+ \S+ \d+ typ \S+/.test(candidate)) throw new MediaError('bad-candidate', `not an ICE candidate: ${candidate.slice(0, 80)}`);
    if (candidate.split(' ')[2]?.toLowerCase() !== 'udp') return; // werift gathers UDP only
    try {
      await this.pc.addIceCandidate({ candidate, sdpMid: init.sdpMid ?? undefined, sdpMLineIndex: init.sdpMLineIndex ?? undefined });
    } catch (cause) {
      throw new MediaError('bad-candidate', `candidate rejected: ${String(cause)}`, { cause });
    }
  }

  onState(listener: (state: LegState) => void): () => void {
    return this.stateListeners.add(listener);
  }

  /** Each layer's state (the control API shows it: which of ICE, DTLS and the data channel came up). */
  transportState(): { ice: string; dtls: string | null; control: string | null } {
    return { ice: this.pc.iceConnectionState, dtls: this.pc.dtlsTransports[0]?.state ?? null, control: this.channel?.readyState ?? null };
  }

  counters(): PeerCounters {
    return { audio: { ...this.counts.audio }, video: { ...this.counts.video } };
  }

  /** What the client sends on `kind` (slot 0), as a forwarding source. */
  source(kind: MediaKind): RtpSource {
    return {
      id: `${this.id}:${kind}`,
      onRtp: (listener) => this.rtpListeners[kind].add(listener),
      requestKeyFrame: () => this.requestKeyFrameFromClient(),
    };
  }

  /** Sending slot `slot` of `kind` toward the client, as a forwarding sink. */
  sink(kind: MediaKind, slot: number): RtpSink {
    const transceiver = this.transceivers[kind][slot];
    if (!transceiver) throw new MediaError('bad-state', `no ${kind} slot ${slot}`);
    return {
      send: (rtp) => {
        if (!this.canSend) return;
        this.counts[kind].rtpPacketsToClient++;
        this.counts[kind].rtpBytesToClient += rtp.serializeSize;
        transceiver.sender.sendRtp(rtp).catch(() => undefined); // a send racing close() is harmless
      },
      onKeyFrameRequest: (listener) => this.keyFrameListeners[kind][slot]!.add(listener),
      canSend: () => this.canSend,
      onCanSend: (listener) => this.canSendListeners.add(listener),
    };
  }

  /** DTLS is up (SRTP keys exist): what the slots send now reaches the client. */
  get canSend(): boolean {
    return !this.closing && this.pc.connectionState === 'connected';
  }

  /** The client's own msid track id of `kind` (its `sourceTrackId`), once its answer is applied. */
  clientTrackId(kind: MediaKind): string | undefined {
    const section = mediaSections(this.answerSdp).filter((m) => m.startsWith(`m=${kind}`))[0];
    return section ? /^a=msid:\S+ (\S+)/m.exec(section)?.[1] : undefined;
  }

  /** The negotiated RFC 6464 extension id in the client's audio, if it agreed to send it. */
  audioLevelExtensionId(): number | undefined {
    const section = mediaSections(this.answerSdp).find((m) => m.startsWith('m=audio'));
    const id = section ? new RegExp(`^a=extmap:(\\d+)\\S* ${AUDIO_LEVEL_URI}`, 'm').exec(section)?.[1] : undefined;
    return id ? Number(id) : undefined;
  }

  /** The data channel the client opened is open (member.notify.status can go out). */
  onControlOpen(listener: () => void): () => void {
    return this.controlListeners.add(listener);
  }

  get controlOpen(): boolean {
    return this.channel?.readyState === 'open';
  }

  /** Sends one JSON message on the client's data channel; false when it is not open. */
  sendControl(message: unknown): boolean {
    if (!this.channel || this.channel.readyState !== 'open' || this.closing) return false;
    try {
      this.channel.send(JSON.stringify(message));
      return true;
    } catch {
      return false;
    }
  }

  requestKeyFrameFromClient(): void {
    const ssrc = this.clientSsrc.get('video');
    const transceiver = this.transceivers.video[0];
    if (ssrc === undefined || !transceiver || this.closing) return;
    transceiver.receiver.sendRtcpPLI(ssrc).catch(() => undefined);
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      for (const l of Object.values(this.rtpListeners)) l.clear();
      this.controlListeners.clear();
      this.canSendListeners.clear();
      await this.pc.close().catch(() => undefined);
      this.stateListeners.emit(this.state);
      this.stateListeners.clear();
    })();
    return this.closing;
  }

  private receive(kind: MediaKind, rtp: RtpPacket, ssrc: number | undefined): void {
    this.counts[kind].rtpPacketsFromClient++;
    this.counts[kind].rtpBytesFromClient += rtp.serializeSize;
    if (ssrc !== undefined) this.clientSsrc.set(kind, ssrc);
    this.rtpListeners[kind].emit(rtp);
  }

  private assertOpen(): void {
    if (this.closing) throw new MediaError('closed', `SFU peer ${this.id} is closed`);
  }
}

function mediaSections(sdp: string): string[] {
  return sdp.split(/\r?\n(?=m=)/).slice(1);
}
