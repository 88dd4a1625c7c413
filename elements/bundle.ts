// Entry of the script-tag bundle (dist/gc-webrtc-sdk.bundle.js, IIFE):
// `window.GenesysCloudWebrtcSdk` = { GenesysCloudWebrtcSdk, default, SdkError, enums, …, element classes },
// and the gc-* elements are registered (guarded) when the script runs.
import { GcWebrtcSdk, GcSoftphone, GcDeviceSelect, GcVideoConference, GcScreenShare } from './index';

export * from '../src/index';
export { default } from '../src/index';
export { GcWebrtcSdk, GcSoftphone, GcDeviceSelect, GcVideoConference, GcScreenShare };
export { setStrings, strings } from './index';

// explicit here: package.json "sideEffects" lets the bundler drop elements/index.ts's own define() calls
GcWebrtcSdk.define('gc-webrtc-sdk');
GcSoftphone.define('gc-softphone');
GcDeviceSelect.define('gc-device-select');
GcVideoConference.define('gc-video-conference');
GcScreenShare.define('gc-screen-share');
