/**
 * Build-time substitute for `stanza/platform/browser/process.js` (see build/stanza-slim.mjs):
 * the same `nextTick`, in a module not named "process" — rollup names a module's variable after
 * its file, and a top-level `var process = {}` in dist/ would shadow the global for the chunk
 * (and trips the packaging test's check for unguarded Node globals).
 */
export function nextTick(callback: (...args: unknown[]) => void, ...args: unknown[]): void {
  queueMicrotask(() => callback(...args));
}
