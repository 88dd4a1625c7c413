import type { ILogger } from '../types/logger';
import { loadVendorHeadsets } from './load-vendor';
import type { VendorHeadsetLoader } from './load-vendor';
import { StubHeadsetService } from './stub-headset-service';
import { VendorHeadsetService } from './vendor-headset-service';
import type { ISdkHeadset } from './types';

export interface HeadsetServiceDeps {
  logger: ILogger;
  /** `config.useHeadsets`; false (also for guests, or without softphone) gives the no-op stub */
  useHeadsets: boolean;
  /** `config.originAppName`, for the library's logs */
  appName?: string;
  /** label of a cached audio input, e.g. `(id) => sdk.media.findCachedDeviceByIdAndKind(id, 'audioinput')?.label` */
  findMicLabel?: (deviceId: string) => string | undefined;
  /** start loading the vendor library now, in the background (default: on first use) */
  loadImmediately?: boolean;
  /** replaces the lazy `import('softphone-vendor-headsets')` (tests) */
  loader?: VendorHeadsetLoader;
  /** a device operation pending longer than this is skipped (default 5000 ms) */
  operationTimeoutMs?: number;
  /** the vendor library counts as failed (stub behaviour) if not loaded after this long (default 30000 ms) */
  loadTimeoutMs?: number;
}

/**
 * Creates `sdk.headset`. Synchronous: with `useHeadsets` off it is the no-op stub and the
 * vendor library is never imported; with it on, the library is imported lazily (see
 * docs/headsets.md). `useHeadsets` may also be passed as the second argument.
 */
export function createHeadsetService(deps: HeadsetServiceDeps, useHeadsets: boolean = deps.useHeadsets): ISdkHeadset {
  if (!useHeadsets) return new StubHeadsetService(deps.logger);
  const service = new VendorHeadsetService({
    logger: deps.logger,
    loader: deps.loader ?? loadVendorHeadsets,
    ...(deps.appName ? { appName: deps.appName } : {}),
    ...(deps.findMicLabel ? { findMicLabel: deps.findMicLabel } : {}),
    ...(deps.operationTimeoutMs !== undefined ? { operationTimeoutMs: deps.operationTimeoutMs } : {}),
    ...(deps.loadTimeoutMs !== undefined ? { loadTimeoutMs: deps.loadTimeoutMs } : {}),
  });
  if (deps.loadImmediately) void service.load();
  return service;
}

export { StubHeadsetService } from './stub-headset-service';
export { VendorHeadsetService } from './vendor-headset-service';
export type { VendorHeadsetServiceDeps } from './vendor-headset-service';
export { HeadsetEventStream } from './events';
export type { VendorHeadsetEvent } from './events';
export type { VendorHeadsetConfig, VendorHeadsetLibrary, VendorHeadsetLoader } from './load-vendor';
export type * from './types';
