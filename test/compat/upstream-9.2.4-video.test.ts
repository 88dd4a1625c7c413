// The PUBLISHED genesys-cloud-webrtc-sdk@9.2.4 joins an emulator video room (docs/compat.md):
// startVideoConference + acceptSession, a bot's video decoded, camera muted (seen at the
// emulator), leave. The emulator has no special case for it.
import { expect } from '@open-wc/testing';
import {
  control, recordingLogger, until, waitForEvent,
  type AgentInfo, type UpstreamSession,
  useUpstream,
} from './upstream-helpers';
import { addBot, brightness, framesGrow, newRoom, videoRoom } from '../support/video-media';

/* eslint-disable @typescript-eslint/no-explicit-any */
const harness = useUpstream();
const elements: HTMLElement[] = [];

afterEach(() => {
  for (const el of elements.splice(0)) el.remove();
});

for (const signaling of ['jingle', 'sdp'] as const) {
  it(`upstream 9.2.4 joins a room, sees the bot, mutes its camera and leaves (${signaling})`, async function () {
    this.timeout(90000);
    const roomJid = await newRoom();
    const bot = await addBot(roomJid, { name: 'Compat Bot' });
    const agent = await control<AgentInfo>('POST', 'agents', { signaling });
    const logger = recordingLogger();
    const sdk = new harness.Sdk({ environment: harness.info.environment, wsHost: harness.info.wsHost, accessToken: agent.accessToken, optOutOfTelemetry: true, logger, useHeadsets: false });
    harness.live.push(sdk);
    const errors: unknown[] = [];
    sdk.on('sdkError', (e: unknown) => errors.push(e));
    sdk.on('error', (e: unknown) => errors.push(e));
    await sdk.initialize();

    const audioElement = document.createElement('audio');
    const videoElement = document.createElement('video');
    document.body.append(audioElement, videoElement);
    elements.push(audioElement, videoElement);
    const started = waitForEvent<UpstreamSession>(sdk, 'sessionStarted', (s: any) => s.sessionType === 'collaborateVideo', 20000, logger);
    const { conversationId } = await sdk.startVideoConference(roomJid);
    const session = await started;
    expect(session.conversationId).to.equal(conversationId);
    await sdk.acceptSession({ conversationId, audioElement, videoElement });
    const pc: RTCPeerConnection = session.pc ?? session.peerConnection;
    await until(() => pc.connectionState === 'connected', 'upstream video pc connected', 20000);

    // the bot is the only other participant: its video arrives on the primary slot (the first video section)
    const primary = pc.getTransceivers().find((t) => t.receiver.track?.kind === 'video')?.receiver.track as MediaStreamTrack;
    await framesGrow(pc, primary);
    expect(await brightness(primary)).to.be.greaterThan(20);
    const me = await until(async () => (await videoRoom(roomJid)).participants.find((p) => p.userId === agent.userId && p.state === 'connected'), 'upstream user connected in the room', 15000);
    expect(me.counters.video.rtpPacketsToClient).to.be.greaterThan(0);
    expect((await videoRoom(roomJid)).participants.some((p) => p.participantId === bot.participantId)).to.equal(true);

    // camera off: 9.2.4 sends session-info mute (creator = userId); the emulator marks it muted
    await sdk.setVideoMute({ conversationId, mute: true });
    await until(async () => (await videoRoom(roomJid)).participants.find((p) => p.participantId === me.participantId)?.videoMuted, 'upstream video muted at the emulator', 15000);

    const ended = waitForEvent(sdk, 'sessionEnded', undefined, 15000, logger);
    await sdk.endSession({ conversationId });
    await ended;
    await until(async () => (await videoRoom(roomJid)).participants.find((p) => p.participantId === me.participantId)?.state !== 'connected', 'upstream user left the room', 15000);
    expect(errors, 'no sdkError').to.deep.equal([]);
  });
}
