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

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const participantOf = (ev: Json | undefined, userId: string): Json | undefined => ev?.participants.filter((p: Json) => p.userId === userId).at(-1);

describe('video room with two clients and bots', () => {
  it('forwards client to client, maps later joiners to free slots, reports the speaking bot', async () => {
    const roomJid = await createRoom('forwarding');
    const a = await client(await newAgent(emu));
    const b = await client(await newAgent(emu, { signaling: 'sdp' }));
    const { conversationId } = await join(a, roomJid);
    await join(b, roomJid);
    // each client's media reaches the other in slot 0
    await waitFor('a↔b media', () => a.slot('video-0').keyFrames > 0 && a.slot('audio-0').packets > 20 && b.slot('video-0').keyFrames > 0 && b.slot('audio-0').packets > 20, 10000);
    const bot = await addBot(roomJid, { name: 'Speaker bot' });
    // the bot lands in slot 1 (nobody is reshuffled) until it speaks: then it becomes a's primary video
    const status = await waitFor('bot mapped for a', () => a.statuses.find((s) => s.incomingStreams.some((i: Json) => i.sourceId === bot.participantId && i.sinkPinId.startsWith('audio'))));
    assert.ok(status.incomingStreams.some((i: Json) => i.sourceId === bot.participantId && /^video-\d$/.test(i.sinkPinId)));
    await waitFor('bot speaking', () => a.statuses.find((s) => s.speakers.some((sp: Json) => sp.id === bot.participantId && sp.activity === 'speaking')), 10000);
    await waitFor('bot audio in a slot', () => [...a.slots.keys()].some((k) => k.startsWith('audio-') && k !== 'audio-0' && a.slot(k).packets > 10), 10000);
    // outgoingStreams: a's camera is seen by b and by nobody else that has a peer
    const last = a.lastStatus()!;
    const video = last.outgoingStreams.find((o: Json) => o.viewers.length > 0);
    assert.deepEqual(video.viewers.map((v: Json) => v.appId.sourceUserId), [b.agent.userId]);
    // the participants list everyone in videos[] with a name
    const ev = a.lastEvent(conversationId)!;
    assert.equal(participantOf(ev, bot.userId)?.name, 'Speaker bot');
    assert.equal(participantOf(ev, b.agent.userId)?.videos[0].peerCount, 3);
  });

  it('a new viewer\'s video slots each start on a key frame (asked for once its DTLS is up, not before)', async () => {
    const roomJid = await createRoom();
    const a = await client(await newAgent(emu));
    await join(a, roomJid);
    await addBot(roomJid, { name: 'K1' });
    await addBot(roomJid, { name: 'K2' });
    await waitFor('a sees both bots', () => a.slot('video-0').keyFrames > 0 && a.slot('video-1').keyFrames > 0, 10000);
    const b = await client(await newAgent(emu, { signaling: 'sdp' }), false);
    await join(b, roomJid);
    const slots = ['video-0', 'video-1', 'video-2'];
    await waitFor('video on three slots of b', () => slots.every((s) => b.slot(s).keyFrames > 0), 10000);
    // The werift client sends no PLI of its own: only the SFU's restart on connect explains a key frame first.
    for (const s of slots) assert.equal(b.slot(s).startedOnKeyFrame, true, `${s} started on a delta frame`);
  });

  it('a viewer gets at most five others per kind, each in its own slot', async () => {
    const roomJid = await createRoom();
    const bots = [];
    for (let i = 0; i < 6; i++) bots.push(await addBot(roomJid, { name: `B${i}` }));
    const c = await client(await newAgent(emu), false);
    await join(c, roomJid);
    const status = await waitFor('ten mapped slots', () => c.statuses.find((s) => s.incomingStreams.length === 10), 10000);
    for (const kind of ['audio', 'video']) {
      const entries = status.incomingStreams.filter((i: Json) => i.sinkPinId.startsWith(kind));
      assert.deepEqual(entries.map((i: Json) => i.sinkPinId).sort(), [0, 1, 2, 3, 4].map((n) => `${kind}-${n}`));
      assert.equal(new Set(entries.map((i: Json) => i.sourceId)).size, 5, `five different ${kind} sources`);
      assert.deepEqual(entries.map((i: Json) => i.sinkTrackId).sort(), [0, 1, 2, 3, 4].map((n) => c.slotTrackIds.get(`${kind}-${n}`)).sort());
    }
    await waitFor('media on every slot', () => [0, 1, 2, 3, 4].every((n) => c.slot(`audio-${n}`).packets > 5 && c.slot(`video-${n}`).keyFrames > 0), 10000);
    assert.ok(bots.every((b) => status.speakers.some((sp: Json) => sp.id === b.participantId)), 'every bot is listed in speakers');
  });

  it('mute/unmute and screen-start/stop update everyone\'s events and the incomingStreams content type', async () => {
    const roomJid = await createRoom();
    const a = await client(await newAgent(emu));
    const b = await client(await newAgent(emu, { signaling: 'sdp' }));
    const { conversationId } = await join(a, roomJid);
    await join(b, roomJid);
    await waitFor('b sees a', () => b.statuses.some((s) => s.incomingStreams.some((i: Json) => i.appId.sourceUserId === a.agent.userId)), 10000);
    for (const c of [a, b]) {
      await c.info('mute', 'video');
      await c.info('mute', 'audio');
      const other = c === a ? b : a;
      const p = await waitFor('muted in the other\'s events', () => {
        const q = participantOf(other.lastEvent(conversationId), c.agent.userId);
        return q?.videos[0].videoMuted && q.videos[0].audioMuted ? q : undefined;
      });
      assert.equal(p.muted, true);
      const view = await room(roomJid);
      assert.equal(view.participants.find((q: Json) => q.userId === c.agent.userId).videoMuted, true);
      await c.info('unmute', 'video');
      await waitFor('unmuted', () => participantOf(other.lastEvent(conversationId), c.agent.userId)?.videos[0].videoMuted === false);
      await c.info('screen-start');
      await waitFor('sharingScreen', () => participantOf(other.lastEvent(conversationId), c.agent.userId)?.videos[0].sharingScreen === true);
      await waitFor('screenshare content type', () => other.lastStatus()?.incomingStreams.some((i: Json) => i.appId.sourceUserId === c.agent.userId && i.contentType === 'screenshare'));
      await c.info('screen-stop');
      await waitFor('camera again', () => other.lastStatus()?.incomingStreams.some((i: Json) => i.appId.sourceUserId === c.agent.userId && i.sinkPinId.startsWith('video') && i.contentType === 'camera'));
      await waitFor('sharingScreen off', () => participantOf(other.lastEvent(conversationId), c.agent.userId)?.videos[0].sharingScreen === false);
    }
  });

  it('pin moves the pinned bot to video slot 0 for that viewer only; unpin', async () => {
    const roomJid = await createRoom();
    const first = await addBot(roomJid, { name: 'First', audio: false });
    const second = await addBot(roomJid, { name: 'Second', audio: false });
    const c = await client(await newAgent(emu));
    const { conversationId } = await join(c, roomJid);
    await waitFor('first in slot 0', () => c.lastStatus()?.incomingStreams.find((i: Json) => i.sinkPinId === 'video-0')?.sourceId === first.participantId, 10000);
    const me = await waitFor('my participant', () => participantOf(c.lastEvent(conversationId), c.agent.userId));
    const pinUri = `/api/v2/conversations/videos/${conversationId}/participants/${me.id}/pin`;
    const res = await http(emu, 'POST', pinUri, { token: c.agent.accessToken, body: { targetParticipantId: second.participantId, streamType: 'video' } });
    assert.equal(res.status, 202, JSON.stringify(res.body));
    await waitFor('second in slot 0', () => c.lastStatus()?.incomingStreams.find((i: Json) => i.sinkPinId === 'video-0')?.sourceId === second.participantId);
    const keyFramesBefore = c.slot('video-0').keyFrames;
    await waitFor('a key frame of the pinned bot at once', () => c.slot('video-0').keyFrames > keyFramesBefore, 5000);
    const view = await room(roomJid);
    assert.deepEqual(view.participants.find((p: Json) => p.participantId === second.participantId).pinnedBy, [me.id]);
    const unpin = await http(emu, 'DELETE', pinUri, { token: c.agent.accessToken });
    assert.equal(unpin.status, 202);
    assert.deepEqual((await room(roomJid)).participants.find((p: Json) => p.participantId === second.participantId).pinnedBy, []);
  });

  it('leaving and removal update everyone: events, incomingStreams, the v2.conversations.{id}.media sinks, the cloud terminate', async () => {
    const roomJid = await createRoom();
    const bot = await addBot(roomJid);
    const a = await client(await newAgent(emu));
    const b = await client(await newAgent(emu));
    const { conversationId } = await join(a, roomJid);
    await a.subscribe(`v2.conversations.${conversationId}.media`);
    await join(b, roomJid);
    const media = await waitFor('media view with a\'s sinks', () => a.mediaEvents.find((e) => e.participants.some((p: Json) => p.userId === b.agent.userId && p.tracks.some((t: Json) => t.mediaType === 'video' && t.sinks.includes(a.slotTrackIds.get('video-0') ?? a.slotTrackIds.get('video-1'))))), 10000);
    assert.equal(media.id, conversationId);
    // b leaves (client terminate): a sees b disconnected and b's streams gone
    await b.terminate();
    await waitFor('b disconnected for a', () => participantOf(a.lastEvent(conversationId), b.agent.userId)?.videos[0].state === 'disconnected');
    await waitFor('b unmapped', () => a.lastStatus() && !a.lastStatus()!.incomingStreams.some((i: Json) => i.appId.sourceUserId === b.agent.userId));
    // the bot is removed through the control API
    const del = await control(emu, 'DELETE', `video-rooms/${encodeURIComponent(roomJid)}/participants/${bot.participantId}`);
    assert.equal(del.status, 200);
    await waitFor('bot gone for a', () => participantOf(a.lastEvent(conversationId), bot.userId)?.state === 'disconnected');
    await waitFor('bot unmapped', () => a.lastStatus()!.incomingStreams.length === 0);
    // a is kicked: the cloud terminates a's session
    const me = participantOf(a.lastEvent(conversationId), a.agent.userId)!;
    const kick = await control(emu, 'DELETE', `video-rooms/${encodeURIComponent(roomJid)}/participants/${me.id}`);
    assert.equal(kick.status, 200);
    await waitFor('terminate', () => a.terminates.find((t) => t.sessionId === a.sessionId));
    const view = await room(roomJid);
    assert.ok(view.participants.every((p: Json) => p.state === 'disconnected'));
  });

  it('a client whose socket is gone leaves after the grace period', async () => {
    await control(emu, 'POST', 'settings', { socketGraceMs: 300 });
    const roomJid = await createRoom();
    const a = await client(await newAgent(emu));
    const b = await client(await newAgent(emu), false);
    const { conversationId } = await join(a, roomJid);
    await join(b, roomJid);
    await waitFor('b connected', async () => (await room(roomJid)).participants.some((p: Json) => p.userId === b.agent.userId && p.state === 'connected'), 10000);
    const res = await control(emu, 'POST', 'faults', { type: 'drop-sockets', userId: b.agent.userId });
    assert.equal(obj(res).dropped, 1);
    await waitFor('b disconnected for a', () => participantOf(a.lastEvent(conversationId), b.agent.userId)?.state === 'disconnected', 5000);
  });

  it('reset ends every room: sessions and bots gone, rooms gone', async () => {
    const roomJid = await createRoom();
    await addBot(roomJid);
    const c = await client(await newAgent(emu));
    await join(c, roomJid);
    await waitFor('connected', async () => (await room(roomJid)).participants.some((p: Json) => p.kind === 'agent' && p.state === 'connected'), 10000);
    await control(emu, 'POST', 'reset');
    assert.equal((await control(emu, 'GET', `video-rooms/${encodeURIComponent(roomJid)}`)).status, 404);
    assert.deepEqual(obj(await control(emu, 'GET', 'video-rooms')).entities, []);
    await waitFor('client peer closed', () => c.pc?.connectionState !== 'connected', 10000);
  });
});

