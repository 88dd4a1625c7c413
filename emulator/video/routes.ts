/** Video routes: the platform REST API (`/api/v2/conversations/videos…`) and the control API (`/__emulator/video-rooms…`, `/__emulator/meetings`). */
import { createAuthenticator, requireUser } from '../http/auth';
import { HttpError, type RouteContext, type RouteHandler, type Router } from '../http/router';
import type { JwtIssuer } from '../world/jwt';
import type { World } from '../world/world';
import { VideoError, type VideoService } from './video-service';

const CONTROL = '/__emulator';

export function addVideoRoutes(router: Router, deps: { world: World; jwt: JwtIssuer; video: VideoService }): void {
  const { video } = deps;
  const authenticate = createAuthenticator(deps.world, deps.jwt);
  const user = (ctx: RouteContext) => requireUser(authenticate(ctx));
  const wrap = (handler: RouteHandler): RouteHandler => async (ctx) => {
    try {
      return await handler(ctx);
    } catch (err) {
      if (err instanceof VideoError) throw new HttpError(err.status, err.status === 404 ? 'not.found' : err.status === 403 ? 'missing.permissions' : 'bad.request', err.message);
      throw err;
    }
  };

  // --- platform API ---
  router.post('/api/v2/conversations/videos', wrap(async (ctx) => {
    const me = user(ctx);
    const body = objectBody(await ctx.body());
    const participant = body.participant === undefined ? {} : objectField(body.participant, 'participant');
    const room = video.join(me, body.roomId, participant.address);
    return { status: 200, body: { conversationId: room.conversationId } };
  }));

  router.post('/api/v2/conversations/videos/participants', wrap(async (ctx) => {
    const me = user(ctx);
    const body = objectBody(await ctx.body());
    const room = video.joinMeeting(me, body.meetingId);
    return { status: 200, body: { conversationId: room.conversationId } };
  }));

  router.post('/api/v2/conversations/videos/:cid/participants/:pid/pin', wrap(async (ctx) => {
    const me = user(ctx);
    const body = objectBody(await ctx.body());
    const target = body.targetParticipantId;
    if (typeof target !== 'string' || !target) throw new VideoError(400, '"targetParticipantId" is required.');
    if (body.streamType !== undefined && body.streamType !== 'video') throw new VideoError(400, '"streamType" must be "video".');
    video.pin(me, ctx.params.cid ?? '', ctx.params.pid ?? '', target);
    return { status: 202 };
  }));

  router.delete('/api/v2/conversations/videos/:cid/participants/:pid/pin', wrap((ctx) => {
    video.pin(user(ctx), ctx.params.cid ?? '', ctx.params.pid ?? '', null);
    return { status: 202 };
  }));

  // --- control API ---
  router.post(`${CONTROL}/video-rooms`, wrap(async (ctx) => {
    const body = objectBody(await ctx.body());
    if (body.name !== undefined && typeof body.name !== 'string') throw new VideoError(400, '"name" must be a string.');
    const room = video.createRoom(body.name as string | undefined);
    return { status: 201, body: { roomJid: room.roomJid, conversationId: room.conversationId } };
  }));

  router.get(`${CONTROL}/video-rooms`, () => ({ body: { entities: [...video.rooms.values()].map((r) => video.describe(r)) } }));

  router.get(`${CONTROL}/video-rooms/:jid`, wrap((ctx) => ({ body: video.describe(video.room(roomParam(ctx))) })));

  router.post(`${CONTROL}/video-rooms/:jid/bots`, wrap(async (ctx) => {
    const room = video.room(roomParam(ctx));
    const body = objectBody(await ctx.body());
    if (body.name !== undefined && (typeof body.name !== 'string' || !body.name.trim())) throw new VideoError(400, '"name" must be a non-empty string.');
    for (const key of ['audio', 'video'] as const) {
      if (body[key] !== undefined && typeof body[key] !== 'boolean') throw new VideoError(400, `"${key}" must be a boolean.`);
    }
    const p = video.addBot(room, {
      ...(typeof body.name === 'string' ? { name: body.name.trim() } : {}),
      ...(typeof body.audio === 'boolean' ? { audio: body.audio } : {}),
      ...(typeof body.video === 'boolean' ? { video: body.video } : {}),
    });
    return { status: 201, body: { participantId: p.id, userId: p.userId, name: p.name } };
  }));

  router.delete(`${CONTROL}/video-rooms/:jid/participants/:pid`, wrap((ctx) => {
    const room = video.room(roomParam(ctx));
    const p = video.removeParticipant(room, ctx.params.pid ?? '');
    return { body: { participantId: p.id, state: p.state } };
  }));

  router.post(`${CONTROL}/meetings`, wrap(async (ctx) => {
    const body = objectBody(await ctx.body());
    if (body.name !== undefined && typeof body.name !== 'string') throw new VideoError(400, '"name" must be a string.');
    const room = video.createMeeting(body.name as string | undefined);
    return { status: 201, body: { meetingId: room.meetingId, roomJid: room.roomJid, conversationId: room.conversationId } };
  }));
}

function roomParam(ctx: RouteContext): string {
  const jid = (ctx.params.jid ?? '').trim();
  if (!/^[^@\s/]+@conference\.[^@\s/]+$/i.test(jid)) throw new VideoError(400, `${jid || '(empty)'} is not a room JID like name@conference.domain.`);
  return jid;
}

function objectBody(body: unknown): Record<string, unknown> {
  if (body === undefined) return {};
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new HttpError(400, 'bad.request', 'The request body must be a JSON object.');
  return body as Record<string, unknown>;
}

function objectField(value: unknown, name: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new VideoError(400, `"${name}" must be an object.`);
  return value as Record<string, unknown>;
}
