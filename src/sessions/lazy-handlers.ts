/**
 * The video and screen session handlers: a separate chunk, loaded on first use or right after
 * `initialize()` (load-handlers.ts). Only `load-handlers.ts` imports this module, with `import()`.
 */
export { VideoHandler } from './video-handler';
export { ScreenShareHandler } from './screen-share-handler';
export { ScreenRecordingHandler } from './screen-recording-handler';
export { LiveMonitoringHandler } from './live-monitoring-handler';
