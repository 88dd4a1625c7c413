// Finds the Chromium the tests and the demo use: CHROME_PATH, else Debian's `chromium`
// package. A test tool's own browser download does not work on these machines.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

/** Flags verified in research/feasibility.md §1: headless, fake media, no background traffic. */
export const chromiumArgs = [
  '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
  '--autoplay-policy=no-user-gesture-required',
];

const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/** Returns a Chromium path, installing Debian's package when missing and running as root. */
export function ensureChromium({ log = console.log } = {}) {
  const fromEnv = process.env.CHROME_PATH;
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    throw new Error(`CHROME_PATH=${fromEnv} does not exist; point it at a Chromium binary or unset it to use Debian's chromium`);
  }
  if (existsSync(DEBIAN_CHROMIUM)) return DEBIAN_CHROMIUM;
  if (process.getuid?.() !== 0) {
    throw new Error('Chromium not found: run `sudo apt-get install -y chromium` or set CHROME_PATH to a Chromium binary');
  }
  log('Chromium not found: installing Debian\'s chromium package (apt-get)…');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update', '-qq'], ['install', '-y', '-qq', 'chromium']]) {
    const r = spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env });
    if (r.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed (exit ${r.status}); install chromium by hand or set CHROME_PATH`);
  }
  if (!existsSync(DEBIAN_CHROMIUM)) throw new Error('apt-get installed chromium but /usr/bin/chromium is missing; set CHROME_PATH');
  return DEBIAN_CHROMIUM;
}
