import type { MediaLeg } from './media-leg';
import { RtpForwarder, type RtpSink, type RtpSource } from './rtp-forward';

/** What the client sends on `leg`'s m=video section `slot`, as a forwarding source. */
export function videoSlotSource(leg: MediaLeg, slot: number): RtpSource {
  return {
    id: `${leg.id}:video:${slot}`,
    onRtp: (listener) => leg.onVideoSlotRtp(slot, listener),
    requestKeyFrame: () => leg.requestKeyFrameFromAgent(slot),
  };
}

/** `leg`'s m=video section `slot` toward its client, as a forwarding sink. */
export function videoSlotSink(leg: MediaLeg, slot: number): RtpSink {
  return {
    send: (rtp) => leg.sendToAgent('video', rtp, slot),
    onKeyFrameRequest: (listener) => leg.onKeyFrameRequest((s) => { if (s === slot) listener(); }),
    canSend: () => leg.canSend,
    onCanSend: (listener) => leg.onCanSend(listener),
  };
}

/**
 * Screens from one leg to another, section by section (live screen monitoring: the target's
 * screen `i` goes out on the observer's section `i`), with the video SFU's `RtpForwarder`
 * (continuous numbering, start on a key frame, the receiver's PLIs passed back). Returns the stop function.
 */
export function forwardVideoSlots(source: MediaLeg, sink: MediaLeg, slots = Math.min(source.videoSlotCount, sink.videoSlotCount)): () => void {
  const forwarders: RtpForwarder[] = [];
  for (let slot = 0; slot < slots; slot++) {
    const forwarder = new RtpForwarder('video', videoSlotSink(sink, slot));
    forwarder.setSource(videoSlotSource(source, slot));
    forwarders.push(forwarder);
  }
  return () => forwarders.splice(0).forEach((f) => f.dispose());
}
