// Video conferences across reconnects that change something (docs/reliability.md): a new XMPP
// resource (same channel: the conference follows; new channel: it is terminated, reason `gone`),
// an expired token, an emulator restart; and the races of 1:1 invites and joins.
// Real media: frames decoded in the page and RTP counters at the emulator's SFU.
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { GenesysCloudWebrtcSdk, SdkError, type ISdkConfig, type IPendingSession } from '../../src/index';
import { control, newAgent, type AgentInfo } from '../support/emulator-client';
import { until } from '../support/until';
import { count, next, sleep } from '../support/sdk-events';
import { addBot, newRoom, videoRoom } from '../support/video-media';
import { acceptVideo, isVideo, leftRoom, roomMember, seesParticipant, startVideo } from '../support/video-calls';
import { TestSdks } from '../support/test-sdks';

const testSdks = new TestSdks();
const cleanup: Array<() => void> = [];
let graceMs: number | undefined;

const readySdk = (agent: AgentInfo, config: Partial<ISdkConfig> = {}): Promise<GenesysCloudWebrtcSdk> => testSdks.ready(agent, config);

/** The emulator's socket grace period for this test (restored afterwards). */
async function setGrace(ms: number): Promise<void> {
  graceMs ??= (await control<{ socketGraceMs: number }>('GET', 'settings')).socketGraceMs;
  await control('POST', 'settings', { socketGraceMs: ms });
}

before(async () => { await testSdks.load(); });
afterEach(async () => {
  await testSdks.destroyAll();
  for (const c of cleanup.splice(0)) c();
  await control('POST', 'faults', { type: 'clear' });
  if (graceMs !== undefined) await control('POST', 'settings', { socketGraceMs: graceMs });
  graceMs = undefined;
});