describe('meetings and 1:1 invites', () => {
  it('a meeting join proposes with inin-meeting-id from the meeting\'s room', async () => {
    const res = await control(emu, 'POST', 'meetings', { name: 'standup' });
    assert.equal(res.status, 201);
    const { meetingId, roomJid } = obj(res);
    assert.match(roomJid, /^standup@conference\./);
    const c = await client(await newAgent(emu));
    const join = await http(emu, 'POST', '/api/v2/conversations/videos/participants', { token: c.agent.accessToken, body: { meetingId, participant: { address: c.agent.jabberId } } });
    assert.equal(join.status, 200);
    const propose = await waitFor('propose', () => c.proposes[0]);
    assert.equal(propose.meetingId, meetingId);
    assert.equal(propose.from, roomJid);
    assert.equal(propose.conversationId, obj(join).conversationId);
    c.proceed(propose);
    await waitFor('connected', async () => (await room(roomJid)).participants[0]?.state === 'connected', 10000);
    assert.equal((await room(roomJid)).meetingId, meetingId);
  });

  it('the invitee gets a peer-… propose with the inviter\'s user id; reject and accept', async () => {
    const roomJid = await createRoom('one-to-one');
    const inviter = await client(await newAgent(emu));
    const invitee = await client(await newAgent(emu));
    const res = await http(emu, 'POST', '/api/v2/conversations/videos', { token: inviter.agent.accessToken, body: { roomId: roomJid, participant: { address: invitee.agent.jabberId } } });
    assert.equal(res.status, 200);
    const conversationId = obj(res).conversationId;
    const own = await waitFor('inviter propose', () => inviter.proposes[0]);
    assert.equal(own.from, roomJid);
    const invite = await waitFor('invitee propose', () => invitee.proposes[0]);
    assert.equal(invite.from, `peer-${roomJid}`);
    assert.equal(invite.originalRoomJid, `peer-${roomJid}`);
    assert.equal(invite.fromUserId, inviter.agent.userId);
    assert.equal(invite.autoAnswer, 'false');
    assert.equal(invite.conversationId, conversationId);
    assert.equal(inviter.proposes.length, 1, 'the inviter is not proposed the peer- room');
    invitee.reject(invite);
    await waitFor('invitee disconnected', () => participantOf(inviter.lastEvent(conversationId), invitee.agent.userId)?.state === 'disconnected');
    // a second invite, accepted: both in the room, media both ways
    inviter.proceed(own);
    const again = await http(emu, 'POST', '/api/v2/conversations/videos', { token: inviter.agent.accessToken, body: { roomId: roomJid, participant: { address: invitee.agent.jabberId } } });
    assert.equal(obj(again).conversationId, conversationId, 'one conversation per room');
    const second = await waitFor('second invite', () => invitee.proposes[1]);
    invitee.proceed(second);
    await waitFor('media both ways', () => inviter.slot('video-0').keyFrames > 0 && invitee.slot('video-0').keyFrames > 0, 10000);
    assert.equal(invitee.offers.at(-1)!.from, `peer-${roomJid}`);
    assert.equal(inviter.proposes.length, 1, 'inviting from inside the room does not re-propose the inviter');
  });
});

