// The slim stanza build (build/stanza-slim.mjs, src/streaming/stanza-slim/) must read and
// write every stanza we exchange exactly as stanza's full protocol definitions do: a
// definition dropped by mistake silently loses fields (it once lost Jingle's applicationType).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Registry, parse } from 'stanza/jxt';
import FullProtocol from 'stanza/protocol';
import SlimProtocol from '../../src/streaming/stanza-slim/protocol';
import { GENESYS_DEFINITIONS } from '../../src/streaming/stanza-definitions';
import { sdpToJingle } from '../../emulator/media/jingle-sdp';

type Definitions = Parameters<Registry['define']>[0];
const unwrap = <T>(m: T | { default: T }): T => (m && typeof m === 'object' && 'default' in m ? m.default : m) as T;

function registry(defs: unknown): Registry {
  const r = new Registry();
  const list = Array.isArray(defs) ? defs.map(unwrap) : unwrap(defs);
  r.define(list as Definitions);
  r.define(GENESYS_DEFINITIONS as Definitions);
  return r;
}

const OFFER = [
  'v=0', 'o=- 1 2 IN IP4 127.0.0.1', 's=-', 't=0 0', 'a=group:BUNDLE 0', 'a=msid-semantic: WMS',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111 0', 'c=IN IP4 0.0.0.0', 'a=rtcp:9 IN IP4 0.0.0.0', 'a=ice-ufrag:abcd',
  'a=ice-pwd:abcdefghijklmnopqrstuvwx',
  'a=fingerprint:sha-256 AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99',
  'a=setup:actpass', 'a=mid:0', 'a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level', 'a=sendrecv', 'a=msid:- t1',
  'a=rtcp-mux', 'a=rtpmap:111 opus/48000/2', 'a=rtcp-fb:111 transport-cc', 'a=fmtp:111 minptime=10;useinbandfec=1',
  'a=rtpmap:0 PCMU/8000', 'a=ssrc:1 cname:x', 'a=candidate:1 1 udp 2122260223 127.0.0.1 5000 typ host generation 0', '',
].join('\r\n');

const { contents, groups } = sdpToJingle(OFFER, 'initiator');
const CASES: Array<[string, Record<string, unknown>]> = [
  ['iq', { type: 'set', id: 'x', to: 'a@b/c', from: 'g@b/d', jingle: { action: 'session-initiate', sid: 's1', initiator: 'g@b/d', contents, groups } }],
  ['iq', { type: 'set', id: 'y', jingle: { action: 'session-accept', sid: 's1', responder: 'a@b/c', contents, groups } }],
  ['iq', { type: 'set', id: 'm', jingle: { action: 'session-info', sid: 's1', info: { infoType: '{urn:xmpp:jingle:apps:rtp:info:1}mute', creator: 'initiator', name: 'voice' } } }],
  ['iq', { type: 'set', id: 't', jingle: { action: 'session-terminate', sid: 's1', reason: { condition: 'success' } } }],
  ['iq', { type: 'set', id: 'c', jingle: { action: 'transport-info', sid: 's1', contents: [{ creator: 'initiator', name: '0', transport: { transportType: 'urn:xmpp:jingle:transports:ice-udp:1', usernameFragment: 'u', password: 'p', candidates: [{ component: 1, foundation: '1', generation: 0, id: 'c', ip: '1.2.3.4', port: 5, priority: 1, protocol: 'udp', type: 'host' }] } }] } }],
  ['message', { from: 'p@b', to: 'a@b/c', pubsub: { items: { node: 'v2.users.x.conversations', published: [{ id: '1', content: { itemType: 'urn:xmpp:json:0', json: { topicName: 't', eventBody: { a: 1 } } } }] } } }],
  ['message', { to: 'a@b', proceed: { sessionId: 's' } }],
  ['message', { to: 'a@b', propose: { sessionId: 's', conversationId: 'c', autoAnswer: true } }],
  ['iq', { type: 'result', id: 'e', externalServices: { type: 'turn', version: '1', services: [{ host: 'h', port: 3478, type: 'turn', transport: 'udp', username: 'u', password: 'p' }] } }],
  ['iq', { type: 'get', id: 'p', ping: true }],
  ['iq', { type: 'set', id: 's', pubsub: { context: 'user', subscribe: { node: 'n', jid: 'a@b' } } }],
  ['iq', { type: 'error', id: 's', error: { type: 'cancel', condition: 'bad-request', jingleError: 'unknown-session' } }],
  ['iq', { type: 'set', id: 'g', genesysWebrtc: { jsonrpc: '2.0', method: 'offer', params: { sdp: 'x' } } }],
];

test('the slim stanza definitions write and read every stanza we exchange like the full ones', () => {
  const full = registry(FullProtocol);
  const slim = registry(SlimProtocol);
  for (const [kind, data] of CASES) {
    const fullXml = full.export(kind, data as never)?.toString();
    const slimXml = slim.export(kind, data as never)?.toString();
    assert.ok(fullXml, `${kind} exports`);
    assert.equal(slimXml, fullXml, `export of ${fullXml}`);
    assert.deepEqual(slim.import(parse(fullXml)), full.import(parse(fullXml)), `import of ${fullXml}`);
  }
});
