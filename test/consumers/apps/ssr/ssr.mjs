// SSR consumer: Node imports every entry and React renders the wrappers to a string.
// Prints one JSON line for test/consumers/matrix.test.ts.
import React from 'react';
import { renderToString } from 'react-dom/server';
import * as api from 'gc-webrtc-sdk';
import * as elements from 'gc-webrtc-sdk/elements';
import * as wrappers from 'gc-webrtc-sdk/react';

const h = React.createElement;
const html = renderToString(h(wrappers.GcWebrtcSdk, { environment: 'mypurecloud.com', allowedSessionTypes: ['softphone'] },
  h(wrappers.GcSoftphone, null), h(wrappers.GcDeviceSelect, null)));
let optionError;
try { new api.GenesysCloudWebrtcSdk({}); } catch (err) { optionError = { name: err.name, type: err.type, isSdkError: err instanceof api.SdkError }; }
console.log(JSON.stringify({
  engine: typeof api.GenesysCloudWebrtcSdk, sdkErrorName: api.SdkError.name, optionError,
  elementClasses: Object.keys(elements).filter((k) => /^Gc[A-Z]/.test(k) && typeof elements[k] === 'function'),
  wrappers: Object.keys(wrappers).filter((k) => /^Gc[A-Z]/.test(k)),
  html,
}));
