import { expect } from '@open-wc/testing';
import { GenesysCloudWebrtcSdk, SdkError, SdkErrorTypes, type ISdkConfig, type ISdkStationEvent } from '../../src/index';

import { control, emulatorInfo, newAgent, quietLogger, type EmulatorInfo } from '../support/emulator-client';
import { until } from '../support/until';

let info: EmulatorInfo;
const sdks: GenesysCloudWebrtcSdk[] = [];

function makeSdk(config: ISdkConfig): GenesysCloudWebrtcSdk {
  const sdk = new GenesysCloudWebrtcSdk({ environment: info.environment, wsHost: info.wsHost, optOutOfTelemetry: true, logger: quietLogger, ...config });
  sdks.push(sdk);
  return sdk;
}

function nextEvent<T>(sdk: GenesysCloudWebrtcSdk, event: 'connected' | 'station' | 'disconnected', predicate: (v: T) => boolean = () => true): Promise<T> {
  return new Promise((resolve) => {
    const listener = (value: T) => {
      if (!predicate(value)) return;
      (sdk.off as (e: string, l: (v: T) => void) => void)(event, listener);
      resolve(value);
    };
    (sdk.on as (e: string, l: (v: T) => void) => void)(event, listener);
  });
}

async function rejection(promise: Promise<unknown>): Promise<SdkError> {
  try { await promise; } catch (err) { return err as SdkError; }
  throw new Error('expected a rejection');
}

before(async () => {
  info = await emulatorInfo();
});

afterEach(async () => {
  await control('POST', 'faults', { type: 'clear' });
  await Promise.all(sdks.splice(0).map((s) => s.destroy()));
});

