// Measures the audio a peer connection receives, as a person would hear it. Chrome only feeds
// WebAudio from a remote track while a media element plays it, so a muted <audio> plays it too.

export interface RemoteAudioMeter {
  /** RMS of the latest analyser window (0..1). */
  rms(): number;
  close(): void;
}

export function remoteAudioMeter(pc: RTCPeerConnection): RemoteAudioMeter {
  const receiver = pc.getReceivers().find((r) => r.track?.kind === 'audio');
  if (!receiver) throw new Error('no audio receiver');
  const stream = new MediaStream([receiver.track]);
  const el = document.createElement('audio');
  el.muted = true;
  el.srcObject = stream;
  void el.play().catch(() => undefined);
  const ctx = new AudioContext();
  const analyser = ctx.createAnalyser();
  analyser.fftSize = 2048;
  ctx.createMediaStreamSource(stream).connect(analyser);
  const buf = new Float32Array(analyser.fftSize);
  return {
    rms: () => {
      analyser.getFloatTimeDomainData(buf);
      let sum = 0;
      for (const v of buf) sum += v * v;
      return Math.sqrt(sum / buf.length);
    },
    close: () => { el.srcObject = null; void ctx.close(); },
  };
}
