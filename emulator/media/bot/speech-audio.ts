/**
 * A bot's voice: real Opus with speech-like energy. A buzzy vowel (140 Hz and harmonics) shaped
 * into ~4 syllables per second, in talk spurts of 2.4 s separated by 3.6 s pauses (6 s cycle),
 * so the SFU's speaker detection sees a bot start and stop speaking. Encoded ONCE per process
 * (300 frames), then every bot loops it from its own phase: cheap for many bots, and two bots do
 * not talk in unison.
 */
import OpusScript from 'opusscript';
import { FRAME_MS, FRAME_SAMPLES } from '../opus-tone';

const SAMPLE_RATE = 48000;
const CYCLE_MS = 6000;
const TALK_MS = 2400;

export interface SpeechFrame {
  opus: Buffer;
  /** Level of the frame in dBov (for the RFC 6464 extension). */
  dbov: number;
  voice: boolean;
}

let frames: SpeechFrame[] | null = null;

/** The looped speech-like frames (built on first use). */
export function speechFrames(): SpeechFrame[] {
  if (frames) return frames;
  const encoder = new OpusScript(SAMPLE_RATE, 1, OpusScript.Application.VOIP);
  const pcm = Buffer.alloc(FRAME_SAMPLES * 2);
  const count = CYCLE_MS / FRAME_MS;
  const out: SpeechFrame[] = [];
  try {
    for (let f = 0; f < count; f++) {
      let sum = 0;
      for (let i = 0; i < FRAME_SAMPLES; i++) {
        const n = f * FRAME_SAMPLES + i;
        const tMs = (n * 1000) / SAMPLE_RATE;
        const talking = tMs < TALK_MS;
        const syllable = Math.abs(Math.sin((Math.PI * 4 * tMs) / 1000)); // ~4 syllables/s
        const t = n / SAMPLE_RATE;
        const voice = Math.sin(2 * Math.PI * 140 * t) + 0.6 * Math.sin(2 * Math.PI * 280 * t) + 0.35 * Math.sin(2 * Math.PI * 420 * t) + 0.2 * Math.sin(2 * Math.PI * 700 * t);
        const v = talking ? 0.18 * syllable * voice : 0;
        sum += v * v;
        pcm.writeInt16LE(Math.max(-32768, Math.min(32767, Math.round(v * 32767))), i * 2);
      }
      const rms = Math.sqrt(sum / FRAME_SAMPLES);
      const dbov = rms > 0 ? Math.max(-127, 20 * Math.log10(rms)) : -127;
      out.push({ opus: Buffer.from(encoder.encode(pcm, FRAME_SAMPLES)), dbov, voice: dbov > -50 });
    }
  } finally {
    encoder.delete();
  }
  frames = out;
  return out;
}
