import { SdkError, SdkErrorTypes } from '../errors';
import { buildApiUrl } from '../config';
import type { ILogger } from '../types/logger';
import { delay } from '../utils/async';
import { DEFAULT_RETRY_POLICY, nextRetryDelay, parseRetryAfter, type RetryPolicy } from './retry';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestOptions {
  method?: HttpMethod;
  /** serialised as JSON */
  body?: unknown;
  /** `'none'` sends no Authorization header (guest code redemption) */
  auth?: 'token' | 'none';
  /** override the bearer token for this call (e.g. a JWT) */
  token?: string;
  /** false disables retries; a partial policy overrides the defaults */
  retry?: false | Partial<RetryPolicy>;
  /** per-attempt timeout; default 30 s */
  timeoutMs?: number;
}

/** `details` of an `http` / `invalid_token` SdkError raised by the platform client. */
export interface HttpErrorDetails {
  status: number;
  method: HttpMethod;
  /** path and query under the API base, e.g. `/api/v2/users/me?expand=station` (never a token) */
  path: string;
  correlationId?: string;
  /** the server's error message, when it sent one */
  serverMessage?: string;
  attempts: number;
}

/**
 * A small platform API client on `fetch`: `{apiBase}/api/v2/{path}`, bearer auth from a
 * getter (so `setAccessToken()` applies to the next request), JSON in and out, bounded
 * retries, 401 → `invalid_token`, anything else → `http`.
 */
export class PlatformClient {
  private controller = new AbortController();

  constructor(
    private readonly apiBase: string,
    private readonly getToken: () => string | undefined,
    private readonly logger: ILogger,
  ) {}

  /** Aborts every in-flight request and pending retry wait (disconnect/destroy). */
  cancelAll(): void {
    this.controller.abort(new SdkError(SdkErrorTypes.http, 'Request cancelled'));
    this.controller = new AbortController();
  }

  async request<T = unknown>(path: string, options: RequestOptions = {}): Promise<T> {
    const method = options.method ?? 'GET';
    const url = buildApiUrl(this.apiBase, path);
    const pathForLogs = url.slice(this.apiBase.length);
    const policy: RetryPolicy | undefined = options.retry === false ? undefined : { ...DEFAULT_RETRY_POLICY, ...options.retry };
    const signal = this.controller.signal;
    let attempts = 0;
    let waited = 0;
    for (;;) {
      attempts++;
      let response: Response | undefined;
      let networkError: unknown;
      try {
        response = await this.fetchOnce(url, method, options, signal);
      } catch (err) {
        if (signal.aborted) throw signal.reason;
        networkError = err;
      }
      if (response?.ok) {
        return (await this.readBody(response)) as T;
      }
      const status = response?.status ?? 0;
      const retryable = policy && (response ? policy.retryStatuses.includes(status) : policy.retryNetworkErrors);
      const wait = retryable ? nextRetryDelay(attempts, waited, policy, parseRetryAfter(response?.headers.get('retry-after'))) : undefined;
      if (wait === undefined) {
        throw await this.toError(method, pathForLogs, response, networkError, attempts);
      }
      this.logger.warn(`HTTP ${method} ${pathForLogs} failed with ${status || 'a network error'}; retrying in ${wait} ms`, { attempt: attempts });
      waited += wait;
      await delay(wait, signal);
    }
  }

  private async fetchOnce(url: string, method: HttpMethod, options: RequestOptions, signal: AbortSignal): Promise<Response> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    const token = options.token ?? this.getToken();
    if (options.auth !== 'none' && token) headers.authorization = `Bearer ${token}`;
    const timeout = AbortSignal.timeout(options.timeoutMs ?? 30_000);
    return fetch(url, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: AbortSignal.any ? AbortSignal.any([signal, timeout]) : signal,
    });
  }

  private async readBody(response: Response): Promise<unknown> {
    if (response.status === 204) return undefined;
    const text = await response.text();
    if (!text) return undefined;
    try { return JSON.parse(text) as unknown; } catch { return text; }
  }

  private async toError(method: HttpMethod, path: string, response: Response | undefined, networkError: unknown, attempts: number): Promise<SdkError<HttpErrorDetails>> {
    const status = response?.status ?? 0;
    let serverMessage: string | undefined;
    if (response) {
      const body = await this.readBody(response).catch(() => undefined);
      if (body && typeof body === 'object' && 'message' in body && typeof body.message === 'string') serverMessage = body.message;
      else if (typeof body === 'string' && body.length < 500) serverMessage = body;
    }
    const details: HttpErrorDetails = {
      status,
      method,
      path,
      correlationId: response?.headers.get('inin-correlation-id') ?? undefined,
      serverMessage,
      attempts,
    };
    if (status === 401) {
      return new SdkError(SdkErrorTypes.invalid_token, `The access token was rejected (401) by ${method} ${path}`, details);
    }
    const reason = response ? `failed with status ${status}` : 'failed: network error';
    const message = `${method} ${path} ${reason}${serverMessage ? `: ${serverMessage}` : ''}`;
    return new SdkError(SdkErrorTypes.http, message, details, networkError);
  }
}
