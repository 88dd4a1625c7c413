// Faults during video conferences, end to end against the emulator's SFU (docs/reliability.md):
// socket loss mid-call, a 503 burst on join, and races (end before accept, destroy mid-call).
// Real media: frames decoded in the page and RTP counters at the emulator.
import { expect } from '@open-wc/testing';
import { GenesysCloudWebrtcSdk, SdkError, type ISdkConfig, type VideoMediaSession } from '../../src/index';
import { control, newAgent, type AgentInfo } from '../support/emulator-client';
import { until } from '../support/until';
import { count, next, sleep } from '../support/sdk-events';
import { addBot, newRoom, videoRoom } from '../support/video-media';
import { acceptVideo as acceptWith, leftRoom, roomMember as member, seesParticipant as seesBot, startVideo as start } from '../support/video-calls';
import { TestSdks } from '../support/test-sdks';

const testSdks = new TestSdks();
const cleanup: Array<() => void> = [];
const acceptVideo = (sdk: GenesysCloudWebrtcSdk, session: VideoMediaSession): Promise<void> => acceptWith(sdk, session, cleanup);

const readySdk = (agent: AgentInfo, config: Partial<ISdkConfig> = {}): Promise<GenesysCloudWebrtcSdk> => testSdks.ready(agent, config);

before(async () => { await testSdks.load(); });
let graceMs: number | undefined;
afterEach(async () => {
  await testSdks.destroyAll();
  for (const c of cleanup.splice(0)) c();
  await control('POST', 'faults', { type: 'clear' });
  if (graceMs !== undefined) await control('POST', 'settings', { socketGraceMs: graceMs });
  graceMs = undefined;
});

