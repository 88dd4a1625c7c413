/**
 * The SDK default audio stream (`setDefaultAudioStream`): used to accept softphone
 * sessions when no stream or device was given. A stopped or ended audio track is
 * dropped from the stream, and once no live audio track remains the default clears
 * itself, so a dead stream is never handed to a new session.
 */
export class DefaultAudioStream {
  private stream: MediaStream | undefined;
  private readonly endedListeners = new Map<MediaStreamTrack, () => void>();

  set(stream: MediaStream | null | undefined): void {
    this.clear();
    if (!stream) return;
    this.stream = stream;
    for (const track of stream.getAudioTracks()) {
      const onEnded = (): void => {
        this.stream?.removeTrack(track);
        this.get();
      };
      track.addEventListener('ended', onEnded);
      this.endedListeners.set(track, onEnded);
    }
  }

  /** The default stream if it still has a live audio track; otherwise clears it and returns undefined. */
  get(): MediaStream | undefined {
    const stream = this.stream;
    if (!stream) return undefined;
    for (const track of stream.getAudioTracks()) {
      if (track.readyState === 'ended') stream.removeTrack(track);
    }
    if (!stream.getAudioTracks().length) {
      this.clear();
      return undefined;
    }
    return stream;
  }

  /** True for an audio track of the current default stream (session cleanup must not stop it). */
  has(track: MediaStreamTrack): boolean {
    return !!this.stream && this.stream.getAudioTracks().includes(track);
  }

  clear(): void {
    for (const [track, onEnded] of this.endedListeners) track.removeEventListener('ended', onEnded);
    this.endedListeners.clear();
    this.stream = undefined;
  }
}
