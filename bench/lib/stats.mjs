// Small, dependency-free statistics for the bench: medians and spreads, never assertions.

/** Quantile with linear interpolation (q in [0, 1]) of an unsorted array of numbers. */
export function quantile(values, q) {
  const xs = values.filter((v) => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
  if (xs.length === 0) return null;
  const pos = (xs.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo);
}

/**
 * { n, median, min, max, p95?, mean } of the finite numbers in `values`; p95 only when
 * n >= `p95From` (default 10: below that the p95 is just the max and means nothing).
 */
export function summarize(values, { p95From = 10, digits = 1 } = {}) {
  const xs = values.filter((v) => typeof v === 'number' && Number.isFinite(v));
  if (xs.length === 0) return { n: 0, median: null, min: null, max: null, p95: null, mean: null };
  const r = (v) => (v === null ? null : Number(v.toFixed(digits)));
  const sum = xs.reduce((a, b) => a + b, 0);
  return {
    n: xs.length,
    median: r(quantile(xs, 0.5)),
    min: r(Math.min(...xs)),
    max: r(Math.max(...xs)),
    p95: xs.length >= p95From ? r(quantile(xs, 0.95)) : null,
    mean: r(sum / xs.length),
  };
}

/** "median [min–max]" (plus " p95 x" when present) for tables. */
export function fmt(s, unit = '') {
  if (!s || s.n === 0 || s.median === null) return 'n/a';
  const p95 = s.p95 !== null && s.p95 !== undefined ? ` p95 ${s.p95}` : '';
  return `${s.median}${unit} [${s.min}–${s.max}]${p95}`;
}

/** Bytes as "123,456 B (120.6 KiB)". */
export function fmtBytes(n) {
  if (typeof n !== 'number') return 'n/a';
  return `${n.toLocaleString('en-US')} B (${(n / 1024).toFixed(1)} KiB)`;
}
