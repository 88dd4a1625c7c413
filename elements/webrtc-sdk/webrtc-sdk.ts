import { html, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ContextProvider } from '@lit/context';
import { GenesysCloudWebrtcSdk } from '../../src/client';
import { SdkError, SdkErrorTypes } from '../../src/errors';
import type { ISdkConfig, ISdkInitializeOptions } from '../../src/types/config';
import type { ISdkConnectionStateEvent } from '../../src/types/events';
import type { LogLevels } from '../../src/types/logger';
import type { SessionTypes } from '../../src/types/sessions';
import { GcElement } from '../internal/gc-element';
import { sdkContext, type GcSdk } from '../internal/engine';
import { SDK_EVENT_ARGS, MEDIA_EVENTS, domEventName, type GcConnectionState } from '../internal/events';
import styles from './webrtc-sdk.styles';

type LooseEmitter = { on(event: string, listener: (...args: unknown[]) => void): unknown; off(event: string, listener: (...args: unknown[]) => void): unknown };

/** Boolean attribute whose absence means "engine default": `use-headsets="false"` → false, `use-headsets` → true. */
const optionalBoolean = {
  fromAttribute: (value: string | null): boolean | undefined => (value === null ? undefined : value !== 'false'),
  toAttribute: (value: boolean | undefined): string | null => (value === undefined ? null : String(value)),
};

/** Space- or comma-separated list. */
const list = {
  fromAttribute: (value: string | null): string[] | undefined => (value === null ? undefined : value.split(/[\s,]+/).filter(Boolean)),
  toAttribute: (value: string[] | undefined): string | null => (value ? value.join(' ') : null),
};

/** Lists compare by value: a framework passing a new but equal array each render must not re-create the engine. */
// a property may be set to anything from plain JS: a non-array compares by identity (the engine's option check reports it)
const listKey = (value: unknown): unknown => (Array.isArray(value) ? value.join('\n') : value);
const listChanged = (value: string[] | undefined, old: string[] | undefined): boolean => listKey(value ?? []) !== listKey(old ?? []) || (value === undefined) !== (old === undefined);

/** Properties that are constructor options: a change re-creates the engine. */
const CONFIG_PROPS = [
  'environment', 'organizationId', 'orgId', 'wsHost', 'allowedSessionTypes', 'logLevel', 'useHeadsets', 'autoConnectSessions',
  'disableAutoAnswer', 'optOutOfTelemetry', 'autoAcceptPendingScreenRecordingRequests', 'jidResource',
  'originAppName', 'originAppVersion', 'originAppId', 'config', 'jwt',
] as const;

