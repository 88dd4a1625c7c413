import { EventEmitter } from 'events';
import type StrictEventEmitter from 'strict-event-emitter-types';

/**
 * Base class for every SDK emitter: the `events` EventEmitter typed by an event map
 * (strict-event-emitter-types). `emit` isolates listeners: one that throws is reported
 * through `onListenerError` and the remaining listeners (and SDK state) carry on.
 */
export function typedEmitter<Events>(): new () => StrictEventEmitter<EventEmitter, Events> & ListenerErrorHook {
  return SafeEventEmitter as unknown as new () => StrictEventEmitter<EventEmitter, Events> & ListenerErrorHook;
}

export interface ListenerErrorHook {
  /** @internal called when a listener throws; subclasses override it to log */
  _onListenerError(event: string | symbol, error: unknown): void;
}

export class SafeEventEmitter extends EventEmitter {
  /** Called when a listener throws; override to log. */
  _onListenerError(event: string | symbol, error: unknown): void {
    void event;
    void error;
  }

  override emit(event: string | symbol, ...args: unknown[]): boolean {
    const listeners = this.rawListeners(event) as Array<(...a: unknown[]) => unknown>;
    if (listeners.length === 0) return false;
    for (const listener of listeners) {
      try {
        listener.apply(this, args);
      } catch (error) {
        try { this._onListenerError(event, error); } catch { /* never let reporting break emit */ }
      }
    }
    return true;
  }
}
