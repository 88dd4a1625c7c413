// A strict TypeScript consumer (no skipLibCheck), compiled under moduleResolution bundler,
// node16 and nodenext by test/consumers/matrix.test.ts. Each @ts-expect-error proves that a
// type is real: were it `any` (or missing), the directive itself would fail the compile.
import { GenesysCloudWebrtcSdk, SdkError, SdkErrorTypes, SessionTypes, type IPendingSession, type ISdkConfig } from 'gc-webrtc-sdk';
import { GcWebrtcSdk as GcWebrtcSdkElement, setStrings } from 'gc-webrtc-sdk/elements';
import { GcWebrtcSdk, GcSoftphone, GcDeviceSelect } from 'gc-webrtc-sdk/react';
import type {} from 'gc-webrtc-sdk/bundle';

const config: ISdkConfig = { environment: 'mypurecloud.com', accessToken: 'token', allowedSessionTypes: [SessionTypes.softphone] };
const sdk = new GenesysCloudWebrtcSdk(config);

// typed SDK events
sdk.on('pendingSession', (pending: IPendingSession) => { const id: string = pending.conversationId; void id; });
sdk.on('sessionEnded', (session, reason) => { const id: string = session.conversationId; void id; void reason; });
sdk.on('sdkError', (error) => { const t: SdkErrorTypes = error.type; void t; });
// @ts-expect-error not an SDK event
sdk.on('notAnEvent', () => undefined);
// @ts-expect-error the payload is an IPendingSession
sdk.on('pendingSession', (pending: number) => pending);

// typed DOM events and tag names (HTMLElementEventMap, HTMLElementTagNameMap)
const el = document.createElement('gc-webrtc-sdk');
const sameEl: GcWebrtcSdkElement = el;
el.addEventListener('gc-pending-session', (e) => { const id: string = e.detail.conversationId; void id; });
el.addEventListener('gc-sdk-error', (e) => { const err: SdkError = e.detail; void err; });
// @ts-expect-error detail.conversationId is a string
el.addEventListener('gc-pending-session', (e) => { const n: number = e.detail.conversationId; void n; });
el.addEventListener('gc-ready', (e) => { const d: null = e.detail; void d; });
const engine = el.sdk;
engine?.on('sessionStarted', (session) => { const id: string = session.conversationId; void id; });
setStrings({});

// React wrappers: element properties and typed event props
export const app = (
  <GcWebrtcSdk environment="mypurecloud.com" accessToken="token" allowedSessionTypes={['softphone']}
    onGcPendingSession={(e) => { const id: string = e.detail.conversationId; void id; }}
    onGcReady={() => undefined}>
    <GcSoftphone onGcCallError={(e) => { const action: string = e.detail.action; void action; }} />
    <GcDeviceSelect onGcDeviceChange={(e) => { const kind: MediaDeviceKind = e.detail.kind; void kind; }} />
  </GcWebrtcSdk>
);
// @ts-expect-error the event prop's detail is an IPendingSession
export const bad = <GcWebrtcSdk onGcPendingSession={(e: CustomEvent<number>) => e} />;

// the script-tag bundle's global
const fromBundle: typeof GenesysCloudWebrtcSdk = window.GenesysCloudWebrtcSdk.GenesysCloudWebrtcSdk;
export { sameEl, engine, fromBundle };
