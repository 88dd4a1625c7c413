// Types of dist/gc-webrtc-sdk.bundle.js, the script-tag bundle (a classic script, not an ES module): loading
// it registers the gc-* elements and sets `window.GenesysCloudWebrtcSdk` to the API in bundle.d.ts.
import type * as GenesysCloudWebrtcSdkBundle from './bundle.js';

declare global {
  /** The script-tag bundle's API: the engine, errors, enums, element classes and `setStrings`. */
  var GenesysCloudWebrtcSdk: typeof GenesysCloudWebrtcSdkBundle;
}

export {};
