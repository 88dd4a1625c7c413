/** Emulator diagnostics on stderr (stdout carries the CLI's JSON line). Never pass secrets here. */
export interface Logger {
  debug(message: string): void;
  warn(message: string): void;
}

export const silentLogger: Logger = { debug: () => {}, warn: () => {} };

export function createLogger(verbose: boolean): Logger {
  if (!verbose) return silentLogger;
  const write = (level: string, message: string) =>
    process.stderr.write(`${new Date().toISOString()} ${level} ${message}\n`);
  return { debug: (m) => write('debug', m), warn: (m) => write('warn', m) };
}
