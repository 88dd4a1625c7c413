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

/**
 * Frames the element has presented so far, from the next requestVideoFrameCallback. Firefox does
 * not count MediaStream frames in getVideoPlaybackQuality() (docs/browsers.md); both browsers
 * report presentedFrames here.
 */
function presentedFrames(video: HTMLVideoElement): Promise<number> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(0), 1000); // no frame presented within a second
    video.requestVideoFrameCallback((_now, meta) => { clearTimeout(timer); resolve(meta.presentedFrames); });
  });
}

/** Resolves once `video` has decoded frames and its picture changes; returns the presented frame count. */
export async function expectMovingVideo(video: HTMLVideoElement, what = 'moving video', ms = 20000): Promise<number> {
  await until(() => video.videoWidth > 0 && video.readyState >= 2, `${what}: first frame`, ms);
  const before = await presentedFrames(video);
  const first = snapshot(video);
  await until(() => difference(first, snapshot(video)) > 1, `${what}: the picture changes`, ms);
  return until(async () => {
    const frames = await presentedFrames(video);
    return frames > before ? frames : 0;
  }, `${what}: more frames decoded`, ms);
}
