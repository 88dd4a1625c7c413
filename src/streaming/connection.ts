import type { Agent } from 'stanza';
import type { ReceivedMessage } from 'stanza/protocol';
import { SdkError, SdkErrorTypes } from '../errors';
import type { PlatformClient } from '../api/platform-client';
import type { ILogger } from '../types/logger';
import { delay, settleWithin, withTimeout } from '../utils/async';
import { typedEmitter } from '../utils/typed-emitter';
import { DEFAULT_RECONNECT_BACKOFF, reconnectDelay, type BackoffPolicy } from './backoff';
import { discoverIceServers, type IceConfiguration } from './ice-servers';
import { GENESYS_DEFINITIONS, isInvalidJson } from './stanza-definitions';
import { createClient } from './stanza-client';

/** Connection states; every change goes through `transition()` which rejects illegal moves. */
export enum ConnectionState {
  idle = 'idle',
  connecting = 'connecting',
  connected = 'connected',
  reconnecting = 'reconnecting',
  disconnecting = 'disconnecting',
  disconnected = 'disconnected',
}

const TRANSITIONS: Record<ConnectionState, ConnectionState[]> = {
  idle: [ConnectionState.connecting, ConnectionState.disconnected],
  connecting: [ConnectionState.connected, ConnectionState.disconnecting, ConnectionState.disconnected],
  connected: [ConnectionState.reconnecting, ConnectionState.disconnecting],
  reconnecting: [ConnectionState.connected, ConnectionState.disconnecting, ConnectionState.disconnected],
  disconnecting: [ConnectionState.disconnected],
  disconnected: [ConnectionState.connecting, ConnectionState.reconnecting],
};

/** A pubsub notification as delivered to topic handlers: `{ topicName, eventBody, metadata, version }`. */
export interface NotificationPayload<TBody = unknown> {
  topicName: string;
  eventBody: TBody;
  metadata?: Record<string, unknown>;
  version?: string;
}

export interface ConnectionEvents {
  state: (state: ConnectionState, previous: ConnectionState) => void;
  /** `reconnect`: had connected before; `newChannel`: a channel was (re)created, so server-side subscriptions are gone */
  connected: (info: { reconnect: boolean; newChannel: boolean }) => void;
  /** `reconnecting: false` means final: no automatic reconnect will follow */
  disconnected: (info: { reconnecting: boolean; reason?: unknown }) => void;
  /** pubsub item on `topic` (system topics normalised to `no_longer_subscribed` / `duplicate_id`) */
  notification: (topic: string, payload: NotificationPayload) => void;
  iceServers: (config: IceConfiguration) => void;
  /** agent: a new notification channel exists (its subscriptions can be written before the socket opens) */
  channel: (channelId: string) => void;
}

export interface StreamingConnectionOptions {
  authMode: 'agent' | 'guest' | 'jwt';
  wsHost: string;
  /** agent: bare JID from users/me `chat.jabberId` (SASL PLAIN authcid); jwt: the JWT's `data.jid` */
  jid?: string;
  /** guest/jwt: the JWT put in the socket path */
  jwt?: string;
  jidResource?: string;
  getToken: () => string | undefined;
  api: PlatformClient;
  logger: ILogger;
  /** called with each discovery's TURN credentials so logs redact them (they change on every reconnect) */
  onIceSecrets?: (secrets: string[]) => void;
  pingIntervalMs?: number;
  pingTimeoutMs?: number;
  maxMissedPings?: number;
  attemptTimeoutMs?: number;
  /** attempts for the first connect before `connect()` rejects (reconnects retry without limit) */
  maxInitialAttempts?: number;
  maxChannelReuses?: number;
  backoff?: BackoffPolicy;
  /**
   * agent: the channel POST of {@link requestStreamingChannel}, started by the caller in
   * parallel with users/me (it needs only the token); used by the first attempt.
   */
  channel?: Promise<{ id?: string }>;
}

/** POST notifications/channels for a streaming channel (agents). */
export function requestStreamingChannel(api: PlatformClient): Promise<{ id?: string }> {
  return api.request<{ id?: string }>('notifications/channels?connectionType=streaming', { method: 'POST', retry: { maxAttempts: 3 } });
}

class FatalConnectError extends Error {
  constructor(readonly sdkError: SdkError) { super(sdkError.message); }
}

/**
 * The streaming (XMPP over WebSocket) connection: channel bootstrap, SASL, bind, ICE server
 * discovery, keep-alive pings, and reconnects. One stanza client lives as long as this object,
 * so listeners added to `stanza` (signaling) survive reconnects; each attempt gets a new socket.
 */
