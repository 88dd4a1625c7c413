// The stream-free parts of the slim stanza build (build/stanza-slim.mjs): the WebSocket
// transport, the XML stream parser and the small Buffer must behave as stanza's own (which run
// on Node streams and Node's Buffer here) for everything the engine exchanges.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { Buffer as NodeBuffer } from 'node:buffer';
import { WebSocket as WsClient, WebSocketServer, type WebSocket as WsSocket } from 'ws';
import { Registry } from 'stanza/jxt';
import FullStreamParser from 'stanza/jxt/StreamParser';
import FullTransport from 'stanza/transports/websocket';
import FullProtocol from 'stanza/protocol';
import SlimStreamParser from '../../src/streaming/stanza-slim/stream-parser';
import SlimTransport from '../../src/streaming/stanza-slim/websocket';
import { SlimBuffer } from '../../src/streaming/stanza-slim/buffer';
import { GENESYS_DEFINITIONS } from '../../src/streaming/stanza-definitions';

type Definitions = Parameters<Registry['define']>[0];
const unwrap = <T>(m: T | { default: T }): T => (m && typeof m === 'object' && 'default' in m ? m.default : m) as T;

function registry(): Registry {
  const r = new Registry();
  const defs = unwrap(FullProtocol as unknown);
  r.define((Array.isArray(defs) ? defs.map(unwrap) : defs) as Definitions);
  r.define(GENESYS_DEFINITIONS as Definitions);
  return r;
}

const tick = () => new Promise((r) => setTimeout(r, 5));

// ---------------------------------------------------------------------------------------------
// Buffer

const TEXTS = ['', 'a', 'authKey:tok', 'user@example.com\u0000pw', 'héllo wörld', '日本語', '🎧 emoji', 'lone \ud800 surrogate', '\u00ff\u0080'];

test('the slim Buffer encodes and decodes like Node\'s Buffer', () => {
  for (const text of TEXTS) {
    for (const enc of ['utf8', 'utf-8', 'latin1', 'binary', 'ascii'] as const) {
      assert.deepEqual([...SlimBuffer.from(text, enc)], [...NodeBuffer.from(text, enc)], `from(${JSON.stringify(text)}, ${enc})`);
    }
    const bytes = NodeBuffer.from(text);
    const slim = SlimBuffer.from(bytes);
    for (const enc of ['utf8', 'base64', 'hex', 'latin1', 'ascii'] as const) {
      assert.equal(slim.toString(enc), bytes.toString(enc), `toString(${enc}) of ${JSON.stringify(text)}`);
    }
    assert.equal(SlimBuffer.from(text).toString(), NodeBuffer.from(text).toString());
  }
  const base64s = ['', '=', 'YQ==', 'YQ', 'YWJj', 'YW Jj\n', 'YW-_', 'YQ==YWJj', 'Y', 'YWJjZ', '@@YWJj', 'dXNlcgBwdw=='];
  for (const b of base64s) assert.deepEqual([...SlimBuffer.from(b, 'base64')], [...NodeBuffer.from(b, 'base64')], `base64 ${b}`);
  for (const h of ['', 'a', '0aff', '0AfF1', '0g12', 'zz', 'a1b2c3d4e5f60718']) {
    assert.deepEqual([...SlimBuffer.from(h, 'hex')], [...NodeBuffer.from(h, 'hex')], `hex ${h}`);
  }
  const parts = [SlimBuffer.from('ab'), SlimBuffer.from('c'), SlimBuffer.from('')];
  assert.equal(SlimBuffer.concat(parts).toString(), 'abc');
  assert.equal(SlimBuffer.concat(parts, 2).toString(), 'ab');
  for (const [a, b] of [['a', 'b'], ['b', 'a'], ['ab', 'a'], ['a', 'ab'], ['', ''], ['x', 'x']]) {
    assert.equal(SlimBuffer.from(a).compare(SlimBuffer.from(b)), NodeBuffer.from(a).compare(NodeBuffer.from(b)), `compare ${a} ${b}`);
  }
  const json = JSON.parse(JSON.stringify(NodeBuffer.from('rev'))) as { type: 'Buffer'; data: number[] };
  assert.equal(SlimBuffer.from(json).toString(), 'rev');
  assert.deepEqual(JSON.parse(JSON.stringify(SlimBuffer.from('rev'))), json);
  const random = new Uint8Array(300).map((_, i) => (i * 73 + 11) & 0xff);
  assert.equal(SlimBuffer.from(random.buffer).toString('base64'), NodeBuffer.from(random).toString('base64'));
  assert.equal(SlimBuffer.from(random).toString('hex'), NodeBuffer.from(random).toString('hex'));
  assert.equal(SlimBuffer.from(random).toString('utf8'), NodeBuffer.from(random).toString('utf8'));
  assert.throws(() => SlimBuffer.from('x', 'ucs9'), /Unknown encoding/);
  assert.ok(SlimBuffer.isBuffer(SlimBuffer.alloc(2)) && !SlimBuffer.isBuffer(new Uint8Array(2)));
});

