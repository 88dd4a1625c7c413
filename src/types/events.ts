import type { SdkError } from '../errors';
import type {
  IExtendedMediaSession, IPendingSession, ISdkConversationUpdateEvent, ISessionIdAndConversationId,
  ISessionInterruptedEvent, JingleReason,
} from './sessions';
import type { IVideoResolution } from './media';
import type { ISdkStationEvent } from './station';

/** Payload of `connected`. */
export interface ISdkConnectedEvent {
  /** true when the socket had been connected before (a reconnect) */
  reconnect: boolean;
}

/** Second argument of `disconnected`. */
export interface ISdkDisconnectedInfo {
  /** always false: `disconnected` fires only when no automatic reconnect follows */
  reconnecting: boolean;
  /** the error that ended the connection, if any */
  error?: SdkError;
}

/**
 * State of the streaming connection as reported by `connectionState` and `sdk.connectionState`
 * (an addition beyond the documented upstream API). `reconnecting`: the socket dropped and the SDK
 * is reconnecting on its own; `disconnected`: not connected and no automatic reconnect follows
 * (also before `initialize()`).
 */
export type SdkConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'disconnected';

/** Payload of `connectionState`. */
export interface ISdkConnectionStateEvent {
  state: SdkConnectionState;
  previous: SdkConnectionState;
}

/** Every event of `GenesysCloudWebrtcSdk` (`sdk.on(name, listener)`). */
export interface SdkEvents {
  sdkError: (error: SdkError) => void;
  trace: (level: string, message: string, details?: unknown) => void;
  ready: () => void;
  connected: (info: ISdkConnectedEvent) => void;
  disconnected: (info?: unknown, details?: ISdkDisconnectedInfo) => void;
  /** every change of `sdk.connectionState` (addition: lets an app show "reconnecting") */
  connectionState: (event: ISdkConnectionStateEvent) => void;
  station: (event: ISdkStationEvent) => void;
  concurrentSoftphoneSessionsEnabled: (isEnabled: boolean) => void;
  pendingSession: (pendingSession: IPendingSession) => void;
  cancelPendingSession: (event: ISessionIdAndConversationId) => void;
  handledPendingSession: (event: ISessionIdAndConversationId) => void;
  sessionStarted: (session: IExtendedMediaSession) => void;
  sessionEnded: (session: IExtendedMediaSession, reason: JingleReason) => void;
  sessionInterrupted: (event: ISessionInterruptedEvent) => void;
  conversationUpdate: (event: ISdkConversationUpdateEvent) => void;
  resolutionUpdated: (requested: IVideoResolution, actual: IVideoResolution, videoTrack: MediaStreamTrack, sessionId: string, conversationId: string) => void;
}
