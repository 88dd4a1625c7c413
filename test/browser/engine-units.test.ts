import { expect } from '@open-wc/testing';
import { buildApiBase, buildWsHost, resolveConfig } from '../../src/config';
import { SdkError, SdkErrorTypes } from '../../src/errors';
import { Redactor, REDACTED, ROTATING_SECRET_GENERATIONS } from '../../src/logging/redact';
import { nextRetryDelay, parseRetryAfter, DEFAULT_RETRY_POLICY } from '../../src/api/retry';
import { combineTopics } from '../../src/streaming/topics';
import { reconnectDelay } from '../../src/streaming/backoff';
import { toIceConfiguration } from '../../src/streaming/ice-servers';
import { createClient } from '../../src/streaming/stanza-client';
import type { ISdkConfig } from '../../src/types/config';

describe('config', () => {
  const bad: Array<[string, unknown, string]> = [
    ['no options', undefined, 'options'],
    ['accessToken with jwt', { accessToken: 'a-token', jwt: 'x.y.z' }, 'jwt'],
    ['guest without organizationId', {}, 'organizationId'],
    ['unknown session type', { accessToken: 'a-token', allowedSessionTypes: ['softphone', 'hologram'] }, 'allowedSessionTypes'],
    ['audioVolume above 100', { accessToken: 'a-token', defaults: { audioVolume: 101 } }, 'defaults.audioVolume'],
    ['audioVolume below 0', { accessToken: 'a-token', defaults: { audioVolume: -1 } }, 'defaults.audioVolume'],
    ['environment with a path', { accessToken: 'a-token', environment: 'mypurecloud.com/api' }, 'environment'],
    ['environment with another scheme', { accessToken: 'a-token', environment: 'ftp://example.com' }, 'environment'],
    ['wsHost without ws scheme', { accessToken: 'a-token', wsHost: 'https://streaming.example.com' }, 'wsHost'],
    ['unknown logLevel', { accessToken: 'a-token', logLevel: 'verbose' }, 'logLevel'],
    ['unreadable jwt', { jwt: 'not-a-jwt' }, 'jwt'],
  ];
  for (const [name, options, field] of bad) {
    it(`rejects ${name} naming ${field}`, () => {
      let error: unknown;
      try { resolveConfig(options as ISdkConfig); } catch (e) { error = e; }
      expect(error).to.be.instanceOf(SdkError);
      expect((error as SdkError).type).to.equal(SdkErrorTypes.invalid_options);
      expect((error as SdkError<{ field: string }>).details?.field).to.equal(field);
    });
  }

  it('applies the documented defaults', () => {
    const { config } = resolveConfig({ accessToken: 'a-token' });
    expect(config.environment).to.equal('mypurecloud.com');
    expect(config.apiBase).to.equal('https://api.mypurecloud.com');
    expect(config.wsHost).to.equal('wss://streaming.mypurecloud.com');
    expect(config.autoConnectSessions).to.equal(true);
    expect(config.autoAcceptPendingScreenRecordingRequests).to.equal(false);
    expect(config.disableAutoAnswer).to.equal(false);
    expect(config.logLevel).to.equal('info');
    expect(config.optOutOfTelemetry).to.equal(false);
    expect(config.useHeadsets).to.equal(true);
    expect(config.allowedSessionTypes).to.deep.equal(['softphone', 'collaborateVideo', 'screenShare', 'liveScreenMonitoring']);
    expect(config.defaults).to.include({ audioVolume: 100, micAutoGainControl: true, micEchoCancellation: true, micNoiseSuppression: true, monitorMicVolume: false, audioDeviceId: null });
  });

  it('maps regions and URL environments to API and socket hosts', () => {
    expect(buildApiBase('usw2.pure.cloud')).to.equal('https://api.usw2.pure.cloud');
    expect(buildApiBase('http://127.0.0.1:8080/')).to.equal('http://127.0.0.1:8080');
    expect(buildWsHost('euw2.pure.cloud')).to.equal('wss://streaming.euw2.pure.cloud');
    expect(buildWsHost('http://127.0.0.1:8080')).to.equal('ws://127.0.0.1:8080');
    expect(buildWsHost('https://gc.example.com')).to.equal('wss://gc.example.com');
    expect(resolveConfig({ accessToken: 'a-token', environment: 'http://x:1', wsHost: 'ws://y:2/' }).config.wsHost).to.equal('ws://y:2');
  });
});

