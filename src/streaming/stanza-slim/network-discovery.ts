/**
 * Build-time substitute for `stanza/helpers/NetworkDiscovery.js` (see build/stanza-slim.mjs):
 * DNS/host-meta discovery is only used by stanza's `hostmeta` plugin, which is not included
 * (the engine always passes the WebSocket URL). `client.resolver` stays an object.
 */
export default class NetworkDiscovery {
  getHostMeta(): Promise<never> {
    return Promise.reject(new Error('Host-meta discovery is not included in this build'));
  }
}
