/**
 * How loud a forwarded audio source is, from its real RTP:
 * - the RFC 6464 `ssrc-audio-level` header extension when the source carries it (Chromium sends
 *   it once offered; the bots send it too): no decoding needed;
 * - otherwise its Opus packets are decoded and their RMS taken (a werift client, or a browser
 *   that dropped the extension). Packet sizes are not used: with VBR/DTX they track the codec's
 *   choices more than loudness, and decoding a few streams costs little.
 */
import OpusScript from 'opusscript';
import type { RtpPacket } from 'werift';
import type { RtpSource } from '../rtp-forward';

/** dBov of digital silence (RFC 6464's floor). */
export const SILENCE_DBOV = -127;
const WINDOW_MS = 300;

export class AudioLevelTracker {
  private decoder: OpusScript | null = null;
  // [time, linear power] of recent packets
  private window: Array<[number, number]> = [];
  private readonly off: () => void;

  constructor(
    source: RtpSource,
    /** The source's negotiated RFC 6464 extension id, when it has one (read per packet: known only after the answer). */
    private readonly extensionId: () => number | undefined,
  ) {
    this.off = source.onRtp((rtp) => this.push(rtp));
  }

  /** Average level (dBov, -127..0) over the last ~300 ms; silence when nothing arrived. */
  level(now = Date.now()): number {
    let sum = 0;
    let n = 0;
    for (const [at, power] of this.window) {
      if (at < now - WINDOW_MS) continue;
      sum += power;
      n++;
    }
    if (n === 0 || sum === 0) return SILENCE_DBOV;
    return Math.max(SILENCE_DBOV, Math.round(10 * Math.log10(sum / n)));
  }

  dispose(): void {
    this.off();
    this.decoder?.delete();
    this.decoder = null;
    this.window = [];
  }

  private push(rtp: RtpPacket, now = Date.now()): void {
    const dbov = this.fromExtension(rtp) ?? this.fromPayload(rtp.payload);
    if (dbov === undefined) return;
    this.window.push([now, 10 ** (dbov / 10)]);
    while (this.window.length > 0 && this.window[0]![0] < now - WINDOW_MS) this.window.shift();
  }

  private fromExtension(rtp: RtpPacket): number | undefined {
    const id = this.extensionId();
    if (id === undefined) return undefined;
    const ext = rtp.header.extensions.find((e) => e.id === id);
    return ext && ext.payload.length > 0 ? -(ext.payload[0]! & 0x7f) : undefined;
  }

  private fromPayload(payload: Buffer): number | undefined {
    if (payload.length === 0) return undefined;
    this.decoder ??= new OpusScript(48000, 1);
    let pcm: Buffer;
    try {
      pcm = this.decoder.decode(payload);
    } catch {
      return undefined;
    }
    const samples = pcm.length >> 1;
    if (samples === 0) return undefined;
    let sum = 0;
    for (let i = 0; i < samples; i++) {
      const s = pcm.readInt16LE(i * 2) / 32768;
      sum += s * s;
    }
    return sum === 0 ? SILENCE_DBOV : Math.max(SILENCE_DBOV, 10 * Math.log10(sum / samples));
  }
}

/** RFC 6464 extension payload for a level in dBov (V flag set when above the voice threshold). */
export function audioLevelExtension(dbov: number, voice: boolean): Buffer {
  return Buffer.from([(voice ? 0x80 : 0) | Math.min(127, Math.max(0, Math.round(-dbov)))]);
}
