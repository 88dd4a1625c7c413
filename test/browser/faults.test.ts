// Faults during softphone calls, end to end against the emulator (docs/reliability.md):
// socket loss, refused pings, emulator restarts, expired tokens, HTTP error bursts, races.
// Real media: RTP counters at the emulator and the remote audio's energy in the page.
import { expect, fixture, html } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { GenesysCloudWebrtcSdk, SdkError, type IExtendedMediaSession, type ISdkConfig } from '../../src/index';
import { control, emulatorInfo, quietLogger, type AgentInfo, type EmulatorInfo } from '../support/emulator-client';
import { until } from '../support/until';
import { remoteAudioMeter } from '../support/remote-audio';
import { count, next, sleep } from '../support/sdk-events';
import '../../elements/index';
import type { GcSoftphone, GcWebrtcSdk } from '../../elements/index';

type Signaling = 'jingle' | 'sdp';
interface AudioCounters { rtpPacketsFromAgent: number; rtpPacketsToAgent: number }
interface EmulatorConversation { id: string; participants: Array<{ userId?: string; state: string }>; legs: Array<{ userId?: string; state: { connectionState: string }; counters: { audio: AudioCounters } }> }

let info: EmulatorInfo;
const sdks: GenesysCloudWebrtcSdk[] = [];
const cleanups: Array<() => void> = [];

function makeSdk(agent: AgentInfo, config: Partial<ISdkConfig> = {}): GenesysCloudWebrtcSdk {
  const sdk = new GenesysCloudWebrtcSdk({
    environment: info.environment, wsHost: info.wsHost, optOutOfTelemetry: true, logger: quietLogger, useHeadsets: false,
    accessToken: agent.accessToken, ...config,
  });
  sdks.push(sdk);
  return sdk;
}

async function readySdk(agent: AgentInfo, config: Partial<ISdkConfig> = {}): Promise<GenesysCloudWebrtcSdk> {
  const sdk = makeSdk(agent, config);
  await sdk.initialize();
  return sdk;
}

const conversation = (id: string): Promise<EmulatorConversation> => control<EmulatorConversation>('GET', `conversations/${id}`);

async function rtpToAgent(conversationId: string, userId: string): Promise<number> {
  const conv = await conversation(conversationId);
  return (conv.legs.find((l) => l.userId === userId) ?? conv.legs[0])?.counters.audio.rtpPacketsToAgent ?? 0;
}

/** The remote audio is heard (RMS over a threshold) within the bound. */
async function hearsAudio(session: IExtendedMediaSession): Promise<void> {
  const m = remoteAudioMeter(session.pc);
  cleanups.push(m.close);
  let peak = 0;
  await until(async () => { peak = Math.max(peak, await m.rms()); return peak > 0.01; }, 'remote audio RMS > 0.01', 15000);
}

async function outbound(sdk: GenesysCloudWebrtcSdk, phoneNumber = '+15550100'): Promise<{ conversationId: string; session: IExtendedMediaSession }> {
  const started = next(sdk, 'sessionStarted');
  const { id } = await sdk.startSoftphoneSession({ phoneNumber });
  const [session] = await started;
  await until(() => session.connectionState === 'connected', 'session connected');
  return { conversationId: id, session };
}

/** Call ended at the emulator for this user. */
async function callEnded(conversationId: string, userId: string): Promise<void> {
  await until(async () => {
    const conv = await control<EmulatorConversation>('GET', `conversations/${conversationId}`).catch(() => undefined);
    return !conv || conv.participants.filter((p) => p.userId === userId).every((p) => ['disconnected', 'terminated'].includes(p.state));
  }, 'call ended at the emulator');
}

/** Number of conversationUpdate events in which `field` of the call flipped (an event delivered twice would not flip). */
function flips(sdk: GenesysCloudWebrtcSdk, conversationId: string, field: 'muted' | 'held'): { readonly n: number } {
  let last: boolean | undefined = sdk.getActiveConversations().find((c) => c.conversationId === conversationId)?.mostRecentCallState?.[field] ?? false;
  const box = { n: 0 };
  sdk.on('conversationUpdate', (e) => {
    const v = e.current.find((c) => c.conversationId === conversationId)?.mostRecentCallState?.[field];
    if (v === undefined) return;
    if (last !== undefined && v !== last) box.n++;
    last = v;
  });
  return box;
}

before(async () => { info = await emulatorInfo(); });

afterEach(async () => {
  for (const c of cleanups.splice(0)) c();
  await Promise.all(sdks.splice(0).map((s) => s.destroy()));
  await control('POST', 'faults', { type: 'clear' });
});

