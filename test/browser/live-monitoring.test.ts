import { expect } from '@open-wc/testing';
import { GenesysCloudWebrtcSdk, SdkError, type IExtendedMediaSession, type IPendingSession, type ISdkConfig } from '../../src/index';
import { control, emulatorInfo, newAgent, quietLogger, type AgentInfo, type EmulatorInfo } from '../support/emulator-client';
import { captureScreen, frameBrightness } from '../support/screen';
import { until } from '../support/until';
import { itChromiumOnly } from '../support/browser';

interface Counters { rtpPacketsFromClient: number; rtpPacketsToClient: number }
interface MonitoringView {
  state: string; endedBy?: string; metadataPosts: number; metadata: Array<{ trackId: string; _trackId: string }>;
  legs: Array<{ role: string; sessionState: string | null; counters: { video: Counters } }>;
}

let info: EmulatorInfo;
const sdks: GenesysCloudWebrtcSdk[] = [];
before(async () => { info = await emulatorInfo(); });
afterEach(async () => { await Promise.all(sdks.splice(0).map((s) => s.destroy())); });

interface Watched { sdk: GenesysCloudWebrtcSdk; pending: IPendingSession[]; started: IExtendedMediaSession[]; ended: IExtendedMediaSession[] }

async function watchedSdk(agent: AgentInfo): Promise<Watched> {
  const sdk = new GenesysCloudWebrtcSdk({ environment: info.environment, wsHost: info.wsHost, optOutOfTelemetry: true, logger: quietLogger, useHeadsets: false, accessToken: agent.accessToken } as ISdkConfig);
  sdks.push(sdk);
  const w: Watched = { sdk, pending: [], started: [], ended: [] };
  sdk.on('pendingSession', (p) => w.pending.push(p));
  sdk.on('sessionStarted', (s) => w.started.push(s));
  sdk.on('sessionEnded', (s) => w.ended.push(s));
  await sdk.initialize();
  return w;
}

const view = (cid: string) => control<MonitoringView>('GET', `live-monitoring/${cid}`);
const leg = (v: MonitoringView, role: string) => v.legs.find((l) => l.role === role)!;
const errorOf = (p: Promise<unknown>): Promise<SdkError> => p.then(() => { throw new Error('expected a rejection'); }, (e: unknown) => e as SdkError);

