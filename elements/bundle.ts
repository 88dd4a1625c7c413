// Entry of the script-tag bundle (dist/gc-webrtc-sdk.bundle.js, a classic script; build/script-tag-bundle.mjs):
// `window.GenesysCloudWebrtcSdk` = { GenesysCloudWebrtcSdk, default, SdkError, enums, …, element classes,
// loadMediaElements }, and the gc-* elements are registered (guarded) when the script runs.
// <gc-video-conference> and <gc-screen-share> are a lazy file loaded when such a tag appears (elements/autoload.ts).
import { GcWebrtcSdk } from './webrtc-sdk/webrtc-sdk';
import { GcSoftphone } from './softphone/softphone';
import { GcDeviceSelect } from './device-select/device-select';
import { autoloadMediaElements } from './autoload';

export * from '../src/index';
export { default } from '../src/index';
export { GcWebrtcSdk, GcSoftphone, GcDeviceSelect };
export { loadMediaElements, type MediaElements } from './autoload';
export { setStrings, strings } from './internal/strings';

GcWebrtcSdk.define('gc-webrtc-sdk');
GcSoftphone.define('gc-softphone');
GcDeviceSelect.define('gc-device-select');
autoloadMediaElements();