for (const signaling of ['jingle', 'sdp'] as Signaling[]) {
  describe(`faults during a call (${signaling})`, () => {
    const newAgent = (opts: Record<string, unknown> = {}): Promise<AgentInfo> => control<AgentInfo>('POST', 'agents', { lineAppearance: 100, ...opts, signaling });

    it('socket dropped mid-call: media continues, the SDK reconnects, then mute, hold, end and a new call work, each event once', async function () {
      this.timeout(60000);
      const agent = await newAgent();
      const sdk = await readySdk(agent);
      const started = count(sdk, 'sessionStarted');
      const ended = count(sdk, 'sessionEnded');
      const reconnects = count(sdk, 'connected', (e) => e.reconnect);
      const finalDisconnects = count(sdk, 'disconnected');
      const errors = count(sdk, 'sdkError');
      const { conversationId, session } = await outbound(sdk);
      await hearsAudio(session);
      const jid = sdk._streamingConnection?.jid;
      const muted = flips(sdk, conversationId, 'muted');
      const held = flips(sdk, conversationId, 'held');

      const back = next(sdk, 'connected', (e) => e.reconnect);
      const { dropped } = await control<{ dropped: number }>('POST', 'faults', { type: 'drop-sockets', userId: agent.userId });
      expect(dropped).to.equal(1);
      await back;
      // same full JID after the reconnect (the resource is kept), and the call is still up with media
      expect(sdk._streamingConnection?.jid).to.equal(jid);
      const before = await rtpToAgent(conversationId, agent.userId);
      await until(async () => (await rtpToAgent(conversationId, agent.userId)) > before + 25, 'RTP still flowing to the agent');
      await hearsAudio(session);

      await sdk.setAudioMute({ conversationId, mute: true });
      await until(() => muted.n === 1, 'muted in conversationUpdate');
      await sdk.setAudioMute({ conversationId, mute: false });
      await until(() => muted.n === 2, 'unmuted in conversationUpdate');
      await sdk.setConversationHeld({ conversationId, held: true });
      await until(() => held.n === 1, 'held in conversationUpdate');
      await sdk.setConversationHeld({ conversationId, held: false });
      await until(() => held.n === 2, 'unheld in conversationUpdate');

      // The cloud's terminate reaches the reconnected socket: sessionEnded comes from it, well
      // inside the SDK's own 10 s fallback (before the fix it only came from that fallback, or never).
      const endedEvent = next(sdk, 'sessionEnded', (s) => s === session, 8000);
      await sdk.endSession({ conversationId });
      await endedEvent;
      await callEnded(conversationId, agent.userId);

      const second = await outbound(sdk, '+15550101');
      await hearsAudio(second.session);
      const secondEnded = next(sdk, 'sessionEnded', (s) => s === second.session, 8000);
      await sdk.endSession({ conversationId: second.conversationId });
      await secondEnded;
      await sleep(500); // room for a duplicate to show up
      expect(started.n).to.equal(2);
      expect(ended.n).to.equal(2);
      expect(reconnects.n).to.equal(1);
      expect(finalDisconnects.n).to.equal(0);
      expect(muted.n).to.equal(2);
      expect(held.n).to.equal(2);
      expect(errors.list.map(([e]) => e.message)).to.deep.equal([]);
    });

    const tokenFault = signaling === 'jingle' ? 'revoke' : 'expire';
    it(`token ${tokenFault}d mid-call: one invalid_token sdkError; setAccessToken(new) recovers REST and streaming, the call goes on`, async function () {
      this.timeout(60000);
      const agent = await newAgent();
      const sdk = await readySdk(agent);
      const tokenErrors = count(sdk, 'sdkError', (e) => e.type === 'invalid_token');
      const { conversationId, session } = await outbound(sdk);
      await control('POST', `tokens/${agent.accessToken}/${tokenFault}`);
      // REST: rejected with invalid_token
      const rest = await sdk.setAudioMute({ conversationId, mute: true }).then(() => undefined, (e: unknown) => e);
      expect(rest).to.be.instanceOf(SdkError);
      expect((rest as SdkError).type).to.equal('invalid_token');
      // streaming: the next (re)connect is refused too, and the SDK gives up on this token
      const gaveUp = next(sdk, 'disconnected', () => true, 30000);
      await control('POST', 'faults', { type: 'drop-sockets', userId: agent.userId });
      await gaveUp;
      expect(sdk.connectionState).to.equal('disconnected');
      const second = await sdk.setConversationHeld({ conversationId, held: true }).then(() => undefined, (e: unknown) => e);
      expect((second as SdkError).type).to.equal('invalid_token');
      expect(tokenErrors.n).to.equal(1);

      const { accessToken } = await control<{ accessToken: string }>('POST', `users/${agent.userId}/tokens`);
      const back = next(sdk, 'connected', () => true, 30000);
      sdk.setAccessToken(accessToken);
      await back;
      await sdk.setAudioMute({ conversationId, mute: true });
      await sdk.setAudioMute({ conversationId, mute: false });
      await hearsAudio(session);
      const endedEvent = next(sdk, 'sessionEnded', (s) => s === session, 8000);
      await sdk.endSession({ conversationId });
      await endedEvent;
      expect(tokenErrors.n).to.equal(1);
      const again = await outbound(sdk, '+15550101');
      await hearsAudio(again.session);
    });
  });
}

