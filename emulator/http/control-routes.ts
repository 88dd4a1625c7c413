import type { Faults, HttpFault } from '../faults';
import { summarize, type ChannelRegistry } from '../notifications/channels';
import type { Notifier } from '../notifications/notifier';
import * as ids from '../world/ids';
import { GUEST_ISSUER, SCREEN_RECORDING_ISSUER, type JwtIssuer } from '../world/jwt';
import type { LogSink } from '../world/log-sink';
import type { AgentInfo } from '../world/types';
import { WorldError, type World } from '../world/world';
import type { XmppServer } from '../xmpp/server';
import { field } from './platform-routes';
import { HttpError, badRequest, notFound, type RouteContext, type RouteHandler, type Router } from './router';

export const CONTROL_PREFIX = '/__emulator';

export interface ControlDeps {
  world: World;
  channels: ChannelRegistry;
  notifier: Notifier;
  xmpp: XmppServer;
  faults: Faults;
  logs: LogSink;
  jwt: JwtIssuer;
  info: () => unknown;
  reset: () => void;
  /** Per-agent settings other modules keep (the softphone's `signaling`). */
  agentCreated?: (userId: string, settings: { signaling?: 'jingle' | 'sdp' }) => void;
}

const DEFAULT_JWT_LIFETIME_S = 3600;
const HTTP_FAULT_STATUSES = [401, 429, 500, 503] as const;

/** Test and demo control surface under `/__emulator` (JSON in and out, no auth). */
export function addControlRoutes(router: Router, deps: ControlDeps): void {
  const { world, xmpp, faults } = deps;
  const route = (method: string, path: string, handler: RouteHandler) =>
    router.add(method, CONTROL_PREFIX + path, async (ctx) => {
      try {
        return await handler(ctx);
      } catch (err) {
        if (err instanceof WorldError) throw new HttpError(err.status, err.status === 404 ? 'not.found' : 'bad.request', err.message);
        throw err;
      }
    });
  const userParam = (ctx: RouteContext) => {
    const user = world.user(ctx.params.id ?? '');
    if (!user) throw notFound(`User ${ctx.params.id} not found.`);
    return user;
  };

  route('GET', '/health', () => ({ body: { ok: true } }));
  route('GET', '/info', () => ({ body: deps.info() }));
  route('POST', '/reset', () => {
    deps.reset();
    return { body: { ok: true } };
  });

  route('POST', '/agents', async (ctx) => {
    const body = objectBody(await ctx.body());
    const lineAppearance = optional(body, 'lineAppearance', (v) => Number.isInteger(v) && (v as number) > 0);
    const persistentConnection = optional(body, 'persistentConnection', isBoolean);
    const forceTurn = optional(body, 'forceTurn', isBoolean);
    const signaling = optional(body, 'signaling', (v) => v === 'jingle' || v === 'sdp') as 'jingle' | 'sdp' | undefined;
    const user = world.createAgent(field(body, 'organizationId') ?? world.defaultOrganization.id, {
      name: field(body, 'name'),
      station: {
        lineAppearance: lineAppearance as number | undefined,
        persistentConnection: persistentConnection as boolean | undefined,
        forceTurn: forceTurn as boolean | undefined,
      },
    });
    deps.agentCreated?.(user.id, signaling ? { signaling } : {});
    return { status: 201, body: { ...(world.agentInfo(user) satisfies AgentInfo), ...(signaling ? { signaling } : {}) } };
  });

  route('GET', '/users', () => ({
    body: {
      entities: [...world.users.values()].map((u) => ({
        ...world.agentInfo(u),
        associatedStationId: u.associatedStationId ?? null,
        sockets: xmpp.sessionsOfUser(u.id).length,
      })),
    },
  }));

  route('POST', '/users/:id/station', async (ctx) => {
    const user = userParam(ctx);
    const station = world.associateStation(user.id, field(await ctx.body(), 'stationId'));
    return { body: { userId: user.id, stationId: station.id } };
  });

  route('DELETE', '/users/:id/station', (ctx) => {
    const user = userParam(ctx);
    world.disassociateStation(user.id);
    return { body: { userId: user.id, stationId: null } };
  });

  route('POST', '/users/:id/tokens', (ctx) => ({ status: 201, body: { accessToken: world.issueToken(userParam(ctx).id) } }));
  route('POST', '/tokens/:token/expire', (ctx) => {
    world.setTokenState(ctx.params.token ?? '', 'expired');
    return { body: { ok: true } };
  });
  route('POST', '/tokens/:token/revoke', (ctx) => {
    world.setTokenState(ctx.params.token ?? '', 'revoked');
    return { body: { ok: true } };
  });

  route('POST', '/guest-codes', async (ctx) => {
    const body = await ctx.body();
    const org = world.organization(field(body, 'organizationId') ?? world.defaultOrganization.id);
    if (!org) throw notFound('Organization not found.');
    const code = world.createGuestCode(org.id, field(body, 'conversationId'));
    return { status: 201, body: { securityCode: code.code, conversationId: code.conversationId, organizationId: org.id } };
  });

  route('POST', '/jwt', async (ctx) => {
    const body = objectBody(await ctx.body());
    const lifetime = optional(body, 'expiresInSeconds', (v) => typeof v === 'number' && Number.isFinite(v)) as number | undefined;
    const now = Math.floor(Date.now() / 1000);
    const exp = now + (lifetime ?? DEFAULT_JWT_LIFETIME_S);
    const userId = field(body, 'userId');
    if (userId) {
      // Screen-recording ("background assistant") JWT for a real user.
      const user = world.user(userId);
      if (!user) throw notFound(`User ${userId} not found.`);
      return {
        status: 201,
        body: {
          jwt: deps.jwt.sign({
            data: { uid: user.id, jid: user.jabberId }, name: user.name, org: user.organizationId,
            iss: SCREEN_RECORDING_ISSUER, exp, iat: now,
          }),
        },
      };
    }
    const org = world.organization(field(body, 'organizationId') ?? world.defaultOrganization.id);
    if (!org) throw notFound('Organization not found.');
    const jwt = deps.jwt.sign({
      data: {
        jid: `acd-${ids.uuid()}@conference.${org.domain}`,
        conversationId: field(body, 'conversationId') ?? ids.uuid(),
        sourceCommunicationId: ids.uuid(),
      },
      org: org.id, iss: GUEST_ISSUER, exp, iat: now,
    });
    return { status: 201, body: { jwt } };
  });

  route('GET', '/logs', () => ({ body: { entries: deps.logs.list() } }));
  route('DELETE', '/logs', () => {
    deps.logs.clear();
    return { status: 204 };
  });

  route('POST', '/notify', async (ctx) => {
    const body = objectBody(await ctx.body());
    const topic = field(body, 'topic');
    if (!topic) throw badRequest('"topic" is required.');
    const channelId = field(body, 'channelId');
    if (channelId) {
      // Raw delivery of a system node (no subscription needed), e.g. system.v2.no_longer_subscribed.<id>.
      if (!deps.channels.get(channelId)) throw notFound(`Channel ${channelId} not found.`);
      return { body: { channels: 1, sockets: deps.notifier.publishToChannel(channelId, topic, body.payload ?? {}) } };
    }
    const metadata = body.metadata;
    if (metadata !== undefined && !isPlainObject(metadata)) throw badRequest('"metadata" must be an object.');
    return { body: deps.notifier.publish(topic, body.eventBody ?? {}, metadata) };
  });

  route('GET', '/faults', () => ({ body: faults.snapshot() }));
  route('POST', '/faults', async (ctx) => {
    const body = objectBody(await ctx.body());
    switch (body.type) {
      case 'drop-sockets': {
        // a world user, or a guest's synthetic id while it has sockets (GET sessions lists them)
        const userId = field(body, 'userId') ?? '';
        if (!world.user(userId) && xmpp.sessionsOfUser(userId).length === 0) throw notFound('User not found.');
        return { body: { dropped: xmpp.dropUser(userId) } };
      }
      case 'refuse-pings': {
        const user = world.user(field(body, 'userId') ?? '');
        if (!user) throw notFound('User not found.');
        if (!isBoolean(body.enabled)) throw badRequest('"enabled" must be a boolean.');
        faults.setRefusePings(user.id, body.enabled);
        return { body: faults.snapshot() };
      }
      case 'http': {
        faults.addHttpFault(parseHttpFault(body));
        return { body: faults.snapshot() };
      }
      case 'clear':
        faults.clear();
        return { body: faults.snapshot() };
      default:
        throw badRequest('"type" must be drop-sockets, refuse-pings, http or clear.');
    }
  });

  route('GET', '/channels', () => ({
    body: {
      entities: deps.channels.all().map((c) => ({
        ...summarize(c),
        sockets: xmpp.sessions().filter((s) => s.channelId === c.id).length,
      })),
    },
  }));

  route('GET', '/sessions', () => ({ body: { entities: xmpp.sessions().map(({ jwtClaims: _claims, ...s }) => s) } }));
}

