/**
 * Build-time substitute for `stanza/jxt/StreamParser.js` (see build/stanza-slim.mjs and
 * docs/bundle-size.md): the same XML-stream-to-JXT parser on stanza's own `Parser`, `XMLElement`
 * and registry, but an EventEmitter instead of a Node `Transform` stream, so the stream shim
 * (readable-stream, string_decoder, Buffer) stays out of the bundle.
 *
 * Differences from stanza's, none visible to the WebSocket transport (its only user):
 * - `write(text)` takes strings (WebSocket frames are whole strings) and emits `data`
 *   synchronously instead of through the stream's buffer;
 * - an error is emitted once, on a microtask (like the stream's `destroy(err)` on nextTick), and
 *   everything after it is ignored, as stanza's handlers do once the stream is destroyed.
 * test/node/stanza-slim.test.ts feeds both the same chunked XML and compares what they emit.
 */
import { EventEmitter } from 'events';
import ElementModule from 'stanza/jxt/Element';
import ErrorModule from 'stanza/jxt/Error';
import ParserModule from 'stanza/jxt/Parser';
import type Registry from 'stanza/jxt/Registry';
import type { JSONData } from 'stanza/jxt/Definitions';

// stanza's CommonJS default exports: bundlers hand over `exports.default`, Node's ESM loader
// (the node tests) the whole `exports`
const interop = <T>(m: T): T => (typeof m === 'function' ? m : (m as unknown as { default: T }).default);
const XMLElement = interop(ElementModule);
type XMLElement = ElementModule;
const JXTError = interop(ErrorModule);
const Parser = interop(ParserModule);

export interface StreamParserOptions {
  allowComments?: boolean;
  registry: Registry;
  lang?: string;
  acceptLanguages?: string[];
  wrappedStream?: boolean;
  rootKey?: string;
}

export interface ParsedData {
  event?: string;
  kind: string;
  stanza: JSONData;
  xml: XMLElement;
}

export default class StreamParser extends EventEmitter {
  destroyed = false;
  private closedStream = false;
  private ended = false;
  private readonly wrappedStream: boolean = false;
  private readonly registry: Registry;
  private readonly lang?: string;
  private readonly acceptLanguages: string[];
  private currentElement?: XMLElement;
  private rootElement?: XMLElement;
  private readonly rootImportKey?: string;
  private readonly parser: ParserModule;

  constructor(opts: StreamParserOptions) {
    super();
    this.registry = opts.registry;
    this.acceptLanguages = opts.acceptLanguages || [];
    if (opts.wrappedStream) {
      this.wrappedStream = true;
      this.rootImportKey = opts.rootKey;
    }
    this.parser = new Parser({ allowComments: opts.allowComments });
    this.parser.on('error', (err: Error) => this.destroy(err));
    this.parser.on('startElement', (name: string, attributes: Record<string, string>) => this.onStart(name, attributes));
    this.parser.on('endElement', (name: string) => this.onEnd(name));
    this.parser.on('text', (text: string) => {
      if (this.currentElement) this.currentElement.children.push(text);
    });
  }

  /** Feeds XML text; parsed top-level elements are emitted as `data` ({@link ParsedData}). */
  write(chunk: string | { toString(): string }): boolean {
    if (!this.destroyed && !this.ended) this.parser.write(chunk.toString());
    return true;
  }

  /** No more input (stanza's stream `end()`). */
  end(): void {
    this.ended = true;
  }

  /** Stops parsing; with an error, emits it once (on a microtask, as the stream did on nextTick). */
  destroy(err?: Error): void {
    if (this.destroyed) return;
    this.destroyed = true;
    if (err) queueMicrotask(() => this.emit('error', err));
  }

  private push(data: ParsedData): void {
    if (!this.destroyed) this.emit('data', data);
  }

  private importOptions() {
    return { acceptLanguages: this.acceptLanguages, lang: this.lang };
  }

  private onStart(name: string, attributes: Record<string, string>): void {
    if (this.destroyed) return;
    if (this.closedStream) return this.destroy(JXTError.alreadyClosed());
    const el = new XMLElement(name, attributes);
    const key = this.registry.getImportKey(el);
    if (this.wrappedStream && !this.rootElement) {
      if (this.rootImportKey && key !== this.rootImportKey) return this.destroy(JXTError.unknownRoot());
      const root = this.registry.import(el, this.importOptions());
      if (!root) return this.destroy(JXTError.notWellFormed());
      this.rootElement = el;
      this.push({ event: 'stream-start', kind: key as string, stanza: root, xml: el });
      return;
    }
    this.currentElement = this.currentElement ? this.currentElement.appendChild(el) as XMLElement : el;
  }

  private onEnd(name: string): void {
    if (this.destroyed) return;
    if (this.wrappedStream && !this.currentElement) {
      this.closedStream = true;
      if (!this.rootElement || name !== this.rootElement.name) return this.destroy(JXTError.notWellFormed());
      this.push({ event: 'stream-end', kind: this.rootImportKey as string, stanza: {}, xml: this.rootElement });
      this.end();
      return;
    }
    if (!this.currentElement || name !== this.currentElement.name) {
      this.closedStream = true;
      return this.destroy(JXTError.notWellFormed());
    }
    if (this.currentElement.parent) {
      this.currentElement = this.currentElement.parent;
      return;
    }
    if (this.wrappedStream) this.currentElement.parent = this.rootElement;
    const element = this.currentElement;
    this.currentElement = undefined;
    const key = this.registry.getImportKey(element);
    const stanza = this.registry.import(element, this.importOptions());
    if (stanza) this.push({ kind: key as string, stanza, xml: element });
  }
}