describe('faults of the connection and the cloud', () => {
  const newAgent = (signaling: Signaling = 'jingle'): Promise<AgentInfo> => control<AgentInfo>('POST', 'agents', { lineAppearance: 100, signaling });

  it('pings refused: the SDK declares the socket dead after two missed pings and reconnects; the call keeps its audio and ends normally', async function () {
    this.timeout(60000);
    const agent = await newAgent();
    const sdk = await readySdk(agent);
    const { conversationId, session } = await outbound(sdk);
    sdk._streamingConnection?._setKeepAlive(400, 600);
    const reconnecting = next(sdk, 'connectionState', (e) => e.state === 'reconnecting', 15000);
    await control('POST', 'faults', { type: 'refuse-pings', userId: agent.userId, enabled: true });
    await reconnecting;
    const back = next(sdk, 'connected', (e) => e.reconnect, 15000);
    await control('POST', 'faults', { type: 'refuse-pings', userId: agent.userId, enabled: false });
    await back;
    await hearsAudio(session);
    const endedEvent = next(sdk, 'sessionEnded', (s) => s === session, 8000);
    await sdk.endSession({ conversationId });
    await endedEvent;
  });

  for (const signaling of ['jingle', 'sdp'] as Signaling[]) it(`emulator restarted on the same port (${signaling}), idle and then mid-call: the SDK reconnects by itself, the lost call ends with reason "gone", the next call works`, async function () {
    this.timeout(90000);
    const agent = await newAgent(signaling);
    const sdk = await readySdk(agent);
    const ended = count(sdk, 'sessionEnded');
    // idle
    let back = next(sdk, 'connected', (e) => e.reconnect, 30000);
    await executeServerCommand('emulator-restart', { downMs: 800 });
    await back;
    const first = await outbound(sdk);
    await hearsAudio(first.session);
    // mid-call: the cloud forgot the call; the SDK finds out after reconnecting and ends the session
    back = next(sdk, 'connected', (e) => e.reconnect, 30000);
    const gone = next(sdk, 'sessionEnded', (s) => s === first.session, 40000);
    await executeServerCommand('emulator-restart', { downMs: 800 });
    await back;
    const [, reason] = await gone;
    expect(reason.condition).to.equal('gone');
    expect(first.session.pc.connectionState).to.equal('closed');
    const second = await outbound(sdk, '+15550101');
    await hearsAudio(second.session);
    expect(ended.n).to.equal(1);
  });

  it('429 with Retry-After, 500 and 503 bursts on start, mute, hold and end are retried; a longer burst gives a clear error and the call stays usable', async function () {
    this.timeout(60000);
    const agent = await newAgent();
    const sdk = await readySdk(agent);
    const fault = (status: number, count: number, pathPrefix: string, retryAfter = 0) => control('POST', 'faults', { type: 'http', status, count, pathPrefix, retryAfter });
    await fault(429, 2, 'conversations/calls', 1);
    const { conversationId, session } = await outbound(sdk);
    await fault(503, 2, `conversations/calls/${conversationId}/participants`);
    await sdk.setAudioMute({ conversationId, mute: true });
    await fault(500, 2, `conversations/calls/${conversationId}/participants`);
    await sdk.setConversationHeld({ conversationId, held: true });
    // more failures than the retry policy allows (5 attempts): a clear error naming the status
    await fault(503, 20, `conversations/calls/${conversationId}/participants`);
    const err = await sdk.setAudioMute({ conversationId, mute: false }).then(() => undefined, (e: unknown) => e) as SdkError;
    expect(err).to.be.instanceOf(SdkError);
    expect(err.type).to.equal('generic');
    const cause = err.cause as SdkError;
    expect(cause.type).to.equal('http');
    expect((cause.details as { status: number; attempts: number }).status).to.equal(503);
    expect((cause.details as { status: number; attempts: number }).attempts).to.equal(5);
    await control('POST', 'faults', { type: 'clear' });
    await sdk.setAudioMute({ conversationId, mute: false });
    await sdk.setConversationHeld({ conversationId, held: false });
    await hearsAudio(session);
    // end with the PATCH failing for good: the SDK terminates the session itself (LA > 1)
    await fault(500, 20, `conversations/calls/${conversationId}/participants`);
    const endedEvent = next(sdk, 'sessionEnded', (s) => s === session, 15000);
    await sdk.endSession({ conversationId });
    await endedEvent;
    await callEnded(conversationId, agent.userId);
  });
});

