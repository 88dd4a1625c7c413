import { PlatformClient } from './api/platform-client';
import { parseJwt, resolveConfig, type ResolvedConfig } from './config';
import { SdkError, SdkErrorTypes } from './errors';
import { SdkLogger } from './logging/logger';
import { createHeadsetService } from './headsets/index';
import type { ISdkHeadset } from './headsets/types';
import { SdkMedia } from './media/index';
import { SdkAudioProcessor } from './media/audio-processor';
import type { GenesysMediaSession } from './sessions/media-session';
import { applyAudioVolume } from './sessions/audio-volume';
import type { IMediaSettings, IUpdateOutgoingMedia, MediaUpdatesDeps, SessionMediaUpdates } from './sessions/media-updates';
import { HandlerRegistry, type RoutedHandler } from './sessions/handler-registry';
import { LazyHandler } from './sessions/lazy-handler';
import { LazyVideoHandler } from './sessions/lazy-video';
import { loadSessionHandlers } from './sessions/load-handlers';
import { loadStatsGatherer } from './sessions/stats-loader';
import type { ScreenHandlerDeps } from './sessions/screen-common';
import type { ScreenShareHandler } from './sessions/screen-share-handler';
import { SessionManager } from './sessions/session-manager';
import { attachReconnectRecovery } from './sessions/reconnect-recovery';
import { checkConversationParams, checkSessionId, checkStartSoftphoneParams, checkToggleParams } from './sessions/params';
import { SoftphoneHandler } from './sessions/softphone-handler';
import { StationTracker } from './station';
import { ConnectionState, StreamingConnection, requestStreamingChannel } from './streaming/connection';
import type { IceConfiguration } from './streaming/ice-servers';
import { Notifications } from './streaming/notifications';
import type { IMediaDeviceIds, IVideoResolution } from './types/media';
import type { ICustomerData, IOrgDetails, IPersonDetails, ISdkConfig, ISdkInitializeOptions } from './types/config';
import type { SdkConnectionState, SdkEvents } from './types/events';
import type { ILogger } from './types/logger';
import {
  SessionTypes, type IAcceptSessionRequest, type IConversationHeldRequest, type IEndSessionRequest, type IExtendedMediaSession,
  type IPendingSession, type IPendingSessionActionParams, type ISessionMuteRequest, type IStartSoftphoneSessionParams, type IStoredConversationState,
  type JingleReasonCondition,
} from './types/sessions';
import type { IStation } from './types/station';
import { settleWithin, withTimeout } from './utils/async';
import { typedEmitter } from './utils/typed-emitter';
import { VERSION } from './version';

type SessionManagerEmit = ConstructorParameters<typeof SessionManager>[0]['emit'];

/** How long `reconnect()` waits for the socket before rejecting (it keeps trying afterwards). */
const RECONNECT_WAIT_MS = 60_000;

type Lifecycle = 'created' | 'initializing' | 'ready' | 'destroying' | 'destroyed';

/**
 * The Genesys Cloud WebRTC SDK. Construct with `ISdkConfig`, listen to events, then
 * `await sdk.initialize()`. A thin facade: configuration, REST, streaming, notifications
 * and station tracking live in their own modules.
 */
export class GenesysCloudWebrtcSdk extends typedEmitter<SdkEvents>() {
  static readonly VERSION: string = VERSION;
  /** The SDK logger (genesys-cloud-client-logger with redaction). */
  readonly logger: ILogger;

  private readonly sdkLogger: SdkLogger;
  private readonly config: ResolvedConfig;
  private accessToken: string | undefined;
  private readonly http: PlatformClient;
  private connection: StreamingConnection | undefined;
  private notifications: Notifications | undefined;
  private stationTracker: StationTracker | undefined;
  private initPromise: Promise<void> | undefined;
  private lifecycle: Lifecycle = 'created';
  private personDetails: IPersonDetails | undefined;
  private orgDetails: IOrgDetails | undefined;
  private customerData: ICustomerData | undefined;
  private sessionManager: SessionManager | undefined;
  private detachRecovery: (() => void) | undefined;
  /** `disconnect()` was called: no automatic reconnect on a new token */
  private userDisconnected = false;
  /** an `invalid_token` sdkError was emitted for the current token */
  private invalidTokenReported = false;
  private softphone: SoftphoneHandler | undefined;
  /** every session-type handler, by type: the routing of the session methods (sessions/handler-registry.ts) */
  private handlers: HandlerRegistry | undefined;
  /** video and screen handlers load on first use or right after initialize() (sessions/lazy-handler.ts) */
  private video: LazyVideoHandler | undefined;
  private screenShare: LazyHandler<ScreenShareHandler> | undefined;
  private _connectionState: SdkConnectionState = 'disconnected';
  /** `sdk.media`: devices, permissions, getUserMedia (docs/media.md) */
  readonly media: SdkMedia;
  /** `sdk.headset`: headset call controls (a no-op stub with `useHeadsets: false`) */
  readonly headset: ISdkHeadset;
  /** SDK-level media methods (src/sessions/media-updates.ts, a lazy chunk loaded on first use or after ready) */
  private readonly mediaUpdatesDeps: MediaUpdatesDeps;
  private mediaUpdatesLoad: Promise<SessionMediaUpdates> | undefined;
  private readonly offDevices: () => void;
  /** `sdk.audioProcessor`: outgoing softphone audio goes through the app's processor (docs/audio-processor.md) */
  readonly audioProcessor: SdkAudioProcessor;

