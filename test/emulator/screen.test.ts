import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import * as XMPP from 'stanza';
import type { Agent } from 'stanza';
import { RTCPeerConnection, useVP8 } from 'werift';
import type { RunningEmulator } from '../../emulator/index';
import { NS_JINGLE_MESSAGE, SIGNALING_DEFINITIONS } from '../../emulator/conversations/signaling/stanzas';
import { GENESYS_DEFINITIONS } from '../../src/streaming/stanza-definitions';
import { connectAgent, control, http, newAgent, obj, startSession, startTestEmulator, stop } from './helpers';
import { waitFor } from './softphone-phone';

let emu: RunningEmulator;
const clients: Agent[] = [];
before(async () => { emu = await startTestEmulator(); });
after(async () => {
  await Promise.all(clients.map((c) => stop(c)));
  await emu.close();
});
beforeEach(async () => {
  await Promise.all(clients.splice(0).map((c) => stop(c)));
  await control(emu, 'POST', 'reset');
});

interface Propose { from: string; sessionId: string; conversationId: string; fromUserId?: string; ofrom?: string }

/** Records proposes, retracts and conversation events of a stanza client. */
function watch(client: Agent): { proposes: Propose[]; retracts: string[]; events: Record<string, any>[] } { // eslint-disable-line @typescript-eslint/no-explicit-any
  const seen = { proposes: [] as Propose[], retracts: [] as string[], events: [] as Record<string, any>[] }; // eslint-disable-line @typescript-eslint/no-explicit-any
  client.stanzas.define(SIGNALING_DEFINITIONS);
  client.stanzas.define({
    element: 'propose', namespace: NS_JINGLE_MESSAGE, path: 'message.ininPropose',
    fields: {
      sessionId: XMPP.JXT.attribute('id'), conversationId: XMPP.JXT.attribute('inin-cid'),
      fromUserId: XMPP.JXT.attribute('inin-user-id'), ofrom: XMPP.JXT.attribute('inin-ofrom'),
    },
  });
  client.on('message', (msg: any) => { // eslint-disable-line @typescript-eslint/no-explicit-any
    if (msg.ininPropose) seen.proposes.push({ from: String(msg.from), ...msg.ininPropose });
    if (msg.retract?.sessionId) seen.retracts.push(msg.retract.sessionId);
    const json = msg.pubsub?.items?.published?.[0]?.content?.json;
    if (json && String(json.topicName).endsWith('.conversations')) seen.events.push(json.eventBody);
  });
  return seen;
}

async function guest(conversationId?: string): Promise<{ client: Agent; claims: Record<string, any>; sourceCommunicationId: string; code: string }> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const code = obj(await control(emu, 'POST', 'guest-codes', conversationId ? { conversationId } : {}));
  const redeemed = obj(await http(emu, 'POST', '/api/v2/conversations/codes', { body: { organizationId: code.organizationId, addCommunicationCode: code.securityCode } }));
  const claims = JSON.parse(Buffer.from(String(redeemed.jwt).split('.')[1] ?? '', 'base64url').toString('utf8'));
  const client = XMPP.createClient({
    server: String(claims.data.jid).split('@conference.')[1],
    transports: { websocket: `${emu.info.wsHost}/stream/jwt/${redeemed.jwt}`, bosh: false },
    timeout: 3,
  });
  clients.push(client);
  await startSession(client);
  return { client, claims, sourceCommunicationId: redeemed.sourceCommunicationId, code: code.securityCode };
}

/** The presence the SDKs send (the `presence.media` definition of src/streaming/stanza-definitions.ts). */
function upgradeMedia(client: Agent, to: string, conversationId: string, sourceCommunicationId: string): void {
  client.stanzas.define(GENESYS_DEFINITIONS.filter((d) => d.path === 'presence.media'));
  client.sendPresence({ to, type: 'upgradeMedia' as never, media: { conversationId, sourceCommunicationId, screenShare: true } });
}

describe('guest screen share signalling', () => {
  it('upgradeMedia to the room of the JWT → propose from that room; another room is ignored; codes are single-use', async () => {
    const agent = await newAgent(emu);
    const cid = obj(await control(emu, 'POST', 'inbound-call', { toUserId: agent.userId })).conversationId as string;
    const g = await guest(cid);
    const seen = watch(g.client);
    upgradeMedia(g.client, `acd-${'0'.repeat(8)}-0000-0000-0000-000000000000@conference.emulated-org.orgspan.com`, cid, g.sourceCommunicationId);
    upgradeMedia(g.client, String(g.claims.data.jid), cid, g.sourceCommunicationId);
    const propose = await waitFor('propose', () => seen.proposes[0]);
    assert.equal(seen.proposes.length, 1, 'only the room of the JWT proposes');
    assert.equal(propose.from, g.claims.data.jid);
    assert.equal(propose.conversationId, cid);
    const view = obj(await control(emu, 'GET', `conversations/${cid}`));
    const leg = view.legs.find((l: { purpose?: string }) => l.purpose === 'screenShare');
    assert.equal(leg.state, 'proposed');
    assert.equal(leg.counters.video.rtpPacketsFromClient, 0);
    const again = await http(emu, 'POST', '/api/v2/conversations/codes', { body: { organizationId: emu.info.organizationId, addCommunicationCode: g.code } });
    assert.equal(again.status, 400);
  });
});