export class StreamingConnection extends typedEmitter<ConnectionEvents>() {
  readonly stanza: Agent;
  private _state = ConnectionState.idle;
  private _channelId: string | undefined;
  private _iceConfig: IceConfiguration | undefined;
  private hasConnected = false;
  private hardReconnectRequired = true;
  private channelReuses = 0;
  private lastFailedSaslToken: string | undefined;
  private loop: Promise<void> | undefined;
  private loopAbort: AbortController | undefined;
  private pingTimer: ReturnType<typeof setTimeout> | undefined;
  private missedPings = 0;
  private readonly opts: Required<Pick<StreamingConnectionOptions, 'pingIntervalMs' | 'pingTimeoutMs' | 'maxMissedPings' | 'attemptTimeoutMs' | 'maxInitialAttempts' | 'maxChannelReuses' | 'backoff'>> & StreamingConnectionOptions;

  constructor(options: StreamingConnectionOptions) {
    super();
    this.opts = {
      pingIntervalMs: 14_000,
      pingTimeoutMs: 15_000,
      maxMissedPings: 2,
      attemptTimeoutMs: 15_000,
      maxInitialAttempts: 3,
      maxChannelReuses: 10,
      backoff: DEFAULT_RECONNECT_BACKOFF,
      ...options,
    };
    this.stanza = createClient({
      jid: options.jid ?? '',
      // one resource for the connection's lifetime (like streaming-client 19.x): after a reconnect the
      // cloud still finds our signalling sessions at the same full JID
      resource: options.jidResource ?? crypto.randomUUID(),
      transports: { websocket: true, bosh: false },
      useStreamManagement: false,
      allowResumption: false,
      timeout: this.opts.pingTimeoutMs / 1000,
    });
    // Only the mechanism the endpoint uses: stanza otherwise picks by its own priority (research §2.5).
    const keep = options.authMode === 'agent' ? 'PLAIN' : 'ANONYMOUS';
    for (const name of ['EXTERNAL', 'SCRAM-SHA-256-PLUS', 'SCRAM-SHA-256', 'SCRAM-SHA-1-PLUS', 'SCRAM-SHA-1', 'DIGEST-MD5', 'OAUTHBEARER', 'X-OAUTH2', 'PLAIN', 'ANONYMOUS']) {
      if (name !== keep) this.stanza.sasl.disable(name);
    }
    this.stanza.stanzas.define(GENESYS_DEFINITIONS);
    this.stanza.on('disconnected', () => this.onSocketClosed());
    this.stanza.on('pubsub:published', (msg) => this.onPubsub(msg));
  }

  /** agent: the bare JID from users/me, for a connection built before it arrived (before connect()) */
  setJid(jid: string): void {
    this.opts.jid = jid;
  }

  get state(): ConnectionState { return this._state; }
  get connected(): boolean { return this._state === ConnectionState.connected; }
  /** the notification channel id (agents only) */
  get channelId(): string | undefined { return this._channelId; }
  /** agents have a notification channel (topic subscriptions by HTTP); guests and JWT users only pubsub */
  get usesChannel(): boolean { return this.opts.authMode === 'agent'; }

  /**
   * The current channel id, or the next one created while connecting. Rejects when the
   * connection gives up or is disconnected first (so no caller waits forever).
   */
  whenChannel(): Promise<string> {
    if (this._channelId) return Promise.resolve(this._channelId);
    return new Promise<string>((resolve, reject) => {
      const done = () => { this.off('channel', onChannel); this.off('disconnected', onDisconnected); };
      const onChannel = (id: string) => { done(); resolve(id); };
      const onDisconnected = ({ reconnecting }: { reconnecting: boolean }) => {
        if (reconnecting) return;
        done();
        reject(new SdkError(SdkErrorTypes.session, 'The streaming connection closed before a notification channel was created'));
      };
      this.on('channel', onChannel);
      this.on('disconnected', onDisconnected);
    });
  }
  /** the bound full JID */
  get jid(): string { return this.stanza.jid; }
  /** ICE servers from the last successful discovery */
  get iceConfiguration(): IceConfiguration | undefined { return this._iceConfig; }

  private transition(to: ConnectionState): void {
    const from = this._state;
    if (from === to) return;
    if (!TRANSITIONS[from].includes(to)) {
      this.opts.logger.warn(`streaming connection: ignored illegal transition ${from} -> ${to}`);
      return;
    }
    this._state = to;
    this.opts.logger.debug(`streaming connection: ${from} -> ${to}`);
    this.emit('state', to, from);
  }

