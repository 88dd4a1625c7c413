import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';

/** Error with the platform's JSON error body `{message, code, status}`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const badRequest = (message: string) => new HttpError(400, 'bad.request', message);
export const notFound = (message = 'The requested resource was not found.') => new HttpError(404, 'not.found', message);

export interface RouteContext {
  method: string;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  req: IncomingMessage;
  /** Parsed JSON body (`undefined` when empty); a 400 when it is not JSON. */
  body(): Promise<unknown>;
}

export interface RouteResponse {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type RouteHandler = (ctx: RouteContext) => RouteResponse | Promise<RouteResponse>;

interface Route {
  method: string;
  segments: string[];
  handler: RouteHandler;
}

/**
 * Tiny path router: patterns like `/api/v2/stations/:id`; `*` as the last segment matches the rest
 * (exposed as `params['*']`). Later modules add routes (e.g. `conversations/*`) with `add`.
 */
export class Router {
  private routes: Route[] = [];

  add(method: string, pattern: string, handler: RouteHandler): this {
    this.routes.push({ method: method.toUpperCase(), segments: split(pattern), handler });
    return this;
  }

  get(pattern: string, handler: RouteHandler): this { return this.add('GET', pattern, handler); }
  post(pattern: string, handler: RouteHandler): this { return this.add('POST', pattern, handler); }
  put(pattern: string, handler: RouteHandler): this { return this.add('PUT', pattern, handler); }
  patch(pattern: string, handler: RouteHandler): this { return this.add('PATCH', pattern, handler); }
  delete(pattern: string, handler: RouteHandler): this { return this.add('DELETE', pattern, handler); }

  match(method: string, path: string): { handler: RouteHandler; params: Record<string, string> } | undefined {
    const parts = split(path);
    for (const route of this.routes) {
      if (route.method !== method.toUpperCase()) continue;
      const params = matchSegments(route.segments, parts);
      if (params) return { handler: route.handler, params };
    }
    return undefined;
  }
}

function split(path: string): string[] {
  return path.split('/').filter((s) => s.length > 0);
}

function matchSegments(pattern: string[], parts: string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i] as string;
    if (p === '*' && i === pattern.length - 1) {
      params['*'] = parts.slice(i).map(decodeSegment).join('/');
      return params;
    }
    const part = parts[i];
    if (part === undefined) return undefined;
    if (p.startsWith(':')) params[p.slice(1)] = decodeSegment(part);
    else if (p !== part) return undefined;
  }
  return parts.length === pattern.length ? params : undefined;
}

function decodeSegment(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
