// What the figures were measured on: they only compare within one machine and one run.
import os from 'node:os';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

function pkgVersion(name) {
  try { return require(`${name}/package.json`).version; } catch { return null; }
}

function osRelease() {
  try {
    const text = readFileSync('/etc/os-release', 'utf8');
    return /^PRETTY_NAME="?([^"\n]*)"?/m.exec(text)?.[1] ?? null;
  } catch { return null; }
}

/** @param {{ chromium?: string|null }} extra browser version string (from puppeteer's browser.version()) */
export function machineInfo(extra = {}) {
  const cpus = os.cpus();
  return {
    date: new Date().toISOString(),
    cpuModel: cpus[0]?.model?.trim() ?? null,
    cores: cpus.length,
    availableParallelism: typeof os.availableParallelism === 'function' ? os.availableParallelism() : cpus.length,
    memoryBytes: os.totalmem(),
    memoryGiB: Number((os.totalmem() / 2 ** 30).toFixed(1)),
    loadAverageAtStart: os.loadavg().map((v) => Number(v.toFixed(2))),
    os: osRelease() ?? `${os.type()} ${os.release()}`,
    kernel: os.release(),
    node: process.version,
    chromium: extra.chromium ?? null,
    puppeteerCore: pkgVersion('puppeteer-core'),
    upstreamSdk: pkgVersion('genesys-cloud-webrtc-sdk'),
    ourSdk: (() => { try { return require('../../package.json').version; } catch { return null; } })(),
  };
}