  constructor(options: ISdkConfig) {
    super();
    const { config, warnings } = resolveConfig(options);
    this.config = config;
    this.accessToken = config.accessToken;
    const uploadToken = config.authMode === 'agent' ? config.accessToken : config.authMode === 'jwt' ? config.jwt : undefined;
    this.sdkLogger = new SdkLogger({
      uploadToken,
      url: `${config.apiBase}/api/v2/diagnostics/trace${config.authMode === 'jwt' ? '/backgroundassistant' : ''}`,
      appVersion: VERSION,
      logLevel: config.logLevel,
      serverLogging: !config.optOutOfTelemetry && config.authMode !== 'guest',
      logger: config.logger,
      formatters: config.logFormatters,
      originAppName: config.originAppName,
      originAppVersion: config.originAppVersion,
      originAppId: config.originAppId,
      onTrace: (level, message, details) => { this.emit('trace', level, message, details); },
    });
    this.sdkLogger.redactor.addSecret(config.jwt);
    this.logger = this.sdkLogger;
    for (const w of warnings) this.logger.warn(w.message, { field: w.field });
    this.http = new PlatformClient(config.apiBase, () => this.accessToken, this.logger);
    this.media = new SdkMedia({
      logger: this.logger,
      getDefaults: () => this.config.defaults,
      getSessions: () => this.sessionManager?.getAllSessions() ?? [],
      onError: (error) => { this.fail(error, error.type); },
    });
    this.headset = createHeadsetService({
      logger: this.logger,
      useHeadsets: config.useHeadsets && config.authMode === 'agent' && config.allowedSessionTypes.includes(SessionTypes.softphone),
      ...(config.originAppName ? { appName: config.originAppName } : {}),
      findMicLabel: (id) => this.media.findCachedDeviceByIdAndKind(id, 'audioinput')?.label,
    });
    this.audioProcessor = new SdkAudioProcessor(this.logger, (error) => { this.fail(error, error.type); });
    if (config.defaults.audioProcessor) this.audioProcessor.setAudioProcessor(config.defaults.audioProcessor);
    this.mediaUpdatesDeps = {
      listenDevices: false,
      processOutgoingAudio: (stream) => this.audioProcessor.processOutgoing(stream),
      media: this.media,
      logger: this.logger,
      defaults: () => this.config.defaults,
      getSessions: () => this.sessionManager?.getAllSessions() ?? [],
      headset: this.headset,
      emitResolutionUpdated: (...args) => {
        this.emit('resolutionUpdated', ...args);
        this.sessionManager?.getSession(args[3])?.emit('resolutionUpdated', ...args);
      },
    };
    // device hot-plug for live sessions: the media-updates code handles it (loaded by then, else now)
    this.offDevices = this.media.onDevicesChanged((change) => {
      if (!(this.sessionManager?.getAllSessions() ?? []).some((sess) => !sess.ended)) return;
      this.mediaUpdates().then((m) => m.handleDevicesChanged(change)).catch((err: unknown) => { this.logger.warn('device change not applied to the sessions', { error: String(err) }); });
    });
    this.logger.info('SDK created', {
      version: VERSION, environment: config.environment, authMode: config.authMode,
      allowedSessionTypes: config.allowedSessionTypes, originAppName: config.originAppName,
    });
  }

  /** The SDK version (also `GenesysCloudWebrtcSdk.VERSION`). */
  get VERSION(): string { return VERSION; }

  /** The user's effective WebRTC station; always null unless softphone sessions are allowed. */
  get station(): IStation | null { return this.stationTracker?.station ?? null; }

  /** true for an unauthenticated (guest) instance */
  get isGuest(): boolean { return this.config.authMode === 'guest'; }

  /** true for a JWT (screen-recording) instance */
  get isJwtAuth(): boolean { return this.config.authMode === 'jwt'; }

  /**
   * The streaming connection: `connecting | connected | reconnecting | disconnected` (an addition
   * beyond the documented API; changes are emitted as `connectionState`). `disconnected` before
   * `initialize()` and after a final disconnect.
   */
  get connectionState(): SdkConnectionState { return this._connectionState; }

  /** true once `initialize()` has resolved (and until `destroy()`) */
  get isInitialized(): boolean { return this.lifecycle === 'ready'; }

  /** @internal */
  override _onListenerError(event: string | symbol, error: unknown): void {
    this.logger.error(`A listener for "${String(event)}" threw`, error);
  }

  /** Converts anything to an SdkError, logs it and emits `sdkError`. */
  private fail(error: unknown, fallbackType: SdkErrorTypes, message?: string): SdkError {
    let sdkError: SdkError;
    if (error instanceof SdkError && (error.type !== SdkErrorTypes.http || fallbackType === SdkErrorTypes.http)) {
      sdkError = error;
    } else if (error instanceof SdkError) {
      // keep the HTTP details reachable while reporting what failed
      sdkError = new SdkError(fallbackType, message ? `${message}: ${error.message}` : error.message, error.details, error);
    } else {
      const err = error instanceof Error ? error : new Error(String(error));
      sdkError = new SdkError(fallbackType, message ? `${message}: ${err.message}` : err.message, undefined, err);
    }
    this.logger.error(sdkError.message, { type: sdkError.type, details: sdkError.details });
    if (sdkError.type === SdkErrorTypes.invalid_token) {
      // one report per token: every REST call and reconnect attempt with it fails the same way
      // (the methods still reject); `setAccessToken()` re-arms it
      if (this.invalidTokenReported) return sdkError;
      this.invalidTokenReported = true;
    }
    this.emit('sdkError', sdkError);
    return sdkError;
  }