/** Answers a JSON-RPC offer with a werift peer that sends video (enough for the cloud to apply the answer). */
function answerSdpOffers(client: Agent, pcs: RTCPeerConnection[]): void {
  client.on('iq:set:genesysWebrtcText' as any, async (iq: any) => { // eslint-disable-line @typescript-eslint/no-explicit-any
    const rpc = JSON.parse(iq.genesysWebrtcText);
    if (rpc.method !== 'offer') return;
    const pc = new RTCPeerConnection({ codecs: { video: [useVP8()] }, iceUseIpv4: false, iceUseIpv6: false, iceAdditionalHostAddresses: ['127.0.0.1'], iceInterfaceAddresses: { udp4: '127.0.0.1' } });
    pcs.push(pc);
    await pc.setRemoteDescription({ type: 'offer', sdp: rpc.params.sdp });
    for (const t of pc.getTransceivers()) t.setDirection('sendonly');
    await pc.setLocalDescription(await pc.createAnswer());
    await client.sendIQ({ type: 'set', to: iq.from, genesysWebrtcText: JSON.stringify({ jsonrpc: '2.0', id: 'a1', method: 'answer', params: { sessionId: rpc.params.sessionId, sdp: pc.localDescription!.sdp } }) } as any); // eslint-disable-line @typescript-eslint/no-explicit-any
  });
}

describe('guest screen share: the agent\'s conversation', () => {
  it('lists the share in screenshares[] of the customer in the agent\'s conversation events, connected then disconnected', async () => {
    await control(emu, 'POST', 'settings', { signaling: 'sdp' });
    const agent = await newAgent(emu);
    const a = await connectAgent(emu, agent);
    clients.push(a.client);
    const seen = watch(a.client);
    const sub = await http(emu, 'POST', `/api/v2/notifications/channels/${a.channelId}/subscriptions`, { token: agent.accessToken, body: [{ id: `v2.users.${agent.userId}.conversations` }] });
    assert.equal(sub.status, 200);
    const cid = obj(await control(emu, 'POST', 'inbound-call', { toUserId: agent.userId })).conversationId as string;
    const g = await guest(cid);
    const pcs: RTCPeerConnection[] = [];
    try {
      const gs = watch(g.client);
      answerSdpOffers(g.client, pcs);
      upgradeMedia(g.client, String(g.claims.data.jid), cid, g.sourceCommunicationId);
      const propose = await waitFor('propose', () => gs.proposes[0]);
      g.client.sendMessage({ to: propose.from, proceed: { sessionId: propose.sessionId } } as any); // eslint-disable-line @typescript-eslint/no-explicit-any
      const customerShares = () => seen.events.filter((e) => e.id === cid).map((e) => e.participants.find((p: { purpose: string }) => p.purpose === 'customer')?.screenshares).filter(Boolean);
      const connected = await waitFor('screenshares[] connected', () => customerShares().find((s) => s[0]?.state === 'connected'));
      assert.equal(connected[0].sharing, true);
      assert.equal(connected[0].context, g.claims.data.jid);
      const leg = obj(await control(emu, 'GET', `conversations/${cid}`)).legs.find((l: { purpose?: string }) => l.purpose === 'screenShare');
      assert.equal(leg.state, 'connected');
      assert.equal(leg.signaling, 'sdp');
      await g.client.sendIQ({ type: 'set', to: propose.from, genesysWebrtcText: JSON.stringify({ jsonrpc: '2.0', id: 't1', method: 'terminate', params: { sessionId: propose.sessionId, reason: 'success' } }) } as any); // eslint-disable-line @typescript-eslint/no-explicit-any
      const ended = await waitFor('screenshares[] disconnected', () => customerShares().find((s) => s[0]?.state === 'disconnected'));
      assert.equal(ended[0].sharing, false);
    } finally {
      await Promise.all(pcs.map((pc) => pc.close().catch(() => undefined)));
    }
  });
});

