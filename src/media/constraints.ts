/**
 * Building `getUserMedia` constraints from request options + SDK defaults, and the
 * documented retry plan (`startMedia` with `retryOnFailure`):
 *   1. the request as asked;
 *   2. video only: the same without a resolution (some cameras reject resolutions);
 *   3. a specific deviceId failed: the SDK default device;
 *   4. the system default with no other options;
 *   5. give up (the caller throws the last error).
 * Identical constraint sets are tried once.
 */
import type { IMediaRequestOptions, ISdkMediaDefaults, IVideoResolution, SdkMediaRequestDeviceId } from '../types/media';

export type SingleMediaType = 'audio' | 'video';

export type GumAttemptReason = 'requested' | 'without-resolution' | 'sdk-default-device' | 'system-default-device';

export interface IGumAttempt {
  reason: GumAttemptReason;
  constraints: MediaStreamConstraints;
}

export const DEFAULT_VIDEO_FRAME_RATE: ConstrainDouble = { ideal: 30 };

/** Is this media type requested at all? (`false | undefined` means no.) */
export function isRequested(value: SdkMediaRequestDeviceId | undefined): boolean {
  return value !== false && value !== undefined;
}

/**
 * Maps a request value to a concrete deviceId: a string is that device, `true` the
 * SDK default when it is a string, `null` (or a `true` without SDK default) the system
 * default, returned as `undefined` (no deviceId constraint).
 */
export function resolveRequestedDeviceId(value: SdkMediaRequestDeviceId | undefined, sdkDefault: string | null | undefined): string | undefined {
  if (typeof value === 'string') return value;
  if (value === true && typeof sdkDefault === 'string' && sdkDefault) return sdkDefault;
  return undefined;
}

export function sdkDefaultDeviceId(type: SingleMediaType, defaults: ISdkMediaDefaults): string | null | undefined {
  return type === 'audio' ? defaults.audioDeviceId : defaults.videoDeviceId;
}

export function buildAudioConstraints(deviceId: string | undefined, defaults: ISdkMediaDefaults): MediaTrackConstraints {
  const constraints: MediaTrackConstraints = {
    autoGainControl: defaults.micAutoGainControl ?? true,
    echoCancellation: defaults.micEchoCancellation ?? true,
    noiseSuppression: defaults.micNoiseSuppression ?? true,
  };
  if (deviceId) constraints.deviceId = { exact: deviceId };
  return constraints;
}

export function buildVideoConstraints(
  deviceId: string | undefined,
  resolution: IVideoResolution | undefined,
  frameRate: ConstrainDouble | undefined,
): MediaTrackConstraints {
  const constraints: MediaTrackConstraints = {};
  if (deviceId) constraints.deviceId = { exact: deviceId };
  if (frameRate !== undefined) constraints.frameRate = frameRate;
  if (resolution) {
    constraints.width = resolution.width;
    constraints.height = resolution.height;
  }
  return constraints;
}

/** The resolution to request: `false` none, `undefined` the SDK default. */
export function requestedResolution(opts: IMediaRequestOptions, defaults: ISdkMediaDefaults): IVideoResolution | undefined {
  if (opts.videoResolution === false) return undefined;
  return opts.videoResolution ?? defaults.videoResolution ?? undefined;
}

export function requestedFrameRate(opts: IMediaRequestOptions): ConstrainDouble | undefined {
  if (opts.videoFrameRate === false) return undefined;
  return opts.videoFrameRate ?? DEFAULT_VIDEO_FRAME_RATE;
}

function single(type: SingleMediaType, track: MediaTrackConstraints): MediaStreamConstraints {
  return type === 'audio' ? { audio: track, video: false } : { audio: false, video: track };
}

function build(type: SingleMediaType, deviceId: string | undefined, resolution: IVideoResolution | undefined, frameRate: ConstrainDouble | undefined, defaults: ISdkMediaDefaults): MediaStreamConstraints {
  return single(type, type === 'audio' ? buildAudioConstraints(deviceId, defaults) : buildVideoConstraints(deviceId, resolution, frameRate));
}

/** The ordered, de-duplicated list of `getUserMedia` attempts for one media type. */
export function planGumAttempts(type: SingleMediaType, opts: IMediaRequestOptions, defaults: ISdkMediaDefaults, retryOnFailure: boolean): IGumAttempt[] {
  const value = opts[type];
  const sdkDefault = sdkDefaultDeviceId(type, defaults);
  const deviceId = resolveRequestedDeviceId(value, sdkDefault);
  const resolution = type === 'video' ? requestedResolution(opts, defaults) : undefined;
  const frameRate = type === 'video' ? requestedFrameRate(opts) : undefined;

  const attempts: IGumAttempt[] = [{ reason: 'requested', constraints: build(type, deviceId, resolution, frameRate, defaults) }];
  if (retryOnFailure) {
    if (type === 'video' && resolution) {
      attempts.push({ reason: 'without-resolution', constraints: build(type, deviceId, undefined, frameRate, defaults) });
    }
    if (typeof value === 'string' && typeof sdkDefault === 'string' && sdkDefault && sdkDefault !== value) {
      attempts.push({ reason: 'sdk-default-device', constraints: build(type, sdkDefault, resolution, frameRate, defaults) });
    }
    attempts.push({ reason: 'system-default-device', constraints: build(type, undefined, undefined, DEFAULT_VIDEO_FRAME_RATE, defaults) });
  }

  const seen = new Set<string>();
  return attempts.filter((attempt) => {
    const key = JSON.stringify(attempt.constraints);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Constraints for `getDisplayMedia` (screen share). */
export function displayMediaConstraints(): DisplayMediaStreamOptions {
  return { audio: false, video: { frameRate: { ideal: 30 }, height: { max: 10000 }, width: { max: 10000 } } };
}
