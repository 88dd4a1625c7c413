/**
 * A cloud-side fuzzer (test tool, `POST /__emulator/fuzz`): sends a connected client many
 * malformed or unexpected stanzas and notifications, the way a misbehaving media server or
 * notification service might. Everything is seeded, so a failing run can be replayed.
 *
 * Cases (round-robin over the count): Jingle IQs for unknown sessions and with unknown actions;
 * session-initiate without contents or with broken descriptions; duplicate initiates for the live
 * session; out-of-order transport-info / session-info / session-terminate for unknown sids;
 * jingle-message propose for a session type the client did not allow, and proposes missing their
 * ids; retract / accept / reject / proceed for unknown sids; JSON-RPC with invalid JSON, unknown
 * methods, offers with broken SDP for unknown sids, mute for unknown sids; notifications with
 * invalid JSON, non-object JSON, conversation events with garbage participants, huge bodies and
 * deeply nested JSON; deeply nested and huge XML; unknown IQ gets and unknown message payloads.
 * It never ends the live session on purpose (its sid is only used for duplicates and infos).
 */
import type { XmppServer } from '../xmpp/server';
import { NS, XmlElement } from '../xmpp/stanzas';
import { NS_GENESYS, NS_JINGLE_MESSAGE } from '../conversations/signaling/stanzas';

export interface FuzzRequest {
  /** the user whose sockets get the stanzas */
  userId: string;
  /** how many stanzas (default 500) */
  count: number;
  /** PRNG seed (default 1) */
  seed: number;
  /** a live session id (duplicate initiates, infos), optional */
  liveSessionId?: string;
  /** the live session's gateway JID (the `from` of its signalling), optional */
  gatewayJid?: string;
}

export interface FuzzReport {
  sent: number;
  sockets: number;
  byCase: Record<string, number>;
}

const NS_JINGLE = 'urn:xmpp:jingle:1';
const NS_RTP = 'urn:xmpp:jingle:apps:rtp:1';
const NS_ICE = 'urn:xmpp:jingle:transports:ice-udp:1';

type Ctx = { to: string; domain: string; rand: () => number; req: FuzzRequest; n: number; userId: string };
type Case = (c: Ctx) => XmlElement;

/** mulberry32: small, seedable, good enough for test inputs */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(c: Ctx, items: readonly T[]): T => items[Math.floor(c.rand() * items.length)] as T;
const sid = (c: Ctx): string => `fuzz-${c.n}-${Math.floor(c.rand() * 1e9).toString(36)}`;
const el = (name: string, attrs: Record<string, string> = {}, children: Array<XmlElement | string> = []): XmlElement => new XmlElement(name, attrs, children);
const gjoll = (c: Ctx): string => c.req.gatewayJid ?? `+1555${Math.floor(c.rand() * 1e6)}@${c.domain.split('.')[0]}.gjoll.${c.domain.split('.').slice(1).join('.')}/edge-1`;
const randomJid = (c: Ctx): string => pick(c, [gjoll(c), `someone@${c.domain}/x`, `room-${c.n}@conference.${c.domain}`, c.domain, 'not a jid', '']);

function iq(c: Ctx, from: string, child: XmlElement, type = 'set'): XmlElement {
  const attrs: Record<string, string> = { xmlns: NS.client, type, id: `fz-${c.n}`, to: c.to };
  if (from) attrs.from = from;
  return el('iq', attrs, [child]);
}

function message(c: Ctx, from: string, children: XmlElement[]): XmlElement {
  const attrs: Record<string, string> = { xmlns: NS.client, to: c.to };
  if (from) attrs.from = from;
  return el('message', attrs, children);
}

function jingle(action: string, sessionId: string, children: XmlElement[] = []): XmlElement {
  return el('jingle', { xmlns: NS_JINGLE, action, sid: sessionId, initiator: 'x@y' }, children);
}

function brokenContent(c: Ctx): XmlElement {
  const variants = [
    () => el('content', { creator: 'initiator', name: 'audio' }),
    () => el('content', { creator: 'initiator', name: 'audio' }, [el('description', { xmlns: NS_RTP, media: 'audio' })]),
    () => el('content', { creator: 'initiator', name: '0' }, [
      el('description', { xmlns: NS_RTP, media: 'audio' }, [el('payload-type', { id: 'abc', name: '<opus>', clockrate: '-1' })]),
      el('transport', { xmlns: NS_ICE, ufrag: '', pwd: '' }, [el('candidate', { component: 'x', ip: '999.1.1.1', port: '-5', type: 'nope', priority: 'NaN', foundation: '', protocol: 'udp', generation: '0', id: 'c' })]),
    ]),
    () => el('content', { creator: 'nobody', name: '' }, [el('description', { xmlns: 'urn:example:unknown' }, ['text'])]),
  ];
  return pick(c, variants)();
}

