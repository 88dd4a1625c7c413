/**
 * Media permission classification and the state flags each media type owns.
 */
import type { ISdkMediaState } from '../types/media';
import type { SingleMediaType } from './constraints';

/** DOMException names that mean the user, the browser or the OS refused the media type. */
const PERMISSION_ERROR_NAMES = new Set(['NotAllowedError', 'PermissionDeniedError', 'SecurityError']);

function nameAndMessage(error: unknown): { name: string; message: string } | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { name, message } = error as { name?: unknown; message?: unknown };
  return { name: typeof name === 'string' ? name : '', message: typeof message === 'string' ? message : '' };
}

/**
 * True when `error` (a DOMException, or an SdkError wrapping one) denied media
 * permissions. Firefox reports a denied camera/OS permission as
 * `NotFoundError: The object can not be found here.`, which counts too.
 */
export function isPermissionsError(error: unknown): boolean {
  const info = nameAndMessage(error);
  if (!info) return false;
  if (PERMISSION_ERROR_NAMES.has(info.name)) return true;
  if (info.name === 'NotFoundError' && info.message.includes('The object can not be found here')) return true;
  const cause = (error as { cause?: unknown }).cause;
  return cause !== undefined && cause !== error && isPermissionsError(cause);
}

type PermissionFlags = Pick<ISdkMediaState, 'hasMicPermissions' | 'micPermissionsRequested' | 'hasCameraPermissions' | 'cameraPermissionsRequested'>;

export function requestedFlag(type: SingleMediaType): keyof PermissionFlags {
  return type === 'audio' ? 'micPermissionsRequested' : 'cameraPermissionsRequested';
}

export function grantedFlag(type: SingleMediaType): keyof PermissionFlags {
  return type === 'audio' ? 'hasMicPermissions' : 'hasCameraPermissions';
}
