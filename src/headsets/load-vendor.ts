import type { ILogger } from '../types/logger';
import type { IHeadsetCallInfo } from '../types/headsets';
import type { HeadsetConnectionStatus } from './types';
import type { VendorHeadsetEvent } from './events';

/**
 * The slice of softphone-vendor-headsets' `HeadsetService` the SDK uses, typed narrowly
 * (the library's own types use `any`). `loadVendorHeadsets` checks at compile time that the
 * real class fits this shape; tests inject a fake with the same shape.
 */
export interface VendorHeadsetLibrary {
  readonly headsetEvents$: { subscribe(next: (event: VendorHeadsetEvent) => void): { unsubscribe(): void } };
  readonly selectedImplementation?: unknown;
  deviceIsSupported(params: { micLabel: string }): boolean;
  activeMicChange(newMicLabel: string, changeReason?: 'alternativeClient'): void;
  incomingCall(callInfo: IHeadsetCallInfo, hasOtherActiveCalls?: boolean): Promise<unknown>;
  outgoingCall(callInfo: IHeadsetCallInfo): Promise<unknown>;
  answerCall(conversationId: string, autoAnswer?: boolean): Promise<unknown>;
  rejectCall(conversationId: string, expectExistingConversation?: boolean): Promise<unknown>;
  setMute(value: boolean): Promise<unknown>;
  setHold(conversationId: string, value: boolean): Promise<unknown>;
  endCall(conversationId: string, hasOtherActiveCalls?: boolean): Promise<unknown>;
  endAllCalls(): Promise<unknown>;
  retryConnection(micLabel: string): Promise<unknown>;
  connectionStatus(): HeadsetConnectionStatus;
  resetHeadsetStateForCall(conversationId: string): Promise<unknown> | void;
}

export interface VendorHeadsetConfig {
  logger: ILogger;
  appName?: string;
}

/** Loads the vendor library and returns its service instance. Injectable for tests. */
export type VendorHeadsetLoader = (config: VendorHeadsetConfig) => Promise<VendorHeadsetLibrary>;

interface HeadsetServiceClass {
  getInstance(config: VendorHeadsetConfig): VendorHeadsetLibrary;
}

function hasGetInstance(value: unknown): value is HeadsetServiceClass {
  return (typeof value === 'function' || (typeof value === 'object' && value !== null))
    && typeof (value as { getInstance?: unknown }).getInstance === 'function';
}

/**
 * The lazy import: softphone-vendor-headsets (rxjs, jabra-js, vbet, …, ~66 KB gzip) becomes a
 * separate chunk that is fetched only when `useHeadsets` is on and the headset is first needed.
 *
 * It names the package's ES build (the file its `module` field points to) on purpose: a bundler
 * that follows `main` gets dist/cjs, which `require`s @vbet/webhid-sdk's `main`, a CommonJS file
 * inside a `"type": "module"` package, and fails in the browser with "exports is not defined".
 * The ES build imports @vbet/webhid-sdk's ES file instead. The package has no `exports` map, so
 * the deep path is allowed, and its typings sit next to it.
 *
 * The ES/CJS builds never import zone.js although it is listed as a dependency; only the UMD
 * bundle (`web` field) does, and that file is not used. `HeadsetService.getInstance` is a
 * page-wide singleton: every SDK instance on the page shares it.
 */
export const loadVendorHeadsets: VendorHeadsetLoader = async (config) => {
  const mod = await import('softphone-vendor-headsets/dist/es/src/library/index.js');
  // Compile-time check that the real class fits VendorHeadsetLibrary.
  const real: { getInstance(config: VendorHeadsetConfig): VendorHeadsetLibrary } = mod.default;
  // A CommonJS interop layer may wrap the default export once more.
  const candidates: unknown[] = [real, (mod.default as unknown as { default?: unknown }).default, mod];
  const HeadsetService = candidates.find(hasGetInstance);
  if (!HeadsetService) throw new Error('softphone-vendor-headsets: no HeadsetService.getInstance export');
  return HeadsetService.getInstance(config);
};