describe('video: reconnects that change the resource, the token or the cloud', function () {
  this.timeout(60000);

  for (const signaling of ['jingle', 'sdp'] as const) it(`new XMPP resource (${signaling}): on the same channel the conference follows; on a new channel it ends once with reason "gone" after the grace period, and a rejoin works`, async () => {
    const roomJid = await newRoom();
    const bot = await addBot(roomJid);
    const agent = await newAgent({ signaling });
    const sdk = await readySdk(agent);
    const ended = count(sdk, 'sessionEnded');
    const conn = sdk._streamingConnection!;
    const { conversationId, session } = await startVideo(sdk, roomJid);
    await acceptVideo(sdk, session, cleanup);
    await seesParticipant(session, bot.participantId);
    const me = await roomMember(roomJid, (p) => p.userId === agent.userId && p.state === 'connected', 'connected at the emulator');
    await setGrace(3000);

    // a soft reconnect (same channel) with another resource, as streaming-client 17.x does: the session follows
    const firstJid = conn.jid;
    const channel = conn.channelId;
    conn.stanza.updateConfig({ resource: `tab-b-${Date.now()}` });
    let back = next(sdk, 'connected', (e) => e.reconnect);
    await control('POST', 'faults', { type: 'drop-sockets', userId: agent.userId });
    await back;
    expect(conn.channelId).to.equal(channel);
    expect(conn.jid).to.not.equal(firstJid);
    await sleep(3500); // past the grace period
    await sdk.setVideoMute({ conversationId, mute: true });
    await roomMember(roomJid, (p) => p.participantId === me.participantId && p.videoMuted, 'video muted at the emulator (over the new JID)');
    await sdk.setVideoMute({ conversationId, mute: false });
    await seesParticipant(session, bot.participantId);
    expect(ended.n).to.equal(0);

    // a hard reconnect (new channel) with yet another resource: the cloud cannot tell it is us; after
    // the grace period the conference ends for the old JID and the new one hears the terminate
    conn.stanza.updateConfig({ resource: `tab-c-${Date.now()}` });
    back = next(sdk, 'connected', (e) => e.reconnect);
    const gone = next(sdk, 'sessionEnded', (s) => s === session, 20000);
    void conn.reconnect(true);
    await back;
    expect(conn.channelId).to.not.equal(channel);
    const [, reason] = await gone;
    expect(reason.condition).to.equal('gone');
    await leftRoom(roomJid, agent.userId);
    await until(() => session.pc.connectionState === 'closed', 'peer connection closed');

    const again = await startVideo(sdk, roomJid);
    await acceptVideo(sdk, again.session, cleanup);
    await seesParticipant(again.session, bot.participantId);
    await sleep(300);
    expect(ended.n).to.equal(1);
  });

  it('token expired mid video call: one invalid_token sdkError; setAccessToken recovers streaming, the conference goes on, end ends once, a new join works', async () => {
    const roomJid = await newRoom();
    const bot = await addBot(roomJid);
    const agent = await newAgent();
    const sdk = await readySdk(agent);
    const tokenErrors = count(sdk, 'sdkError', (e) => e.type === 'invalid_token');
    const ended = count(sdk, 'sessionEnded');
    const { conversationId, session } = await startVideo(sdk, roomJid);
    await acceptVideo(sdk, session, cleanup);
    await seesParticipant(session, bot.participantId);
    const me = await roomMember(roomJid, (p) => p.userId === agent.userId && p.state === 'connected', 'connected at the emulator');
    await setGrace(30000); // the SDK is away while the app renews the token

    await control('POST', `tokens/${agent.accessToken}/expire`);
    const gaveUp = next(sdk, 'disconnected', () => true, 30000);
    await control('POST', 'faults', { type: 'drop-sockets', userId: agent.userId });
    await gaveUp;
    // REST with the old token: invalid_token too, and still one sdkError for it
    const rest = await sdk.startVideoConference(roomJid).then(() => undefined, (e: unknown) => e) as SdkError;
    expect(rest).to.be.instanceOf(SdkError);
    expect(tokenErrors.n).to.equal(1);
    await seesParticipant(session, bot.participantId); // media does not need the socket

    const { accessToken } = await control<{ accessToken: string }>('POST', `users/${agent.userId}/tokens`);
    const back = next(sdk, 'connected', () => true, 30000);
    sdk.setAccessToken(accessToken);
    await back;
    await sdk.setVideoMute({ conversationId, mute: true });
    await roomMember(roomJid, (p) => p.participantId === me.participantId && p.videoMuted, 'video muted at the emulator after the new token');
    await sdk.setVideoMute({ conversationId, mute: false });
    await seesParticipant(session, bot.participantId);
    const endedEvent = next(sdk, 'sessionEnded', (s) => s === session, 8000);
    await sdk.endSession({ conversationId });
    await endedEvent;
    await leftRoom(roomJid, agent.userId);

    const again = await startVideo(sdk, roomJid);
    await acceptVideo(sdk, again.session, cleanup);
    await seesParticipant(again.session, bot.participantId);
    await sleep(300);
    expect(ended.n).to.equal(1);
    expect(tokenErrors.n).to.equal(1);
  });

  it('emulator restarted during a video call: the SDK reconnects by itself, the lost conference ends once with reason "gone", a join in a new room works', async function () {
    this.timeout(90000);
    const roomJid = await newRoom();
    const bot = await addBot(roomJid);
    const agent = await newAgent({ signaling: 'sdp' });
    const sdk = await readySdk(agent);
    const ended = count(sdk, 'sessionEnded');
    const { session } = await startVideo(sdk, roomJid);
    await acceptVideo(sdk, session, cleanup);
    await seesParticipant(session, bot.participantId);
    const back = next(sdk, 'connected', (e) => e.reconnect, 30000);
    const gone = next(sdk, 'sessionEnded', (s) => s === session, 40000);
    await executeServerCommand('emulator-restart', { downMs: 800 });
    await back;
    const [, reason] = await gone;
    expect(reason.condition).to.equal('gone');
    expect(session.pc.connectionState).to.equal('closed');

    const room2 = await newRoom();
    const bot2 = await addBot(room2);
    const again = await startVideo(sdk, room2);
    await acceptVideo(sdk, again.session, cleanup);
    await seesParticipant(again.session, bot2.participantId);
    await sleep(300);
    expect(ended.n).to.equal(1);
  });
});

