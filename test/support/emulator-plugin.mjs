// Starts one emulator (on 127.0.0.1, a free port) per browser of the test run, on that browser's
// first request, and hands its JSON info line to tests through `executeServerCommand('emulator-info')`.
// One per browser because the browsers run side by side and some tests inject faults, which
// apply to the whole emulator (docs/browsers.md). Tests talk to it directly over HTTP/WebSocket;
// the emulator answers CORS.
export function emulatorPlugin() {
  const emulators = new Map(); // browser name -> Promise<emulator>
  return {
    name: 'gc-emulator',
    async executeCommand({ command, session }) {
      if (command !== 'emulator-info') return undefined;
      const key = session?.browser?.name ?? 'default';
      if (!emulators.has(key)) {
        emulators.set(key, import('../../emulator/index.ts').then(({ startEmulator }) => startEmulator({ port: 0, host: '127.0.0.1' })));
      }
      return (await emulators.get(key)).info;
    },
    async serverStop() {
      await Promise.all([...emulators.values()].map(async (e) => (await e.catch(() => undefined))?.close()));
    },
  };
}
