/**
 * Every track the SDK created, so `getAllActiveMediaTracks()` reflects reality and
 * `destroy()` can stop them. Ended tracks are pruned on read.
 */
export class TrackRegistry {
  private readonly tracks = new Set<MediaStreamTrack>();

  add(tracks: Iterable<MediaStreamTrack>): void {
    for (const track of tracks) this.tracks.add(track);
  }

  has(track: MediaStreamTrack): boolean {
    return this.tracks.has(track);
  }

  /** Live tracks the SDK created (stopped/ended ones are forgotten). */
  active(): MediaStreamTrack[] {
    for (const track of this.tracks) {
      if (track.readyState === 'ended') this.tracks.delete(track);
    }
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