  private notInitialized(method: string): SdkError {
    const state = this.lifecycle === 'destroyed' || this.lifecycle === 'destroying' ? 'after destroy()' : 'before initialize() has resolved';
    return this.fail(new SdkError(SdkErrorTypes.initialization, `${method}() cannot be called ${state}`), SdkErrorTypes.initialization);
  }

  private isAllowed(type: SessionTypes): boolean {
    return this.config.allowedSessionTypes.includes(type);
  }

  /**
   * Sets the SDK up and connects the streaming socket.
   * Agents need `accessToken` in the config; guests pass `{ securityCode }` (or already
   * redeemed customer data); JWT instances need nothing. Concurrent calls share one promise;
   * after success further calls resolve immediately.
   */
  initialize(opts?: ISdkInitializeOptions): Promise<void> {
    if (this.lifecycle === 'destroying' || this.lifecycle === 'destroyed') {
      return Promise.reject(this.notInitialized('initialize'));
    }
    if (!this.initPromise) {
      this.lifecycle = 'initializing';
      const started = Date.now();
      this.initPromise = this.doInitialize(opts).then(
        () => {
          this.lifecycle = 'ready';
          this.logger.info('SDK ready', { ms: Date.now() - started });
          this.emit('ready');
          this.preloadHandlers();
        },
        (err: unknown) => {
          this.initPromise = undefined;
          if (this.lifecycle === 'initializing') this.lifecycle = 'created';
          // keep the connection object from a failed attempt from reconnecting on its own
          const conn = this.connection;
          this.connection = undefined;
          void conn?.disconnect().catch(() => undefined);
          throw this.fail(err, SdkErrorTypes.initialization, 'initialize() failed');
        },
      );
    }
    return this.initPromise;
  }

  /** Maps the streaming connection's internal state to `connectionState` (idle/disconnecting are not reported). */
  private onConnectionState(state: ConnectionState): void {
    const MAP: Partial<Record<ConnectionState, SdkConnectionState>> = {
      [ConnectionState.connecting]: 'connecting',
      [ConnectionState.connected]: 'connected',
      [ConnectionState.reconnecting]: 'reconnecting',
      [ConnectionState.disconnected]: 'disconnected',
    };
    const next = MAP[state];
    const previous = this._connectionState;
    if (!next || next === previous) return;
    this._connectionState = next;
    this.emit('connectionState', { state: next, previous });
  }

  private assertNotDestroyed(): void {
    if (this.lifecycle === 'destroying' || this.lifecycle === 'destroyed') {
      throw new SdkError(SdkErrorTypes.initialization, 'The SDK was destroyed during initialize()');
    }
  }

  private async doInitialize(opts?: ISdkInitializeOptions): Promise<void> {
    const { config } = this;
    let jwt: string | undefined;
    let stationFetch: Promise<IStation> | undefined;
    let agentConnection: StreamingConnection | undefined;
    const connectionOptions = (jid: string | undefined, channel?: Promise<{ id?: string }>) => ({
      authMode: config.authMode,
      wsHost: config.wsHost,
      jid,
      jwt,
      jidResource: config.jidResource,
      getToken: () => this.accessToken,
      api: this.http,
      logger: this.logger,
      onIceSecrets: (secrets: string[]) => this.sdkLogger.redactor.addRotatingSecrets('ice', secrets),
      channel,
    });
    if (config.authMode === 'agent') {
      // the device list is warm before the first call needs it (upstream enumerates here too); never awaited
      if (this.isAllowed(SessionTypes.softphone)) void this.media.enumerateDevices().catch(() => undefined);
      // the streaming channel needs only the token: its POST runs with org and users/me, not after them
      const channelFetch = requestStreamingChannel(this.http);
      channelFetch.catch(() => undefined); // handled by the connection's first attempt
      const requests = Promise.all([
        this.http.request<IOrgDetails>('organizations/me'),
        this.http.request<IPersonDetails>('users/me?expand=station'),
      ]);
      // the connection (stanza's client and its registry: tens of ms of main-thread work) is built
      // while those requests are in flight; it gets the JID when users/me answers
      agentConnection = new StreamingConnection(connectionOptions(undefined, channelFetch));
      const [org, me] = await requests;
      this.orgDetails = org;
      this.personDetails = me;
      if (!me?.chat?.jabberId) throw new SdkError(SdkErrorTypes.initialization, 'users/me returned no chat.jabberId');
      agentConnection.setJid(me.chat.jabberId);
      // the station is fetched while the streaming connection opens (it only needs users/me)
      const stationId = me.station?.effectiveStation?.id;
      if (stationId && this.isAllowed(SessionTypes.softphone)) {
        stationFetch = StationTracker.fetchStation(this.http, stationId);
        stationFetch.catch(() => undefined); // handled by the station tracker
      }
    } else if (config.authMode === 'guest') {
      this.customerData = await this.redeemGuestData(opts);
      jwt = this.customerData.jwt;
      this.orgDetails = { id: config.organizationId };
    } else {
      jwt = config.jwt as string;
      const claims = parseJwt(jwt);
      if (!claims.data?.jid) throw new SdkError(SdkErrorTypes.invalid_options, 'The jwt has no data.jid claim', { field: 'jwt' });
      this.personDetails = { id: claims.data.uid ?? '', name: claims.name, chat: { jabberId: claims.data.jid } };
      this.orgDetails = { id: claims.org, name: null };
    }
    this.assertNotDestroyed();

    const guestJid = jwt && config.authMode === 'guest' ? parseJwt(jwt).data?.jid : undefined;
    const connection = agentConnection ?? new StreamingConnection(connectionOptions(this.personDetails?.chat.jabberId ?? guestJid));
    this.connection = connection;
    connection.on('state', (state) => this.onConnectionState(state));
    connection.on('connected', ({ reconnect }) => this.emit('connected', { reconnect }));
    connection.on('disconnected', ({ reconnecting, reason }) => {
      if (reconnecting) return; // the documented event means "no longer reconnecting"
      const error = reason instanceof SdkError ? reason : undefined;
      if (error && this.lifecycle === 'ready') this.fail(error, error.type);
      this.emit('disconnected', 'Streaming API connection disconnected', { reconnecting: false, ...(error ? { error } : {}) });
    });
    this.notifications = new Notifications(connection, this.http, config.pubsubHost, this.logger);
    // The socket is created a few microtasks after connect() (after the channel): everything below
    // up to the first await runs before it, so the signaling listeners are on before any stanza.
    const connected = connection.connect();
    connected.catch(() => undefined); // awaited below
    this.createSessionLayer(connection);
    // Subscriptions start now: an agent's go out in one channel PUT as soon as the channel exists,
    // in parallel with the XMPP handshake (Notifications); with the station GET prefetched.
    const softphoneStarted = Promise.all([this.softphone?.start(), this.personDetails && this.video?.start(this.notifications, this.personDetails.id)]);
    softphoneStarted.catch(() => undefined); // awaited below
    let stationStarted: Promise<void> | undefined;
    if (config.authMode === 'agent' && this.isAllowed(SessionTypes.softphone) && this.personDetails) {
      this.stationTracker = new StationTracker(
        this.personDetails.id, this.http, this.notifications, this.logger,
        (event) => this.emit('station', event),
        (enabled) => this.emit('concurrentSoftphoneSessionsEnabled', enabled),
      );
      stationStarted = this.stationTracker.start(this.personDetails.station?.effectiveStation?.id, stationFetch, connected);
      stationStarted.catch(() => undefined); // awaited below
    }
    await connected;
    this.assertNotDestroyed();
    if (stationStarted) {
      await softphoneStarted;
      try {
        await stationStarted;
      } catch (err) {
        // like upstream, a missing station does not stop the SDK: softphone then behaves as LA 1
        this.fail(err, SdkErrorTypes.generic, 'Failed to load the station');
      }
    } else {
      await softphoneStarted;
    }
    this.assertNotDestroyed();
    // the headset mic selection needs enumerateDevices(): off the ready path (it never fails initialize)
    void this.selectHeadsetMic();
  }

