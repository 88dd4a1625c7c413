/**
 * Generic RTP forwarding without re-encoding: one sink (a sending transceiver toward one client)
 * fed by a switchable source (another client's received track, a bot, a softphone leg…).
 *
 * Per sink the outgoing sequence numbers and timestamps continue across source switches (the
 * sender's SSRC and payload type are the sink's own, set by werift), so the receiver sees one
 * seamless stream. After a switch, video waits for a key frame of the new source (asked for with
 * a PLI at once, and again every 300 ms until one comes) so the decoder never gets a delta frame
 * it cannot use; a receiver's own PLI/FIR is passed on to the current source.
 *
 * Nothing is forwarded, and no key frame asked for, while the sink's transport cannot send yet
 * (before DTLS is up: a key frame "sent" then is lost, and a bot's key frame rate limit would
 * hold back the next one). Each time the transport comes up, video restarts on a fresh key frame.
 *
 * Used by the video SFU (`sfu/`) and usable for "forward this leg's video to that leg"
 * (live screen monitoring): `forwardLeg(fromLeg, toLeg, 'video')`.
 */
import { RtpHeader, RtpPacket } from 'werift';
import type { MediaKind, MediaLeg } from './media-leg';
import { isVp8KeyFrameStart } from './vp8/vp8-rtp';

/** Something that produces RTP of one kind. */
export interface RtpSource {
  readonly id: string;
  onRtp(listener: (rtp: RtpPacket) => void): () => void;
  /** Ask for a video key frame (PLI to a client, next key frame of a bot's clip). */
  requestKeyFrame(): void;
}

/** Something that sends RTP of one kind to one receiver. */
export interface RtpSink {
  send(rtp: RtpPacket): void;
  /** The receiver asked for a key frame (RTCP PLI/FIR). */
  onKeyFrameRequest(listener: () => void): () => void;
  /** The transport toward the receiver is up (DTLS connected, not held): what is sent arrives. */
  canSend(): boolean;
  /** Fires each time `canSend()` becomes true (first connect, a reconnect, an unhold). */
  onCanSend(listener: () => void): () => void;
}

const CLOCK_RATE: Record<MediaKind, number> = { audio: 48000, video: 90000 };
const KEY_FRAME_RETRY_MS = 300;

export class RtpForwarder {
  private source: RtpSource | null = null;
  private offSource: (() => void) | null = null;
  private readonly offSink: () => void;
  private retry: NodeJS.Timeout | null = null;
  /** Offsets from the current source's numbering to ours; null until its first forwarded packet. */
  private seqOffset: number | null = null;
  private tsOffset = 0;
  private lastSeq: number | null = null;
  private lastTs = 0;
  private lastSentAt = 0;
  private waitingForKeyFrame = false;
  forwarded = 0;

  constructor(
    readonly kind: MediaKind,
    private readonly sink: RtpSink,
  ) {
    const offRequests = sink.onKeyFrameRequest(() => this.source?.requestKeyFrame());
    const offCanSend = sink.onCanSend(() => this.restartOnKeyFrame());
    this.offSink = () => {
      offRequests();
      offCanSend();
    };
  }

  get current(): RtpSource | null {
    return this.source;
  }

  /** Switches the source (null: send nothing). Same source: nothing happens. */
  setSource(source: RtpSource | null): void {
    if (source === this.source) return;
    this.offSource?.();
    this.offSource = null;
    this.stopRetry();
    this.source = source;
    this.seqOffset = null;
    if (!source) return;
    this.offSource = source.onRtp((rtp) => this.onPacket(rtp));
    this.restartOnKeyFrame();
  }

