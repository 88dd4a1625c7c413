// Waiting for and counting SDK events in browser tests (bounded: a missing event fails clearly).
import type { GenesysCloudWebrtcSdk, SdkEvents } from '../../src/index';

export type Args<K extends keyof SdkEvents> = Parameters<SdkEvents[K]>;
type Loose = { on(e: string, l: (...a: unknown[]) => void): void; off(e: string, l: (...a: unknown[]) => void): void };

/** Resolves with the next `event` whose args satisfy `predicate`; rejects after `ms` naming what was awaited. */
export function next<K extends keyof SdkEvents>(sdk: GenesysCloudWebrtcSdk, event: K, predicate: (...args: Args<K>) => boolean = () => true, ms = 15000): Promise<Args<K>> {
  const target = sdk as unknown as Loose;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { target.off(event, listener); reject(new Error(`timed out waiting for ${event}`)); }, ms);
    const listener = (...args: unknown[]): void => {
      if (!predicate(...(args as Args<K>))) return;
      clearTimeout(timer);
      target.off(event, listener);
      resolve(args as Args<K>);
    };
    target.on(event, listener);
  });
}

/** Counts `event`s (matching `predicate`) from now on; `list` keeps their args. */
export function count<K extends keyof SdkEvents>(sdk: GenesysCloudWebrtcSdk, event: K, predicate: (...args: Args<K>) => boolean = () => true): { readonly n: number; readonly list: Args<K>[] } {
  const box = { n: 0, list: [] as Args<K>[] };
  (sdk as unknown as Loose).on(event, (...args: unknown[]) => {
    if (!predicate(...(args as Args<K>))) return;
    box.n++;
    box.list.push(args as Args<K>);
  });
  return box;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
