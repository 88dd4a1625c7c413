/**
 * Genesys session-negotiation payloads on the emulator's JXT registry, and builders for the
 * frames the gateway sends (research/streaming-protocol.md §4.2, §4.5):
 * - `urn:xmpp:jingle-message:0` propose/proceed/accept/reject/retract (not stanza's built-in namespace);
 * - `<genesys-webrtc xmlns="genesys">` JSON-RPC, read as raw text so a client's bad JSON
 *   becomes a JSON-RPC error instead of a frame the parser refuses.
 */
import * as XMPP from 'stanza';
import type { DefinitionOptions } from 'stanza/jxt';
import { NS, XmlElement } from '../../xmpp/stanzas';

export const NS_JINGLE_MESSAGE = 'urn:xmpp:jingle-message:0';
export const NS_GENESYS = 'genesys';
export const NS_JINGLE_ERRORS = 'urn:xmpp:jingle:errors:1';

export type JingleMessageAction = 'proceed' | 'accept' | 'reject' | 'retract';

export interface ProposeAttributes {
  sessionId: string;
  conversationId: string;
  autoAnswer: boolean;
  sdpOverXmpp: boolean;
  persistentConversationId?: string;
  fromUserId?: string;
  /** `inin-ofrom`: the room a video propose is for (the SDK auto-proceeds rooms it requested). */
  originalRoomJid?: string;
  /** `inin-meeting-id`: the meeting a video propose is for. */
  meetingId?: string;
}

/**
 * The `message.proceed|accept|reject|retract` fields the definitions below produce. Deliberately
 * NOT a `declare module 'stanza/protocol'` augmentation: the SDK's src/streaming/stanza-definitions.ts
 * owns that one (whole-project tsc sees both trees), and the emulator cannot import src/ at run
 * time because the package ships `emulator/` as TypeScript without `src/`. Read them with
 * `jingleMessageFields(json)`.
 */
export type JingleMessageFields = Partial<Record<JingleMessageAction, { sessionId?: string }>>;

export function jingleMessageFields(json: object): JingleMessageFields {
  return json as JingleMessageFields;
}

declare module 'stanza/protocol' {
  interface IQPayload {
    /** the emulator reads `<genesys-webrtc>` as raw text (bad JSON becomes a JSON-RPC error); emulator-only field */
    genesysWebrtcText?: string;
  }
}

const { attribute, childText } = XMPP.JXT;

const action = (element: JingleMessageAction): DefinitionOptions => ({
  element,
  namespace: NS_JINGLE_MESSAGE,
  path: `message.${element}`,
  fields: { sessionId: attribute('id') },
});

export const SIGNALING_DEFINITIONS: DefinitionOptions[] = [
  action('proceed'),
  action('accept'),
  action('reject'),
  action('retract'),
  { element: 'iq', namespace: NS.client, path: 'iq', fields: { genesysWebrtcText: childText(NS_GENESYS, 'genesys-webrtc') } },
];

/** `<message from=gateway to=…><propose …/></message>`; no `type`, booleans as "true"/"false". */
export function proposeMessage(from: string, to: string, p: ProposeAttributes): XmlElement {
  const attrs: Record<string, string> = {
    xmlns: NS_JINGLE_MESSAGE,
    id: p.sessionId,
    'inin-cid': p.conversationId,
    'inin-autoanswer': String(p.autoAnswer),
  };
  if (p.sdpOverXmpp) attrs['inin-sdp-over-xmpp'] = 'true';
  if (p.persistentConversationId) attrs['inin-persistent-cid'] = p.persistentConversationId;
  if (p.fromUserId) attrs['inin-user-id'] = p.fromUserId;
  if (p.originalRoomJid) attrs['inin-ofrom'] = p.originalRoomJid;
  if (p.meetingId) attrs['inin-meeting-id'] = p.meetingId;
  return new XmlElement('message', { xmlns: NS.client, from, to }, [new XmlElement('propose', attrs)]);
}

export function jingleMessage(action: JingleMessageAction, from: string, to: string, sessionId: string): XmlElement {
  return new XmlElement('message', { xmlns: NS.client, from, to }, [new XmlElement(action, { xmlns: NS_JINGLE_MESSAGE, id: sessionId })]);
}

/** An IQ carrying one JSON-RPC object in `<genesys-webrtc xmlns="genesys">`. */
export function genesysIq(attrs: { type: 'set' | 'result' | 'error'; id: string; from: string; to: string }, rpc: unknown, error?: XmlElement): XmlElement {
  const children: XmlElement[] = [new XmlElement('genesys-webrtc', { xmlns: NS_GENESYS }, [JSON.stringify(rpc)])];
  if (error) children.push(error);
  return new XmlElement('iq', { xmlns: NS.client, ...attrs }, children);
}

/** `<error type>` with a stanza condition and an optional application-specific condition. */
export function errorElement(condition: string, type: 'cancel' | 'modify' = 'cancel', app?: XmlElement, text?: string): XmlElement {
  const children: XmlElement[] = [new XmlElement(condition, { xmlns: NS.stanzas })];
  if (text) children.push(new XmlElement('text', { xmlns: NS.stanzas }, [text]));
  if (app) children.push(app);
  return new XmlElement('error', { type }, children);
}

/** IQ error for a Jingle action on a session we do not know: item-not-found + unknown-session. */
export function unknownSessionError(id: string | undefined, from: string, to: string): XmlElement {
  const attrs: Record<string, string> = { xmlns: NS.client, type: 'error', from, to };
  if (id !== undefined) attrs.id = id;
  return new XmlElement('iq', attrs, [errorElement('item-not-found', 'cancel', new XmlElement('unknown-session', { xmlns: NS_JINGLE_ERRORS }))]);
}

/** IQ error with a stanza condition and free text (e.g. the media edge's reason). */
export function iqErrorWithText(id: string | undefined, from: string, to: string, condition: string, text: string, app?: XmlElement): XmlElement {
  const attrs: Record<string, string> = { xmlns: NS.client, type: 'error', from, to };
  if (id !== undefined) attrs.id = id;
  return new XmlElement('iq', attrs, [errorElement(condition, 'modify', app, text)]);
}
