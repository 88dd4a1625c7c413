import type { ChannelRegistry } from '../notifications/channels';
import { SERVER_PINGS_NODE } from '../notifications/topics';
import type { XmppSession } from './session';
import { NS, XmlElement, iqError, iqResult, type IqStanza } from './stanzas';

export interface ServerPingOptions {
  enabled: boolean;
  intervalMs: number;
}

/**
 * XEP-0060 subscribe/unsubscribe at `notifications.*`. Topics live on the socket's channel, so
 * they survive reconnects on the same channel. The subscribe result must carry
 * `<pubsub><subscription/></pubsub>`: stanza dereferences it.
 */
export class PubsubService {
  constructor(
    private readonly channels: ChannelRegistry,
    private readonly serverPings: ServerPingOptions,
  ) {}

  handle(session: XmppSession, iq: IqStanza): XmlElement {
    const id = iq.id ?? '';
    const from = iq.to;
    const pubsub = iq.pubsub;
    const channel = this.channels.get(session.info.channelId);
    if (iq.type !== 'set' || !pubsub || !channel) return iqError(id, from, session.fullJid, 'feature-not-implemented');
    if (pubsub.subscribe?.node) {
      const node = pubsub.subscribe.node;
      if (node === SERVER_PINGS_NODE) {
        // An error makes the client fall back to its own pings.
        if (!this.serverPings.enabled) return iqError(id, from, session.fullJid, 'feature-not-implemented');
        session.startServerPings(this.serverPings.intervalMs);
      } else {
        channel.topics.add(node);
      }
      const jid = pubsub.subscribe.jid ? String(pubsub.subscribe.jid) : session.info.bareJid;
      const subscription = new XmlElement('subscription', { node, jid, subscription: 'subscribed' });
      return iqResult(id, from, session.fullJid, new XmlElement('pubsub', { xmlns: NS.pubsub }, [subscription]));
    }
    if (pubsub.unsubscribe?.node) {
      channel.topics.delete(pubsub.unsubscribe.node);
      return iqResult(id, from, session.fullJid);
    }
    return iqError(id, from, session.fullJid, 'feature-not-implemented');
  }
}
