// A stand-in engine for the unit-level tests of <gc-video-conference> and <gc-screen-share>: the
// documented video/screen API (and contract 2) with recorded calls, real local media from the fake
// camera/microphone, and remote participants whose video is a canvas that keeps moving.
import type { IParticipantMedia, IParticipantUpdate } from '../../elements/internal/media-api';

type Listener = (...args: never[]) => void;

export class Emitter {
  private readonly listeners = new Map<string, Set<Listener>>();
  on(event: string, fn: Listener): this { (this.listeners.get(event) ?? this.listeners.set(event, new Set()).get(event)!).add(fn); return this; }
  off(event: string, fn: Listener): this { this.listeners.get(event)?.delete(fn); return this; }
  removeListener(event: string, fn: Listener): this { return this.off(event, fn); }
  emit(event: string, ...args: unknown[]): boolean {
    for (const fn of [...(this.listeners.get(event) ?? [])]) (fn as (...a: unknown[]) => void)(...args);
    return true;
  }
  count(event: string): number { return this.listeners.get(event)?.size ?? 0; }
}

/** A moving canvas as a video track (a colored bar sweeping across, with a label). */
export function movingTrack(label: string, color = '#3a7bd5', width = 320, height = 180): { track: MediaStreamTrack; stop: () => void } {
  const canvas = document.createElement('canvas');
  canvas.width = width; canvas.height = height;
  const ctx = canvas.getContext('2d')!;
  let x = 0;
  const timer = setInterval(() => {
    x = (x + 7) % width;
    ctx.fillStyle = '#222'; ctx.fillRect(0, 0, width, height);
    ctx.fillStyle = color; ctx.fillRect(x, 0, 40, height);
    ctx.fillStyle = '#fff'; ctx.font = '20px sans-serif'; ctx.fillText(label, 10, 30);
  }, 40);
  const track = canvas.captureStream(25).getVideoTracks()[0];
  return { track, stop: () => { clearInterval(timer); track.stop(); } };
}

export interface Call { method: string; args: unknown[] }

export class FakeVideoSession extends Emitter {
  readonly id: string;
  readonly sid: string;
  readonly sessionType = 'collaborateVideo';
  connectionState = 'connected';
  state = 'active';
  videoMuted = false;
  audioMuted = false;
  readonly pcParticipant = { id: 'p-me', userId: 'u-me' };
  participantMedia: IParticipantMedia[] = [];
  outbound: MediaStream | undefined;
  private senders: Array<{ track: MediaStreamTrack | null }> = [];
  readonly pc = { getSenders: () => this.senders, connectionState: 'connected' };
  screen: { track: MediaStreamTrack; stop: () => void } | undefined;
  camera: MediaStreamTrack | undefined;

  constructor(readonly conversationId: string, private readonly calls: Call[]) {
    super();
    this.id = `s-${conversationId}`;
    this.sid = this.id;
  }

  setOutbound(stream: MediaStream): void {
    this.outbound = stream;
    this.camera = stream.getVideoTracks()[0];
    this.senders = [{ track: stream.getAudioTracks()[0] ?? null }, { track: this.camera ?? null }];
  }

  videoSender(): { track: MediaStreamTrack | null } | undefined { return this.senders[1]; }

  async pinParticipantVideo(participantId?: string): Promise<void> {
    this.calls.push({ method: 'pinParticipantVideo', args: participantId === undefined ? [] : [participantId] });
    this.emit('pinnedParticipant', { participantId: participantId ?? null });
  }

  async startScreenShare(): Promise<void> {
    this.calls.push({ method: 'startScreenShare', args: [] });
    this.screen = movingTrack('my screen', '#aa3377');
    const sender = this.videoSender();
    if (sender) sender.track = this.screen.track;
  }

  async stopScreenShare(): Promise<void> {
    this.calls.push({ method: 'stopScreenShare', args: [] });
    this.screen?.stop();
    const sender = this.videoSender();
    if (sender) sender.track = this.camera?.readyState === 'live' ? this.camera : null;
  }

  /** Everyone in the room (us first), as `participantsUpdate` and `participantMediaUpdate`. */
  setRoom(others: Array<Partial<IParticipantUpdate> & { participantId: string; name: string; video?: MediaStreamTrack; audio?: MediaStreamTrack; contentType?: 'camera' | 'screenshare'; primary?: boolean }>): void {
    const me: IParticipantUpdate = { participantId: 'p-me', userId: 'u-me', name: 'Me', sharingScreen: false, videoMuted: this.videoMuted, audioMuted: this.audioMuted };
    const active: IParticipantUpdate[] = [me, ...others.map((o) => ({
      participantId: o.participantId, userId: o.userId ?? `u-${o.participantId}`, name: o.name,
      sharingScreen: o.sharingScreen ?? o.contentType === 'screenshare', videoMuted: o.videoMuted ?? false, audioMuted: o.audioMuted ?? false,
    }))];
    this.emit('participantsUpdate', { conversationId: this.conversationId, activeParticipants: active, addedParticipants: [], removedParticipants: [] });
    this.participantMedia = others.map((o) => ({
      participantId: o.participantId, userId: o.userId ?? `u-${o.participantId}`, name: o.name, videoTrack: o.video, audioTrack: o.audio,
      contentType: o.contentType ?? 'camera', primary: o.primary ?? false,
    }));
    this.emit('participantMediaUpdate', { conversationId: this.conversationId, participants: this.participantMedia });
  }
}

