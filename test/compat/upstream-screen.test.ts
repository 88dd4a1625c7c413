// The PUBLISHED genesys-cloud-webrtc-sdk@9.2.4 does a guest screen share and accepts a screen
// recording with metadata against the emulator, with real (fake-device) screen capture. The
// emulator has no special case for it: the same routes and signalling serve our SDK.
import { expect } from '@open-wc/testing';
import { captureScreen, withUserGesture } from '../support/screen';
import {
  control, recordingLogger, until, waitForEvent,
  type UpstreamSdk,
  useUpstream,
} from './upstream-helpers';
import { itChromiumOnly } from '../support/browser';

/* eslint-disable @typescript-eslint/no-explicit-any */
const harness = useUpstream();

function upstream(config: Record<string, unknown>): { sdk: UpstreamSdk; logger: ReturnType<typeof recordingLogger>; errors: unknown[] } {
  const logger = recordingLogger();
  const sdk = new harness.Sdk({ environment: harness.info.environment, wsHost: harness.info.wsHost, optOutOfTelemetry: true, logger, ...config });
  const errors: unknown[] = [];
  sdk.on('sdkError', (e: unknown) => errors.push(e));
  sdk.on('error', (e: unknown) => errors.push(e));
  harness.live.push(sdk);
  return { sdk, logger, errors };
}

describe('upstream 9.2.4: screens against the emulator', () => {
  itChromiumOnly('a guest shares its screen (upgradeMedia, propose from the acd- room, screen video counted) and stopping it ends the session', 'headless Firefox has no screen to capture', async function () {
    this.timeout(60000);
    const agent = await control<{ userId: string }>('POST', 'agents', {});
    const { conversationId } = await control<{ conversationId: string }>('POST', 'inbound-call', { toUserId: agent.userId });
    const code = await control<{ securityCode: string; organizationId: string }>('POST', 'guest-codes', { conversationId });
    const { sdk, logger, errors } = upstream({ organizationId: code.organizationId });
    await sdk.initialize({ securityCode: code.securityCode });
    const started = waitForEvent(sdk, 'sessionStarted', undefined, 20000, logger);
    const stream: MediaStream = await withUserGesture(() => sdk.startScreenShare());
    const session = await started;
    expect(session.sessionType).to.equal('screenShare');
    const leg = await until(async () => {
      const view = await control<{ legs: Array<{ purpose?: string; state: string; counters: { video: { rtpPacketsFromClient: number } } }> }>('GET', `conversations/${conversationId}`);
      const l = view.legs.find((x) => x.purpose === 'screenShare');
      return l && l.counters.video.rtpPacketsFromClient > 30 ? l : undefined;
    }, 'screen video from 9.2.4 counted at the emulator', 20000);
    expect(leg.state).to.equal('connected');

    const ended = waitForEvent(sdk, 'sessionEnded', undefined, 15000, logger);
    for (const track of stream.getTracks()) { track.stop(); track.dispatchEvent(new Event('ended')); }
    await ended;
    await until(async () => {
      const view = await control<{ legs: Array<{ purpose?: string; state: string }> }>('GET', `conversations/${conversationId}`);
      return view.legs.find((x) => x.purpose === 'screenShare')?.state === 'ended';
    }, 'the emulator sees the share end');
    expect(errors).to.deep.equal([]);
  });

  itChromiumOnly('accepts a screen recording with metadata: the emulator gets the metadata with the transceiver mid and the screen video', 'headless Firefox has no screen to capture', async function () {
    this.timeout(60000);
    const agent = await control<{ userId: string; accessToken: string }>('POST', 'agents', {});
    const { sdk, logger, errors } = upstream({ accessToken: agent.accessToken, allowedSessionTypes: ['softphone', 'screenRecording'] });
    await sdk.initialize();
    const pending = waitForEvent(sdk, 'pendingSession', (p: any) => p.sessionType === 'screenRecording', 15000, logger);
    const { conversationId } = await control<{ conversationId: string }>('POST', 'screen-recordings', { userId: agent.userId });
    await pending;
    const started = waitForEvent(sdk, 'sessionStarted', undefined, 15000, logger);
    await sdk.acceptPendingSession({ conversationId, sessionType: 'screenRecording' });
    const session = await started;
    expect(sdk.isScreenRecordingSession(session)).to.equal(true);

    const stream = await captureScreen();
    const track = stream.getVideoTracks()[0]!;
    const { width = 0, height = 0, deviceId = '' } = track.getSettings();
    await sdk.acceptSession({
      conversationId, sessionType: 'screenRecording', mediaStream: stream,
      screenRecordingMetadatas: [{ trackId: track.id, screenId: deviceId, originX: 0, originY: 0, resolutionX: width, resolutionY: height, primary: true }],
    });
    const view = await until(async () => {
      const v = await control<{ metadataPosts: number; metadata: Array<{ trackId: string; _trackId: string }>; counters: { video: { rtpPacketsFromClient: number } } }>('GET', `screen-recordings/${conversationId}`);
      return v.metadataPosts > 0 && v.counters.video.rtpPacketsFromClient > 30 ? v : undefined;
    }, 'metadata and screen video from 9.2.4', 20000);
    const mid = (session.pc as RTCPeerConnection).getTransceivers().find((t) => t.sender.track === track)?.mid;
    expect(view.metadata[0]!.trackId).to.equal(mid);
    expect(view.metadata[0]!._trackId).to.equal(track.id);

    const ended = waitForEvent(sdk, 'sessionEnded', undefined, 15000, logger);
    await control('DELETE', `screen-recordings/${conversationId}`);
    await ended;
    expect(errors).to.deep.equal([]);
  });
});