describe('initialize', () => {
  it('agent: becomes ready once, connects and loads the station', async () => {
    const agent = await newAgent({ lineAppearance: 4, persistentConnection: true });
    const sdk = makeSdk({ accessToken: agent.accessToken });
    const events: string[] = [];
    let readyCount = 0;
    sdk.on('ready', () => readyCount++);
    sdk.on('connected', (e) => events.push(`connected:${e.reconnect}`));
    sdk.on('concurrentSoftphoneSessionsEnabled', (enabled) => events.push(`concurrent:${enabled}`));
    sdk.on('station', (e) => events.push(`station:${e.action}`));
    const first = sdk.initialize();
    const second = sdk.initialize();
    expect(second).to.equal(first); // concurrent calls share one promise
    const started = performance.now();
    await first;
    console.log(`initialize -> ready: ${Math.round(performance.now() - started)} ms`);
    await sdk.initialize();
    expect(readyCount).to.equal(1);
    expect(events).to.deep.equal(['connected:false', 'concurrent:true', 'station:Associated']);
    expect(sdk.station?.id).to.equal(agent.stationId);
    expect(sdk.isConcurrentSoftphoneSessionsEnabled()).to.equal(true);
    expect(sdk.isPersistentConnectionEnabled()).to.equal(true);
    expect(sdk._iceConfiguration?.iceServers.length).to.be.greaterThan(0);
    expect(sdk.VERSION).to.equal(GenesysCloudWebrtcSdk.VERSION);
  });

  it('agent: its topics go out in one channel PUT while the socket opens (also when the first channel POST fails); a new channel gets them again', async () => {
    const agent = await newAgent();
    const puts: string[] = [];
    const order: string[] = [];
    const nativeFetch = window.fetch;
    window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
      const url = input instanceof Request ? input.url : String(input);
      if (init?.method === 'PUT' && url.endsWith('/subscriptions')) { puts.push(url); order.push('PUT'); }
      return nativeFetch(input, init);
    };
    const topicsOf = async (channelId: string | undefined) =>
      (await control<{ entities: { id: string; topics: string[] }[] }>('GET', 'channels')).entities.find((c) => c.id === channelId)?.topics ?? [];
    const expected = [`v2.users.${agent.userId}.conversations`, `v2.users.${agent.userId}.station`];
    try {
      // the prefetched channel POST fails (3 × 503): the PUT waits for the channel of the next attempt
      await control('POST', 'faults', { type: 'http', status: 503, count: 3, pathPrefix: 'notifications/channels' });
      const sdk = makeSdk({ accessToken: agent.accessToken });
      sdk.on('connected', () => order.push('connected'));
      await sdk.initialize();
      expect(order).to.deep.equal(['PUT', 'connected']); // not one more round trip after the session
      const first = sdk._streamingConnection?.channelId;
      expect(first).to.be.a('string');
      expect(await topicsOf(first)).to.include.members(expected);
      expect(puts).to.have.length(1);
      expect(puts[0]).to.contain(`/channels/${first}/`);
      // a final disconnect, then a reconnect: a new channel, which gets every topic once
      await sdk.disconnect();
      await sdk.reconnect();
      const second = sdk._streamingConnection?.channelId;
      expect(second).to.be.a('string').and.not.equal(first);
      await until(async () => {
        const topics = await topicsOf(second);
        return expected.every((t) => topics.includes(t));
      }, 'the topics were not PUT to the new channel');
      expect(puts).to.have.length(2);
      expect(puts[1]).to.contain(`/channels/${second}/`);
      // and the events flow on it: a station change reaches the app
      const gone = nextEvent<ISdkStationEvent>(sdk, 'station');
      await control('DELETE', `users/${agent.userId}/station`);
      expect((await gone).action).to.equal('Disassociated');
      expect(puts).to.have.length(2);
    } finally {
      window.fetch = nativeFetch;
    }
  });

  it('agent without softphone: no station is loaded', async () => {
    const agent = await newAgent();
    const sdk = makeSdk({ accessToken: agent.accessToken, allowedSessionTypes: [] });
    let stationEvents = 0;
    sdk.on('station', () => stationEvents++);
    await sdk.initialize();
    expect(sdk.station).to.equal(null);
    expect(stationEvents).to.equal(0);
    expect(sdk.isConcurrentSoftphoneSessionsEnabled()).to.equal(false);
  });

  it('guest: redeems a security code and becomes ready', async () => {
    const code = await control<{ securityCode: string; organizationId: string }>('POST', 'guest-codes', {});
    const sdk = makeSdk({ organizationId: code.organizationId });
    let ready = false;
    sdk.on('ready', () => { ready = true; });
    await sdk.initialize({ securityCode: code.securityCode });
    expect(ready).to.equal(true);
    expect(sdk.isGuest).to.equal(true);
    expect(sdk._customerData?.conversation.id).to.be.a('string');
  });

  it('guest: accepts already redeemed customer data', async () => {
    const { jwt } = await control<{ jwt: string }>('POST', 'jwt', {});
    const sdk = makeSdk({ organizationId: info.organizationId });
    await sdk.initialize({ conversation: { id: 'conv-1' }, sourceCommunicationId: 'comm-1', jwt });
    expect(sdk.isInitialized).to.equal(true);
  });

  it('guest without a security code rejects with invalid_options', async () => {
    const sdk = makeSdk({ organizationId: info.organizationId });
    const errors: SdkError[] = [];
    sdk.on('sdkError', (e) => errors.push(e));
    const err = await rejection(sdk.initialize());
    expect(err.type).to.equal(SdkErrorTypes.invalid_options);
    expect(errors).to.deep.equal([err]);
  });

  it('JWT user: becomes ready with screen recording only', async () => {
    const agent = await newAgent();
    const { jwt } = await control<{ jwt: string }>('POST', 'jwt', { userId: agent.userId });
    const sdk = makeSdk({ jwt });
    await sdk.initialize();
    expect(sdk.isJwtAuth).to.equal(true);
    expect(sdk._config.allowedSessionTypes).to.deep.equal(['screenRecording']);
    expect(sdk.station).to.equal(null);
  });

  it('a bad token rejects with invalid_token and emits sdkError', async () => {
    const sdk = makeSdk({ accessToken: 'definitely-not-a-token' });
    const errors: SdkError[] = [];
    sdk.on('sdkError', (e) => errors.push(e));
    const err = await rejection(sdk.initialize());
    expect(err).to.be.instanceOf(SdkError);
    expect(err.type).to.equal(SdkErrorTypes.invalid_token);
    expect(errors).to.have.length(1);
    expect(errors[0]).to.equal(err);
    expect(JSON.stringify(err.details)).not.to.include('definitely-not-a-token');
  });

  it('a revoked token rejects with invalid_token', async () => {
    const agent = await newAgent();
    await control('POST', `tokens/${encodeURIComponent(agent.accessToken)}/revoke`);
    const err = await rejection(makeSdk({ accessToken: agent.accessToken }).initialize());
    expect(err.type).to.equal(SdkErrorTypes.invalid_token);
  });

  it('recovers from 429 with Retry-After and from 500', async () => {
    const agent = await newAgent();
    await control('POST', 'faults', { type: 'http', status: 429, count: 1, retryAfter: 1, pathPrefix: 'users/me' });
    await control('POST', 'faults', { type: 'http', status: 500, count: 2, pathPrefix: 'organizations/me' });
    const sdk = makeSdk({ accessToken: agent.accessToken });
    await sdk.initialize();
    expect(sdk.isInitialized).to.equal(true);
    const faults = await control<{ http: unknown[] }>('GET', 'faults');
    expect(faults.http).to.have.length(0); // every injected failure was consumed by a retry
  });

  it('a persistent 503 gives up with an SdkError carrying the HTTP status', async () => {
    const agent = await newAgent();
    await control('POST', 'faults', { type: 'http', status: 503, count: 20, retryAfter: 0, pathPrefix: 'organizations/me' });
    const err = await rejection(makeSdk({ accessToken: agent.accessToken }).initialize());
    expect(err.type).to.equal(SdkErrorTypes.initialization);
    expect((err.details as { status: number; path: string }).status).to.equal(503);
    expect((err.details as { path: string }).path).to.equal('/api/v2/organizations/me');
  });

  it('methods before initialize reject with a clear SdkError', async () => {
    const agent = await newAgent();
    const sdk = makeSdk({ accessToken: agent.accessToken });
    const err = await rejection(sdk.reconnect());
    expect(err.type).to.equal(SdkErrorTypes.initialization);
    expect(err.message).to.include('initialize');
  });
});

