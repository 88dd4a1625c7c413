import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningEmulator } from '../../emulator/index';
import { control, createChannel, http, newAgent, obj, startTestEmulator } from './helpers';

describe('platform REST API', () => {
  let emu: RunningEmulator;
  before(async () => { emu = await startTestEmulator(); });
  after(async () => { await emu.close(); });

  it('serves users/me with the station expand the SDK uses', async () => {
    const agent = emu.info.agents[2];
    assert.ok(agent);
    const plain = obj(await http(emu, 'GET', '/api/v2/users/me', { token: agent.accessToken }));
    assert.equal(plain.id, agent.userId);
    assert.equal(plain.chat.jabberId, agent.jabberId);
    assert.equal(plain.station, undefined);
    const res = await http(emu, 'GET', '/api/v2/users/me?expand=station,authorization', { token: agent.accessToken });
    assert.equal(res.status, 200);
    const me = obj(res);
    assert.equal(me.station.effectiveStation.id, agent.stationId);
    assert.equal(me.station.associatedStation.id, agent.stationId);
    assert.ok(Array.isArray(me.authorization.permissions));
  });

  it('serves organizations/me and stations/{id} with the softphone fields', async () => {
    const [la100, , la1, persistent] = emu.info.agents;
    assert.ok(la100 && la1 && persistent);
    const org = obj(await http(emu, 'GET', '/api/v2/organizations/me', { token: la100.accessToken }));
    assert.equal(org.id, emu.info.organizationId);
    const station = obj(await http(emu, 'GET', `/api/v2/stations/${la100.stationId}`, { token: la100.accessToken }));
    assert.deepEqual(
      [station.id, station.type, station.status, station.userId, station.webRtcUserId, station.webRtcCallAppearances, station.webRtcPersistentEnabled, station.webRtcForceTurn],
      [la100.stationId, 'inin_webrtc_softphone', 'ASSOCIATED', la100.userId, la100.userId, 100, false, false],
    );
    const s1 = obj(await http(emu, 'GET', `/api/v2/stations/${la1.stationId}`, { token: la1.accessToken }));
    assert.equal(s1.webRtcCallAppearances, 1);
    const sp = obj(await http(emu, 'GET', `/api/v2/stations/${persistent.stationId}`, { token: persistent.accessToken }));
    assert.equal(sp.webRtcPersistentEnabled, true);
  });

  it('answers 401 JSON for missing, unknown, expired and revoked tokens', async () => {
    const agent = await newAgent(emu);
    const missing = await http(emu, 'GET', '/api/v2/users/me');
    assert.equal(missing.status, 401);
    assert.deepEqual(Object.keys(obj(missing)).sort(), ['code', 'message', 'status']);
    assert.equal(obj(missing).status, 401);
    assert.equal((await http(emu, 'GET', '/api/v2/users/me', { token: 'nope' })).status, 401);
    await control(emu, 'POST', `tokens/${agent.accessToken}/expire`);
    const expired = await http(emu, 'POST', '/api/v2/notifications/channels?connectionType=streaming', { token: agent.accessToken });
    assert.equal(expired.status, 401);
    assert.equal(obj(expired).code, 'credentials.expired');
    const fresh = obj(await control(emu, 'POST', `users/${agent.userId}/tokens`)).accessToken as string;
    assert.equal((await http(emu, 'GET', '/api/v2/users/me', { token: fresh })).status, 200);
    await control(emu, 'POST', `tokens/${fresh}/revoke`);
    assert.equal((await http(emu, 'GET', '/api/v2/users/me', { token: fresh })).status, 401);
  });

  it('answers 404 JSON for unknown routes and resources, 400 JSON for bad bodies', async () => {
    const agent = await newAgent(emu);
    const route = await http(emu, 'GET', '/api/v2/nothing/here', { token: agent.accessToken });
    assert.equal(route.status, 404);
    assert.equal(obj(route).code, 'not.found');
    assert.equal((await http(emu, 'GET', '/api/v2/stations/nope', { token: agent.accessToken })).status, 404);
    assert.equal((await http(emu, 'GET', '/elsewhere')).status, 404);
    const channelId = await createChannel(emu, agent.accessToken);
    const notArray = await http(emu, 'PUT', `/api/v2/notifications/channels/${channelId}/subscriptions`, { token: agent.accessToken, body: { id: 'x' } });
    assert.equal(notArray.status, 400);
    assert.deepEqual(obj(notArray), { message: obj(notArray).message, code: 'bad.request', status: 400 });
    const badJson = await http(emu, 'POST', `/api/v2/notifications/channels/${channelId}/subscriptions`, { token: agent.accessToken, body: '[{' });
    assert.equal(badJson.status, 400);
    const other = await newAgent(emu);
    assert.equal((await http(emu, 'GET', `/api/v2/notifications/channels/${channelId}/subscriptions`, { token: other.accessToken })).status, 404);
  });

  it('creates channels and keeps HTTP subscriptions: PUT replaces, POST adds, combined ids expand', async () => {
    const agent = await newAgent(emu);
    const created = obj(await http(emu, 'POST', '/api/v2/notifications/channels?connectionType=streaming', { token: agent.accessToken }));
    assert.match(created.id, /^streaming-0-[a-z0-9]{26}$/);
    assert.equal(created.connectUri, `${emu.info.wsHost}/stream/channels/${created.id}`);
    assert.ok(Date.parse(created.expires) > Date.now());
    const path = `/api/v2/notifications/channels/${created.id}/subscriptions`;
    const u = `v2.users.${agent.userId}`;
    const topics = async () => (obj(await http(emu, 'GET', path, { token: agent.accessToken })).entities as Array<{ id: string }>).map((e) => e.id);

    await http(emu, 'PUT', path, { token: agent.accessToken, body: [{ id: `${u}?conversations&station` }] });
    assert.deepEqual(await topics(), [`${u}.conversations`, `${u}.station`]);
    const added = await http(emu, 'POST', path, { token: agent.accessToken, body: [{ id: `${u}.presence` }] });
    assert.deepEqual(obj(added).entities, [{ id: `${u}.presence`, state: 'Permitted' }]);
    assert.deepEqual(await topics(), [`${u}.conversations`, `${u}.presence`, `${u}.station`]);
    await http(emu, 'PUT', path, { token: agent.accessToken, body: [{ id: `${u}.station` }] });
    assert.deepEqual(await topics(), [`${u}.station`]);
    assert.equal((await http(emu, 'DELETE', path, { token: agent.accessToken })).status, 204);
    assert.deepEqual(await topics(), []);
  });

  it('answers CORS preflights and adds CORS headers to responses', async () => {
    const pre = await fetch(`${emu.url}/api/v2/users/me`, {
      method: 'OPTIONS',
      headers: { Origin: 'http://localhost:8000', 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'authorization,content-type' },
    });
    assert.equal(pre.status, 204);
    assert.equal(pre.headers.get('access-control-allow-origin'), 'http://localhost:8000');
    assert.equal(pre.headers.get('access-control-allow-headers'), 'authorization,content-type');
    assert.match(pre.headers.get('access-control-allow-methods') ?? '', /PUT/);
    const res = await http(emu, 'GET', '/__emulator/health', { headers: { Origin: 'http://localhost:8000' } });
    assert.equal(res.headers.get('access-control-allow-origin'), 'http://localhost:8000');
    assert.match(res.headers.get('access-control-expose-headers') ?? '', /Retry-After/);
  });

  it('keeps diagnostics uploads and exposes them through the control API', async () => {
    const agent = await newAgent(emu);
    const trace = { app: { appId: 'webrtc-sdk', appVersion: '9.2.4' }, traces: [{ topic: 'webrtc-sdk', level: 'INFO', message: '{"m":"hi"}' }] };
    assert.equal((await http(emu, 'POST', '/api/v2/diagnostics/trace', { token: agent.accessToken, body: trace })).status, 202);
    assert.equal((await http(emu, 'POST', '/api/v2/diagnostics/newrelic/insights', { token: agent.accessToken, body: { actions: [] } })).status, 202);
    assert.equal((await http(emu, 'POST', '/api/v2/diagnostics/trace', { body: trace })).status, 401);
    const entries = obj(await control(emu, 'GET', 'logs')).entries as Array<{ path: string; userId: string; body: unknown }>;
    const mine = entries.filter((e) => e.userId === agent.userId);
    assert.deepEqual(mine.map((e) => e.path), ['/api/v2/diagnostics/trace', '/api/v2/diagnostics/newrelic/insights']);
    assert.deepEqual(mine[0]?.body, trace);
    assert.equal((await control(emu, 'DELETE', 'logs')).status, 204);
    assert.deepEqual(obj(await control(emu, 'GET', 'logs')).entries, []);
  });

  it('rejects guest codes for the wrong org and malformed redemptions', async () => {
    const code = obj(await control(emu, 'POST', 'guest-codes', {}));
    assert.match(code.securityCode, /^\d{10}$/);
    const wrongOrg = await http(emu, 'POST', '/api/v2/conversations/codes', { body: { organizationId: 'other', addCommunicationCode: code.securityCode } });
    assert.equal(wrongOrg.status, 400);
    assert.equal((await http(emu, 'POST', '/api/v2/conversations/codes', { body: {} })).status, 400);
  });

  it('injects HTTP faults on platform calls only, counted down', async () => {
    const agent = await newAgent(emu);
    const me = () => http(emu, 'GET', '/api/v2/users/me', { token: agent.accessToken });
    assert.equal((await control(emu, 'POST', 'faults', { type: 'http', status: 429, count: 2, retryAfter: 3 })).status, 200);
    const first = await me();
    assert.equal(first.status, 429);
    assert.equal(first.headers.get('retry-after'), '3');
    assert.equal(obj(first).status, 429);
    assert.equal((await control(emu, 'GET', 'health')).status, 200, 'control API is never faulted');
    assert.equal((await me()).status, 429);
    assert.equal((await me()).status, 200);

    await control(emu, 'POST', 'faults', { type: 'http', status: 500, count: 1, pathPrefix: 'stations' });
    assert.equal((await me()).status, 200, 'other paths unaffected');
    assert.equal((await http(emu, 'GET', `/api/v2/stations/${agent.stationId}`, { token: agent.accessToken })).status, 500);
    assert.equal((await http(emu, 'GET', `/api/v2/stations/${agent.stationId}`, { token: agent.accessToken })).status, 200);

    await control(emu, 'POST', 'faults', { type: 'http', status: 401, count: 1 });
    await control(emu, 'POST', 'faults', { type: 'http', status: 503, count: 5 });
    assert.equal((await me()).status, 401);
    assert.equal((await me()).status, 503);
    await control(emu, 'POST', 'faults', { type: 'clear' });
    assert.equal((await me()).status, 200);
    assert.equal((await control(emu, 'POST', 'faults', { type: 'http', status: 418 })).status, 400);
  });
});
