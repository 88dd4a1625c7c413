import * as XMPP from 'stanza';
import type { Stanzas } from 'stanza';

/** Parsed XML element (stanza's JXT element). */
export type XmlElement = XMPP.JXT.XMLElement;
export const XmlElement = XMPP.JXT.XMLElement;

export type StanzaKind = 'message' | 'iq' | 'presence';
export type IqStanza = Stanzas.IQ;
export type MessageStanza = Stanzas.Message;
export type PresenceStanza = Stanzas.Presence;
export type StanzaJson<K extends StanzaKind> = K extends 'iq' ? IqStanza : K extends 'message' ? MessageStanza : PresenceStanza;

export const NS = {
  client: 'jabber:client',
  framing: 'urn:ietf:params:xml:ns:xmpp-framing',
  streams: 'http://etherx.jabber.org/streams',
  stanzas: 'urn:ietf:params:xml:ns:xmpp-stanzas',
  extdisco: 'urn:xmpp:extdisco:1',
  pubsub: 'http://jabber.org/protocol/pubsub',
  pubsubEvent: 'http://jabber.org/protocol/pubsub#event',
  json: 'urn:xmpp:json:0',
  ping: 'urn:xmpp:ping',
} as const;

/** One frame as the session sees it: the import key (`stream`, `sasl`, `iq`, ...) and its JXT JSON. */
export interface ParsedFrame {
  kind: string | undefined;
  json: Record<string, unknown> | undefined;
  xml: XmlElement;
}

export class MalformedFrameError extends Error {}

/**
 * Registry with stanza's own protocol definitions. Other emulator modules add theirs
 * (e.g. Genesys jingle-message / genesys-webrtc) through `XmppServer.defineStanzas`.
 */
export function createRegistry(): XMPP.JXT.Registry {
  const registry = new XMPP.JXT.Registry();
  registry.define(XMPP.Stanzas.default);
  return registry;
}

/**
 * Parses one RFC 7395 frame: exactly one complete element and nothing else.
 * stanza's `JXT.parse` tolerates truncated input, so track depth and roots here.
 */
export function parseFrame(registry: XMPP.JXT.Registry, text: string): ParsedFrame {
  const parser = new XMPP.JXT.Parser();
  let root: XmlElement | undefined;
  let current: XmlElement | undefined;
  let roots = 0;
  let error: Error | undefined;
  const fail = (message: string) => { error ??= new MalformedFrameError(message); };
  parser.on('error', (err: Error) => fail(err.message || 'not well-formed'));
  parser.on('startElement', (name: string, attrs: Record<string, string>) => {
    const el = new XmlElement(name, attrs);
    if (!current) {
      roots += 1;
      if (roots > 1) fail('more than one element in a frame');
      root = el;
      current = el;
    } else {
      current = current.appendChild(el) as XmlElement;
    }
  });
  parser.on('endElement', (name: string) => {
    if (!current || current.name !== name) return fail(`unexpected </${name}>`);
    current = current.parent;
  });
  parser.on('text', (text: string) => {
    if (current) current.children.push(text);
    else if (text.trim()) fail('text outside of an element');
  });
  parser.write(text);
  parser.end();
  if (error) throw error;
  if (!root) throw new MalformedFrameError('no element in frame');
  if (current) throw new MalformedFrameError(`unclosed <${current.name}>`);
  const kind = registry.getImportKey(root);
  const json = kind ? (registry.import(root) as Record<string, unknown> | undefined) : undefined;
  return { kind, json, xml: root };
}

export function exportStanza<K extends StanzaKind>(
  registry: XMPP.JXT.Registry,
  kind: K,
  json: StanzaJson<K>,
): XmlElement {
  const el = registry.export(kind, json as unknown as Record<string, unknown>);
  if (!el) throw new Error(`cannot serialize ${kind}`);
  return el;
}

// --- builders for the few frames whose exact wire shape matters ---------------------------------

export const streamOpen = (from: string, id: string): XmlElement =>
  new XmlElement('open', { xmlns: NS.framing, from, id, version: '1.0', 'xml:lang': 'en' });

export const streamClose = (): XmlElement => new XmlElement('close', { xmlns: NS.framing });

export const streamError = (condition: string, text?: string): XmlElement =>
  new XmlElement('stream:error', { 'xmlns:stream': NS.streams }, [
    new XmlElement(condition, { xmlns: 'urn:ietf:params:xml:ns:xmpp-streams' }),
    ...(text ? [new XmlElement('text', { xmlns: 'urn:ietf:params:xml:ns:xmpp-streams' }, [text])] : []),
  ]);

export interface IceService {
  type: 'stun' | 'turn';
  host: string;
  port: number;
  transport?: string;
  username?: string;
  password?: string;
}

/** XEP-0215 result; stanza's exporter writes extdisco:2 on children, so build it by hand. */
export function extdiscoResult(id: string, from: string, to: string, type: string | undefined, services: IceService[]): XmlElement {
  const list = new XmlElement('services', { xmlns: NS.extdisco, ...(type ? { type } : {}) });
  for (const s of services) {
    const attrs: Record<string, string> = { type: s.type, host: s.host, port: String(s.port) };
    if (s.transport) attrs.transport = s.transport;
    if (s.username !== undefined) attrs.username = s.username;
    if (s.password !== undefined) attrs.password = s.password;
    list.appendChild(new XmlElement('service', attrs));
  }
  return new XmlElement('iq', { xmlns: NS.client, type: 'result', id, from, to }, [list]);
}

/** Pubsub event with a XEP-0335 JSON item, exactly as Hawk sends it (stanza's exporter adds an empty `<items/>`). */
export function notificationMessage(from: string, to: string, node: string, payload: unknown, itemId: string): XmlElement {
  const json = new XmlElement('json', { xmlns: NS.json }, [JSON.stringify(payload)]);
  const item = new XmlElement('item', { id: itemId }, [json]);
  const items = new XmlElement('items', { node }, [item]);
  const event = new XmlElement('event', { xmlns: NS.pubsubEvent }, [items]);
  return new XmlElement('message', { xmlns: NS.client, from, to }, [event]);
}

export function iqError(id: string | undefined, from: string | undefined, to: string | undefined, condition: string, type = 'cancel'): XmlElement {
  const attrs: Record<string, string> = { xmlns: NS.client, type: 'error' };
  if (id !== undefined) attrs.id = id;
  if (from) attrs.from = from;
  if (to) attrs.to = to;
  const error = new XmlElement('error', { type }, [new XmlElement(condition, { xmlns: NS.stanzas })]);
  return new XmlElement('iq', attrs, [error]);
}

export function iqResult(id: string, from: string | undefined, to: string, child?: XmlElement): XmlElement {
  const attrs: Record<string, string> = { xmlns: NS.client, type: 'result', id, to };
  if (from) attrs.from = from;
  return new XmlElement('iq', attrs, child ? [child] : []);
}

export const serverPing = (id: string, from: string, to: string): XmlElement =>
  new XmlElement('iq', { xmlns: NS.client, type: 'get', id, from, to }, [new XmlElement('ping', { xmlns: NS.ping })]);
