/**
 * `audioTrackVolume`: one AnalyserNode per monitored audio track on a shared
 * AudioContext, sampled every 100 ms. A monitor stops by itself when its track
 * ends or is stopped (a local `track.stop()` fires no `ended` event, so each tick
 * checks `readyState`).
 */
import type { IAudioTrackVolumeEvent } from '../types/media';

export const VOLUME_INTERVAL_MS = 100;

interface Monitor {
  track: MediaStreamTrack;
  source: MediaStreamAudioSourceNode;
  analyser: AnalyserNode;
  timer: ReturnType<typeof setInterval>;
  onEnded: () => void;
}

export class VolumeMonitors {
  private context: AudioContext | undefined;
  private readonly monitors = new Map<MediaStreamTrack, Monitor>();

  constructor(private readonly emit: (event: IAudioTrackVolumeEvent) => void) {}

  /** Starts monitoring (no-op for non-audio, ended or already monitored tracks, or without Web Audio). */
  start(track: MediaStreamTrack, sessionId?: string): boolean {
    if (track.kind !== 'audio' || track.readyState === 'ended' || this.monitors.has(track)) return false;
    const context = this.audioContext();
    if (!context) return false;

    const source = context.createMediaStreamSource(new MediaStream([track]));
    const analyser = context.createAnalyser();
    analyser.fftSize = 512;
    analyser.minDecibels = -127;
    analyser.maxDecibels = 0;
    analyser.smoothingTimeConstant = 0.4;
    source.connect(analyser);
    const bins = new Uint8Array(analyser.frequencyBinCount);

    const onEnded = (): void => this.stop(track);
    track.addEventListener('ended', onEnded);
    const timer = setInterval(() => {
      if (track.readyState === 'ended') {
        this.stop(track);
        return;
      }
      const muted = !track.enabled || track.muted;
      let volume = 0;
      if (!muted) {
        analyser.getByteFrequencyData(bins);
        let sum = 0;
        for (const value of bins) sum += value;
        volume = bins.length ? sum / bins.length : 0;
      }
      this.emit({ track, volume, muted, ...(sessionId ? { sessionId } : {}) });
    }, VOLUME_INTERVAL_MS);

    this.monitors.set(track, { track, source, analyser, timer, onEnded });
    return true;
  }

  isMonitoring(track: MediaStreamTrack): boolean {
    return this.monitors.has(track);
  }

  get size(): number {
    return this.monitors.size;
  }

  stop(track: MediaStreamTrack): void {
    const monitor = this.monitors.get(track);
    if (!monitor) return;
    this.monitors.delete(track);
    clearInterval(monitor.timer);
    track.removeEventListener('ended', monitor.onEnded);
    try {
      monitor.source.disconnect();
      monitor.analyser.disconnect();
    } catch {
      /* already disconnected */
    }
  }

  /** Stops every monitor and closes the shared AudioContext. */
  destroy(): void {
    for (const track of [...this.monitors.keys()]) this.stop(track);
    const context = this.context;
    this.context = undefined;
    if (context && context.state !== 'closed') context.close().catch(() => undefined);
  }

  private audioContext(): AudioContext | undefined {
    if (this.context && this.context.state !== 'closed') return this.context;
    if (typeof AudioContext === 'undefined') return undefined;
    this.context = new AudioContext();
    // Autoplay policies may start it suspended; volume then reads 0 until a user gesture.
    if (this.context.state === 'suspended') this.context.resume().catch(() => undefined);
    return this.context;
  }
}
