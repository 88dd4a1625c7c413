import { expect } from '@open-wc/testing';
import { GenesysCloudWebrtcSdk, SdkError, type IExtendedMediaSession, type IPendingSession, type ISdkConfig, type ScreenRecordingMetadata } from '../../src/index';
import { control, emulatorInfo, newAgent, quietLogger, type EmulatorInfo } from '../support/emulator-client';
import { captureScreen } from '../support/screen';
import { until } from '../support/until';
import { itChromiumOnly } from '../support/browser';

interface RecordingView {
  conversationId: string; userId: string; state: string; metadataPosts: number;
  metadata: Array<ScreenRecordingMetadata & { _trackId: string }>;
  metadataRequests: Array<{ participantJid: string; roomId: string; backgroundAssistant: boolean }>;
  tracks: Array<{ mid: string; counters: { rtpPacketsFromClient: number } }>;
  counters: { video: { rtpPacketsFromClient: number } };
}

let info: EmulatorInfo;
const sdks: GenesysCloudWebrtcSdk[] = [];
before(async () => { info = await emulatorInfo(); });
afterEach(async () => { await Promise.all(sdks.splice(0).map((s) => s.destroy())); });

async function readySdk(config: Partial<ISdkConfig>): Promise<GenesysCloudWebrtcSdk> {
  const sdk = new GenesysCloudWebrtcSdk({ environment: info.environment, wsHost: info.wsHost, optOutOfTelemetry: true, logger: quietLogger, useHeadsets: false, ...config } as ISdkConfig);
  sdks.push(sdk);
  await sdk.initialize();
  return sdk;
}

function metadataFor(stream: MediaStream): ScreenRecordingMetadata[] {
  return stream.getVideoTracks().map((track, i) => {
    const { width = 0, height = 0, deviceId = '' } = track.getSettings();
    return { trackId: track.id, screenId: deviceId, originX: 0, originY: 0, resolutionX: width, resolutionY: height, primary: i === 0 };
  });
}

const view = (cid: string) => control<RecordingView>('GET', `screen-recordings/${cid}`);
const errorOf = (p: Promise<unknown>): Promise<SdkError> => p.then(() => { throw new Error('expected a rejection'); }, (e: unknown) => e as SdkError);

/** Proposed → (accepted) → sessionStarted → accepted with a real screen and metadata → metadata with the mid, video counted, refused end, cloud end once. */
async function recordAndCheck(sdk: GenesysCloudWebrtcSdk, userId: string, manual: boolean, signaling: 'jingle' | 'sdp'): Promise<RecordingView> {
  const pendings: IPendingSession[] = [];
  const started: IExtendedMediaSession[] = [];
  const ended: IExtendedMediaSession[] = [];
  sdk.on('pendingSession', (p) => pendings.push(p));
  sdk.on('sessionStarted', (s) => started.push(s));
  sdk.on('sessionEnded', (s) => ended.push(s));
  const { conversationId } = await control<{ conversationId: string }>('POST', 'screen-recordings', { userId, signaling });
  if (manual) {
    const pending = await until(() => pendings[0], 'pendingSession');
    expect(pending.sessionType).to.equal('screenRecording');
    expect(pending.conversationId).to.equal(conversationId);
    await sdk.acceptPendingSession({ conversationId, sessionType: pending.sessionType });
  }
  const session = await until(() => started[0], 'sessionStarted');
  expect(sdk.isScreenRecordingSession(session)).to.equal(true);
  if (!manual) expect(pendings).to.have.length(0);

  // documented errors, and the SDK stays usable after them
  expect((await errorOf(sdk.acceptSession({ conversationId, sessionType: 'screenRecording' }))).type).to.equal('session');
  const stream = await captureScreen();
  expect((await errorOf(sdk.acceptSession({ conversationId, sessionType: 'screenRecording', mediaStream: stream, screenRecordingMetadatas: [] }))).type).to.equal('not_supported');

  const metadatas = metadataFor(stream);
  await sdk.acceptSession({ conversationId, sessionType: 'screenRecording', mediaStream: stream, screenRecordingMetadatas: metadatas });
  const seen = await until(async () => {
    const v = await view(conversationId);
    return v.metadataPosts > 0 && v.counters.video.rtpPacketsFromClient > 30 ? v : undefined;
  }, 'metadata and screen video at the emulator');
  const mid = session.pc.getTransceivers().find((t) => t.sender.track === stream.getVideoTracks()[0])?.mid;
  expect(mid).to.be.a('string');
  expect(seen.metadata[0]!.trackId).to.equal(mid);
  expect(seen.metadata[0]!._trackId).to.equal(stream.getVideoTracks()[0]!.id);
  expect(seen.metadata[0]!.resolutionX).to.equal(metadatas[0]!.resolutionX);
  expect(seen.tracks.find((t) => t.mid === mid)!.counters.rtpPacketsFromClient).to.be.greaterThan(30);
  expect(seen.metadataRequests[0]!.roomId).to.equal(session.originalRoomJid);

  expect((await errorOf(sdk.endSession({ conversationId, sessionType: 'screenRecording' }))).type).to.equal('not_supported');
  expect((await errorOf(sdk.endSession({ conversationId }))).type).to.equal('not_supported');
  expect(session.active).to.equal(true);

  await control('DELETE', `screen-recordings/${conversationId}`);
  await until(() => ended.length === 1, 'sessionEnded after the cloud ended the recording');
  expect(stream.getVideoTracks()[0]!.readyState).to.equal('ended');
  const final = await view(conversationId);
  expect(final.state).to.equal('ended');
  expect(final.metadataPosts).to.equal(1);
  expect(ended).to.deep.equal([session]);
  return final;
}

