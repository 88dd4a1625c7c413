import type {
  IExtendedMediaSession, IPendingSessionActionParams, ISessionMuteRequest, ScreenRecordingMetadata,
  SessionTypes, SessionTypesAsStrings,
} from '../../src/types/sessions';
import type { IVideoResolution } from '../../src/types/media';

/*
 * The documented video and screen API as the elements use it (docs: video.md, screen-recording.md,
 * live-screen-monitoring.md, plus BRIEF contract 2: `participantMedia` / `participantMediaUpdate`).
 * The engine implements it on its own branches; the elements feature-detect every method, so they
 * work (and say what is missing) with any engine build.
 */

/** One participant of `participantsUpdate` (`name` is the contract-2 addition). */
export interface IParticipantUpdate {
  participantId: string;
  userId: string;
  name?: string;
  sharingScreen: boolean;
  videoMuted: boolean;
  audioMuted: boolean;
}

/** `participantsUpdate` on a video session. */
export interface IParticipantsUpdate {
  conversationId: string;
  addedParticipants: IParticipantUpdate[];
  removedParticipants: IParticipantUpdate[];
  activeParticipants: IParticipantUpdate[];
}

/** `speakersUpdate` on a video session. */
export interface ISpeakersUpdate {
  conversationId?: string;
  speakers: Array<{ userId: string }>;
}

/** `memberStatusUpdate`: the data channel's `member.notify.status` message, unchanged. */
export interface IMemberStatusMessage {
  jsonrpc?: string;
  method?: string;
  params?: {
    speakers?: Array<{
      id?: string;
      activity?: 'speaking' | 'inactive' | 'non-speech' | string;
      level?: number;
      appId?: { sourceJid?: string; sourceParticipantId?: string; sourceUserId?: string };
    }>;
    incomingStreams?: Array<{
      sinkPinId?: string; sinkTrackId?: string; sourceId?: string; sourcePinId?: string; sourceTrackId?: string;
      appId?: { sourceJid?: string; sourceParticipantId?: string; sourceUserId?: string };
      contentType?: 'camera' | 'screenshare' | 'playback' | string;
    }>;
  };
}

/** Contract 2: what one remote participant sends this client, by track. */
export interface IParticipantMedia {
  participantId: string;
  userId?: string;
  name?: string;
  audioTrack?: MediaStreamTrack;
  videoTrack?: MediaStreamTrack;
  contentType: 'camera' | 'screenshare';
  /** The participant in the primary video slot (pinned, else the active speaker). */
  primary: boolean;
}

/** `participantMediaUpdate` (contract 2). */
export interface IParticipantMediaUpdate {
  conversationId: string;
  participants: IParticipantMedia[];
}

/** `pinnedParticipant`. */
export interface IPinnedParticipant {
  participantId: string | null;
}

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
  pinParticipantVideo?: (participantId?: string) => Promise<void>;
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
