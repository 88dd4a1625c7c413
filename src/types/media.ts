/**
 * Public types of `sdk.media` (SdkMedia). Names and shapes follow the documented
 * media API (upstream `doc/media.md`); additions are marked "extension".
 */

/** A value the SDK understands when requesting one media type:
 * `string` a deviceId, `true` the SDK default device, `null` the system default,
 * `false | undefined` do not request this type. */
export type SdkMediaRequestDeviceId = string | boolean | null;

/** Width/height constraint as accepted by `getUserMedia`. */
export interface IVideoResolution {
  width: ConstrainULong;
  height: ConstrainULong;
}

/**
 * The minimal view of a session the media layer needs (logging and tying
 * `audioTrackVolume` events to a session). The engine's full session type is
 * structurally assignable to it.
 */
export interface IMediaSessionLike {
  id: string;
  conversationId?: string;
  sessionType?: string;
}

/** The SDK's contract for requesting media (documented `IMediaRequestOptions`). */
export interface IMediaRequestOptions {
  audio?: SdkMediaRequestDeviceId;
  video?: SdkMediaRequestDeviceId;
  /** `false` explicitly requests no resolution (not even the SDK default). */
  videoResolution?: IVideoResolution | false;
  /** Default `{ ideal: 30 }`; `false` explicitly requests no frame rate. */
  videoFrameRate?: ConstrainDouble | false;
  /** Overrides the SDK default `monitorMicVolume` when a boolean. */
  monitorMicVolume?: boolean;
  /** Session to tie logs and `audioTrackVolume` events to. */
  session?: IMediaSessionLike;
  /** Extension: a sessionId to tie `audioTrackVolume` events to when no session object is at hand. */
  sessionId?: string;
  /** Default `true`. */
  retryOnFailure?: boolean;
  /** Default `false`. */
  preserveMediaIfOneTypeFails?: boolean;
  /** Ties this request to its `gumRequest` events; generated when absent. */
  uuid?: string | number;
}

/** Documented `ISdkMediaDeviceIds`. */
export interface ISdkMediaDeviceIds {
  videoDeviceId?: SdkMediaRequestDeviceId;
  audioDeviceId?: SdkMediaRequestDeviceId;
}

/** Documented `IMediaDeviceIds` (used by `sdk.updateDefaultDevices`). */
export interface IMediaDeviceIds {
  videoDeviceId?: string | null;
  audioDeviceId?: string | null;
  outputDeviceId?: string | null;
}

/**
 * The media-related part of the SDK's `defaults` config, read through
 * `ISdkMediaDeps.getDefaults()` on every request so updates take effect at once.
 */
export interface ISdkMediaDefaults {
  audioDeviceId?: string | null;
  videoDeviceId?: string | null;
  outputDeviceId?: string | null;
  videoResolution?: IVideoResolution;
  /** Default `true`. */
  micAutoGainControl?: ConstrainBoolean;
  /** Default `true`. */
  micEchoCancellation?: ConstrainBoolean;
  /** Default `true`. */
  micNoiseSuppression?: ConstrainBoolean;
  /** Default `false`. */
  monitorMicVolume?: boolean;
}

/** Documented `ISdkMediaState`. */
export interface ISdkMediaState {
  devices: MediaDeviceInfo[];
  oldDevices: MediaDeviceInfo[];
  audioDevices: MediaDeviceInfo[];
  videoDevices: MediaDeviceInfo[];
  outputDevices: MediaDeviceInfo[];
  hasMic: boolean;
  hasCamera: boolean;
  hasMicPermissions: boolean;
  hasCameraPermissions: boolean;
  hasOutputDeviceSupport: boolean;
  micPermissionsRequested: boolean;
  cameraPermissionsRequested: boolean;
}

/** Which change caused a `state` event. */
export type SdkMediaEventTypes = 'state' | 'devices' | 'permissions';

export type SdkMediaStateWithType = ISdkMediaState & { eventType: SdkMediaEventTypes };

/** Documented `audioTrackVolume` payload. */
export interface IAudioTrackVolumeEvent {
  track: MediaStreamTrack;
  /** Average of the analyser's byte frequency bins over the last 100 ms (0–255). */
  volume: number;
  /** `!track.enabled || track.muted`; volume is 0 when true. */
  muted: boolean;
  sessionId?: string;
}

/** Documented `gumRequest` payload (`ISdkGumRequest`). */
export interface ISdkGumRequest {
  gumPromise: Promise<MediaStream>;
  mediaRequestOptions: IMediaRequestOptions;
  constraints: MediaStreamConstraints;
}

/** The events `sdk.media` emits. */
export interface SdkMediaEvents {
  audioTrackVolume: IAudioTrackVolumeEvent;
  state: SdkMediaStateWithType;
  devices: SdkMediaStateWithType;
  permissions: SdkMediaStateWithType;
  gumRequest: ISdkGumRequest;
}

/** `requestMediaPermissions` media types. */
export type SdkMediaType = 'audio' | 'video' | 'both';

/** Options of `startDisplayMedia` (used for logging only). */
export interface IStartDisplayMediaOptions {
  conversationId?: string;
  sessionId?: string;
}

/** Which SDK default a device belonged to. */
export type SdkMediaDefaultKey = 'audioDeviceId' | 'videoDeviceId' | 'outputDeviceId';

/**
 * Extension: what changed between two device enumerations, handed to
 * `sdk.media.onDevicesChanged(handler)` (the session layer's hook for
 * "a session's device disappeared → fall back to the system/SDK default").
 */
export interface ISdkMediaDeviceChange {
  /** Devices present now that were not before (by `deviceId` + `kind`). */
  added: MediaDeviceInfo[];
  /** Devices that were present and are gone (only devices with a real, non-empty `deviceId`). */
  removed: MediaDeviceInfo[];
  /** Same `deviceId` + `kind` but a different `label` or `groupId` (e.g. the OS `default` entry moved). */
  changed: MediaDeviceInfo[];
  /** The full device list after the change. */
  devices: MediaDeviceInfo[];
  /** SDK defaults (from `getDefaults()`) whose device is among `removed`. */
  removedDefaults: SdkMediaDefaultKey[];
  /** Live tracks created by the SDK whose source device is no longer enumerated. */
  orphanedTracks: MediaStreamTrack[];
}

export type SdkMediaDeviceChangeHandler = (change: ISdkMediaDeviceChange) => void;
