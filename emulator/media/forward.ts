import type { MediaLeg } from './media-leg';

/**
 * One-way video forwarding between two legs, slot by slot: what the source client sends on its
 * m=video section `i` goes out on the sink's section `i` (werift rewrites SSRC and payload type),
 * and the sink client's key-frame requests (PLI) for section `i` go back to the source client.
 * A key frame is requested from the source when the sink connects, so it can decode at once.
 * Returns the stop function; closing either leg also stops it (their listeners are cleared).
 */
export function forwardVideo(source: MediaLeg, sink: MediaLeg, slots = Math.min(source.videoSlotCount, sink.videoSlotCount)): () => void {
  const offs: Array<() => void> = [];
  for (let slot = 0; slot < slots; slot++) {
    offs.push(source.onVideoSlotRtp(slot, (rtp) => sink.sendToAgent('video', rtp, slot)));
  }
  offs.push(sink.onKeyFrameRequest((slot) => {
    if (slot < slots) source.requestKeyFrameFromAgent(slot);
  }));
  const askAll = () => {
    for (let slot = 0; slot < slots; slot++) source.requestKeyFrameFromAgent(slot);
  };
  offs.push(sink.onState((state) => {
    if (state.connectionState === 'connected') askAll();
  }));
  offs.push(source.onState((state) => {
    if (state.connectionState === 'connected' && sink.state.connectionState === 'connected') askAll();
  }));
  return () => offs.splice(0).forEach((off) => off());
}
