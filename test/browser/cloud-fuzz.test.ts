// The cloud-side fuzzer (POST /__emulator/fuzz) against a connected SDK with a call in progress:
// hundreds of malformed or unexpected stanzas and notifications. The SDK must not throw out of its
// handlers, must not emit a session or pending session it should not, must log warnings, and the
// call must keep its audio and end normally.
import { expect } from '@open-wc/testing';
import { GenesysCloudWebrtcSdk, SessionTypes, type IExtendedMediaSession } from '../../src/index';
import { control, emulatorInfo, type AgentInfo } from '../support/emulator-client';
import { until } from '../support/until';
import { remoteAudioMeter } from '../support/remote-audio';
import { count, next, sleep } from '../support/sdk-events';

interface FuzzReport { sent: number; sockets: number; byCase: Record<string, number> }

const pageErrors: string[] = [];
const onError = (e: ErrorEvent): void => { pageErrors.push(`error: ${e.message}`); };
const onRejection = (e: PromiseRejectionEvent): void => { pageErrors.push(`unhandledrejection: ${String(e.reason)}`); };
before(() => {
  window.addEventListener('error', onError);
  window.addEventListener('unhandledrejection', onRejection);
});
after(() => {
  window.removeEventListener('error', onError);
  window.removeEventListener('unhandledrejection', onRejection);
});

async function hears(session: IExtendedMediaSession): Promise<void> {
  const m = remoteAudioMeter(session.pc);
  try {
    let peak = 0;
    await until(async () => { peak = Math.max(peak, await m.rms()); return peak > 0.01; }, 'remote audio RMS > 0.01');
  } finally { m.close(); }
}

for (const signaling of ['jingle', 'sdp'] as const) {
  it(`cloud fuzzer (${signaling} call in progress): 500+ bad stanzas and notifications, no throw, no stray session, warnings logged, audio kept`, async function () {
    this.timeout(90000);
    const info = await emulatorInfo();
    const agent = await control<AgentInfo>('POST', 'agents', { lineAppearance: 100, signaling });
    const warnings: string[] = [];
    const noop = (): void => undefined;
    const logger = { log: noop, debug: noop, info: noop, warn: (m: unknown) => { warnings.push(String(m)); }, error: (m: unknown) => { warnings.push(String(m)); } };
    const sdk = new GenesysCloudWebrtcSdk({ environment: info.environment, wsHost: info.wsHost, accessToken: agent.accessToken, optOutOfTelemetry: true, useHeadsets: false, logger,
      // the fuzzer's video / screen proposes are then for types this client did not allow
      allowedSessionTypes: [SessionTypes.softphone] });
    try {
      await sdk.initialize();
      const started = next(sdk, 'sessionStarted');
      const { id: conversationId } = await sdk.startSoftphoneSession({ phoneNumber: '+15550100' });
      const [session] = await started;
      await until(() => session.connectionState === 'connected', 'connected');
      await hears(session);
      const stray = {
        pending: count(sdk, 'pendingSession'), started: count(sdk, 'sessionStarted'), ended: count(sdk, 'sessionEnded'),
        cancelled: count(sdk, 'cancelPendingSession'), handled: count(sdk, 'handledPendingSession'), reconnects: count(sdk, 'connected'),
      };
      const warningsBefore = warnings.length;
      const errorsBefore = pageErrors.length;
      const rtpBefore = await rtpToAgent(conversationId, agent.userId);
      const report = await control<FuzzReport>('POST', 'fuzz', { userId: agent.userId, count: 520, seed: signaling === 'jingle' ? 7 : 11, conversationId });
      expect(report.sent).to.equal(520);
      expect(Object.keys(report.byCase).length).to.be.greaterThan(20);
      // the fuzz is on the wire; a ping round trip proves the client has read all of it
      await until(() => warnings.length > warningsBefore, 'a warning logged');
      await sleep(1500);
      expect(pageErrors.slice(errorsBefore)).to.deep.equal([]);
      expect([stray.pending.n, stray.started.n, stray.ended.n, stray.cancelled.n, stray.handled.n, stray.reconnects.n]).to.deep.equal([0, 0, 0, 0, 0, 0]);
      expect(sdk.getAllSessions()).to.deep.equal([session]);
      expect(sdk._pendingCount).to.equal(0);
      expect(sdk.connectionState).to.equal('connected');
      expect(session.state).to.equal('active');
      await until(async () => (await rtpToAgent(conversationId, agent.userId)) > rtpBefore + 25, 'RTP still flowing');
      await hears(session);
      // and the call still works normally
      await sdk.setAudioMute({ conversationId, mute: true });
      await sdk.setAudioMute({ conversationId, mute: false });
      const ended = next(sdk, 'sessionEnded', (s) => s === session, 8000);
      await sdk.endSession({ conversationId });
      await ended;
      expect(stray.ended.n).to.equal(1);
    } finally {
      await sdk.destroy();
    }
  });
}

async function rtpToAgent(conversationId: string, userId: string): Promise<number> {
  const conv = await control<{ legs: Array<{ userId?: string; counters: { audio: { rtpPacketsToAgent: number } } }> }>('GET', `conversations/${conversationId}`);
  return (conv.legs.find((l) => l.userId === userId) ?? conv.legs[0])?.counters.audio.rtpPacketsToAgent ?? 0;
}