for (const signaling of ['jingle', 'sdp'] as const) {
  describe(`screen recording (${signaling})`, () => {
    itChromiumOnly('agent: pendingSession, accept with a real screen and metadata; metadata has the mid; endSession refused; the cloud ends it once', 'headless Firefox has no screen to capture', async () => {
      const agent = await newAgent();
      const sdk = await readySdk({ accessToken: agent.accessToken, allowedSessionTypes: ['softphone', 'screenRecording'] as ISdkConfig['allowedSessionTypes'] });
      const final = await recordAndCheck(sdk, agent.userId, true, signaling);
      expect(final.metadataRequests[0]!.backgroundAssistant).to.equal(false);
      expect(final.metadataRequests[0]!.participantJid).to.equal(agent.jabberId);
    });
  });
}

describe('screen recording with a JWT', () => {
  itChromiumOnly('auto-accepts the proposal, posts the metadata to …/backgroundassistant with the JWT (retried after a 503)', 'headless Firefox has no screen to capture', async () => {
    const agent = await newAgent();
    // the first metadata POST fails: the SDK retries it (bounded), the emulator stores it once
    await control('POST', 'faults', { type: 'http', status: 503, count: 1, pathPrefix: '/api/v2/recordings/screensessions/metadata/backgroundassistant' });
    const { jwt } = await control<{ jwt: string }>('POST', 'jwt', { userId: agent.userId });
    const sdk = await readySdk({ jwt, autoAcceptPendingScreenRecordingRequests: true });
    const final = await recordAndCheck(sdk, agent.userId, false, 'jingle');
    expect(final.metadataRequests[0]!.backgroundAssistant).to.equal(true);
    expect((await control<{ http: unknown[] }>('GET', 'faults')).http, 'the 503 was consumed by the first metadata POST').to.have.length(0);
  });
});

describe('screen recording: several screens and bad input', () => {
  itChromiumOnly('two screens: each metadata entry carries the mid of its own section, and both are counted', 'headless Firefox has no screen to capture', async function () {
    this.timeout(60000);
    const agent = await newAgent();
    const sdk = await readySdk({ accessToken: agent.accessToken, allowedSessionTypes: ['screenRecording'] as ISdkConfig['allowedSessionTypes'], autoAcceptPendingScreenRecordingRequests: true });
    const started = new Promise<IExtendedMediaSession>((resolve) => sdk.once('sessionStarted', resolve));
    const { conversationId } = await control<{ conversationId: string }>('POST', 'screen-recordings', { userId: agent.userId });
    const session = await started;
    const first = await captureScreen();
    const second = await captureScreen();
    const mediaStream = new MediaStream([...first.getVideoTracks(), ...second.getVideoTracks()]);
    const metadatas = metadataFor(mediaStream);
    await sdk.acceptSession({ conversationId, sessionType: 'screenRecording', mediaStream, screenRecordingMetadatas: metadatas });
    const seen = await until(async () => {
      const v = await view(conversationId);
      return v.metadataPosts > 0 && v.tracks.filter((t) => t.counters.rtpPacketsFromClient > 30).length === 2 ? v : undefined;
    }, 'two screens counted and the metadata');
    const mids = mediaStream.getVideoTracks().map((t) => session.pc.getTransceivers().find((x) => x.sender.track === t)?.mid);
    expect(new Set(mids).size).to.equal(2);
    expect(seen.metadata.map((m) => m.trackId)).to.deep.equal(mids);
    expect(seen.metadata.map((m) => m._trackId)).to.deep.equal(mediaStream.getVideoTracks().map((t) => t.id));
    for (const mid of mids) expect(seen.tracks.find((t) => t.mid === mid)!.counters.rtpPacketsFromClient).to.be.greaterThan(30);
    await control('DELETE', `screen-recordings/${conversationId}`);
  });

  it('unknown recordings are `session` errors; a rejected proposal ends the recording at the emulator; the SDK stays usable', async () => {
    const agent = await newAgent();
    const sdk = await readySdk({ accessToken: agent.accessToken, allowedSessionTypes: ['softphone', 'screenRecording'] as ISdkConfig['allowedSessionTypes'] });
    expect((await errorOf(sdk.acceptPendingSession({ conversationId: 'no-such', sessionType: 'screenRecording' }))).type).to.equal('session');
    expect((await errorOf(sdk.acceptSession({ conversationId: 'no-such', sessionType: 'screenRecording', mediaStream: new MediaStream(), screenRecordingMetadatas: metadataFor(new MediaStream()) }))).type).to.be.oneOf(['session', 'not_supported']);
    const pending = new Promise<IPendingSession>((resolve) => sdk.once('pendingSession', resolve));
    const { conversationId } = await control<{ conversationId: string }>('POST', 'screen-recordings', { userId: agent.userId });
    expect((await pending).sessionType).to.equal('screenRecording');
    await sdk.rejectPendingSession({ conversationId, sessionType: 'screenRecording' });
    await until(async () => (await view(conversationId)).state === 'ended', 'the emulator ends a rejected recording');
    expect(sdk.isInitialized).to.equal(true);
  });
});
