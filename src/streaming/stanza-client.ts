/**
 * The engine's stanza client: stanza's `Client` with an explicit plugin list instead of the
 * `stanza` root's `createClient` (which pulls in every plugin, Jingle sessions, RTT, data
 * forms, …). In builds and browser tests, stanza's own plugin and protocol indexes are
 * substituted too (build/stanza-slim.mjs, docs/bundle-size.md).
 */
import type { Agent, AgentConfig } from 'stanza';
import Client from 'stanza/Client';
import plugins from './stanza-slim/plugins';

export function createClient(opts: AgentConfig): Agent {
  const client = new Client(opts) as unknown as Agent;
  client.use(plugins);
  return client;
}
