/** The logger contract of the SDK: the SDK's own logger and a custom `logger` option both implement it. */
export interface ILogger {
  log(message: string | Error, details?: unknown, skipServer?: boolean): void;
  debug(message: string | Error, details?: unknown, skipServer?: boolean): void;
  info(message: string | Error, details?: unknown, skipServer?: boolean): void;
  warn(message: string | Error, details?: unknown, skipServer?: boolean): void;
  error(message: string | Error, details?: unknown, skipServer?: boolean): void;
}

export type LogLevels = 'log' | 'debug' | 'info' | 'warn' | 'error';
