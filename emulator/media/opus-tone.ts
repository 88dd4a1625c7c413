import OpusScript from 'opusscript';

const SAMPLE_RATE = 48000;
export const FRAME_MS = 20;
export const FRAME_SAMPLES = (SAMPLE_RATE * FRAME_MS) / 1000; // 960 = RTP timestamp step per frame

/** A sine tone, optionally gated into bursts (`onMs` of tone, then `offMs` of silence). */
export interface TonePattern {
  frequencyHz: number;
  /** Peak amplitude, full scale = 1. */
  amplitude: number;
  onMs?: number;
  offMs?: number;
}

/** Encodes a tone pattern into consecutive 20 ms mono Opus frames. */
export class OpusToneEncoder {
  private encoder: OpusScript | null = new OpusScript(SAMPLE_RATE, 1, OpusScript.Application.AUDIO);
  private sampleIndex = 0;
  private readonly pcm = Buffer.alloc(FRAME_SAMPLES * 2);

  constructor(private readonly pattern: TonePattern) {}

  nextFrame(): Buffer {
    if (!this.encoder) throw new Error('OpusToneEncoder used after dispose()');
    const { frequencyHz, amplitude, onMs, offMs } = this.pattern;
    const cycleSamples = onMs && offMs ? ((onMs + offMs) * SAMPLE_RATE) / 1000 : 0;
    const onSamples = onMs ? (onMs * SAMPLE_RATE) / 1000 : 0;
    for (let i = 0; i < FRAME_SAMPLES; i++, this.sampleIndex++) {
      const gated = cycleSamples > 0 && this.sampleIndex % cycleSamples >= onSamples;
      const v = gated ? 0 : amplitude * Math.sin((2 * Math.PI * frequencyHz * this.sampleIndex) / SAMPLE_RATE);
      this.pcm.writeInt16LE(Math.round(v * 32767), i * 2);
    }
    return this.encoder.encode(this.pcm, FRAME_SAMPLES);
  }

  dispose(): void {
    this.encoder?.delete();
    this.encoder = null;
  }
}
