// Video conferences end to end with real media through the emulator's SFU: two of our SDK
// instances and a bot in one room, in both signaling flavours (docs/video.md).
import { expect } from '@open-wc/testing';
import {
  GenesysCloudWebrtcSdk, SdkError, SdkErrorTypes, type IExtendedMediaSession, type IParticipantMedia, type IParticipantsUpdate,
  type IPendingSession, type ISdkConfig, type VideoMediaSession,
} from '../../src/index';
import { control, newAgent, quietLogger, type AgentInfo, type EmulatorInfo } from '../support/emulator-client';
import { until } from '../support/until';
import { isFirefox, itChromiumOnly } from '../support/browser';
import { addBot, brightness, framesGrow, hearsAudio, newRoom, videoRoom, type VideoRoomParticipant } from '../support/video-media';
import { TestSdks } from '../support/test-sdks';

type Signaling = 'jingle' | 'sdp';

let info: EmulatorInfo;
const testSdks = new TestSdks();
const elements: HTMLElement[] = [];

interface Member {
  sdk: GenesysCloudWebrtcSdk;
  agent: AgentInfo;
  session: VideoMediaSession;
  conversationId: string;
  videoElement: HTMLVideoElement;
  participants: IParticipantsUpdate[];
}

const readySdk = (agent: AgentInfo, config: Partial<ISdkConfig> = {}): Promise<GenesysCloudWebrtcSdk> => testSdks.ready(agent, config);

function nextSession(sdk: GenesysCloudWebrtcSdk, match: (s: IExtendedMediaSession) => boolean = () => true, ms = 15000): Promise<VideoMediaSession> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { sdk.off('sessionStarted', on); reject(new Error('timed out waiting for sessionStarted')); }, ms);
    const on = (s: IExtendedMediaSession): void => {
      if (s.sessionType !== 'collaborateVideo' || !match(s)) return;
      clearTimeout(timer);
      sdk.off('sessionStarted', on);
      resolve(s as VideoMediaSession);
    };
    sdk.on('sessionStarted', on);
  });
}

function videoEl(): HTMLVideoElement {
  const el = document.createElement('video');
  document.body.append(el);
  elements.push(el);
  return el;
}

/** Accepts a started video session with fresh elements and records its participant updates. */
async function accept(sdk: GenesysCloudWebrtcSdk, agent: AgentInfo, session: VideoMediaSession): Promise<Member> {
  const participants: IParticipantsUpdate[] = [];
  session.on('participantsUpdate', (u) => participants.push(u));
  const videoElement = videoEl();
  await sdk.acceptSession({ conversationId: session.conversationId, videoElement });
  await until(() => session.connectionState === 'connected', 'video session connected');
  return { sdk, agent, session, conversationId: session.conversationId, videoElement, participants };
}

async function join(roomJid: string, signaling: Signaling): Promise<Member> {
  const agent = await newAgent({ signaling });
  const sdk = await readySdk(agent);
  const started = nextSession(sdk);
  const { conversationId } = await sdk.startVideoConference(roomJid);
  const session = await started;
  expect(session.conversationId).to.equal(conversationId);
  return accept(sdk, agent, session);
}

async function roomMember(roomJid: string, pred: (p: VideoRoomParticipant) => boolean, what: string): Promise<VideoRoomParticipant> {
  return until(async () => (await videoRoom(roomJid)).participants.find(pred), what);
}

function mediaOf(m: Member, participantId: string, pred: (p: IParticipantMedia) => boolean = () => true): Promise<IParticipantMedia> {
  return until(() => m.session.participantMedia.find((p) => p.participantId === participantId && pred(p)), `participant media of ${participantId}`);
}

/** `m` sees `participantId`'s video decoded and not black, and hears its audio. */
async function seesAndHears(m: Member, participantId: string): Promise<void> {
  const media = await mediaOf(m, participantId, (p) => !!p.videoTrack && !!p.audioTrack);
  await framesGrow(m.session.pc, media.videoTrack as MediaStreamTrack);
  expect(await brightness(media.videoTrack as MediaStreamTrack)).to.be.greaterThan(20);
  expect(await hearsAudio(m.session.pc, media.audioTrack as MediaStreamTrack)).to.be.greaterThan(0);
}