describe('races', () => {
  const newAgent = (): Promise<AgentInfo> => control<AgentInfo>('POST', 'agents', { lineAppearance: 100 });

  it('accept and reject of one pending session together, and a double accept: the call ends or connects once, nothing is left pending', async function () {
    this.timeout(60000);
    const agent = await newAgent();
    const sdk = await readySdk(agent);
    const started = count(sdk, 'sessionStarted');
    const ended = count(sdk, 'sessionEnded');
    // accept + reject: reject wins at the cloud (its PATCH ends the call); a session that started meanwhile ends once
    let pending = next(sdk, 'pendingSession');
    const { conversationId: c1 } = await control<{ conversationId: string }>('POST', 'inbound-call', { toUserId: agent.userId });
    await pending;
    const results = await Promise.allSettled([sdk.acceptPendingSession({ conversationId: c1 }), sdk.rejectPendingSession({ conversationId: c1 })]);
    expect(results.map((r) => r.status)).to.deep.equal(['fulfilled', 'fulfilled']);
    await callEnded(c1, agent.userId);
    await until(() => sdk.getAllSessions().length === 0 && sdk._pendingCount === 0, 'nothing left after accept+reject');
    expect(ended.n).to.equal(started.n);
    // double accept: one proceed, one session
    const startedBefore = started.n;
    pending = next(sdk, 'pendingSession');
    const { conversationId: c2 } = await control<{ conversationId: string }>('POST', 'inbound-call', { toUserId: agent.userId });
    await pending;
    const sessionStarted = next(sdk, 'sessionStarted');
    await Promise.all([sdk.acceptPendingSession({ conversationId: c2 }), sdk.acceptPendingSession({ conversationId: c2 })]);
    const [session] = await sessionStarted;
    await until(() => session.connectionState === 'connected', 'connected');
    await hearsAudio(session);
    await sleep(300);
    expect(started.n - startedBefore).to.equal(1);
    expect(sdk.getAllSessions()).to.have.length(1);
  });

  it('end during set-up, a call started while reconnecting, destroy during a call: each has its defined outcome', async function () {
    this.timeout(60000);
    const agent = await newAgent();
    const sdk = await readySdk(agent);
    const started = count(sdk, 'sessionStarted');
    const ended = count(sdk, 'sessionEnded');
    // end while the customer still rings: the call ends at the cloud, a session that started ends once
    const { id } = await sdk.startSoftphoneSession({ phoneNumber: '+15550177' });
    await until(() => sdk._pendingCount > 0 || sdk.getAllSessions().length > 0, 'call set-up under way');
    await sdk.endSession({ conversationId: id });
    await callEnded(id, agent.userId);
    await until(() => sdk.getAllSessions().length === 0, 'no session left');
    await sleep(300);
    expect(ended.n).to.equal(started.n);
    // started while reconnecting: rejected at once with a session error; fine once connected again
    const back = next(sdk, 'connected', (e) => e.reconnect);
    await control('POST', 'faults', { type: 'drop-sockets', userId: agent.userId });
    await until(() => sdk.connectionState === 'reconnecting', 'reconnecting');
    const err = await sdk.startSoftphoneSession({ phoneNumber: '+15550100' }).then(() => undefined, (e: unknown) => e) as SdkError;
    expect(err).to.be.instanceOf(SdkError);
    expect(err.type).to.equal('session');
    await back;
    const { conversationId, session } = await outbound(sdk);
    await hearsAudio(session);
    const mic = session.pc.getSenders().find((s) => s.track?.kind === 'audio')?.track;
    // destroy during the call: settles, the cloud hears the terminate, media is released
    await sdk.destroy();
    await callEnded(conversationId, agent.userId);
    expect(session.pc.connectionState).to.equal('closed');
    expect(mic?.readyState).to.equal('ended');
  });
});


