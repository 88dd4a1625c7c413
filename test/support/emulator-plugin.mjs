// Starts one emulator (on 127.0.0.1, a free port) for the whole browser test run and
// hands its JSON info line to tests through `executeServerCommand('emulator-info')`.
// Tests talk to it directly over HTTP/WebSocket; the emulator answers CORS.
export function emulatorPlugin() {
  let emulator;
  return {
    name: 'gc-emulator',
    async serverStart() {
      const { startEmulator } = await import('../../emulator/index.ts');
      emulator = await startEmulator({ port: 0, host: '127.0.0.1' });
    },
    async executeCommand({ command, payload }) {
      if (command === 'emulator-info') return emulator.info;
      if (command === 'emulator-restart') {
        // A process restart on the same port: everything live is gone (sockets, channels, calls,
        // media); users and tokens survive, like the cloud's directory. Down for `downMs` meanwhile.
        const { startEmulator } = await import('../../emulator/index.ts');
        const port = Number(new URL(emulator.url).port);
        const previous = emulator;
        await previous.close();
        await new Promise((r) => setTimeout(r, payload?.downMs ?? 1000));
        emulator = await startEmulator({ port, host: '127.0.0.1', restoreFrom: previous });
        return emulator.info;
      }
      return undefined;
    },
    async serverStop() {
      await emulator?.close();
    },
  };
}
