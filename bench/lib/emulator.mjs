// The emulator, started in-process (TypeScript through tsx, registered by bench/run.mjs), and a
// small client for its control API. Everything listens on 127.0.0.1 only.
let tsxRegistered = false;
export async function ensureTsx() {
  if (tsxRegistered) return;
  const { register } = await import('tsx/esm/api');
  register();
  tsxRegistered = true;
}

export async function startBenchEmulator(options = {}) {
  await ensureTsx();
  const { startEmulator } = await import('../../emulator/index.ts');
  const emu = await startEmulator({ port: 0, host: '127.0.0.1', verbose: false, ...options });
  const base = emu.info.environment;
  async function control(method, path, body) {
    const res = await fetch(`${base}/__emulator/${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`control ${method} ${path}: ${res.status} ${await res.text()}`);
    return res.status === 204 ? undefined : res.json();
  }
  return { emu, base, wsHost: emu.info.wsHost, control, close: () => emu.close() };
}
