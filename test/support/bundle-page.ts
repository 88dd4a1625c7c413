// A page (iframe) that loads only the script-tag bundle dist/gc-webrtc-sdk.bundle.js, so tests use
// the elements exactly as a <script src> page does. Needs `npm run build` (npm test builds first).
import { fixture, html } from '@open-wc/testing';
import { until } from './until';

export async function bundlePage(body: string): Promise<HTMLIFrameElement> {
  const probe = await fetch('/dist/gc-webrtc-sdk.bundle.js', { method: 'HEAD' });
  if (!probe.ok) throw new Error('dist/gc-webrtc-sdk.bundle.js is missing: run `npm run build` first');
  const doc = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bundle page</title>
    <script src="/dist/gc-webrtc-sdk.bundle.js"></script></head><body>${body}</body></html>`;
  const frame = await fixture<HTMLIFrameElement>(html`<iframe title="bundle page" style="width: 1000px; height: 900px; border: 0" .srcdoc=${doc}></iframe>`);
  await until(() => (frame.contentWindow as (Window & { GenesysCloudWebrtcSdk?: unknown }) | null)?.GenesysCloudWebrtcSdk && frame.contentDocument?.readyState === 'complete', 'the bundle page to load');
  return frame;
}
