import { expect } from '@open-wc/testing';
import {
  buildParticipantMedia, currentSpeakers, diffParticipants, parseMediaSlots, readVideoConversation, sameRefs, slotOf,
} from '../../src/sessions/video-participants';
import { sessionTypeFromJid } from '../../src/sessions/session-types';
import { VideoSession, type VideoSessionDeps } from '../../src/sessions/video-session';
import type { GenesysMediaSession } from '../../src/sessions/media-session';
import { SdkError, SdkErrorTypes } from '../../src/errors';
import type { IIncomingStreamStatus } from '../../src/types/video';

// the fixed-slot offer of BRIEF contract 1, trimmed to what the mapping reads
function offer(): string {
  const lines = ['v=0', 'o=- 1 2 IN IP4 127.0.0.1', 's=-', 't=0 0'];
  let mid = 0;
  for (const kind of ['audio', 'video'] as const) {
    for (let n = 0; n < 5; n++) {
      lines.push(`m=${kind} 9 UDP/TLS/RTP/SAVPF 96`, `a=mid:${mid++}`, n === 0 ? 'a=sendrecv' : 'a=sendonly', `a=msid:s-${kind}-${n} t-${kind}-${n}`);
    }
  }
  lines.push('m=application 9 UDP/DTLS/SCTP webrtc-datachannel', `a=mid:${mid}`);
  return `${lines.join('\r\n')}\r\n`;
}

describe('video: offer slots', () => {
  it('reads every section with its mid, kind, msid track and index', () => {
    const slots = parseMediaSlots(offer());
    expect(slots).to.have.length(11);
    expect(slots[0]).to.deep.equal({ mid: '0', kind: 'audio', trackId: 't-audio-0', index: 0 });
    expect(slots[7]).to.deep.equal({ mid: '7', kind: 'video', trackId: 't-video-2', index: 2 });
    expect(slots[10]).to.deep.include({ kind: 'application', index: 0 });
  });

  it('finds a slot by sinkTrackId, else by sinkPinId', () => {
    const slots = parseMediaSlots(offer());
    expect(slotOf({ sinkPinId: 'x', sinkTrackId: 't-video-3' }, slots)?.mid).to.equal('8');
    expect(slotOf({ sinkPinId: 'audio-4' }, slots)?.mid).to.equal('4');
    expect(slotOf({ sinkPinId: 'nothing' }, slots)).to.equal(undefined);
  });
});

describe('video: participant media from incomingStreams', () => {
  const slots = parseMediaSlots(offer());
  const tracks = new Map<string, MediaStreamTrack>();
  const canvas = document.createElement('canvas');
  const fake = (mid: string): MediaStreamTrack => {
    let t = tracks.get(mid);
    if (!t) { t = canvas.captureStream().getVideoTracks()[0] as MediaStreamTrack; tracks.set(mid, t); }
    return t;
  };
  after(() => { for (const t of tracks.values()) t.stop(); });
  const entry = (kind: 'audio' | 'video', n: number, pid: string, contentType: 'camera' | 'screenshare' = 'camera'): IIncomingStreamStatus => ({
    sinkPinId: `${kind}-${n}`, sinkTrackId: `t-${kind}-${n}`, sourcePinId: 'x', sourceId: `src-${pid}`,
    appId: { sourceJid: `${pid}@x`, sourceParticipantId: pid, sourceUserId: `u-${pid}` }, contentType,
  });

  it('groups audio and video per participant, primary (video slot 0) first', () => {
    const media = buildParticipantMedia(
      [entry('audio', 0, 'a'), entry('video', 1, 'a'), entry('audio', 1, 'b'), entry('video', 0, 'b', 'screenshare')],
      slots, fake, { byParticipant: new Map([['b', { userId: 'u-b', name: 'Bea' }]]) },
    );
    expect(media.map((m) => m.participantId)).to.deep.equal(['b', 'a']);
    expect(media[0]).to.deep.include({ primary: true, contentType: 'screenshare', name: 'Bea', userId: 'u-b' });
    expect(media[0]?.videoTrack).to.equal(fake('5'));
    expect(media[0]?.audioTrack).to.equal(fake('1'));
    expect(media[1]).to.deep.include({ primary: false, contentType: 'camera' });
    expect(media[1]?.videoTrack).to.equal(fake('6'));
  });

  it('ignores entries without a participant or a known slot', () => {
    const media = buildParticipantMedia([{ sinkPinId: 'video-9', appId: { sourceParticipantId: 'z' } }, { sinkPinId: 'video-0' }], slots, fake, { byParticipant: new Map() });
    expect(media).to.deep.equal([]);
  });
});

