import type {
  IExtendedMediaSession, IPendingSessionActionParams, ISessionMuteRequest, ScreenRecordingMetadata,
  SessionTypes, SessionTypesAsStrings,
} from '../../src/types/sessions';
import type { IVideoResolution } from '../../src/types/media';
import type {
  IMemberStatusMessage, IParticipantMedia, IParticipantMediaUpdate, IParticipantsUpdate, IPinnedParticipant, ISpeakersUpdate,
} from '../../src/types/video';

/*
 * The documented video and screen API as the elements use it (docs: video.md, screen-recording.md,
 * live-screen-monitoring.md, plus BRIEF contract 2: `participantMedia` / `participantMediaUpdate`).
 * The engine implements it on its own branches; the elements feature-detect every method, so they
 * work (and say what is missing) with any engine build.
 */

export type {
  IParticipantUpdate, IParticipantsUpdate, ISpeakersUpdate, IMemberStatusMessage, IParticipantMedia, IParticipantMediaUpdate,
  IPinnedParticipant,
} from '../../src/types/video';

/** Session-level events of a video session that the elements listen to. */
export interface VideoSessionEventArgs {
  participantsUpdate: IParticipantsUpdate;
  speakersUpdate: ISpeakersUpdate;
  memberStatusUpdate: IMemberStatusMessage;
  pinnedParticipant: IPinnedParticipant;
  participantMediaUpdate: IParticipantMediaUpdate;
  incomingMedia: undefined;
}

/** A `collaborateVideo` session with its documented methods (each may be missing in an older engine). */
export type GcVideoSession = IExtendedMediaSession & {
  startScreenShare?: () => Promise<void>;
  stopScreenShare?: () => Promise<void>;
  pinParticipantVideo?: (participantId?: string | null) => Promise<void>;
  /** Contract 2. */
  participantMedia?: IParticipantMedia[];
  /** Our own participant on the conversation (upstream keeps it here). */
  pcParticipant?: { id?: string; userId?: string };
};

/** Live screen monitoring metadata (same shape as screen recording's). */
export type LiveScreenMonitoringMetadata = ScreenRecordingMetadata;

/** `acceptSession` for screen recording, live monitoring (target or observer) and video. */
export interface IGcAcceptSessionRequest {
  conversationId: string;
  sessionType?: SessionTypes | SessionTypesAsStrings | 'liveScreenMonitoring';
  mediaStream?: MediaStream;
  audioElement?: HTMLAudioElement;
  videoElement?: HTMLVideoElement;
  videoElements?: HTMLVideoElement[];
  audioDeviceId?: string | boolean | null;
  videoDeviceId?: string | boolean | null;
  screenRecordingMetadatas?: ScreenRecordingMetadata[];
  liveScreenMonitoringMetadata?: LiveScreenMonitoringMetadata[];
  liveMonitoringObserver?: boolean;
}

/** The video and screen methods of the documented SDK API. */
export interface SdkVideoApi {
  startVideoConference(roomJid: string, inviteeJid?: string): Promise<{ conversationId: string }>;
  startVideoMeeting(meetingId: string): Promise<{ conversationId: string }>;
  setVideoMute(params: ISessionMuteRequest): Promise<void>;
  /** Guests: share a screen (after `initialize({ securityCode })`). */
  startScreenShare(): Promise<MediaStream>;
  updateOutgoingMedia(options: { session?: IExtendedMediaSession; conversationId?: string; stream?: MediaStream; videoDeviceId?: string | boolean | null; audioDeviceId?: string | boolean | null }): Promise<void>;
  updateDefaultResolution(resolution: IVideoResolution | undefined, updateActiveSessions: boolean): Promise<unknown>;
  acceptPendingSession(params: IPendingSessionActionParams): Promise<void>;
  rejectPendingSession(params: IPendingSessionActionParams): Promise<void>;
  getAllSessions(): IExtendedMediaSession[];
}

/** Session types of the screen flows (`liveScreenMonitoring` is the upstream v11+ type). */
export const SCREEN_RECORDING = 'screenRecording';
export const LIVE_MONITORING = 'liveScreenMonitoring';
export const GUEST_SCREEN_SHARE = 'screenShare';
export const VIDEO = 'collaborateVideo';

/** A loosely typed emitter: session events the engine's own types may not declare yet. */
export interface LooseEmitter {
  on(event: string, listener: (...args: never[]) => void): unknown;
  off?(event: string, listener: (...args: never[]) => void): unknown;
  removeListener?(event: string, listener: (...args: never[]) => void): unknown;
}

/** Subscribes to events of an emitter and removes them all at once. */
export class Subscriptions {
  private offs: Array<() => void> = [];

  on(target: unknown, event: string, listener: (...args: never[]) => void): void {
    const emitter = target as LooseEmitter | undefined;
    if (!emitter || typeof emitter.on !== 'function') return;
    emitter.on(event, listener);
    this.offs.push(() => {
      if (typeof emitter.off === 'function') emitter.off(event, listener);
      else emitter.removeListener?.(event, listener);
    });
  }

  clear(): void {
    for (const off of this.offs.splice(0)) off();
  }
}
