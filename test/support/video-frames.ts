// Is a <video> showing moving pictures? Decoded frames keep coming and two snapshots differ.
import { until } from './until';

function snapshot(video: HTMLVideoElement): Uint8ClampedArray {
  const canvas = document.createElement('canvas');
  canvas.width = 64;
  canvas.height = 36;
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  ctx.drawImage(video, 0, 0, canvas.width, canvas.height);
  return ctx.getImageData(0, 0, canvas.width, canvas.height).data;
}

function difference(a: Uint8ClampedArray, b: Uint8ClampedArray): number {
  let sum = 0;
  for (let i = 0; i < a.length; i += 4) sum += Math.abs(a[i] - b[i]) + Math.abs(a[i + 1] - b[i + 1]) + Math.abs(a[i + 2] - b[i + 2]);
  return sum / (a.length / 4);
}

/** Resolves once `video` has decoded frames and its picture changes; returns the decoded frame count. */
export async function expectMovingVideo(video: HTMLVideoElement, what = 'moving video', ms = 20000): Promise<number> {
  await until(() => video.videoWidth > 0 && video.readyState >= 2, `${what}: first frame`, ms);
  const before = video.getVideoPlaybackQuality().totalVideoFrames;
  const first = snapshot(video);
  await until(() => difference(first, snapshot(video)) > 1, `${what}: the picture changes`, ms);
  return until(() => {
    const frames = video.getVideoPlaybackQuality().totalVideoFrames;
    return frames > before ? frames : 0;
  }, `${what}: more frames decoded`, ms);
}