  /**
   * End of initialize(), agents with `useHeadsets` on (sdk-flows §10): tell the headset library
   * the selected mic, `defaults.audioDeviceId` or the first audio input. The library picks the
   * vendor implementation from the mic's label. Never fails initialize().
   */
  private async selectHeadsetMic(): Promise<void> {
    const { config } = this;
    if (!config.useHeadsets || config.authMode !== 'agent' || !config.allowedSessionTypes.includes(SessionTypes.softphone)) return;
    try {
      let micId = this.config.defaults.audioDeviceId ?? undefined;
      if (!micId) {
        const inputs = this.media.getAudioDevices().length > 0 ? this.media.getAudioDevices() : (await this.media.enumerateDevices()).filter((d) => d.kind === 'audioinput');
        micId = inputs.find((d) => d.deviceId)?.deviceId;
      }
      if (micId) this.headset.updateAudioInputDevice(micId);
    } catch (err) {
      this.logger.warn('could not select the headset microphone', { error: String(err) });
    }
  }

  private createSessionLayer(connection: StreamingConnection): void {
    this.sessionManager?.destroy(async () => undefined).catch(() => undefined);
    const emit = this.emit.bind(this) as SessionManagerEmit;
    const manager = new SessionManager({
      connection, config: this.config, logger: this.logger, emit,
      fail: (err, type, msg) => this.fail(err, type, msg),
    });
    this.sessionManager = manager;
    const handlers = new HandlerRegistry(manager);
    this.handlers = handlers;
    this.detachRecovery?.();
    this.detachRecovery = attachReconnectRecovery({
      connection, logger: this.logger, sessions: () => manager.getAllSessions(), handlerFor: (s) => manager.handlerOf(s),
    });
    const me = this.personDetails;
    if (this.config.authMode === 'agent' && me && this.isAllowed(SessionTypes.softphone) && this.notifications) {
      const softphone = new SoftphoneHandler({
        manager, http: this.http, notifications: this.notifications, config: this.config, logger: this.logger,
        media: this.media, audioProcessor: this.audioProcessor, headset: this.headset, userId: me.id, jid: () => connection.jid,
        isConcurrent: () => this.isConcurrentSoftphoneSessionsEnabled(),
        isPersistent: () => this.isPersistentConnectionEnabled(),
        isConnected: () => connection.connected,
        emit, fail: (err, type, msg) => this.fail(err, type, msg),
      });
      softphone.onSdkSessionEnded = (listener) => {
        this.on('sessionEnded', listener);
        return () => { this.off('sessionEnded', listener); };
      };
      this.softphone = handlers.register(softphone);
    }
    // video conferences: agents only (9.2.4 refuses guests; JWT video is a later upstream addition)
    const notifications = this.notifications;
    if (this.config.authMode === 'agent' && me && this.isAllowed(SessionTypes.collaborateVideo) && notifications) {
      this.video = handlers.register(new LazyVideoHandler({
        ...this.lazyOptions(manager, SessionTypes.collaborateVideo),
        audioMute: true,
        load: async () => new (await loadSessionHandlers()).VideoHandler({
          manager, http: this.http, notifications, config: this.config, logger: this.logger,
          media: this.media, userId: me.id, jid: () => connection.jid, isConnected: () => connection.connected,
          emit, fail: (err, type, msg) => this.fail(err, type, msg),
          updateOutgoingMedia: async (opts) => (await this.mediaUpdates()).updateOutgoingMedia(opts),
        }),
      }));
    }
    this.createScreenHandlers(handlers, manager, connection);
  }