describe('HTTP bursts on accept', () => {
  const fault = (status: number, n: number, pathPrefix: string, retryAfter = 0): Promise<unknown> => control('POST', 'faults', { type: 'http', status, count: n, pathPrefix, retryAfter });

  it('inbound call (LA > 1): 429 with Retry-After and 503 bursts on the conversation requests around the accept are retried; the call connects once with audio', async function () {
    this.timeout(60000);
    const agent = await control<AgentInfo>('POST', 'agents', { lineAppearance: 100 });
    const sdk = await readySdk(agent);
    const started = count(sdk, 'sessionStarted');
    const pending = next(sdk, 'pendingSession');
    await fault(429, 2, 'conversations', 1);
    const { conversationId } = await control<{ conversationId: string }>('POST', 'inbound-call', { toUserId: agent.userId });
    await pending;
    await fault(503, 2, 'conversations');
    const sessionStarted = next(sdk, 'sessionStarted');
    await sdk.acceptPendingSession({ conversationId });
    const [session] = await sessionStarted;
    await until(() => session.connectionState === 'connected', 'connected');
    await hearsAudio(session);
    await sleep(300);
    expect(started.n).to.equal(1);
    const endedEvent = next(sdk, 'sessionEnded', (x) => x === session, 8000);
    await sdk.endSession({ conversationId });
    await endedEvent;
  });

  it('<gc-softphone> on a persistent connection (LA 1): a 500/503 burst on answer and on mute shows the error; the next click works; a short 429 burst is retried', async function () {
    this.timeout(60000);
    const agent = await control<AgentInfo>('POST', 'agents', { lineAppearance: 1, persistentConnection: true });
    const sdkEl = await fixture<GcWebrtcSdk>(html`<gc-webrtc-sdk environment=${info.environment} ws-host=${info.wsHost}
      opt-out-of-telemetry use-headsets="false" allowed-session-types="softphone" .accessToken=${agent.accessToken}>
      <gc-softphone></gc-softphone></gc-webrtc-sdk>`);
    const sdk = await until(() => { const e = sdkEl.sdk as GenesysCloudWebrtcSdk | undefined; return e?.isInitialized ? e : undefined; }, 'engine initialized');
    const phone = sdkEl.querySelector('gc-softphone') as GcSoftphone;
    const root = phone.shadowRoot!;
    const button = (part: string): HTMLButtonElement | undefined => root.querySelector<HTMLButtonElement>(`button[part="${part}"]`) ?? undefined;
    const alertText = (): string => root.querySelector('[role="alert"]')?.textContent ?? '';
    // a first call opens the persistent connection; hanging up keeps it
    const first = await outbound(sdk);
    const hungUp = next(sdk, 'sessionEnded');
    await sdk.endSession({ conversationId: first.conversationId });
    await hungUp;
    expect(sdk.isPersistentConnectionEnabled()).to.equal(true);

    // an inbound call over the persistent connection: the answer is a REST PATCH
    const ringing = next(sdk, 'pendingSession');
    const { conversationId } = await control<{ conversationId: string }>('POST', 'inbound-call', { toUserId: agent.userId });
    await ringing;
    const answer = await until(() => button('answer-button'), 'answer button');
    await fault(503, 20, `conversations/calls/${conversationId}/participants`);
    answer.click();
    await until(() => /503/.test(alertText()), 'the error is shown', 40000);
    await until(() => button('answer-button') && !button('answer-button')!.disabled, 'answer button usable again');
    await control('POST', 'faults', { type: 'clear' });
    await fault(429, 2, `conversations/calls/${conversationId}/participants`, 1);
    const connected = next(sdk, 'sessionStarted');
    button('answer-button')!.click();
    const [session] = await connected;
    expect(session).to.equal(first.session);
    await until(() => root.querySelector('li[part="call"][data-state="connected"]'), 'the call row is connected');
    await until(() => alertText() === '', 'the error is cleared by the next action');
    await hearsAudio(session);

    // mute: a burst longer than the retries shows the error; the next click works
    await fault(500, 20, `conversations/calls/${conversationId}/participants`);
    button('mute-button')!.click();
    await until(() => /500/.test(alertText()), 'the mute error is shown', 40000);
    await until(() => !button('mute-button')!.disabled, 'mute button usable again');
    expect(button('mute-button')!.getAttribute('aria-pressed')).to.equal('false');
    await control('POST', 'faults', { type: 'clear' });
    button('mute-button')!.click();
    await until(() => button('mute-button')!.getAttribute('aria-pressed') === 'true', 'muted');
    const ended = next(sdk, 'sessionEnded');
    button('end-button')!.click();
    await ended;
    await callEnded(conversationId, agent.userId);
  });
});
