import type { ILogger } from '../types/logger';
import { typedEmitter } from '../utils/typed-emitter';
import type { HeadsetCallTracker } from './call-tracker';
import type {
  HeadsetConnectionStatus, HeadsetEvent, HeadsetEventObservable, HeadsetObserver, HeadsetSubscription,
  IHeadsetCallEventPayload, IHeadsetImplementation, SdkHeadsetEmitterEvents,
} from './types';

/** Typed `on`/`once`/`off` of `sdk.headset`; a listener that throws is logged, never thrown. */
export class HeadsetEmitter extends typedEmitter<SdkHeadsetEmitterEvents>() {
  constructor(protected readonly logger: ILogger) {
    super();
  }

  // strict-event-emitter-types leaves `off` typed as the untyped EventEmitter's; retype it
  override off: <K extends keyof SdkHeadsetEmitterEvents>(event: K, handler: SdkHeadsetEmitterEvents[K]) => this =
    (event, handler) => this.removeListener(event, handler);

  override _onListenerError(event: string | symbol, error: unknown): void {
    this.logger.error('sdk.headset listener threw', { event: String(event), error });
  }
}

/** rxjs and other libraries look an interop observable up under this key. */
const OBSERVABLE_KEY: symbol | string = (typeof Symbol === 'function' && (Symbol as { observable?: symbol }).observable) || '@@observable';

/**
 * `sdk.headset.headsetEvents$`: a tiny hot Observable so the main bundle needs no rxjs.
 * A subscriber that throws is logged and never stops the others.
 */
export class HeadsetEventStream implements HeadsetEventObservable {
  private readonly observers = new Set<HeadsetObserver>();
  private completed = false;

  constructor(private readonly logger: ILogger) {
    (this as unknown as Record<string | symbol, unknown>)[OBSERVABLE_KEY] = () => this;
  }

  subscribe(observer?: ((value: HeadsetEvent) => void) | HeadsetObserver): HeadsetSubscription {
    const entry: HeadsetObserver = typeof observer === 'function' ? { next: observer } : { ...observer };
    let closed = this.completed;
    if (this.completed) {
      entry.complete?.();
    } else {
      this.observers.add(entry);
    }
    return {
      get closed() { return closed; },
      unsubscribe: () => { closed = true; this.observers.delete(entry); },
    };
  }

  next(value: HeadsetEvent): void {
    for (const observer of [...this.observers]) {
      try {
        observer.next?.(value);
      } catch (error) {
        this.logger.error('headsetEvents$ subscriber threw', { event: value.event, error });
      }
    }
  }

  complete(): void {
    if (this.completed) return;
    this.completed = true;
    const observers = [...this.observers];
    this.observers.clear();
    for (const observer of observers) {
      try { observer.complete?.(); } catch (error) { this.logger.error('headsetEvents$ subscriber threw on complete', { error }); }
    }
  }

  get observerCount(): number {
    return this.observers.size;
  }
}

/** One value of the library's `headsetEvents$` (`ConsumedHeadsetEvents`), typed as it arrives: unchecked. */
export interface VendorHeadsetEvent {
  event: string;
  payload: unknown;
}

type UnknownRecord = Record<string, unknown>;