describe('streaming connection', () => {
  it('reconnects a dropped socket and notifications still arrive', async () => {
    const agent = await newAgent();
    const sdk = makeSdk({ accessToken: agent.accessToken });
    let finalDisconnects = 0;
    sdk.on('disconnected', () => finalDisconnects++);
    await sdk.initialize();
    const reconnected = nextEvent<{ reconnect: boolean }>(sdk, 'connected');
    const { dropped } = await control<{ dropped: number }>('POST', 'faults', { type: 'drop-sockets', userId: agent.userId });
    expect(dropped).to.be.greaterThan(0);
    expect(await reconnected).to.deep.equal({ reconnect: true });
    expect(finalDisconnects).to.equal(0); // automatic reconnects are not a final disconnect
    const gone = nextEvent<ISdkStationEvent>(sdk, 'station', (e) => e.action === 'Disassociated');
    await control('DELETE', `users/${agent.userId}/station`);
    expect((await gone).station).to.equal(null);
  });

  it('connectionState reports connecting → connected → reconnecting → connected → disconnected (engine addition)', async () => {
    const agent = await newAgent();
    const sdk = makeSdk({ accessToken: agent.accessToken });
    expect(sdk.connectionState).to.equal('disconnected');
    const seen: Array<{ state: string; previous: string }> = [];
    sdk.on('connectionState', (e) => seen.push(e));
    await sdk.initialize();
    expect(sdk.connectionState).to.equal('connected');
    const reconnected = nextEvent<{ reconnect: boolean }>(sdk, 'connected');
    await control('POST', 'faults', { type: 'drop-sockets', userId: agent.userId });
    await reconnected;
    await sdk.disconnect();
    expect(sdk.connectionState).to.equal('disconnected');
    expect(seen).to.deep.equal([
      { state: 'connecting', previous: 'disconnected' },
      { state: 'connected', previous: 'connecting' },
      { state: 'reconnecting', previous: 'connected' },
      { state: 'connected', previous: 'reconnecting' },
      { state: 'disconnected', previous: 'connected' },
    ]);
  });

  it('sdk.reconnect() reconnects on demand', async () => {
    const agent = await newAgent();
    const sdk = makeSdk({ accessToken: agent.accessToken });
    await sdk.initialize();
    const reconnected = nextEvent<{ reconnect: boolean }>(sdk, 'connected');
    await sdk.reconnect();
    expect(await reconnected).to.deep.equal({ reconnect: true });
  });

  it('setAccessToken() is used for HTTP and the next hard reconnect', async () => {
    const agent = await newAgent();
    const sdk = makeSdk({ accessToken: agent.accessToken });
    await sdk.initialize();
    const { accessToken } = await control<{ accessToken: string }>('POST', `users/${agent.userId}/tokens`);
    await control('POST', `tokens/${encodeURIComponent(agent.accessToken)}/revoke`);
    sdk.setAccessToken(accessToken);
    await sdk.disconnect();
    await sdk.reconnect(); // after a final disconnect: new channel with the new token
    const me = await sdk._http.request<{ id: string }>('users/me');
    expect(me.id).to.equal(agent.userId);
  });

  it('disconnect() emits a final disconnected', async () => {
    const agent = await newAgent();
    const sdk = makeSdk({ accessToken: agent.accessToken });
    await sdk.initialize();
    const disconnected = nextEvent<unknown>(sdk, 'disconnected');
    await sdk.disconnect();
    expect(await disconnected).to.equal('Streaming API connection disconnected');
  });
});

