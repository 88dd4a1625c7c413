import type { MediaKind, MediaLeg } from './media-leg';

/** Sends every agent RTP packet straight back on the same kind; the agent's PLIs for the echoed video go to its own sender. */
export function startEcho(leg: MediaLeg): () => void {
  const kinds: MediaKind[] = ['audio', 'video'];
  const offs = kinds.map((kind) => leg.onAgentRtp(kind, (rtp) => leg.sendToAgent(kind, rtp)));
  offs.push(leg.onKeyFrameRequest(() => leg.requestKeyFrameFromAgent()));
  return () => offs.forEach((off) => off());
}
