// Substitutes of whole packages in the build (build/stanza-slim.mjs SLIM_PACKAGES) must behave
// as the packages do for the way their importer calls them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backOff as fullBackOff } from 'exponential-backoff';

type BackOff = typeof fullBackOff;

async function trace(backOff: BackOff, failures: number, options: Parameters<BackOff>[1]) {
  const delays: number[] = [];
  const retries: number[] = [];
  const g = globalThis as { setTimeout: typeof setTimeout };
  const saved = g.setTimeout;
  const savedRandom = Math.random;
  g.setTimeout = ((fn: () => void, ms?: number) => { delays.push(ms ?? 0); return saved(fn, 0); }) as typeof setTimeout;
  Math.random = () => 0.37;
  let calls = 0;
  try {
    const result = await backOff(async () => {
      calls++;
      if (calls <= failures) throw new Error(`fail ${calls}`);
      return `ok after ${calls}`;
    }, { ...options, retry: (_e: unknown, n: number) => { retries.push(n); return options?.retry ? options.retry(_e, n) : true; } });
    return { result, delays, retries, calls };
  } catch (err) {
    return { error: (err as Error).message, delays, retries, calls };
  } finally {
    g.setTimeout = saved;
    Math.random = savedRandom;
  }
}

test('the slim exponential-backoff retries and waits like the package', async () => {
  const { backOff: slimBackOff } = await import('../../build/slim/exponential-backoff.mjs' as string) as { backOff: BackOff };
  const logger = { numOfAttempts: 10, startingDelay: 0, delayFirstAttempt: false, maxDelay: 15000 }; // the logger's options
  const cases: Array<[number, Parameters<BackOff>[1]]> = [
    [0, logger], [3, logger], [12, logger],
    [4, {}], [2, { delayFirstAttempt: true, startingDelay: 10 }], [6, { startingDelay: 5, timeMultiple: 3, maxDelay: 200 }],
    [5, { numOfAttempts: 3 }], [2, { numOfAttempts: 0 }], [4, { jitter: 'full', startingDelay: 50 }],
    [5, { retry: (_e, n) => n < 2 }],
  ];
  for (const [failures, options] of cases) {
    const full = await trace(fullBackOff, failures, options);
    const slim = await trace(slimBackOff, failures, options);
    assert.ok(full.calls > 0);
    assert.deepEqual(slim, full, `${failures} failures, ${JSON.stringify(options)}`);
  }
});
