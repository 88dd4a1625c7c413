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
  removeIqHandlersWhenSettled(client);
  return client;
}

/**
 * stanza's `sendIQ` listens on `iq:id:<id>` for the reply and removes that listener only when a
 * reply comes: an IQ that times out (a ping the cloud refused, any request sent just before the
 * socket dropped) left its handler, the request and a pending promise on the client for good, one
 * per such IQ over the life of the connection (docs/reliability.md, "Soak"). Passing our own id lets
 * us drop the handler however the request ends.
 */
function removeIqHandlersWhenSettled(client: Agent): void {
  const sendIQ = client.sendIQ.bind(client);
  client.sendIQ = ((data: Parameters<Agent['sendIQ']>[0]) => {
    const id = data.id ?? client.nextId();
    const done = () => { client.removeAllListeners(`iq:id:${id}`); };
    const reply = sendIQ({ ...data, id });
    reply.then(done, done);
    return reply;
  }) as Agent['sendIQ'];
}