// ---------------------------------------------------------------------------------------------
// Stream parser

const NS = 'urn:ietf:params:xml:ns:xmpp-framing';
const TRANSCRIPT = [
  `<open xmlns="${NS}" from="example.com" id="s1" version="1.0" xml:lang="en"/>`,
  '<stream:features xmlns:stream="http://etherx.jabber.org/streams"><mechanisms xmlns="urn:ietf:params:xml:ns:xmpp-sasl"><mechanism>PLAIN</mechanism><mechanism>ANONYMOUS</mechanism></mechanisms></stream:features>',
  '<success xmlns="urn:ietf:params:xml:ns:xmpp-sasl">dXNlcgBwdw==</success>',
  '<iq xmlns="jabber:client" type="result" id="b1"><bind xmlns="urn:ietf:params:xml:ns:xmpp-bind"><jid>a@example.com/r1</jid></bind></iq>',
  '<message xmlns="jabber:client" from="p@example.com" to="a@example.com/r1"><event xmlns="http://jabber.org/protocol/pubsub#event"><items node="v2.users.x.conversations"><item id="1"><json xmlns="urn:xmpp:json:0">{"topicName":"t","eventBody":{"a":"&lt;b&gt; &amp; é"}}</json></item></items></event></message>',
  '<message xmlns="jabber:client" to="a@example.com"><propose xmlns="urn:xmpp:jingle-message:0" id="sess" inin-autoanswer="true" inin-cid="c1"><description xmlns="urn:xmpp:jingle:apps:rtp:1" media="audio"/></propose></message>',
  '<iq xmlns="jabber:client" type="set" id="j1" from="g@example.com/d"><jingle xmlns="urn:xmpp:jingle:1" action="session-initiate" sid="sess" initiator="g@example.com/d"><content creator="initiator" name="0"><description xmlns="urn:xmpp:jingle:apps:rtp:1" media="audio"><payload-type id="111" name="opus" clockrate="48000" channels="2"/></description><transport xmlns="urn:xmpp:jingle:transports:ice-udp:1" ufrag="u" pwd="p"><fingerprint xmlns="urn:xmpp:jingle:apps:dtls:0" hash="sha-256" setup="actpass">AA:BB</fingerprint><candidate component="1" foundation="1" generation="0" id="c" ip="127.0.0.1" port="5000" priority="1" protocol="udp" type="host"/></transport></content></jingle></iq>',
  '<iq xmlns="jabber:client" type="get" id="p1"><ping xmlns="urn:xmpp:ping"/></iq>',
  '<iq xmlns="jabber:client" type="set" id="g1"><genesys-webrtc xmlns="urn:xmpp:genesys:webrtc" jsonrpc="2.0">{"jsonrpc":"2.0","method":"offer","params":{"sdp":"v=0"}}</genesys-webrtc></iq>',
  '<unknown xmlns="urn:x:unknown"><a/></unknown>',
  `<close xmlns="${NS}"/>`,
];

