import { Logger } from 'genesys-cloud-client-logger';
import { attachServerLogging } from './server-upload';
import type { ILogger as ClientLoggerSecondary, ILogMessageOptions, LogFormatterFn, NextFn } from 'genesys-cloud-client-logger';
import type { ILogger, LogLevels } from '../types/logger';
import { Redactor } from './redact';

const LEVEL_RANK: Record<LogLevels, number> = { log: 0, debug: 1, info: 2, warn: 3, error: 4 };
export const SDK_APP_NAME = 'webrtc-sdk';

export interface SdkLoggerOptions {
  /** token (agent) or JWT used to upload logs; undefined disables server logging */
  uploadToken?: string;
  /** full upload URL, e.g. `https://api.mypurecloud.com/api/v2/diagnostics/trace` */
  url: string;
  appVersion: string;
  logLevel: LogLevels;
  serverLogging: boolean;
  logger?: ILogger;
  formatters?: LogFormatterFn[];
  originAppName?: string;
  originAppVersion?: string;
  originAppId?: string;
  /** receives every (redacted) message: the SDK's `trace` event */
  onTrace?: (level: LogLevels, message: string, details: unknown) => void;
}

/**
 * The SDK logger: genesys-cloud-client-logger with a redaction formatter first, the app's
 * formatters next, then a formatter that feeds the `trace` event and applies `logLevel`
 * to the secondary logger (the console by default) as well as to the server upload.
 */
export class SdkLogger implements ILogger {
  readonly redactor = new Redactor();
  readonly clientId: string;
  private readonly inner: Logger;
  private readonly logLevel: LogLevels;
  private inTrace = false;
  private readonly serverLoggingAttached: Promise<boolean>;

  constructor(private readonly options: SdkLoggerOptions) {
    this.logLevel = options.logLevel;
    this.redactor.addSecret(options.uploadToken);
    const redact: LogFormatterFn = (level, message, details, opts, next) => {
      const msg = typeof message === 'string' ? this.redactor.redactString(message) : (this.redactor.redact(message) as unknown as Error);
      next(level, msg, details === undefined ? undefined : this.redactor.redact(details), opts);
    };
    const tail: LogFormatterFn = (level, message, details, opts, next: NextFn) => {
      this.emitTrace(level, message, details);
      const quiet = LEVEL_RANK[level] < LEVEL_RANK[this.logLevel];
      next(level, message, details, quiet ? { ...opts, skipSecondaryLogger: true } : opts);
    };
    const serverLogging = options.serverLogging && !!options.uploadToken;
    this.inner = new Logger({
      accessToken: options.uploadToken ?? '',
      url: options.url,
      appVersion: options.appVersion,
      appName: SDK_APP_NAME,
      logLevel: options.logLevel,
      uploadDebounceTime: 1000,
      // attached below once its lazily loaded code is there (server-upload.ts)
      initializeServerLogging: false,
      logger: (options.logger ?? console) as ClientLoggerSecondary,
      formatters: [redact, ...(options.formatters ?? []), tail],
      originAppName: options.originAppName,
      originAppVersion: options.originAppVersion,
      originAppId: options.originAppId,
    });
    this.clientId = this.inner.clientId;
    this.serverLoggingAttached = serverLogging ? attachServerLogging(this.inner, quietUploadRejections) : Promise.resolve(false);
  }

  private emitTrace(level: LogLevels, message: string | Error, details: unknown): void {
    if (!this.options.onTrace || this.inTrace) return;
    this.inTrace = true; // a trace listener that logs must not recurse
    try {
      this.options.onTrace(level, typeof message === 'string' ? message : message.message, details);
    } catch {
      // a throwing `trace` listener must not break logging
    } finally {
      this.inTrace = false;
    }
  }

  setAccessToken(token: string): void {
    this.redactor.addRotatingSecrets('token', [token]);
    this.inner.setAccessToken(token);
  }

  private write(level: LogLevels, message: string | Error, details?: unknown, skipServer?: boolean): void {
    const opts: ILogMessageOptions | undefined = skipServer ? { skipServer: true } : undefined;
    try {
      this.inner[level](message, details, opts);
    } catch {
      // logging never throws into SDK code paths
    }
  }

  log(message: string | Error, details?: unknown, skipServer?: boolean): void { this.write('log', message, details, skipServer); }
  debug(message: string | Error, details?: unknown, skipServer?: boolean): void { this.write('debug', message, details, skipServer); }
  info(message: string | Error, details?: unknown, skipServer?: boolean): void { this.write('info', message, details, skipServer); }
  warn(message: string | Error, details?: unknown, skipServer?: boolean): void { this.write('warn', message, details, skipServer); }
  error(message: string | Error, details?: unknown, skipServer?: boolean): void { this.write('error', message, details, skipServer); }

  /** Uploads buffered logs now, then stops server logging (used by `destroy()`). */
  async flushAndStop(timeoutMs = 3000): Promise<void> {
    try {
      // logs held while the upload code loads are sent too
      await Promise.race([this.serverLoggingAttached, new Promise((r) => setTimeout(r, timeoutMs))]);
      const sends = this.inner.sendAllLogsInstantly();
      await Promise.race([Promise.allSettled(sends), new Promise((r) => setTimeout(r, timeoutMs))]);
    } catch {
      // best effort
    }
    try { this.inner.stopServerLogging(); } catch { /* best effort */ }
  }
}

/**
 * The client logger's upload queue chains `.finally()` on each request's promise and never handles
 * that chain: a failed upload (e.g. a revoked token) would become an unhandled rejection carrying
 * the request. Each queued promise's `finally` chain is given a handler (failures are already
 * logged and handled by the logger itself).
 */
function quietUploadRejections(inner: Logger): void {
  type Queued = { deferred?: { promise?: Promise<unknown> & { __gcQuiet?: boolean } } };
  const uploader = (inner as unknown as { serverLogger?: { logUploader?: { sendQueue?: Queued[]; sendNextQueuedLogToServer?: () => unknown; __gcQuiet?: boolean } } }).serverLogger?.logUploader;
  if (!uploader || uploader.__gcQuiet || typeof uploader.sendNextQueuedLogToServer !== 'function') return;
  uploader.__gcQuiet = true;
  const next = uploader.sendNextQueuedLogToServer.bind(uploader);
  uploader.sendNextQueuedLogToServer = () => {
    for (const item of uploader.sendQueue ?? []) {
      const promise = item.deferred?.promise;
      if (!promise || promise.__gcQuiet) continue;
      promise.__gcQuiet = true;
      promise.finally = (onFinally) => {
        const chained = Promise.prototype.finally.call(promise, onFinally);
        chained.catch(() => undefined);
        return chained;
      };
    }
    return next();
  };
}
