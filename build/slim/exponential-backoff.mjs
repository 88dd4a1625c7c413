// Build-time substitute for `exponential-backoff` as imported by genesys-cloud-client-logger
// (see build/stanza-slim.mjs and docs/bundle-size.md): the same `backOff(request, options)` in
// plain async code instead of the package's down-levelled generators (≈ 8 KB minified → < 1 KB).
// Semantics kept: defaults, `numOfAttempts` at least 1, the delay before attempt n (0-based) is
// min(startingDelay · timeMultiple^k, maxDelay) with k = n (delayFirstAttempt) or n − 1 (the
// first attempt then runs at once), "full" jitter = round(random · delay), `retry(err, attempt)`
// awaited after each failure, the last error rethrown. test/node/slim-packages.test.ts compares it.

const DEFAULTS = {
  delayFirstAttempt: false, jitter: 'none', maxDelay: Infinity, numOfAttempts: 10,
  retry: () => true, startingDelay: 100, timeMultiple: 2,
};

export async function backOff(request, options = {}) {
  const o = { ...DEFAULTS, ...options };
  if (o.numOfAttempts < 1) o.numOfAttempts = 1;
  for (let attempt = 0; ; ) {
    if (attempt > 0 || o.delayFirstAttempt) {
      const power = o.delayFirstAttempt ? attempt : attempt - 1;
      const delay = Math.min(o.startingDelay * Math.pow(o.timeMultiple, power), o.maxDelay);
      await new Promise((resolve) => setTimeout(resolve, o.jitter === 'full' ? Math.round(Math.random() * delay) : delay));
    }
    try {
      return await request();
    } catch (err) {
      attempt++;
      if (!(await o.retry(err, attempt)) || attempt >= o.numOfAttempts) throw err;
    }
  }
}