  /**
   * Video: hold packets back until the source's next key frame, asking for one now and every
   * 300 ms; while the sink cannot send, only wait (it asks once the transport is up).
   */
  restartOnKeyFrame(): void {
    if (this.kind !== 'video' || !this.source) return;
    this.stopRetry();
    this.waitingForKeyFrame = true;
    this.seqOffset = null; // what is skipped meanwhile is never sent: no sequence gap to NACK
    if (!this.sink.canSend()) return;
    this.source.requestKeyFrame();
    this.retry = setInterval(() => this.source?.requestKeyFrame(), KEY_FRAME_RETRY_MS);
    this.retry.unref();
  }

  dispose(): void {
    this.setSource(null);
    this.offSink();
  }

  private onPacket(rtp: RtpPacket): void {
    if (rtp.payload.length === 0) return; // padding-only probes carry nothing to forward
    if (!this.sink.canSend()) return; // would be dropped; in particular a key frame must not be spent here
    if (this.waitingForKeyFrame) {
      if (!isVp8KeyFrameStart(rtp.payload)) return;
      this.waitingForKeyFrame = false;
      this.stopRetry();
    }
    const { header } = rtp;
    const now = Date.now();
    if (this.seqOffset === null) {
      // First packet of this source: continue right after what the receiver saw last, with the
      // timestamp advanced by the wall-clock gap (at least one tick).
      const nextSeq = this.lastSeq === null ? header.sequenceNumber : (this.lastSeq + 1) & 0xffff;
      const gap = this.lastSeq === null ? 0 : Math.max(1, Math.round(((now - this.lastSentAt) * CLOCK_RATE[this.kind]) / 1000));
      this.seqOffset = (nextSeq - header.sequenceNumber) & 0xffff;
      this.tsOffset = this.lastSeq === null ? 0 : (this.lastTs + gap - header.timestamp) >>> 0;
    }
    // A fresh header: the source's extension ids belong to its own negotiation (the sender adds
    // ours), its SSRC and payload type are replaced by the sender's.
    const out = new RtpPacket(
      new RtpHeader({
        payloadType: header.payloadType,
        marker: header.marker,
        sequenceNumber: (header.sequenceNumber + this.seqOffset) & 0xffff,
        timestamp: (header.timestamp + this.tsOffset) >>> 0,
      }),
      rtp.payload,
    );
    if (this.isNewer(out.header.sequenceNumber)) {
      this.lastSeq = out.header.sequenceNumber;
      this.lastTs = out.header.timestamp;
      this.lastSentAt = now;
    }
    this.forwarded++;
    this.sink.send(out);
  }

  private isNewer(seq: number): boolean {
    if (this.lastSeq === null) return true;
    const diff = (seq - this.lastSeq) & 0xffff;
    return diff !== 0 && diff < 0x8000;
  }

  private stopRetry(): void {
    if (this.retry) clearInterval(this.retry);
    this.retry = null;
  }
}

/** A softphone/screen MediaLeg's received track of `kind` as a forwarding source. */
export function legSource(leg: MediaLeg, kind: MediaKind): RtpSource {
  return {
    id: `${leg.id}:${kind}`,
    onRtp: (listener) => leg.onAgentRtp(kind, listener),
    requestKeyFrame: () => leg.requestKeyFrameFromAgent(),
  };
}

/** A MediaLeg's sending transceiver of `kind` as a forwarding sink. */
export function legSink(leg: MediaLeg, kind: MediaKind): RtpSink {
  return {
    send: (rtp) => leg.sendToAgent(kind, rtp),
    onKeyFrameRequest: (listener) => (kind === 'video' ? leg.onKeyFrameRequest(listener) : () => undefined),
    canSend: () => leg.canSend,
    onCanSend: (listener) => leg.onCanSend(listener),
  };
}

/** Forwards what `from`'s client sends on `kind` to `to`'s client; returns the stop function. */
export function forwardLeg(from: MediaLeg, to: MediaLeg, kind: MediaKind): () => void {
  const forwarder = new RtpForwarder(kind, legSink(to, kind));
  forwarder.setSource(legSource(from, kind));
  return () => forwarder.dispose();
}