async function rejected(p: Promise<unknown>): Promise<SdkError> {
  try { await p; } catch (e) { return e as SdkError; }
  throw new Error('expected a rejection');
}

before(async () => { info = await testSdks.load(); });
afterEach(async () => {
  await testSdks.destroyAll();
  for (const el of elements.splice(0)) el.remove();
});

for (const signaling of ['jingle', 'sdp'] as Signaling[]) {
  describe(`video conference (${signaling})`, function () {
    this.timeout(120000);

    it('two SDK users and a bot see and hear each other; joins, mute and leave are seen', async () => {
      const roomJid = await newRoom();
      const bot = await addBot(roomJid, { name: 'Bot One' });
      const a = await join(roomJid, signaling);
      const b = await join(roomJid, signaling);
      const pa = await roomMember(roomJid, (p) => p.userId === a.agent.userId && p.state === 'connected', 'A connected at the emulator');
      const pb = await roomMember(roomJid, (p) => p.userId === b.agent.userId && p.state === 'connected', 'B connected at the emulator');

      // everyone decodes everyone else's video and hears their audio
      await seesAndHears(a, bot.participantId);
      await seesAndHears(a, pb.participantId);
      await seesAndHears(b, bot.participantId);
      await seesAndHears(b, pa.participantId);
      // the documented videoElement shows the primary slot, moving
      await until(() => a.videoElement.srcObject && a.videoElement.videoWidth > 0, 'primary video on the element');
      expect((await mediaOf(a, bot.participantId)).name).to.equal('Bot One');

      // A saw B join
      await until(() => a.participants.some((u) => u.addedParticipants.some((p) => p.participantId === pb.participantId)), 'A: B added');
      const lastA = a.participants[a.participants.length - 1] as IParticipantsUpdate;
      expect(lastA.activeParticipants.map((p) => p.participantId)).to.include.members([pa.participantId, pb.participantId, bot.participantId]);

      // B's camera off: at the emulator and for A; its camera track is released
      const camera = b.session.pc.getSenders().find((s) => s.track?.kind === 'video')?.track as MediaStreamTrack;
      expect(camera.readyState).to.equal('live');
      await b.sdk.setVideoMute({ conversationId: b.conversationId, mute: true });
      expect(camera.readyState).to.equal('ended');
      expect(b.session.videoMuted).to.equal(true);
      await roomMember(roomJid, (p) => p.participantId === pb.participantId && p.videoMuted, 'B video muted at the emulator');
      await until(() => a.participants.some((u) => u.activeParticipants.some((p) => p.participantId === pb.participantId && p.videoMuted)), 'A sees B video muted');
      // and back on: a new camera track, frames again at A
      await b.sdk.setVideoMute({ conversationId: b.conversationId, mute: false });
      const again = b.session.pc.getSenders().find((s) => s.track?.kind === 'video')?.track;
      expect(again?.readyState).to.equal('live');
      expect(again).to.not.equal(camera);
      await roomMember(roomJid, (p) => p.participantId === pb.participantId && !p.videoMuted, 'B video unmuted at the emulator');
      await framesGrow(a.session.pc, (await mediaOf(a, pb.participantId, (p) => !!p.videoTrack)).videoTrack as MediaStreamTrack);

      // B's mic muted: at the emulator
      await b.sdk.setAudioMute({ conversationId: b.conversationId, mute: true });
      await roomMember(roomJid, (p) => p.participantId === pb.participantId && p.audioMuted, 'B audio muted at the emulator');

      // B leaves: A sees it removed; B's local tracks stop
      const bTracks = b.session.pc.getSenders().map((s) => s.track).filter((t): t is MediaStreamTrack => !!t);
      const ended = new Promise((r) => b.sdk.once('sessionEnded', r));
      await b.sdk.endSession({ conversationId: b.conversationId });
      await ended;
      expect(bTracks.every((t) => t.readyState === 'ended')).to.equal(true);
      await until(() => a.participants.some((u) => u.removedParticipants.some((p) => p.participantId === pb.participantId)), 'A: B removed');
    });

    it('pin puts the pinned participant in the primary slot; the bot speaking is in memberStatusUpdate', async () => {
      const roomJid = await newRoom();
      const bot1 = await addBot(roomJid, { name: 'Bot A' });
      const bot2 = await addBot(roomJid, { name: 'Bot B', audio: false });
      const speaking: string[] = [];
      const a = await join(roomJid, signaling);
      a.session.on('memberStatusUpdate', (m) => {
        for (const s of m.params.speakers ?? []) if (s.activity === 'speaking' && s.appId?.sourceParticipantId) speaking.push(s.appId.sourceParticipantId);
      });
      const speakers: string[] = [];
      a.session.on('speakersUpdate', (u) => { for (const s of u.speakers) speakers.push(s.userId); });
      await until(() => speaking.includes(bot1.participantId), 'memberStatusUpdate: bot A speaking');
      await until(() => speakers.includes(bot1.userId), 'speakersUpdate: bot A');
      expect(speaking).to.not.include(bot2.participantId); // no audio, never speaking

      for (const target of [bot2, bot1]) {
        const pinned = new Promise<{ participantId: string | null }>((r) => a.session.once('pinnedParticipant', r));
        await a.session.pinParticipantVideo(target.participantId);
        expect((await pinned).participantId).to.equal(target.participantId);
        const primary = await mediaOf(a, target.participantId, (p) => p.primary && !!p.videoTrack);
        await framesGrow(a.session.pc, primary.videoTrack as MediaStreamTrack);
        const me = await roomMember(roomJid, (p) => p.userId === a.agent.userId, 'A at the emulator');
        const pinnedAt = (await videoRoom(roomJid)).participants.find((p) => p.participantId === target.participantId);
        expect(pinnedAt?.pinnedBy).to.include(me.participantId);
      }
      const unpinned = new Promise<{ participantId: string | null }>((r) => a.session.once('pinnedParticipant', r));
      await a.session.pinParticipantVideo();
      expect((await unpinned).participantId).to.equal(null);
    });

    itChromiumOnly('a screen share in the call is seen by the other as sharingScreen and screen frames; the camera comes back', 'headless Firefox has no screen to capture', async () => {
      const roomJid = await newRoom();
      const a = await join(roomJid, signaling);
      const b = await join(roomJid, signaling);
      const pa = await roomMember(roomJid, (p) => p.userId === a.agent.userId, 'A at the emulator');
      const camera = await mediaOf(b, pa.participantId, (p) => !!p.videoTrack && p.contentType === 'camera');
      await framesGrow(b.session.pc, camera.videoTrack as MediaStreamTrack);
      const sent = (): MediaStreamTrack | null | undefined => a.session.pc.getSenders().find((s) => s.track?.kind === 'video')?.track;
      const surface = (t: MediaStreamTrack | null | undefined): string | undefined => (t?.getSettings() as (MediaTrackSettings & { displaySurface?: string }) | undefined)?.displaySurface;

      // camera off first: whatever B then decodes from A can only be the screen
      await a.sdk.setVideoMute({ conversationId: a.conversationId, mute: true });
      await a.session.startScreenShare();
      expect(surface(sent())).to.equal('monitor');
      await until(() => b.participants.some((u) => u.activeParticipants.some((p) => p.participantId === pa.participantId && p.sharingScreen)), 'B sees A sharingScreen');
      await roomMember(roomJid, (p) => p.participantId === pa.participantId && p.sharingScreen, 'A sharing at the emulator');
      const screen = await mediaOf(b, pa.participantId, (p) => p.contentType === 'screenshare' && !!p.videoTrack);
      await framesGrow(b.session.pc, screen.videoTrack as MediaStreamTrack);
      expect(await brightness(screen.videoTrack as MediaStreamTrack)).to.be.greaterThan(20);
      expect(a.session.pc.getSenders().every((s) => !s.track || s.track.kind !== 'video' || surface(s.track) === 'monitor')).to.equal(true);

      await a.session.stopScreenShare();
      await until(() => b.participants.some((u) => u.activeParticipants.some((p) => p.participantId === pa.participantId && !p.sharingScreen && p.videoMuted)), 'B sees the share stop, camera still off');
      expect(sent() ?? null).to.equal(null);

      // with the camera on, the camera comes back after the share
      await a.sdk.setVideoMute({ conversationId: a.conversationId, mute: false });
      await a.session.startScreenShare();
      await roomMember(roomJid, (p) => p.participantId === pa.participantId && p.sharingScreen, 'A sharing again');
      await a.session.stopScreenShare();
      await roomMember(roomJid, (p) => p.participantId === pa.participantId && !p.sharingScreen && !p.videoMuted, 'A back on camera at the emulator');
      const back = sent();
      expect(back?.readyState).to.equal('live');
      expect(surface(back)).to.equal(undefined);
      await framesGrow(b.session.pc, (await mediaOf(b, pa.participantId, (p) => p.contentType === 'camera' && !!p.videoTrack)).videoTrack as MediaStreamTrack);
    });
  });
}

