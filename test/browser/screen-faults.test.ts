// Faults during screen sessions, end to end against the emulator (docs/reliability.md): the socket
// dropped during a guest screen share and during an agent screen recording, HTTP bursts on the
// guest's code exchange and on the recording metadata, and a token expiring mid-recording.
// Real media: the screen's RTP counted at the emulator keeps growing through each fault.
import { expect } from '@open-wc/testing';
import { GenesysCloudWebrtcSdk, SdkError, type IExtendedMediaSession, type ISdkConfig, type ScreenRecordingMetadata } from '../../src/index';
import { control, emulatorInfo, newAgent, quietLogger, type EmulatorInfo } from '../support/emulator-client';
import { captureScreen, withUserGesture } from '../support/screen';
import { until } from '../support/until';
import { count, next, sleep } from '../support/sdk-events';
import { itChromiumOnly } from '../support/browser';

const NO_SCREEN = 'headless Firefox has no screen to capture';
interface Leg { purpose?: string; state: string; counters: { video: { rtpPacketsFromClient: number } } }
interface RecordingView { state: string; metadataPosts: number; counters: { video: { rtpPacketsFromClient: number } } }

let info: EmulatorInfo;
const sdks: GenesysCloudWebrtcSdk[] = [];
before(async () => { info = await emulatorInfo(); });
afterEach(async () => {
  await Promise.all(sdks.splice(0).map((s) => s.destroy()));
  await control('POST', 'faults', { type: 'clear' });
  await control('POST', 'settings', { signaling: 'jingle' });
});

function makeSdk(config: Partial<ISdkConfig>): GenesysCloudWebrtcSdk {
  const sdk = new GenesysCloudWebrtcSdk({ environment: info.environment, wsHost: info.wsHost, optOutOfTelemetry: true, logger: quietLogger, useHeadsets: false, ...config } as ISdkConfig);
  sdks.push(sdk);
  return sdk;
}

const fault = (status: number, n: number, pathPrefix: string, retryAfter = 0): Promise<unknown> => control('POST', 'faults', { type: 'http', status, count: n, pathPrefix, retryAfter });
/** The emulator's user id of the socket bound at `jid` (guests have synthetic ids). */
const userAt = async (jid: string): Promise<string> =>
  (await control<{ entities: Array<{ fullJid: string; userId: string }> }>('GET', 'sessions')).entities.find((s) => s.fullJid === jid)!.userId;

/** The counter grows by `by` packets from now. */
async function grows(read: () => Promise<number>, what: string, by = 30): Promise<void> {
  const start = await read();
  await until(async () => (await read()) > start + by, what);
}

function metadataFor(stream: MediaStream): ScreenRecordingMetadata[] {
  return stream.getVideoTracks().map((track, i) => {
    const { width = 0, height = 0, deviceId = '' } = track.getSettings();
    return { trackId: track.id, screenId: deviceId, originX: 0, originY: 0, resolutionX: width, resolutionY: height, primary: i === 0 };
  });
}

for (const signaling of ['jingle', 'sdp'] as const) {
  describe(`screen sessions under faults (${signaling})`, () => {
    itChromiumOnly('guest share: a 500 on the code exchange is a clear error, a 429/503 burst is retried; the guest\'s socket dropped mid-share: the screen keeps reaching the emulator, the SDK reconnects with its JID, stopping ends it once', NO_SCREEN, async function () {
      this.timeout(60000);
      await control('POST', 'settings', { signaling });
      const agent = await newAgent();
      const { conversationId } = await control<{ conversationId: string }>('POST', 'inbound-call', { toUserId: agent.userId });
      const { securityCode } = await control<{ securityCode: string }>('POST', 'guest-codes', { conversationId });
      // a 500 may have redeemed the single-use code: not retried, a clear error; 429 and 503 were not processed: retried
      await fault(500, 1, 'conversations/codes');
      const refused = await makeSdk({ organizationId: info.organizationId }).initialize({ securityCode }).then(() => undefined, (e: unknown) => e) as SdkError;
      expect(refused).to.be.instanceOf(SdkError);
      expect(refused.type).to.equal('initialization');
      expect(refused.message).to.contain('500');
      await fault(429, 1, 'conversations/codes', 1);
      await fault(503, 1, 'conversations/codes');
      const guest = makeSdk({ organizationId: info.organizationId });
      const started = count(guest, 'sessionStarted');
      const ended = count(guest, 'sessionEnded');
      const reconnects = count(guest, 'connected', (e) => e.reconnect);
      await guest.initialize({ securityCode });
      expect((await control<{ http: unknown[] }>('GET', 'faults')).http, 'both faults consumed').to.have.length(0);

      const first = next(guest, 'sessionStarted');
      const stream = await withUserGesture(() => guest.startScreenShare());
      const [session] = await first;
      const leg = async (): Promise<Leg | undefined> => (await control<{ legs: Leg[] }>('GET', `conversations/${conversationId}`)).legs.find((l) => l.purpose === 'screenShare');
      const rtp = async (): Promise<number> => (await leg())?.counters.video.rtpPacketsFromClient ?? 0;
      await grows(rtp, 'screen video counted at the emulator');

      const jid = guest._streamingConnection!.jid;
      const back = next(guest, 'connected', (e) => e.reconnect, 30000);
      const { dropped } = await control<{ dropped: number }>('POST', 'faults', { type: 'drop-sockets', userId: await userAt(jid) });
      expect(dropped).to.equal(1);
      await back;
      expect(guest._streamingConnection!.jid).to.equal(jid);
      await grows(rtp, 'screen video still counted after the reconnect');

      const endedEvent = next(guest, 'sessionEnded', (s) => s === session, 8000);
      for (const track of stream.getTracks()) { track.stop(); track.dispatchEvent(new Event('ended')); }
      await endedEvent;
      await until(async () => (await leg())?.state === 'ended', 'the emulator ends the share (it heard the terminate on the new socket)');
      await sleep(300);
      expect([started.n, ended.n, reconnects.n]).to.deep.equal([1, 1, 1]);
    });

    itChromiumOnly('agent recording: 429 and 500 on the metadata are retried (stored once); the socket dropped mid-recording: media goes on, the SDK reconnects, the cloud\'s end arrives once', NO_SCREEN, async function () {
      this.timeout(60000);
      const agent = await newAgent({ signaling });
      const sdk = makeSdk({ accessToken: agent.accessToken, allowedSessionTypes: ['screenRecording'] as ISdkConfig['allowedSessionTypes'], autoAcceptPendingScreenRecordingRequests: true });
      await sdk.initialize();
      const ended = count(sdk, 'sessionEnded');
      const errors = count(sdk, 'sdkError');
      const startedEvent = next(sdk, 'sessionStarted');
      const { conversationId } = await control<{ conversationId: string }>('POST', 'screen-recordings', { userId: agent.userId, signaling });
      const [session] = await startedEvent as [IExtendedMediaSession];
      await fault(429, 1, 'recordings/screensessions/metadata', 1);
      await fault(500, 1, 'recordings/screensessions/metadata');
      const mediaStream = await captureScreen();
      await sdk.acceptSession({ conversationId, sessionType: 'screenRecording', mediaStream, screenRecordingMetadatas: metadataFor(mediaStream) });
      const view = (): Promise<RecordingView> => control<RecordingView>('GET', `screen-recordings/${conversationId}`);
      const rtp = async (): Promise<number> => (await view()).counters.video.rtpPacketsFromClient;
      await until(async () => (await view()).metadataPosts === 1, 'metadata stored after the retries');
      await grows(rtp, 'screen video counted at the emulator');

      const back = next(sdk, 'connected', (e) => e.reconnect);
      await control('POST', 'faults', { type: 'drop-sockets', userId: agent.userId });
      await back;
      await grows(rtp, 'screen video still counted after the reconnect');
      const endedEvent = next(sdk, 'sessionEnded', (s) => s === session, 8000);
      await control('DELETE', `screen-recordings/${conversationId}`);
      await endedEvent;
      await sleep(300);
      expect(ended.n).to.equal(1);
      expect((await view()).metadataPosts).to.equal(1);
      expect(errors.list.map(([e]) => e.message)).to.deep.equal([]);
    });
  });
}

