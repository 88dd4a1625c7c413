import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { installSoftphone, type CallService } from './conversations';
import { MediaEdge } from './media/media-edge';
import { installScreen, type ScreenService } from './screen';
import { installVideo, type VideoService } from './video';
import { Faults } from './faults';
import { createAuthenticator } from './http/auth';
import { addControlRoutes } from './http/control-routes';
import { addPlatformRoutes } from './http/platform-routes';
import { Router } from './http/router';
import { createRequestListener } from './http/server';
import { createLogger } from './log';
import { ChannelRegistry } from './notifications/channels';
import { Notifier } from './notifications/notifier';
import { publishStationEvents } from './notifications/station-events';
import { JwtIssuer } from './world/jwt';
import { LogSink } from './world/log-sink';
import { DEFAULT_SEED, loadSeedFile, resolveSeed, validateSeed } from './world/seed';
import type { AgentInfo, WorldSeed } from './world/types';
import { World } from './world/world';
import { XmppServer } from './xmpp/server';

export interface EmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** A seed object or the path of a JSON world file; default: one org with four agents. */
  world?: WorldSeed | string;
  /** Answer `enable.server.side.pings` subscriptions and ping those clients (default true). */
  serverPings?: boolean;
  /** Period of server-side pings (default 15 s, below the 35 s client watchdog of 19.x). */
  serverPingIntervalMs?: number;
  /** Debug logging on stderr (never includes tokens, JWTs or TURN credentials). */
  verbose?: boolean;
  /** Host candidate addresses of the softphone media legs (default `['127.0.0.1']`). */
  mediaHostAddresses?: string[];
}

/** The CLI's JSON line. */
export interface EmulatorInfo {
  /** API base URL for the SDK's `environment` option, e.g. `http://127.0.0.1:PORT`. */
  environment: string;
  /** For the SDK's `wsHost` option, e.g. `ws://127.0.0.1:PORT`. */
  wsHost: string;
  organizationId: string;
  agents: AgentInfo[];
}

export interface RunningEmulator {
  /** Current info (agents added through the control API included). */
  readonly info: EmulatorInfo;
  /** Base URL (same as `info.environment`). */
  readonly url: string;
  readonly world: World;
  readonly xmpp: XmppServer;
  readonly notifier: Notifier;
  readonly channels: ChannelRegistry;
  /** Add platform routes here (e.g. `/api/v2/conversations/...`) or control routes under `/__emulator`. */
  readonly router: Router;
  readonly faults: Faults;
  readonly logs: LogSink;
  readonly jwt: JwtIssuer;
  /** Softphone calls: conversations, signalling sessions, media legs, settings. */
  readonly softphone: CallService;
  /** Guest screen share, screen recordings, live screen monitoring. */
  readonly screens: ScreenService;
  /** Video rooms and meetings: conversations, SFU, bots. */
  readonly video: VideoService;
  /** Same as `POST /__emulator/reset`. */
  reset(): void;
  /** Runs after every reset, so modules can drop their own state. */
  onReset(listener: () => void): () => void;
  /** Closes sockets and the HTTP server; the process can exit afterwards. */
  close(): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const seed = typeof options.world === 'string'
    ? await loadSeedFile(options.world)
    : validateSeed(options.world ?? DEFAULT_SEED);
  const log = createLogger(options.verbose ?? false);
  const world = new World(resolveSeed(seed));
  const channels = new ChannelRegistry();
  const faults = new Faults();
  const logs = new LogSink();
  const jwt = new JwtIssuer();
  const xmpp = new XmppServer({
    world, channels, jwt, faults, log,
    serverPings: { enabled: options.serverPings ?? true, intervalMs: options.serverPingIntervalMs ?? 15000 },
  });
  const notifier = new Notifier(channels, xmpp);
  publishStationEvents(world, notifier);

  const resetListeners = new Set<() => void>();
  const reset = () => {
    xmpp.dropAll();
    channels.clear();
    faults.clear();
    logs.clear();
    world.reset();
    softphone.reset();
    screens.reset();
    video.reset();
    for (const listener of resetListeners) listener();
  };

  const router = new Router();
  const server = createServer(createRequestListener(router, faults, log));
  server.on('upgrade', (req, socket, head) => xmpp.handleUpgrade(req, socket, head));
  server.on('clientError', (_err, socket) => socket.destroy());

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = publicHost(host);
  const url = `http://${urlHost}:${port}`;
  const wsHost = `ws://${urlHost}:${port}`;

  const info = (): EmulatorInfo => ({
    environment: url,
    wsHost,
    organizationId: world.defaultOrganization.id,
    agents: [...world.users.values()].map((u) => world.agentInfo(u)),
  });

  addPlatformRoutes(router, { world, channels, jwt, logs, authenticate: createAuthenticator(world, jwt), wsHost: () => wsHost });
  const softphone = installSoftphone({ world, xmpp, notifier, router, jwt, log, mediaHostAddresses: options.mediaHostAddresses });
  // before any generic `@conference` endpoint: the screen rooms (acd-, screenrecording-, livemonitor-) are its own
  const screenEdge = new MediaEdge({ hostAddresses: options.mediaHostAddresses ?? ['127.0.0.1'] });
  const screens = installScreen({ world, xmpp, router, jwt, log, calls: softphone, edge: screenEdge });
  const video = installVideo({
    world, xmpp, notifier, router, jwt, log, mediaHostAddresses: options.mediaHostAddresses,
    flavourOf: (userId) => softphone.agentFlavour(userId),
    graceMs: () => softphone.settings.socketGraceMs,
  });
  softphone.otherConversations.push((userId, id) => video.conversationJson(userId, id));
  addControlRoutes(router, {
    world, channels, notifier, xmpp, faults, logs, jwt, info, reset,
    agentCreated: (userId, settings) => settings.signaling && softphone.setAgentSignaling(userId, settings.signaling),
  });
  log.debug(`emulator listening on ${url}`);

  let closing: Promise<void> | undefined;
  return {
    get info() { return info(); },
    url,
    world, xmpp, notifier, channels, router, faults, logs, jwt, softphone, screens, video,
    reset,
    onReset(listener) {
      resetListeners.add(listener);
      return () => resetListeners.delete(listener);
    },
    close() {
      closing ??= (async () => {
        video.close();
        await softphone.close();
        screens.dispose();
        await screenEdge.closeAll();
        await xmpp.close();
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      })();
      return closing;
    },
  };
}

/** URLs must be dialable: a wildcard bind address is advertised as loopback. */
function publicHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

export type { AgentInfo, WorldSeed } from './world/types';
export type { World } from './world/world';
export type { XmppServer, XmppServerEvents } from './xmpp/server';
export type { EndpointHandler, EndpointReply, InboundStanza, JidMatcher, SessionInfo } from './xmpp/routing';
export type { Notifier, NotificationPayload, PublishResult } from './notifications/notifier';
export type { Router, RouteContext, RouteHandler, RouteResponse } from './http/router';
export { HttpError } from './http/router';
export type { VideoService, VideoRoom, VideoParticipant } from './video';
export { RtpForwarder, forwardLeg, legSink, legSource, type RtpSink, type RtpSource } from './media/rtp-forward';
export type { Principal } from './http/auth';