function parseHttpFault(body: Record<string, unknown>): HttpFault {
  const status = body.status;
  if (!HTTP_FAULT_STATUSES.includes(status as HttpFault['status'])) {
    throw badRequest(`"status" must be one of ${HTTP_FAULT_STATUSES.join(', ')}.`);
  }
  const count = body.count ?? 1;
  if (!Number.isInteger(count) || (count as number) < 1) throw badRequest('"count" must be a positive integer.');
  const retryAfter = optional(body, 'retryAfter', (v) => typeof v === 'number' && v >= 0) as number | undefined;
  const pathPrefix = field(body, 'pathPrefix');
  const message = field(body, 'message');
  return {
    ...(message ? { message } : {}),
    status: status as HttpFault['status'],
    remaining: count as number,
    ...(retryAfter !== undefined ? { retryAfter } : {}),
    // Accept `users/me` as shorthand for `/api/v2/users/me`.
    ...(pathPrefix ? { pathPrefix: pathPrefix.startsWith('/') ? pathPrefix : `/api/v2/${pathPrefix}` } : {}),
  };
}

function objectBody(body: unknown): Record<string, unknown> {
  if (body === undefined) return {};
  if (!isPlainObject(body)) throw badRequest('The body must be a JSON object.');
  return body;
}

function optional(body: Record<string, unknown>, name: string, valid: (v: unknown) => boolean): unknown {
  const v = body[name];
  if (v === undefined) return undefined;
  if (!valid(v)) throw badRequest(`"${name}" has an invalid value.`);
  return v;
}

const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean';
const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
