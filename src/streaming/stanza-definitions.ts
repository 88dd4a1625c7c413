/**
 * Genesys-specific XMPP payloads, registered on the stanza client's JXT registry:
 * - `urn:xmpp:jingle-message:0` propose/proceed/accept/reject/retract with `inin-*` attributes
 *   (not stanza's built-in jingle-message namespace),
 * - the SDP-over-XMPP JSON-RPC carrier `<genesys-webrtc xmlns="genesys">` as `iq.genesysWebrtc`,
 * - `<media-message xmlns="genesys">` as `message.mediaMessage`,
 * - the `upgradeMedia` presence payload `<x xmlns="orgspan:mediastream">` as `presence.media`,
 * - screen-start/stop jingle info.
 * See research/streaming-protocol.md §4.2–§4.5.
 */
import * as JXT from 'stanza/jxt';
import type { DefinitionOptions } from 'stanza/jxt';

export const NS_JINGLE_MESSAGE = 'urn:xmpp:jingle-message:0';
export const NS_GENESYS = 'genesys';
export const NS_MEDIASTREAM = 'orgspan:mediastream';
export const NS_JINGLE_RTP_INFO = 'urn:xmpp:jingle:apps:rtp:info:1';
/** `jingle.info.infoType` of the video screen-share notices */
export const JINGLE_INFO_SCREEN_START = `{${NS_JINGLE_RTP_INFO}}screen-start`;
export const JINGLE_INFO_SCREEN_STOP = `{${NS_JINGLE_RTP_INFO}}screen-stop`;

/** `<propose>` from the cloud. Booleans accept true/false/1/0. */
export interface JingleMessagePropose {
  sessionId: string;
  conversationId?: string;
  persistentConversationId?: string;
  originalRoomJid?: string;
  autoAnswer?: boolean;
  fromUserId?: string;
  sdpOverXmpp?: boolean;
  privAnswerMode?: string;
  meetingId?: string;
}

export interface JingleMessageAction {
  sessionId: string;
}

/** JSON-RPC 2.0 object carried by `iq.genesysWebrtc`. */
export interface GenesysWebrtcJsonRpc {
  jsonrpc: '2.0';
  id?: string;
  method: 'offer' | 'answer' | 'iceCandidate' | 'info' | 'mute' | 'unmute' | 'terminate' | 'report-statistics' | string;
  params: Record<string, unknown>;
}

/** The `upgradeMedia` presence payload (joining a conference / guest screen share). */
export interface MediaStreamPresence {
  conversationId?: string;
  sourceCommunicationId?: string;
  audio?: boolean;
  video?: boolean;
  listener?: boolean;
  screenShare?: boolean;
  screenRecording?: boolean;
  videoGuest?: boolean;
}

declare module 'stanza/protocol' {
  interface Message {
    propose?: JingleMessagePropose;
    proceed?: JingleMessageAction;
    accept?: JingleMessageAction;
    reject?: JingleMessageAction;
    retract?: JingleMessageAction;
    mediaMessage?: Record<string, unknown>;
  }
  interface IQPayload {
    genesysWebrtc?: GenesysWebrtcJsonRpc;
  }
  interface Presence {
    media?: MediaStreamPresence;
  }
}

const { attribute, booleanAttribute, childJSON, childBooleanAttribute } = JXT;

function action(element: 'proceed' | 'accept' | 'reject' | 'retract'): DefinitionOptions {
  return { element, namespace: NS_JINGLE_MESSAGE, path: `message.${element}`, fields: { sessionId: attribute('id') } };
}

export const GENESYS_DEFINITIONS: DefinitionOptions[] = [
  {
    element: 'propose',
    namespace: NS_JINGLE_MESSAGE,
    path: 'message.propose',
    fields: {
      sessionId: attribute('id'),
      conversationId: attribute('inin-cid'),
      persistentConversationId: attribute('inin-persistent-cid'),
      originalRoomJid: attribute('inin-ofrom'),
      autoAnswer: booleanAttribute('inin-autoanswer'),
      fromUserId: attribute('inin-user-id'),
      sdpOverXmpp: booleanAttribute('inin-sdp-over-xmpp'),
      privAnswerMode: attribute('inin-priv-answer-mode'),
      meetingId: attribute('inin-meeting-id'),
    },
  },
  action('proceed'),
  action('accept'),
  action('reject'),
  action('retract'),
  { element: 'iq', namespace: 'jabber:client', path: 'iq', fields: { genesysWebrtc: childJSON(NS_GENESYS, 'genesys-webrtc') } },
  { element: 'message', namespace: 'jabber:client', path: 'message', fields: { mediaMessage: childJSON(NS_GENESYS, 'media-message') } },
  {
    element: 'x',
    namespace: NS_MEDIASTREAM,
    path: 'presence.media',
    fields: {
      conversationId: attribute('conversationId'),
      sourceCommunicationId: attribute('sourceCommunicationId'),
      audio: childBooleanAttribute(null, 'mediastream', 'audio'),
      video: childBooleanAttribute(null, 'mediastream', 'video'),
      listener: childBooleanAttribute(null, 'mediastream', 'listener'),
      screenShare: childBooleanAttribute(null, 'mediastream', 'screenShare'),
      screenRecording: childBooleanAttribute(null, 'mediastream', 'screenRecording'),
      videoGuest: childBooleanAttribute(null, 'mediastream', 'videoGuest'),
    },
  },
  // Jingle session-info payloads (`jingle.info.infoType`), like stanza's own mute/unmute
  { element: 'screen-start', namespace: NS_JINGLE_RTP_INFO, path: 'iq.jingle.info', type: JINGLE_INFO_SCREEN_START },
  { element: 'screen-stop', namespace: NS_JINGLE_RTP_INFO, path: 'iq.jingle.info', type: JINGLE_INFO_SCREEN_STOP },
];
