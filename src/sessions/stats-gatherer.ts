/** webrtc-stats-gatherer, the lazily loaded part (own chunk / `gc-webrtc-sdk.stats.js`; see stats-loader.ts). */
export { default } from 'webrtc-stats-gatherer';
