/**
 * Every track the SDK created, so `getAllActiveMediaTracks()` reflects reality and
 * `destroy()` can stop them. Ended tracks are pruned on read.
 */
export class TrackRegistry {
  private readonly tracks = new Set<MediaStreamTrack>();

  add(tracks: Iterable<MediaStreamTrack>): void {
    // tracks stopped since (stop() fires no 'ended') are dropped here too, so a long-lived page does not keep every call's microphone
    this.prune();
    for (const track of tracks) this.tracks.add(track);
  }

  private prune(): void {
    for (const track of this.tracks) {
      if (track.readyState === 'ended') this.tracks.delete(track);
    }
  }

  has(track: MediaStreamTrack): boolean {
    return this.tracks.has(track);
  }

  /** Live tracks the SDK created (stopped/ended ones are forgotten). */
  active(): MediaStreamTrack[] {
    this.prune();
    return [...this.tracks];
  }

  /** Stops and forgets the given tracks (default: all of them). */
  stop(tracks: Iterable<MediaStreamTrack> = this.tracks): void {
    for (const track of [...tracks]) {
      try {
        track.stop();
      } finally {
        this.tracks.delete(track);
      }
    }
  }
}
