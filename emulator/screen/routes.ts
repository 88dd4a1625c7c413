/**
 * Routes of the screen flows: the platform's metadata POST (`/api/v2/recordings/screensessions/metadata`
 * and its JWT twin `…/backgroundassistant`) and the control API (`/__emulator/screen-recordings…`,
 * `/__emulator/live-monitoring…`).
 */
import { isFlavour } from '../conversations/control-routes';
import { createAuthenticator, requireUser } from '../http/auth';
import { HttpError, type RouteHandler, type Router } from '../http/router';
import type { JwtIssuer } from '../world/jwt';
import type { World } from '../world/world';
import { ScreenError, type ScreenService } from './screen-service';

const PREFIX = '/__emulator';

export function addScreenRoutes(router: Router, deps: { world: World; jwt: JwtIssuer; screens: ScreenService }): void {
  const { screens } = deps;
  const authenticate = createAuthenticator(deps.world, deps.jwt);
  const wrap = (handler: RouteHandler): RouteHandler => async (ctx) => {
    try {
      return await handler(ctx);
    } catch (err) {
      if (err instanceof ScreenError) throw new HttpError(err.status, err.status === 404 ? 'not.found' : err.status === 403 ? 'missing.permissions' : 'bad.request', err.message);
      throw err;
    }
  };

  // --- platform ---------------------------------------------------------------------------------------

  const metadata = (backgroundAssistant: boolean): RouteHandler => wrap(async (ctx) => {
    const me = requireUser(authenticate(ctx));
    screens.storeMetadata(me.id, objectBody(await ctx.body()), backgroundAssistant);
    return { status: 202, body: {} };
  });
  router.post('/api/v2/recordings/screensessions/metadata', metadata(false));
  router.post('/api/v2/recordings/screensessions/metadata/backgroundassistant', metadata(true));

  // --- control ---------------------------------------------------------------------------------------

  router.post(`${PREFIX}/screen-recordings`, wrap(async (ctx) => {
    const body = objectBody(await ctx.body());
    const userId = str(body.userId);
    if (!userId) throw new ScreenError(400, '"userId" is required.');
    if (body.conversationId !== undefined && !str(body.conversationId)) throw new ScreenError(400, '"conversationId" must be a string.');
    if (body.signaling !== undefined && !isFlavour(body.signaling)) throw new ScreenError(400, '"signaling" must be "jingle" or "sdp".');
    const rec = screens.startRecording({
      userId,
      ...(str(body.conversationId) ? { conversationId: str(body.conversationId) } : {}),
      ...(isFlavour(body.signaling) ? { signaling: body.signaling } : {}),
    });
    return { status: 201, body: { conversationId: rec.conversationId, roomJid: rec.roomJid } };
  }));
  router.get(`${PREFIX}/screen-recordings/:id`, wrap((ctx) => {
    const rec = screens.recording(ctx.params.id ?? '');
    if (!rec) throw new ScreenError(404, `Screen recording ${ctx.params.id} not found.`);
    return { body: screens.recordingView(rec) };
  }));
  router.delete(`${PREFIX}/screen-recordings/:id`, wrap((ctx) => ({ body: screens.endRecording(ctx.params.id ?? '') })));

  router.post(`${PREFIX}/live-monitoring`, wrap(async (ctx) => {
    const body = objectBody(await ctx.body());
    const targetUserId = str(body.targetUserId);
    const observerUserId = str(body.observerUserId);
    if (!targetUserId || !observerUserId) throw new ScreenError(400, '"targetUserId" and "observerUserId" are required.');
    if (body.signaling !== undefined && !isFlavour(body.signaling)) throw new ScreenError(400, '"signaling" must be "jingle" or "sdp".');
    const m = screens.startMonitoring({ targetUserId, observerUserId, ...(isFlavour(body.signaling) ? { signaling: body.signaling } : {}) });
    return { status: 201, body: { conversationId: m.conversationId, roomJid: m.roomJid } };
  }));
  router.get(`${PREFIX}/live-monitoring/:id`, wrap((ctx) => {
    const m = screens.monitoring(ctx.params.id ?? '');
    if (!m) throw new ScreenError(404, `Live monitoring ${ctx.params.id} not found.`);
    return { body: screens.monitoringView(m) };
  }));
  router.delete(`${PREFIX}/live-monitoring/:id`, wrap((ctx) => ({ body: screens.endMonitoring(ctx.params.id ?? '') })));
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);

function objectBody(body: unknown): Record<string, unknown> {
  if (body === undefined) return {};
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new HttpError(400, 'bad.request', 'The request body must be a JSON object.');
  return body as Record<string, unknown>;
}