interface Parsed { kind: string; stanza: unknown; xml: string }

async function parseWith(Impl: typeof SlimStreamParser | typeof FullStreamParser, chunks: string[]): Promise<{ data: Parsed[]; errors: string[] }> {
  const parser = new (unwrap(Impl) as typeof SlimStreamParser)({ registry: registry(), allowComments: false, acceptLanguages: ['en'], lang: 'en', wrappedStream: false });
  const data: Parsed[] = [];
  const errors: string[] = [];
  parser.on('data', (e: { kind: string; stanza: unknown; xml: { toString(): string } }) => data.push({ kind: e.kind, stanza: e.stanza, xml: e.xml.toString() }));
  parser.on('error', (e: { condition?: string; message: string }) => errors.push(e.condition ?? e.message));
  for (const c of chunks) {
    if ((parser as { destroyed?: boolean }).destroyed) break; // (a destroyed Node stream throws on write)
    parser.write(c);
    await new Promise((r) => setImmediate(r));
  }
  await tick();
  return { data, errors };
}

function chunked(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

test('the stream-free parser emits what stanza\'s StreamParser emits, whole frames or split anywhere', async () => {
  const whole = TRANSCRIPT.join('');
  for (const chunks of [TRANSCRIPT, chunked(whole, 7), chunked(whole, 1), [whole]]) {
    const full = await parseWith(FullStreamParser, chunks);
    const slim = await parseWith(SlimStreamParser, chunks);
    assert.ok(full.data.length >= TRANSCRIPT.length - 1, `full parsed ${full.data.length}`);
    assert.deepEqual(slim, full);
  }
});

test('the stream-free parser reports malformed XML once, as stanza\'s does, and stops', async () => {
  const bad = [
    [TRANSCRIPT[0], '<iq xmlns="jabber:client" type="result" id="x"></message>', TRANSCRIPT[7]],
    [TRANSCRIPT[0], '<iq a="1" a="2"/>', TRANSCRIPT[7]],
    [TRANSCRIPT[0], '<!-- comment -->', TRANSCRIPT[7]],
    ['</close>', TRANSCRIPT[7]],
  ];
  for (const chunks of bad) {
    const full = await parseWith(FullStreamParser, chunks);
    const slim = await parseWith(SlimStreamParser, chunks);
    assert.equal(full.errors.length, 1, `full errors for ${chunks.join('')}`);
    assert.deepEqual(slim, full);
  }
});

// ---------------------------------------------------------------------------------------------
// WebSocket transport

type Step = (server: WsSocket, t: { send(k: string, d: unknown): Promise<void>; restart(): void; disconnect(clean?: boolean): void }) => Promise<void> | void;

async function runTransport(Impl: typeof SlimTransport | typeof FullTransport, steps: Step[]) {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: (p) => (p.has('xmpp') ? 'xmpp' : false) });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  const port = (wss.address() as { port: number }).port;
  const received: string[] = [];
  const serverSide = new Promise<WsSocket>((resolve) => wss.once('connection', (ws) => {
    ws.on('message', (d) => received.push(d.toString()));
    resolve(ws);
  }));
  const events: unknown[] = [];
  const raw: unknown[] = [];
  const client = new EventEmitter() as EventEmitter & { transport?: unknown };
  const origEmit = client.emit.bind(client);
  client.emit = (event: string | symbol, ...args: unknown[]) => {
    if (event === 'raw') raw.push(args);
    else events.push([event, ...args.map((a) => (a instanceof Error ? `Error:${(a as { condition?: string }).condition ?? a.message}` : a))]);
    return origEmit(event, ...args);
  };
  // as stanza's Client: drops its transport a few microtasks after it reports the disconnect
  client.on('--transport-disconnected', async () => {
    await Promise.resolve();
    delete client.transport;
  });
  const sm = { started: true };
  const g = globalThis as { WebSocket?: unknown };
  const savedWs = g.WebSocket;
  g.WebSocket = WsClient; // the slim transport uses the browser global
  const transport = new (unwrap(Impl) as typeof SlimTransport)(client as never, sm as never, registry());
  client.transport = transport;
  const results: string[] = [];
  try {
    transport.connect({ url: `ws://127.0.0.1:${port}/`, server: 'example.com', jid: '', lang: 'en', acceptLanguages: ['en'] });
    const server = await serverSide;
    await tick();
    for (const step of steps) {
      try {
        await step(server, transport as never);
        results.push('ok');
      } catch (err) {
        results.push(`rejected: ${(err as Error).message}`);
      }
      await tick();
    }
    await tick();
  } finally {
    g.WebSocket = savedWs;
    for (const ws of wss.clients) ws.terminate();
    await new Promise((r) => wss.close(r));
  }
  return { events, raw, received, results, sm: sm.started };
}

