/**
 * Loads the video and screen handlers' chunk (sessions/lazy-handlers.ts). In the ES build this is a
 * code-split chunk bundlers keep lazy; in the script-tag bundle a sibling file of the bundle
 * (`gc-webrtc-sdk.sessions.js`, see rollup.config.mjs). One import per page; again after a failure.
 */
export type LazyHandlersModule = typeof import('./lazy-handlers');

let chunk: Promise<LazyHandlersModule> | undefined;
let loader: () => Promise<LazyHandlersModule> = () => import('./lazy-handlers');

export function loadSessionHandlers(): Promise<LazyHandlersModule> {
  chunk ??= loader().catch((err: unknown) => {
    chunk = undefined;
    throw err;
  });
  return chunk;
}

/** @internal tests: replaces the import (e.g. a slow or failing one); no argument restores it */
export function _setSessionHandlersLoader(replacement?: () => Promise<LazyHandlersModule>): void {
  loader = replacement ?? (() => import('./lazy-handlers'));
  chunk = undefined;
}
