import type { SdkError } from '../../src/errors';
import type { SdkEvents, ISdkConnectedEvent, ISdkConnectionStateEvent, ISdkDisconnectedInfo } from '../../src/types/events';
import type { ISdkStationEvent } from '../../src/types/station';
import type {
  IExtendedMediaSession, IPendingSession, ISdkConversationUpdateEvent, ISessionIdAndConversationId,
  ISessionInterruptedEvent, JingleReason,
} from '../../src/types/sessions';
import type { IAudioTrackVolumeEvent, ISdkGumRequest, IVideoResolution, SdkMediaStateWithType } from '../../src/types/media';
import type { IMemberStatusMessage, IParticipantMediaUpdate, IParticipantsUpdate, IPinnedParticipant, ISpeakersUpdate } from './media-api';

/** `detail` of each re-dispatched SDK event; multi-argument events get an object with named fields. */
export interface GcSdkEventDetails {
  sdkError: SdkError;
  trace: { level: string; message: string; details?: unknown };
  ready: null;
  connected: ISdkConnectedEvent;
  disconnected: { info?: unknown; details?: ISdkDisconnectedInfo };
  connectionState: ISdkConnectionStateEvent;
  station: ISdkStationEvent;
  concurrentSoftphoneSessionsEnabled: boolean;
  pendingSession: IPendingSession;
  cancelPendingSession: ISessionIdAndConversationId;
  handledPendingSession: ISessionIdAndConversationId;
  sessionStarted: IExtendedMediaSession;
  sessionEnded: { session: IExtendedMediaSession; reason: JingleReason };
  sessionInterrupted: ISessionInterruptedEvent;
  conversationUpdate: ISdkConversationUpdateEvent;
  resolutionUpdated: { requested: IVideoResolution; actual: IVideoResolution; videoTrack: MediaStreamTrack; sessionId: string; conversationId: string };
}

/**
 * How the arguments of each SDK event become `detail`: `null` (no argument), `0` (the first
 * argument itself) or the field names for a multi-argument event. Typed as a record over
 * `SdkEvents`, so an engine event without an entry here fails the typecheck.
 */
export const SDK_EVENT_ARGS: { readonly [K in keyof SdkEvents]: null | 0 | readonly string[] } = {
  sdkError: 0,
  trace: ['level', 'message', 'details'],
  ready: null,
  connected: 0,
  disconnected: ['info', 'details'],
  connectionState: 0,
  station: 0,
  concurrentSoftphoneSessionsEnabled: 0,
  pendingSession: 0,
  cancelPendingSession: 0,
  handledPendingSession: 0,
  sessionStarted: 0,
  sessionEnded: ['session', 'reason'],
  sessionInterrupted: 0,
  conversationUpdate: 0,
  resolutionUpdated: ['requested', 'actual', 'videoTrack', 'sessionId', 'conversationId'],
};

/** `sdk.media` events, re-dispatched as `gc-media-<kebab>`. */
export interface GcMediaEventDetails {
  state: SdkMediaStateWithType;
  devices: SdkMediaStateWithType;
  permissions: SdkMediaStateWithType;
  audioTrackVolume: IAudioTrackVolumeEvent;
  gumRequest: ISdkGumRequest;
}
export const MEDIA_EVENTS: ReadonlyArray<keyof GcMediaEventDetails> = ['state', 'devices', 'permissions', 'audioTrackVolume', 'gumRequest'];

type Kebab<S extends string> = S extends `${infer H}${infer T}`
  ? `${H extends Lowercase<H> ? H : `-${Lowercase<H>}`}${Kebab<T>}`
  : S;

/** `pendingSession` → `gc-pending-session`. */
export function domEventName(sdkEvent: string, prefix = 'gc-'): string {
  return prefix + sdkEvent.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** Connection states reflected by `<gc-webrtc-sdk connection-state>`. */
export type GcConnectionState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'disconnected' | 'failed';

export type GcSdkEventMap =
  { [K in keyof GcSdkEventDetails as `gc-${Kebab<K & string>}`]: CustomEvent<GcSdkEventDetails[K]> }
  & { [K in keyof GcMediaEventDetails as `gc-media-${Kebab<K & string>}`]: CustomEvent<GcMediaEventDetails[K]> }
  & {
    'gc-connection-state-change': CustomEvent<{ state: GcConnectionState }>;
    'gc-engine-change': CustomEvent<{ sdk: unknown }>;
    'gc-call-error': CustomEvent<{ action: string; conversationId?: string; error: unknown }>;
    'gc-device-change': CustomEvent<{ kind: MediaDeviceKind; deviceId: string | null; appliedToSessions: boolean }>;
    // <gc-video-conference>: its own state, and its session's events re-dispatched
    'gc-video-state-change': CustomEvent<{ state: 'idle' | 'joining' | 'joined' | 'reconnecting' | 'left' | 'ended' | 'error'; conversationId?: string }>;
    'gc-video-error': CustomEvent<{ action: string; conversationId?: string; error: unknown }>;
    'gc-participants-update': CustomEvent<IParticipantsUpdate>;
    'gc-speakers-update': CustomEvent<ISpeakersUpdate>;
    'gc-member-status-update': CustomEvent<IMemberStatusMessage>;
    'gc-pinned-participant': CustomEvent<IPinnedParticipant>;
    'gc-participant-media-update': CustomEvent<IParticipantMediaUpdate>;
    // <gc-screen-share>
    'gc-screen-share-state-change': CustomEvent<{ state: 'idle' | 'pending' | 'starting' | 'sharing' | 'watching' | 'error'; mode: 'guest' | 'agent' | 'observer'; conversationId?: string }>;
    'gc-screen-share-error': CustomEvent<{ action: string; conversationId?: string; error: unknown }>;
  };

declare global {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging: makes addEventListener('gc-…') typed
  interface HTMLElementEventMap extends GcSdkEventMap {}
}
