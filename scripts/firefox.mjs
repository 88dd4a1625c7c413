// Finds the Firefox the tests use: FIREFOX_PATH, else Debian's `firefox-esr` package
// (mirrors scripts/chromium.mjs). Driven headless by puppeteer-core over WebDriver BiDi.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

/**
 * Prefs for unattended WebRTC tests: fake camera/microphone (a 1 kHz tone, moving frames),
 * no permission prompts (also for getDisplayMedia), autoplay of audio and Web Audio allowed,
 * and no background traffic. See docs/browsers.md.
 */
export const firefoxPrefs = {
  'media.navigator.streams.fake': true,
  'media.navigator.permission.disabled': true,
  'media.autoplay.default': 0,
  'media.autoplay.block-webaudio': false,
  'media.setsinkid.enabled': true,
  // No audio output device here: a real cubeb context never opens, so every AudioContext stays
  // 'suspended' (resume() never settles). The mock context clocks Web Audio without a device.
  'media.cubeb.force_mock_context': true,
  // the emulator binds 127.0.0.1 and offers only that host candidate (see docs/browsers.md)
  'media.peerconnection.ice.loopback': true,
  'media.peerconnection.ice.obfuscate_host_addresses': false,
  'media.devices.enumerate.legacy.enabled': false,
  'app.update.enabled': false,
  'browser.shell.checkDefaultBrowser': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'toolkit.telemetry.reportingpolicy.firstRun': false,
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
};

const DEBIAN_FIREFOX = '/usr/bin/firefox-esr';

/** Returns a Firefox path, installing Debian's package when missing and running as root. */
export function ensureFirefox({ log = console.log } = {}) {
  const fromEnv = process.env.FIREFOX_PATH;
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    throw new Error(`FIREFOX_PATH=${fromEnv} does not exist; point it at a Firefox binary or unset it to use Debian's firefox-esr`);
  }
  if (existsSync(DEBIAN_FIREFOX)) return DEBIAN_FIREFOX;
  if (process.getuid?.() !== 0) {
    throw new Error('Firefox not found: run `sudo apt-get install -y firefox-esr` or set FIREFOX_PATH to a Firefox binary');
  }
  log('Firefox not found: installing Debian\'s firefox-esr package (apt-get)…');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update', '-qq'], ['install', '-y', '-qq', 'firefox-esr']]) {
    const r = spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env });
    if (r.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed (exit ${r.status}); install firefox-esr by hand or set FIREFOX_PATH`);
  }
  if (!existsSync(DEBIAN_FIREFOX)) throw new Error('apt-get installed firefox-esr but /usr/bin/firefox-esr is missing; set FIREFOX_PATH');
  return DEBIAN_FIREFOX;
}
