/**
 * Build-time substitute for the `punycode` package inside stanza (see build/stanza-slim.mjs).
 * stanza's JID parsing only calls `punycode.toUnicode` on each domain label; the package's
 * encoder, UCS-2 helpers and `toASCII` are dead weight in the bundle. This is the RFC 3492
 * decoder alone, with the package's `toUnicode` semantics: a label that starts with `xn--` is
 * decoded (lower-cased first), anything else is returned unchanged; bad input throws a
 * RangeError. `test/node/stanza-slim.test.ts` compares it with the package.
 */

const BASE = 36;
const T_MIN = 1;
const T_MAX = 26;
const SKEW = 38;
const DAMP = 700;
const INITIAL_BIAS = 72;
const INITIAL_N = 128;
const MAX_INT = 0x7fffffff;

function fail(kind: 'invalid-input' | 'not-basic' | 'overflow'): never {
  throw new RangeError(kind === 'overflow' ? 'Overflow: input needs wider integers to process' : kind === 'not-basic' ? 'Illegal input >= 0x80 (not a basic code point)' : 'Invalid input');
}

/** RFC 3492 §6.1 bias adaptation. */
function adapt(delta: number, points: number, first: boolean): number {
  let d = first ? Math.floor(delta / DAMP) : delta >> 1;
  d += Math.floor(d / points);
  let k = 0;
  for (; d > ((BASE - T_MIN) * T_MAX) >> 1; k += BASE) d = Math.floor(d / (BASE - T_MIN));
  return k + Math.floor(((BASE - T_MIN + 1) * d) / (d + SKEW));
}

/** A base-36 digit: a-z / A-Z are 0-25, 0-9 are 26-35. */
function digitOf(code: number): number {
  if (code >= 0x30 && code < 0x3a) return code - 22;
  if (code >= 0x41 && code < 0x5b) return code - 0x41;
  if (code >= 0x61 && code < 0x7b) return code - 0x61;
  return BASE;
}

/** RFC 3492 §6.2: a Punycode string of ASCII code points → the Unicode string. */
export function decode(input: string): string {
  const output: number[] = [];
  const delimiter = Math.max(input.lastIndexOf('-'), 0);
  for (let j = 0; j < delimiter; j++) {
    const code = input.charCodeAt(j);
    if (code >= 0x80) fail('not-basic');
    output.push(code);
  }
  let n = INITIAL_N;
  let bias = INITIAL_BIAS;
  let i = 0;
  for (let pos = delimiter > 0 ? delimiter + 1 : 0; pos < input.length;) {
    const before = i;
    for (let w = 1, k = BASE; ; k += BASE) {
      if (pos >= input.length) fail('invalid-input');
      const digit = digitOf(input.charCodeAt(pos++));
      if (digit >= BASE) fail('invalid-input');
      if (digit > Math.floor((MAX_INT - i) / w)) fail('overflow');
      i += digit * w;
      const t = k <= bias ? T_MIN : k >= bias + T_MAX ? T_MAX : k - bias;
      if (digit < t) break;
      if (w > Math.floor(MAX_INT / (BASE - t))) fail('overflow');
      w *= BASE - t;
    }
    const length = output.length + 1;
    bias = adapt(i - before, length, before === 0);
    if (Math.floor(i / length) > MAX_INT - n) fail('overflow');
    n += Math.floor(i / length);
    i %= length;
    output.splice(i++, 0, n);
  }
  return String.fromCodePoint(...output);
}

/**
 * A domain (stanza passes one label at a time): each `xn--` label decoded, the rest as is. Like
 * the package, a local part before `@` is kept and the IDNA dots (。．｡) separate labels too.
 */
export function toUnicode(domain: string): string {
  const at = domain.indexOf('@');
  const local = at < 0 ? '' : domain.slice(0, at + 1);
  const labels = (at < 0 ? domain : domain.slice(at + 1).split('@')[0]!).split(/[.\u3002\uFF0E\uFF61]/);
  return local + labels.map((label) => (label.startsWith('xn--') ? decode(label.slice(4).toLowerCase()) : label)).join('.');
}

export default { decode, toUnicode };
