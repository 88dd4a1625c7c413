import type {
  IHeadsetConnectionEventPayload, IHeadsetEventPayloadBase, IHeadsetHoldEventPayload, IHeadsetMuteEventPayload,
  IHeadsetWebHidPayload, ISdkHeadsetService, SdkHeadsetEvents,
} from '../types/headsets';

/** Status reported by the headset library for the selected vendor implementation. */
export type HeadsetConnectionStatus = 'checking' | 'running' | 'notRunning' | 'noVendor';

/** The parts of a vendor implementation (Plantronics, Jabra, EPOS, …) the SDK exposes. */
export interface IHeadsetImplementation {
  vendorName: string;
  isConnected: boolean;
  isConnecting: boolean;
  /** the vendor cannot be retried (then `showRetry()` is false) */
  disableRetry?: boolean;
  errorCode?: string;
}

/** Device call event: the base payload plus the vendor's raw event, for logging only. */
export interface IHeadsetCallEventPayload extends IHeadsetEventPayloadBase {
  event?: unknown;
}
export interface IHeadsetMuteStatusPayload extends IHeadsetMuteEventPayload {
  event?: unknown;
}
export interface IHeadsetHoldStatusPayload extends IHeadsetHoldEventPayload {
  event?: unknown;
}
/** `{isConnected, isConnecting}` as documented, plus the library's own status word. */
export interface IHeadsetConnectionStatusPayload extends IHeadsetConnectionEventPayload {
  status: HeadsetConnectionStatus;
}

/** Payload of each event of `sdk.headset` (`headsetEvents$` and `on()`). */
export interface HeadsetEventPayloads {
  deviceAnsweredCall: IHeadsetCallEventPayload;
  deviceRejectedCall: IHeadsetCallEventPayload;
  deviceEndedCall: IHeadsetCallEventPayload;
  deviceMuteStatusChanged: IHeadsetMuteStatusPayload;
  deviceHoldStatusChanged: IHeadsetHoldStatusPayload;
  deviceConnectionStatusChanged: IHeadsetConnectionStatusPayload;
  webHidPermissionRequested: IHeadsetWebHidPayload;
  /** the library selected another vendor (or none: `null`) after a microphone change */
  implementationChanged: IHeadsetImplementation | null;
  /** vendor diagnostics (Plantronics call events), for logging only */
  loggableEvent: Record<string, unknown>;
}

export type HeadsetEventName = keyof HeadsetEventPayloads;

/** One value of `sdk.headset.headsetEvents$`: `{ event, payload }`, discriminated by `event`. */
export type HeadsetEvent = { [K in HeadsetEventName]: { event: K; payload: HeadsetEventPayloads[K] } }[HeadsetEventName];

/** Listener map of `sdk.headset.on()`: `SdkHeadsetEvents` plus the two informational events. */
export type SdkHeadsetEmitterEvents = SdkHeadsetEvents & {
  implementationChanged: (implementation: IHeadsetImplementation | null) => void;
  loggableEvent: (payload: Record<string, unknown>) => void;
};

export interface HeadsetObserver {
  next?: (value: HeadsetEvent) => void;
  error?: (error: unknown) => void;
  complete?: () => void;
}

export interface HeadsetSubscription {
  readonly closed: boolean;
  unsubscribe(): void;
}

/** A minimal Observable (rxjs-compatible `subscribe`, and `from(sdk.headset.headsetEvents$)` works). */
export interface HeadsetEventObservable {
  subscribe(observer?: ((value: HeadsetEvent) => void) | HeadsetObserver): HeadsetSubscription;
}

/**
 * `sdk.headset`: what the session layer calls (`ISdkHeadsetService`) plus the documented
 * public headset API (docs/headsets.md). The stub and the vendor-backed service both implement it.
 */
export interface ISdkHeadset extends ISdkHeadsetService {
  /** every device event as `{event, payload}` (documented as `headsetEvents$`) */
  readonly headsetEvents$: HeadsetEventObservable;
  /** alias of `headsetEvents$` (the upstream docs' examples use this name) */
  readonly headsetEvents: HeadsetEventObservable;
  /** the vendor implementation chosen for the current microphone, or null */
  readonly currentSelectedImplementation: IHeadsetImplementation | null;
  /** true once the vendor library is loaded and usable (always false for the stub) */
  readonly isActive: boolean;
  /** loads the vendor library now if not yet loaded; true when usable (the stub: false, never loads) */
  load(): Promise<boolean>;
  endCurrentCall(conversationId: string, hasOtherActiveCalls?: boolean): Promise<void>;
  updateAudioInputDevice(deviceId: string, changeReason?: 'alternativeClient'): void;
  deviceIsSupported(params: { micLabel: string }): boolean;
  showRetry(): boolean;
  retryConnection(micLabel: string): Promise<void>;
  getConnectionStatus(): HeadsetConnectionStatus;
  on<K extends keyof SdkHeadsetEmitterEvents>(event: K, handler: SdkHeadsetEmitterEvents[K]): this;
  off<K extends keyof SdkHeadsetEmitterEvents>(event: K, handler: SdkHeadsetEmitterEvents[K]): this;
  once<K extends keyof SdkHeadsetEmitterEvents>(event: K, handler: SdkHeadsetEmitterEvents[K]): this;
  destroy(): void;
}