/**
 * @summary Owns one Genesys Cloud WebRTC SDK engine, configured by attributes, and provides it to the
 * gc-* elements inside it. Every SDK event is re-dispatched as a bubbling, composed DOM event.
 *
 * @slot - Content, typically `<gc-softphone>` and `<gc-device-select>`; they use this element's engine.
 *
 * @event {CustomEvent<SdkError>} gc-sdk-error - `sdkError`; also configuration errors of the element itself.
 * @event {CustomEvent<{level: string, message: string, details?: unknown}>} gc-trace - `trace(level, message, details)`.
 * @event {CustomEvent<null>} gc-ready - `ready`: initialize() resolved.
 * @event {CustomEvent<ISdkConnectedEvent>} gc-connected - `connected({reconnect})`.
 * @event {CustomEvent<{info?: unknown, details?: ISdkDisconnectedInfo}>} gc-disconnected - `disconnected(info, details)`: no automatic reconnect follows.
 * @event {CustomEvent<ISdkConnectionStateEvent>} gc-connection-state - `connectionState({state, previous})`: `connecting | connected | reconnecting | disconnected` (engine addition).
 * @event {CustomEvent<ISdkStationEvent>} gc-station - `station`.
 * @event {CustomEvent<boolean>} gc-concurrent-softphone-sessions-enabled - `concurrentSoftphoneSessionsEnabled`.
 * @event {CustomEvent<IPendingSession>} gc-pending-session - `pendingSession`: an incoming (or outgoing) call awaits an answer.
 * @event {CustomEvent<ISessionIdAndConversationId>} gc-cancel-pending-session - `cancelPendingSession`.
 * @event {CustomEvent<ISessionIdAndConversationId>} gc-handled-pending-session - `handledPendingSession`.
 * @event {CustomEvent<IExtendedMediaSession>} gc-session-started - `sessionStarted`.
 * @event {CustomEvent<{session: IExtendedMediaSession, reason: JingleReason}>} gc-session-ended - `sessionEnded(session, reason)`.
 * @event {CustomEvent<ISessionInterruptedEvent>} gc-session-interrupted - `sessionInterrupted`.
 * @event {CustomEvent<ISdkConversationUpdateEvent>} gc-conversation-update - `conversationUpdate`.
 * @event {CustomEvent<{requested, actual, videoTrack, sessionId, conversationId}>} gc-resolution-updated - `resolutionUpdated(...)`.
 * @event {CustomEvent<SdkMediaStateWithType>} gc-media-state - `sdk.media` `state`.
 * @event {CustomEvent<SdkMediaStateWithType>} gc-media-devices - `sdk.media` `devices`.
 * @event {CustomEvent<SdkMediaStateWithType>} gc-media-permissions - `sdk.media` `permissions`.
 * @event {CustomEvent<IAudioTrackVolumeEvent>} gc-media-audio-track-volume - `sdk.media` `audioTrackVolume`.
 * @event {CustomEvent<ISdkGumRequest>} gc-media-gum-request - `sdk.media` `gumRequest`.
 * @event {CustomEvent<{state: GcConnectionState}>} gc-connection-state-change - `connection-state` changed.
 * @event {CustomEvent<{sdk: GenesysCloudWebrtcSdk | undefined}>} gc-engine-change - The engine was created or re-created (config change) or removed.
 */
export class GcWebrtcSdk extends GcElement {
  static override styles = styles;

  /** Region (`mypurecloud.com`, `usw2.pure.cloud`) or an API base URL (`http://127.0.0.1:8080`). */
  @property() environment?: string;
  /** Organization id (guests). Attribute names are the kebab-case of the option names. */
  @property({ attribute: 'organization-id' }) organizationId?: string;
  /** Alias of `organization-id` (documented short form); `organization-id` wins when both are set. */
  @property({ attribute: 'org-id' }) orgId?: string;
  /** WebSocket host, e.g. `ws://127.0.0.1:8080`; derived from `environment` when absent. */
  @property({ attribute: 'ws-host' }) wsHost?: string;
  /** Space- or comma-separated session types, e.g. `softphone screenShare`. */
  @property({ attribute: 'allowed-session-types', converter: list, hasChanged: listChanged }) allowedSessionTypes?: string[];
  /** `log | debug | info | warn | error`. */
  @property({ attribute: 'log-level' }) logLevel?: LogLevels;
  /** Headset integration (default on in the engine); `use-headsets="false"` turns it off. */
  @property({ attribute: 'use-headsets', converter: optionalBoolean }) useHeadsets?: boolean;
  /** Default true. */
  @property({ attribute: 'auto-connect-sessions', converter: optionalBoolean }) autoConnectSessions?: boolean;
  /** Default false. */
  @property({ attribute: 'disable-auto-answer', converter: optionalBoolean }) disableAutoAnswer?: boolean;
  /** Default false. */
  @property({ attribute: 'opt-out-of-telemetry', converter: optionalBoolean }) optOutOfTelemetry?: boolean;
  /** Default false. */
  @property({ attribute: 'auto-accept-pending-screen-recording-requests', converter: optionalBoolean }) autoAcceptPendingScreenRecordingRequests?: boolean;
  @property({ attribute: 'jid-resource' }) jidResource?: string;
  @property({ attribute: 'origin-app-name' }) originAppName?: string;
  @property({ attribute: 'origin-app-version' }) originAppVersion?: string;
  @property({ attribute: 'origin-app-id' }) originAppId?: string;
  /** Initialize as soon as credentials are set (default). `auto-initialize="false"`: call `initialize()` yourself. */
  @property({ attribute: 'auto-initialize', converter: optionalBoolean }) autoInitialize?: boolean;