describe('faults during a video conference', function () {
  this.timeout(60000);

  for (const signaling of ['jingle', 'sdp'] as const) it(`socket dropped mid video call (${signaling}): frames keep coming, the SDK reconnects with its JID, then camera mute is seen, end ends once, a new join works`, async () => {
    const roomJid = await newRoom();
    const bot = await addBot(roomJid, { name: 'Bot' });
    const agent = await newAgent({ signaling });
    const sdk = await readySdk(agent);
    const ended = count(sdk, 'sessionEnded');
    const reconnects = count(sdk, 'connected', (e) => e.reconnect);
    const finalDisconnects = count(sdk, 'disconnected');
    const errors = count(sdk, 'sdkError');
    const { conversationId, session } = await start(sdk, roomJid);
    await acceptVideo(sdk, session);
    await seesBot(session, bot.participantId);
    const me = await member(roomJid, (p) => p.userId === agent.userId && p.state === 'connected', 'connected at the emulator');
    const jid = sdk._streamingConnection?.jid;
    // a short grace period, waited out below: a room session that did not follow the reconnected
    // socket would be ended by the emulator (its grace timer) and the checks below would fail
    graceMs = (await control<{ socketGraceMs: number }>('GET', 'settings')).socketGraceMs;
    await control('POST', 'settings', { socketGraceMs: 3000 });

    const back = next(sdk, 'connected', (e) => e.reconnect);
    const { dropped } = await control<{ dropped: number }>('POST', 'faults', { type: 'drop-sockets', userId: agent.userId });
    expect(dropped).to.equal(1);
    await back;
    expect(sdk._streamingConnection?.jid).to.equal(jid);
    await sleep(3500);
    expect((await member(roomJid, (p) => p.participantId === me.participantId, 'me')).state).to.equal('connected');
    // media does not depend on the socket: still decoded after the reconnect, and the camera still reaches the emulator
    await seesBot(session, bot.participantId);
    const fromClient = (await member(roomJid, (p) => p.participantId === me.participantId, 'me')).counters.video.rtpPacketsFromClient;
    await member(roomJid, (p) => p.participantId === me.participantId && p.counters.video.rtpPacketsFromClient > fromClient + 20, 'camera RTP still reaching the emulator');

    // signalling over the reconnected socket reaches the room
    await sdk.setVideoMute({ conversationId, mute: true });
    await member(roomJid, (p) => p.participantId === me.participantId && p.videoMuted, 'video muted at the emulator');
    await sdk.setVideoMute({ conversationId, mute: false });
    await member(roomJid, (p) => p.participantId === me.participantId && !p.videoMuted, 'video unmuted at the emulator');

    const endedEvent = next(sdk, 'sessionEnded', (s) => s === session, 8000);
    await sdk.endSession({ conversationId });
    await endedEvent;
    await leftRoom(roomJid, agent.userId);
    expect(session.pc.connectionState).to.equal('closed');

    const second = await start(sdk, roomJid);
    await acceptVideo(sdk, second.session);
    await seesBot(second.session, bot.participantId);
    await sleep(500); // room for a duplicate to show up
    expect(ended.n).to.equal(1);
    expect(reconnects.n).to.equal(1);
    expect(finalDisconnects.n).to.equal(0);
    expect(errors.list.map(([e]) => e.message)).to.deep.equal([]);
  });

  it('pings refused mid video call: the SDK declares the socket dead and reconnects; frames keep coming and the call ends once', async () => {
    const roomJid = await newRoom();
    const bot = await addBot(roomJid);
    const agent = await newAgent();
    const sdk = await readySdk(agent);
    const ended = count(sdk, 'sessionEnded');
    const { conversationId, session } = await start(sdk, roomJid);
    await acceptVideo(sdk, session);
    await seesBot(session, bot.participantId);
    sdk._streamingConnection?._setKeepAlive(400, 600);
    const reconnecting = next(sdk, 'connectionState', (e) => e.state === 'reconnecting', 15000);
    await control('POST', 'faults', { type: 'refuse-pings', userId: agent.userId, enabled: true });
    await reconnecting;
    const back = next(sdk, 'connected', (e) => e.reconnect, 15000);
    await control('POST', 'faults', { type: 'refuse-pings', userId: agent.userId, enabled: false });
    await back;
    await seesBot(session, bot.participantId);
    const endedEvent = next(sdk, 'sessionEnded', (s) => s === session, 8000);
    await sdk.endSession({ conversationId });
    await endedEvent;
    await leftRoom(roomJid, agent.userId);
    await sleep(300);
    expect(ended.n).to.equal(1);
  });

  it('503 burst on startVideoConference: a short one is retried, a long one rejects with a clear SdkError; afterwards a join works', async () => {
    const roomJid = await newRoom();
    const bot = await addBot(roomJid);
    const agent = await newAgent();
    const sdk = await readySdk(agent);
    const fault = (n: number): Promise<unknown> => control('POST', 'faults', { type: 'http', status: 503, count: n, pathPrefix: 'conversations/videos' });
    // a burst of 2: retried, the join goes through
    await fault(2);
    const first = await start(sdk, roomJid);
    await acceptVideo(sdk, first.session);
    await seesBot(first.session, bot.participantId);
    const endedEvent = next(sdk, 'sessionEnded', (s) => s === first.session, 8000);
    await sdk.endSession({ conversationId: first.conversationId });
    await endedEvent;
    await leftRoom(roomJid, agent.userId);

    // more failures than the retry policy allows (5 attempts): a clear error naming the status, no session
    const started = count(sdk, 'sessionStarted');
    await fault(20);
    const err = await sdk.startVideoConference(roomJid).then(() => undefined, (e: unknown) => e) as SdkError;
    expect(err).to.be.instanceOf(SdkError);
    expect(err.type).to.equal('session');
    expect(err.message).to.match(/startVideoConference\(\) failed/);
    const http = err.cause as SdkError;
    expect(http).to.be.instanceOf(SdkError);
    expect(http.type).to.equal('http');
    expect((http.details as { status: number; attempts: number }).status).to.equal(503);
    expect((http.details as { status: number; attempts: number }).attempts).to.equal(5);
    await control('POST', 'faults', { type: 'clear' });
    await sleep(300);
    expect(started.n).to.equal(0);
    expect((await videoRoom(roomJid)).participants.filter((p) => p.userId === agent.userId && p.state === 'connected')).to.have.length(0);

    const again = await start(sdk, roomJid);
    await acceptVideo(sdk, again.session);
    await seesBot(again.session, bot.participantId);
  });
});

