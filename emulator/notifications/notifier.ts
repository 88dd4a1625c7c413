import * as ids from '../world/ids';
import type { ChannelRegistry } from './channels';

/** The Genesys notification envelope carried in `<json xmlns="urn:xmpp:json:0">`. */
export interface NotificationPayload {
  topicName: string;
  version: '2';
  eventBody: unknown;
  metadata: Record<string, unknown>;
}

/** Whatever can put a pubsub event on a channel's sockets (the XMPP server). */
export interface ChannelDelivery {
  /** Sends one pubsub event to every socket of the channel; returns the socket count. */
  deliverToChannel(channelId: string, node: string, payload: unknown): number;
}

export interface PublishResult {
  /** Channels subscribed to the topic. */
  channels: number;
  /** Sockets the event was written to (0 when subscribed clients are momentarily offline). */
  sockets: number;
}

/** Publishes topic events to every channel subscribed to the topic (HTTP or XMPP subscription). */
export class Notifier {
  constructor(
    private readonly channels: ChannelRegistry,
    private readonly delivery: ChannelDelivery,
  ) {}

  publish(topic: string, eventBody: unknown, metadata: Record<string, unknown> = {}): PublishResult {
    const payload: NotificationPayload = {
      topicName: topic,
      version: '2',
      eventBody,
      metadata: { CorrelationId: ids.uuid(), ...metadata },
    };
    const subscribed = this.channels.subscribedTo(topic);
    let sockets = 0;
    for (const channel of subscribed) sockets += this.delivery.deliverToChannel(channel.id, topic, payload);
    return { channels: subscribed.length, sockets };
  }

  /**
   * System nodes (`system.v2.no_longer_subscribed.<id>`, `streaming-subscriptions-expiring`, ...)
   * reach a channel without any subscription.
   */
  publishToChannel(channelId: string, node: string, payload: unknown): number {
    return this.delivery.deliverToChannel(channelId, node, payload);
  }
}
