/**
 * Log upload without paying for it up front: the client logger is created without server logging
 * (its ServerLogger, uploader and retry are ≈ 12 KB minified), the logs of the first moments are
 * held (bounded) by a stand-in, and the real ServerLogger is attached once its chunk loaded
 * (`gc-webrtc-sdk.logs.js` next to the script-tag bundle); the held logs go to it in order.
 */
import type { Logger } from 'genesys-cloud-client-logger';

type Level = 'log' | 'debug' | 'info' | 'warn' | 'error';
interface ServerLoggerLike {
  addLogToSend(level: Level, message: string | Error, details?: unknown): void;
  sendAllLogsInstantly(): Array<Promise<unknown>>;
}

/** logs held until the upload code is there; beyond that the oldest are dropped */
const MAX_HELD = 500;

/**
 * Attaches server logging to `inner` (created with `initializeServerLogging: false`). Resolves
 * when the real ServerLogger is attached, or false when it could not be (logged, never thrown).
 */
export function attachServerLogging(inner: Logger, onAttached: (inner: Logger) => void): Promise<boolean> {
  const host = inner as unknown as { serverLogger?: ServerLoggerLike };
  const held: Array<[Level, string | Error, unknown]> = [];
  const standIn: ServerLoggerLike = {
    addLogToSend: (level, message, details) => {
      held.push([level, message, details]);
      if (held.length > MAX_HELD) held.shift();
    },
    sendAllLogsInstantly: () => [],
  };
  host.serverLogger = standIn;
  return import('./server-logger-chunk').then(({ ServerLogger }) => {
    if (host.serverLogger !== standIn) return false;
    const real = new ServerLogger(inner as never) as unknown as ServerLoggerLike;
    host.serverLogger = real;
    for (const [level, message, details] of held.splice(0)) real.addLogToSend(level, message, details);
    onAttached(inner);
    return true;
  }).catch((err: unknown) => {
    if (host.serverLogger === standIn) host.serverLogger = undefined;
    inner.warn('log upload unavailable: its code could not be loaded', { error: String(err) }, { skipServer: true });
    return false;
  });
}