const open = `<open xmlns="${NS}" from="example.com" id="s1" version="1.0" xml:lang="en"/>`;
const features = '<stream:features xmlns:stream="http://etherx.jabber.org/streams"><bind xmlns="urn:ietf:params:xml:ns:xmpp-bind"/></stream:features>';
const serverSends = (...frames: string[]): Step => (server) => { for (const f of frames) server.send(f); };
const waitMs = (ms: number): Step => () => new Promise((r) => setTimeout(r, ms));

const SCRIPTS: Record<string, Step[]> = {
  'a session with a clean close answered by the server': [
    serverSends(open, features),
    (_s, t) => t.send('iq', { type: 'set', id: 'b1', bind: { resource: 'r' } }),
    serverSends(TRANSCRIPT[3], TRANSCRIPT[4], TRANSCRIPT[5], TRANSCRIPT[6]),
    (_s, t) => t.send('message', { to: 'a@example.com', proceed: { sessionId: 'sess' } }),
    (_s, t) => t.restart(),
    serverSends(open, features),
    (_s, t) => t.send('iq', { type: 'result', id: 'p1' }),
    (_s, t) => t.disconnect(),
    serverSends(`<close xmlns="${NS}"/>`),
    (_s, t) => t.send('iq', { type: 'get', id: 'late', ping: true }),
  ],
  'the server closes the socket': [
    serverSends(open, features, TRANSCRIPT[7]),
    (s) => new Promise<void>((r) => { s.close(); setTimeout(r, 20); }),
    (_s, t) => t.send('iq', { type: 'result', id: 'p1' }),
    (_s, t) => t.disconnect(),
  ],
  'a clean close the server never answers (1 s timeout)': [
    serverSends(open, features),
    (_s, t) => t.disconnect(),
    waitMs(1200),
    (_s, t) => t.send('iq', { type: 'result', id: 'p1' }),
  ],
  'an unclean disconnect': [
    serverSends(open),
    (_s, t) => t.disconnect(false),
    (_s, t) => t.send('iq', { type: 'result', id: 'p1' }),
  ],
};

for (const [name, steps] of Object.entries(SCRIPTS)) {
  test(`the stream-free WebSocket transport behaves as stanza's: ${name}`, async () => {
    const full = await runTransport(FullTransport, steps);
    const slim = await runTransport(SlimTransport, steps);
    assert.ok(full.received.length > 0 && full.events.length > 0, 'the full transport ran');
    assert.deepEqual(slim.received, full.received, 'frames the server received');
    assert.deepEqual(slim.raw, full.raw, 'raw events');
    assert.deepEqual(slim.events, full.events, 'client events');
    assert.deepEqual(slim.results, full.results, 'send results');
    assert.equal(slim.sm, full.sm);
  });
}

