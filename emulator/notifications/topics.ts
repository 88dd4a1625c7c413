/**
 * Expands the combined subscription ids the streaming client sends over HTTP:
 * `v2.users.abc?conversations&station` → `v2.users.abc.conversations`, `v2.users.abc.station`.
 */
export function expandTopicId(id: string): string[] {
  const q = id.indexOf('?');
  if (q < 0) return [id];
  const prefix = id.slice(0, q);
  return id
    .slice(q + 1)
    .split('&')
    .filter((suffix) => suffix.length > 0)
    .map((suffix) => `${prefix}.${suffix}`);
}

/** Node used by clients to switch to server-side pings; not a notification topic. */
export const SERVER_PINGS_NODE = 'enable.server.side.pings';

/** Pubsub service JIDs look like `notifications.{apiHost}`; with a port that is not a valid JID, so match by prefix. */
export const isPubsubServiceJid = (jid: string): boolean => jid.toLowerCase().startsWith('notifications.');
