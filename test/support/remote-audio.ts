// Measures the audio a peer connection receives, from the receiver's own statistics: the
// inbound-rtp `totalAudioEnergy` / `totalSamplesDuration` pair is the energy of the audio the
// browser decoded for playout, so sqrt(ΔE / Δt) is the RMS of what a person would hear over the
// interval, and `packetsReceived` proves RTP arrived. Both Chromium and Firefox report these.
// Web Audio on a received track is not used: headless Firefox feeds it silence (and a page doing
// so once took the browser down), see docs/browsers.md.

export interface RemoteAudioMeter {
  /** RMS (0..1) of the audio decoded since the previous call (the first call: since the meter was made). */
  rms(): Promise<number>;
  close(): void;
}

interface InboundAudio { packetsReceived: number; totalAudioEnergy: number; totalSamplesDuration: number; audioLevel?: number }

async function inboundAudio(receiver: RTCRtpReceiver): Promise<InboundAudio | undefined> {
  let found: InboundAudio | undefined;
  (await receiver.getStats()).forEach((s: { type: string; kind?: string; mediaType?: string } & Partial<InboundAudio>) => {
    if (s.type === 'inbound-rtp' && (s.kind ?? s.mediaType) === 'audio') {
      found = { packetsReceived: s.packetsReceived ?? 0, totalAudioEnergy: s.totalAudioEnergy ?? 0, totalSamplesDuration: s.totalSamplesDuration ?? 0, audioLevel: s.audioLevel };
    }
  });
  return found;
}

export function remoteAudioMeter(pc: RTCPeerConnection): RemoteAudioMeter {
  const receiver = pc.getReceivers().find((r) => r.track?.kind === 'audio');
  if (!receiver) throw new Error('no audio receiver');
  let last: InboundAudio | undefined;
  let closed = false;
  return {
    rms: async () => {
      if (closed) return 0;
      const now = await inboundAudio(receiver);
      const prev = last;
      if (now) last = now;
      if (!now || !prev) return 0;
      const packets = now.packetsReceived - prev.packetsReceived;
      const seconds = now.totalSamplesDuration - prev.totalSamplesDuration;
      if (packets <= 0 || seconds <= 0) return 0; // nothing new arrived and was decoded
      return Math.sqrt(Math.max(0, now.totalAudioEnergy - prev.totalAudioEnergy) / seconds);
    },
    close: () => { closed = true; },
  };
}