describe('screen recording: long bursts and token expiry', () => {
  itChromiumOnly('a metadata burst longer than the retries is one http sdkError and the recording goes on; the token expires mid-recording: one invalid_token, setAccessToken recovers, the cloud\'s end arrives once', NO_SCREEN, async function () {
    this.timeout(60000);
    const agent = await newAgent();
    const sdk = makeSdk({ accessToken: agent.accessToken, allowedSessionTypes: ['screenRecording'] as ISdkConfig['allowedSessionTypes'], autoAcceptPendingScreenRecordingRequests: true });
    await sdk.initialize();
    const ended = count(sdk, 'sessionEnded');
    const httpErrors = count(sdk, 'sdkError', (e) => e.type === 'http');
    const tokenErrors = count(sdk, 'sdkError', (e) => e.type === 'invalid_token');
    const startedEvent = next(sdk, 'sessionStarted');
    const { conversationId } = await control<{ conversationId: string }>('POST', 'screen-recordings', { userId: agent.userId });
    const [session] = await startedEvent as [IExtendedMediaSession];
    await fault(503, 20, 'recordings/screensessions/metadata');
    const mediaStream = await captureScreen();
    await sdk.acceptSession({ conversationId, sessionType: 'screenRecording', mediaStream, screenRecordingMetadatas: metadataFor(mediaStream) });
    const view = (): Promise<RecordingView> => control<RecordingView>('GET', `screen-recordings/${conversationId}`);
    const rtp = async (): Promise<number> => (await view()).counters.video.rtpPacketsFromClient;
    await until(() => httpErrors.n === 1, 'one http sdkError for the metadata', 40000);
    const [[metaError]] = httpErrors.list;
    // the metadata's own bound: 4 attempts (src/sessions/screen-common.ts)
    expect((metaError.details as { status?: number; attempts?: number } | undefined) ?? (metaError.cause as { details?: unknown } | undefined)?.details).to.deep.include({ status: 503, attempts: 4 });
    await control('POST', 'faults', { type: 'clear' });
    await grows(rtp, 'screen video counted although the metadata failed');
    expect((await view()).metadataPosts).to.equal(0);

    await control('POST', `tokens/${agent.accessToken}/expire`);
    const gaveUp = next(sdk, 'disconnected', () => true, 30000);
    await control('POST', 'faults', { type: 'drop-sockets', userId: agent.userId });
    await gaveUp;
    expect(tokenErrors.n).to.equal(1);
    await grows(rtp, 'screen video counted while the SDK is disconnected');
    const { accessToken } = await control<{ accessToken: string }>('POST', `users/${agent.userId}/tokens`);
    const back = next(sdk, 'connected', () => true, 30000);
    sdk.setAccessToken(accessToken);
    await back;
    const endedEvent = next(sdk, 'sessionEnded', (s) => s === session, 8000);
    await control('DELETE', `screen-recordings/${conversationId}`);
    await endedEvent;
    await sleep(300);
    expect(ended.n).to.equal(1);
    expect(tokenErrors.n).to.equal(1);
    expect(httpErrors.n).to.equal(1);
  });
});
