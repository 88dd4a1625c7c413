import type { IVideoResolution } from './media';
import type { IParticipantMedia, VideoSessionEvents } from './video';

/**
 * Session-related public types. Sessions arrive with the softphone/video steps; the
 * shapes are declared now so the event map and apps can compile against them.
 */

/** The kinds of WebRTC session the SDK handles. `acdScreenShare` is `'screenShare'` on the wire. */
export enum SessionTypes {
  softphone = 'softphone',
  collaborateVideo = 'collaborateVideo',
  acdScreenShare = 'screenShare',
  screenRecording = 'screenRecording',
  liveScreenMonitoring = 'liveScreenMonitoring',
  unknown = 'unknown',
}

export type SessionTypesAsStrings = `${SessionTypes}`;

export type JingleReasonCondition =
  | 'alternative-session' | 'busy' | 'cancel' | 'connectivity-error' | 'decline' | 'expired'
  | 'failed-application' | 'failed-transport' | 'general-error' | 'gone' | 'incompatible-parameters'
  | 'media-error' | 'security-error' | 'success' | 'timeout' | 'unsupported-applications' | 'unsupported-transports';

export interface JingleReason {
  condition: JingleReasonCondition;
  alternativeSessionID?: string;
  text?: string;
}

export type JingleSessionRole = 'initiator' | 'responder';

export interface JingleInfo {
  infoType: string;
  creator?: JingleSessionRole;
  name?: string;
}

/** Payload of `pendingSession`. */
export interface IPendingSession {
  sessionId: string;
  id: string;
  autoAnswer: boolean;
  toJid: string;
  fromJid: string;
  conversationId: string;
  originalRoomJid?: string;
  fromUserId?: string;
  roomJid?: string;
  accepted?: boolean;
  sessionType: SessionTypes | SessionTypesAsStrings;
  privAnswerMode?: 'Auto';
  /** video meetings: the meeting the proposal is for (`inin-meeting-id`) */
  meetingId?: string;
}

/** Payload of `cancelPendingSession` and `handledPendingSession`. `conversationId` is not guaranteed. */
export interface ISessionIdAndConversationId {
  sessionId?: string;
  conversationId?: string;
}

export type SessionState = 'starting' | 'pending' | 'active' | 'ended';
export type SessionConnectionState = 'starting' | 'connecting' | 'connected' | 'interrupted' | 'disconnected' | 'failed';

export interface IIceConnectionType {
  localCandidateType: string;
  relayed: boolean;
  remoteCandidateType: string;
}

/** Events emitted by a session object (`session.on(...)`); video sessions add `VideoSessionEvents`. */
export interface SessionEvents extends VideoSessionEvents {
  sessionState: (state: SessionState) => void;
  connectionState: (state: SessionConnectionState) => void;
  iceConnectionType: (info: IIceConnectionType) => void;
  peerTrackAdded: (track: MediaStreamTrack, stream?: MediaStream) => void;
  peerTrackRemoved: (track: MediaStreamTrack, stream?: MediaStream) => void;
  stats: (stats: unknown) => void;
  endOfCandidates: () => void;
  terminated: (reason: JingleReason) => void;
  mute: (info: JingleInfo) => void;
  unmute: (info: JingleInfo) => void;
  resolutionUpdated: (requested: IVideoResolution, actual: IVideoResolution, videoTrack: MediaStreamTrack, sessionId: string, conversationId: string) => void;
}

/** The documented surface of a media session (`sessionStarted` payload). */
export interface IExtendedMediaSession {
  id: string;
  /** same as `id` */
  sid: string;
  peerID: string;
  conversationId: string;
  active: boolean;
  sessionType: SessionTypes;
  pc: RTCPeerConnection;
  originalRoomJid: string;
  readonly state: string;
  readonly connectionState: string;
  videoMuted?: boolean;
  audioMuted?: boolean;
  fromUserId?: string;
  on<K extends keyof SessionEvents>(event: K, listener: SessionEvents[K]): this;
  once<K extends keyof SessionEvents>(event: K, listener: SessionEvents[K]): this;
  off<K extends keyof SessionEvents>(event: K, listener: SessionEvents[K]): unknown;
  removeListener<K extends keyof SessionEvents>(event: K, listener: SessionEvents[K]): this;
}

