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
    async executeCommand({ command }) {
      if (command === 'emulator-info') return emulator.info;
      return undefined;
    },
    async serverStop() {
      await emulator?.close();
    },
  };
}
