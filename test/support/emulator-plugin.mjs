// Starts one emulator (on 127.0.0.1, a free port) per browser of the test run, on that browser's
// first request, and hands its JSON info line to tests through `executeServerCommand('emulator-info')`.
// One per browser because the browsers may run side by side and some tests inject faults, which
// apply to the whole emulator (docs/browsers.md). Tests talk to it directly over HTTP/WebSocket;
// the emulator answers CORS.
export function emulatorPlugin() {
  const emulators = new Map(); // browser name -> Promise<emulator>
  const load = () => import('../../emulator/index.ts');
  return {
    name: 'gc-emulator',
    async executeCommand({ command, payload, session }) {
      if (command !== 'emulator-info' && command !== 'emulator-restart') return undefined;
      const key = session?.browser?.name ?? 'default';
      if (!emulators.has(key)) emulators.set(key, load().then(({ startEmulator }) => startEmulator({ port: 0, host: '127.0.0.1' })));
      const emulator = await emulators.get(key);
      if (command === 'emulator-info') return emulator.info;
      // A process restart on the same port: everything live is gone (sockets, channels, calls,
      // media); users and tokens survive, like the cloud's directory. Down for `downMs` meanwhile.
      const { startEmulator } = await load();
      const port = Number(new URL(emulator.url).port);
      await emulator.close();
      await new Promise((r) => setTimeout(r, payload?.downMs ?? 1000));
      const restarted = startEmulator({ port, host: '127.0.0.1', restoreFrom: emulator });
      emulators.set(key, restarted);
      return (await restarted).info;
    },
    async serverStop() {
      await Promise.all([...emulators.values()].map(async (e) => (await e.catch(() => undefined))?.close()));
    },
  };
}