function isRecord(value: unknown): value is UnknownRecord {
  return typeof value === 'object' && value !== null;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The vendor's descriptive fields (`name`, `code`, raw `event`), kept for logging. */
function details(body: UnknownRecord): { name?: string; code?: string | number; event?: unknown } {
  const out: { name?: string; code?: string | number; event?: unknown } = {};
  if (typeof body.name === 'string') out.name = body.name;
  if (typeof body.code === 'string' || typeof body.code === 'number') out.code = body.code;
  if (body.event !== undefined) out.event = body.event;
  return out;
}

/** A vendor implementation reduced to the fields the SDK documents. */
export function describeImplementation(value: unknown): IHeadsetImplementation | null {
  if (!isRecord(value)) return null;
  const out: IHeadsetImplementation = {
    vendorName: typeof value.vendorName === 'string' ? value.vendorName : 'unknown',
    isConnected: value.isConnected === true,
    isConnecting: value.isConnecting === true,
  };
  if (typeof value.disableRetry === 'boolean') out.disableRetry = value.disableRetry;
  if (typeof value.errorCode === 'string') out.errorCode = value.errorCode;
  return out;
}

const STATUSES: readonly HeadsetConnectionStatus[] = ['checking', 'running', 'notRunning', 'noVendor'];

/**
 * 2.5.x emits the status word (`'running'`, …); the docs and older versions describe
 * `{isConnected, isConnecting}`. Both become `{status, isConnected, isConnecting}`.
 */
export function connectionPayload(value: unknown): { status: HeadsetConnectionStatus; isConnected: boolean; isConnecting: boolean } {
  if (typeof value === 'string' && (STATUSES as readonly string[]).includes(value)) {
    const status = value as HeadsetConnectionStatus;
    return { status, isConnected: status === 'running', isConnecting: status === 'checking' };
  }
  if (isRecord(value)) {
    const isConnected = value.isConnected === true;
    const isConnecting = !isConnected && value.isConnecting === true;
    return { status: isConnected ? 'running' : isConnecting ? 'checking' : 'notRunning', isConnected, isConnecting };
  }
  return { status: 'noVendor', isConnected: false, isConnecting: false };
}

/**
 * Maps one library event to the SDK's typed event, filling a missing conversationId from the
 * tracked call state. Returns null (and says why) for an event the SDK cannot use.
 */
export function toHeadsetEvent(raw: unknown, tracker: HeadsetCallTracker): { value: HeadsetEvent } | { dropped: string } {
  if (!isRecord(raw) || typeof raw.event !== 'string') return { dropped: 'not a headset event' };
  const body: UnknownRecord = isRecord(raw.payload) ? raw.payload : {};
  const callPayload = (fallback: string | undefined): IHeadsetCallEventPayload | undefined => {
    const conversationId = str(body.conversationId) ?? fallback;
    return conversationId ? { ...details(body), conversationId } : undefined;
  };
  switch (raw.event) {
    case 'deviceAnsweredCall':
    case 'deviceRejectedCall': {
      const payload = callPayload(tracker.ringingConversationId ?? tracker.activeConversationId);
      return payload ? { value: { event: raw.event, payload } } : { dropped: 'no conversation is ringing' };
    }
    case 'deviceEndedCall': {
      const payload = callPayload(tracker.activeConversationId ?? tracker.ringingConversationId);
      return payload ? { value: { event: raw.event, payload } } : { dropped: 'no active conversation' };
    }
    case 'deviceMuteStatusChanged': {
      const payload = callPayload(tracker.activeConversationId);
      return payload
        ? { value: { event: raw.event, payload: { ...payload, isMuted: body.isMuted === true } } }
        : { dropped: 'no active conversation' };
    }
    case 'deviceHoldStatusChanged': {
      const payload = callPayload(tracker.activeConversationId);
      if (!payload) return { dropped: 'no active conversation' };
      const hold = { ...payload, holdRequested: body.holdRequested === true };
      return { value: { event: raw.event, payload: typeof body.toggle === 'boolean' ? { ...hold, toggle: body.toggle } : hold } };
    }
    case 'deviceConnectionStatusChanged':
      return { value: { event: raw.event, payload: connectionPayload(raw.payload) } };
    case 'webHidPermissionRequested': {
      const callback = body.callback;
      if (typeof callback !== 'function') return { dropped: 'no permission callback' };
      // called synchronously from the app's click handler: the user gesture is kept
      return { value: { event: raw.event, payload: { callback: () => (callback as () => unknown)() } } };
    }
    case 'implementationChanged':
      return { value: { event: raw.event, payload: describeImplementation(raw.payload) } };
    case 'loggableEvent':
      return { value: { event: raw.event, payload: { ...body } } };
    default:
      return { dropped: `unknown event ${raw.event}` };
  }
}