  private lazyOptions(manager: SessionManager, sessionType: SessionTypes) {
    return { sessionType, manager, logger: this.logger, fail: (err: unknown, type: SdkErrorTypes, msg?: string) => this.fail(err, type, msg) };
  }

  /** The SDK-level media methods (loaded once; again after a failed load). */
  private mediaUpdates(): Promise<SessionMediaUpdates> {
    this.mediaUpdatesLoad ??= import('./sessions/media-updates').then((m) => new m.SessionMediaUpdates(this.mediaUpdatesDeps), (err: unknown) => {
      this.mediaUpdatesLoad = undefined;
      throw err;
    });
    return this.mediaUpdatesLoad;
  }

  /** Right after `ready`, off its path: the video/screen code loads so the first such session does not wait for it. */
  private preloadHandlers(): void {
    const lazy = this.handlers?.all().filter((h): h is LazyHandler<RoutedHandler> => h instanceof LazyHandler) ?? [];
    const stats = !this.config.optOutOfTelemetry && this.handlers?.all().length;
    setTimeout(() => {
      this.mediaUpdates().catch((err: unknown) => { this.logger.warn('the media update code could not be loaded', { error: String(err) }); });
      for (const h of lazy) h.preload();
      if (stats) loadStatsGatherer().catch((err: unknown) => { this.logger.warn('the stats gatherer could not be loaded', { error: String(err) }); });
    }, 0);
  }

  /** Guest screen share, screen recording and live screen monitoring handlers, for the allowed types. */
  private createScreenHandlers(handlers: HandlerRegistry, manager: SessionManager, connection: StreamingConnection): void {
    const deps: ScreenHandlerDeps = {
      manager, connection, http: this.http, config: this.config, logger: this.logger, media: this.media,
      userId: this.personDetails?.id || undefined,
      emit: this.emit.bind(this) as SessionManagerEmit,
      fail: (err, type, msg) => this.fail(err, type, msg),
    };
    if (this.isAllowed(SessionTypes.acdScreenShare)) {
      this.screenShare = handlers.register(new LazyHandler({
        ...this.lazyOptions(manager, SessionTypes.acdScreenShare),
        load: async () => new (await loadSessionHandlers()).ScreenShareHandler({ ...deps, isGuest: this.isGuest, customerData: () => this.customerData }),
      }));
    }
    if (this.isAllowed(SessionTypes.screenRecording) && !this.isGuest) {
      handlers.register(new LazyHandler({
        ...this.lazyOptions(manager, SessionTypes.screenRecording),
        load: async () => new (await loadSessionHandlers()).ScreenRecordingHandler(deps),
      }));
    }
    if (this.isAllowed(SessionTypes.liveScreenMonitoring) && !this.isGuest) {
      handlers.register(new LazyHandler({
        ...this.lazyOptions(manager, SessionTypes.liveScreenMonitoring),
        load: async () => new (await loadSessionHandlers()).LiveMonitoringHandler(deps),
      }));
    }
  }

  /**
   * Runs a session method on the handler of the session's type (`sessionType` when given, else the
   * conversation's; a softphone call wins when a recording shares its conversationId); softphone
   * when there is none. The one routing of every session-type action.
   */
  private async route<T>(method: string, params: { conversationId: string; sessionType?: string }, fn: (h: RoutedHandler) => Promise<T>, type = SdkErrorTypes.session): Promise<T> {
    if (this.lifecycle !== 'ready') throw this.notInitialized(method);
    const handler = this.handlers?.get(this.handlers.typeFor(params)) ?? this.softphoneOrThrow(method);
    try {
      return await fn(handler);
    } catch (err) {
      throw this.fail(err, type, `${method}() failed`);
    }
  }

  private async redeemGuestData(opts?: ISdkInitializeOptions): Promise<ICustomerData> {
    if (opts && 'conversation' in opts) {
      if (opts.conversation?.id && opts.sourceCommunicationId && opts.jwt) {
        this.sdkLogger.redactor.addSecret(opts.jwt);
        return opts;
      }
      throw new SdkError(SdkErrorTypes.invalid_options, 'Customer data needs conversation.id, sourceCommunicationId and jwt', { field: 'conversation' });
    }
    if (!opts || !('securityCode' in opts) || typeof opts.securityCode !== 'string' || !opts.securityCode) {
      throw new SdkError(SdkErrorTypes.invalid_options, '`securityCode` is required to initialize the SDK as a guest', { field: 'securityCode' });
    }
    const data = await this.http.request<ICustomerData>('conversations/codes', {
      method: 'POST',
      auth: 'none',
      body: { organizationId: this.config.organizationId, addCommunicationCode: opts.securityCode },
      // a redeemed code is single-use: only retry what the server did not process (429, 503)
      retry: { retryStatuses: [429, 503], retryNetworkErrors: false },
    });
    if (!data?.jwt) throw new SdkError(SdkErrorTypes.initialization, 'The security code response had no jwt');
    this.sdkLogger.redactor.addSecret(data.jwt);
    return data;
  }

