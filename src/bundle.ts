// Entry of the script-tag bundle (dist/gc-webrtc-sdk.bundle.js, IIFE):
// `window.GenesysCloudWebrtcSdk` = { GenesysCloudWebrtcSdk, default, SdkError, enums, …, element classes },
// and the gc-* elements are registered (guarded) when the script runs.
export * from './index';
export { default } from './index';
export { GcWebrtcSdk, GcSoftphone, GcDeviceSelect, setStrings, strings } from '../elements/index';
