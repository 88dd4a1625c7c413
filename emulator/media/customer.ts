import type { MediaLeg } from './media-leg';
import type { TonePattern } from './opus-tone';
import { startTone } from './tone';

/**
 * The simulated customer's voice: 660 Hz bursts, 250 ms on / 250 ms off. Distinct
 * from Chrome's fake mic (one beep per second) and from the continuous TONE_440,
 * so a page can tell which party it hears.
 */
export const CUSTOMER_PATTERN: TonePattern = { frequencyHz: 660, amplitude: 0.3, onMs: 250, offMs: 250 };

export function startCustomer(leg: MediaLeg): () => void {
  return startTone(leg, CUSTOMER_PATTERN);
}
