import type { PlatformClient } from '../api/platform-client';
import type { ILogger } from '../types/logger';
import type { NotificationPayload, StreamingConnection } from './connection';
import { combineTopics } from './topics';

export type NotificationHandler<TBody = unknown> = (event: NotificationPayload<TBody>) => void;

/** Topics handled internally; never sent to the server. */
const INTERNAL_TOPICS = new Set(['streaming-subscriptions-expiring', 'no_longer_subscribed', 'duplicate_id']);
const BULK_DEBOUNCE_MS = 100;

/**
 * Topic subscriptions for the rest of the engine.
 * - `subscribe(topic, handler, true)`: XMPP pubsub subscribe now ("immediate").
 * - `subscribe(topic, handler)`: a debounced HTTP PUT of every topic (combined as `prefix?a&b`).
 * An agent's subscriptions made while the socket is still opening (initialize) go out at once in
 * that PUT as soon as the channel exists: the channel needs no socket, so they are written while
 * the XMPP session is set up instead of one round trip after it.
 * Everything is re-sent when the server says subscriptions expire and after a new channel.
 */
export class Notifications {
  private handlers = new Map<string, Set<NotificationHandler>>();
  private xmppTopics = new Set<string>();
  private bulkTopics = new Set<string>();
  /** the next PUT: topics subscribed until its body is written join it */
  private pendingBulk: { promise: Promise<void>; timer: ReturnType<typeof setTimeout>; fire: () => void } | undefined;
  /** the channel the last PUT went to (a new channel without it needs every topic again) */
  private putChannel: string | undefined;

  constructor(
    private readonly connection: StreamingConnection,
    private readonly api: PlatformClient,
    private readonly pubsubHost: string,
    private readonly logger: ILogger,
  ) {
    connection.on('notification', (topic, payload) => this.dispatch(topic, payload));
    connection.on('connected', ({ newChannel }) => {
      if (newChannel && this.hasTopics() && (!connection.usesChannel || connection.channelId !== this.putChannel)) void this.resubscribeAll('new channel').catch(() => undefined);
    });
    this.addHandler('streaming-subscriptions-expiring', () => {
      void this.resubscribeAll('subscriptions expiring').catch(() => undefined);
    });
  }

  /** Every topic the server should be sending (internal ones excluded). */
  get topics(): string[] {
    return [...new Set([...this.bulkTopics, ...this.xmppTopics, ...this.handlers.keys()])].filter((t) => !INTERNAL_TOPICS.has(t));
  }

  private hasTopics(): boolean {
    return this.topics.length > 0;
  }

  private addHandler(topic: string, handler: NotificationHandler): void {
    const set = this.handlers.get(topic) ?? new Set();
    set.add(handler);
    this.handlers.set(topic, set);
  }

  async subscribe<TBody = unknown>(topic: string, handler?: NotificationHandler<TBody>, immediate = false): Promise<void> {
    if (handler) this.addHandler(topic, handler as NotificationHandler);
    // without a channel (guest/JWT) there is no HTTP subscription API: use pubsub
    if (!this.connection.usesChannel || (immediate && this.connection.connected)) {
      this.xmppTopics.add(topic);
      await this.connection.sendIQ({ type: 'set', to: this.pubsubHost, pubsub: { context: 'user', subscribe: { node: topic, jid: this.bareJid() } } });
      return;
    }
    this.bulkTopics.add(topic);
    const put = this.scheduleBulk();
    // initialize() waits for these: no batching window while connecting, nor for "immediate" ones;
    // a microtask later, so that the subscriptions made together share the PUT
    if (immediate || !this.connection.connected) queueMicrotask(() => this.flush());
    await put;
  }

  async unsubscribe(topic: string, handler?: NotificationHandler, immediate = false): Promise<void> {
    const set = this.handlers.get(topic);
    if (handler && set) set.delete(handler as NotificationHandler);
    if (handler && set && set.size > 0) return; // still wanted by someone else
    this.handlers.delete(topic);
    this.bulkTopics.delete(topic);
    const wasXmpp = this.xmppTopics.delete(topic);
    if (!this.connection.connected) return;
    if (immediate || wasXmpp || !this.connection.channelId) {
      await this.connection.sendIQ({ type: 'set', to: this.pubsubHost, pubsub: { context: 'user', unsubscribe: { node: topic, jid: this.bareJid() } } });
    } else {
      await this.scheduleBulk();
    }
  }

  /** Replaces the channel's subscriptions with every known topic (HTTP PUT), or re-subscribes over pubsub without a channel. */
  async resubscribeAll(reason: string): Promise<void> {
    this.logger.info(`notifications: resubscribing (${reason})`, { topics: this.topics.length });
    if (this.connection.channelId) return this.scheduleBulk();
    await Promise.all([...this.xmppTopics].map((topic) =>
      this.connection.sendIQ({ type: 'set', to: this.pubsubHost, pubsub: { context: 'user', subscribe: { node: topic, jid: this.bareJid() } } })));
  }

  private bareJid(): string {
    return this.connection.jid.split('/')[0] ?? '';
  }

  /** Calls within 100 ms, or before the PUT's body is written (it may wait for the channel), share one PUT. */
  private scheduleBulk(): Promise<void> {
    if (this.pendingBulk) return this.pendingBulk.promise;
    let fire: () => void = () => undefined;
    let fired = false;
    const promise = new Promise<void>((resolve, reject) => {
      fire = () => {
        if (fired) return;
        fired = true;
        clearTimeout(timer);
        this.putAll(() => {
          if (this.pendingBulk?.promise === promise) this.pendingBulk = undefined;
        }).then(resolve, reject);
      };
    });
    const timer = setTimeout(() => fire(), BULK_DEBOUNCE_MS);
    this.pendingBulk = { promise, timer, fire: () => fire() };
    return promise;
  }

  /** Sends a pending batched PUT now instead of at the end of its window (e.g. initialize() waits for it). */
  flush(): void {
    this.pendingBulk?.fire();
  }

  /** PUTs every topic to the channel (waiting for it while connecting); `sealed` runs as the body is written. */
  private async putAll(sealed: () => void): Promise<void> {
    let channelId: string;
    try {
      channelId = this.connection.channelId ?? (await this.connection.whenChannel());
    } finally {
      sealed();
    }
    const body = combineTopics(this.topics).map((id) => ({ id }));
    this.putChannel = channelId;
    await this.api.request(`notifications/channels/${encodeURIComponent(channelId)}/subscriptions`, { method: 'PUT', body });
  }

  private dispatch(topic: string, payload: NotificationPayload): void {
    const handlers = this.handlers.get(topic);
    if (!handlers) {
      this.logger.debug(`notifications: no handler for ${topic}`);
      return;
    }
    for (const handler of [...handlers]) {
      try {
        handler(payload);
      } catch (err) {
        this.logger.error(`notifications: a handler for ${topic} threw`, err);
      }
    }
  }

  /** Drops every handler and pending PUT (destroy). */
  clear(): void {
    if (this.pendingBulk) clearTimeout(this.pendingBulk.timer);
    this.putChannel = undefined;
    this.pendingBulk = undefined;
    this.handlers.clear();
    this.xmppTopics.clear();
    this.bulkTopics.clear();
  }
}