/** A `collaborateVideo` session (docs/video.md). */
export interface VideoMediaSession extends IExtendedMediaSession {
  /** shares a screen in place of the camera (the picker cancelled resolves without sharing) */
  startScreenShare: () => Promise<void>;
  stopScreenShare: () => Promise<void>;
  /** pins a participant's video into the primary slot; no id unpins */
  pinParticipantVideo: (participantId?: string | null) => Promise<void>;
  /** engine addition: the remote media per participant (see `participantMediaUpdate`) */
  readonly participantMedia: IParticipantMedia[];
}

/** Conversation notification payload pieces (`v2.users.{id}.conversations`). */
export interface ICallStateFromParticipant {
  id: string;
  state: string;
  muted: boolean;
  confined: boolean;
  held: boolean;
  direction: 'inbound' | 'outbound';
  provider: string;
  errorInfo?: unknown;
  disconnectReasons?: unknown[];
}

export interface IConversationParticipantFromEvent {
  id: string;
  purpose: string;
  userId?: string;
  address?: string;
  state?: string;
  direction?: string;
  muted?: boolean;
  confined?: boolean;
  calls: ICallStateFromParticipant[];
  videos?: unknown[];
}

export interface ConversationUpdate {
  id: string;
  participants: IConversationParticipantFromEvent[];
}

export interface IStoredConversationState {
  conversationUpdate: ConversationUpdate;
  conversationId: string;
  session?: IExtendedMediaSession;
  mostRecentUserParticipant?: IConversationParticipantFromEvent;
  mostRecentCallState?: ICallStateFromParticipant;
}

/** Payload of `conversationUpdate`. */
export interface ISdkConversationUpdateEvent {
  activeConversationId: string;
  current: IStoredConversationState[];
  added: IStoredConversationState[];
  removed: IStoredConversationState[];
}

export interface IStartSoftphoneSessionParams {
  phoneNumber?: string;
  callerId?: string;
  callerIdName?: string;
  callFromQueueId?: string;
  callQueueId?: string;
  callUserId?: string;
  priority?: number;
  languageId?: string;
  routingSkillsIds?: string[];
  conversationIds?: string[];
  participants?: Array<{ address: string; name?: string; userId?: string; queueId?: string }>;
  uuiData?: string;
}

export interface ScreenRecordingMetadata {
  trackId: string;
  screenId: string;
  originX: number;
  originY: number;
  resolutionX: number;
  resolutionY: number;
  primary: boolean;
}

export interface IAcceptSessionRequest {
  conversationId: string;
  sessionType?: SessionTypes | SessionTypesAsStrings;
  mediaStream?: MediaStream;
  audioElement?: HTMLAudioElement;
  videoElement?: HTMLVideoElement;
  videoDeviceId?: string | boolean | null;
  audioDeviceId?: string | boolean | null;
  /** Required for screen recording sessions: one entry per screen track. */
  screenRecordingMetadatas?: ScreenRecordingMetadata[];
  /** Live screen monitoring target: one entry per screen track (same shape as the recording metadata). */
  liveScreenMonitoringMetadata?: ScreenRecordingMetadata[];
  /** Live screen monitoring: accept as the observer (receives the target's screens, sends none). */
  liveMonitoringObserver?: boolean;
  /** Live screen monitoring observer: one element per target screen, in order. */
  videoElements?: HTMLVideoElement[];
}

export interface IPendingSessionActionParams {
  conversationId: string;
  fromHeadset?: boolean;
  sessionType?: SessionTypes | SessionTypesAsStrings;
}

export interface IEndSessionRequest {
  conversationId: string;
  /** Which session of the conversation (a screen recording shares its call's conversationId); default: the softphone call if there is one. */
  sessionType?: SessionTypes | SessionTypesAsStrings;
  reason?: JingleReasonCondition;
  fromHeadset?: boolean;
}

export interface ISessionMuteRequest {
  conversationId: string;
  mute: boolean;
  fromHeadset?: boolean;
  unmuteDeviceId?: string | boolean | null;
}

export interface IConversationHeldRequest {
  conversationId: string;
  held: boolean;
  fromHeadset?: boolean;
}

/** Payload of `sessionInterrupted`. */
export interface ISessionInterruptedEvent {
  sessionId: string;
  sessionType: SessionTypes | SessionTypesAsStrings;
  conversationId: string;
}
