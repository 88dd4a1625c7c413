// The media elements of the script-tag bundle, a lazily loaded file (dist/gc-webrtc-sdk.media-elements.js):
// loaded by elements/autoload.ts when a <gc-video-conference> or <gc-screen-share> tag appears.
// lit and the shared element code come from the main bundle (build/script-tag-bundle.mjs).
export { GcVideoConference } from './video-conference/video-conference';
export { GcScreenShare } from './screen-share/screen-share';
