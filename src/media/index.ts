export { SdkMedia } from './sdk-media';
export type { ISdkMediaDeps, ISdkMediaErrorDetails, MediaDevicesLike, SdkMediaEmitter } from './sdk-media';
export { isPermissionsError } from './permissions';
export type * from '../types/media';
