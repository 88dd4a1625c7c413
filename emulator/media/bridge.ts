import type { MediaKind, MediaLeg } from './media-leg';

/**
 * Forwards RTP both ways between two legs (agent-to-agent calls), and each side's
 * video key-frame requests to the other agent. Returns the unbridge function;
 * closing either leg also ends its half of the bridge.
 */
export function bridge(a: MediaLeg, b: MediaLeg): () => void {
  const kinds: MediaKind[] = ['audio', 'video'];
  const offs = kinds.flatMap((kind) => [
    a.onAgentRtp(kind, (rtp) => b.sendToAgent(kind, rtp)),
    b.onAgentRtp(kind, (rtp) => a.sendToAgent(kind, rtp)),
  ]);
  offs.push(
    a.onKeyFrameRequest(() => b.requestKeyFrameFromAgent()),
    b.onKeyFrameRequest(() => a.requestKeyFrameFromAgent()),
  );
  return () => offs.forEach((off) => off());
}
