/**
 * Public types of video conference (`collaborateVideo`) sessions: the documented session events
 * and the engine addition `participantMedia` (docs/video.md).
 */

/** One participant of a video conversation (documented `IParticipantUpdate`, plus `name`). */
export interface IParticipantUpdate {
  /** the participant id on the conversation (what `pinParticipantVideo` takes) */
  participantId: string;
  userId: string;
  /** display name from the conversation event, when the cloud sends one (addition) */
  name?: string;
  sharingScreen: boolean;
  videoMuted: boolean;
  audioMuted: boolean;
}

/** Payload of `participantsUpdate`. */
export interface IParticipantsUpdate {
  conversationId: string;
  addedParticipants: IParticipantUpdate[];
  removedParticipants: IParticipantUpdate[];
  activeParticipants: IParticipantUpdate[];
}

/** A participant named by user (and participant) id. */
export interface IParticipantRef {
  userId: string;
  participantId?: string;
}

/** Payload of `activeVideoParticipantsUpdate`: whose video this client receives now. */
export interface IOnScreenParticipantsUpdate {
  conversationId: string;
  participants: IParticipantRef[];
}

/** Payload of `speakersUpdate`: who is speaking now. */
export interface ISpeakersUpdate {
  conversationId: string;
  speakers: IParticipantRef[];
}

/** Payload of `pinnedParticipant`. */
export interface IPinnedParticipant {
  participantId: string | null;
}

/** Who a data-channel entry is about. */
export interface IMemberAppId {
  sourceJid?: string;
  sourceParticipantId?: string;
  sourceUserId?: string;
}

/** `incomingStreams[]` of `member.notify.status`: which source fills which receive slot. */
export interface IIncomingStreamStatus {
  sinkPinId: string;
  sinkTrackId?: string;
  sourcePinId?: string;
  sourceTrackId?: string;
  sourceId?: string;
  appId?: IMemberAppId;
  /** some servers spell it this way */
  appid?: IMemberAppId;
  contentType?: 'camera' | 'screenshare' | 'playback';
}

/** `speakers[]` of `member.notify.status`. */
export interface ISpeakerStatus {
  id?: string;
  activity?: 'speaking' | 'inactive' | 'non-speech';
  /** dB, -127..0 */
  level?: number;
  noisy?: boolean;
  included?: boolean;
  appId?: IMemberAppId;
  bandwidthAndRates?: unknown;
}

/** Params of the `member.notify.status` JSON-RPC notification. */
export interface INotifyStatusParams {
  speakers?: ISpeakerStatus[];
  outgoingStreams?: Array<{ outgoingStreamId?: string; viewers?: Array<{ id?: string; appId?: IMemberAppId }> }>;
  incomingStreams?: IIncomingStreamStatus[];
  bandwidthAndRates?: { bwToClient?: number; rateToClient?: number; bwFromClient?: number; rateFromClient?: number };
}

/** Payload of `memberStatusUpdate`: the data channel's JSON-RPC message, unchanged. */
export interface IMemberStatusMessage {
  jsonrpc: string;
  method: string;
  params: INotifyStatusParams;
  id?: string | number;
}

/**
 * Engine addition (docs/video.md): the remote media of one participant as this client receives
 * it, from the data channel's slot mapping. `primary`: its video is in the primary slot (the
 * one the documented `videoElement` shows: the pinned participant, else the active speaker).
 */
export interface IParticipantMedia {
  participantId: string;
  userId?: string;
  name?: string;
  audioTrack?: MediaStreamTrack;
  videoTrack?: MediaStreamTrack;
  contentType: 'camera' | 'screenshare';
  primary: boolean;
}

/** Payload of `participantMediaUpdate` (engine addition). */
export interface IParticipantMediaUpdate {
  conversationId: string;
  participants: IParticipantMedia[];
}

/** Events only video sessions emit (on top of the generic session events). */
export interface VideoSessionEvents {
  participantsUpdate: (update: IParticipantsUpdate) => void;
  activeVideoParticipantsUpdate: (update: IOnScreenParticipantsUpdate) => void;
  speakersUpdate: (update: ISpeakersUpdate) => void;
  memberStatusUpdate: (message: IMemberStatusMessage) => void;
  pinnedParticipant: (pinned: IPinnedParticipant) => void;
  incomingMedia: () => void;
  participantMediaUpdate: (update: IParticipantMediaUpdate) => void;
  /** every message received on the `videoConferenceControl` data channel, parsed */
  dataChannelMessage: (message: unknown) => void;
}
