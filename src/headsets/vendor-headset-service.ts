import type { ILogger } from '../types/logger';
import type { IHeadsetCallInfo } from '../types/headsets';
import { HeadsetCallTracker } from './call-tracker';
import { HeadsetEmitter, HeadsetEventStream, describeImplementation, toHeadsetEvent } from './events';
import type { VendorHeadsetEvent } from './events';
import type { VendorHeadsetLibrary, VendorHeadsetLoader } from './load-vendor';
import type { HeadsetConnectionStatus, HeadsetEvent, IHeadsetImplementation, ISdkHeadset } from './types';

export interface VendorHeadsetServiceDeps {
  logger: ILogger;
  /** imports the vendor library (default: the lazy `import('softphone-vendor-headsets')`) */
  loader: VendorHeadsetLoader;
  /** `originAppName`, passed to the library for its logs */
  appName?: string;
  /** label of a cached audio input device (`sdk.media.findCachedDeviceByIdAndKind(id, 'audioinput')?.label`) */
  findMicLabel?: (deviceId: string) => string | undefined;
  /** a device operation still pending after this long is logged and skipped (default 5000 ms) */
  operationTimeoutMs?: number;
  /** a library that has not loaded after this long counts as failed (default 30000 ms) */
  loadTimeoutMs?: number;
}

type LoadState = 'idle' | 'loading' | 'loaded' | 'failed' | 'destroyed';

const DEFAULT_OPERATION_TIMEOUT_MS = 5000;
const DEFAULT_LOAD_TIMEOUT_MS = 30000;

/** Resolves or rejects like `promise`, or rejects after `ms`. */
function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(message)), ms); });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * `sdk.headset` with `useHeadsets: true`: forwards to softphone-vendor-headsets' HeadsetService,
 * loaded on first need. Device operations run one at a time in call order through a queue, so
 * calls made before the library has loaded are delivered, in order, once it has. Nothing
 * throws or rejects into the SDK: failures are logged; a failed load leaves a no-op service.
 */
export class VendorHeadsetService extends HeadsetEmitter implements ISdkHeadset {
  readonly headsetEvents$: HeadsetEventStream;
  private readonly tracker = new HeadsetCallTracker();
  private state: LoadState = 'idle';
  private library: VendorHeadsetLibrary | null = null;
  private loading: Promise<VendorHeadsetLibrary | null> | null = null;
  private subscription: { unsubscribe(): void } | null = null;
  private queue: Promise<void> = Promise.resolve();
  private readonly operationTimeoutMs: number;

  constructor(private readonly deps: VendorHeadsetServiceDeps) {
    super(deps.logger);
    this.headsetEvents$ = new HeadsetEventStream(deps.logger);
    this.operationTimeoutMs = deps.operationTimeoutMs ?? DEFAULT_OPERATION_TIMEOUT_MS;
  }

  get headsetEvents(): HeadsetEventStream { return this.headsetEvents$; }

  /** true once the vendor library has loaded (false before, after a failed load, after destroy) */
  get isActive(): boolean { return this.state === 'loaded'; }

  get currentSelectedImplementation(): IHeadsetImplementation | null {
    return this.library ? describeImplementation(this.library.selectedImplementation) : null;
  }

  /**
   * Loads the vendor library if it is not loaded yet (every method does this on first use).
   * Resolves true when the library is usable; never rejects.
   */
  load(): Promise<boolean> {
    return this.ensureLoaded().then((library) => library !== null);
  }

  // ---- called by the SDK (sessions, media) ------------------------------------------------

  setRinging(callInfo: IHeadsetCallInfo, hasOtherActiveCalls: boolean): Promise<void> {
    this.tracker.ringingStarted(callInfo.conversationId);
    return this.enqueue('setRinging', (lib) => lib.incomingCall(callInfo, hasOtherActiveCalls));
  }

  outgoingCall(callInfo: IHeadsetCallInfo): Promise<void> {
    this.tracker.callActive(callInfo.conversationId);
    return this.enqueue('outgoingCall', (lib) => lib.outgoingCall(callInfo));
  }

