import { randomUUID } from 'node:crypto';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Faults } from '../faults';
import type { Logger } from '../log';
import { answerPreflight, applyCors } from './cors';
import { HttpError, badRequest, notFound, type RouteContext, type Router } from './router';

export const PLATFORM_PREFIX = '/api/v2/';
const MAX_BODY_BYTES = 5 * 1024 * 1024;

const FAULT_CODES: Record<number, string> = {
  401: 'bad.credentials',
  429: 'too.many.requests',
  500: 'internal.server.error',
  503: 'service.unavailable',
};

/** One listener for the platform API and the control API; both are JSON in and out. */
export function createRequestListener(router: Router, faults: Faults, log: Logger): RequestListener {
  return (req, res) => {
    handle(req, res).catch((err: unknown) => {
      log.warn(`http ${req.method} ${req.url}: ${(err as Error)?.stack ?? String(err)}`);
      if (!res.headersSent) sendError(res, new HttpError(500, 'internal.server.error', 'Internal emulator error.'));
      else res.destroy();
    });
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    applyCors(req, res);
    const method = req.method ?? 'GET';
    if (method === 'OPTIONS') return answerPreflight(req, res);
    const url = new URL(req.url ?? '/', 'http://emulator.invalid');
    const path = url.pathname;
    res.setHeader('inin-correlation-id', randomUUID());

    // Injected faults hit platform API calls only; the control API keeps working.
    if (path.startsWith(PLATFORM_PREFIX)) {
      const fault = faults.takeHttpFault(path);
      if (fault) {
        const headers: Record<string, string> = fault.retryAfter !== undefined ? { 'Retry-After': String(fault.retryAfter) } : {};
        log.debug(`fault ${fault.status} for ${method} ${path}`);
        return sendError(res, new HttpError(fault.status, FAULT_CODES[fault.status] ?? 'error', fault.message ?? `Injected fault ${fault.status}.`, headers));
      }
    }

    const match = router.match(method, path);
    if (!match) return sendError(res, notFound(`No route for ${method} ${path}.`));
    let bodyPromise: Promise<unknown> | undefined;
    const ctx: RouteContext = {
      method,
      path,
      params: match.params,
      query: url.searchParams,
      headers: req.headers,
      req,
      body: () => (bodyPromise ??= readJson(req)),
    };
    try {
      const out = await match.handler(ctx);
      const status = out.status ?? 200;
      for (const [k, v] of Object.entries(out.headers ?? {})) res.setHeader(k, v);
      if (out.body === undefined || status === 204) {
        res.writeHead(status).end();
      } else {
        res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(out.body));
      }
    } catch (err) {
      if (err instanceof HttpError) return sendError(res, err);
      throw err;
    }
  }
}

export function sendError(res: ServerResponse, err: HttpError): void {
  for (const [k, v] of Object.entries(err.headers)) res.setHeader(k, v);
  res.writeHead(err.status, { 'Content-Type': 'application/json' })
    .end(JSON.stringify({ message: err.message, code: err.code, status: err.status }));
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, 'request.entity.too.large', 'Request body too large.');
    chunks.push(buf);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw badRequest('The request body is not valid JSON.');
  }
}