describe('video errors', () => {
  it('bad REST input gets 4xx JSON errors', async () => {
    const agent = await newAgent(emu);
    const post = (path: string, body: unknown) => http(emu, 'POST', path, { token: agent.accessToken, body });
    const expect = async (p: Promise<{ status: number; body: unknown }>, status: number, re: RegExp) => {
      const res = await p;
      assert.equal(res.status, status, JSON.stringify(res.body));
      assert.match(String(obj(res as never).message), re);
    };
    await expect(post('/api/v2/conversations/videos', { participant: { address: agent.jabberId } }), 400, /roomId/);
    await expect(post('/api/v2/conversations/videos', { roomId: 'not a jid' }), 400, /room JID/);
    await expect(post('/api/v2/conversations/videos', { roomId: 'x@example.com' }), 400, /room JID/);
    await expect(post('/api/v2/conversations/videos', { roomId: 'ok@conference.emulated-org.orgspan.com', participant: { address: 'nobody@nowhere' } }), 400, /not a user/);
    await expect(post('/api/v2/conversations/videos', { roomId: 'ok@conference.emulated-org.orgspan.com' }), 400, /no connected streaming client/);
    await expect(post('/api/v2/conversations/videos/participants', {}), 400, /meetingId/);
    await expect(post('/api/v2/conversations/videos/participants', { meetingId: 'nope' }), 404, /Meeting/);
    assert.equal((await http(emu, 'POST', '/api/v2/conversations/videos', { body: { roomId: 'a@conference.x' } })).status, 401);
    // pin
    const roomJid = await createRoom();
    const bot = await addBot(roomJid, { audio: false });
    const c = await client(agent, false);
    await expect(post('/api/v2/conversations/videos', { roomId: 'peer-nothing@conference.emulated-org.orgspan.com' }), 404, /peer-/);
    const { conversationId } = await join(c, roomJid);
    const me = await waitFor('me', () => participantOf(c.lastEvent(conversationId), agent.userId));
    const pin = (pid: string, body: unknown) => post(`/api/v2/conversations/videos/${conversationId}/participants/${pid}/pin`, body);
    await waitFor('connected', async () => (await room(roomJid)).participants.some((p: Json) => p.userId === agent.userId && p.state === 'connected'), 10000);
    await expect(pin(me.id, {}), 400, /targetParticipantId/);
    await expect(pin(me.id, { targetParticipantId: 'nobody' }), 404, /nobody/);
    await expect(pin(bot.participantId, { targetParticipantId: me.id }), 403, /not the caller/);
    await expect(post(`/api/v2/conversations/videos/unknown/participants/${me.id}/pin`, { targetParticipantId: bot.participantId }), 404, /Conversation/);
    // another user cannot read the room's conversation; a member can
    const other = await newAgent(emu);
    assert.equal((await http(emu, 'GET', `/api/v2/conversations/${conversationId}`, { token: other.accessToken })).status, 404);
    const conv = await http(emu, 'GET', `/api/v2/conversations/${conversationId}`, { token: agent.accessToken });
    assert.equal(conv.status, 200);
    assert.equal(obj(conv).participants.length, 2);
  });

  it('an invented room keeps the exact JID the client asked for', async () => {
    const c = await client(await newAgent(emu), false);
    const roomJid = 'invented.room@conference.example.test';
    const { propose } = await join(c, roomJid);
    assert.equal(propose.from, roomJid);
    assert.equal((await room(roomJid)).roomJid, roomJid);
  });

  it('bad control input gets 4xx JSON errors', async () => {
    const expect = async (method: string, path: string, body: unknown, status: number, re: RegExp) => {
      const res = await control(emu, method, path, body);
      assert.equal(res.status, status, JSON.stringify(res.body));
      assert.match(String(obj(res).message), re);
    };
    await expect('POST', 'video-rooms', { name: 'Not Valid!' }, 400, /name/);
    await expect('POST', 'video-rooms', { name: 42 }, 400, /name/);
    const roomJid = await createRoom('taken');
    await expect('POST', 'video-rooms', { name: 'taken' }, 400, /exists/);
    await expect('GET', 'video-rooms/unknown%40conference.emulated-org.orgspan.com', undefined, 404, /not found/);
    await expect('GET', 'video-rooms/not-a-jid', undefined, 400, /room JID/);
    await expect('POST', 'video-rooms/unknown%40conference.emulated-org.orgspan.com/bots', {}, 404, /not found/);
    await expect('POST', `video-rooms/${encodeURIComponent(roomJid)}/bots`, { audio: 'yes' }, 400, /audio/);
    await expect('POST', `video-rooms/${encodeURIComponent(roomJid)}/bots`, { name: '' }, 400, /name/);
    await expect('DELETE', `video-rooms/${encodeURIComponent(roomJid)}/participants/nobody`, undefined, 404, /nobody/);
    await expect('POST', 'meetings', { name: 7 }, 400, /name/);
  });
});
