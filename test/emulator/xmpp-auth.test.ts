import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as XMPP from 'stanza';
import type { RunningEmulator } from '../../emulator/index';
import {
  agentClient, connectAgent, control, createChannel, domainOf, expectAuthFailure, http, newAgent, obj, startSession,
  startTestEmulator, stop,
} from './helpers';

describe('XMPP connection: SASL, bind, extdisco, ping', () => {
  let emu: RunningEmulator;
  before(async () => { emu = await startTestEmulator(); });
  after(async () => { await emu.close(); });

  it('authenticates an agent token with SASL PLAIN and assigns a resource when none is sent', async () => {
    const agent = await newAgent(emu);
    const { client, fullJid, channelId } = await connectAgent(emu, agent);
    try {
      assert.match(fullJid, new RegExp(`^${agent.jabberId}/srv-[0-9a-f-]{36}$`));
      const sessions = emu.xmpp.sessionsOfUser(agent.userId);
      assert.equal(sessions.length, 1);
      assert.equal(sessions[0]?.channelId, channelId);
    } finally {
      await stop(client);
    }
  });

  it('binds the resource the client asks for', async () => {
    const agent = await newAgent(emu);
    const { client, fullJid } = await connectAgent(emu, agent, { resource: 'mediahelper_abc' });
    try {
      assert.equal(fullJid, `${agent.jabberId}/mediahelper_abc`);
    } finally {
      await stop(client);
    }
  });

  it('refuses a bad token, an expired token and a revoked token at SASL', async () => {
    const agent = await newAgent(emu);
    const channelId = await createChannel(emu, agent.accessToken);
    await expectAuthFailure(agentClient(emu, agent, channelId, { token: 'not-a-token' }));

    const expiring = obj(await control(emu, 'POST', `users/${agent.userId}/tokens`)).accessToken as string;
    const ch2 = await createChannel(emu, expiring);
    assert.equal((await control(emu, 'POST', `tokens/${expiring}/expire`)).status, 200);
    await expectAuthFailure(agentClient(emu, agent, ch2, { token: expiring }));

    const revoked = obj(await control(emu, 'POST', `users/${agent.userId}/tokens`)).accessToken as string;
    const ch3 = await createChannel(emu, revoked);
    await control(emu, 'POST', `tokens/${revoked}/revoke`);
    await expectAuthFailure(agentClient(emu, agent, ch3, { token: revoked }));
    assert.equal(emu.xmpp.sessionsOfUser(agent.userId).length, 0);
  });

  it("refuses a token on another user's channel", async () => {
    const owner = await newAgent(emu);
    const intruder = await newAgent(emu);
    const channelId = await createChannel(emu, owner.accessToken);
    await expectAuthFailure(agentClient(emu, intruder, channelId));
  });

  it('answers extdisco TURN and STUN requests with loopback services', async () => {
    const agent = await newAgent(emu);
    const { client } = await connectAgent(emu, agent);
    try {
      const domain = domainOf(agent.jabberId);
      const turn = await client.getServices(domain, 'turn', '1');
      const stun = await client.getServices(domain, 'stun', '1');
      assert.equal(turn.services?.length, 1);
      assert.equal(turn.services?.[0]?.host, '127.0.0.1');
      assert.equal(turn.services?.[0]?.type, 'turn');
      assert.match(turn.services?.[0]?.username ?? '', new RegExp(`^\\d+:${agent.userId}$`));
      assert.ok((turn.services?.[0]?.password ?? '').length > 10);
      assert.deepEqual(stun.services?.map((s) => [s.type, s.host, s.port]), [['stun', '127.0.0.1', 3478]]);
    } finally {
      await stop(client);
    }
  });

  it('returns an empty STUN list and credentialed TURN for a force-TURN station', async () => {
    const agent = await newAgent(emu, { forceTurn: true });
    const { client } = await connectAgent(emu, agent);
    try {
      const domain = domainOf(agent.jabberId);
      const stun = await client.getServices(domain, 'stun', '1');
      const turn = await client.getServices(domain, 'turn', '1');
      assert.deepEqual(stun.services ?? [], []);
      assert.equal(turn.services?.[0]?.type, 'turn');
      assert.ok(turn.services?.[0]?.username && turn.services[0].password);
    } finally {
      await stop(client);
    }
  });

  it('answers client pings and refuses unknown IQs with service-unavailable', async () => {
    const agent = await newAgent(emu);
    const { client } = await connectAgent(emu, agent);
    try {
      await client.ping();
      await assert.rejects(
        client.sendIQ({ type: 'get', to: domainOf(agent.jabberId), softwareVersion: {} }),
        (err: { error?: { condition?: string } }) => err.error?.condition === 'service-unavailable',
      );
    } finally {
      await stop(client);
    }
  });

  it('answers a pubsub subscription to enable.server.side.pings and then pings the client', async () => {
    const fast = await startTestEmulator({ serverPingIntervalMs: 100 });
    try {
      const agent = fast.info.agents[0];
      assert.ok(agent);
      const { client } = await connectAgent(fast, agent);
      try {
        const pubsubJid = `notifications.${new URL(fast.url).host}`;
        const sub = await client.subscribeToNode(pubsubJid, 'enable.server.side.pings');
        assert.equal(sub.state, 'subscribed');
        const pingId = await new Promise<string | undefined>((resolve) => {
          client.on('iq:get:ping', (iq) => resolve(iq.id));
        });
        assert.match(pingId ?? '', /^sping-\d+$/);
      } finally {
        await stop(client);
      }
    } finally {
      await fast.close();
    }
  });

  it('refuses the server-pings node when server pings are disabled, so clients fall back', async () => {
    const noPings = await startTestEmulator({ serverPings: false });
    try {
      const agent = noPings.info.agents[0];
      assert.ok(agent);
      const { client } = await connectAgent(noPings, agent);
      try {
        await assert.rejects(client.subscribeToNode(`notifications.${new URL(noPings.url).host}`, 'enable.server.side.pings'));
      } finally {
        await stop(client);
      }
    } finally {
      await noPings.close();
    }
  });

  it('connects a screen-recording JWT user on /stream/jwt with SASL ANONYMOUS', async () => {
    const agent = await newAgent(emu);
    const jwt = obj(await control(emu, 'POST', 'jwt', { userId: agent.userId })).jwt as string;
    const payload = JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8'));
    assert.equal(payload.data.jid, agent.jabberId);
    assert.equal(payload.data.uid, agent.userId);
    assert.equal(payload.iss, 'urn:purecloud:screenrecording');
    assert.ok(payload.exp > Date.now() / 1000);
    const client = XMPP.createClient({
      server: domainOf(agent.jabberId),
      transports: { websocket: `${emu.info.wsHost}/stream/jwt/${jwt}`, bosh: false },
      timeout: 3,
    });
    try {
      const jid = await startSession(client);
      assert.ok(jid.startsWith(`${agent.jabberId}/`), jid);
      assert.equal(emu.xmpp.sessionsOfUser(agent.userId)[0]?.auth, 'jwt');
    } finally {
      await stop(client);
    }
  });

  it('redeems a guest code once into a guest JWT that connects anonymously', async () => {
    const code = obj(await control(emu, 'POST', 'guest-codes', { conversationId: 'conv-guest-1' }));
    const redeem = () => http(emu, 'POST', '/api/v2/conversations/codes', {
      body: { organizationId: code.organizationId, addCommunicationCode: code.securityCode },
    });
    const first = await redeem();
    assert.equal(first.status, 200);
    const { conversation, sourceCommunicationId, jwt } = obj(first);
    assert.equal(conversation.id, 'conv-guest-1');
    const claims = JSON.parse(Buffer.from(String(jwt).split('.')[1] ?? '', 'base64url').toString('utf8'));
    assert.match(claims.data.jid, /^acd-[0-9a-f-]{36}@conference\.emulated-org\.orgspan\.com$/);
    assert.equal(claims.data.conversationId, 'conv-guest-1');
    assert.equal(claims.data.sourceCommunicationId, sourceCommunicationId);
    assert.equal((await redeem()).status, 400, 'codes are single-use');

    const client = XMPP.createClient({
      server: String(claims.data.jid).split('@conference.')[1],
      transports: { websocket: `${emu.info.wsHost}/stream/jwt/${jwt}`, bosh: false },
      timeout: 3,
    });
    try {
      const jid = await startSession(client);
      assert.match(jid, /^guest-[0-9a-f-]{36}@emulated-org\.orgspan\.com\//);
    } finally {
      await stop(client);
    }
  });

  it('refuses a forged JWT', async () => {
    const jwt = obj(await control(emu, 'POST', 'jwt', {})).jwt as string;
    const [h, p] = jwt.split('.');
    const client = XMPP.createClient({
      server: 'emulated-org.orgspan.com',
      transports: { websocket: `${emu.info.wsHost}/stream/jwt/${h}.${p}.forged`, bosh: false },
      timeout: 3,
    });
    await expectAuthFailure(client);
  });
});