describe('station', () => {
  it('emits Associated and Disassociated from the station topic', async () => {
    const agent = await newAgent({ lineAppearance: 1 });
    const sdk = makeSdk({ accessToken: agent.accessToken });
    await sdk.initialize();
    expect(sdk.isConcurrentSoftphoneSessionsEnabled()).to.equal(false);
    const gone = nextEvent<ISdkStationEvent>(sdk, 'station');
    await control('DELETE', `users/${agent.userId}/station`);
    expect(await gone).to.deep.equal({ action: 'Disassociated', station: null });
    expect(sdk.station).to.equal(null);
    const back = nextEvent<ISdkStationEvent>(sdk, 'station');
    await control('POST', `users/${agent.userId}/station`, {});
    const event = await back;
    expect(event.action).to.equal('Associated');
    expect(event.station?.userId).to.equal(agent.userId);
    expect(sdk.station).to.deep.equal(event.station);
  });
});

describe('destroy', () => {
  it('settles while disconnected', async () => {
    const agent = await newAgent();
    const sdk = makeSdk({ accessToken: agent.accessToken });
    await sdk.initialize();
    await sdk.disconnect();
    let calls = 0;
    sdk.on('ready', () => calls++);
    await sdk.destroy();
    expect(sdk.listenerCount('ready')).to.equal(0);
    const err = await rejection(sdk.initialize());
    expect(err.type).to.equal(SdkErrorTypes.initialization);
  });

  it('settles while reconnecting and before initialize', async () => {
    const agent = await newAgent();
    const sdk = makeSdk({ accessToken: agent.accessToken });
    await sdk.initialize();
    await sdk.disconnect();
    // a hard reconnect needs a new channel, and channel creation keeps failing
    await control('POST', 'faults', { type: 'http', status: 503, count: 100, retryAfter: 1, pathPrefix: 'notifications/channels' });
    const reconnecting = sdk.reconnect();
    const outcome = reconnecting.then(() => 'connected', (e: SdkError) => e.type);
    await new Promise((r) => setTimeout(r, 200));
    await sdk.destroy();
    expect(await outcome).not.to.equal('connected');
    await makeSdk({ accessToken: agent.accessToken }).destroy();
  });

  it('a listener that throws does not break the SDK', async () => {
    const agent = await newAgent();
    const sdk = makeSdk({ accessToken: agent.accessToken });
    let secondListener = false;
    sdk.on('connected', () => { throw new Error('app bug'); });
    sdk.on('connected', () => { secondListener = true; });
    await sdk.initialize();
    expect(secondListener).to.equal(true);
    expect(sdk.isInitialized).to.equal(true);
  });
});

describe('logging', () => {
  it('uploads logs without any token, JWT or TURN credential, and trace is redacted', async () => {
    const agent = await newAgent();
    await control('DELETE', 'logs');
    const traces: string[] = [];
    const sdk = new GenesysCloudWebrtcSdk({ environment: info.environment, wsHost: info.wsHost, accessToken: agent.accessToken, logger: quietLogger, logLevel: 'debug' });
    sdk.on('trace', (level, message, details) => traces.push(JSON.stringify([level, message, details])));
    await sdk.initialize();
    const turnSecrets = (sdk._iceConfiguration?.iceServers ?? []).map((s) => s.credential).filter((c): c is string => typeof c === 'string');
    sdk.logger.info(`my token is ${agent.accessToken}`, { accessToken: agent.accessToken, nested: { header: `Bearer ${agent.accessToken}` }, turn: turnSecrets });
    await sdk.destroy(); // flushes the upload
    let entries: unknown[] = [];
    for (let i = 0; i < 50 && entries.length === 0; i++) {
      entries = (await control<{ entries: unknown[] }>('GET', 'logs')).entries;
      if (entries.length === 0) await new Promise((r) => setTimeout(r, 100));
    }
    const uploaded = JSON.stringify(entries);
    expect(entries.length).to.be.greaterThan(0);
    expect(uploaded).to.include('my token is');
    for (const secret of [agent.accessToken, ...turnSecrets]) {
      expect(uploaded).not.to.include(secret);
      expect(traces.join('\n')).not.to.include(secret);
    }
    expect(traces.some((t) => t.includes('my token is'))).to.equal(true);
  });
});