describe('video: meetings, invites, media switches', function () {
  this.timeout(120000);

  it('joins a meeting with startVideoMeeting and sees its bot', async () => {
    const { meetingId, roomJid } = await control<{ meetingId: string; roomJid: string }>('POST', 'meetings', { name: 'weekly' });
    const bot = await addBot(roomJid);
    const agent = await newAgent();
    const sdk = await readySdk(agent);
    const started = nextSession(sdk);
    const pending: IPendingSession[] = [];
    sdk.on('pendingSession', (p) => pending.push(p));
    const { conversationId } = await sdk.startVideoMeeting(meetingId);
    const session = await started;
    expect(session.conversationId).to.equal(conversationId);
    expect(pending).to.deep.equal([]); // requested meetings proceed without pendingSession
    const m = await accept(sdk, agent, session);
    await seesAndHears(m, bot.participantId);
  });

  it('a 1:1 invite is a pendingSession: accepted joins the room, rejected does not', async () => {
    const roomJid = await newRoom();
    const inviter = await newAgent();
    const invitee = await newAgent();
    const refuser = await newAgent();
    const sdkA = await readySdk(inviter);
    const sdkB = await readySdk(invitee);
    const sdkC = await readySdk(refuser);

    const pendingB = new Promise<IPendingSession>((r) => sdkB.once('pendingSession', r));
    const startedA = nextSession(sdkA);
    await sdkA.startVideoConference(roomJid, invitee.jabberId);
    const p = await pendingB;
    expect(p.sessionType).to.equal('collaborateVideo');
    expect(p.fromJid.startsWith('peer-')).to.equal(true);
    expect(p.fromUserId).to.equal(inviter.userId);
    const startedB = nextSession(sdkB, (s) => s.conversationId === p.conversationId);
    await sdkB.acceptPendingSession({ conversationId: p.conversationId });
    const a = await accept(sdkA, inviter, await startedA);
    const b = await accept(sdkB, invitee, await startedB);
    const pa = await roomMember(roomJid, (x) => x.userId === inviter.userId && x.state === 'connected', 'inviter in the room');
    const pb = await roomMember(roomJid, (x) => x.userId === invitee.userId && x.state === 'connected', 'invitee in the room');
    await framesGrow(b.session.pc, (await mediaOf(b, pa.participantId, (x) => !!x.videoTrack)).videoTrack as MediaStreamTrack);
    await framesGrow(a.session.pc, (await mediaOf(a, pb.participantId, (x) => !!x.videoTrack)).videoTrack as MediaStreamTrack);

    const pendingC = new Promise<IPendingSession>((r) => sdkC.once('pendingSession', r));
    await sdkA.startVideoConference(roomJid, refuser.jabberId);
    const pc = await pendingC;
    let startedC = false;
    sdkC.on('sessionStarted', () => { startedC = true; });
    await sdkC.rejectPendingSession({ conversationId: pc.conversationId });
    expect(sdkC._pendingCount).to.equal(0);
    // the proposal is gone at the cloud too: accepting it now finds nothing
    const err = await rejected(sdkC.acceptPendingSession({ conversationId: pc.conversationId }));
    expect(err.type).to.equal(SdkErrorTypes.session);
    expect(startedC).to.equal(false);
    const room = await videoRoom(roomJid);
    expect(room.participants.some((x) => x.userId === refuser.userId && x.state === 'connected')).to.equal(false);
  });

  it('switches the camera mid-call, updates the resolution, and force-terminates', async () => {
    const roomJid = await newRoom();
    const a = await join(roomJid, 'jingle');
    const pa = await roomMember(roomJid, (p) => p.userId === a.agent.userId, 'A at the emulator');
    const canvas = document.createElement('canvas');
    canvas.width = 320; canvas.height = 240;
    const ctx = canvas.getContext('2d') as CanvasRenderingContext2D;
    const paint = setInterval(() => { ctx.fillStyle = `hsl(${Date.now() % 360},80%,50%)`; ctx.fillRect(0, 0, 320, 240); }, 40);
    try {
      const stream = canvas.captureStream(25);
      await a.sdk.updateOutgoingMedia({ conversationId: a.conversationId, stream });
      const sent = a.session.pc.getSenders().find((s) => s.track?.kind === 'video')?.track;
      expect(sent).to.equal(stream.getVideoTracks()[0]);
      const before = (await videoRoom(roomJid)).participants.find((p) => p.participantId === pa.participantId)?.counters.video.rtpPacketsFromClient ?? 0;
      await roomMember(roomJid, (p) => p.participantId === pa.participantId && p.counters.video.rtpPacketsFromClient > before + 20, 'video packets from the new source');

      // back to a camera, then a new default resolution applied to it
      await a.sdk.updateOutgoingMedia({ conversationId: a.conversationId, videoDeviceId: true });
      const resized = new Promise<unknown[]>((r) => a.session.once('resolutionUpdated', (...args: unknown[]) => r(args)));
      await a.sdk.updateDefaultResolution({ width: 320, height: 240 }, true);
      const args = await resized;
      expect(args[3]).to.equal(a.session.id);
      // `actual` is the camera's real size: Firefox's camera keeps it on applyConstraints (docs/browsers.md)
      const camera = a.session.pc.getSenders().find((x) => x.track?.kind === 'video')?.track;
      expect((args[1] as { width: number }).width).to.equal(camera?.getSettings().width);
      expect((args[1] as { width: number }).width).to.equal(isFirefox ? 640 : 320);
    } finally {
      clearInterval(paint);
    }
    const ended = new Promise((r) => a.sdk.once('sessionEnded', r));
    await a.sdk.forceTerminateSession(a.session.id);
    await ended;
    await roomMember(roomJid, (p) => p.participantId === pa.participantId && p.state !== 'connected', 'A left at the emulator');
  });

  it('repeated joins and leaves in one page leave nothing behind', async () => {
    const agent = await newAgent();
    const sdk = await readySdk(agent);
    const mediaElements = (): number => document.querySelectorAll('audio, video').length;
    const baseline = mediaElements();
    const allTracks: MediaStreamTrack[] = [];
    for (let i = 0; i < 3; i++) {
      const roomJid = await newRoom();
      const bot = await addBot(roomJid);
      const started = nextSession(sdk);
      await sdk.startVideoConference(roomJid);
      const m = await accept(sdk, agent, await started);
      await framesGrow(m.session.pc, (await mediaOf(m, bot.participantId, (p) => !!p.videoTrack)).videoTrack as MediaStreamTrack, 3);
      await until(() => m.session.pc.getSenders().filter((x) => x.track?.readyState === 'live').length === 2, 'camera and mic sent');
      for (const x of m.session.pc.getSenders()) if (x.track) allTracks.push(x.track);
      const ended = new Promise((r) => sdk.once('sessionEnded', r));
      await sdk.endSession({ conversationId: m.conversationId });
      await ended;
      m.videoElement.remove();
      expect(m.session.pc.connectionState).to.equal('closed');
      expect(m.videoElement.srcObject).to.equal(null);
    }
    expect(sdk._sessions).to.deep.equal([]);
    expect(sdk._pendingCount).to.equal(0);
    expect(allTracks.filter((t) => t.readyState === 'live')).to.deep.equal([]);
    expect(sdk.media.getAllActiveMediaTracks().filter((t) => t.readyState === 'live')).to.deep.equal([]);
    expect(mediaElements()).to.equal(baseline); // the SDK's hidden audio elements are gone
  });

  it('bad input gets the documented SdkError, never a hang', async () => {
    const agent = await newAgent();
    const sdk = await readySdk(agent);
    for (const [call, type] of [
      [() => sdk.startVideoConference('not-a-room'), SdkErrorTypes.invalid_options],
      [() => sdk.startVideoConference('Room@example.com'), SdkErrorTypes.invalid_options],
      [() => sdk.startVideoConference('room@conference.example.com', 'bad jid/with resource'), SdkErrorTypes.invalid_options],
      [() => sdk.startVideoMeeting(''), SdkErrorTypes.invalid_options],
      [() => sdk.startVideoMeeting('no-such-meeting'), SdkErrorTypes.session],
      [() => sdk.acceptSession({ conversationId: 'no-such-conversation' }), SdkErrorTypes.session],
      [() => sdk.setVideoMute({ conversationId: 'no-such-conversation', mute: true }), SdkErrorTypes.session],
      [() => sdk.acceptPendingSession({ conversationId: 'no-such-conversation', sessionType: 'collaborateVideo' }), SdkErrorTypes.session],
    ] as Array<[() => Promise<unknown>, SdkErrorTypes]>) {
      const err = await rejected(call());
      expect(err).to.be.instanceOf(SdkError);
      expect(err.type).to.equal(type);
    }
    // a guest instance is refused outright
    const guest = new GenesysCloudWebrtcSdk({ organizationId: info.organizationId, environment: info.environment, wsHost: info.wsHost, logger: quietLogger, optOutOfTelemetry: true });
    testSdks.track(guest);
    expect((await rejected(guest.startVideoConference('room@conference.example.com'))).type).to.equal(SdkErrorTypes.not_supported);

    // a real video session: no video element → invalid_options; bad pin id → invalid_options
    const roomJid = await newRoom();
    const started = nextSession(sdk);
    const { conversationId } = await sdk.startVideoConference(roomJid);
    const session = await started;
    const err = await rejected(sdk.acceptSession({ conversationId }));
    expect(err.type).to.equal(SdkErrorTypes.invalid_options);
    expect((err.details as { field?: string }).field).to.equal('videoElement');
    expect((await rejected(session.pinParticipantVideo(42 as unknown as string))).type).to.equal(SdkErrorTypes.invalid_options);
    const updates: IParticipantsUpdate[] = [];
    session.on('participantsUpdate', (u) => updates.push(u));
    await sdk.acceptSession({ conversationId, videoElement: videoEl() });
    await until(() => session.connectionState === 'connected', 'connected');
    // pinning someone who is not in the conversation: the REST call fails → session error
    await until(() => updates.some((u) => u.activeParticipants.some((p) => p.userId === agent.userId)), 'our participant known');
    const pinErr = await rejected(session.pinParticipantVideo('no-such-participant'));
    expect(pinErr.type).to.equal(SdkErrorTypes.session);
    expect(pinErr.message).to.equal('Request to pin video failed');
  });
});
