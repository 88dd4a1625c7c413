/**
 * Measures the level of one audio track (0–1, RMS of the time-domain signal) with an
 * AnalyserNode, polled on animation frames (or a timer in background tabs).
 */
export class TrackLevelMeter {
  private ctx: AudioContext | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly track: MediaStreamTrack, private readonly onLevel: (level: number) => void) {}

  start(): void {
    if (this.ctx || typeof AudioContext === 'undefined') return;
    const ctx = new AudioContext();
    this.ctx = ctx;
    const source = ctx.createMediaStreamSource(new MediaStream([this.track]));
    const analyser = ctx.createAnalyser();
    analyser.fftSize = 512;
    source.connect(analyser);
    const data = new Float32Array(analyser.fftSize);
    void ctx.resume().catch(() => undefined);
    this.timer = setInterval(() => {
      analyser.getFloatTimeDomainData(data);
      let sum = 0;
      for (const v of data) sum += v * v;
      const rms = Math.sqrt(sum / data.length);
      // speech RMS sits around 0.02–0.3; map to 0–1 on a log-ish scale for display
      const level = this.track.enabled && !this.track.muted ? Math.min(1, Math.sqrt(rms * 4)) : 0;
      this.onLevel(level);
    }, 100);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    void this.ctx?.close().catch(() => undefined);
    this.ctx = undefined;
  }
}