function nested(depth: number, leaf: XmlElement): XmlElement {
  let node = leaf;
  for (let i = 0; i < depth; i++) node = el('n', {}, [node]);
  return node;
}

function nestedJson(depth: number): unknown {
  let v: unknown = { leaf: true };
  for (let i = 0; i < depth; i++) v = { a: [v] };
  return v;
}

function notification(c: Ctx, node: string, jsonText: string): XmlElement {
  const item = el('item', { id: `fz-${c.n}` }, [el('json', { xmlns: NS.json }, [jsonText])]);
  return message(c, `notifications.${c.domain}`, [el('event', { xmlns: NS.pubsubEvent }, [el('items', { node }, [item])])]);
}

const conversationsTopic = (c: Ctx): string => `v2.users.${c.userId}.conversations`;

const CASES: Record<string, Case> = {
  'jingle-unknown-action': (c) => iq(c, gjoll(c), jingle(pick(c, ['content-add', 'session-accept', 'bogus', '']), sid(c))),
  'jingle-initiate-no-contents': (c) => iq(c, gjoll(c), jingle('session-initiate', sid(c))),
  'jingle-initiate-broken': (c) => iq(c, gjoll(c), jingle('session-initiate', sid(c), [brokenContent(c)])),
  'jingle-initiate-duplicate-live': (c) => iq(c, gjoll(c), jingle('session-initiate', c.req.liveSessionId ?? sid(c), [brokenContent(c)])),
  'jingle-out-of-order': (c) => iq(c, randomJid(c), jingle(pick(c, ['transport-info', 'session-info', 'session-terminate']), sid(c), [brokenContent(c)])),
  'jingle-info-live': (c) => iq(c, gjoll(c), jingle('session-info', c.req.liveSessionId ?? sid(c), [el(pick(c, ['ringing', 'hold', 'weird']), { xmlns: 'urn:xmpp:jingle:apps:rtp:info:1' })])),
  'propose-disallowed-type': (c) => message(c, pick(c, [`room-${c.n}@conference.${c.domain}/x`, `acd-${c.n}@${c.domain}/x`, `screenrecording-${c.n}@${c.domain}/x`]), [
    el('propose', { xmlns: NS_JINGLE_MESSAGE, id: sid(c), 'inin-cid': `fuzz-conv-${c.n}`, 'inin-autoanswer': 'true' }),
  ]),
  'propose-missing-ids': (c) => message(c, gjoll(c), [el('propose', pick<Record<string, string>>(c, [{ xmlns: NS_JINGLE_MESSAGE }, { xmlns: NS_JINGLE_MESSAGE, id: sid(c) }, { xmlns: NS_JINGLE_MESSAGE, 'inin-cid': `fuzz-conv-${c.n}` }]))]),
  'jingle-message-unknown-sid': (c) => message(c, randomJid(c), [el(pick(c, ['retract', 'accept', 'reject', 'proceed']), { xmlns: NS_JINGLE_MESSAGE, id: sid(c) })]),
  'rpc-invalid-json': (c) => iq(c, gjoll(c), el('genesys-webrtc', { xmlns: NS_GENESYS }, [pick(c, ['{', '{"jsonrpc":"2.0","method":', 'null', '[]', '"str"', '{"method":5}', ''])])),
  'rpc-unknown-method': (c) => iq(c, gjoll(c), el('genesys-webrtc', { xmlns: NS_GENESYS }, [JSON.stringify({ jsonrpc: '2.0', id: `${c.n}`, method: pick(c, ['explode', 'info', 'answer', '__proto__']), params: { sessionId: sid(c) } })])),
  'rpc-offer-broken-sdp': (c) => iq(c, gjoll(c), el('genesys-webrtc', { xmlns: NS_GENESYS }, [JSON.stringify({ jsonrpc: '2.0', id: `${c.n}`, method: 'offer', params: { sessionId: sid(c), conversationId: `fuzz-conv-${c.n}`, sdp: pick(c, ['v=0\r\nbroken', 'garbage', 'm=audio 9 RTP/AVP 0\r\n']) } })])),
  'rpc-params-wrong-types': (c) => iq(c, gjoll(c), el('genesys-webrtc', { xmlns: NS_GENESYS }, [JSON.stringify({ jsonrpc: '2.0', id: `${c.n}`, method: pick(c, ['offer', 'iceCandidate', 'terminate', 'mute']), params: pick(c, [null, 5, 'x', [1, 2], { sessionId: 7, sdp: {} }]) })])),
  'notification-invalid-json': (c) => notification(c, conversationsTopic(c), pick(c, ['{', 'not json', '{"topicName":', '\u0000'])),
  'notification-non-object': (c) => notification(c, conversationsTopic(c), pick(c, ['null', '5', '"s"', '[]', 'true'])),
  'notification-garbage-conversation': (c) => notification(c, conversationsTopic(c), JSON.stringify({
    topicName: conversationsTopic(c), version: '2', metadata: {},
    eventBody: pick(c, [
      { id: `fuzz-conv-${c.n}`, participants: 'nope' },
      { id: 5, participants: [null, 1, { userId: c.userId, calls: 'x' }] },
      { participants: [{ userId: c.userId, purpose: 'agent', calls: [{ state: 'alerting' }] }] },
      { id: `fuzz-conv-${c.n}`, participants: [{ userId: c.userId, name: '<img src=x onerror=alert(1)>', calls: [{ state: 42, muted: 'yes' }] }] },
    ]),
  })),
  'notification-huge': (c) => notification(c, conversationsTopic(c), JSON.stringify({ topicName: conversationsTopic(c), eventBody: { id: `fuzz-conv-${c.n}`, blob: 'x'.repeat(200_000) } })),
  'notification-deep-json': (c) => notification(c, pick(c, [conversationsTopic(c), `v2.unknown.${c.n}`]), JSON.stringify({ topicName: 'x', eventBody: nestedJson(1500) })),
  'notification-unknown-topic': (c) => notification(c, pick(c, [`v2.unknown.${c.n}`, 'system.v2.weird', '']), '{"topicName":"x","eventBody":{}}'),
  'xml-deep': (c) => message(c, randomJid(c), [nested(400 + Math.floor(c.rand() * 400), el('leaf'))]),
  'xml-huge': (c) => message(c, randomJid(c), [el('body', {}, ['y'.repeat(300_000)])]),
  'iq-get-unknown': (c) => iq(c, randomJid(c), el('query', { xmlns: `urn:example:${c.n}` }), 'get'),
  'iq-multiple-children': (c) => { const x = iq(c, gjoll(c), jingle('session-info', sid(c))); x.appendChild(el('extra', { xmlns: 'urn:example' })); return x; },
  'message-unknown-payload': (c) => message(c, randomJid(c), [el('weird', { xmlns: 'urn:example:weird' }, [el('x', { 'a-b': '<>&"' }, ['<script>alert(1)</script>'])])]),
  'presence-garbage': (c) => el('presence', { xmlns: NS.client, from: randomJid(c) || 'x', to: c.to, type: pick(c, ['bogus', 'unavailable', 'error']) }, [el('status', {}, ['&<>'])]),
};

export const FUZZ_CASES = Object.keys(CASES);

/** Sends `count` stanzas to every socket of the user; returns what was sent. */
export function runCloudFuzzer(xmpp: XmppServer, req: FuzzRequest): FuzzReport {
  const sockets = xmpp.sessionsOfUser(req.userId);
  const rand = prng(req.seed);
  const names = FUZZ_CASES;
  const byCase: Record<string, number> = {};
  let sent = 0;
  for (let n = 0; n < req.count; n++) {
    const name = names[n % names.length] as string;
    for (const s of sockets) {
      const domain = s.bareJid.split('@')[1] ?? 'example.com';
      const stanza = (CASES[name] as Case)({ to: s.fullJid, domain, rand, req, n, userId: req.userId });
      xmpp.sendTo(s.fullJid, stanza.name as 'iq' | 'message' | 'presence', stanza);
    }
    byCase[name] = (byCase[name] ?? 0) + 1;
    sent++;
  }
  return { sent, sockets: sockets.length, byCase };
}
