import type { ChannelRegistry } from '../notifications/channels';
import { expandTopicId } from '../notifications/topics';
import * as ids from '../world/ids';
import { GUEST_ISSUER, type JwtIssuer } from '../world/jwt';
import type { LogSink } from '../world/log-sink';
import type { World } from '../world/world';
import { requireUser, type Authenticator } from './auth';
import { organizationJson, parseExpand, stationJson, userJson } from './representations';
import { HttpError, badRequest, notFound, type RouteContext, type Router } from './router';

export interface PlatformDeps {
  world: World;
  channels: ChannelRegistry;
  jwt: JwtIssuer;
  logs: LogSink;
  authenticate: Authenticator;
  /** `ws://host:port`, for channel `connectUri`s. */
  wsHost: () => string;
}

const GUEST_JWT_LIFETIME_S = 3600;

const DIAGNOSTICS_PATHS = [
  '/api/v2/diagnostics/trace',
  '/api/v2/diagnostics/trace/backgroundassistant',
  '/api/v2/diagnostics/newrelic/insights',
  '/api/v2/diagnostics/newrelic/insights/backgroundassistant',
];

/** The `/api/v2` surface the upstream SDK and streaming client use (sdk-flows "(a) Minimal REST surface"). */
export function addPlatformRoutes(router: Router, deps: PlatformDeps): void {
  const { world, channels, authenticate } = deps;
  const me = (ctx: RouteContext) => requireUser(authenticate(ctx));

  router.get('/api/v2/users/me', (ctx) => ({ body: userJson(world, me(ctx), parseExpand(ctx.query)) }));

  router.get('/api/v2/users/:id', (ctx) => {
    const caller = me(ctx);
    const user = world.user(ctx.params.id ?? '');
    if (!user || user.organizationId !== caller.organizationId) throw notFound(`User ${ctx.params.id} not found.`);
    return { body: userJson(world, user, parseExpand(ctx.query)) };
  });

  router.get('/api/v2/organizations/me', (ctx) => {
    const org = world.organization(me(ctx).organizationId);
    if (!org) throw notFound('Organization not found.');
    return { body: organizationJson(org) };
  });

  router.get('/api/v2/stations/:id', (ctx) => {
    const caller = me(ctx);
    const station = world.stations.get(ctx.params.id ?? '');
    if (!station || station.organizationId !== caller.organizationId) throw notFound(`Station ${ctx.params.id} not found.`);
    return { body: stationJson(world, station) };
  });

  // --- notification channels ---------------------------------------------------------------------

  router.post('/api/v2/notifications/channels', (ctx) => {
    const channel = channels.create(me(ctx).id);
    return {
      body: {
        id: channel.id,
        connectUri: `${deps.wsHost()}/stream/channels/${channel.id}`,
        expires: channel.expires.toISOString(),
      },
    };
  });

  router.get('/api/v2/notifications/channels', (ctx) => ({
    body: {
      entities: channels.forUser(me(ctx).id).map((c) => ({
        id: c.id,
        connectUri: `${deps.wsHost()}/stream/channels/${c.id}`,
        expires: c.expires.toISOString(),
      })),
    },
  }));

  const ownChannel = (ctx: RouteContext) => {
    const user = me(ctx);
    const channel = channels.get(ctx.params.id ?? '');
    if (!channel || channel.userId !== user.id) throw notFound(`Channel ${ctx.params.id} not found.`);
    return channel;
  };

  router.get('/api/v2/notifications/channels/:id/subscriptions', (ctx) => ({
    body: { entities: [...ownChannel(ctx).topics].sort().map((id) => ({ id })) },
  }));

  // PUT replaces the channel's topics, POST adds; combined ids `prefix?a&b` are expanded.
  for (const method of ['PUT', 'POST'] as const) {
    router.add(method, '/api/v2/notifications/channels/:id/subscriptions', async (ctx) => {
      const channel = ownChannel(ctx);
      const requested = parseTopicList(await ctx.body());
      const topics = requested.flatMap(expandTopicId);
      if (method === 'PUT') channel.topics.clear();
      for (const t of topics) channel.topics.add(t);
      return { body: { entities: requested.map((id) => ({ id, state: 'Permitted' })) } };
    });
  }

  router.delete('/api/v2/notifications/channels/:id/subscriptions', (ctx) => {
    ownChannel(ctx).topics.clear();
    return { status: 204 };
  });

  // --- guests ------------------------------------------------------------------------------------

  // No Authorization: the customer only has the security code an agent gave them.
  router.post('/api/v2/conversations/codes', async (ctx) => {
    const body = await ctx.body();
    const organizationId = field(body, 'organizationId');
    const code = field(body, 'addCommunicationCode');
    if (!organizationId || !code) throw badRequest('organizationId and addCommunicationCode are required.');
    const org = world.organization(organizationId);
    const redeemed = org ? world.redeemGuestCode(org.id, code) : undefined;
    if (!org || !redeemed) throw new HttpError(400, 'bad.request', 'Invalid or already used security code.');
    const sourceCommunicationId = ids.uuid();
    const now = Math.floor(Date.now() / 1000);
    const jwt = deps.jwt.sign({
      data: {
        jid: `acd-${ids.uuid()}@conference.${org.domain}`,
        conversationId: redeemed.conversationId,
        sourceCommunicationId,
      },
      exp: now + GUEST_JWT_LIFETIME_S,
      iat: now,
      iss: GUEST_ISSUER,
      org: org.id,
    });
    return { body: { conversation: { id: redeemed.conversationId }, sourceCommunicationId, jwt } };
  });

  // --- diagnostics sink (genesys-cloud-client-logger traces, streaming-client telemetry) -----------

  for (const path of DIAGNOSTICS_PATHS) {
    router.post(path, async (ctx) => {
      const principal = authenticate(ctx);
      deps.logs.add(path, principal.user?.id ?? null, await ctx.body());
      return { status: 202 };
    });
  }
}

function parseTopicList(body: unknown): string[] {
  // Upstream sends the array as a JSON string body; both arrive here parsed.
  if (!Array.isArray(body)) throw badRequest('The body must be an array of {"id": "<topic>"}.');
  return body.map((entry) => {
    const id = field(entry, 'id');
    if (!id) throw badRequest('Each subscription needs a non-empty string "id".');
    return id;
  });
}

/** A non-empty string field of a JSON object, else undefined. */
export function field(body: unknown, name: string): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const value = (body as Record<string, unknown>)[name];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}