  /** Agent access token. A property only, never an attribute. Setting a new one after initialization calls `setAccessToken`. */
  @property({ attribute: false }) accessToken?: string;
  /** Genesys-signed JWT (screen recording). A property only, never an attribute. */
  @property({ attribute: false }) jwt?: string;
  /** Further constructor options that are not attributes (`logger`, `defaults`, …); attributes win. */
  @property({ attribute: false }) config?: Partial<ISdkConfig>;

  /** `idle | connecting | connected | reconnecting | disconnected | failed` (reflected). */
  @property({ attribute: 'connection-state', reflect: true }) connectionState: GcConnectionState = 'idle';

  /** The last error of the engine or of the element's configuration. */
  @state() lastError: SdkError | undefined;

  private engine: GcSdk | undefined;
  private tokenInEngine: string | undefined;
  private listeners: Array<() => void> = [];
  private readonly provider = new ContextProvider(this, { context: sdkContext, initialValue: undefined });
  private destroyTimer: ReturnType<typeof setTimeout> | undefined;

  /** The engine (`GenesysCloudWebrtcSdk`) owned by this element; undefined until configured. */
  get sdk(): GcSdk | undefined { return this.engine; }

  override connectedCallback(): void {
    super.connectedCallback();
    // moving the element in the DOM (disconnect + connect in one task) keeps the engine
    if (this.destroyTimer) clearTimeout(this.destroyTimer);
    this.destroyTimer = undefined;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.destroyTimer = setTimeout(() => { this.destroyTimer = undefined; if (!this.isConnected) void this.destroy(); }, 0);
  }

  protected override updated(changed: PropertyValues<this>): void {
    const configChanged = CONFIG_PROPS.some((p) => changed.has(p));
    if (!this.engine) {
      if (this.hasCredentials() && (configChanged || changed.has('accessToken'))) this.createEngine();
    } else if (configChanged || (changed.has('accessToken') && !this.accessToken)) {
      // a constructor option changed: the engine cannot change it in place, so it is re-created
      this.engine.logger.info('<gc-webrtc-sdk> configuration changed: re-creating the engine', { changed: [...changed.keys()].filter((k) => k !== 'accessToken') });
      this.createEngine();
    } else if (changed.has('accessToken') && this.accessToken && this.accessToken !== this.tokenInEngine) {
      try {
        this.engine.setAccessToken(this.accessToken);
        this.tokenInEngine = this.accessToken;
      } catch (err) {
        this.lastError = err as SdkError; // setAccessToken already emitted sdkError
      }
    }
    if (changed.has('autoInitialize') && this.autoInitialize !== false && this.engine && !this.engine.isInitialized) {
      void this.initialize().catch(() => undefined);
    }
  }

  override render() {
    return html`<slot></slot>`;
  }

  private hasCredentials(): boolean {
    return Boolean(this.accessToken || this.jwt || this.organizationId || this.orgId);
  }

  private buildConfig(): ISdkConfig {
    const c: ISdkConfig = { ...(this.config ?? {}) };
    const set = <K extends keyof ISdkConfig>(key: K, value: ISdkConfig[K] | undefined): void => { if (value !== undefined) c[key] = value; };
    set('environment', this.environment);
    set('organizationId', this.organizationId ?? this.orgId);
    set('wsHost', this.wsHost);
    set('allowedSessionTypes', this.allowedSessionTypes as SessionTypes[] | undefined);
    set('logLevel', this.logLevel);
    set('useHeadsets', this.useHeadsets);
    set('autoConnectSessions', this.autoConnectSessions);
    set('disableAutoAnswer', this.disableAutoAnswer);
    set('optOutOfTelemetry', this.optOutOfTelemetry);
    set('autoAcceptPendingScreenRecordingRequests', this.autoAcceptPendingScreenRecordingRequests);
    set('jidResource', this.jidResource);
    set('originAppName', this.originAppName);
    set('originAppVersion', this.originAppVersion);
    set('originAppId', this.originAppId);
    set('accessToken', this.accessToken);
    set('jwt', this.jwt);
    return c;
  }

  private setConnectionState(state: GcConnectionState): void {
    if (this.connectionState === state) return;
    this.connectionState = state;
    this.emit('gc-connection-state-change', { state });
  }