describe('video: conversation events', () => {
  const body = (videos: Record<string, unknown>) => ({
    id: 'conv-1',
    participants: [
      { id: 'p-old', userId: 'me', purpose: 'user', videos: [{ state: 'disconnected' }] },
      { id: 'p-me', userId: 'me', purpose: 'user', videos: [{ state: 'connected', videoMuted: true }] },
      { id: 'p-2', userId: 'u2', name: 'Two', videos: [{ state: 'connected', ...videos }] },
      { id: 'p-3', userId: 'u3', videos: [{ state: 'disconnected' }] },
      { id: 'p-4', userId: 'u4', calls: [] },
    ],
  });

  it('takes our most recent participant and the connected ones as active', () => {
    const read = readVideoConversation(body({}), 'me');
    expect(read?.own).to.deep.include({ id: 'p-me', state: 'connected', videoMuted: true });
    expect(read?.active.map((p) => p.participantId)).to.deep.equal(['p-me', 'p-2']);
    expect(read?.active[1]).to.deep.equal({ participantId: 'p-2', userId: 'u2', name: 'Two', sharingScreen: false, videoMuted: false, audioMuted: false });
  });

  it('diffs by participant id and notices state changes', () => {
    const a = readVideoConversation(body({}), 'me')?.active ?? [];
    const b = readVideoConversation(body({ sharingScreen: true }), 'me')?.active ?? [];
    expect(diffParticipants(a, a).changed).to.equal(false);
    const d = diffParticipants(a, b);
    expect(d).to.deep.include({ changed: true, added: [], removed: [] });
    const gone = diffParticipants(a, a.slice(0, 1));
    expect(gone.removed.map((p) => p.participantId)).to.deep.equal(['p-2']);
  });

  it('speakers are the ones speaking; equal sets compare equal in any order (upstream missed swaps)', () => {
    const speakers = currentSpeakers([
      { activity: 'speaking', appId: { sourceUserId: 'u1', sourceParticipantId: 'p1' } },
      { activity: 'inactive', appId: { sourceUserId: 'u2' } },
    ]);
    expect(speakers).to.deep.equal([{ userId: 'u1', participantId: 'p1' }]);
    expect(sameRefs([{ userId: 'a' }, { userId: 'b' }], [{ userId: 'b' }, { userId: 'a' }])).to.equal(true);
    expect(sameRefs([{ userId: 'a' }, { userId: 'b' }], [{ userId: 'a' }, { userId: 'c' }])).to.equal(false);
  });

  it('types peer and room JIDs as video', () => {
    expect(sessionTypeFromJid('peer-abc@conference.example.com')).to.equal('collaborateVideo');
    expect(sessionTypeFromJid('room1@conference.example.com/x')).to.equal('collaborateVideo');
  });
});

describe('video: session controls without a participant', () => {
  const calls: string[] = [];
  const deps = {
    http: { request: async (path: string) => { calls.push(path); return {}; } },
    logger: { log() {}, debug() {}, info() {}, warn() {}, error() {} },
    userId: 'me',
  } as unknown as VideoSessionDeps;
  const fakeSession = (): GenesysMediaSession => ({ id: 's1', conversationId: 'c1', ended: false, pc: { remoteDescription: null }, emit() { return true; } }) as unknown as GenesysMediaSession;

  it('pinning before our participant is known is a session error and calls nothing', async () => {
    const session = fakeSession();
    const video = new VideoSession(session, deps);
    let error: unknown;
    try { await (session as unknown as { pinParticipantVideo(id: string): Promise<void> }).pinParticipantVideo('p-2'); } catch (e) { error = e; }
    expect(error).to.be.instanceOf(SdkError);
    expect((error as SdkError).type).to.equal(SdkErrorTypes.session);
    expect(calls).to.deep.equal([]);
    // once a conversation event names us, the same call goes to the pin URI
    video.onConversation({ id: 'c1', participants: [{ id: 'p-me', userId: 'me', videos: [{ state: 'connected' }] }] });
    await video.pinParticipantVideo('p-2');
    await video.pinParticipantVideo();
    expect(calls).to.deep.equal(['conversations/videos/c1/participants/p-me/pin', 'conversations/videos/c1/participants/p-me/pin']);
  });

  it('a non-string participant id is invalid_options', async () => {
    const video = new VideoSession(fakeSession(), deps);
    let error: unknown;
    try { await video.pinParticipantVideo(7 as unknown as string); } catch (e) { error = e; }
    expect((error as SdkError).type).to.equal(SdkErrorTypes.invalid_options);
  });
});
