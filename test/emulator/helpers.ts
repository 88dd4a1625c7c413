/** Shared helpers for the emulator's Node tests: HTTP calls, stanza clients, waiting for events. */
import * as XMPP from 'stanza';
import type { Agent } from 'stanza';
import { NS_JINGLE_MESSAGE } from '../../emulator/conversations/signaling/stanzas';
import { startEmulator, type AgentInfo, type EmulatorOptions, type RunningEmulator } from '../../emulator/index';

export const startTestEmulator = (opts: EmulatorOptions = {}): Promise<RunningEmulator> =>
  startEmulator({ host: '127.0.0.1', port: 0, ...opts });

export interface JsonResponse {
  status: number;
  headers: Headers;
  body: unknown;
}

export async function http(
  emu: RunningEmulator,
  method: string,
  path: string,
  opts: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<JsonResponse> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(emu.url + path, {
    method,
    headers,
    ...(opts.body !== undefined ? { body: typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

/** JSON body as a loose record, for assertions. */
export const obj = (r: JsonResponse): Record<string, any> => r.body as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export async function control(emu: RunningEmulator, method: string, path: string, body?: unknown): Promise<JsonResponse> {
  return http(emu, method, `/__emulator/${path}`, body === undefined ? {} : { body });
}

export async function newAgent(emu: RunningEmulator, body: Record<string, unknown> = {}): Promise<AgentInfo> {
  const res = await control(emu, 'POST', 'agents', body);
  if (res.status !== 201) throw new Error(`POST agents failed: ${res.status}`);
  return res.body as AgentInfo;
}

export async function createChannel(emu: RunningEmulator, token: string): Promise<string> {
  const res = await http(emu, 'POST', '/api/v2/notifications/channels?connectionType=streaming', { token });
  if (res.status !== 200) throw new Error(`channel creation failed: ${res.status}`);
  return obj(res).id as string;
}

export const domainOf = (jid: string): string => jid.slice(jid.indexOf('@') + 1);

export interface Connected {
  client: Agent;
  channelId: string;
  fullJid: string;
}

/** Connects a real stanza client like the streaming client does: channel POST, then WS with SASL PLAIN. */
export async function connectAgent(
  emu: RunningEmulator,
  agent: AgentInfo,
  opts: { channelId?: string; resource?: string; token?: string } = {},
): Promise<Connected> {
  const channelId = opts.channelId ?? (await createChannel(emu, agent.accessToken));
  const client = agentClient(emu, agent, channelId, opts);
  const fullJid = await startSession(client);
  return { client, channelId, fullJid };
}

export function agentClient(
  emu: RunningEmulator,
  agent: AgentInfo,
  channelId: string,
  opts: { resource?: string; token?: string } = {},
): Agent {
  return XMPP.createClient({
    jid: agent.jabberId,
    server: domainOf(agent.jabberId),
    password: `authKey:${opts.token ?? agent.accessToken}`,
    ...(opts.resource ? { resource: opts.resource } : {}),
    transports: { websocket: `${emu.info.wsHost}/stream/channels/${channelId}`, bosh: false },
    // stanza never clears its IQ timer when a request fails; keep it short so test processes exit quickly.
    timeout: 3,
  });
}

/** Starts the client and resolves with the bound JID, or rejects on auth failure / disconnect. */
export function startSession(client: Agent, timeoutMs = 5000): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('session did not start')), timeoutMs);
    client.once('session:started', (jid) => {
      clearTimeout(timer);
      resolve(String(jid));
    });
    client.once('auth:failed', () => {
      clearTimeout(timer);
      reject(new Error('auth:failed'));
    });
    client.connect();
  });
}

/** Waits for an auth failure; stops the client so it does not retry. */
export function expectAuthFailure(client: Agent, timeoutMs = 5000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no auth failure')), timeoutMs);
    client.once('session:started', () => reject(new Error('session started')));
    client.once('auth:failed', () => {
      clearTimeout(timer);
      client.disconnect();
      resolve();
    });
    client.connect();
  });
}

export interface Notification {
  node: string;
  payload: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** Next pubsub event (optionally for a given node), decoded like the streaming client does. */
export function nextNotification(client: Agent, node?: string, timeoutMs = 3000): Promise<Notification> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      client.off('message', onMessage);
      reject(new Error(`no notification${node ? ` on ${node}` : ''}`));
    }, timeoutMs);
    function onMessage(msg: XMPP.Stanzas.ReceivedMessage) {
      const items = (msg.pubsub as XMPP.Stanzas.PubsubEvent | undefined)?.items;
      if (!items || (node && items.node !== node)) return;
      clearTimeout(timer);
      client.off('message', onMessage);
      const content = items.published?.[0]?.content as { json?: Record<string, unknown> } | undefined;
      resolve({ node: items.node, payload: content?.json ?? {} });
    }
    client.on('message', onMessage);
  });
}

/** Next message stanza the client receives that satisfies `predicate`. */
export function nextMessage(
  client: Agent,
  predicate: (msg: XMPP.Stanzas.ReceivedMessage) => boolean,
  timeoutMs = 3000,
): Promise<XMPP.Stanzas.ReceivedMessage> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      client.off('message', onMessage);
      reject(new Error('timed out waiting for a message'));
    }, timeoutMs);
    function onMessage(msg: XMPP.Stanzas.ReceivedMessage) {
      if (!predicate(msg)) return;
      clearTimeout(timer);
      client.off('message', onMessage);
      resolve(msg);
    }
    client.on('message', onMessage);
  });
}

/** Resolves when `event` fires with an argument that satisfies `predicate`. */
export function waitForEvent<T>(
  emitter: { on(e: string, l: (arg: T) => void): unknown; off(e: string, l: (arg: T) => void): unknown },
  event: string,
  predicate: (arg: T) => boolean = () => true,
  timeoutMs = 3000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      emitter.off(event, listener);
      reject(new Error(`timed out waiting for ${event}`));
    }, timeoutMs);
    function listener(arg: T) {
      if (!predicate(arg)) return;
      clearTimeout(timer);
      emitter.off(event, listener);
      resolve(arg);
    }
    emitter.on(event, listener);
  });
}

/** Disconnects and waits until the socket is really gone. */
export async function stop(client: Agent): Promise<void> {
  if (!client.transport) return;
  const gone = new Promise<void>((resolve) => client.once('--transport-disconnected', () => resolve()));
  client.disconnect();
  await Promise.race([gone, new Promise((r) => setTimeout(r, 1500))]);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `probe` every 20 ms until it gives a truthy value; fails with "timed out waiting for <what>". */
export async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/**
 * Teaches a test client the Jingle Message `<propose>` with the Genesys `inin-*` attributes both
 * fake clients read; `extra` adds the attributes only one of them needs.
 */
export function defineProposeMessage(client: Agent, extra: Record<string, string> = {}): void {
  const fields: Record<string, ReturnType<typeof XMPP.JXT.attribute>> = {
    sessionId: XMPP.JXT.attribute('id'),
    conversationId: XMPP.JXT.attribute('inin-cid'),
    autoAnswer: XMPP.JXT.attribute('inin-autoanswer'),
    sdpOverXmpp: XMPP.JXT.attribute('inin-sdp-over-xmpp'),
  };
  for (const [name, attribute] of Object.entries(extra)) fields[name] = XMPP.JXT.attribute(attribute);
  client.stanzas.define({ element: 'propose', namespace: NS_JINGLE_MESSAGE, path: 'message.ininPropose', fields });
}
