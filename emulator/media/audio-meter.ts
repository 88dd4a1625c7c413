import OpusScript from 'opusscript';

/** RMS (full scale = 1) above which a decoded 20 ms frame counts as sound, not silence. */
export const LOUD_RMS = 0.02;
const SAMPLE_RATE = 48000;
const WINDOW_MS = 200;

/**
 * Decodes the agent's Opus packets and tracks how loud they are. Needed because a
 * browser track with `enabled = false` still sends RTP (Chromium 156: 50 packets/s of
 * encoded silence), so packet counters alone cannot tell "muted" from "talking";
 * only `sender.replaceTrack(null)` (or removing the track) stops the packets.
 */
export class AudioMeter {
  private decoder: OpusScript | null = new OpusScript(SAMPLE_RATE, 1);
  // [time, sumOfSquares, sampleCount] of recent frames, for the sliding RMS window.
  private window: Array<[number, number, number]> = [];
  loudPackets = 0;

  /** Feeds one Opus payload; undecodable payloads are ignored (they are the sender's problem). */
  push(opusPayload: Buffer, now = Date.now()): void {
    if (!this.decoder || opusPayload.length === 0) return;
    let pcm: Buffer;
    try {
      pcm = this.decoder.decode(opusPayload);
    } catch {
      return;
    }
    let sum = 0;
    const samples = pcm.length >> 1;
    for (let i = 0; i < samples; i++) {
      const s = pcm.readInt16LE(i * 2) / 32768;
      sum += s * s;
    }
    if (samples > 0 && Math.sqrt(sum / samples) > LOUD_RMS) this.loudPackets++;
    this.window.push([now, sum, samples]);
    while (this.window.length > 0 && this.window[0]![0] < now - WINDOW_MS) this.window.shift();
  }

  /** RMS of the frames received in the last ~200 ms; 0 when nothing arrived lately. */
  level(now = Date.now()): number {
    let sum = 0;
    let samples = 0;
    for (const [at, s, n] of this.window) {
      if (at < now - WINDOW_MS) continue;
      sum += s;
      samples += n;
    }
    return samples === 0 ? 0 : Math.sqrt(sum / samples);
  }

  dispose(): void {
    this.decoder?.delete();
    this.decoder = null;
    this.window = [];
  }
}