describe('redaction', () => {
  it('removes secrets by value, pattern and key without touching the original', () => {
    const r = new Redactor();
    r.addSecret('tok-123456');
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJkYXRhIjp7fX0.c2lnbmF0dXJl';
    const input = { msg: 'using tok-123456 now', nested: { accessToken: 'other-secret', list: [`url /stream/jwt/${jwt}`] }, password: 'pw-abcdef', auth: 'authKey:zzz', ok: 'kept' };
    const out = r.redact(input);
    const text = JSON.stringify(out);
    expect(text).not.to.include('tok-123456');
    expect(text).not.to.include('other-secret');
    expect(text).not.to.include(jwt);
    expect(text).not.to.include('pw-abcdef');
    expect(text).not.to.include('zzz');
    expect(out.ok).to.equal('kept');
    expect(out.password).to.equal(REDACTED);
    expect(input.nested.accessToken).to.equal('other-secret');
  });

  it('keeps only the last generations of rotating secrets (TURN credentials per reconnect), fixed ones for good', () => {
    const r = new Redactor();
    r.addSecret('fixed-secret');
    const generations = 50;
    for (let g = 0; g < generations; g++) r.addRotatingSecrets('ice', [`turn-user-${g}`, `turn-pass-${g}`, undefined, 'short']);
    // bounded: the fixed secret plus two per kept generation, not two per reconnect
    expect(r.size).to.equal(1 + 2 * ROTATING_SECRET_GENERATIONS);
    const text = r.redactString(`fixed-secret turn-pass-${generations - 1} turn-user-${generations - ROTATING_SECRET_GENERATIONS} turn-pass-0`);
    expect(text).to.equal(`${REDACTED} ${REDACTED} ${REDACTED} turn-pass-0`);
    // the same generation again (a discovery with unchanged credentials) is not a new one
    r.addRotatingSecrets('ice', [`turn-user-${generations - 1}`, `turn-pass-${generations - 1}`]);
    expect(r.redactString(`turn-user-${generations - ROTATING_SECRET_GENERATIONS}`)).to.equal(REDACTED);
    // kinds rotate separately
    r.addRotatingSecrets('token', ['token-abcdef']);
    expect(r.size).to.equal(2 + 2 * ROTATING_SECRET_GENERATIONS);
  });
});

describe('stanza client', () => {
  const iqHandlers = (client: ReturnType<typeof createClient>) => client.eventNames().filter((n) => String(n).startsWith('iq:id:'));

  it('an IQ that times out leaves no reply handler behind; one answered resolves as before', async () => {
    // no socket: the IQ is never answered (like a ping refused, or one sent as the socket dropped)
    const client = createClient({ jid: 'agent@example.com', resource: 'r', timeout: 0.05, transports: { websocket: true, bosh: false } });
    for (let n = 0; n < 5; n++) {
      const err = await client.sendIQ({ type: 'get', to: 'example.com', ping: true }).then(() => undefined, (e: unknown) => e);
      expect((err as { error?: { condition?: string } })?.error?.condition).to.equal('timeout');
    }
    expect(iqHandlers(client)).to.deep.equal([]);
    const reply = client.sendIQ({ id: 'answered-1', type: 'get', to: 'example.com', ping: true });
    expect(iqHandlers(client)).to.deep.equal(['iq:id:answered-1']);
    (client as unknown as { emit(event: string, data: unknown): boolean }).emit('iq:id:answered-1', { id: 'answered-1', from: 'example.com', type: 'result' });
    expect((await reply).type).to.equal('result');
    expect(iqHandlers(client)).to.deep.equal([]);
  });
});

describe('retry and backoff', () => {
  it('honours Retry-After and stops at the attempt and wait bounds', () => {
    expect(parseRetryAfter('2')).to.equal(2000);
    expect(parseRetryAfter(null)).to.equal(undefined);
    const policy = { ...DEFAULT_RETRY_POLICY, maxAttempts: 3, maxTotalWaitMs: 5000 };
    expect(nextRetryDelay(1, 0, policy, 1500)).to.equal(1500);
    expect(nextRetryDelay(3, 0, policy, 10)).to.equal(undefined);
    expect(nextRetryDelay(1, 4000, policy, 1500)).to.equal(undefined);
  });

  it('grows reconnect delays up to the cap with bounded jitter', () => {
    const policy = { initialDelayMs: 100, maxDelayMs: 1000, multiplier: 2, jitter: 0.5 };
    expect(reconnectDelay(0, policy, () => 0.5)).to.equal(100);
    expect(reconnectDelay(3, policy, () => 0.5)).to.equal(800);
    expect(reconnectDelay(10, policy, () => 1)).to.equal(1500);
    expect(reconnectDelay(10, policy, () => 0)).to.equal(500);
  });
});

describe('topics and ICE servers', () => {
  it('combines topics by prefix and splits long ids', () => {
    expect(combineTopics(['v2.users.u1.conversations', 'v2.users.u1.station', 'v2.users.u2.station']).sort())
      .to.deep.equal(['v2.users.u1?conversations&station', 'v2.users.u2.station']);
    const many = Array.from({ length: 40 }, (_, i) => `v2.users.u1.topic${i}`);
    const combined = combineTopics(many);
    expect(combined.length).to.be.greaterThan(1);
    for (const id of combined) expect(id.length).to.be.lessThan(200);
    const restored = combined.flatMap((id) => id.split('?')[1].split('&'));
    expect(restored.sort()).to.deep.equal(many.map((t) => t.split('.').pop()).sort());
  });

  it('maps extdisco services and forces relay without STUN', () => {
    const turn = [{ type: 'turn', host: 'turn.example.com', port: 3478, transport: 'tcp', username: 'u', password: 'p' }];
    const withStun = toIceConfiguration(turn, [{ type: 'stun', host: 'stun.example.com', port: 3478 }]);
    expect(withStun.iceServers[0]).to.deep.equal({ urls: 'turn:turn.example.com:3478?transport=tcp', username: 'u', credential: 'p' });
    expect(withStun.iceServers[1]).to.deep.equal({ urls: 'stun:stun.example.com:3478' });
    expect(withStun.iceTransportPolicy).to.equal('all');
    expect(toIceConfiguration(turn, []).iceTransportPolicy).to.equal('relay');
  });
});
