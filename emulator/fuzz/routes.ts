/** `POST /__emulator/fuzz` (test tool): runs the cloud-side fuzzer against a user's connected sockets. */
import type { CallService } from '../conversations';
import { HttpError, badRequest, notFound, type Router } from '../http/router';
import type { World } from '../world/world';
import type { XmppServer } from '../xmpp/server';
import { FUZZ_CASES, runCloudFuzzer } from './cloud-fuzzer';

const MAX_COUNT = 5000;

export function addFuzzRoutes(router: Router, deps: { world: World; xmpp: XmppServer; calls: CallService }): void {
  router.get('/__emulator/fuzz', () => ({ body: { cases: FUZZ_CASES } }));
  router.post('/__emulator/fuzz', async (ctx) => {
    const body = await ctx.body();
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest('The body must be a JSON object.');
    const b = body as Record<string, unknown>;
    const userId = typeof b.userId === 'string' ? b.userId : '';
    if (!deps.world.user(userId)) throw notFound(`User ${userId} not found.`);
    const count = b.count ?? 500;
    if (!Number.isInteger(count) || (count as number) < 1 || (count as number) > MAX_COUNT) throw badRequest(`"count" must be an integer 1..${MAX_COUNT}.`);
    const seed = b.seed ?? 1;
    if (!Number.isInteger(seed)) throw badRequest('"seed" must be an integer.');
    // the user's live softphone session in that conversation: its sid gets duplicates, never a terminate
    const cid = typeof b.conversationId === 'string' ? b.conversationId : undefined;
    const live = cid ? deps.calls.gateway.all().find((s) => s.userId === userId && s.conversations.has(cid)) : undefined;
    if (cid && !live) throw new HttpError(404, 'not.found', `No live softphone session of ${userId} in ${cid}.`);
    const report = runCloudFuzzer(deps.xmpp, {
      userId, count: count as number, seed: seed as number,
      ...(live ? { liveSessionId: live.id, gatewayJid: live.gatewayJid } : {}),
    });
    if (report.sockets === 0) throw new HttpError(409, 'conflict', `User ${userId} has no connected socket.`);
    return { body: report };
  });
}
