/**
 * Build-time substitute for `stanza/lib/stringprep/index.js` (see build/stanza-slim.mjs), whose
 * Unicode tables (≈ 16 KB minified) only stanza's JID parsing uses (nodeprep / nameprep /
 * resourceprep of every JID it reads or writes). The Genesys cloud's JIDs are ASCII.
 * - ASCII input: exactly RFC 3491/3920 for ASCII (what the tables say about code points < 0x80):
 *   node and domain are case-folded; a node may not hold a control character, space or any of
 *   `"&'/:<>@`; a resource may not hold a control character; a domain accepts any ASCII.
 * - other input: (node, domain) `toLowerCase()` and ß → ss, then NFKC, with the ASCII checks above: close to,
 *   but not exactly, stringprep (no table-based mapping, prohibition or bidi checks).
 * `test/node/stanza-slim.test.ts` compares it with stanza's on ASCII and common non-ASCII input.
 * saslprep is not substituted: the slim SASL (sasl.ts) has no mechanism that uses it.
 */

const NODE_PROHIBITED = new Set([0x20, 0x22, 0x26, 0x27, 0x2f, 0x3a, 0x3c, 0x3e, 0x40]);

function check(str: string, prohibited: (c: number) => boolean): string {
  for (let i = 0; i < str.length; i++) {
    const c = str.charCodeAt(i);
    if (prohibited(c)) throw new Error('Prohibited code point: x' + c.toString(16));
  }
  return str;
}

const isControl = (c: number): boolean => c < 0x20 || c === 0x7f;
/** case folding (B.2) then NFKC; `toLowerCase` plus the common full folding of ß */
const fold = (str: string): string => str.toLowerCase().replace(/ß/g, 'ss').normalize('NFKC');

export function nodeprep(str = ''): string {
  return check(fold(str), (c) => isControl(c) || NODE_PROHIBITED.has(c));
}

export function nameprep(str = ''): string {
  return fold(str);
}

export function resourceprep(str = ''): string {
  return check(str.normalize('NFKC'), isControl);
}

export function saslprep(): never {
  throw new Error('saslprep is not in the slim stanza build');
}

export function prepare(): never {
  throw new Error('stringprep.prepare is not in the slim stanza build');
}
