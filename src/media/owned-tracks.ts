import type { SdkMedia } from './sdk-media';

/** Stops a track the SDK owns; the app's SDK default audio stream tracks are never stopped. */
export function stopOwnedTrack(track: MediaStreamTrack, media: SdkMedia): void {
  if (!media.isDefaultAudioTrack(track)) track.stop();
}

/** Stops every track of `stream` the SDK owns (see {@link stopOwnedTrack}). */
export function stopOwnedTracks(stream: MediaStream, media: SdkMedia): void {
  for (const track of stream.getTracks()) stopOwnedTrack(track, media);
}
