// The SDKs one browser test file makes against the live emulator: one quiet config for all of them
// (no telemetry, no headsets, a silent logger) and one place that destroys them after each test.
import { GenesysCloudWebrtcSdk, type ISdkConfig } from '../../src/index';
import { emulatorInfo, quietLogger, type AgentInfo, type EmulatorInfo } from './emulator-client';

export class TestSdks {
  private emulator: EmulatorInfo | undefined;
  private readonly made: GenesysCloudWebrtcSdk[] = [];

  /** Reads the emulator's addresses; call it from the file's `before()` hook. */
  async load(): Promise<EmulatorInfo> {
    this.emulator = await emulatorInfo();
    return this.emulator;
  }

  get info(): EmulatorInfo {
    if (!this.emulator) throw new Error('TestSdks used before load() (call it from before())');
    return this.emulator;
  }

  /** A new SDK for the emulator, with `agent`'s token when given; destroyed by `destroyAll()`. */
  create(agent?: AgentInfo, config: Partial<ISdkConfig> = {}): GenesysCloudWebrtcSdk {
    return this.track(new GenesysCloudWebrtcSdk({
      environment: this.info.environment, wsHost: this.info.wsHost, optOutOfTelemetry: true, logger: quietLogger, useHeadsets: false,
      ...(agent ? { accessToken: agent.accessToken } : {}), ...config,
    } as ISdkConfig));
  }

  /** `create()` then `initialize()`. */
  async ready(agent?: AgentInfo, config: Partial<ISdkConfig> = {}): Promise<GenesysCloudWebrtcSdk> {
    const sdk = this.create(agent, config);
    await sdk.initialize();
    return sdk;
  }

  /** Adds an SDK built by hand to the ones `destroyAll()` destroys. */
  track(sdk: GenesysCloudWebrtcSdk): GenesysCloudWebrtcSdk {
    this.made.push(sdk);
    return sdk;
  }

  async destroyAll(): Promise<void> {
    await Promise.all(this.made.splice(0).map((sdk) => sdk.destroy()));
  }
}
