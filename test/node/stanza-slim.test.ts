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
// a video room offer: audio and video (with rtcp-fb, msid) and the data channel section
const VIDEO_OFFER = [
  'v=0', 'o=- 1 2 IN IP4 127.0.0.1', 's=-', 't=0 0', 'a=group:BUNDLE 0 1 2', 'a=msid-semantic: WMS',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111', 'c=IN IP4 0.0.0.0', 'a=ice-ufrag:abcd', 'a=ice-pwd:abcdefghijklmnopqrstuvwx',
  'a=fingerprint:sha-256 AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99',
  'a=setup:actpass', 'a=mid:0', 'a=sendrecv', 'a=msid:s0 a0', 'a=rtcp-mux', 'a=rtpmap:111 opus/48000/2', 'a=ssrc:1 cname:x',
  'm=video 9 UDP/TLS/RTP/SAVPF 96', 'c=IN IP4 0.0.0.0', 'a=ice-ufrag:abcd', 'a=ice-pwd:abcdefghijklmnopqrstuvwx',
  'a=fingerprint:sha-256 AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99',
  'a=setup:actpass', 'a=mid:1', 'a=sendonly', 'a=msid:s1 v1', 'a=rtcp-mux', 'a=rtpmap:96 VP8/90000', 'a=rtcp-fb:96 nack',
  'a=rtcp-fb:96 nack pli', 'a=ssrc:2 cname:x',
  'm=application 9 UDP/DTLS/SCTP webrtc-datachannel', 'c=IN IP4 0.0.0.0', 'a=ice-ufrag:abcd', 'a=ice-pwd:abcdefghijklmnopqrstuvwx',
  'a=fingerprint:sha-256 AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99',
  'a=setup:actpass', 'a=mid:2', 'a=sctp-port:5000', 'a=max-message-size:65536', '',
].join('\r\n');
const video = sdpToJingle(VIDEO_OFFER, 'initiator');
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
  // video and screen sessions
  ['iq', { type: 'set', id: 'v', jingle: { action: 'session-initiate', sid: 's2', initiator: 'room@conference.b', contents: video.contents, groups: video.groups } }],
  ['iq', { type: 'set', id: 'w', jingle: { action: 'session-accept', sid: 's2', responder: 'a@b/c', contents: video.contents, groups: video.groups } }],
  ['iq', { type: 'set', id: 'vm', jingle: { action: 'session-info', sid: 's2', info: { infoType: '{urn:xmpp:jingle:apps:rtp:info:1}mute', creator: 'user-1', name: 'video' } } }],
  ['iq', { type: 'set', id: 'vu', jingle: { action: 'session-info', sid: 's2', info: { infoType: '{urn:xmpp:jingle:apps:rtp:info:1}unmute', creator: 'user-1', name: 'audio' } } }],
  ['iq', { type: 'set', id: 'ss', jingle: { action: 'session-info', sid: 's2', info: { infoType: '{urn:xmpp:jingle:apps:rtp:info:1}screen-start' } } }],
  ['iq', { type: 'set', id: 'st', jingle: { action: 'session-info', sid: 's2', info: { infoType: '{urn:xmpp:jingle:apps:rtp:info:1}screen-stop' } } }],
  ['iq', { type: 'set', id: 'ac', jingle: { action: 'session-info', sid: 's2', info: { infoType: '{urn:xmpp:jingle:apps:rtp:info:1}active' } } }],
  ['message', { to: 'a@b', propose: { sessionId: 's2', conversationId: 'c2', autoAnswer: false } }],
  ['message', { to: 'a@b', accept: { sessionId: 's2' } }],
  ['message', { to: 'a@b', reject: { sessionId: 's2' } }],
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

// The slim Constants (src/streaming/stanza-slim/constants.ts) replace stanza's whole module for
// every bundled importer: each constant a bundled stanza file reads must be there, with stanza's value.
test('the slim constants hold every constant the bundled stanza modules use, with the same values', async () => {
  const { build } = await import('esbuild');
  const slimBuild = '../../build/stanza-slim.mjs'; // (untyped .mjs)
  const { esbuildSlimAliases } = await import(slimBuild) as { esbuildSlimAliases: () => import('esbuild').Plugin };
  const { readFileSync } = await import('node:fs');
  const Full = await import('stanza/Constants') as unknown as Record<string, unknown>;
  const Slim = await import('../../src/streaming/stanza-slim/constants') as unknown as Record<string, unknown>;
  const result = await build({
    entryPoints: ['elements/bundle.ts'], bundle: true, write: false, metafile: true, logLevel: 'silent', platform: 'browser',
    plugins: [esbuildSlimAliases()], external: ['softphone-vendor-headsets*'], format: 'esm',
    tsconfigRaw: { compilerOptions: { experimentalDecorators: true, useDefineForClassFields: false } },
  });
  const used = new Set<string>();
  for (const file of Object.keys(result.metafile.inputs).filter((f) => f.includes('node_modules/stanza/'))) {
    for (const m of readFileSync(file, 'utf8').matchAll(/Constants_1\.([A-Za-z_0-9]+)/g)) used.add(m[1]);
  }
  assert.ok(used.size > 5, 'found the bundled users of Constants');
  for (const name of used) assert.ok(name in Slim, `slim constants lack ${name}`);
  for (const [name, value] of Object.entries(Slim)) {
    if (typeof value === 'function') continue;
    assert.deepEqual(value, Full[name], name);
  }
  const { sendersToDirection, directionToSenders } = Slim as unknown as typeof import('stanza/Constants');
  const full = Full as unknown as typeof import('stanza/Constants');
  for (const role of ['initiator', 'responder'] as const) {
    for (const senders of [undefined, 'initiator', 'responder', 'both', 'none'] as const) {
      assert.equal(sendersToDirection(role, senders), full.sendersToDirection(role, senders));
    }
    for (const dir of [undefined, 'send', 'recv', 'sendrecv', 'inactive'] as Array<Parameters<typeof full.directionToSenders>[1]>) {
      assert.equal(directionToSenders(role, dir), full.directionToSenders(role, dir));
    }
  }
});