  answerIncomingCall(conversationId: string, autoAnswer: boolean): Promise<void> {
    this.tracker.callActive(conversationId);
    return this.enqueue('answerIncomingCall', (lib) => lib.answerCall(conversationId, autoAnswer));
  }

  rejectIncomingCall(conversationId: string, expectExistingConversation = true): Promise<void> {
    this.tracker.stopRinging(conversationId);
    return this.enqueue('rejectIncomingCall', (lib) => lib.rejectCall(conversationId, expectExistingConversation));
  }

  setMute(isMuted: boolean): Promise<void> {
    return this.enqueue('setMute', (lib) => lib.setMute(isMuted));
  }

  setHold(conversationId: string, isHeld: boolean): Promise<void> {
    return this.enqueue('setHold', (lib) => lib.setHold(conversationId, isHeld));
  }

  /** Ends `conversationId` on the device; without a conversationId there is nothing to end. */
  endCurrentCall(conversationId: string, hasOtherActiveCalls?: boolean): Promise<void> {
    if (!conversationId) return Promise.resolve();
    this.tracker.callEnded(conversationId);
    return this.enqueue('endCurrentCall', (lib) => lib.endCall(conversationId, hasOtherActiveCalls));
  }

  endAllCalls(): Promise<void> {
    this.tracker.clear();
    return this.enqueue('endAllCalls', (lib) => lib.endAllCalls());
  }

  resetHeadsetStateForCall(conversationId: string): Promise<void> {
    this.tracker.stopRinging(conversationId);
    return this.enqueue('resetHeadsetStateForCall', (lib) => lib.resetHeadsetStateForCall(conversationId));
  }

  /**
   * The selected microphone changed: the library picks the vendor whose label matches (or none).
   * The label is read now, from the media device cache; an unknown id clears the vendor.
   */
  updateAudioInputDevice(deviceId: string, changeReason?: 'alternativeClient'): void {
    let label: string | undefined;
    try {
      label = deviceId ? this.deps.findMicLabel?.(deviceId) : undefined;
    } catch (error) {
      this.logger.warn('headset: could not look the microphone up', { deviceId, error });
    }
    const micLabel = (label ?? '').toLowerCase();
    void this.enqueue('updateAudioInputDevice', (lib) => lib.activeMicChange(micLabel, changeReason));
  }

  // ---- public helpers (docs/headsets.md) ---------------------------------------------------

  deviceIsSupported(params: { micLabel: string }): boolean {
    if (!this.library) {
      void this.ensureLoaded();
      return false;
    }
    try {
      return this.library.deviceIsSupported(params);
    } catch (error) {
      this.logger.warn('headset: deviceIsSupported failed', { error });
      return false;
    }
  }

  showRetry(): boolean {
    const implementation = this.currentSelectedImplementation;
    if (!implementation || implementation.disableRetry) return false;
    return !implementation.isConnected && !implementation.isConnecting;
  }

  retryConnection(micLabel: string): Promise<void> {
    if (!micLabel) return Promise.resolve();
    return this.enqueue('retryConnection', (lib) => lib.retryConnection(micLabel));
  }

  getConnectionStatus(): HeadsetConnectionStatus {
    if (!this.library) return 'noVendor';
    try {
      return this.library.connectionStatus();
    } catch (error) {
      this.logger.warn('headset: connectionStatus failed', { error });
      return 'noVendor';
    }
  }

  /** Stops listening to the library; later calls are no-ops. The library itself is a page singleton and stays. */
  destroy(): void {
    if (this.state === 'destroyed') return;
    this.state = 'destroyed';
    this.unsubscribe();
    this.library = null;
    this.tracker.clear();
    this.headsetEvents$.complete();
    this.removeAllListeners();
  }

  // ---- internals ---------------------------------------------------------------------------

  private ensureLoaded(): Promise<VendorHeadsetLibrary | null> {
    if (this.state === 'destroyed' || this.state === 'failed') return Promise.resolve(null);
    if (!this.loading) {
      this.state = 'loading';
      this.loading = this.loadLibrary();
    }
    return this.loading;
  }

