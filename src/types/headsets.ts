/**
 * Contract between the session layer and the headset adapter (src/headsets/).
 * Owned by the softphone engine; the headset engineer implements `ISdkHeadsetService`
 * and exports `createHeadsetService(deps, useHeadsets)` from `src/headsets/index.ts`.
 * With `useHeadsets: false` the factory returns a no-op stub (same interface), so callers
 * never null-check `sdk.headset`.
 */

/** Call info sent to the device (`setRinging`, `outgoingCall`). */
export interface IHeadsetCallInfo {
  conversationId: string;
  contactName?: string;
}

/** Base of every device event payload. */
export interface IHeadsetEventPayloadBase {
  conversationId: string;
  /** vendor's event name as reported by the device, for logging */
  name?: string;
  code?: string | number;
}

export interface IHeadsetMuteEventPayload extends IHeadsetEventPayloadBase {
  isMuted: boolean;
}

export interface IHeadsetHoldEventPayload extends IHeadsetEventPayloadBase {
  holdRequested: boolean;
  toggle?: boolean;
}

export interface IHeadsetConnectionEventPayload {
  isConnected: boolean;
  isConnecting: boolean;
}

export interface IHeadsetWebHidPayload {
  callback: () => void;
}

/** Events of `sdk.headset` (`sdk.headset.on(name, handler)`). */
export interface SdkHeadsetEvents {
  deviceAnsweredCall: (payload: IHeadsetEventPayloadBase) => void;
  deviceRejectedCall: (payload: IHeadsetEventPayloadBase) => void;
  deviceEndedCall: (payload: IHeadsetEventPayloadBase) => void;
  deviceMuteStatusChanged: (payload: IHeadsetMuteEventPayload) => void;
  deviceHoldStatusChanged: (payload: IHeadsetHoldEventPayload) => void;
  deviceConnectionStatusChanged: (payload: IHeadsetConnectionEventPayload) => void;
  webHidPermissionRequested: (payload: IHeadsetWebHidPayload) => void;
}

/** What the SDK (sessions layer, media) calls on the headset adapter. All methods are safe no-ops when no device is active. */
export interface ISdkHeadsetService {
  /** flash the answer button for an incoming call */
  setRinging(callInfo: IHeadsetCallInfo, hasOtherActiveCalls: boolean): Promise<void>;
  /** light the call button for an outgoing call */
  outgoingCall(callInfo: IHeadsetCallInfo): Promise<void>;
  /** the app (or auto answer) answered `conversationId` */
  answerIncomingCall(conversationId: string, autoAnswer: boolean): Promise<void>;
  /** the app rejected `conversationId` (or it was cancelled / handled elsewhere) */
  rejectIncomingCall(conversationId: string, expectExistingConversation?: boolean): Promise<void>;
  setMute(isMuted: boolean): Promise<void>;
  setHold(conversationId: string, isHeld: boolean): Promise<void>;
  endCurrentCall(conversationId: string): Promise<void>;
  endAllCalls(): Promise<void>;
  /** forget any device state kept for `conversationId` (session ended without a device action) */
  resetHeadsetStateForCall(conversationId: string): Promise<void>;
  /** the selected microphone changed (`sdk.media`/`updateDefaultDevices`) */
  updateAudioInputDevice?(deviceId: string): void;
  showRetry?(): boolean;
  retryConnection?(micLabel: string): void;
  on<K extends keyof SdkHeadsetEvents>(event: K, handler: SdkHeadsetEvents[K]): this;
  off<K extends keyof SdkHeadsetEvents>(event: K, handler: SdkHeadsetEvents[K]): this;
  /** release device connections and listeners */
  destroy?(): void;
}