// The slim SASL (src/streaming/stanza-slim/sasl.ts): PLAIN and ANONYMOUS answer like stanza's.
test('the slim SASL PLAIN and ANONYMOUS mechanisms answer like stanza\'s', async () => {
  const Full = await import('stanza/lib/sasl');
  const Slim = await import('../../src/streaming/stanza-slim/sasl');
  const creds = { username: 'agent@org', password: 'tok', authzid: '', trace: 'guest' };
  for (const name of ['PLAIN', 'ANONYMOUS'] as const) {
    const full = new Full.Factory(); const slim = new Slim.Factory();
    full.register(name, Full[name], 1); slim.register(name, Slim[name], 1);
    const a = full.createMechanism([name])!; const b = slim.createMechanism([name])!;
    assert.deepEqual(b.getExpectedCredentials(), a.getExpectedCredentials());
    assert.equal(b.createResponse(creds)!.toString('base64'), a.createResponse(creds)!.toString('base64'));
    a.processSuccess(); b.processSuccess();
    assert.deepEqual(b.finalize(), a.finalize());
    assert.equal(slim.createMechanism(['SCRAM-SHA-1']), null);
  }
  assert.throws(() => new (Slim.SCRAM as unknown as new (n: string) => unknown)('SCRAM-SHA-1'), /not included/);
});

test('the slim stringprep prepares JIDs like stanza\'s: every ASCII character, and common non-ASCII input', async () => {
  const real = await import('stanza/lib/stringprep/index.js') as unknown as Record<'nodeprep' | 'nameprep' | 'resourceprep', (s: string) => string>;
  const slim = await import('../../src/streaming/stanza-slim/stringprep');
  const outcome = (fn: (s: string) => string, s: string): string => { try { return `ok:${fn(s)}`; } catch { return 'throws'; } };
  const inputs: string[] = [];
  for (let c = 0; c < 0x80; c++) inputs.push(`a${String.fromCharCode(c)}Z`);
  inputs.push('Agent.1234-ABCD_ef', 'conference.example.ORGSPAN.com', 'ROOM+1@x', 'sdk-0f3c9a', 'José', 'ÅSTRÖM', 'ｆｕｌｌｗｉｄｔｈ', 'straße', '');
  let compared = 0;
  for (const fn of ['nodeprep', 'nameprep', 'resourceprep'] as const) {
    for (const s of inputs) {
      assert.equal(outcome(slim[fn], s), outcome(real[fn], s), `${fn}(${JSON.stringify(s)})`);
      compared++;
    }
  }
  assert.equal(compared, 3 * inputs.length);
  // stanza's JID helpers run through the slim functions in the bundle: the same JIDs come out
  const { parse: parseJid } = await import('stanza/JID.js') as unknown as { parse(s: string): { full: string } };
  assert.equal(parseJid('Agent@Example.COM/Res 1').full, 'agent@example.com/Res 1');
});

test('the slim punycode decodes domain labels like the punycode package (valid, odd and invalid input)', async () => {
  const real = (await import('punycode')).default as unknown as { toUnicode(s: string): string; encode(s: string): string };
  const slim = await import('../../src/streaming/stanza-slim/punycode');
  const outcome = (fn: (s: string) => string, s: string): string => { try { return `ok:${fn(s)}`; } catch (err) { return `throws:${(err as Error).name}:${(err as Error).message}`; } };
  const words = ['münchen', 'bücher', 'тест', '例え', 'ドメイン名例', '☃-⌘', 'mañana', '😀', 'ab-cd-é', 'a'.repeat(40) + 'ü'];
  // and 400 pseudo-random labels mixing ASCII, Latin, Cyrillic, CJK and astral code points
  let seed = 7;
  const rand = (n: number): number => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
  const ranges = [[0x61, 26], [0xe0, 0x60], [0x430, 0x40], [0x4e00, 0x5000], [0x1f600, 0x50]] as const;
  for (let w = 0; w < 400; w++) {
    const cps = Array.from({ length: 1 + rand(20) }, () => { const [from, size] = ranges[rand(ranges.length)]!; return from + rand(size); });
    words.push(String.fromCodePoint(...cps));
  }
  const inputs = [
    ...words.map((w) => `xn--${real.encode(w)}`),
    ...words.map((w) => `XN--${real.encode(w).toUpperCase()}`), // only a lower-case prefix is decoded (as the package)
    'xn--MNCHEN-3YA', 'example', 'conference', 'orgspan', '', 'xn--', 'xn---', 'xn--a', 'xn--99999999999', 'xn--ab$c', 'xn--é',
    'a@xn--mnchen-3ya', 'x.xn--bcher-kva', 'a\u3002xn--bcher-kva', 'a@b@xn--bcher-kva',
  ];
  for (const s of inputs) assert.equal(outcome(slim.toUnicode, s), outcome(real.toUnicode, s), `toUnicode(${JSON.stringify(s)})`);
  assert.equal(slim.toUnicode('xn--mnchen-3ya'), 'münchen');
});

test('the slim entity-caps stub says what is left out', async () => {
  const caps = await import('../../src/streaming/stanza-slim/entity-caps');
  assert.throws(() => caps.generate(), /not in the slim stanza build/);
});
