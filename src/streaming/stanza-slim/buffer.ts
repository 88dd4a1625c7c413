/**
 * The `Buffer` of the slim stanza platform (./platform.ts; docs/bundle-size.md): a Uint8Array
 * with the part of Node's Buffer API the bundled stanza modules use, instead of stanza's 25 KB
 * browser Buffer shim. Its users: JXT `textBuffer` fields (SASL payloads in base64, Jingle
 * `zrtp-hash` in hex): `from(string, enc)` and `toString(enc)`; SASL PLAIN/ANONYMOUS:
 * `from(string)`; `Utils.octetCompare` (`compare`), `Utils.reviveData` (`from({type,data})`),
 * `randomBytes`, and XEP-0115 caps generation (`concat`; never called by the engine).
 * Encodings: utf8/utf-8, base64 (also URL-safe, lenient like Node's), hex, latin1/binary, ascii;
 * anything else throws, like Node's. test/node/stanza-slim.test.ts compares it with Node's Buffer.
 */
type Encoding = 'utf8' | 'utf-8' | 'base64' | 'hex' | 'latin1' | 'binary' | 'ascii';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function normalise(encoding: string | undefined): 'utf8' | 'base64' | 'hex' | 'latin1' | 'ascii' {
  switch ((encoding ?? 'utf8').toLowerCase()) {
    case 'utf8': case 'utf-8': return 'utf8';
    case 'base64': return 'base64';
    case 'hex': return 'hex';
    case 'latin1': case 'binary': return 'latin1';
    case 'ascii': return 'ascii';
    default: throw new TypeError(`Unknown encoding: ${encoding}`);
  }
}

function base64Bytes(text: string): Uint8Array {
  // Node: URL-safe letters accepted, anything outside the alphabet skipped, stops at padding,
  // a dangling single character ignored
  let clean = text.replace(/-/g, '+').replace(/_/g, '/');
  const pad = clean.indexOf('=');
  if (pad >= 0) clean = clean.slice(0, pad);
  clean = clean.replace(/[^A-Za-z0-9+/]/g, '');
  if (clean.length % 4 === 1) clean = clean.slice(0, -1);
  const binary = atob(clean + '='.repeat((4 - (clean.length % 4)) % 4));
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

function hexBytes(text: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i + 1 < text.length; i += 2) {
    const pair = text.slice(i, i + 2);
    if (!/^[0-9a-fA-F]{2}$/.test(pair)) break; // Node stops at the first invalid pair
    out.push(parseInt(pair, 16));
  }
  return Uint8Array.from(out);
}

function binaryString(bytes: Uint8Array, mask: number): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    s += String.fromCharCode(...Array.from(bytes.subarray(i, i + 0x8000), (b) => b & mask));
  }
  return s;
}

// Uint8Array's constructors without its static `from`, which SlimBuffer.from replaces
const Bytes = Uint8Array as unknown as {
  new (size: number): Uint8Array;
  new (buffer: ArrayBuffer, byteOffset?: number, length?: number): Uint8Array;
};

export class SlimBuffer extends Bytes {
  static from(value: string | ArrayBuffer | ArrayLike<number> | { type: 'Buffer'; data: number[] }, encodingOrOffset?: string | number, length?: number): SlimBuffer {
    if (typeof value === 'string') return SlimBuffer.fromBytes(SlimBuffer.encode(value, encodingOrOffset as string | undefined));
    if (value instanceof ArrayBuffer) {
      const offset = (encodingOrOffset as number | undefined) ?? 0;
      return new SlimBuffer(value, offset, length ?? value.byteLength - offset);
    }
    if (value && typeof value === 'object' && 'type' in value && value.type === 'Buffer' && Array.isArray(value.data)) {
      return SlimBuffer.fromBytes(Uint8Array.from(value.data));
    }
    if (value && typeof (value as ArrayLike<number>).length === 'number') return SlimBuffer.fromBytes(Uint8Array.from(value as ArrayLike<number>));
    throw new TypeError('The first argument must be a string, Buffer, ArrayBuffer, Array, or array-like object');
  }

  static alloc(size: number): SlimBuffer {
    return new SlimBuffer(size);
  }

  static isBuffer(value: unknown): value is SlimBuffer {
    return value instanceof SlimBuffer;
  }

  static byteLength(value: string, encoding?: Encoding): number {
    return SlimBuffer.encode(value, encoding).length;
  }

  static concat(list: readonly Uint8Array[], totalLength?: number): SlimBuffer {
    const size = totalLength ?? list.reduce((n, b) => n + b.length, 0);
    const out = new SlimBuffer(size);
    let at = 0;
    for (const b of list) {
      if (at >= size) break;
      const part = b.subarray(0, size - at);
      out.set(part, at);
      at += part.length;
    }
    return out;
  }

  static compare(a: Uint8Array, b: Uint8Array): -1 | 0 | 1 {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
      if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
    }
    return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
  }

  private static fromBytes(bytes: Uint8Array): SlimBuffer {
    return new SlimBuffer(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.length);
  }

  private static encode(text: string, encoding?: string): Uint8Array {
    switch (normalise(encoding)) {
      case 'utf8': return encoder.encode(text);
      case 'base64': return base64Bytes(text);
      case 'hex': return hexBytes(text);
      default: { // per UTF-16 code unit, as Node
        const out = new Uint8Array(text.length);
        for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) & 0xff;
        return out;
      }
    }
  }

  compare(other: Uint8Array): -1 | 0 | 1 {
    return SlimBuffer.compare(this, other);
  }

  equals(other: Uint8Array): boolean {
    return SlimBuffer.compare(this, other) === 0;
  }

  override toString(encoding?: string, start = 0, end = this.length): string {
    const bytes = this.subarray(start, end);
    switch (normalise(encoding)) {
      case 'utf8': return decoder.decode(bytes);
      case 'base64': return btoa(binaryString(bytes, 0xff));
      case 'hex': return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
      case 'latin1': return binaryString(bytes, 0xff);
      default: return binaryString(bytes, 0x7f);
    }
  }

  toJSON(): { type: 'Buffer'; data: number[] } {
    return { type: 'Buffer', data: Array.from(this) };
  }
}
