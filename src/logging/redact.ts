/**
 * Secret redaction for everything the SDK logs. Runs as the first log formatter, so the
 * console (secondary logger), the server upload and the `trace` event only ever see
 * redacted data. Secrets are removed by value (tokens the SDK knows), by pattern
 * (JWTs, `authKey:…`, `Bearer …`) and by key (`accessToken`, `password`, `credential`…).
 */
export const REDACTED = '[REDACTED]';

const SECRET_KEY = /(token|password|passwd|credential|secret|authorization|authkey|jwt|cookie|securitycode)/i;
/** three base64url segments starting with `eyJ` (a JSON header) */
const JWT_PATTERN = /eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g;
const AUTHKEY_PATTERN = /authKey:[^\s"'&]+/g;
const BEARER_PATTERN = /(Bearer\s+)[^\s"',]+/gi;
const MAX_DEPTH = 8;
/** generations of a rotating secret kept: the current one and a few before (a call set up before a reconnect keeps its TURN credentials) */
export const ROTATING_SECRET_GENERATIONS = 4;

const isSecret = (value: unknown): value is string => typeof value === 'string' && value.length >= 6;

export class Redactor {
  private secrets = new Set<string>();
  /** secrets replaced over time (TURN credentials on every reconnect, refreshed tokens): newest generation last */
  private rotating = new Map<string, string[][]>();
  /** every secret to redact, rebuilt on change (redaction is hot, changes are rare) */
  private all: string[] = [];

  /** Remember a secret value (too-short values are ignored to avoid mangling ordinary text). */
  addSecret(value: string | undefined | null): void {
    if (isSecret(value) && !this.secrets.has(value)) {
      this.secrets.add(value);
      this.rebuild();
    }
  }

  removeSecret(value: string | undefined | null): void {
    if (value && this.secrets.delete(value)) this.rebuild();
  }

  /**
   * Remember the current generation of a secret that rotates (`kind`: e.g. `ice` for TURN credentials,
   * `token`). Only the last {@link ROTATING_SECRET_GENERATIONS} generations of a kind are kept, so a
   * long-lived SDK that reconnects often does not accumulate every credential it ever saw.
   */
  addRotatingSecrets(kind: string, values: ReadonlyArray<string | undefined | null>): void {
    const generation = [...new Set(values.filter(isSecret))];
    if (generation.length === 0) return;
    const generations = this.rotating.get(kind) ?? [];
    const last = generations[generations.length - 1];
    if (last && last.length === generation.length && last.every((v, i) => v === generation[i])) return;
    generations.push(generation);
    if (generations.length > ROTATING_SECRET_GENERATIONS) generations.splice(0, generations.length - ROTATING_SECRET_GENERATIONS);
    this.rotating.set(kind, generations);
    this.rebuild();
  }

  /** how many distinct secrets are redacted (bounded: fixed ones plus the kept rotating generations) */
  get size(): number {
    return this.all.length;
  }

  private rebuild(): void {
    const all = new Set(this.secrets);
    for (const generations of this.rotating.values()) for (const g of generations) for (const v of g) all.add(v);
    this.all = [...all];
  }

  redactString(text: string): string {
    let out = text;
    for (const secret of this.all) {
      if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    }
    return out
      .replace(JWT_PATTERN, REDACTED)
      .replace(AUTHKEY_PATTERN, `authKey:${REDACTED}`)
      .replace(BEARER_PATTERN, `$1${REDACTED}`);
  }

  /** A redacted deep copy of `value`; the original is never modified. */
  redact<T>(value: T): T {
    return this.walk(value, 0, new WeakMap()) as T;
  }

  private walk(value: unknown, depth: number, seen: WeakMap<object, unknown>): unknown {
    if (typeof value === 'string') return this.redactString(value);
    if (value === null || typeof value !== 'object') return value;
    if (seen.has(value)) return seen.get(value);
    if (depth >= MAX_DEPTH) return '[Truncated]';
    if (value instanceof Error) {
      const copy: Record<string, unknown> = { name: value.name, message: this.redactString(value.message) };
      seen.set(value, copy);
      if (value.stack) copy.stack = this.redactString(value.stack);
      for (const key of Object.keys(value)) copy[key] = this.walkEntry(key, (value as unknown as Record<string, unknown>)[key], depth, seen);
      if (value.cause !== undefined) copy.cause = this.walk(value.cause, depth + 1, seen);
      return copy;
    }
    if (Array.isArray(value)) {
      const copy: unknown[] = [];
      seen.set(value, copy);
      for (const item of value) copy.push(this.walk(item, depth + 1, seen));
      return copy;
    }
    const keys = Object.keys(value);
    const proto = Object.getPrototypeOf(value) as unknown;
    // Browser objects (MediaStream, RTCPeerConnection, elements) carry no enumerable data of ours: keep them for the console.
    if (keys.length === 0 && proto !== Object.prototype && proto !== null) return value;
    const copy: Record<string, unknown> = {};
    seen.set(value, copy);
    for (const key of keys) copy[key] = this.walkEntry(key, (value as Record<string, unknown>)[key], depth, seen);
    return copy;
  }

  private walkEntry(key: string, entry: unknown, depth: number, seen: WeakMap<object, unknown>): unknown {
    if (SECRET_KEY.test(key) && entry !== undefined && entry !== null && entry !== '' && typeof entry !== 'boolean' && typeof entry !== 'object') {
      return REDACTED;
    }
    return this.walk(entry, depth + 1, seen);
  }
}
