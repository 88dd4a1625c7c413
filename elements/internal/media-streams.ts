/**
 * One `MediaStream` per track, reused across renders: giving a `<video>`
 * a new stream object on every render would restart its playback.
 */
export class StreamCache {
  private readonly single = new WeakMap<MediaStreamTrack, MediaStream>();

  /** A stream holding just `track`. */
  of(track: MediaStreamTrack | undefined): MediaStream | null {
    if (!track) return null;
    let stream = this.single.get(track);
    if (!stream) {
      stream = new MediaStream([track]);
      this.single.set(track, stream);
    }
    return stream;
  }
}

/** The settings of a captured screen as `ScreenRecordingMetadata` (what the upstream docs describe). */
export function screenMetadata(stream: MediaStream): Array<{ trackId: string; screenId: string; originX: number; originY: number; resolutionX: number; resolutionY: number; primary: boolean }> {
  let originX = 0;
  return stream.getVideoTracks().map((track, i) => {
    const settings = track.getSettings();
    const width = settings.width ?? 0;
    const height = settings.height ?? 0;
    // screens side by side, left to right, in the order they were picked; the first is primary
    const meta = { trackId: track.id, screenId: settings.deviceId || track.id, originX, originY: 0, resolutionX: width, resolutionY: height, primary: i === 0 };
    originX += width;
    return meta;
  });
}
