import { RtpHeader, RtpPacket } from 'werift';
import type { MediaLeg } from './media-leg';
import { FRAME_MS, FRAME_SAMPLES, OpusToneEncoder, type TonePattern } from './opus-tone';

/** The `+15550101` tone: a continuous 440 Hz sine at about -10 dBFS. */
export const TONE_440: TonePattern = { frequencyHz: 440, amplitude: 0.3 };

/** Catch-up cap: after a stalled event loop send at most this many frames at once. */
const MAX_BURST = 3;

/** Streams an Opus-encoded tone to the agent at 20 ms pacing (held legs drop it); returns the stop function. */
export function startTone(leg: MediaLeg, pattern: TonePattern = TONE_440): () => void {
  const encoder = new OpusToneEncoder(pattern);
  const startedAt = Date.now();
  let framesDue = 0; // frames that wall-clock time says should have been produced
  let sequenceNumber = Math.floor(Math.random() * 0x10000);
  let marker = true; // RFC 3551: marker on the first packet of a talkspurt

  const tick = (): void => {
    const target = Math.floor((Date.now() - startedAt) / FRAME_MS);
    if (target - framesDue > MAX_BURST) framesDue = target - MAX_BURST;
    for (; framesDue < target; framesDue++) {
      const header = new RtpHeader({
        payloadType: 111, // rewritten by werift to the negotiated Opus payload type
        sequenceNumber,
        timestamp: (framesDue * FRAME_SAMPLES) >>> 0,
        marker,
      });
      leg.sendToAgent('audio', new RtpPacket(header, encoder.nextFrame()));
      sequenceNumber = (sequenceNumber + 1) & 0xffff;
      marker = false;
    }
  };
  const timer = setInterval(tick, FRAME_MS);

  return () => {
    clearInterval(timer);
    encoder.dispose();
  };
}