  /** First connect. Resolves when connected; rejects with an SdkError when it cannot connect. */
  connect(): Promise<void> {
    if (this._state === ConnectionState.connected) return Promise.resolve();
    if (this.loop) return this.loop;
    this.transition(ConnectionState.connecting);
    return this.startLoop(false);
  }

  /** Reconnects now (new socket; new channel when `hard`). Resolves when connected again. */
  async reconnect(hard = false): Promise<void> {
    if (this._state === ConnectionState.disconnecting) throw new SdkError(SdkErrorTypes.session, 'The connection is disconnecting');
    if (hard) this.hardReconnectRequired = true;
    if (this.loop) return this.loop;
    if (this._state === ConnectionState.idle) return this.connect();
    const wasConnected = this._state === ConnectionState.connected;
    this.transition(ConnectionState.reconnecting);
    this.stopPinger();
    if (wasConnected) this.emit('disconnected', { reconnecting: true, reason: 'reconnect requested' });
    const loop = this.startLoop(true, true);
    await this.closeSocket();
    return loop;
  }

  private startLoop(reconnect: boolean, immediate = false): Promise<void> {
    const abort = new AbortController();
    this.loopAbort = abort;
    const loop = this.runLoop(reconnect, immediate, abort.signal).finally(() => {
      if (this.loop === loop) { this.loop = undefined; this.loopAbort = undefined; }
    });
    this.loop = loop;
    return loop;
  }

