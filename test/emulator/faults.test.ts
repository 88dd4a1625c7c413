import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { WebSocket } from 'ws';
import type { RunningEmulator } from '../../emulator/index';
import {
  connectAgent, control, createChannel, domainOf, http, newAgent, nextNotification, obj, startTestEmulator, stop,
  waitForEvent,
} from './helpers';

/** A hand-driven XMPP socket, to send what no well-behaved client would. */
class RawSocket {
  readonly frames: string[] = [];
  readonly closed: Promise<number>;
  private waiters: Array<() => void> = [];

  constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.frames.push(String(data));
      for (const w of this.waiters.splice(0)) w();
    });
    this.closed = new Promise((resolve) => ws.on('close', (code) => resolve(code)));
  }

  static async open(url: string): Promise<RawSocket> {
    const ws = new WebSocket(url, 'xmpp');
    const raw = new RawSocket(ws);
    await new Promise<void>((resolve, reject) => { ws.once('open', () => resolve()); ws.once('error', reject); });
    assert.equal(ws.protocol, 'xmpp', 'the server echoes the xmpp subprotocol');
    return raw;
  }

  send(frame: string): void {
    this.ws.send(frame);
  }

  async waitFor(pattern: RegExp, timeoutMs = 2000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.frames.find((f) => pattern.test(f));
      if (hit) return hit;
      if (Date.now() > deadline) throw new Error(`no frame matching ${pattern}; got ${this.frames.join('\n')}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }
}

const open = (to: string) => `<open xmlns="urn:ietf:params:xml:ns:xmpp-framing" to="${to}" version="1.0"/>`;

describe('faults and robustness', () => {
  let emu: RunningEmulator;
  before(async () => { emu = await startTestEmulator(); });
  after(async () => { await emu.close(); });

  it('drop-sockets closes every socket of the user abruptly', async () => {
    const agent = await newAgent(emu);
    const a = await connectAgent(emu, agent, { resource: 'a' });
    const b = await connectAgent(emu, agent, { resource: 'b' });
    const other = await connectAgent(emu, await newAgent(emu));
    try {
      const gone = Promise.all([waitForEvent(a.client, 'disconnected'), waitForEvent(b.client, 'disconnected')]);
      const res = await control(emu, 'POST', 'faults', { type: 'drop-sockets', userId: agent.userId });
      assert.deepEqual(obj(res), { dropped: 2 });
      await gone;
      assert.equal(emu.xmpp.sessionsOfUser(agent.userId).length, 0);
      await other.client.ping();
    } finally {
      await stop(a.client);
      await stop(b.client);
      await stop(other.client);
    }
  });

  it('refuse-pings leaves client pings unanswered until turned off', async () => {
    const agent = await newAgent(emu);
    const { client } = await connectAgent(emu, agent);
    try {
      await control(emu, 'POST', 'faults', { type: 'refuse-pings', userId: agent.userId, enabled: true });
      client.config.timeout = 1;
      await assert.rejects(client.ping(), (err: { error?: { condition?: string } }) => err.error?.condition === 'timeout');
      await control(emu, 'POST', 'faults', { type: 'refuse-pings', userId: agent.userId, enabled: false });
      await client.ping();
    } finally {
      await stop(client);
    }
  });

  it('answers malformed input with a stream error and a close, and nobody else notices', async () => {
    const watcher = await newAgent(emu);
    const { client } = await connectAgent(emu, watcher);
    const topic = `v2.users.${watcher.userId}.conversations`;
    await client.subscribeToNode(`notifications.${new URL(emu.url).host}`, topic);

    const agent = await newAgent(emu);
    const channelId = await createChannel(emu, agent.accessToken);
    const domain = domainOf(agent.jabberId);
    const raw = await RawSocket.open(`${emu.info.wsHost}/stream/channels/${channelId}`);
    raw.send(open(domain));
    await raw.waitFor(/<mechanism>PLAIN<\/mechanism>/);
    assert.ok(!raw.frames.some((f) => f.includes('ANONYMOUS')), 'only PLAIN is offered on channels');
    const creds = Buffer.from(`\0${agent.jabberId}\0authKey:${agent.accessToken}`).toString('base64');
    raw.send(`<auth xmlns="urn:ietf:params:xml:ns:xmpp-sasl" mechanism="PLAIN">${creds}</auth>`);
    await raw.waitFor(/<success/);
    raw.send(open(domain));
    await raw.waitFor(/<bind/);
    raw.send('<iq xmlns="jabber:client" id="b1" type="set"><bind xmlns="urn:ietf:params:xml:ns:xmpp-bind"/></iq>');
    await raw.waitFor(/<jid>/);
    raw.send('<message xmlns="jabber:client" to="x@y"><body>unterminated');
    const error = await raw.waitFor(/stream:error/);
    assert.match(error, /not-well-formed/);
    assert.equal(await raw.closed, 1000);
    assert.equal(emu.xmpp.sessionsOfUser(agent.userId).length, 0);

    const second = await RawSocket.open(`${emu.info.wsHost}/stream/channels/${channelId}`);
    second.send('<iq id="1" type="get"><ping xmlns="urn:xmpp:ping"/></iq>');
    assert.match(await second.waitFor(/stream:error/), /unsupported-stanza-type/);
    await second.closed;

    const next = nextNotification(client, topic);
    await control(emu, 'POST', 'notify', { topic, eventBody: { still: 'here' } });
    assert.deepEqual((await next).payload.eventBody, { still: 'here' });
    await stop(client);
  });

  it('refuses the wrong SASL mechanism and offers only ANONYMOUS on the JWT path', async () => {
    const jwt = obj(await control(emu, 'POST', 'jwt', {})).jwt as string;
    const raw = await RawSocket.open(`${emu.info.wsHost}/stream/jwt/${jwt}`);
    raw.send(open('emulated-org.orgspan.com'));
    const features = await raw.waitFor(/mechanisms/);
    assert.match(features, /<mechanism>ANONYMOUS<\/mechanism>/);
    assert.doesNotMatch(features, /PLAIN/);
    raw.send(`<auth xmlns="urn:ietf:params:xml:ns:xmpp-sasl" mechanism="PLAIN">${Buffer.from('\0\0undefined').toString('base64')}</auth>`);
    assert.match(await raw.waitFor(/<failure/), /invalid-mechanism/);
    raw.send('<close xmlns="urn:ietf:params:xml:ns:xmpp-framing"/>');
    await raw.waitFor(/<close/);
    await raw.closed;
  });

  it('rejects WebSocket upgrades outside /stream/channels and /stream/jwt', async () => {
    const ws = new WebSocket(`${emu.info.wsHost}/stream/other`, 'xmpp');
    const status = await new Promise<number>((resolve) => ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)));
    assert.equal(status, 404);
  });

  it('reset drops sockets and returns to the seed world with the same tokens', async () => {
    const seeded = emu.info.agents[0];
    assert.ok(seeded);
    const added = await newAgent(emu);
    const { client } = await connectAgent(emu, seeded);
    const gone = waitForEvent(client, 'disconnected');
    assert.equal((await control(emu, 'POST', 'reset')).status, 200);
    await gone;
    await stop(client);
    const users = obj(await control(emu, 'GET', 'users')).entities as Array<{ userId: string }>;
    assert.ok(!users.some((u) => u.userId === added.userId));
    assert.equal((await http(emu, 'GET', '/api/v2/users/me', { token: seeded.accessToken })).status, 200);
    assert.equal((await http(emu, 'GET', '/api/v2/users/me', { token: added.accessToken })).status, 401);
  });
});
