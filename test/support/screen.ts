// Screen capture for browser tests: getDisplayMedia needs a user activation, so the call runs in
// the click handler of a button clicked with a real (puppeteer) mouse event; Chromium's fake UI
// then picks its fake screen, which produces real frames headless.
import { sendMouse } from '@web/test-runner-commands';

/** Runs `fn` inside a real click (transient user activation) and returns its promise. */
export async function withUserGesture<T>(fn: () => Promise<T>): Promise<T> {
  const button = document.createElement('button');
  button.textContent = 'share';
  button.style.cssText = 'position:fixed;left:0;top:0;width:80px;height:40px;z-index:99999';
  document.body.append(button);
  try {
    const result = new Promise<T>((resolve, reject) => {
      button.addEventListener('click', () => { fn().then(resolve, reject); }, { once: true });
    });
    await sendMouse({ type: 'click', position: [20, 20] });
    return await result;
  } finally {
    button.remove();
  }
}

/** A fresh screen capture (one video track), from the fake screen. */
export function captureScreen(): Promise<MediaStream> {
  return withUserGesture(() => navigator.mediaDevices.getDisplayMedia({ video: true, audio: false }));
}

/** Mean brightness (0..255) of the frame a `<video>` shows now; 0 when it has no frame yet. */
export function frameBrightness(video: HTMLVideoElement): number {
  if (video.videoWidth === 0 || video.videoHeight === 0) return 0;
  const canvas = document.createElement('canvas');
  canvas.width = 64;
  canvas.height = 36;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) return 0;
  ctx.drawImage(video, 0, 0, canvas.width, canvas.height);
  const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
  let sum = 0;
  for (let i = 0; i < data.length; i += 4) sum += (data[i]! + data[i + 1]! + data[i + 2]!) / 3;
  return sum / (data.length / 4);
}
