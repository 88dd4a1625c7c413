import { EventEmitter } from 'events';

/** The arguments `emit` takes for event `K` (the event map's values are listener types). */
export type EventArgs<Events, K extends keyof Events> = Events[K] extends (...args: infer A) => unknown ? A : [Events[K]];

/** An event map of payload types as an event map of listeners (one payload argument each). */
export type PayloadListeners<Payloads> = { [K in keyof Payloads]: (payload: Payloads[K]) => void };

/**
 * The typed surface of the SDK's emitters (the `events` package's EventEmitter API). Declared
 * here, not borrowed from Node's or strict-event-emitter-types' typings, so the published
 * declarations stand alone: consumers need neither `@types/node` nor extra type packages.
 */
export interface TypedEventEmitter<Events> {
  on<K extends keyof Events>(event: K, listener: Events[K]): this;
  addListener<K extends keyof Events>(event: K, listener: Events[K]): this;
  once<K extends keyof Events>(event: K, listener: Events[K]): this;
  prependListener<K extends keyof Events>(event: K, listener: Events[K]): this;
  prependOnceListener<K extends keyof Events>(event: K, listener: Events[K]): this;
  off<K extends keyof Events>(event: K, listener: Events[K]): this;
  removeListener<K extends keyof Events>(event: K, listener: Events[K]): this;
  removeAllListeners(event?: keyof Events): this;
  emit<K extends keyof Events>(event: K, ...args: EventArgs<Events, K>): boolean;
  listeners<K extends keyof Events>(event: K): Array<Events[K]>;
  rawListeners<K extends keyof Events>(event: K): Array<Events[K]>;
  listenerCount(event: keyof Events): number;
  eventNames(): Array<keyof Events>;
  setMaxListeners(n: number): this;
  getMaxListeners(): number;
}

/**
 * Base class for every SDK emitter: the `events` EventEmitter typed by an event map.
 * `emit` isolates listeners: one that throws is reported through `onListenerError` and the
 * remaining listeners (and SDK state) carry on.
 */
export function typedEmitter<Events>(): new () => TypedEventEmitter<Events> & ListenerErrorHook {
  return SafeEventEmitter as unknown as new () => TypedEventEmitter<Events> & ListenerErrorHook;
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