  /** Sets the access token used by HTTP requests now and by the streaming socket at its next (re)connect. */
  setAccessToken(token: string): void {
    if (typeof token !== 'string' || !token) {
      throw this.fail(new SdkError(SdkErrorTypes.invalid_options, '`token` must be a non-empty string', { field: 'token' }), SdkErrorTypes.invalid_options);
    }
    this.accessToken = token;
    this.invalidTokenReported = false;
    this.sdkLogger.setAccessToken(token);
    this.logger.info('access token updated');
    // the socket gave up on the old token: come back with the new one (new channel, resubscribed)
    const connection = this.connection;
    if (this.lifecycle === 'ready' && connection?.state === ConnectionState.disconnected && !this.userDisconnected) {
      connection.reconnect(true).catch((err: unknown) => { this.logger.warn('reconnect with the new token failed', { error: String(err) }); });
    }
  }

  /** true if the effective station has persistent connection enabled (`inin_webrtc_softphone` only). */
  isPersistentConnectionEnabled(): boolean {
    return this.stationTracker?.isPersistentConnectionEnabled() ?? false;
  }

  /** true if the effective station's line appearance is greater than 1. */
  isConcurrentSoftphoneSessionsEnabled(): boolean {
    return this.stationTracker?.isConcurrentSoftphoneSessionsEnabled() ?? false;
  }

  /**
   * Reconnects the streaming socket now. After the connection gave up (`disconnected`),
   * this creates a new channel and resubscribes. Resolves when connected.
   */
  async reconnect(): Promise<void> {
    const connection = this.connection;
    if (this.lifecycle !== 'ready' || !connection) throw this.notInitialized('reconnect');
    this.userDisconnected = false;
    try {
      // reconnects retry without limit in the background; the caller waits a bounded time
      await withTimeout(connection.reconnect(connection.state === 'disconnected'), RECONNECT_WAIT_MS,
        () => new SdkError(SdkErrorTypes.session, `Not reconnected within ${RECONNECT_WAIT_MS / 1000} s; still trying in the background`));
    } catch (err) {
      throw this.fail(err, SdkErrorTypes.session, 'reconnect() failed');
    }
  }

  /** Disconnects the streaming socket (no automatic reconnect). Sessions are not ended. */
  async disconnect(): Promise<void> {
    this.userDisconnected = true;
    this.http.cancelAll();
    await this.connection?.disconnect();
  }

  /** Ends sessions, disconnects, flushes logs and removes all listeners. Always settles; the instance is unusable afterwards. */
  async destroy(): Promise<void> {
    if (this.lifecycle === 'destroyed' || this.lifecycle === 'destroying') return;
    this.lifecycle = 'destroying';
    this.logger.info('SDK destroying');
    // sessions end first, while the socket can still carry the terminates
    const manager = this.sessionManager;
    if (manager) await settleWithin(manager.destroy((session) => session.end('success')), 5000);
    this.handlers?.destroy();
    this.offDevices();
    this.media.destroy();
    this.headset.destroy?.();
    await settleWithin(this.disconnect(), 5000);
    this.notifications?.clear();
    await settleWithin(this.sdkLogger.flushAndStop(), 3000);
    this.removeAllListeners();
    this.lifecycle = 'destroyed';
  }

  // ---- sessions ----

  private softphoneOrThrow(method: string): SoftphoneHandler {
    if (this.lifecycle !== 'ready') throw this.notInitialized(method);
    if (!this.softphone) throw this.fail(new SdkError(SdkErrorTypes.generic, `${method}(): softphone sessions are not enabled`), SdkErrorTypes.generic);
    return this.softphone;
  }

  private async run<T>(method: string, fn: (softphone: SoftphoneHandler) => Promise<T>, type = SdkErrorTypes.session): Promise<T> {
    const softphone = this.softphoneOrThrow(method);
    try {
      return await fn(softphone);
    } catch (err) {
      throw this.fail(err, type, `${method}() failed`);
    }
  }

  /** Checks a method's parameters first (a bad one rejects `invalid_options`), then runs it. */
  private checked<T>(method: string, check: () => unknown, run: () => Promise<T>): Promise<T> {
    try {
      check();
    } catch (err) {
      return Promise.reject(this.fail(err, SdkErrorTypes.invalid_options, `${method}() failed`));
    }
    return run();
  }

  /** Places a call (POST conversations/calls). Resolves with the new conversation's `{id, selfUri}`. */
  startSoftphoneSession(params: IStartSoftphoneSessionParams): Promise<{ id: string; selfUri: string }> {
    return this.run('startSoftphoneSession', (s) => s.startSoftphoneSession(checkStartSoftphoneParams(params)));
  }

  /** Accepts a pending session (XMPP proceed; REST for LA1/persistent synthetic ones). */
  acceptPendingSession(params: IPendingSessionActionParams): Promise<void> {
    return this.checked('acceptPendingSession', () => checkConversationParams('acceptPendingSession', params), () => {
      return this.route('acceptPendingSession', params, (h) => h.acceptPendingSession(params));
    });
  }

  /** Rejects a pending session: softphone over REST (voicemail for user-to-user calls), a 1:1 video invite with `<reject>`. */
  rejectPendingSession(params: IPendingSessionActionParams): Promise<void> {
    return this.checked('rejectPendingSession', () => checkConversationParams('rejectPendingSession', params), () => {
      return this.route('rejectPendingSession', params, (h) => h.rejectPendingSession(params));
    });
  }

  /** Answers a started session with media (`mediaStream`, or the default stream, or the microphone; camera too for video). */
  acceptSession(params: IAcceptSessionRequest): Promise<void> {
    return this.checked('acceptSession', () => checkConversationParams('acceptSession', params), () => {
      return this.route('acceptSession', params, (h) => h.acceptSession(params));
    });
  }