  /** (Re-)creates the engine from the current configuration; initializes it unless `auto-initialize="false"`. */
  private createEngine(autoInit = this.autoInitialize !== false): void {
    this.teardownEngine();
    let engine: GcSdk;
    try {
      engine = new GenesysCloudWebrtcSdk(this.buildConfig()) as GcSdk;
    } catch (err) {
      const error = err instanceof SdkError ? err : new SdkError(SdkErrorTypes.invalid_options, err instanceof Error ? err : String(err));
      this.lastError = error;
      this.setConnectionState('failed');
      this.emit('gc-sdk-error', error);
      this.provider.setValue(undefined);
      this.emit('gc-engine-change', { sdk: undefined });
      return;
    }
    this.engine = engine;
    this.tokenInEngine = this.accessToken;
    this.lastError = undefined;
    this.forward(engine);
    this.setConnectionState('idle');
    this.provider.setValue(engine);
    this.emit('gc-engine-change', { sdk: engine });
    if (autoInit && (this.accessToken || this.jwt)) void this.initialize().catch(() => undefined);
  }

  private forward(engine: GcSdk): void {
    const emitter = engine as unknown as LooseEmitter;
    for (const [name, args] of Object.entries(SDK_EVENT_ARGS)) {
      const type = domEventName(name);
      const listener = (...a: unknown[]): void => {
        if (engine !== this.engine) return;
        let detail: unknown = null;
        if (args === 0) detail = a[0];
        else if (Array.isArray(args)) detail = Object.fromEntries(args.map((k, i) => [k, a[i]]));
        if (name === 'connected') this.setConnectionState('connected');
        if (name === 'disconnected') this.setConnectionState('disconnected');
        if (name === 'connectionState') this.onEngineConnectionState(a[0] as ISdkConnectionStateEvent);
        if (name === 'sdkError') this.lastError = a[0] as SdkError;
        this.emit(type, detail);
      };
      emitter.on(name, listener);
      this.listeners.push(() => emitter.off(name, listener));
    }
    const media = engine.media as unknown as LooseEmitter | undefined;
    if (media && typeof media.on === 'function') {
      for (const name of MEDIA_EVENTS) {
        const listener = (payload: unknown): void => { this.emit(domEventName(name, 'gc-media-'), payload); };
        media.on(name, listener);
        this.listeners.push(() => media.off(name, listener));
      }
    }
  }

  /** `reconnecting` (and back) from the engine; `connecting`/`failed` stay driven by `initialize()`. */
  private onEngineConnectionState({ state }: ISdkConnectionStateEvent): void {
    if (state === 'reconnecting' || (state === 'connected' && this.connectionState === 'reconnecting')) this.setConnectionState(state);
  }

  private teardownEngine(): void {
    const old = this.engine;
    for (const off of this.listeners) off();
    this.listeners = [];
    this.engine = undefined;
    this.tokenInEngine = undefined;
    if (old) void old.destroy().catch(() => undefined);
  }

  /**
   * Initializes the engine (agents and JWT: automatic unless `auto-initialize="false"`;
   * guests: `initialize({ securityCode })`). Rejects with the SDK's error, which is also
   * dispatched as `gc-sdk-error`.
   */
  async initialize(opts?: ISdkInitializeOptions): Promise<void> {
    if (!this.engine) this.createEngine(false);
    const engine = this.engine;
    if (!engine) throw this.lastError ?? new SdkError(SdkErrorTypes.invalid_options, 'The element has no configuration');
    if (engine.isInitialized) return;
    this.setConnectionState('connecting');
    try {
      await engine.initialize(opts);
      if (engine === this.engine) this.setConnectionState('connected');
    } catch (err) {
      if (engine === this.engine) {
        this.lastError = err as SdkError;
        this.setConnectionState('failed');
      }
      throw err;
    }
  }

  /** Destroys the engine (ends sessions, disconnects). Setting configuration again creates a new one. */
  async destroy(): Promise<void> {
    const old = this.engine;
    this.teardownEngine();
    this.provider.setValue(undefined);
    this.setConnectionState('idle');
    this.emit('gc-engine-change', { sdk: undefined });
    await old?.destroy().catch(() => undefined);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gc-webrtc-sdk': GcWebrtcSdk;
  }
}
