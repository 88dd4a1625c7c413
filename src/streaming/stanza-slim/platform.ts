/**
 * Build-time substitute for stanza's browser platform module (`stanza/platform`, which its
 * package.json `browser` field maps to `platform/browser/index.js`; see build/stanza-slim.mjs and
 * docs/bundle-size.md). The same exports, except stanza's browser hashing (SHA-1/256/512, MD5,
 * HMAC): on the engine's paths only SCRAM/DIGEST-MD5 (left out, see ./sasl.ts) and XEP-0115 caps
 * generation (`client.updateCaps()`, which the engine never calls) hash anything, so
 * `createHash`/`createHmac`/`Hash`/`Hmac` throw. To bring hashing back, substitute this file with
 * stanza's again (remove the `platform/…index.js` entries in build/stanza-slim.mjs).
 * No Node stream classes: their only users, stanza's WebSocket transport and JXT StreamParser,
 * are substituted by stream-free ones (./websocket.ts, ./stream-parser.ts), and `Buffer` is the
 * small Uint8Array-based one of ./buffer.ts instead of stanza's shim.
 */
import { SlimBuffer as ShimBuffer } from './buffer';

export function randomBytes(size: number): ShimBuffer {
  const rawBytes = new Uint8Array(size);
  if (size > 0) {
    globalThis.crypto.getRandomValues(rawBytes);
  }
  return ShimBuffer.from(rawBytes.buffer);
}

function notIncluded(): never {
  throw new Error('Hashing is not included in this build (stanza SCRAM/DIGEST SASL and caps generation are left out)');
}

export function getHashes(): string[] {
  return [];
}
export const createHash = notIncluded;
export const createHmac = notIncluded;
export class Hash {
  constructor() { notIncluded(); }
}
export class Hmac {
  constructor() { notIncluded(); }
}

export function createResolver(): undefined {
  return undefined;
}

const nativeFetch = globalThis.fetch.bind(globalThis);
const nativeWS = globalThis.WebSocket;
const nativeRTCPeerConnection = (globalThis as { RTCPeerConnection?: typeof RTCPeerConnection }).RTCPeerConnection;
export const name = 'browser';

export {
  ShimBuffer as Buffer, nativeFetch as fetch, nativeRTCPeerConnection as RTCPeerConnection, nativeWS as WebSocket,
};
