/** Control routes of the softphone (`/__emulator/...`, no auth): inbound calls, remote hang-up, inspection, settings. */
import { HttpError, type RouteHandler, type Router } from '../http/router';
import { CallError, type CallService, type SoftphoneSettings } from './call-service';
import type { SignalingFlavour } from './signaling/session';

const PREFIX = '/__emulator';

export function addSoftphoneControlRoutes(router: Router, calls: CallService): void {
  const wrap = (handler: RouteHandler): RouteHandler => async (ctx) => {
    try {
      return await handler(ctx);
    } catch (err) {
      if (err instanceof CallError) throw new HttpError(err.status, err.status === 404 ? 'not.found' : 'bad.request', err.message);
      throw err;
    }
  };

  router.post(`${PREFIX}/inbound-call`, wrap(async (ctx) => {
    const body = objectBody(await ctx.body());
    const toUserId = typeof body.toUserId === 'string' ? body.toUserId : undefined;
    if (!toUserId) throw new CallError(400, '"toUserId" is required.');
    const signaling = body.signaling;
    if (signaling !== undefined && !isFlavour(signaling)) throw new CallError(400, '"signaling" must be "jingle" or "sdp".');
    const conv = calls.inboundCall({
      toUserId,
      ...(typeof body.from === 'string' ? { from: body.from } : {}),
      ...(typeof body.fromName === 'string' ? { fromName: body.fromName } : {}),
      ...(signaling ? { signaling } : {}),
    });
    return { status: 201, body: { conversationId: conv.id } };
  }));

  router.get(`${PREFIX}/conversations`, () => ({ body: { entities: [...calls.conversations.values()].map((c) => calls.describe(c)) } }));

  router.get(`${PREFIX}/conversations/:id`, wrap((ctx) => {
    const view = calls.describeById(ctx.params.id ?? '');
    if (!view) throw new CallError(404, `Conversation ${ctx.params.id} not found.`);
    return { body: view };
  }));

  router.post(`${PREFIX}/conversations/:id/disconnect`, wrap((ctx) => ({ body: calls.describe(calls.remoteDisconnect(ctx.params.id ?? '')) })));

  router.get(`${PREFIX}/settings`, () => ({ body: calls.settings }));
  router.post(`${PREFIX}/settings`, wrap(async (ctx) => {
    const body = objectBody(await ctx.body());
    const next: SoftphoneSettings = { ...calls.settings };
    if (body.signaling !== undefined) {
      if (!isFlavour(body.signaling)) throw new CallError(400, '"signaling" must be "jingle" or "sdp".');
      next.signaling = body.signaling;
    }
    for (const key of ['ringMs', 'socketGraceMs', 'terminatedDelayMs'] as const) {
      const v = body[key];
      if (v === undefined) continue;
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 600000) throw new CallError(400, `"${key}" must be a number of ms.`);
      next[key] = v;
    }
    calls.settings = next;
    return { body: next };
  }));
}

export const isFlavour = (v: unknown): v is SignalingFlavour => v === 'jingle' || v === 'sdp';

function objectBody(body: unknown): Record<string, unknown> {
  if (body === undefined) return {};
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new HttpError(400, 'bad.request', 'The request body must be a JSON object.');
  return body as Record<string, unknown>;
}
