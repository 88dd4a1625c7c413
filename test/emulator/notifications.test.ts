import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningEmulator } from '../../emulator/index';
import { XmlElement } from '../../emulator/xmpp/stanzas';
import {
  connectAgent, control, http, newAgent, nextMessage, nextNotification, obj, sleep, startTestEmulator, stop,
} from './helpers';

describe('notifications, message routing and endpoint hooks', () => {
  let emu: RunningEmulator;
  let pubsubJid: string;
  before(async () => {
    emu = await startTestEmulator();
    pubsubJid = `notifications.${new URL(emu.url).host}`;
  });
  after(async () => { await emu.close(); });

  it('delivers a station notification after a control-API association (HTTP subscription)', async () => {
    const agent = await newAgent(emu);
    const { client, channelId } = await connectAgent(emu, agent);
    try {
      const put = await http(emu, 'PUT', `/api/v2/notifications/channels/${channelId}/subscriptions`, {
        token: agent.accessToken,
        body: [{ id: `v2.users.${agent.userId}?conversations&station` }],
      });
      assert.deepEqual(obj(put).entities, [{ id: `v2.users.${agent.userId}?conversations&station`, state: 'Permitted' }]);

      const disassociated = nextNotification(client, `v2.users.${agent.userId}.station`);
      assert.equal((await control(emu, 'DELETE', `users/${agent.userId}/station`)).status, 200);
      const d = await disassociated;
      assert.equal(d.payload.metadata.action, 'Disassociated');
      assert.equal(d.payload.version, '2');

      const associated = nextNotification(client, `v2.users.${agent.userId}.station`);
      const res = await control(emu, 'POST', `users/${agent.userId}/station`, {});
      assert.equal(obj(res).stationId, agent.stationId);
      const a = await associated;
      assert.equal(a.payload.topicName, `v2.users.${agent.userId}.station`);
      assert.equal(a.payload.metadata.action, 'Associated');
      assert.equal(a.payload.eventBody.associatedStation.id, agent.stationId);

      const me = obj(await http(emu, 'GET', '/api/v2/users/me?expand=station', { token: agent.accessToken }));
      assert.equal(me.station.effectiveStation.id, agent.stationId);
    } finally {
      await stop(client);
    }
  });

  it('subscribes over XMPP pubsub (service JID with a port) and delivers /__emulator/notify events', async () => {
    const agent = await newAgent(emu);
    const { client } = await connectAgent(emu, agent);
    try {
      const topic = `v2.users.${agent.userId}.conversations`;
      const sub = await client.subscribeToNode(pubsubJid, topic);
      assert.equal(sub.node, topic);
      assert.equal(sub.state, 'subscribed');
      const next = nextNotification(client, topic);
      const res = await control(emu, 'POST', 'notify', { topic, eventBody: { id: 'conv-1', note: '<&>' }, metadata: { CorrelationId: 'c-1' } });
      assert.deepEqual(obj(res), { channels: 1, sockets: 1 });
      const n = await next;
      assert.deepEqual(n.payload, {
        topicName: topic, version: '2', eventBody: { id: 'conv-1', note: '<&>' }, metadata: { CorrelationId: 'c-1' },
      });

      await client.unsubscribeFromNode(pubsubJid, topic);
      assert.deepEqual(obj(await control(emu, 'POST', 'notify', { topic, eventBody: {} })), { channels: 0, sockets: 0 });
    } finally {
      await stop(client);
    }
  });

  it('keeps XMPP and HTTP subscriptions of a channel across a reconnect on the same channel', async () => {
    const agent = await newAgent(emu);
    const first = await connectAgent(emu, agent);
    const xmppTopic = `v2.users.${agent.userId}.conversations`;
    const httpTopic = `v2.users.${agent.userId}.station`;
    await first.client.subscribeToNode(pubsubJid, xmppTopic);
    await http(emu, 'POST', `/api/v2/notifications/channels/${first.channelId}/subscriptions`, {
      token: agent.accessToken, body: [{ id: httpTopic }],
    });
    await stop(first.client);

    const second = await connectAgent(emu, agent, { channelId: first.channelId });
    try {
      assert.notEqual(second.fullJid, first.fullJid, 'a new server-assigned resource');
      const a = nextNotification(second.client, xmppTopic);
      emu.notifier.publish(xmppTopic, { id: 'conv-2' });
      assert.equal((await a).payload.eventBody.id, 'conv-2');
      const b = nextNotification(second.client, httpTopic);
      emu.notifier.publish(httpTopic, { associatedStation: { id: 'x' } }, { action: 'Associated' });
      assert.equal((await b).payload.metadata.action, 'Associated');
    } finally {
      await stop(second.client);
    }
  });

  it('fans a message to the own bare JID out to every socket of the user, sender included', async () => {
    const agent = await newAgent(emu);
    const one = await connectAgent(emu, agent, { resource: 'one' });
    const two = await connectAgent(emu, agent, { resource: 'two' });
    try {
      const atOne = nextMessage(one.client, (m) => m.body === 'carbon');
      const atTwo = nextMessage(two.client, (m) => m.body === 'carbon');
      one.client.sendMessage({ to: agent.jabberId, body: 'carbon' });
      const [m1, m2] = await Promise.all([atOne, atTwo]);
      assert.equal(m1.from, one.fullJid);
      assert.equal(m2.from, one.fullJid);

      // A full JID reaches only that socket.
      let strayAtOne = false;
      one.client.on('message', (m) => { if (m.body === 'direct') strayAtOne = true; });
      const direct = nextMessage(two.client, (m) => m.body === 'direct');
      one.client.sendMessage({ to: two.fullJid, body: 'direct' });
      await direct;
      await sleep(50);
      assert.equal(strayAtOne, false);
    } finally {
      await stop(one.client);
      await stop(two.client);
    }
  });

  it('routes stanzas to registered endpoints and lets them reply, send and request', async () => {
    const agent = await newAgent(emu);
    const { client, fullJid } = await connectAgent(emu, agent);
    // Not a gjoll address: the softphone gateway owns those (emulator/conversations/signaling/gateway.ts).
    const gateway = '+15550100@emulated-org.probe.emulator/gw-1';
    const seen: string[] = [];
    const unregister = emu.xmpp.registerEndpoint(/@.*\.probe\./i, (stanza, reply) => {
      seen.push(`${stanza.kind}:${stanza.from}`);
      if (stanza.kind === 'iq' && stanza.json.type === 'set') reply.result();
      if (stanza.kind === 'message') reply.send('message', { body: `echo:${stanza.json.body}` });
    });
    try {
      const echoed = nextMessage(client, (m) => m.body === 'echo:hi');
      client.sendMessage({ to: gateway, body: 'hi' });
      const echo = await echoed;
      assert.equal(echo.from, gateway);
      assert.equal(echo.to, fullJid);
      await client.sendIQ({ type: 'set', to: gateway, jingle: { action: 'session-info', sid: 's1' } });
      assert.deepEqual(seen, [`message:${fullJid}`, `iq:${fullJid}`]);

      // Emulator-originated traffic: sendTo (raw element, unknown namespace preserved) and request/response.
      const propose = nextMessage(client, (m) => m.from === gateway);
      const el = new XmlElement('message', { from: gateway }, [
        new XmlElement('propose', { xmlns: 'urn:xmpp:jingle-message:0', id: 'sess-1', 'inin-cid': 'conv-9' }),
      ]);
      let raw = '';
      client.on('raw:incoming', (xml) => { if (xml.includes('propose')) raw = xml; });
      assert.equal(emu.xmpp.sendTo(agent.jabberId, 'message', el), 1);
      await propose;
      assert.match(raw, /^<message [^>]*xmlns="jabber:client"/);
      assert.ok(raw.includes('<propose xmlns="urn:xmpp:jingle-message:0" id="sess-1" inin-cid="conv-9"/>'), raw);

      const pong = await emu.xmpp.request(fullJid, { type: 'get', from: gateway, ping: true });
      assert.equal(pong.type, 'result');
    } finally {
      unregister();
      await stop(client);
    }
  });

  it('answers IQs to unreachable JIDs with service-unavailable', async () => {
    const agent = await newAgent(emu);
    const { client } = await connectAgent(emu, agent);
    try {
      await assert.rejects(
        client.sendIQ({ type: 'get', to: 'nobody@elsewhere.example/x', ping: true }),
        (err: { error?: { condition?: string } }) => err.error?.condition === 'service-unavailable',
      );
    } finally {
      await stop(client);
    }
  });

  it('delivers raw system nodes to one channel and lists channels for debugging', async () => {
    const agent = await newAgent(emu);
    const { client, channelId } = await connectAgent(emu, agent);
    try {
      const node = `system.v2.no_longer_subscribed.${channelId}`;
      const next = nextNotification(client, node);
      const res = await control(emu, 'POST', 'notify', { topic: node, channelId, payload: { channelId } });
      assert.equal(obj(res).sockets, 1);
      assert.deepEqual((await next).payload, { channelId });
      const channels = obj(await control(emu, 'GET', 'channels')).entities as Array<{ id: string; userId: string; sockets: number }>;
      const mine = channels.find((c) => c.id === channelId);
      assert.equal(mine?.userId, agent.userId);
      assert.equal(mine?.sockets, 1);
    } finally {
      await stop(client);
    }
  });
});
