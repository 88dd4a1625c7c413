import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { AgentInfo, RunningEmulator } from '../../emulator/index';
import { control, http, newAgent, obj, startTestEmulator } from './helpers';
import { Phone, sleep, waitFor } from './softphone-phone';

let emu: RunningEmulator;
const phones: Phone[] = [];
before(async () => {
  emu = await startTestEmulator();
});
after(async () => {
  await Promise.all(phones.map((p) => p.close()));
  await emu.close();
});
beforeEach(async () => {
  await Promise.all(phones.splice(0).map((p) => p.close()));
  await control(emu, 'POST', 'reset');
  await control(emu, 'POST', 'settings', { ringMs: 200, terminatedDelayMs: 50 });
});

async function phone(agent: AgentInfo, resource?: string): Promise<Phone> {
  const p = new Phone(emu, agent);
  phones.push(p);
  return p.connect(resource);
}

async function dial(agent: AgentInfo, body: Record<string, unknown>): Promise<string> {
  const res = await http(emu, 'POST', '/api/v2/conversations/calls', { token: agent.accessToken, body });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.match(obj(res).selfUri, /\/api\/v2\/conversations\/calls\//);
  return obj(res).id as string;
}

const conv = async (id: string) => obj(await control(emu, 'GET', `conversations/${id}`));
const legOf = async (id: string, userId: string) => (await conv(id)).legs.find((l: { userId: string }) => l.userId === userId);
const me = (p: Phone, c: Record<string, any>) => c.participants.find((x: any) => x.userId === p.agent.userId); // eslint-disable-line @typescript-eslint/no-explicit-any

async function patch(p: Phone, cid: string, body: Record<string, unknown>): Promise<void> {
  const c = obj(await http(emu, 'GET', `/api/v2/conversations/${cid}`, { token: p.agent.accessToken }));
  const res = await http(emu, 'PATCH', `/api/v2/conversations/calls/${cid}/participants/${me(p, c).id}`, { token: p.agent.accessToken, body });
  assert.equal(res.status, 202, JSON.stringify(res.body));
}

/** RTP flows both ways on the user's leg. */
async function assertMediaBothWays(cid: string, p: Phone): Promise<Record<string, any>> { // eslint-disable-line @typescript-eslint/no-explicit-any
  return waitFor('RTP both ways', async () => {
    const leg = await legOf(cid, p.agent.userId);
    const a = leg?.counters?.audio;
    return a && a.rtpPacketsFromAgent > 20 && a.rtpPacketsToAgent > 20 && p.packetsReceived > 20 ? leg : undefined;
  }, 15000); // a bound, not a timing: the first werift call of a process is slow on a loaded box
}

for (const flavour of ['jingle', 'sdp'] as const) {
  describe(`outbound echo call (${flavour})`, () => {
    it('contacting → propose → offer → answer → connected, echo both ways, hang-up terminates', async () => {
      const agent = await newAgent(emu, { signaling: flavour });
      const p = await phone(agent);
      const t0 = Date.now();
      const cid = await dial(agent, { phoneNumber: '+15550100', sessionType: 'softphone', audioDeviceId: 'x' });
      const propose = await waitFor('propose', () => p.proposes[0]);
      assert.match(propose.from, /^\+15550100@[^/]*gjoll[^/]*\/edge-1$/);
      assert.equal(propose.conversationId, cid);
      assert.equal(propose.autoAnswer, 'true');
      assert.equal(propose.sdpOverXmpp, flavour === 'sdp' ? 'true' : undefined);
      assert.deepEqual(p.states(cid), ['contacting'], 'contacting is published before the propose');
      p.proceed(propose);
      const offer = await waitFor('offer', () => p.offers[0]);
      assert.equal(offer.flavour, flavour);
      assert.equal(offer.sessionId, propose.sessionId);
      assert.match(offer.sdp, /a=candidate:.* 127\.0\.0\.1 /);
      if (flavour === 'sdp') assert.doesNotMatch(offer.sdp, /end-of-candidates/);
      await waitFor('connected event', () => p.states(cid).includes('connected'));
      const leg = await assertMediaBothWays(cid, p);
      console.log(`# ${flavour}: dial → RTP both ways ${Date.now() - t0} ms`);
      assert.equal(leg.mode, 'echo');
      assert.equal(leg.signaling, flavour);
      assert.equal(leg.state.connectionState, 'connected');
      assert.equal(p.rpcErrors.length, 0);
      await patch(p, cid, { state: 'disconnected' });
      await waitFor('terminate', () => p.terminates[0]);
      assert.equal(p.terminates[0]!.sessionId, propose.sessionId);
      await waitFor('terminated', () => p.states(cid).includes('terminated'));
      assert.deepEqual(p.states(cid), ['contacting', 'connected', 'disconnected', 'terminated']);
      assert.equal((await legOf(cid, agent.userId)).state.connectionState, 'closed');
    });
  });
}

describe('inbound calls', () => {
  it('alerting → proceed → connected with customer audio; remote hang-up sends terminate', async () => {
    const agent = await newAgent(emu);
    const p = await phone(agent);
    const res = await control(emu, 'POST', 'inbound-call', { toUserId: agent.userId, from: '+13175551234', fromName: 'Pat', signaling: 'sdp' });
    assert.equal(res.status, 201);
    const cid = obj(res).conversationId as string;
    const propose = await waitFor('propose', () => p.proposes[0]);
    assert.equal(propose.autoAnswer, 'false');
    assert.equal(propose.sdpOverXmpp, 'true');
    assert.deepEqual(p.states(cid), ['alerting']);
    const customer = p.lastEvent(cid)!.participants.find((x: any) => x.purpose === 'customer'); // eslint-disable-line @typescript-eslint/no-explicit-any
    assert.equal(customer.address, 'tel:+13175551234');
    assert.equal(customer.name, 'Pat');
    p.proceed(propose);
    await waitFor('connected', () => p.states(cid).includes('connected'));
    const leg = await assertMediaBothWays(cid, p);
    assert.equal(leg.mode, 'customer');
    await control(emu, 'POST', `conversations/${cid}/disconnect`);
    await waitFor('terminate', () => p.terminates[0]);
    await waitFor('terminated', () => p.states(cid).includes('terminated'));
    assert.deepEqual(p.states(cid), ['alerting', 'connected', 'disconnected', 'terminated']);
  });

  it('remote hang-up while alerting retracts the propose', async () => {
    const agent = await newAgent(emu);
    const p = await phone(agent);
    const cid = obj(await control(emu, 'POST', 'inbound-call', { toUserId: agent.userId })).conversationId as string;
    const propose = await waitFor('propose', () => p.proposes[0]);
    await control(emu, 'POST', `conversations/${cid}/disconnect`);
    await waitFor('retract', () => p.retracts.includes(propose.sessionId));
    await waitFor('disconnected', () => p.states(cid).includes('disconnected'));
    assert.equal(p.offers.length, 0);
  });

  it('fans the propose out to every resource; only the proceeding one gets the offer, the others its <accept> carbon and no retract', async () => {
    const agent = await newAgent(emu);
    const a = await phone(agent, 'desk');
    const b = await phone(agent, 'laptop');
    const cid = obj(await control(emu, 'POST', 'inbound-call', { toUserId: agent.userId })).conversationId as string;
    const pa = await waitFor('propose a', () => a.proposes[0]);
    const pb = await waitFor('propose b', () => b.proposes[0]);
    assert.equal(pa.sessionId, pb.sessionId);
    b.proceed(pb);
    await waitFor('offer on b', () => b.offers[0]);
    b.acceptToOwnBareJid(pb.sessionId);
    const carbon = await waitFor('accept carbon on a', () => a.accepts.find((x) => x.sessionId === pa.sessionId));
    assert.equal(carbon.from, b.fullJid, 'the carbon comes from the answering resource');
    await waitFor('accept echo on b', () => b.accepts.find((x) => x.sessionId === pb.sessionId));
    await sleep(200);
    assert.deepEqual(a.retracts, [], 'a retract would mean the caller cancelled');
    assert.equal(a.offers.length, 0);
    // the call ending after the answer is a terminate to b only, still no retract to a
    await control(emu, 'POST', `conversations/${cid}/disconnect`);
    await waitFor('terminate on b', () => b.terminates[0]);
    await sleep(200);
    assert.deepEqual(a.retracts, []);
  });

  it('a call cancelled before answer retracts the propose on every resource', async () => {
    const agent = await newAgent(emu);
    const a = await phone(agent, 'desk');
    const b = await phone(agent, 'laptop');
    const cid = obj(await control(emu, 'POST', 'inbound-call', { toUserId: agent.userId })).conversationId as string;
    const pa = await waitFor('propose a', () => a.proposes[0]);
    await waitFor('propose b', () => b.proposes[0]);
    await control(emu, 'POST', `conversations/${cid}/disconnect`);
    await waitFor('retract on a', () => a.retracts.includes(pa.sessionId));
    await waitFor('retract on b', () => b.retracts.includes(pa.sessionId));
    assert.equal(a.offers.length + b.offers.length, 0);
  });

  it('PATCH muted / held are published; held stops media to the agent', async () => {
    const agent = await newAgent(emu);
    const p = await phone(agent);
    const cid = obj(await control(emu, 'POST', 'inbound-call', { toUserId: agent.userId })).conversationId as string;
    p.proceed(await waitFor('propose', () => p.proposes[0]));
    await assertMediaBothWays(cid, p);
    await patch(p, cid, { muted: true });
    await waitFor('muted event', () => me(p, p.lastEvent(cid)!).calls[0].muted === true);
    assert.equal(me(p, p.lastEvent(cid)!).calls[0].state, 'connected');
    await patch(p, cid, { held: true });
    await waitFor('held event', () => me(p, p.lastEvent(cid)!).calls[0].held === true);
    await sleep(100);
    const before = (await legOf(cid, agent.userId)).counters.audio.rtpPacketsToAgent;
    await sleep(400);
    const during = (await legOf(cid, agent.userId)).counters.audio.rtpPacketsToAgent;
    assert.equal(during, before, 'nothing is sent to a held agent');
    await patch(p, cid, { held: false });
    await waitFor('media resumes', async () => (await legOf(cid, agent.userId)).counters.audio.rtpPacketsToAgent > during + 5);
  });
});

describe('robustness', () => {
  it('a bad answer SDP gets an error and ends the call cleanly', async () => {
    const agent = await newAgent(emu, { signaling: 'sdp' });
    const p = await phone(agent);
    p.mangleAnswer = () => 'v=0\r\nthis is not sdp';
    const cid = await dial(agent, { phoneNumber: '+15550100' });
    p.proceed(await waitFor('propose', () => p.proposes[0]));
    await waitFor('rpc error', () => p.rpcErrors.length > 0);
    await waitFor('terminate', () => p.terminates[0]);
    await waitFor('disconnected', () => p.states(cid).includes('disconnected'));
    assert.equal((await control(emu, 'GET', 'health')).status, 200);
  });

  it('unknown sessions: item-not-found for Jingle info, result for terminate', async () => {
    const agent = await newAgent(emu);
    const p = await phone(agent);
    const to = 'x@emulated-org.gjoll.orgspan.com/edge-1';
    await assert.rejects(p.client.sendIQ({ type: 'set', to, jingle: { action: 'session-info', sid: 'nope', info: { infoType: 'active' } } } as any)); // eslint-disable-line @typescript-eslint/no-explicit-any
    await p.client.sendIQ({ type: 'set', to, jingle: { action: 'session-terminate', sid: 'nope', reason: { condition: 'success' } } } as any); // eslint-disable-line @typescript-eslint/no-explicit-any
    await assert.rejects(p.rpc(to, 'answer', { sessionId: 'nope', sdp: 'v=0' }));
    await assert.rejects(p.client.sendIQ({ type: 'set', to, genesysWebrtcText: '{not json' } as any)); // eslint-disable-line @typescript-eslint/no-explicit-any
  });

  it('POST calls without a target is a 400', async () => {
    const agent = await newAgent(emu);
    const res = await http(emu, 'POST', '/api/v2/conversations/calls', { token: agent.accessToken, body: { sessionType: 'softphone' } });
    assert.equal(res.status, 400);
    assert.equal(obj(res).code, 'bad.request');
    const missing = await http(emu, 'GET', '/api/v2/conversations/nope', { token: agent.accessToken });
    assert.equal(missing.status, 404);
  });
});

describe('agent to agent', () => {
  it('callUserId rings the other agent; both connected → bridged media', async () => {
    const a1 = await newAgent(emu);
    const a2 = await newAgent(emu, { signaling: 'sdp' });
    const p1 = await phone(a1);
    const p2 = await phone(a2);
    const cid = await dial(a1, { callUserId: a2.userId });
    p1.proceed(await waitFor('propose 1', () => p1.proposes[0]));
    const pr2 = await waitFor('propose 2', () => p2.proposes[0]);
    assert.equal(pr2.autoAnswer, 'false');
    assert.equal(pr2.sdpOverXmpp, 'true');
    assert.equal(me(p2, p2.lastEvent(cid)!).purpose, 'user');
    p2.proceed(pr2);
    await assertMediaBothWays(cid, p1);
    const leg2 = await assertMediaBothWays(cid, p2);
    assert.equal(leg2.mode, 'agent');
  });

  it('the callee rejecting (replace voicemail) ends the caller\'s call', async () => {
    const a1 = await newAgent(emu);
    const a2 = await newAgent(emu);
    const p1 = await phone(a1);
    const p2 = await phone(a2);
    const cid = await dial(a1, { callUserId: a2.userId });
    p1.proceed(await waitFor('propose 1', () => p1.proposes[0]));
    await waitFor('caller connected', () => p1.states(cid).includes('connected'));
    await waitFor('propose 2', () => p2.proposes[0]);
    const c = obj(await http(emu, 'GET', `/api/v2/conversations/${cid}`, { token: a2.accessToken }));
    const res = await http(emu, 'POST', `/api/v2/conversations/calls/${cid}/participants/${me(p2, c).id}/replace`, { token: a2.accessToken, body: { voicemail: true } });
    assert.equal(res.status, 202);
    await waitFor('caller terminate', () => p1.terminates[0]);
    await waitFor('callee retract', () => p2.retracts.length > 0);
  });
});

describe('line appearance 1 and persistent connection', () => {
  it('LA1: a second call sends no propose, is accepted over REST and switches the leg\'s media', async () => {
    const agent = await newAgent(emu, { lineAppearance: 1 });
    const p = await phone(agent);
    const c1 = await dial(agent, { phoneNumber: '+15550100' });
    p.proceed(await waitFor('propose', () => p.proposes[0]));
    await assertMediaBothWays(c1, p);
    const c2 = obj(await control(emu, 'POST', 'inbound-call', { toUserId: agent.userId })).conversationId as string;
    await waitFor('alerting', () => p.states(c2).includes('alerting'));
    await sleep(200);
    assert.equal(p.proposes.length, 1, 'no propose for the second call');
    await patch(p, c2, { state: 'connected' });
    await waitFor('connected', () => p.states(c2).includes('connected'));
    const leg2 = await waitFor('customer media', async () => {
      const l = await legOf(c2, agent.userId);
      return l.mode === 'customer' ? l : undefined;
    });
    assert.equal(leg2.sessionId, (await legOf(c1, agent.userId)).sessionId, 'same leg');
  });

  it('persistent connection: hang-up keeps the session; the next call reuses it', async () => {
    const agent = await newAgent(emu, { persistentConnection: true, signaling: 'sdp' });
    const p = await phone(agent);
    const c1 = await dial(agent, { phoneNumber: '+15550100' });
    const propose = await waitFor('propose', () => p.proposes[0]);
    assert.ok(propose.persistentCid, 'inin-persistent-cid');
    p.proceed(propose);
    await assertMediaBothWays(c1, p);
    await patch(p, c1, { state: 'disconnected' });
    await waitFor('terminated', () => p.states(c1).includes('terminated'));
    assert.equal(p.terminates.length, 0, 'no terminate on a persistent connection');
    const c2 = await dial(agent, { phoneNumber: '+15550101' });
    await waitFor('connected by itself', () => p.states(c2).includes('connected'));
    assert.deepEqual(p.states(c2).slice(0, 2), ['contacting', 'connected']);
    assert.equal(p.proposes.length, 1);
    const leg = await waitFor('tone', async () => {
      const l = await legOf(c2, agent.userId);
      return l.mode === 'tone' ? l : undefined;
    });
    assert.equal(leg.state.connectionState, 'connected');
  });
});

describe('socket loss', () => {
  it('a closed client socket ends its call after the grace period', async () => {
    await control(emu, 'POST', 'settings', { socketGraceMs: 300 });
    const agent = await newAgent(emu);
    const p = await phone(agent);
    const cid = await dial(agent, { phoneNumber: '+15550100' });
    p.proceed(await waitFor('propose', () => p.proposes[0]));
    await waitFor('connected', () => p.states(cid).includes('connected'));
    await control(emu, 'POST', 'faults', { type: 'drop-sockets', userId: agent.userId });
    await waitFor('call ended', async () => (await conv(cid)).participants.every((x: { state: string }) => x.state === 'terminated'), 3000);
  });
});

describe('reconnect continuity (the cloud follows the reconnected socket)', () => {
  for (const flavour of ['jingle', 'sdp'] as const) {
    it(`${flavour}: a soft reconnect with a new resource keeps the call; events queued meanwhile and the hang-up terminate reach the new socket`, async () => {
      await control(emu, 'POST', 'settings', { socketGraceMs: 3000 });
      const agent = await newAgent(emu, { signaling: flavour });
      const p = await phone(agent);
      const cid = await dial(agent, { phoneNumber: '+15550100' });
      p.proceed(await waitFor('propose', () => p.proposes[0]));
      await assertMediaBothWays(cid, p);
      const oldJid = p.fullJid;
      await control(emu, 'POST', 'faults', { type: 'drop-sockets', userId: agent.userId });
      // while nobody is connected: a hold changes the conversation (its event must not be lost)
      const c = obj(await http(emu, 'GET', `/api/v2/conversations/${cid}`, { token: agent.accessToken }));
      const held = await http(emu, 'PATCH', `/api/v2/conversations/calls/${cid}/participants/${me(p, c).id}`, { token: agent.accessToken, body: { held: true } });
      assert.equal(held.status, 202);
      await sleep(300);
      p.events.length = 0;
      await p.reconnect();
      assert.notEqual(p.fullJid, oldJid);
      await waitFor('queued hold event', () => p.events.some((e) => e.id === cid && me(p, e)?.calls[0].held === true));
      assert.equal((await conv(cid)).participants.every((x: { state: string }) => x.state !== 'terminated'), true, 'call survived the gap');
      // the client's own stanzas from the new JID are accepted for the session
      const sessionId = p.offers[0]!.sessionId;
      if (flavour === 'jingle') {
        await p.client.sendIQ({ type: 'set', to: p.offers[0]!.from, jingle: { action: 'session-info', sid: sessionId, info: { infoType: '{urn:xmpp:jingle:apps:rtp:info:1}active' } } } as never);
      } else {
        await p.rpc(p.offers[0]!.from, 'info', { sessionId, status: 'active' });
      }
      await patch(p, cid, { state: 'disconnected' });
      await waitFor('terminate at the new socket', () => p.terminates.find((t) => t.sessionId === sessionId));
      await sleep(3200); // past the grace period: no stray grace timer fired on the moved session
      assert.equal(p.terminates.length, 1);
    });
  }
});
