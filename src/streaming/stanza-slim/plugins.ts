/**
 * Build-time substitute for `stanza/plugins/index.js` (see build/stanza-slim.mjs and
 * docs/bundle-size.md). stanza's Client calls `core` from its constructor; the engine's
 * client factory (../stanza-client.ts) then applies `default`. Only the plugins the engine
 * relies on are here: stream features, SASL, resource binding/session, keep-alive ping
 * (XEP-0199, also answers the server's pings), service discovery (answers disco#info) and
 * pubsub (`pubsub:published`), plus the two things the engine used from stanza's Jingle
 * plugin (its disco features and `getServices`). Add a plugin by importing it here.
 */
import type { Agent } from 'stanza';
import bind from 'stanza/plugins/bind';
import connection from 'stanza/plugins/connection';
import disco from 'stanza/plugins/disco';
import features from 'stanza/plugins/features';
import pubsub from 'stanza/plugins/pubsub';
import sasl from 'stanza/plugins/sasl';
import jingleExtdisco from './jingle-extdisco';

/** stanza's `core` without `hostmeta` (we always pass the WebSocket URL, so no XRD discovery). */
export function core(client: Agent): void {
  client.use(features);
  client.use(disco);
  client.use(bind);
  client.use(connection);
  client.use(sasl);
}

export default function plugins(client: Agent): void {
  client.use(pubsub);
  client.use(jingleExtdisco);
}
