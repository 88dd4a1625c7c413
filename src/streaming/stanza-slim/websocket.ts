/**
 * Build-time substitute for `stanza/transports/websocket.js` (see build/stanza-slim.mjs and
 * docs/bundle-size.md): XMPP over WebSocket (RFC 7395) for stanza's `Client`, with the same
 * behaviour towards the client and the socket, but without Node's `Duplex` stream (which brought
 * readable-stream and the Buffer shim into the bundle). A WebSocket message is a whole frame, so
 * frames go straight to the parser and stanzas straight to `socket.send`.
 *
 * Same as stanza's: the client events (`connected`, `raw`, `stream:start`, `stream:data`,
 * `stream:end`, `stream:error`, `--transport-disconnected`), the stream open/close headers, the
 * clean close (send `</close>`, wait up to 1 s for the server's, then close), the invalid-XML
 * stream error, `send()` rejecting once the socket is not open.
 * Differences: on invalid XML the `<stream:error>` is really sent before closing (stanza's
 * exports it under a registry path that does not exist, throws, and never closes);
 * `--transport-disconnected` is emitted at most once per transport (stanza's could
 * fire a second time from the stream's late `end` when a close raced the client's async handler),
 * nothing is logged with `console` on a socket error, and stanzas parsed from a frame reach
 * the client synchronously rather than a tick later.
 * test/node/stanza-slim.test.ts drives this and stanza's transport through the same socket
 * script and compares what the client and the socket see.
 */
import type { Agent, Transport, TransportConfig } from 'stanza';
import type StreamManagement from 'stanza/helpers/StreamManagement';
import type { JSONData } from 'stanza/jxt/Definitions';
import type Registry from 'stanza/jxt/Registry';
import type { Stream, StreamError } from 'stanza/protocol';
import { StreamErrorCondition } from './constants';
import StreamParser, { type ParsedData } from './stream-parser';

const WS_OPEN = 1;

type Emitter = { emit(event: string, ...args: unknown[]): boolean };

export default class WSConnection implements Transport {
  hasStream?: boolean;
  stream?: Stream;
  private readonly client: Agent & Emitter;
  private config!: TransportConfig;
  private readonly sm: StreamManagement;
  private readonly stanzas: Registry;
  private closing = false;
  private ended = false;
  private disconnectedEmitted = false;
  private incomingEnded = false;
  private parser?: StreamParser;
  private socket?: WebSocket;
  private disconnectTimeoutId?: ReturnType<typeof setTimeout>;

  constructor(client: Agent, sm: StreamManagement, stanzas: Registry) {
    this.client = client as Agent & Emitter;
    this.sm = sm;
    this.stanzas = stanzas;
  }

  connect(opts: TransportConfig): void {
    this.config = opts;
    this.hasStream = false;
    this.closing = false;
    const parser = new StreamParser({
      acceptLanguages: this.config.acceptLanguages,
      allowComments: false,
      lang: this.config.lang,
      registry: this.stanzas,
      wrappedStream: false,
    });
    this.parser = parser;
    parser.on('data', (e: ParsedData) => this.onParsed(e));
    parser.on('error', (err: Error) => {
      const streamError: StreamError = { condition: StreamErrorCondition.InvalidXML };
      this.client.emit('stream:error', streamError, err);
      // (stanza's transport exports it as 'error', a path its registry lacks, and throws here)
      this.write(this.stanzas.export('streamError', streamError as JSONData)?.toString() ?? '');
      this.disconnect();
    });
    const socket = new WebSocket(opts.url as string, 'xmpp');
    this.socket = socket;
    socket.onopen = () => {
      this.sm.started = false;
      this.client.emit('connected');
      this.write(this.startHeader());
    };
    socket.onmessage = (msg: MessageEvent) => {
      const data = String(msg.data);
      this.client.emit('raw', 'incoming', data);
      this.parser?.write(data);
    };
    // the end of the incoming side, as the stream's push(null)
    socket.onclose = () => this.endIncoming();
    socket.onerror = () => this.endIncoming();
  }

  disconnect(clean = true): void {
    if (this.socket && !this.closing && this.hasStream && clean) {
      this.closing = true;
      this.write(this.closeHeader());
      this.disconnectTimeoutId = setTimeout(() => {
        if (this.socket) this.disconnect(false);
      }, 1000);
      return;
    }
    clearTimeout(this.disconnectTimeoutId);
    this.hasStream = false;
    this.stream = undefined;
    if (this.socket) {
      this.ended = true; // the outgoing side is finished (the stream's end())
      this.socket.close();
      this.emitDisconnected();
    }
    this.socket = undefined;
  }

  async send(dataOrName: string, data?: JSONData): Promise<void> {
    let output: string | undefined;
    if (data) output = this.stanzas.export(dataOrName, data)?.toString();
    if (!output) return;
    const failure = this.write(output);
    if (failure) throw new Error(failure);
  }

  restart(): void {
    this.hasStream = false;
    this.write(this.startHeader());
  }

  /** Sends one frame; the reason (stanza's stream's error message) when it cannot. */
  private write(data: string): string | undefined {
    if (this.ended) return 'write after end';
    if (!this.socket || this.socket.readyState !== WS_OPEN) {
      this.ended = true; // as the stream's write error → end(): the outgoing side is done
      return 'Socket closed';
    }
    this.client.emit('raw', 'outgoing', data);
    this.socket.send(data);
    return undefined;
  }

  private onParsed(e: ParsedData): void {
    if (e.kind === 'stream') {
      const stream = e.stanza as Stream & { action?: 'open' | 'close' }; // RFC 7395 <open/>/<close/>
      if (stream.action === 'open') {
        this.hasStream = true;
        this.stream = stream;
        this.client.emit('stream:start', stream);
        return;
      }
      if (stream.action === 'close') {
        this.client.emit('stream:end');
        this.disconnect();
        return;
      }
    }
    this.client.emit('stream:data', e.stanza, e.kind);
  }

  private endIncoming(): void {
    if (this.incomingEnded) return;
    this.incomingEnded = true;
    this.parser?.destroy(); // nothing is delivered after the socket's end
    if (this.client.transport === (this as Transport)) this.emitDisconnected();
  }

  private emitDisconnected(): void {
    if (this.disconnectedEmitted) return;
    this.disconnectedEmitted = true;
    this.client.emit('--transport-disconnected');
  }

  private startHeader(): string {
    return this.stanzas.export('stream', { action: 'open', lang: this.config.lang, to: this.config.server, version: '1.0' } as JSONData)?.toString() ?? '';
  }

  private closeHeader(): string {
    return this.stanzas.export('stream', { action: 'close' } as JSONData)?.toString() ?? '';
  }
}
