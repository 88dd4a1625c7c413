/**
 * The script-tag bundle's loader of `<gc-video-conference>` and `<gc-screen-share>` (their code is
 * a lazy file, elements/lazy-elements.ts): when such a tag is in the document, or is added later
 * (parser, innerHTML, appendChild, …), the file loads once and both elements are defined (guarded,
 * like the others), which upgrades every tag already there. `loadMediaElements()` loads them
 * explicitly (a tag only inside a shadow root, or an app waiting on `customElements.whenDefined`).
 */
import type { GcVideoConference } from './video-conference/video-conference';
import type { GcScreenShare } from './screen-share/screen-share';

export interface MediaElements { GcVideoConference: typeof GcVideoConference; GcScreenShare: typeof GcScreenShare }

const SELECTOR = 'gc-video-conference, gc-screen-share';
let loaded: Promise<MediaElements> | undefined;
let observer: MutationObserver | undefined;

/** Loads and defines the two media elements (once; again after a failed load). */
export function loadMediaElements(): Promise<MediaElements> {
  loaded ??= import('./lazy-elements').then((m) => {
    observer?.disconnect();
    observer = undefined;
    m.GcVideoConference.define('gc-video-conference');
    m.GcScreenShare.define('gc-screen-share');
    return m;
  }, (err: unknown) => {
    loaded = undefined;
    // eslint-disable-next-line no-console -- no SDK logger exists for an element load; the page must see why the tags stay empty
    console.error('gc-webrtc-sdk: could not load the video/screen elements', err);
    throw err;
  });
  return loaded;
}

/** Watches the document for the two tags (initial scan + MutationObserver) until they load. */
export function autoloadMediaElements(): void {
  if (typeof document === 'undefined' || typeof MutationObserver === 'undefined' || typeof customElements === 'undefined') return;
  if (customElements.get('gc-video-conference') && customElements.get('gc-screen-share')) return;
  const check = (): void => {
    if (!loaded && document.querySelector(SELECTOR)) void loadMediaElements().catch(() => undefined);
  };
  observer = new MutationObserver(check);
  observer.observe(document, { childList: true, subtree: true });
  check();
}