  private async runLoop(reconnect: boolean, immediate: boolean, signal: AbortSignal): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      if (attempt > 0 || (reconnect && !immediate)) {
        const wait = reconnectDelay(attempt, this.opts.backoff);
        this.opts.logger.info(`streaming connection: next attempt in ${wait} ms`, { attempt: attempt + 1 });
        await delay(wait, signal).catch(() => undefined);
      }
      if (signal.aborted) throw new SdkError(SdkErrorTypes.session, 'Connecting was cancelled by disconnect()');
      try {
        const newChannel = await this.attempt(signal);
        if (signal.aborted) throw new SdkError(SdkErrorTypes.session, 'Connecting was cancelled by disconnect()');
        this.transition(ConnectionState.connected);
        const wasReconnect = this.hasConnected;
        this.hasConnected = true;
        this.lastFailedSaslToken = undefined;
        this.startPinger();
        this.opts.logger.info('streaming connection: connected', { reconnect: wasReconnect, newChannel, channelId: this._channelId });
        this.emit('connected', { reconnect: wasReconnect, newChannel });
        return;
      } catch (err) {
        await this.closeSocket();
        if (signal.aborted) throw err instanceof SdkError ? err : new SdkError(SdkErrorTypes.session, 'Connecting was cancelled by disconnect()');
        const fatal = err instanceof FatalConnectError ? err.sdkError : undefined;
        const givingUp = fatal ?? (!this.hasConnected && attempt + 1 >= this.opts.maxInitialAttempts
          ? new SdkError(SdkErrorTypes.initialization, `Could not connect to the streaming service after ${attempt + 1} attempts: ${(err as Error).message}`, { attempts: attempt + 1 }, err)
          : undefined);
        if (givingUp) {
          this.opts.logger.error('streaming connection: giving up', givingUp);
          this.transition(ConnectionState.disconnected);
          this.emit('disconnected', { reconnecting: false, reason: givingUp });
          throw givingUp;
        }
        this.opts.logger.warn(`streaming connection: attempt ${attempt + 1} failed`, err);
      }
    }
  }

  /** One connection attempt. Returns whether a new channel was created. */
  private async attempt(signal: AbortSignal): Promise<boolean> {
    const { authMode, wsHost, logger } = this.opts;
    let url: string;
    let server: string;
    let newChannel = false;
    if (authMode === 'agent') {
      const jid = this.opts.jid;
      if (!jid) throw new FatalConnectError(new SdkError(SdkErrorTypes.initialization, 'No jabberId for the user'));
      if (this.hardReconnectRequired || !this._channelId || this.channelReuses >= this.opts.maxChannelReuses) {
        this._channelId = await this.createChannel();
        this.hardReconnectRequired = false;
        this.channelReuses = 0;
        newChannel = true;
        this.emit('channel', this._channelId);
      } else {
        this.channelReuses++;
      }
      const token = this.opts.getToken() ?? '';
      url = `${wsHost}/stream/channels/${this._channelId}`;
      server = jid.split('@')[1]?.split('/')[0] ?? '';
      this.stanza.updateConfig({ jid, server, credentials: { username: jid, password: `authKey:${token}` }, transports: { websocket: url, bosh: false } });
      return this.openSocket(signal, token, server, newChannel);
    }
    const jwt = this.opts.jwt ?? '';
    url = `${wsHost}/stream/jwt/${jwt}`;
    // the JWT's jid is a room (`acd-…@conference.<domain>`): the XMPP domain is without `conference.`
    server = (this.opts.jid?.split('@')[1] ?? '').replace(/^conference\./, '');
    newChannel = this.hardReconnectRequired;
    this.hardReconnectRequired = false;
    this.stanza.updateConfig({ jid: authMode === 'jwt' ? (this.opts.jid ?? '') : '', server, credentials: {}, transports: { websocket: url, bosh: false } });
    void logger;
    return this.openSocket(signal, undefined, server, newChannel);
  }

  private async createChannel(): Promise<string> {
    const prefetched = this.opts.channel;
    this.opts.channel = undefined; // a channel is used once
    try {
      const res = await (prefetched ?? requestStreamingChannel(this.opts.api));
      if (!res?.id) throw new SdkError(SdkErrorTypes.initialization, 'The notification channel response had no id');
      return res.id;
    } catch (err) {
      if (err instanceof SdkError && (err.type === SdkErrorTypes.invalid_token || (err.details as { status?: number } | undefined)?.status === 403)) {
        throw new FatalConnectError(err.type === SdkErrorTypes.invalid_token ? err : new SdkError(SdkErrorTypes.invalid_token, err.message, err.details, err));
      }
      throw err;
    }
  }

  private async openSocket(signal: AbortSignal, token: string | undefined, server: string, newChannel: boolean): Promise<boolean> {
    const client = this.stanza;
    let cleanup = (): void => undefined;
    const started = new Promise<void>((resolve, reject) => {
      let authFailed = false;
      const onStarted = () => resolve();
      const onAuthFailed = () => { authFailed = true; };
      const onClosed = () => reject(authFailed ? this.saslFailure(token) : new Error('The socket closed before the session started'));
      const onAbort = () => reject(new Error('aborted'));
      client.on('session:started', onStarted);
      client.on('auth:failed', onAuthFailed);
      client.on('disconnected', onClosed);
      signal.addEventListener('abort', onAbort, { once: true });
      cleanup = () => {
        client.off('session:started', onStarted);
        client.off('auth:failed', onAuthFailed);
        client.off('disconnected', onClosed);
        signal.removeEventListener('abort', onAbort);
      };
    });
    try {
      void client.connect();
      await withTimeout(started, this.opts.attemptTimeoutMs, () => new Error('Timed out opening the XMPP session'));
    } finally {
      cleanup();
    }
    const ice = await discoverIceServers(client, server, this.opts.attemptTimeoutMs);
    const secrets: string[] = [];
    for (const s of ice.iceServers) {
      if (typeof s.credential === 'string') secrets.push(s.credential);
      if (s.username) secrets.push(s.username);
    }
    this.opts.onIceSecrets?.(secrets);
    this._iceConfig = ice;
    this.emit('iceServers', ice);
    return newChannel;
  }

  /** SASL failure: retry once with a new channel if the token changed since, otherwise it is the token. */
  private saslFailure(token: string | undefined): Error {
    if (this.opts.authMode !== 'agent') {
      return new FatalConnectError(new SdkError(SdkErrorTypes.invalid_token, 'The streaming service rejected the JWT'));
    }
    if (token !== undefined && token === this.lastFailedSaslToken) {
      return new FatalConnectError(new SdkError(SdkErrorTypes.invalid_token, 'The streaming service rejected the access token'));
    }
    this.lastFailedSaslToken = token;
    this.hardReconnectRequired = true;
    return new Error('SASL authentication failed; retrying with a new channel');
  }

  /** A socket that was connected went away: reconnect with backoff (same channel unless a hard reconnect is required). */
  private onSocketClosed(): void {
    if (this._state !== ConnectionState.connected) return;
    this.stopPinger();
    this.opts.logger.warn('streaming connection: socket closed; reconnecting');
    this.transition(ConnectionState.reconnecting);
    this.emit('disconnected', { reconnecting: true, reason: 'socket closed' });
    this.startLoop(true).catch(() => undefined); // final failures are reported through 'disconnected'
  }

  private onPubsub(msg: ReceivedMessage): void {
    try {
      const items = msg.pubsub && 'items' in msg.pubsub ? msg.pubsub.items : undefined;
      const node = items?.node;
      if (!node) return;
      let topic = node;
      if (node.includes('no_longer_subscribed')) topic = 'no_longer_subscribed';
      else if (node.includes('duplicate_id')) topic = 'duplicate_id';
      const first = items.published?.[0] as { content?: { json?: unknown } } | undefined;
      const json = first?.content?.json;
      if (isInvalidJson(json) || (json !== undefined && (typeof json !== 'object' || json === null || Array.isArray(json)))) {
        this.opts.logger.warn('streaming connection: ignored a notification that is not a JSON object', { node, invalidJson: isInvalidJson(json) });
        return;
      }
      const payload = (json && typeof json === 'object' ? json : { topicName: node, eventBody: json }) as NotificationPayload;
      if (topic === 'no_longer_subscribed' || topic === 'duplicate_id') {
        // the channel is gone (or taken): only a new channel brings notifications back
        this.opts.logger.warn(`streaming connection: ${topic}; hard reconnect`);
        this.hardReconnectRequired = true;
        if (this._state === ConnectionState.connected) void this.reconnect(true).catch(() => undefined);
      }
      this.emit('notification', topic, payload);
    } catch (err) {
      this.opts.logger.error('streaming connection: failed to handle a pubsub message', err);
    }
  }

  /** @internal tests and the soak: a faster keep-alive (ping period and reply timeout) */
  _setKeepAlive(intervalMs: number, timeoutMs: number): void {
    this.opts.pingIntervalMs = intervalMs;
    this.opts.pingTimeoutMs = timeoutMs;
    this.stanza.updateConfig({ timeout: timeoutMs / 1000 });
    if (this.connected) this.startPinger();
  }

  private startPinger(): void {
    this.stopPinger();
    this.missedPings = 0;
    const tick = async (): Promise<void> => {
      if (this._state !== ConnectionState.connected) return;
      try {
        await this.stanza.ping();
        this.missedPings = 0;
      } catch (err) {
        const condition = (err as { error?: { condition?: string } })?.error?.condition;
        if (condition && condition !== 'timeout') {
          this.missedPings = 0; // an error reply still proves the server is there
        } else {
          this.missedPings++;
          this.opts.logger.warn(`streaming connection: ping missed (${this.missedPings}/${this.opts.maxMissedPings})`);
          if (this.missedPings >= this.opts.maxMissedPings) {
            void this.closeSocket(); // 'disconnected' then drives the reconnect
            return;
          }
        }
      }
      if (this._state === ConnectionState.connected) this.pingTimer = setTimeout(() => void tick(), this.opts.pingIntervalMs);
    };
    this.pingTimer = setTimeout(() => void tick(), this.opts.pingIntervalMs);
  }

  private stopPinger(): void {
    if (this.pingTimer) clearTimeout(this.pingTimer);
    this.pingTimer = undefined;
  }

  /** Closes the current socket (if any) and waits until stanza has let go of it. */
  private async closeSocket(): Promise<void> {
    if (!this.stanza.transport) return;
    const gone = new Promise<void>((resolve) => this.stanza.once('disconnected', () => resolve()));
    void Promise.resolve(this.stanza.disconnect()).catch(() => undefined);
    await settleWithin(gone, 3000);
  }

  /** Stops reconnecting, closes the socket, emits a final `disconnected`. Always settles. */
  async disconnect(): Promise<void> {
    if (this._state === ConnectionState.disconnected || this._state === ConnectionState.idle) {
      this.transition(ConnectionState.disconnected);
      return;
    }
    this.transition(ConnectionState.disconnecting);
    this.stopPinger();
    this.loopAbort?.abort();
    this.hardReconnectRequired = true;
    await this.closeSocket();
    this.transition(ConnectionState.disconnected);
    this.emit('disconnected', { reconnecting: false, reason: 'disconnect() called' });
  }

  /** Sends a stanza; rejects with `SdkError(session)` while not connected. */
  private assertConnected(): void {
    if (!this.connected) throw new SdkError(SdkErrorTypes.session, 'The streaming connection is not connected');
  }

  async sendIQ<T extends Parameters<Agent['sendIQ']>[0]>(iq: T): ReturnType<Agent['sendIQ']> {
    this.assertConnected();
    return this.stanza.sendIQ(iq);
  }

  sendMessage(message: Parameters<Agent['sendMessage']>[0]): string {
    this.assertConnected();
    return this.stanza.sendMessage(message);
  }

  async send(kind: Parameters<Agent['send']>[0], stanza: Parameters<Agent['send']>[1]): Promise<void> {
    this.assertConnected();
    await this.stanza.send(kind, stanza);
  }
}
