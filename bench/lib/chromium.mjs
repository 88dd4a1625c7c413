// Headless Chromium for the bench (research/feasibility.md §1, upstream-anchor-figures.md §1):
// puppeteer-core with the system Chromium, fake media with a continuous 440 Hz WAV as the mic,
// a fresh userDataDir per launch, and the browser killed whatever way the process ends.
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import puppeteer from 'puppeteer-core';
import { chromiumArgs, ensureChromium } from '../../scripts/chromium.mjs';

const live = new Set();
let hooked = false;
function killAllOnExit() {
  if (hooked) return;
  hooked = true;
  const kill = () => {
    for (const b of live) {
      try { b.process()?.kill('SIGKILL'); } catch { /* already gone */ }
      try { rmSync(b.__userDataDir, { recursive: true, force: true }); } catch { /* ignore */ }
    }
    live.clear();
  };
  process.on('exit', kill);
  for (const sig of ['SIGINT', 'SIGTERM']) process.once(sig, () => { kill(); process.exit(130); });
}

/** A 16-bit mono PCM WAV of a continuous sine (the built-in fake mic only beeps once a second). */
export function writeToneWav(path, { hz = 440, seconds = 10, rate = 48000, amplitude = 0.5 } = {}) {
  const samples = rate * seconds;
  const buf = Buffer.alloc(44 + samples * 2);
  buf.write('RIFF', 0); buf.writeUInt32LE(36 + samples * 2, 4); buf.write('WAVE', 8);
  buf.write('fmt ', 12); buf.writeUInt32LE(16, 16); buf.writeUInt16LE(1, 20); buf.writeUInt16LE(1, 22);
  buf.writeUInt32LE(rate, 24); buf.writeUInt32LE(rate * 2, 28); buf.writeUInt16LE(2, 32); buf.writeUInt16LE(16, 34);
  buf.write('data', 36); buf.writeUInt32LE(samples * 2, 40);
  for (let i = 0; i < samples; i++) {
    buf.writeInt16LE(Math.round(Math.sin((2 * Math.PI * hz * i) / rate) * amplitude * 32767), 44 + i * 2);
  }
  writeFileSync(path, buf);
  return path;
}

let wavPath;
function toneWav() {
  if (wavPath && existsSync(wavPath)) return wavPath;
  const dir = mkdtempSync(join(tmpdir(), 'gc-bench-wav-'));
  wavPath = writeToneWav(join(dir, 'tone-440.wav'));
  process.on('exit', () => { try { rmSync(dir, { recursive: true, force: true }); } catch { /* ignore */ } });
  return wavPath;
}

export function chromiumPath() {
  return ensureChromium({ log: (m) => console.error(m) });
}

/** `chromium --version` without starting a browser (for machine info when no scenario launched one). */
export function chromiumVersion(path = chromiumPath()) {
  try {
    return execFileSync(path, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch { return null; }
}

/** Launches Chromium with the bench flags and a fresh profile; `close()` also removes the profile. */
export async function launchChromium() {
  killAllOnExit();
  const userDataDir = mkdtempSync(join(tmpdir(), 'gc-bench-profile-'));
  const browser = await puppeteer.launch({
    executablePath: chromiumPath(),
    headless: true,
    userDataDir,
    args: [
      ...chromiumArgs,
      '--enable-precise-memory-info',
      `--use-file-for-fake-audio-capture=${toneWav()}`,
    ],
    protocolTimeout: 120_000,
  });
  browser.__userDataDir = userDataDir;
  live.add(browser);
  const close = async () => {
    live.delete(browser);
    await Promise.race([browser.close().catch(() => undefined), new Promise((r) => setTimeout(r, 5000))]);
    try { browser.process()?.kill('SIGKILL'); } catch { /* gone */ }
    rmSync(userDataDir, { recursive: true, force: true });
  };
  return { browser, close };
}
