// Published declarations only (rollup.dts.config.mjs): the logger types our public config
// mentions (`logFormatters`), structurally the same as genesys-cloud-client-logger's, so that
// consumers need no logger typings (it is bundled into dist/).
export type LogLevel = 'log' | 'debug' | 'info' | 'warn' | 'error';
export interface ILogMessageOptions {
  skipDefaultFormatter?: boolean;
  skipServer?: boolean;
  skipSecondaryLogger?: boolean;
}
export type NextFn = (() => void) & ((level: LogLevel, message: string | Error, details?: unknown, options?: ILogMessageOptions) => void);
export type LogFormatterFn = (level: LogLevel, message: string | Error, details: unknown, options: ILogMessageOptions, next: NextFn) => void;