  /** Softphone: hangs up (PATCH disconnected) and resolves once `sessionEnded` fired (bounded). Video: leaves (session-terminate). */
  endSession(params: IEndSessionRequest): Promise<void> {
    return this.checked('endSession', () => checkConversationParams('endSession', params), () => {
      return this.route('endSession', params, (h) => h.endSession(params));
    });
  }

  /**
   * Guests: asks for a screen at once (call it from the user gesture), starts the share and
   * resolves with the screen stream (before the session exists). Agents: `not_supported`.
   */
  startScreenShare(): Promise<MediaStream> {
    if (this.lifecycle !== 'ready') return Promise.reject(this.notInitialized('startScreenShare'));
    try {
      if (!this.isGuest) throw new SdkError(SdkErrorTypes.not_supported, 'Agent screen share is not yet supported');
      if (!this.screenShare) throw new SdkError(SdkErrorTypes.not_supported, 'screenShare is not in allowedSessionTypes');
      // synchronous up to getDisplayMedia: the picker needs the user gesture
      // a refused or failed screen picker is reported by sdk.media (sdkError `media`) and rejects as is
      const loaded = this.screenShare.loaded;
      return loaded ? loaded.startScreenShare() : this.screenShare.run((h) => h.startScreenShare());
    } catch (err) {
      return Promise.reject(this.fail(err, SdkErrorTypes.session, 'startScreenShare() failed'));
    }
  }

  /** true for a screen recording session (type guard). */
  isScreenRecordingSession(session: IExtendedMediaSession | IPendingSession | undefined): boolean {
    return session?.sessionType === SessionTypes.screenRecording;
  }

  /** true for a live screen monitoring session (type guard). */
  isLiveScreenMonitoringSession(session: IExtendedMediaSession | IPendingSession | undefined): boolean {
    return session?.sessionType === SessionTypes.liveScreenMonitoring;
  }

  /** Terminates a session over signaling and resolves once it ended. */
  async forceTerminateSession(sessionId: string, reason?: JingleReasonCondition): Promise<void> {
    try {
      checkSessionId('forceTerminateSession', sessionId, reason);
    } catch (err) {
      throw this.fail(err, SdkErrorTypes.invalid_options);
    }
    if (this.lifecycle !== 'ready') throw this.notInitialized('forceTerminateSession');
    const session = this.sessionManager?.getSession(sessionId);
    if (!session) throw this.fail(new SdkError(SdkErrorTypes.session, 'Unable to find session', { sessionId }), SdkErrorTypes.session);
    try {
      await session.end(reason ?? 'success');
    } catch (err) {
      throw this.fail(err, SdkErrorTypes.session, 'forceTerminateSession() failed');
    }
  }

  /** Softphone: mutes the user's call (PATCH muted) and the mic track. Video: the mic track, and the cloud is told. */
  setAudioMute(params: ISessionMuteRequest): Promise<void> {
    return this.checked('setAudioMute', () => checkToggleParams('setAudioMute', params, 'mute'), () => {
      // a type without audio mute (screens) goes to softphone, which owns the call a recording shares
      return this.route('setAudioMute', params, (h) => (h.setAudioMute ? h.setAudioMute(params) : this.softphoneOrThrow('setAudioMute').setAudioMute(params)), SdkErrorTypes.generic);
    });
  }

  // ---- video conferences (docs/video.md) ----

  private videoOrThrow(method: string): LazyVideoHandler {
    // guests first, like upstream: not_supported whatever the state
    if (this.config.authMode !== 'agent') {
      throw this.fail(new SdkError(SdkErrorTypes.not_supported, `${method}(): video conferencing is not supported for guests`), SdkErrorTypes.not_supported);
    }
    if (this.lifecycle !== 'ready') throw this.notInitialized(method);
    if (!this.video) throw this.fail(new SdkError(SdkErrorTypes.not_supported, `${method}(): collaborateVideo sessions are not enabled (allowedSessionTypes)`), SdkErrorTypes.not_supported);
    return this.video;
  }

  private async runVideo<T>(method: string, fn: (video: LazyVideoHandler) => Promise<T>, type = SdkErrorTypes.session): Promise<T> {
    const video = this.videoOrThrow(method);
    try {
      return await fn(video);
    } catch (err) {
      throw this.fail(err, type, `${method}() failed`);
    }
  }

  /**
   * Joins (or creates) the conference `roomJid` (`<name>@conference.<domain>`). With `inviteeJid`,
   * that user gets a 1:1 invite (`pendingSession`). The room's session then arrives as
   * `sessionStarted`; accept it with `acceptSession({ conversationId, videoElement, … })`.
   */
  startVideoConference(roomJid: string, inviteeJid?: string): Promise<{ conversationId: string }> {
    return this.runVideo('startVideoConference', (v) => v.startVideoConference(roomJid, inviteeJid));
  }

  /** Joins a meeting by id; its session arrives as `sessionStarted` like a conference's. */
  startVideoMeeting(meetingId: string): Promise<{ conversationId: string }> {
    return this.runVideo('startVideoMeeting', (v) => v.startVideoMeeting(meetingId));
  }

  /** Camera off (the track is stopped) or on (a new camera track, `unmuteDeviceId` or the default); the cloud is told. */
  setVideoMute(params: ISessionMuteRequest): Promise<void> {
    return this.runVideo('setVideoMute', (v) => v.setVideoMute(params), SdkErrorTypes.generic);
  }

