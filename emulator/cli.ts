import { parseArgs } from 'node:util';
import { startEmulator, type EmulatorOptions } from './index';
import { SeedError } from './world/seed';

const USAGE = 'usage: gc-emulator [--port <n|0>] [--host 127.0.0.1] [--world file.json] [--no-server-pings] [--verbose]';

/** Parses CLI flags; throws with a one-line message on anything unexpected. */
export function parseCliArgs(argv: string[]): EmulatorOptions & { help: boolean } {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      world: { type: 'string' },
      'no-server-pings': { type: 'boolean' },
      verbose: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  let port = 0;
  if (values.port !== undefined) {
    port = Number(values.port);
    if (!/^\d+$/.test(values.port) || port > 65535) throw new Error(`invalid --port ${values.port}`);
  }
  if (values.host !== undefined && !values.host) throw new Error('--host needs a value');
  return {
    port,
    host: values.host ?? '127.0.0.1',
    ...(values.world !== undefined ? { world: values.world } : {}),
    serverPings: !values['no-server-pings'],
    verbose: values.verbose ?? false,
    help: values.help ?? false,
  };
}

async function main(): Promise<void> {
  let options;
  try {
    options = parseCliArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`gc-emulator: ${(err as Error).message} (${USAGE})\n`);
    process.exit(2);
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const { help: _help, ...emulatorOptions } = options;
  let emulator;
  try {
    emulator = await startEmulator(emulatorOptions);
  } catch (err) {
    process.stderr.write(`gc-emulator: ${(err as Error).message}\n`);
    // A bad world file is bad input like a bad flag; anything else (port in use...) is a start failure.
    process.exit(err instanceof SeedError ? 2 : 1);
  }
  const running = emulator;
  const stop = () => {
    running.close().then(() => process.exit(0), () => process.exit(1));
  };
  // Handlers first: a supervisor may signal as soon as it has read the line.
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  // The first stdout line is the contract tools parse (ARCHITECTURE §7).
  process.stdout.write(`${JSON.stringify(emulator.info)}\n`);
}

await main();
