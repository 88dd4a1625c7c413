import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { AgentInfo, RunningEmulator } from '../../emulator/index';
import { control, http, newAgent, obj, startTestEmulator } from './helpers';
import { waitFor } from './softphone-phone';
import { VideoClient, type VideoPropose } from './video-client';

let emu: RunningEmulator;
const clients: VideoClient[] = [];
before(async () => {
  emu = await startTestEmulator();
});
after(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await emu.close();
});
beforeEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await control(emu, 'POST', 'reset');
});

async function client(agent: AgentInfo, sendMedia = true): Promise<VideoClient> {
  const c = new VideoClient(emu, agent, sendMedia);
  clients.push(c);
  return c.connect();
}

async function createRoom(name?: string): Promise<string> {
  const res = await control(emu, 'POST', 'video-rooms', name ? { name } : {});
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return obj(res).roomJid as string;
}

async function addBot(roomJid: string, body: Record<string, unknown> = {}): Promise<Record<string, any>> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const res = await control(emu, 'POST', `video-rooms/${encodeURIComponent(roomJid)}/bots`, body);
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return obj(res);
}

const room = async (roomJid: string) => obj(await control(emu, 'GET', `video-rooms/${encodeURIComponent(roomJid)}`));

/** POST videos as the client's user, then proceed the propose from the room; resolves once the offer is answered. */
async function join(c: VideoClient, roomJid: string): Promise<{ conversationId: string; propose: VideoPropose }> {
  const res = await http(emu, 'POST', '/api/v2/conversations/videos', { token: c.agent.accessToken, body: { roomId: roomJid, participant: { address: c.agent.jabberId } } });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const conversationId = obj(res).conversationId as string;
  const propose = await waitFor('propose', () => c.proposes.find((p) => p.conversationId === conversationId));
  c.proceed(propose);
  await waitFor('offer', () => c.offers.find((o) => o.sessionId === propose.sessionId));
  return { conversationId, propose };
}

for (const flavour of ['jingle', 'sdp'] as const) {
  describe(`video room (${flavour})`, () => {
    it('propose from the room, offer with the fixed slots, a bot\'s audio and video arrive in slot 0, incomingStreams maps them', async () => {
      const roomJid = await createRoom();
      assert.match(roomJid, /^room-[0-9a-f]+@conference\.emulated-org\.orgspan\.com$/);
      const bot = await addBot(roomJid, { name: 'Robo' });
      const c = await client(await newAgent(emu, { signaling: flavour }));
      const { conversationId, propose } = await join(c, roomJid);
      assert.equal(propose.from, roomJid);
      assert.equal(propose.originalRoomJid, roomJid);
      assert.equal(propose.sdpOverXmpp, flavour === 'sdp' ? 'true' : undefined);
      const offer = c.offers[0]!;
      assert.equal(offer.flavour, flavour);
      const kinds = [...offer.sdp.matchAll(/^m=(\w+)/gm)].map((m) => m[1]);
      assert.deepEqual(kinds, ['audio', 'audio', 'audio', 'audio', 'audio', 'video', 'video', 'video', 'video', 'video', 'application']);
      const directions = [...offer.sdp.matchAll(/^a=(sendrecv|sendonly|recvonly|inactive)$/gm)].map((m) => m[1]);
      assert.deepEqual(directions, ['sendrecv', 'sendonly', 'sendonly', 'sendonly', 'sendonly', 'sendrecv', 'sendonly', 'sendonly', 'sendonly', 'sendonly']);
      assert.equal(new Set(c.slotTrackIds.values()).size, 10, 'every slot has its own msid track');
      assert.match(offer.sdp, /webrtc-datachannel/);

      await waitFor('bot media in slot 0', () => c.slot('audio-0').packets > 20 && c.slot('video-0').packets > 10 && c.slot('video-0').keyFrames > 0, 10000);
      const status = await waitFor('incomingStreams', () => c.statuses.find((s) => s.incomingStreams.length === 2));
      const video = status.incomingStreams.find((s: { sinkPinId: string }) => s.sinkPinId === 'video-0');
      assert.equal(video.sinkTrackId, c.slotTrackIds.get('video-0'));
      assert.equal(video.sourceId, bot.participantId);
      assert.equal(video.appId.sourceParticipantId, bot.participantId);
      assert.equal(video.appId.sourceUserId, bot.userId);
      assert.equal(video.contentType, 'camera');
      const audio = status.incomingStreams.find((s: { sinkPinId: string }) => s.sinkPinId === 'audio-0');
      assert.equal(audio.sinkTrackId, c.slotTrackIds.get('audio-0'));

      const view = await waitFor('client counters', async () => {
        const r = await room(roomJid);
        const me = r.participants.find((p: { userId: string }) => p.userId === c.agent.userId);
        return me?.counters.video.rtpPacketsFromClient > 10 && me.counters.audio.rtpPacketsFromClient > 10 && me.counters.video.rtpPacketsToClient > 10 ? r : undefined;
      }, 10000);
      assert.equal(view.conversationId, conversationId);
      const me = view.participants.find((p: { userId: string }) => p.userId === c.agent.userId);
      assert.equal(me.kind, 'agent');
      assert.equal(me.state, 'connected');
      assert.equal(me.signaling, flavour);
      const ev = await waitFor('connected event', () => c.lastEvent(conversationId)?.participants.find((p: any) => p.userId === c.agent.userId && p.videos[0].state === 'connected')); // eslint-disable-line @typescript-eslint/no-explicit-any
      assert.equal(ev.name, c.agent.name);
    });
  });
}
