import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Agent } from 'stanza';
import { startEmulator, type RunningEmulator } from '../../emulator/index';
import { GENESYS_DEFINITIONS } from '../../src/streaming/stanza-definitions';
import { agentClient, connectAgent, control, createChannel, http, newAgent, obj, startSession, startTestEmulator, stop } from './helpers';

let emu: RunningEmulator;
before(async () => { emu = await startTestEmulator(); });
after(async () => { await emu.close(); });

/** Every raw frame a stanza client receives. */
function record(client: Agent): string[] {
  const frames: string[] = [];
  client.on('raw:incoming', (text: string) => frames.push(text));
  return frames;
}

describe('cloud fuzzer (POST /__emulator/fuzz)', () => {
  it('sends `count` stanzas over every case, the same ones for the same seed; validates its input', async () => {
    const agent = await newAgent(emu);
    // with the SDK's definitions: plain stanza throws out of its parser on invalid JSON (what the SDK fixes)
    const client = agentClient(emu, agent, await createChannel(emu, agent.accessToken));
    client.stanzas.define(GENESYS_DEFINITIONS);
    await startSession(client);
    const a = { client };
    const frames = record(a.client);
    const cases = obj(await control(emu, 'GET', 'fuzz')).cases as string[];
    assert.ok(cases.length >= 20);
    const r1 = obj(await control(emu, 'POST', 'fuzz', { userId: agent.userId, count: 60, seed: 3 }));
    assert.equal(r1.sent, 60);
    assert.equal(r1.sockets, 1);
    assert.deepEqual(Object.keys(r1.byCase).sort(), [...cases].sort());
    // the client's parser survives it and still answers pings
    await a.client.ping();
    const first = frames.splice(0).filter((f) => !f.includes('urn:xmpp:ping') && !f.includes('type="result"'));
    await control(emu, 'POST', 'fuzz', { userId: agent.userId, count: 60, seed: 3 });
    await a.client.ping();
    const second = frames.splice(0).filter((f) => !f.includes('urn:xmpp:ping') && !f.includes('type="result"'));
    assert.ok(first.length > 0);
    assert.deepEqual(second.map((f) => f.replace(/ id="fz-\d+"/g, '').length), first.map((f) => f.replace(/ id="fz-\d+"/g, '').length));
    await stop(a.client);
    assert.equal((await control(emu, 'POST', 'fuzz', { userId: agent.userId })).status, 409);
    assert.equal((await control(emu, 'POST', 'fuzz', { userId: agent.userId, count: 0 })).status, 400);
    assert.equal((await control(emu, 'POST', 'fuzz', { userId: 'nobody' })).status, 404);
  });
});

describe('restart with restoreFrom', () => {
  it('keeps users and tokens on the same port; sockets, channels and conversations are gone', async () => {
    const first = await startEmulator({ port: 0, host: '127.0.0.1' });
    const agent = await newAgent(first);
    const call = await http(first, 'POST', '/api/v2/conversations/calls', { token: agent.accessToken, body: { phoneNumber: '+15550101' } });
    assert.equal(call.status, 200);
    const port = Number(new URL(first.url).port);
    await first.close();
    const second = await startEmulator({ port, host: '127.0.0.1', restoreFrom: first });
    try {
      assert.equal(second.url, first.url);
      // the first request may land on a pooled keep-alive connection to the closed server
      const me = await http(second, 'GET', '/api/v2/users/me', { token: agent.accessToken }).catch(() => http(second, 'GET', '/api/v2/users/me', { token: agent.accessToken }));
      assert.equal(me.status, 200);
      assert.equal(obj(me).id, agent.userId);
      assert.equal((await http(second, 'GET', `/api/v2/conversations/${obj(call).id}`, { token: agent.accessToken })).status, 404);
      const c = await connectAgent(second, agent);
      await stop(c.client);
    } finally {
      await second.close();
    }
  });
});
