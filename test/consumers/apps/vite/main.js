// Vite consumer with the React wrappers (React.createElement: no JSX plugin needed).
import React from 'react';
import { createRoot } from 'react-dom/client';
import * as api from 'gc-webrtc-sdk';
import * as wrappers from 'gc-webrtc-sdk/react';
import { check } from '../shared/check.js';

const h = React.createElement;
check({
  api,
  mount(options, { ready, error }) {
    const ref = React.createRef();
    // every element of the manifest has its wrapper (checked again in the result)
    window.__reactWrappers = Object.keys(wrappers).filter((k) => /^Gc[A-Z]/.test(k));
    createRoot(document.getElementById('root')).render(
      h(wrappers.GcWebrtcSdk, {
        ref, environment: options.environment, wsHost: options.wsHost, accessToken: options.accessToken,
        allowedSessionTypes: ['softphone'], useHeadsets: false, optOutOfTelemetry: true,
        onGcReady: () => ready(ref.current),
        onGcSdkError: (e) => error(e.detail),
      },
      h(wrappers.GcSoftphone, null),
      h(wrappers.GcDeviceSelect, { kinds: 'audioinput audiooutput' })),
    );
  },
});