  /** Holds/unholds the user's call (PATCH held). */
  setConversationHeld(params: IConversationHeldRequest): Promise<void> {
    return this.run('setConversationHeld', (s) => s.setConversationHeld(checkToggleParams('setConversationHeld', params, 'held')), SdkErrorTypes.call);
  }

  // ---- media and devices (docs/media.md "SDK-level methods") ----

  private async mediaCall<T>(method: string, fn: () => T | Promise<T>, type = SdkErrorTypes.generic): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw this.fail(err, type, `${method}() failed`);
    }
  }

  /**
   * Routes every live session's incoming audio to `deviceId` (`true` the SDK default output,
   * `null` the system default). An unknown id falls back to the SDK default, else the system
   * default (logged). Without setSinkId support: a warning. `defaults.outputDeviceId` is unchanged.
   */
  updateOutputDevice(deviceId: string | true | null): Promise<void> {
    return this.mediaCall('updateOutputDevice', async () => (await this.mediaUpdates()).updateOutputDevice(deviceId));
  }

  /**
   * Switches a session's outgoing media to `stream`, or to new media from `audioDeviceId` /
   * `videoDeviceId`, with `sender.replaceTrack` (no renegotiation). Mute state is kept.
   */
  updateOutgoingMedia(options: IUpdateOutgoingMedia): Promise<void> {
    return this.mediaCall('updateOutgoingMedia', async () => (await this.mediaUpdates()).updateOutgoingMedia(options));
  }

  /** Updates the SDK default devices; active sessions only with `updateActiveSessions: true`. */
  updateDefaultDevices(options: IMediaDeviceIds & { updateActiveSessions?: boolean } = {}): Promise<void> {
    return this.mediaCall('updateDefaultDevices', async () => (await this.mediaUpdates()).updateDefaultDevices(options));
  }

  /** Updates the default video resolution; live session video tracks only with `updateActiveSessions` (`resolutionUpdated` per track). */
  updateDefaultResolution(resolution: IVideoResolution | undefined, updateActiveSessions: boolean): Promise<void> {
    return this.mediaCall('updateDefaultResolution', async () => (await this.mediaUpdates()).updateDefaultResolution(resolution, updateActiveSessions));
  }

  /** Updates the default mic constraints / monitorMicVolume; re-requests live session mics only with `updateActiveSessions`. */
  updateDefaultMediaSettings(options: IMediaSettings & { updateActiveSessions?: boolean } = {}): Promise<void> {
    return this.mediaCall('updateDefaultMediaSettings', async () => (await this.mediaUpdates()).updateDefaultMediaSettings(options));
  }

  /** Sets the default volume (0–100) and every live session's audio element volume. Out of range → SdkError `invalid_options`. */
  updateAudioVolume(volume: number): void {
    try {
      applyAudioVolume(this.mediaUpdatesDeps, volume);
    } catch (err) {
      throw this.fail(err, SdkErrorTypes.invalid_options);
    }
  }

  /** Sets (falsy: clears) the SDK default audio stream (`sdk.media.setDefaultAudioStream`). */
  setDefaultAudioStream(stream?: MediaStream | null): void {
    if (stream && !(typeof MediaStream !== 'undefined' && stream instanceof MediaStream)) {
      throw this.fail(new SdkError(SdkErrorTypes.invalid_options, 'setDefaultAudioStream(): `stream` must be a MediaStream, null or undefined', { field: 'stream' }), SdkErrorTypes.invalid_options);
    }
    this.media.setDefaultAudioStream(stream);
  }

  /** The session with this id, if live. */
  getSession(sessionId: string): IExtendedMediaSession | undefined {
    return this.sessionManager?.getSession(sessionId);
  }

  /** Every live session. */
  getAllSessions(): IExtendedMediaSession[] {
    return this.sessionManager?.getAllSessions() ?? [];
  }

  /** The softphone conversations of the last `conversationUpdate` (`current`). */
  getActiveConversations(): IStoredConversationState[] {
    return this.softphone?.conversations.lastEvent?.current ?? [];
  }

  /** @internal live session objects (tests, elements) */
  get _sessions(): GenesysMediaSession[] { return this.sessionManager?.getAllSessions() ?? []; }
  /** @internal pending proposals held (leak checks) */
  get _pendingCount(): number { return this.sessionManager?.pendingCount ?? 0; }

  // ---- internal API for the session/softphone layers (not part of the documented surface) ----

  /** @internal the resolved configuration */
  get _config(): Readonly<ResolvedConfig> { return this.config; }
  /** @internal the platform API client */
  get _http(): PlatformClient { return this.http; }
  /** @internal the streaming connection (undefined before initialize) */
  get _streamingConnection(): StreamingConnection | undefined { return this.connection; }
  /** @internal topic subscriptions */
  get _notifications(): Notifications | undefined { return this.notifications; }
  /** @internal users/me (agent) or JWT-derived person */
  get _personDetails(): IPersonDetails | undefined { return this.personDetails; }
  /** @internal organizations/me (agent) */
  get _orgDetails(): IOrgDetails | undefined { return this.orgDetails; }
  /** @internal redeemed guest data */
  get _customerData(): ICustomerData | undefined { return this.customerData; }
  /** @internal ICE servers from the last discovery */
  get _iceConfiguration(): IceConfiguration | undefined { return this.connection?.iceConfiguration; }
  /** @internal creates and emits an SdkError (for other engine layers) */
  _fail(error: unknown, type: SdkErrorTypes, message?: string): SdkError { return this.fail(error, type, message); }
}

export default GenesysCloudWebrtcSdk;
