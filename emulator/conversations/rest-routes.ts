/** Platform routes of the softphone: place calls, read conversations, change participants. */
import { createAuthenticator, requireUser } from '../http/auth';
import { HttpError, type RouteHandler, type Router } from '../http/router';
import type { JwtIssuer } from '../world/jwt';
import type { World } from '../world/world';
import { CallError, type CallService, type PlaceCallRequest } from './call-service';
import { participantJson } from './conversation';

export function addSoftphoneRestRoutes(router: Router, deps: { world: World; jwt: JwtIssuer; calls: CallService }): void {
  const { calls } = deps;
  const authenticate = createAuthenticator(deps.world, deps.jwt);
  const wrap = (handler: RouteHandler): RouteHandler => async (ctx) => {
    try {
      return await handler(ctx);
    } catch (err) {
      if (err instanceof CallError) throw new HttpError(err.status, statusCode(err.status), err.message);
      throw err;
    }
  };
  const user = (ctx: Parameters<RouteHandler>[0]) => requireUser(authenticate(ctx));

  router.post('/api/v2/conversations/calls', wrap(async (ctx) => {
    const me = user(ctx);
    const body = objectBody(await ctx.body());
    // The SDK sends the whole params object: sessionType, media device ids, priority… are tolerated.
    const req: PlaceCallRequest = {
      ...(str(body.phoneNumber) ? { phoneNumber: str(body.phoneNumber) } : {}),
      ...(str(body.callUserId) ? { callUserId: str(body.callUserId) } : {}),
      ...(str(body.callQueueId) ? { callQueueId: str(body.callQueueId) } : {}),
      ...(Array.isArray(body.participants) ? { participants: body.participants.filter(isObject) as PlaceCallRequest['participants'] } : {}),
    };
    if (!me.associatedStationId || !deps.world.effectiveStation(me)) throw new CallError(400, 'The user has no associated station.');
    const conv = calls.placeCall(me, req);
    return { status: 200, body: { id: conv.id, selfUri: `/api/v2/conversations/calls/${conv.id}` } };
  }));

  router.get('/api/v2/conversations/calls', wrap((ctx) => {
    const me = user(ctx);
    const entities = [...calls.conversations.values()].filter((c) => c.hasUser(me.id) && !c.ended).map((c) => callJson(c.toJson()));
    return { body: { entities } };
  }));

  router.get('/api/v2/conversations/calls/:id', wrap((ctx) => ({ body: callJson(calls.conversationFor(user(ctx).id, ctx.params.id ?? '').toJson()) })));
  router.get('/api/v2/conversations/:id', wrap((ctx) => ({ body: calls.conversationJson(user(ctx).id, ctx.params.id ?? '') })));

  router.patch('/api/v2/conversations/calls/:cid/participants/:pid', wrap(async (ctx) => {
    const me = user(ctx);
    const body = objectBody(await ctx.body());
    const p = calls.patchParticipant(me.id, ctx.params.cid ?? '', ctx.params.pid ?? '', body);
    return { status: 202, body: participantJson(p) };
  }));

  router.post('/api/v2/conversations/calls/:cid/participants/:pid/replace', wrap(async (ctx) => {
    const me = user(ctx);
    const body = objectBody(await ctx.body());
    if (body.voicemail !== true && !str(body.userId) && !str(body.address) && !str(body.queueId)) {
      throw new CallError(400, 'A transfer target (voicemail, userId, address or queueId) is required.');
    }
    calls.replaceParticipant(me.id, ctx.params.cid ?? '', ctx.params.pid ?? '');
    return { status: 202 };
  }));
}

/** Call-specific representation: the same participants, `selfUri` under `/calls`. */
function callJson(conv: Record<string, unknown>): Record<string, unknown> {
  return { ...conv, selfUri: `/api/v2/conversations/calls/${String(conv.id)}` };
}

const statusCode = (status: number) => (status === 404 ? 'not.found' : status === 403 ? 'missing.permissions' : 'bad.request');
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

function objectBody(body: unknown): Record<string, unknown> {
  if (body === undefined) return {};
  if (!isObject(body)) throw new HttpError(400, 'bad.request', 'The request body must be a JSON object.');
  return body;
}