for (const signaling of ['jingle', 'sdp'] as const) {
  describe(`live screen monitoring (${signaling})`, () => {
    itChromiumOnly('the observer sees the target\'s screen; the target cannot end it, the observer can; one sessionEnded each', 'headless Firefox has no screen to capture', async function () {
      this.timeout(60000);
      const [targetAgent, observerAgent] = [await newAgent({ signaling }), await newAgent({ signaling })];
      const target = await watchedSdk(targetAgent);
      const observer = await watchedSdk(observerAgent);
      const { conversationId } = await control<{ conversationId: string }>('POST', 'live-monitoring', { targetUserId: targetAgent.userId, observerUserId: observerAgent.userId, signaling });

      // target: its own monitoring is proceeded by the SDK; it adds its screen
      const targetSession = await until(() => target.started[0], 'target sessionStarted');
      expect(target.sdk.isLiveScreenMonitoringSession(targetSession)).to.equal(true);
      expect((await errorOf(target.sdk.acceptSession({ conversationId, sessionType: 'liveScreenMonitoring' }))).type).to.equal('session');
      const screen = await captureScreen();
      const track = screen.getVideoTracks()[0]!;
      const { width = 0, height = 0 } = track.getSettings();
      await target.sdk.acceptSession({
        conversationId, sessionType: 'liveScreenMonitoring', mediaStream: screen,
        liveScreenMonitoringMetadata: [{ trackId: track.id, screenId: 'screen-1', originX: 0, originY: 0, resolutionX: width, resolutionY: height, primary: true }],
      });

      // observer: a pendingSession it accepts, then the screens into its <video>
      const pending = await until(() => observer.pending[0], 'observer pendingSession');
      expect(pending.sessionType).to.equal('liveScreenMonitoring');
      expect(pending.fromUserId).to.equal(targetAgent.userId);
      await observer.sdk.acceptPendingSession({ conversationId, sessionType: 'liveScreenMonitoring' });
      const observerSession = await until(() => observer.started[0], 'observer sessionStarted');
      const video = document.createElement('video');
      document.body.append(video);
      await observer.sdk.acceptSession({ conversationId, sessionType: 'liveScreenMonitoring', liveMonitoringObserver: true, videoElements: [video] });

      await until(() => frameBrightness(video) > 5, 'the observer <video> shows the target\'s screen (not black)', 20000);
      const v = await until(async () => {
        const current = await view(conversationId);
        return leg(current, 'target').counters.video.rtpPacketsFromClient > 30 && leg(current, 'observer').counters.video.rtpPacketsToClient > 30 ? current : undefined;
      }, 'screen video from the target forwarded to the observer');
      expect(v.state).to.equal('connected');
      const mid = targetSession.pc.getTransceivers().find((t) => t.sender.track === track)?.mid;
      await until(async () => (await view(conversationId)).metadataPosts === 1, 'target metadata');
      expect((await view(conversationId)).metadata[0]!.trackId).to.equal(mid);

      // the target cannot end it
      expect((await errorOf(target.sdk.endSession({ conversationId, sessionType: 'liveScreenMonitoring' }))).type).to.equal('not_supported');
      expect(targetSession.active).to.equal(true);

      // the observer can
      await observer.sdk.endSession({ conversationId, sessionType: 'liveScreenMonitoring' });
      await until(() => observer.ended.length === 1 && target.ended.length === 1, 'sessionEnded on both sides');
      const final = await view(conversationId);
      expect(final.state).to.equal('ended');
      expect(final.endedBy).to.equal('observer');
      expect(observer.ended).to.deep.equal([observerSession]);
      expect(target.ended).to.deep.equal([targetSession]);
      expect(track.readyState).to.equal('ended');
      expect(video.srcObject).to.equal(null);
      video.remove();
    });
  });
}

describe('live screen monitoring: two screens', () => {
  itChromiumOnly('the target\'s second screen reaches the observer\'s second <video>; the cloud ends both sides', 'headless Firefox has no screen to capture', async function () {
    this.timeout(60000);
    const [targetAgent, observerAgent] = [await newAgent(), await newAgent()];
    const target = await watchedSdk(targetAgent);
    const observer = await watchedSdk(observerAgent);
    const { conversationId } = await control<{ conversationId: string }>('POST', 'live-monitoring', { targetUserId: targetAgent.userId, observerUserId: observerAgent.userId });
    await until(() => target.started[0], 'target sessionStarted');
    const mediaStream = new MediaStream([...(await captureScreen()).getVideoTracks(), ...(await captureScreen()).getVideoTracks()]);
    await target.sdk.acceptSession({ conversationId, sessionType: 'liveScreenMonitoring', mediaStream });
    await until(() => observer.pending[0], 'observer pendingSession');
    await observer.sdk.acceptPendingSession({ conversationId, sessionType: 'liveScreenMonitoring' });
    await until(() => observer.started[0], 'observer sessionStarted');
    const videos = [document.createElement('video'), document.createElement('video')];
    videos.forEach((v) => document.body.append(v));
    await observer.sdk.acceptSession({ conversationId, sessionType: 'liveScreenMonitoring', videoElements: videos });
    await until(() => videos.every((v) => frameBrightness(v) > 5), 'both screens shown to the observer', 20000);
    expect((await view(conversationId)).metadataPosts).to.equal(0, 'no metadata given, none posted');

    await control('DELETE', `live-monitoring/${conversationId}`);
    await until(() => observer.ended.length === 1 && target.ended.length === 1, 'sessionEnded on both sides');
    expect((await view(conversationId)).endedBy).to.equal('cloud');
    videos.forEach((v) => v.remove());
  });
});
