/**
 * React wrappers of the gc-* elements (`gc-webrtc-sdk/react`), built with `@lit/react`: one
 * component per element, element properties as props (`sdk`, `accessToken`, `environment`, …) and
 * typed event props (`onGcPendingSession={(e) => e.detail.conversationId}`). React 18 and 19.
 *
 * Importing this module registers the elements (it imports `gc-webrtc-sdk/elements`).
 * Adding an element is one `export const GcX = wrap('gc-x', GcXElement, [its events], 'GcX')` line below (the matrix tests
 * find each wrapper by the PascalCase of the manifest's tag names).
 * @module
 */
import React from 'react';
import type * as ReactTypes from 'react';
import { createComponent } from '@lit/react';
import {
  GcWebrtcSdk as GcWebrtcSdkElement, GcSoftphone as GcSoftphoneElement, GcDeviceSelect as GcDeviceSelectElement,
  GcVideoConference as GcVideoConferenceElement, GcScreenShare as GcScreenShareElement,
} from '../elements/index';
import { domEventName, MEDIA_EVENTS, SDK_EVENT_ARGS, type GcSdkEventMap } from '../elements/internal/events';

/** `gc-pending-session` → `GcPendingSession`. */
export type PascalFromKebab<S extends string> = S extends `${infer H}-${infer T}` ? `${Capitalize<H>}${PascalFromKebab<T>}` : Capitalize<S>;

/** The event props of a wrapper: DOM event `gc-pending-session` → prop `onGcPendingSession`. */
export type GcReactEventProps<M> = {
  [K in keyof M & string as `on${PascalFromKebab<K>}`]?: (event: M[K]) => void;
};

/** Props of a wrapper: React's HTML props, the element's own properties, and the typed event props. */
export type GcReactProps<I extends HTMLElement, M> =
  Omit<ReactTypes.HTMLAttributes<I>, keyof GcReactEventProps<M> | keyof Omit<I, keyof HTMLElement>>
  & GcReactEventProps<M>
  & Partial<Omit<I, keyof HTMLElement>>;

/** A React component wrapping the element `I` with events `M`; its `ref` is the element. */
export type GcReactComponent<I extends HTMLElement, M> = ReactTypes.ForwardRefExoticComponent<GcReactProps<I, M> & ReactTypes.RefAttributes<I>>;

/** Event of `M` → React prop name. */
export function reactEventProp(eventName: string): string {
  return `on${eventName.replace(/(?:^|-)([a-z0-9])/g, (_, c: string) => c.toUpperCase())}`;
}

/**
 * The wrapper of one element: `events` lists the DOM events it dispatches (its event props are
 * typed from `GcSdkEventMap`).
 */
function wrap<I extends HTMLElement, const E extends ReadonlyArray<keyof GcSdkEventMap>>(tagName: string, elementClass: new () => I, eventNames: E, displayName: string): GcReactComponent<I, Pick<GcSdkEventMap, E[number]>> {
  const events = Object.fromEntries(eventNames.map((name) => [reactEventProp(name), name]));
  return createComponent({ react: React, tagName, elementClass, events, displayName }) as unknown as GcReactComponent<I, Pick<GcSdkEventMap, E[number]>>;
}

/** Events the elements dispatch themselves (beside the re-dispatched engine and media events). */
const VIDEO_CONFERENCE_EVENTS = [
  'gc-video-state-change', 'gc-video-error', 'gc-participants-update', 'gc-speakers-update', 'gc-member-status-update',
  'gc-pinned-participant', 'gc-participant-media-update',
] as const;
const SCREEN_SHARE_EVENTS = ['gc-screen-share-state-change', 'gc-screen-share-error'] as const;
const ELEMENT_EVENTS = [
  'gc-connection-state-change', 'gc-engine-change', 'gc-call-error', 'gc-device-change',
  ...VIDEO_CONFERENCE_EVENTS, ...SCREEN_SHARE_EVENTS,
] as const;

/** Every event that `<gc-webrtc-sdk>` dispatches or that bubbles to it from the elements inside. */
export const WEBRTC_SDK_EVENTS: ReadonlyArray<keyof GcSdkEventMap> = [
  ...Object.keys(SDK_EVENT_ARGS).map((name) => domEventName(name) as keyof GcSdkEventMap),
  ...MEDIA_EVENTS.map((name) => domEventName(name, 'gc-media-') as keyof GcSdkEventMap),
  ...ELEMENT_EVENTS,
];

// Compile-time check that the list above covers GcSdkEventMap: an event typed there but missing at
// run time would be a React prop that silently never fires. A new element event goes into ELEMENT_EVENTS.
type KebabCase<S extends string> = S extends `${infer H}${infer T}` ? `${H extends Lowercase<H> ? H : `-${Lowercase<H>}`}${KebabCase<T>}` : S;
type ListedEvents = `gc-${KebabCase<keyof typeof SDK_EVENT_ARGS & string>}` | `gc-media-${KebabCase<(typeof MEDIA_EVENTS)[number] & string>}` | (typeof ELEMENT_EVENTS)[number];
type UnlistedEvents = Exclude<keyof GcSdkEventMap, ListedEvents>;
const everyEventListed: [UnlistedEvents] extends [never] ? true : { unlisted: UnlistedEvents } = true;
void everyEventListed;

/** `<gc-webrtc-sdk>`: owns the engine; `accessToken`, `config`, `sdk` as props; every SDK event as `onGc…`. */
export const GcWebrtcSdk: GcReactComponent<GcWebrtcSdkElement, GcSdkEventMap> = wrap('gc-webrtc-sdk', GcWebrtcSdkElement, WEBRTC_SDK_EVENTS, 'GcWebrtcSdk');
// one line per element (its own events also go into ELEMENT_EVENTS above, as they bubble to <gc-webrtc-sdk>)
/** `<gc-softphone>`: dial pad, call controls, incoming call prompt. */
export const GcSoftphone = wrap('gc-softphone', GcSoftphoneElement, ['gc-call-error'], 'GcSoftphone');
/** `<gc-device-select>`: microphone, camera and speaker pickers. */
export const GcDeviceSelect = wrap('gc-device-select', GcDeviceSelectElement, ['gc-device-change'], 'GcDeviceSelect');
/** `<gc-video-conference>`: the video room (tiles, pin, mute, screen share). */
export const GcVideoConference = wrap('gc-video-conference', GcVideoConferenceElement, VIDEO_CONFERENCE_EVENTS, 'GcVideoConference');
/** `<gc-screen-share>`: guest, agent (recording / monitoring indicator) and observer screen share. */
export const GcScreenShare = wrap('gc-screen-share', GcScreenShareElement, SCREEN_SHARE_EVENTS, 'GcScreenShare');
