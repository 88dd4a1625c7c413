// Types of dist/gc-webrtc-sdk.headsets.js: the headset vendor library, which the script-tag bundle
// fetches from next to itself only when headsets are used. Not an API to import; exported so that
// apps can locate and serve the file.
declare const headsetsLibrary: unknown;
export default headsetsLibrary;