  private async loadLibrary(): Promise<VendorHeadsetLibrary | null> {
    const started = Date.now();
    let library: VendorHeadsetLibrary;
    try {
      const config = { logger: this.deps.logger, ...(this.deps.appName ? { appName: this.deps.appName } : {}) };
      const loadTimeoutMs = this.deps.loadTimeoutMs ?? DEFAULT_LOAD_TIMEOUT_MS;
      library = await withTimeout(Promise.resolve(this.deps.loader(config)), loadTimeoutMs, `not loaded after ${loadTimeoutMs} ms`);
      if (!library || typeof library.headsetEvents$?.subscribe !== 'function') throw new Error('the headset library has no headsetEvents$');
    } catch (error) {
      if (this.state !== 'destroyed') {
        this.state = 'failed';
        this.logger.warn('headset: softphone-vendor-headsets failed to load; headset controls are disabled', { error });
      }
      return null;
    }
    if (this.state === 'destroyed') return null;
    try {
      this.subscription = library.headsetEvents$.subscribe((event) => this.onVendorEvent(event));
    } catch (error) {
      this.state = 'failed';
      this.logger.warn('headset: could not subscribe to the headset library; headset controls are disabled', { error });
      return null;
    }
    this.library = library;
    this.state = 'loaded';
    this.logger.info('headset: softphone-vendor-headsets loaded', { ms: Date.now() - started });
    return library;
  }

  private unsubscribe(): void {
    try { this.subscription?.unsubscribe(); } catch { /* already closed */ }
    this.subscription = null;
  }

  /** Runs `operation` after every earlier one; resolves when it has finished, failed or timed out. */
  private enqueue(name: string, operation: (library: VendorHeadsetLibrary) => unknown): Promise<void> {
    const run = async (): Promise<void> => {
      const library = await this.ensureLoaded();
      if (!library || this.state !== 'loaded') return;
      try {
        await withTimeout(Promise.resolve().then(() => operation(library)), this.operationTimeoutMs,
          `did not settle in ${this.operationTimeoutMs} ms`);
      } catch (error) {
        this.logger.warn(`headset: ${name} failed`, { error });
      }
    };
    const done = this.queue.then(run);
    this.queue = done;
    return done;
  }

  private onVendorEvent(raw: VendorHeadsetEvent): void {
    if (this.state !== 'loaded') return;
    let mapped: ReturnType<typeof toHeadsetEvent>;
    try {
      mapped = toHeadsetEvent(raw, this.tracker);
    } catch (error) {
      this.logger.warn('headset: could not read a device event', { error });
      return;
    }
    if ('dropped' in mapped) {
      this.logger.debug('headset: device event ignored', { event: (raw as { event?: unknown })?.event, reason: mapped.dropped });
      return;
    }
    this.track(mapped.value);
    this.logger.info('headset: device event', { event: mapped.value.event });
    this.headsetEvents$.next(mapped.value);
    this.emitTyped(mapped.value);
  }

  /** A device action changes the call state too (the app then acts with `fromHeadset: true`). */
  private track(value: HeadsetEvent): void {
    switch (value.event) {
      case 'deviceAnsweredCall': this.tracker.callActive(value.payload.conversationId); break;
      case 'deviceRejectedCall': this.tracker.stopRinging(value.payload.conversationId); break;
      case 'deviceEndedCall': this.tracker.callEnded(value.payload.conversationId); break;
      default: break;
    }
  }

  private emitTyped(value: HeadsetEvent): void {
    switch (value.event) {
      case 'deviceAnsweredCall': this.emit('deviceAnsweredCall', value.payload); break;
      case 'deviceRejectedCall': this.emit('deviceRejectedCall', value.payload); break;
      case 'deviceEndedCall': this.emit('deviceEndedCall', value.payload); break;
      case 'deviceMuteStatusChanged': this.emit('deviceMuteStatusChanged', value.payload); break;
      case 'deviceHoldStatusChanged': this.emit('deviceHoldStatusChanged', value.payload); break;
      case 'deviceConnectionStatusChanged': this.emit('deviceConnectionStatusChanged', value.payload); break;
      case 'webHidPermissionRequested': this.emit('webHidPermissionRequested', value.payload); break;
      case 'implementationChanged': this.emit('implementationChanged', value.payload); break;
      case 'loggableEvent': this.emit('loggableEvent', value.payload); break;
    }
  }
}
