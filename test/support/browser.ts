// Which browser a test page runs in, and the few test helpers the browsers need differently
// (docs/browsers.md lists every difference).
export const browserName: 'Firefox' | 'Chromium' = navigator.userAgent.includes('Firefox/') ? 'Firefox' : 'Chromium';
export const isFirefox = browserName === 'Firefox';

/**
 * A test that cannot run in Firefox. Its name says why in every browser; in Firefox it is reported
 * as skipped (counted in the closing summary), never dropped silently. Each reason is in docs/browsers.md.
 */
export function itChromiumOnly(title: string, why: string, fn: Mocha.AsyncFunc): Mocha.Test {
  const named = `${title} [Chromium only: ${why}]`;
  return isFirefox ? it.skip(named, fn) : it(named, fn);
}