describe('video races', function () {
  this.timeout(60000);

  it('a 1:1 invite accepted and rejected together, then accepted twice at once; acceptSession twice at once; a join while reconnecting: each settles with its defined outcome', async () => {
    const inviter = await newAgent();
    const invitee = await newAgent();
    const sdkA = await readySdk(inviter);
    const sdkB = await readySdk(invitee);
    const startedB = count(sdkB, 'sessionStarted', isVideo);
    const endedB = count(sdkB, 'sessionEnded');

    // accept + reject of one invite: both settle, nothing stays pending; whatever session starts ends once
    const room1 = await newRoom();
    let pending = next(sdkB, 'pendingSession');
    let startedA = next(sdkA, 'sessionStarted', isVideo);
    await sdkA.startVideoConference(room1, invitee.jabberId);
    let [p] = await pending as [IPendingSession];
    const results = await Promise.allSettled([sdkB.acceptPendingSession({ conversationId: p.conversationId }), sdkB.rejectPendingSession({ conversationId: p.conversationId })]);
    expect(results.map((r) => r.status)).to.deep.equal(['fulfilled', 'fulfilled']);
    expect(sdkB._pendingCount).to.equal(0);
    const [first] = await startedA;
    await sdkA.endSession({ conversationId: first.conversationId });
    await sleep(1000);
    for (const s of sdkB.getAllSessions()) await sdkB.endSession({ conversationId: s.conversationId });
    await leftRoom(room1, invitee.userId);
    await until(() => sdkB.getAllSessions().length === 0, 'no session left for the invitee');
    expect(endedB.n).to.equal(startedB.n);

    // double accept of the next invite: one session; acceptSession twice at once: one answer, media flows
    const room2 = await newRoom();
    const before = startedB.n;
    pending = next(sdkB, 'pendingSession');
    startedA = next(sdkA, 'sessionStarted', isVideo);
    await sdkA.startVideoConference(room2, invitee.jabberId);
    [p] = await pending as [IPendingSession];
    const sessionStarted = next(sdkB, 'sessionStarted', isVideo);
    await Promise.all([sdkB.acceptPendingSession({ conversationId: p.conversationId }), sdkB.acceptPendingSession({ conversationId: p.conversationId })]);
    const [sessionB] = await sessionStarted;
    const el = document.createElement('video');
    document.body.append(el);
    cleanup.push(() => el.remove());
    await Promise.all([
      sdkB.acceptSession({ conversationId: sessionB.conversationId, videoElement: el }),
      sdkB.acceptSession({ conversationId: sessionB.conversationId, videoElement: el }),
    ]);
    await until(() => sessionB.connectionState === 'connected', 'invitee connected');
    const [sessionA] = await startedA;
    await acceptVideo(sdkA, sessionA as never, cleanup);
    const a = await roomMember(room2, (x) => x.userId === inviter.userId && x.state === 'connected', 'inviter in the room');
    await seesParticipant(sessionB as never, a.participantId);
    await sleep(300);
    expect(startedB.n - before).to.equal(1);
    expect((await videoRoom(room2)).participants.filter((x) => x.userId === invitee.userId && x.state === 'connected')).to.have.length(1);

    // a join while reconnecting: rejected at once with `session`; fine once connected again
    const back = next(sdkA, 'connected', (e) => e.reconnect);
    await control('POST', 'faults', { type: 'drop-sockets', userId: inviter.userId });
    await until(() => sdkA.connectionState === 'reconnecting', 'reconnecting');
    const room3 = await newRoom();
    const err = await sdkA.startVideoConference(room3).then(() => undefined, (e: unknown) => e) as SdkError;
    expect(err).to.be.instanceOf(SdkError);
    expect(err.type).to.equal('session');
    await back;
    const bot = await addBot(room3);
    const again = await startVideo(sdkA, room3);
    await acceptVideo(sdkA, again.session, cleanup);
    await seesParticipant(again.session, bot.participantId);
  });
});