describe('video races', function () {
  this.timeout(60000);

  it('endSession before accept: the session ends once, nobody is left in the room, a join works afterwards', async () => {
    const roomJid = await newRoom();
    const bot = await addBot(roomJid);
    const agent = await newAgent();
    const sdk = await readySdk(agent);
    const started = count(sdk, 'sessionStarted');
    const ended = count(sdk, 'sessionEnded');
    const { conversationId, session } = await start(sdk, roomJid);
    const endedEvent = next(sdk, 'sessionEnded', (s) => s === session, 8000);
    await sdk.endSession({ conversationId });
    await endedEvent;
    await leftRoom(roomJid, agent.userId);
    expect(sdk.getAllSessions()).to.have.length(0);

    const again = await start(sdk, roomJid);
    await acceptVideo(sdk, again.session);
    await seesBot(again.session, bot.participantId);
    await sleep(300);
    expect(started.n).to.equal(2);
    expect(ended.n).to.equal(1);
  });

  it('endSession (twice at once) as soon as startVideoConference resolves (no session yet): the session is ended as it starts, once; nobody is left in the room', async () => {
    const roomJid = await newRoom();
    const agent = await newAgent();
    const sdk = await readySdk(agent);
    const started = count(sdk, 'sessionStarted');
    const ended = count(sdk, 'sessionEnded');
    const { conversationId } = await sdk.startVideoConference(roomJid);
    expect(sdk.getAllSessions()).to.have.length(0);
    // before the fix: rejected with "Unable to find a video session" and the session then started and stayed in the room
    await Promise.all([sdk.endSession({ conversationId }), sdk.endSession({ conversationId })]);
    await leftRoom(roomJid, agent.userId);
    await until(() => sdk.getAllSessions().length === 0, 'no session left');
    await sleep(300);
    expect(started.n).to.equal(1);
    expect(ended.n).to.equal(1);
  });

  it('destroy during a video call: settles, one sessionEnded, the room hears the leave, camera and mic are released', async () => {
    const roomJid = await newRoom();
    const bot = await addBot(roomJid);
    const agent = await newAgent();
    const sdk = await readySdk(agent);
    const ended = count(sdk, 'sessionEnded');
    const { session } = await start(sdk, roomJid);
    await acceptVideo(sdk, session);
    await seesBot(session, bot.participantId);
    const tracks = session.pc.getSenders().map((s) => s.track).filter((t): t is MediaStreamTrack => !!t);
    expect(tracks.map((t) => t.kind)).to.include.members(['audio', 'video']);
    await sdk.destroy();
    await leftRoom(roomJid, agent.userId);
    await sleep(300);
    expect(ended.n).to.equal(1);
    expect(session.pc.connectionState).to.equal('closed');
    expect(tracks.map((t) => t.readyState)).to.deep.equal(tracks.map(() => 'ended'));
  });

  it('the session ends while camera and mic are being put on the senders: both are stopped, none stays live until destroy', async () => {
    const roomJid = await newRoom();
    const bot = await addBot(roomJid);
    const agent = await newAgent();
    const sdk = await readySdk(agent);
    // every track getUserMedia hands out in this page (the SDK also opens camera + mic at the proceed)
    const gumTracks: MediaStreamTrack[] = [];
    const devices = navigator.mediaDevices;
    const gum = devices.getUserMedia;
    devices.getUserMedia = async (constraints?: MediaStreamConstraints): Promise<MediaStream> => {
      const stream = await gum.call(devices, constraints);
      gumTracks.push(...stream.getTracks());
      return stream;
    };
    cleanup.push(() => { devices.getUserMedia = gum; });
    // the first replaceTrack of a local track waits until the session has ended (the bench's leak: an
    // endSession landing while the accept's media was on its way to the senders)
    const replaceTrack = RTCRtpSender.prototype.replaceTrack;
    let hold: (() => void) | undefined;
    const held = new Promise<void>((r) => { hold = r; });
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => { release = r; });
    RTCRtpSender.prototype.replaceTrack = async function (this: RTCRtpSender, track: MediaStreamTrack | null): Promise<void> {
      if (track && hold) {
        const h = hold;
        hold = undefined;
        h();
        await gate;
      }
      return replaceTrack.call(this, track);
    };
    cleanup.push(() => { RTCRtpSender.prototype.replaceTrack = replaceTrack; release(); });

    const ended = count(sdk, 'sessionEnded');
    const { conversationId, session } = await start(sdk, roomJid);
    const el = document.createElement('video');
    document.body.append(el);
    cleanup.push(() => el.remove());
    const accepted = sdk.acceptSession({ conversationId, videoElement: el });
    await until(() => session.connectionState === 'connected', 'video session connected');
    await held;
    await seesBot(session, bot.participantId);
    expect(gumTracks.map((t) => t.kind)).to.include.members(['audio', 'video']);
    await sdk.endSession({ conversationId });
    await until(() => ended.n === 1, 'session ended');
    release();
    await accepted;
    await leftRoom(roomJid, agent.userId);
    await until(() => gumTracks.every((t) => t.readyState === 'ended'), 'every getUserMedia track stopped', 5000);
    expect(sdk.media.getAllActiveMediaTracks()).to.deep.equal([]);
  });
});