export interface FakeVideoEngineOptions {
  /** What `startVideoConference` does: resolve (default) or reject with this error. */
  startError?: unknown;
  /** Rejects `sdk.media.startMedia` for this kind with a NotAllowedError. */
  deny?: 'audio' | 'video';
  /** `startVideoConference` answers after this long (a slow cloud). */
  startDelayMs?: number;
}

/** The engine: records calls, creates one session per start, ends it on endSession. */
export function fakeVideoEngine(opts: FakeVideoEngineOptions = {}) {
  const calls: Call[] = [];
  const sdk = new Emitter() as Emitter & Record<string, unknown>;
  const sessions: FakeVideoSession[] = [];
  let n = 0;
  const media = new Emitter() as Emitter & Record<string, unknown>;
  Object.assign(media, {
    getState: () => undefined,
    enumerateDevices: () => Promise.resolve([]),
    startMedia: async (o: { audio?: unknown; video?: unknown }) => {
      calls.push({ method: 'startMedia', args: [o] });
      if ((o.audio && opts.deny === 'audio') || (o.video && opts.deny === 'video')) {
        throw Object.assign(new Error('Permission denied'), { name: 'NotAllowedError' });
      }
      return navigator.mediaDevices.getUserMedia({ audio: Boolean(o.audio), video: Boolean(o.video) });
    },
  });
  Object.assign(sdk, {
    isInitialized: true,
    isGuest: false,
    station: null,
    isPersistentConnectionEnabled: () => false,
    _personDetails: { id: 'u-me' },
    media,
    async startVideoConference(roomJid: string) {
      calls.push({ method: 'startVideoConference', args: [roomJid] });
      if (opts.startError) throw opts.startError;
      if (opts.startDelayMs) await new Promise((r) => setTimeout(r, opts.startDelayMs));
      const session = new FakeVideoSession(`c-${++n}`, calls);
      sessions.push(session);
      // like the engine: sessionStarted can come before the request resolves
      sdk.emit('sessionStarted', session);
      return { conversationId: session.conversationId };
    },
    async startVideoMeeting(meetingId: string) {
      calls.push({ method: 'startVideoMeeting', args: [meetingId] });
      const session = new FakeVideoSession(`c-${++n}`, calls);
      sessions.push(session);
      setTimeout(() => sdk.emit('sessionStarted', session), 20);
      return { conversationId: session.conversationId };
    },
    async acceptSession(params: { conversationId: string; mediaStream?: MediaStream }) {
      calls.push({ method: 'acceptSession', args: [params] });
      const session = sessions.find((s) => s.conversationId === params.conversationId)!;
      if (params.mediaStream) session.setOutbound(params.mediaStream);
      session.videoMuted = !params.mediaStream?.getVideoTracks().length;
    },
    async setAudioMute(params: { conversationId: string; mute: boolean }) {
      calls.push({ method: 'setAudioMute', args: [params] });
      const session = sessions.find((s) => s.conversationId === params.conversationId)!;
      session.audioMuted = params.mute;
      session.outbound?.getAudioTracks().forEach((t) => { t.enabled = !params.mute; });
    },
    async setVideoMute(params: { conversationId: string; mute: boolean }) {
      calls.push({ method: 'setVideoMute', args: [params] });
      const session = sessions.find((s) => s.conversationId === params.conversationId)!;
      const sender = session.videoSender();
      session.videoMuted = params.mute;
      if (params.mute) {
        sender?.track?.stop();
        if (sender) sender.track = null;
      } else if (sender) {
        const stream = await navigator.mediaDevices.getUserMedia({ video: true });
        sender.track = stream.getVideoTracks()[0];
        session.camera = sender.track;
      }
    },
    async endSession(params: { conversationId: string }) {
      calls.push({ method: 'endSession', args: [params] });
      const session = sessions.find((s) => s.conversationId === params.conversationId);
      if (!session) return;
      session.state = 'ended';
      session.outbound?.getTracks().forEach((t) => t.stop());
      sdk.emit('sessionEnded', session, { condition: 'success' });
    },
    getAllSessions: () => sessions.filter((s) => s.state !== 'ended'),
  });
  return { sdk, calls, sessions, media, options: opts };
}
