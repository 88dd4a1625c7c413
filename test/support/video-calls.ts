// Joining, accepting and watching video conferences in browser tests (shared by the video fault tests).
import type { GenesysCloudWebrtcSdk, IExtendedMediaSession, VideoMediaSession } from '../../src/index';
import { until } from './until';
import { next } from './sdk-events';
import { framesGrow, videoRoom, type VideoRoomParticipant } from './video-media';

export const isVideo = (s: IExtendedMediaSession): boolean => s.sessionType === 'collaborateVideo';

/** startVideoConference + the room's session (not yet accepted). */
export async function startVideo(sdk: GenesysCloudWebrtcSdk, roomJid: string): Promise<{ conversationId: string; session: VideoMediaSession }> {
  const started = next(sdk, 'sessionStarted', isVideo);
  const { conversationId } = await sdk.startVideoConference(roomJid);
  const [session] = await started;
  if (session.conversationId !== conversationId) throw new Error(`session of ${session.conversationId}, expected ${conversationId}`);
  return { conversationId, session: session as VideoMediaSession };
}

/** acceptSession with a <video> element (removed by `cleanup`), until the peer connection is up. */
export async function acceptVideo(sdk: GenesysCloudWebrtcSdk, session: VideoMediaSession, cleanup: Array<() => void>): Promise<void> {
  const videoElement = document.createElement('video');
  document.body.append(videoElement);
  cleanup.push(() => videoElement.remove());
  await sdk.acceptSession({ conversationId: session.conversationId, videoElement });
  await until(() => session.connectionState === 'connected', 'video session connected');
}

/** The participant's video decoded in the page (frames keep growing). */
export async function seesParticipant(session: VideoMediaSession, participantId: string, frames = 10): Promise<void> {
  let media;
  try {
    media = await until(() => session.participantMedia.find((p) => p.participantId === participantId && !!p.videoTrack), 'participant video track');
  } catch (err) {
    throw new Error(`${(err as Error).message}: ${await mediaState(session)}`);
  }
  await framesGrow(session.pc, media.videoTrack as MediaStreamTrack, frames);
}

/**
 * What a failed wait for a participant's media saw, in the page and at the emulator: which of
 * signalling, ICE, DTLS, the control channel or the slot mapping was missing (a rare CI failure).
 */
export async function mediaState(session: VideoMediaSession): Promise<string> {
  const pc = session.pc;
  const page = {
    state: session.state,
    session: session.connectionState,
    ice: pc.iceConnectionState,
    pc: pc.connectionState,
    dtls: (pc.sctp?.transport ?? pc.getTransceivers()[0]?.sender.transport)?.state ?? null,
    sctp: pc.sctp?.state ?? null,
    participantMedia: session.participantMedia.map((m) => `${m.participantId}:${m.audioTrack ? 'a' : ''}${m.videoTrack ? 'v' : ''}`),
  };
  let cloud: unknown;
  try {
    const roomJid = (session.originalRoomJid ?? '').split('/')[0]!.replace(/^peer-/, '');
    cloud = (await videoRoom(roomJid)).participants.map((p) => ({
      id: p.participantId, userId: p.userId, state: p.state, pc: p.connectionState, transport: p.transport,
      incoming: p.incomingStreams.map((s) => `${s.sinkPinId}<-${s.sourceId}`),
    }));
  } catch (e) {
    cloud = `room not read: ${String(e)}`;
  }
  return JSON.stringify({ page, cloud });
}

export const roomMember = (roomJid: string, pred: (p: VideoRoomParticipant) => boolean, what: string): Promise<VideoRoomParticipant> =>
  until(async () => (await videoRoom(roomJid)).participants.find(pred), what);

/** The user has no live participant left in the room at the emulator. */
export const leftRoom = (roomJid: string, userId: string): Promise<unknown> =>
  until(async () => (await videoRoom(roomJid)).participants.filter((p) => p.userId === userId).every((p) => !['alerting', 'contacting', 'connected'].includes(p.state)), 'left the room at the emulator');
