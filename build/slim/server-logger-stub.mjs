// Build-time substitute for genesys-cloud-client-logger's `./server-logger` when imported by its
// `logger.js` (build/stanza-slim.mjs): the SDK creates the logger with `initializeServerLogging: false`
// and attaches the real ServerLogger itself once its lazily loaded chunk is there
// (src/logging/server-upload.ts), so this class is never constructed.
export class ServerLogger {
  constructor() {
    throw new Error('gc-webrtc-sdk: the server logger is attached by the SDK (src/logging/server-upload.ts)');
  }
}