// stanza's own transport throws a TypeError here (it exports the stream error under a registry
// path that does not exist) and never closes; ours sends the error and closes.
test('the stream-free WebSocket transport answers malformed XML with a stream error and closes', async () => {
  const slim = await runTransport(SlimTransport, [
    serverSends(open, '<iq xmlns="jabber:client" type="result" id="x"></message>', TRANSCRIPT[7]),
    waitMs(1200),
    (_s, t) => t.send('iq', { type: 'result', id: 'p1' }),
  ]);
  assert.deepEqual(slim.events.map((e) => (e as unknown[])[0]), ['connected', 'stream:start', 'stream:error', '--transport-disconnected']);
  assert.deepEqual((slim.events[2] as unknown[]).slice(1), [{ condition: 'invalid-xml' }, 'Error:not-well-formed']);
  assert.equal(slim.received.length, 3);
  assert.match(slim.received[1], /^<error xmlns="http:\/\/etherx.jabber.org\/streams"><invalid-xml xmlns="urn:ietf:params:xml:ns:xmpp-streams"\/><\/error>$/);
  assert.match(slim.received[2], /^<close /);
  assert.deepEqual(slim.results, ['ok', 'ok', 'rejected: write after end']);
});

// The slim Namespaces (src/streaming/stanza-slim/namespaces.ts) replace stanza's whole module for
// every bundled importer: each namespace a bundled stanza file or the engine reads must be there,
// with stanza's value (a missing one would silently be `undefined` in a CommonJS file).
test('the slim namespaces hold every namespace the bundled stanza modules and the engine use, with the same values', async () => {
  const { build } = await import('esbuild');
  const slimBuild = '../../build/stanza-slim.mjs'; // (untyped .mjs)
  const { esbuildSlimAliases } = await import(slimBuild) as { esbuildSlimAliases: () => import('esbuild').Plugin };
  const { readFileSync } = await import('node:fs');
  const Full = await import('stanza/Namespaces') as unknown as Record<string, unknown>;
  const Slim = await import('../../src/streaming/stanza-slim/namespaces') as unknown as Record<string, unknown>;
  const result = await build({
    entryPoints: ['elements/bundle.ts'], bundle: true, write: false, metafile: true, logLevel: 'silent', platform: 'browser',
    plugins: [esbuildSlimAliases()], external: ['softphone-vendor-headsets*'], format: 'esm',
    tsconfigRaw: { compilerOptions: { experimentalDecorators: true, useDefineForClassFields: false } },
  });
  const inputs = Object.keys(result.metafile.inputs);
  assert.ok(!inputs.some((f) => f.endsWith('node_modules/stanza/Namespaces.js')), 'stanza\'s Namespaces.js is substituted');
  // the XHTML-IM sanitizer stand-in (stanza-slim/xhtmlim.ts) is fine only while no XHTML-IM field is bundled
  assert.ok(!inputs.some((f) => f.endsWith('node_modules/stanza/protocol/xep0071.js') || f.endsWith('node_modules/stanza/jxt/sanitizers/XHTMLIM.js')), 'no XHTML-IM');
  for (const f of inputs.filter((x) => x.includes('node_modules/stanza/protocol/'))) assert.doesNotMatch(readFileSync(f, 'utf8'), /'xhtmlim'/, `${f} uses the XHTML-IM sanitizer`);
  const used = new Set<string>();
  for (const file of inputs.filter((f) => f.includes('node_modules/stanza/') || (f.startsWith('src/') && !f.includes('stanza-slim/namespaces')))) {
    const text = readFileSync(file, 'utf8');
    assert.doesNotMatch(text, /Namespaces_1(\[|\)|,)/, `${file} uses Namespaces other than by member`);
    for (const m of text.matchAll(/Namespaces_1\.([A-Za-z_0-9]+)/g)) used.add(m[1]);
    if (/from 'stanza\/Namespaces'/.test(text)) for (const m of text.matchAll(/\bNS_[A-Z_0-9]+/g)) used.add(m[0]);
  }
  assert.ok(used.size > 20, `found the users of Namespaces (${used.size})`);
  for (const name of used) assert.equal(Slim[name], Full[name], `${name}`);
  for (const [name, value] of Object.entries(Slim)) if (name.startsWith('NS_')) assert.equal(value, Full[name], name);
});
