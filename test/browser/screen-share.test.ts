import { expect } from '@open-wc/testing';
import { GenesysCloudWebrtcSdk, SdkError, type IExtendedMediaSession, type ISdkConfig } from '../../src/index';
import { control, emulatorInfo, newAgent, quietLogger, type EmulatorInfo } from '../support/emulator-client';
import { withUserGesture } from '../support/screen';
import { until } from '../support/until';
import { itChromiumOnly } from '../support/browser';

interface VideoCounters { rtpPacketsFromClient: number }
interface Leg { purpose?: string; userId?: string; sessionState: string | null; state: string; counters: { video: VideoCounters } }
interface ConversationView { id: string; participants: Array<{ purpose: string; screenshares?: Array<{ state: string; sharing: boolean }> }>; legs: Leg[] }

let info: EmulatorInfo;
const sdks: GenesysCloudWebrtcSdk[] = [];

before(async () => { info = await emulatorInfo(); });
afterEach(async () => {
  await Promise.all(sdks.splice(0).map((s) => s.destroy()));
  await control('POST', 'settings', { signaling: 'jingle' });
});

function makeSdk(config: Partial<ISdkConfig>): GenesysCloudWebrtcSdk {
  const sdk = new GenesysCloudWebrtcSdk({ environment: info.environment, wsHost: info.wsHost, optOutOfTelemetry: true, logger: quietLogger, useHeadsets: false, ...config } as ISdkConfig);
  sdks.push(sdk);
  return sdk;
}

const shareLeg = async (conversationId: string): Promise<Leg | undefined> =>
  (await control<ConversationView>('GET', `conversations/${conversationId}`)).legs.find((l) => l.purpose === 'screenShare');

/** The agent's view of the conversation (platform REST with the agent's token). */
async function customerShares(conversationId: string, token: string): Promise<Array<{ state: string; sharing: boolean }>> {
  const res = await fetch(`${info.environment}/api/v2/conversations/${conversationId}`, { headers: { authorization: `Bearer ${token}` } });
  const conv = await res.json() as ConversationView;
  return conv.participants.find((p) => p.purpose === 'customer')?.screenshares ?? [];
}

/** What the browser does when the user presses "Stop sharing": the track ends by itself. */
function stopSharing(stream: MediaStream): void {
  for (const track of stream.getTracks()) {
    track.stop();
    track.dispatchEvent(new Event('ended'));
  }
}

for (const signaling of ['jingle', 'sdp'] as const) {
  describe(`guest screen share (${signaling})`, () => {
    itChromiumOnly('a guest shares its screen into the agent\'s conversation; stopping the capture ends the session once', 'headless Firefox has no screen to capture', async () => {
      await control('POST', 'settings', { signaling });
      const agent = await newAgent();
      const { conversationId } = await control<{ conversationId: string }>('POST', 'inbound-call', { toUserId: agent.userId });
      const { securityCode } = await control<{ securityCode: string }>('POST', 'guest-codes', { conversationId });

      const guest = makeSdk({ organizationId: info.organizationId });
      const started: IExtendedMediaSession[] = [];
      const ended: IExtendedMediaSession[] = [];
      const pending: string[] = [];
      guest.on('pendingSession', (p) => pending.push(p.sessionType));
      guest.on('sessionStarted', (s) => started.push(s));
      guest.on('sessionEnded', (s) => ended.push(s));
      await guest.initialize({ securityCode });

      const stream = await withUserGesture(() => guest.startScreenShare());
      expect(stream.getVideoTracks()).to.have.length(1);
      const session = await until(() => started[0], 'sessionStarted');
      expect(session.sessionType).to.equal('screenShare');
      expect(pending).to.deep.equal(['screenShare']);

      const leg = await until(async () => {
        const l = await shareLeg(conversationId);
        return l && l.counters.video.rtpPacketsFromClient > 30 ? l : undefined;
      }, 'screen video counted at the emulator');
      expect(leg.sessionState).to.equal('connected');
      const shares = await until(async () => (await customerShares(conversationId, agent.accessToken)).find((s) => s.sharing), 'screenshares[] on the customer');
      expect(shares.state).to.equal('connected');

      stopSharing(stream);
      await until(() => ended.length === 1, 'sessionEnded after the capture stopped');
      await until(async () => (await shareLeg(conversationId))?.state === 'ended', 'the emulator ends the share');
      await until(async () => (await customerShares(conversationId, agent.accessToken)).some((s) => s.state === 'disconnected'), 'share disconnected for the agent');
      expect(ended).to.deep.equal([session]);
      expect(started).to.have.length(1);
    });
  });
}

describe('guest screen share: bad input', () => {
  it('a security code works once; agents get not_supported', async () => {
    const { securityCode } = await control<{ securityCode: string }>('POST', 'guest-codes', {});
    const first = makeSdk({ organizationId: info.organizationId });
    await first.initialize({ securityCode });
    const second = makeSdk({ organizationId: info.organizationId });
    const error = await second.initialize({ securityCode }).then(() => undefined, (e: unknown) => e);
    expect(error).to.be.instanceOf(SdkError);
    expect((error as SdkError).type).to.equal('initialization');

    const agent = await newAgent();
    const agentSdk = makeSdk({ accessToken: agent.accessToken });
    await agentSdk.initialize();
    const refused = await agentSdk.startScreenShare().then(() => undefined, (e: unknown) => e);
    expect((refused as SdkError).type).to.equal('not_supported');
    // the SDK stays usable
    expect(agentSdk.isInitialized).to.equal(true);
  });
});
