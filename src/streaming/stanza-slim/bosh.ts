/**
 * Build-time substitute for `stanza/transports/bosh.js` (see build/stanza-slim.mjs): the engine
 * only connects over WebSocket (`transports: { websocket: url, bosh: false }`), so stanza's
 * Client never instantiates this; it exists so `client.transports.bosh` stays defined.
 */
export default class BOSHUnavailable {
  constructor() {
    throw new Error('The BOSH transport is not included in this build (WebSocket only)');
  }
}
