/**
 * Build-time substitute for `stanza/helpers/LegacyEntityCapabilities.js` (see
 * build/stanza-slim.mjs): XEP-0115 caps hashing, reached only through `client.updateCaps()`,
 * which the engine never calls (it does not advertise caps; the slim platform has no hashing
 * either). Calling it is a programming error, said clearly.
 */

export function generate(): never {
  throw new Error('entity capabilities (updateCaps) are not in the slim stanza build');
}

export function verify(): never {
  throw new Error('entity capabilities (verify) are not in the slim stanza build');
}
