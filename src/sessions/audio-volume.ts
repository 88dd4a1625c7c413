/**
 * `updateAudioVolume(0..100)`: the default and every live session's audio element. Its own module:
 * it is synchronous, so the SDK calls it without loading the rest of media-updates.ts (a lazy chunk).
 */
import { SdkError, SdkErrorTypes } from '../errors';
import type { ILogger } from '../types/logger';
import type { IMediaUpdatableSession, IMutableMediaDefaults } from './media-updates';

export function applyAudioVolume(deps: { defaults: () => IMutableMediaDefaults; getSessions: () => IMediaUpdatableSession[]; logger: ILogger }, volume: number): void {
  if (typeof volume !== 'number' || !Number.isFinite(volume) || volume < 0 || volume > 100) {
    throw new SdkError(SdkErrorTypes.invalid_options, 'Invalid volume level. Must be between 0 and 100 inclusive.', { provided: volume });
  }
  deps.defaults().audioVolume = volume;
  for (const session of deps.getSessions().filter((s) => !s.ended)) {
    for (const el of [session._outputAudioElement, ...(session._extraAudioElements ?? [])]) if (el) el.volume = volume / 100;
  }
  deps.logger.info('audio volume updated', { volume });
}
