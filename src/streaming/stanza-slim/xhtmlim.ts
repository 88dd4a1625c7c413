/**
 * Build-time substitute for `stanza/jxt/sanitizers/XHTMLIM.js` (see build/stanza-slim.mjs): the
 * registry hands this sanitizer to fields declared with the `xhtmlim` sanitizer, which only
 * XEP-0071 (XHTML-IM, not in the slim protocol) declares. Never called; if it were, it would keep
 * nothing rather than pass unsanitized markup on.
 */
export default function sanitizeXhtmlIm(): undefined {
  return undefined;
}
