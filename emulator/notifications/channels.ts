import * as ids from '../world/ids';

/** A notification channel: owned by one user, keeps its topics across socket reconnects. */
export interface Channel {
  id: string;
  /** World user id, or a synthetic id for JWT sessions. */
  userId: string;
  topics: Set<string>;
  expires: Date;
  /** JWT sessions get a private channel that dies with the socket. */
  ephemeral: boolean;
}

export interface ChannelSummary {
  id: string;
  userId: string;
  topics: string[];
  expires: string;
}

const CHANNEL_LIFETIME_MS = 24 * 3600 * 1000;

export class ChannelRegistry {
  private channels = new Map<string, Channel>();

  create(userId: string, opts: { ephemeral?: boolean } = {}): Channel {
    const channel: Channel = {
      id: opts.ephemeral ? `jwt-${ids.uuid()}` : ids.channelId(),
      userId,
      topics: new Set(),
      expires: new Date(Date.now() + CHANNEL_LIFETIME_MS),
      ephemeral: opts.ephemeral ?? false,
    };
    this.channels.set(channel.id, channel);
    return channel;
  }

  get(id: string): Channel | undefined {
    return this.channels.get(id);
  }

  delete(id: string): void {
    this.channels.delete(id);
  }

  forUser(userId: string): Channel[] {
    return [...this.channels.values()].filter((c) => c.userId === userId);
  }

  subscribedTo(topic: string): Channel[] {
    return [...this.channels.values()].filter((c) => c.topics.has(topic));
  }

  all(): Channel[] {
    return [...this.channels.values()];
  }

  clear(): void {
    this.channels.clear();
  }
}

export const summarize = (c: Channel): ChannelSummary => ({
  id: c.id,
  userId: c.userId,
  topics: [...c.topics].sort(),
  expires: c.expires.toISOString(),
});
