import { createContext } from '@lit/context';
import type { GenesysCloudWebrtcSdk } from '../../src/client';
import type { SdkMedia } from '../../src/media/sdk-media';
import type {
  IAcceptSessionRequest, IConversationHeldRequest, IEndSessionRequest, IExtendedMediaSession,
  IPendingSessionActionParams, ISessionMuteRequest, IStartSoftphoneSessionParams,
} from '../../src/types/sessions';
import type { IMediaDeviceIds } from '../../src/types/media';
import type { SdkVideoApi } from './media-api';

/**
 * The parts of the documented SDK API that land in the engine while the elements are
 * written (softphone methods, `sdk.media`, `updateDefaultDevices`). They are optional here
 * so the elements feature-detect them instead of assuming them; once the engine has them,
 * the intersection below is just the engine's own type.
 */
export interface SdkSoftphoneApi {
  startSoftphoneSession(params: IStartSoftphoneSessionParams): Promise<{ id: string; selfUri: string }>;
  acceptPendingSession(params: IPendingSessionActionParams): Promise<void>;
  rejectPendingSession(params: IPendingSessionActionParams): Promise<void>;
  acceptSession(params: IAcceptSessionRequest): Promise<void>;
  endSession(params: IEndSessionRequest): Promise<void>;
  setAudioMute(params: ISessionMuteRequest): Promise<void>;
  setConversationHeld(params: IConversationHeldRequest): Promise<void>;
  updateDefaultDevices(options?: IMediaDeviceIds & { updateActiveSessions?: boolean }): Promise<unknown>;
  updateOutputDevice(deviceId: string | true | null): Promise<void>;
}

/** The engine as the elements see it: the public `GenesysCloudWebrtcSdk` API. */
export type GcSdk = GenesysCloudWebrtcSdk & Partial<SdkSoftphoneApi> & Partial<SdkVideoApi> & { media?: SdkMedia };

export type { IExtendedMediaSession };

/** Context key through which `<gc-webrtc-sdk>` provides its engine to descendants. */
export const sdkContext = createContext<GcSdk | undefined>(Symbol.for('gc-webrtc-sdk/engine'));
