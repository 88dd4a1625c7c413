import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Pages served from another origin (the demo, web-test-runner) call the emulator with an
 * Authorization header, so every response carries CORS headers and preflights succeed.
 */
export function applyCors(req: IncomingMessage, res: ServerResponse): void {
  const origin = req.headers.origin;
  res.setHeader('Access-Control-Allow-Origin', origin ?? '*');
  if (origin) {
    res.setHeader('Vary', 'Origin');
    res.setHeader('Access-Control-Allow-Credentials', 'true');
  }
  res.setHeader('Access-Control-Expose-Headers', 'Retry-After, inin-correlation-id');
}

export function answerPreflight(req: IncomingMessage, res: ServerResponse): void {
  const requested = req.headers['access-control-request-headers'];
  res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE, OPTIONS');
  res.setHeader('Access-Control-Allow-Headers', requested ?? 'Authorization, Content-Type');
  res.setHeader('Access-Control-Max-Age', '600');
  res.writeHead(204).end();
}