describe('screen recordings (control API)', () => {
  it('proposes from screenrecording-<cid>@conference to every resource, stores metadata, DELETE retracts, bad input is refused', async () => {
    const agent = await newAgent(emu);
    const a = await connectAgent(emu, agent);
    clients.push(a.client);
    const seen = watch(a.client);
    assert.equal((await control(emu, 'POST', 'screen-recordings', {})).status, 400);
    assert.equal((await control(emu, 'POST', 'screen-recordings', { userId: 'nobody' })).status, 404);
    const res = await control(emu, 'POST', 'screen-recordings', { userId: agent.userId, conversationId: 'rec-conv-1' });
    assert.equal(res.status, 201);
    assert.equal(obj(res).conversationId, 'rec-conv-1');
    const propose = await waitFor('propose', () => seen.proposes[0]);
    assert.match(propose.from, /^screenrecording-rec-conv-1@conference\.emulated-org\.orgspan\.com$/);
    assert.equal(propose.ofrom, propose.from);
    assert.equal((await control(emu, 'POST', 'screen-recordings', { userId: agent.userId, conversationId: 'rec-conv-1' })).status, 400, 'one recording per conversation');

    const body = { participantJid: agent.jabberId, roomId: propose.from, conversationId: 'rec-conv-1', metaData: [{ trackId: '0', _trackId: 'abc', screenId: 's', originX: 0, originY: 0, resolutionX: 800, resolutionY: 600, primary: true }] };
    assert.equal((await http(emu, 'POST', '/api/v2/recordings/screensessions/metadata', { body })).status, 401);
    const other = await newAgent(emu);
    assert.equal((await http(emu, 'POST', '/api/v2/recordings/screensessions/metadata', { token: other.accessToken, body })).status, 404, 'not the user of the recording');
    assert.equal((await http(emu, 'POST', '/api/v2/recordings/screensessions/metadata', { token: agent.accessToken, body: { conversationId: 'rec-conv-1' } })).status, 400);
    assert.equal((await http(emu, 'POST', '/api/v2/recordings/screensessions/metadata', { token: agent.accessToken, body })).status, 202);
    const { jwt } = obj(await control(emu, 'POST', 'jwt', { userId: agent.userId }));
    assert.equal((await http(emu, 'POST', '/api/v2/recordings/screensessions/metadata/backgroundassistant', { token: jwt, body })).status, 202);
    const view = obj(await control(emu, 'GET', 'screen-recordings/rec-conv-1'));
    assert.equal(view.userId, agent.userId);
    assert.equal(view.state, 'proposed');
    assert.deepEqual(view.metadata, body.metaData);
    assert.equal(view.metadataPosts, 2);
    assert.deepEqual(view.metadataRequests.map((r: { backgroundAssistant: boolean }) => r.backgroundAssistant), [false, true]);
    assert.equal(view.counters.video.rtpPacketsFromClient, 0);

    const ended = obj(await control(emu, 'DELETE', 'screen-recordings/rec-conv-1'));
    assert.equal(ended.state, 'ended');
    await waitFor('retract', () => seen.retracts.includes(propose.sessionId));
    assert.equal((await control(emu, 'GET', 'screen-recordings/nope')).status, 404);
    assert.equal((await control(emu, 'DELETE', 'screen-recordings/nope')).status, 404);
  });
});

describe('live monitoring (control API)', () => {
  it('proposes to target and observer from livemonitor-<cid> with the target as inin-user-id; DELETE ends both', async () => {
    const target = await newAgent(emu);
    const observer = await newAgent(emu);
    const t = await connectAgent(emu, target);
    const o = await connectAgent(emu, observer);
    clients.push(t.client, o.client);
    const ts = watch(t.client);
    const os = watch(o.client);
    assert.equal((await control(emu, 'POST', 'live-monitoring', { targetUserId: target.userId })).status, 400);
    assert.equal((await control(emu, 'POST', 'live-monitoring', { targetUserId: target.userId, observerUserId: target.userId })).status, 400);
    const res = await control(emu, 'POST', 'live-monitoring', { targetUserId: target.userId, observerUserId: observer.userId });
    assert.equal(res.status, 201);
    const cid = obj(res).conversationId as string;
    const tp = await waitFor('target propose', () => ts.proposes[0]);
    const op = await waitFor('observer propose', () => os.proposes[0]);
    for (const p of [tp, op]) {
      assert.equal(p.from, `livemonitor-${cid}@conference.emulated-org.orgspan.com`);
      assert.equal(p.conversationId, cid);
      assert.equal(p.fromUserId, target.userId);
    }
    assert.notEqual(tp.sessionId, op.sessionId);
    const view = obj(await control(emu, 'GET', `live-monitoring/${cid}`));
    assert.deepEqual(view.legs.map((l: { role: string }) => l.role), ['target', 'observer']);
    assert.equal(view.state, 'proposed');
    const ended = obj(await control(emu, 'DELETE', `live-monitoring/${cid}`));
    assert.equal(ended.state, 'ended');
    assert.equal(ended.endedBy, 'cloud');
    await waitFor('both retracted', () => ts.retracts.includes(tp.sessionId) && os.retracts.includes(op.sessionId));
    assert.equal((await control(emu, 'GET', 'live-monitoring/nope')).status, 404);
  });
});
