import { startCustomer } from './customer';
import { startEcho } from './echo';
import type { MediaLeg } from './media-leg';
import { startTone } from './tone';

/**
 * What a leg does with media once connected:
 * - `echo`: returns the agent's RTP; `tone`: a continuous 440 Hz tone;
 * - `customer`: a simulated caller's tone bursts;
 * - `silence`: sendrecv but sends nothing; `recvonly`: offers recvonly and sends nothing;
 * - `bridge`: sends nothing by itself, media comes from `bridge(legA, legB)`.
 */
export type LegMode = 'echo' | 'tone' | 'customer' | 'silence' | 'recvonly' | 'bridge';

/** Starts the mode's media behaviour on a connected leg; returns its stop function. */
export function attachBehaviour(leg: MediaLeg, mode: LegMode): () => void {
  switch (mode) {
    case 'echo':
      return startEcho(leg);
    case 'tone':
      return startTone(leg);
    case 'customer':
      return startCustomer(leg);
    case 'silence':
    case 'recvonly':
    case 'bridge':
      return () => undefined;
  }
}
