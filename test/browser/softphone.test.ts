import { expect } from '@open-wc/testing';
import { GenesysCloudWebrtcSdk, type IExtendedMediaSession, type IPendingSession, type ISdkConfig, type SdkEvents } from '../../src/index';
import { createHeadsetService } from '../../src/headsets';
import type { HeadsetEvent, VendorHeadsetEvent, VendorHeadsetLibrary } from '../../src/headsets';

type Signaling = 'jingle' | 'sdp';
import { control, quietLogger, type AgentInfo, type EmulatorInfo } from '../support/emulator-client';
import { until } from '../support/until';
import { remoteAudioMeter, type RemoteAudioMeter } from '../support/remote-audio';
import { TestSdks } from '../support/test-sdks';
interface AudioCounters { rtpPacketsFromAgent: number; rtpPacketsToAgent: number; loudPacketsFromAgent: number; audioLevelFromAgent: number }
interface EmulatorConversation { id: string; legs: Array<{ userId?: string; signaling: string; state: { connectionState: string }; counters: { audio: AudioCounters } }> }

let info: EmulatorInfo;
const testSdks = new TestSdks();
const cleanups: Array<() => void> = [];


const readySdk = (agent: AgentInfo, config: Partial<ISdkConfig> = {}): Promise<GenesysCloudWebrtcSdk> => testSdks.ready(agent, config);

type Args<K extends keyof SdkEvents> = Parameters<SdkEvents[K]>;

/** Resolves with the next `event` whose args satisfy `predicate`; rejects after `ms` naming what was awaited. */
function next<K extends keyof SdkEvents>(sdk: GenesysCloudWebrtcSdk, event: K, predicate: (...args: Args<K>) => boolean = () => true, ms = 15000): Promise<Args<K>> {
  return new Promise((resolve, reject) => {
    const on = (sdk.on as unknown as (e: string, l: (...a: unknown[]) => void) => void).bind(sdk);
    const off = (sdk.off as unknown as (e: string, l: (...a: unknown[]) => void) => void).bind(sdk);
    const timer = setTimeout(() => { off(event, listener); reject(new Error(`timed out waiting for ${event}`)); }, ms);
    const listener = (...args: unknown[]): void => {
      if (!predicate(...(args as Args<K>))) return;
      clearTimeout(timer);
      off(event, listener);
      resolve(args as Args<K>);
    };
    on(event, listener);
  });
}

function count<K extends keyof SdkEvents>(sdk: GenesysCloudWebrtcSdk, event: K, predicate: (...args: Args<K>) => boolean = () => true): { readonly n: number } {
  const box = { n: 0 };
  (sdk.on as unknown as (e: string, l: (...a: unknown[]) => void) => void).call(sdk, event, (...args: unknown[]) => { if (predicate(...(args as Args<K>))) box.n++; });
  return box;
}

async function waitConnected(session: IExtendedMediaSession): Promise<void> {
  await until(() => session.connectionState === 'connected', `session ${session.id} connected`);
}

/** The remote audio of a session, measured (released after the test). */
function meter(session: IExtendedMediaSession): RemoteAudioMeter {
  const m = remoteAudioMeter(session.pc);
  cleanups.push(m.close);
  return m;
}

async function hearsAudio(session: IExtendedMediaSession): Promise<number> {
  const m = meter(session);
  const started = performance.now();
  let peak = 0;
  await until(async () => { peak = Math.max(peak, await m.rms()); return peak > 0.01; }, 'remote audio RMS > 0.01', 15000);
  return Math.round(performance.now() - started);
}

async function conversation(id: string): Promise<EmulatorConversation> {
  return control<EmulatorConversation>('GET', `conversations/${id}`);
}

async function agentLeg(conversationId: string, userId: string): Promise<AudioCounters> {
  const conv = await conversation(conversationId);
  const leg = conv.legs.find((l) => l.userId === userId) ?? conv.legs[0];
  if (!leg) throw new Error('no media leg');
  return leg.counters.audio;
}

/** The emulator's media leg for the user is connected (its "mediaConnected", needed for LA1 reuse). */
async function legConnected(conversationId: string): Promise<void> {
  await until(async () => (await conversation(conversationId)).legs.some((l) => l.state.connectionState === 'connected'), 'emulator leg connected');
}

/** Places an outbound call and waits for the started, connected session. */
async function outbound(sdk: GenesysCloudWebrtcSdk, phoneNumber: string): Promise<{ conversationId: string; session: IExtendedMediaSession }> {
  const started = next(sdk, 'sessionStarted');
  const { id } = await sdk.startSoftphoneSession({ phoneNumber });
  const [session] = await started;
  await waitConnected(session);
  return { conversationId: id, session };
}

before(async () => {
  info = await testSdks.load();
});

afterEach(async () => {
  for (const c of cleanups.splice(0)) c();
  await testSdks.destroyAll();
});

for (const signaling of ['jingle', 'sdp'] as Signaling[]) {
  describe(`softphone (${signaling})`, () => {
    const newAgent = (opts: { lineAppearance?: number; persistentConnection?: boolean } = {}): Promise<AgentInfo> =>
      control<AgentInfo>('POST', 'agents', { lineAppearance: 100, ...opts, signaling });

    it('outbound call to the echo number: auto answered, echoed audio heard, one sessionEnded on endSession', async () => {
      const agent = await newAgent();
      const sdk = await readySdk(agent);
      const pendings: IPendingSession[] = [];
      sdk.on('pendingSession', (p) => pendings.push(p));
      const ended = count(sdk, 'sessionEnded');
      const startedCount = count(sdk, 'sessionStarted');
      const t0 = performance.now();
      const { conversationId, session } = await outbound(sdk, '+15550100');
      console.log(`[${signaling}] outbound: POST → connected ${Math.round(performance.now() - t0)} ms`);
      expect(pendings.map((p) => [p.conversationId, p.autoAnswer, p.sessionType])).to.deep.equal([[conversationId, true, 'softphone']]);
      expect(session.conversationId).to.equal(conversationId);
      expect(session.sessionType).to.equal('softphone');
      expect(session.state).to.equal('active');
      const ms = await hearsAudio(session);
      console.log(`[${signaling}] outbound: connected → echo heard ${ms} ms`);
      const leg = conversation(conversationId);
      expect((await leg).legs[0]?.signaling).to.equal(signaling);
      const endedEvent = next(sdk, 'sessionEnded');
      await sdk.endSession({ conversationId });
      const [endedSession] = await endedEvent;
      expect(endedSession).to.equal(session);
      await until(() => sdk.getAllSessions().length === 0, 'session released');
      expect(session.pc.connectionState).to.equal('closed');
      expect(ended.n).to.equal(1);
      expect(startedCount.n).to.equal(1);
    });

    it('inbound customer: pendingSession → acceptPendingSession → audio → remote hang-up → exactly one sessionEnded', async () => {
      const agent = await newAgent();
      const sdk = await readySdk(agent);
      const pending = next(sdk, 'pendingSession');
      const { conversationId } = await control<{ conversationId: string }>('POST', 'inbound-call', { toUserId: agent.userId, signaling });
      const [p] = await pending;
      expect(p.conversationId).to.equal(conversationId);
      expect(p.autoAnswer).to.equal(false);
      const started = next(sdk, 'sessionStarted');
      const added = next(sdk, 'conversationUpdate', (e) => e.added.some((a) => a.conversationId === conversationId));
      const t0 = performance.now();
      await sdk.acceptPendingSession({ conversationId });
      const [session] = await started;
      await waitConnected(session);
      console.log(`[${signaling}] inbound: accept → connected ${Math.round(performance.now() - t0)} ms`);
      const [update] = await added;
      expect(update.activeConversationId).to.equal(conversationId);
      await hearsAudio(session);
      const ended = count(sdk, 'sessionEnded');
      const removed = next(sdk, 'conversationUpdate', (e) => e.removed.some((r) => r.conversationId === conversationId));
      const endedEvent = next(sdk, 'sessionEnded');
      await control('POST', `conversations/${conversationId}/disconnect`);
      await endedEvent;
      await removed;
      await until(() => sdk.getAllSessions().length === 0, 'session released');
      await new Promise((r) => setTimeout(r, 500)); // room for a duplicate to show up
      expect(ended.n).to.equal(1);
    });

    it('mute: no new loud packets from the agent while muted, loud again after unmute', async () => {
      const agent = await newAgent();
      const sdk = await readySdk(agent);
      const { conversationId, session } = await outbound(sdk, '+15550100');
      await until(async () => (await agentLeg(conversationId, agent.userId)).loudPacketsFromAgent > 20, 'loud packets from the agent');
      const muted = next(sdk, 'conversationUpdate', (e) => e.current.some((c) => c.conversationId === conversationId && c.mostRecentCallState?.muted === true));
      await sdk.setAudioMute({ conversationId, mute: true });
      expect(session.audioMuted).to.equal(true);
      await muted;
      await new Promise((r) => setTimeout(r, 300)); // packets in flight
      const before = (await agentLeg(conversationId, agent.userId)).loudPacketsFromAgent;
      await new Promise((r) => setTimeout(r, 1500));
      const during = await agentLeg(conversationId, agent.userId);
      expect(during.loudPacketsFromAgent).to.equal(before);
      const unmuted = next(sdk, 'conversationUpdate', (e) => e.current.some((c) => c.conversationId === conversationId && c.mostRecentCallState?.muted === false));
      await sdk.setAudioMute({ conversationId, mute: false });
      await unmuted;
      await until(async () => (await agentLeg(conversationId, agent.userId)).loudPacketsFromAgent > before + 10, 'loud packets again after unmute');
      expect(session.audioMuted).to.equal(false);
    });

    it('hold and unhold are seen in conversationUpdate', async () => {
      const agent = await newAgent();
      const sdk = await readySdk(agent);
      const { conversationId } = await outbound(sdk, '+15550101');
      const held = next(sdk, 'conversationUpdate', (e) => e.current.some((c) => c.conversationId === conversationId && c.mostRecentCallState?.held === true));
      await sdk.setConversationHeld({ conversationId, held: true });
      const [h] = await held;
      expect(h.added).to.deep.equal([]);
      const resumed = next(sdk, 'conversationUpdate', (e) => e.current.some((c) => c.conversationId === conversationId && c.mostRecentCallState?.held === false));
      await sdk.setConversationHeld({ conversationId, held: false });
      await resumed;
    });

    it('reject: the pending call ends, no session starts', async () => {
      const agent = await newAgent();
      const sdk = await readySdk(agent);
      const started = count(sdk, 'sessionStarted');
      const pending = next(sdk, 'pendingSession');
      const { conversationId } = await control<{ conversationId: string }>('POST', 'inbound-call', { toUserId: agent.userId, signaling });
      await pending;
      await sdk.rejectPendingSession({ conversationId });
      await until(async () => {
        const conv = await control<{ participants: Array<{ userId?: string; state?: string; calls?: Array<{ state: string }> }> }>('GET', `conversations/${conversationId}`);
        const me = conv.participants.filter((p) => p.userId === agent.userId);
        return me.length > 0 && me.every((p) => ['disconnected', 'terminated'].includes(p.state ?? p.calls?.[0]?.state ?? ''));
      }, 'agent participant disconnected');
      expect(started.n).to.equal(0);
      expect(sdk.getAllSessions()).to.have.length(0);
    });

    it('remote hang-up while alerting → cancelPendingSession', async () => {
      const agent = await newAgent();
      const sdk = await readySdk(agent);
      const pending = next(sdk, 'pendingSession');
      const { conversationId } = await control<{ conversationId: string }>('POST', 'inbound-call', { toUserId: agent.userId, signaling });
      await pending;
      const cancelled = next(sdk, 'cancelPendingSession', (e) => e.conversationId === conversationId);
      await control('POST', `conversations/${conversationId}/disconnect`);
      await cancelled;
      expect(sdk._pendingCount).to.equal(0);
    });

    it('two clients of one user: one accepts, the other gets handledPendingSession', async () => {
      const agent = await newAgent();
      const a = await readySdk(agent, { jidResource: `a-${crypto.randomUUID()}` });
      const b = await readySdk(agent, { jidResource: `b-${crypto.randomUUID()}` });
      const pa = next(a, 'pendingSession');
      const pb = next(b, 'pendingSession');
      const { conversationId } = await control<{ conversationId: string }>('POST', 'inbound-call', { toUserId: agent.userId, signaling });
      await Promise.all([pa, pb]);
      const handled = next(b, 'handledPendingSession', (e) => e.conversationId === conversationId);
      const started = next(a, 'sessionStarted');
      const bStarted = count(b, 'sessionStarted');
      await a.acceptPendingSession({ conversationId });
      await handled;
      const [session] = await started;
      await waitConnected(session);
      expect(bStarted.n).to.equal(0);
    });

    it('agent-to-agent call: audio both ways', async () => {
      const [agentA, agentB] = await Promise.all([newAgent(), newAgent()]);
      const a = await readySdk(agentA);
      const b = await readySdk(agentB);
      const bPending = next(b, 'pendingSession');
      const aStarted = next(a, 'sessionStarted');
      const { id } = await a.startSoftphoneSession({ callUserId: agentB.userId });
      const [p] = await bPending;
      const bStarted = next(b, 'sessionStarted');
      await b.acceptPendingSession({ conversationId: p.conversationId });
      const [[sa], [sb]] = await Promise.all([aStarted, bStarted]);
      await Promise.all([waitConnected(sa), waitConnected(sb)]);
      expect(sa.conversationId).to.equal(id);
      await Promise.all([hearsAudio(sa), hearsAudio(sb)]);
    });

    it('line appearance 1: a second call reuses the session (synthetic pending, REST accept)', async () => {
      const agent = await newAgent({ lineAppearance: 1 });
      const sdk = await readySdk(agent);
      expect(sdk.isConcurrentSoftphoneSessionsEnabled()).to.equal(false);
      const { session, conversationId: first } = await outbound(sdk, '+15550101');
      await legConnected(first);
      await until(() => sdk.getActiveConversations().some((c) => c.conversationId === first && c.mostRecentCallState?.state === 'connected'), 'first call connected');
      const pending = next(sdk, 'pendingSession');
      const { conversationId: second } = await control<{ conversationId: string }>('POST', 'inbound-call', { toUserId: agent.userId, signaling });
      const [p] = await pending;
      expect(p.id).to.equal(session.id);
      expect(p.conversationId).to.equal(second);
      const started = next(sdk, 'sessionStarted');
      const handled = next(sdk, 'handledPendingSession', (e) => e.conversationId === second);
      await sdk.acceptPendingSession({ conversationId: second });
      const [again] = await started;
      await handled;
      expect(again).to.equal(session);
      expect(session.conversationId).to.equal(second);
      expect(sdk.getAllSessions()).to.have.length(1);
      await hearsAudio(session);
    });

    it('persistent connection keeps the session after hang-up; the next call reuses it', async () => {
      const agent = await newAgent({ lineAppearance: 1, persistentConnection: true });
      const sdk = await readySdk(agent);
      expect(sdk.isPersistentConnectionEnabled()).to.equal(true);
      const { conversationId, session } = await outbound(sdk, '+15550100');
      const ended = next(sdk, 'sessionEnded');
      await sdk.endSession({ conversationId });
      await ended;
      // the session survives the hang-up (its pc may still be finishing DTLS under load)
      expect(session.state).to.equal('active');
      await until(() => session.pc.connectionState === 'connected', 'pc connected');
      expect(sdk.getAllSessions()).to.have.length(1);
      const pending = next(sdk, 'pendingSession');
      const started = next(sdk, 'sessionStarted');
      const { id: second } = await sdk.startSoftphoneSession({ phoneNumber: '+15550100' });
      const [p] = await pending;
      expect(p.id).to.equal(session.id);
      expect(p.conversationId).to.equal(second);
      await sdk.acceptPendingSession({ conversationId: second });
      const [again] = await started;
      expect(again).to.equal(session);
      await hearsAudio(session);
    });

    it('persistent connection: endSession while the PC still reports connecting (DTLS not done) resolves with exactly one sessionEnded', async () => {
      // regression: the synthetic sessionEnded used to require a DTLS-connected pc; a hang-up in the
      // window between ICE connected and DTLS connected never produced sessionEnded and endSession
      // hung (seen only under load, in the full run). The window is pinned here by faking the state.
      const agent = await newAgent({ lineAppearance: 1, persistentConnection: true });
      const sdk = await readySdk(agent);
      const { conversationId, session } = await outbound(sdk, '+15550101');
      const ended = count(sdk, 'sessionEnded');
      Object.defineProperty(session.pc, 'connectionState', { configurable: true, get: () => 'connecting' });
      try {
        const endedEvent = next(sdk, 'sessionEnded', (s) => s === session, 8000);
        const t0 = performance.now();
        await sdk.endSession({ conversationId });
        await endedEvent;
        expect(performance.now() - t0).to.be.lessThan(8000);
      } finally {
        delete (session.pc as unknown as Record<string, unknown>).connectionState;
      }
      await new Promise((r) => setTimeout(r, 500));
      expect(ended.n).to.equal(1);
      expect(session.state).to.equal('active');
    });

    it('forceTerminateSession ends the session: one sessionEnded, the call ends in the emulator', async () => {
      const agent = await newAgent();
      const sdk = await readySdk(agent);
      const { conversationId, session } = await outbound(sdk, '+15550101');
      const ended = count(sdk, 'sessionEnded');
      const endedEvent = next(sdk, 'sessionEnded');
      await sdk.forceTerminateSession(session.id);
      await endedEvent;
      expect(session.state === 'ended').to.equal(true);
      await until(async () => {
        const conv = await control<{ participants: Array<{ userId?: string; state?: string; calls?: Array<{ state: string }> }> }>('GET', `conversations/${conversationId}`);
        const me = conv.participants.filter((p) => p.userId === agent.userId);
        return me.length > 0 && me.every((p) => ['disconnected', 'terminated'].includes(p.state ?? p.calls?.[0]?.state ?? ''));
      }, 'emulator call ended');
      await new Promise((r) => setTimeout(r, 300));
      expect(ended.n).to.equal(1);
      expect(sdk.getAllSessions()).to.have.length(0);
    });

    it('endSession when the PATCH fails (HTTP 500): falls back to terminating the session, no hang', async function () {
      this.timeout(45000);
      const agent = await newAgent();
      const sdk = await readySdk(agent);
      const { conversationId, session } = await outbound(sdk, '+15550101');
      const ended = count(sdk, 'sessionEnded');
      const endedEvent = next(sdk, 'sessionEnded', () => true, 40000);
      // more failures than the client's retries (5 attempts)
      await control('POST', 'faults', { type: 'http', status: 500, count: 5, pathPrefix: '/api/v2/conversations' });
      try {
        await sdk.endSession({ conversationId });
      } finally {
        await control('POST', 'faults', { type: 'clear' });
      }
      await endedEvent;
      expect(session.state === 'ended').to.equal(true);
      expect(ended.n).to.equal(1);
      await until(() => sdk.getAllSessions().length === 0, 'session released');
    });

    it('acceptSession twice for the same session is harmless', async () => {
      const agent = await newAgent();
      const sdk = await readySdk(agent, { autoConnectSessions: false });
      const started = next(sdk, 'sessionStarted');
      const { id: conversationId } = await sdk.startSoftphoneSession({ phoneNumber: '+15550100' });
      const [session] = await started;
      const errors = count(sdk, 'sdkError');
      await Promise.all([sdk.acceptSession({ conversationId }), sdk.acceptSession({ conversationId })]);
      await sdk.acceptSession({ conversationId });
      await waitConnected(session);
      expect(session.pc.getSenders().filter((x) => x.track?.kind === 'audio')).to.have.length(1);
      expect(sdk.getAllSessions()).to.have.length(1);
      expect(errors.n).to.equal(0);
      await hearsAudio(session);
    });

    it('LA > 1: taking a call off hold puts the other active call on hold', async () => {
      const agent = await newAgent();
      const sdk = await readySdk(agent);
      expect(sdk.isConcurrentSoftphoneSessionsEnabled()).to.equal(true);
      const held = (cid: string, value: boolean) => (e: Args<'conversationUpdate'>[0]) => e.current.some((c) => c.conversationId === cid && c.mostRecentCallState?.state === 'connected' && c.mostRecentCallState.held === value);
      const first = await outbound(sdk, '+15550101');
      await until(() => sdk.getActiveConversations().some((c) => c.conversationId === first.conversationId && c.mostRecentCallState?.state === 'connected'), 'first call connected');
      const second = await outbound(sdk, '+15550101');
      await until(() => sdk.getActiveConversations().some((c) => c.conversationId === second.conversationId && c.mostRecentCallState?.state === 'connected'), 'second call connected');
      const secondHeld = next(sdk, 'conversationUpdate', held(second.conversationId, true));
      await sdk.setConversationHeld({ conversationId: second.conversationId, held: true });
      await secondHeld;
      const firstHeld = next(sdk, 'conversationUpdate', held(first.conversationId, true));
      const secondResumed = next(sdk, 'conversationUpdate', held(second.conversationId, false));
      await sdk.setConversationHeld({ conversationId: second.conversationId, held: false });
      await Promise.all([firstHeld, secondResumed]);
      const states = sdk.getActiveConversations().map((c) => [c.conversationId, c.mostRecentCallState?.held]);
      expect(states).to.deep.include.members([[first.conversationId, true], [second.conversationId, false]]);
    });
  });
}

/** Stands in for softphone-vendor-headsets: records the SDK's calls, emits device events on demand. */
class FakeHeadsetLibrary implements VendorHeadsetLibrary {
  readonly calls: Array<[string, ...unknown[]]> = [];
  selectedImplementation: unknown = null;
  private readonly listeners = new Set<(event: VendorHeadsetEvent) => void>();
  readonly headsetEvents$ = {
    subscribe: (fn: (event: VendorHeadsetEvent) => void) => {
      this.listeners.add(fn);
      return { unsubscribe: () => { this.listeners.delete(fn); } };
    },
  };
  emit(event: string, payload: unknown): void { for (const l of [...this.listeners]) l({ event, payload }); }
  named(name: string): unknown[][] { return this.calls.filter((c) => c[0] === name).map((c) => c.slice(1)); }
  private record(name: string, args: unknown[]): Promise<void> { this.calls.push([name, ...args]); return Promise.resolve(); }
  deviceIsSupported(): boolean { return true; }
  activeMicChange(label: string, reason?: string): void { this.calls.push(['activeMicChange', label, reason]); }
  incomingCall(...a: unknown[]): Promise<void> { return this.record('incomingCall', a); }
  outgoingCall(...a: unknown[]): Promise<void> { return this.record('outgoingCall', a); }
  answerCall(...a: unknown[]): Promise<void> { return this.record('answerCall', a); }
  rejectCall(...a: unknown[]): Promise<void> { return this.record('rejectCall', a); }
  setMute(...a: unknown[]): Promise<void> { return this.record('setMute', a); }
  setHold(...a: unknown[]): Promise<void> { return this.record('setHold', a); }
  endCall(...a: unknown[]): Promise<void> { return this.record('endCall', a); }
  endAllCalls(): Promise<void> { return this.record('endAllCalls', []); }
  retryConnection(...a: unknown[]): Promise<void> { return this.record('retryConnection', a); }
  resetHeadsetStateForCall(...a: unknown[]): Promise<void> { return this.record('resetHeadsetStateForCall', a); }
  connectionStatus(): 'running' { return 'running'; }
}

describe('softphone (headset policy: the SDK calls the headset, never acts on it)', () => {
  it('rings with the conversationId; fromHeadset skips the call-back; mute/hold/end call through; device events are only re-emitted', async () => {
    const agent = await control<AgentInfo>('POST', 'agents', { lineAppearance: 100, signaling: 'jingle' });
    // real mic ids and labels for the headset mic selection at the end of initialize()
    const perm = await navigator.mediaDevices.getUserMedia({ audio: true });
    for (const t of perm.getTracks()) t.stop();
    const library = new FakeHeadsetLibrary();
    const sdk = new GenesysCloudWebrtcSdk({
      environment: info.environment, wsHost: info.wsHost, optOutOfTelemetry: true, logger: quietLogger, useHeadsets: true, accessToken: agent.accessToken,
    });
    testSdks.track(sdk);
    // the vendor library behind sdk.headset, injected before initialize() wires the session layer to it
    (sdk as unknown as { headset: unknown }).headset = createHeadsetService({
      logger: quietLogger, useHeadsets: true, loader: async () => library,
      findMicLabel: (id) => sdk.media.findCachedDeviceByIdAndKind(id, 'audioinput')?.label,
    });
    const seen: HeadsetEvent[] = [];
    sdk.headset.headsetEvents$.subscribe((e) => seen.push(e));
    await sdk.initialize();
    const firstMic = (await navigator.mediaDevices.enumerateDevices()).find((d) => d.kind === 'audioinput' && d.deviceId);
    await until(() => library.named('activeMicChange').length > 0, 'headset mic selected at initialize');
    expect(library.named('activeMicChange')[0]?.[0]).to.equal((firstMic?.label ?? '').toLowerCase());
    const settle = () => new Promise((r) => setTimeout(r, 600));

    // 1. inbound call rings the headset; accepted from the headset: no answerCall back
    const pending = next(sdk, 'pendingSession');
    const { conversationId: c1 } = await control<{ conversationId: string }>('POST', 'inbound-call', { toUserId: agent.userId, signaling: 'jingle' });
    await pending;
    await until(() => library.named('incomingCall').some((a) => (a[0] as { conversationId?: string }).conversationId === c1), 'headset ringing with the conversationId');
    const started = next(sdk, 'sessionStarted');
    const added = next(sdk, 'conversationUpdate', (e) => e.added.some((a) => a.conversationId === c1));
    await sdk.acceptPendingSession({ conversationId: c1, fromHeadset: true });
    const [session] = await started;
    await added;
    await waitConnected(session);
    await settle();
    expect(library.named('answerCall')).to.deep.equal([]);

    // 2. mute / hold from the app call through, once (no echo from the conversation event)
    const muted = next(sdk, 'conversationUpdate', (e) => e.current.some((c) => c.conversationId === c1 && c.mostRecentCallState?.muted === true));
    await sdk.setAudioMute({ conversationId: c1, mute: true });
    await muted;
    const heldEv = next(sdk, 'conversationUpdate', (e) => e.current.some((c) => c.conversationId === c1 && c.mostRecentCallState?.held === true));
    await sdk.setConversationHeld({ conversationId: c1, held: true });
    await heldEv;
    await settle();
    expect(library.named('setMute')).to.deep.equal([[true]]);
    expect(library.named('setHold')).to.deep.equal([[c1, true]]);
    // from the headset: no call back
    const unmuted = next(sdk, 'conversationUpdate', (e) => e.current.some((c) => c.conversationId === c1 && c.mostRecentCallState?.muted === false));
    await sdk.setAudioMute({ conversationId: c1, mute: false, fromHeadset: true });
    await unmuted;
    await settle();
    expect(library.named('setMute')).to.deep.equal([[true]]);

    // 3. device events are delivered on headsetEvents$; the SDK does not act on them
    const endedCount = count(sdk, 'sessionEnded');
    library.emit('deviceEndedCall', { name: 'CallEnded', conversationId: c1 });
    library.emit('deviceMuteStatusChanged', { name: 'CallMuted', isMuted: true, conversationId: c1 });
    library.emit('deviceHoldStatusChanged', { name: 'Hold', holdRequested: false, conversationId: c1 });
    await settle();
    expect(seen.map((e) => e.event)).to.include.members(['deviceEndedCall', 'deviceMuteStatusChanged', 'deviceHoldStatusChanged']);
    expect((seen.find((e) => e.event === 'deviceEndedCall')?.payload as { conversationId?: string }).conversationId).to.equal(c1);
    expect(endedCount.n).to.equal(0);
    expect(session.state === 'ended').to.equal(false);
    expect(session.audioMuted).to.equal(false);
    const stillHeld = sdk.getActiveConversations().find((c) => c.conversationId === c1)?.mostRecentCallState;
    expect(stillHeld?.held).to.equal(true);
    expect(stillHeld?.muted).to.equal(false);

    // 4. the app ends it (not from the headset): endCall once
    await sdk.endSession({ conversationId: c1 });
    await until(() => library.named('endCall').length > 0, 'endCall on the headset');
    await settle();
    expect(library.named('endCall').map((a) => a[0])).to.deep.equal([c1]);

    // 5. a second inbound call accepted from the app: answerCall once
    const pending2 = next(sdk, 'pendingSession');
    const { conversationId: c2 } = await control<{ conversationId: string }>('POST', 'inbound-call', { toUserId: agent.userId, signaling: 'jingle' });
    await pending2;
    const started2 = next(sdk, 'sessionStarted');
    await sdk.acceptPendingSession({ conversationId: c2 });
    await waitConnected((await started2)[0]);
    await until(() => library.named('answerCall').length > 0, 'answerCall on the headset');
    await settle();
    expect(library.named('answerCall')).to.deep.equal([[c2, false]]);
    // ended from the headset by the app: no endCall back
    await sdk.endSession({ conversationId: c2, fromHeadset: true });
    await settle();
    expect(library.named('endCall').map((a) => a[0])).to.deep.equal([c1]);
  });
});

describe('softphone (engine guards)', () => {
  it('startSoftphoneSession rejects with an SdkError before initialize', async () => {
    const sdk = new GenesysCloudWebrtcSdk({ environment: info.environment, wsHost: info.wsHost, optOutOfTelemetry: true, logger: quietLogger, accessToken: 'x', useHeadsets: false });
    testSdks.track(sdk);
    let error: unknown;
    try { await sdk.startSoftphoneSession({ phoneNumber: '+15550100' }); } catch (err) { error = err; }
    expect((error as { type?: string }).type).to.equal('initialization');
  });

  it('20 consecutive calls do not grow sessions, pending proposals or listeners', async () => {
    const agent = await control<AgentInfo>('POST', 'agents', { lineAppearance: 100, signaling: 'sdp' });
    const sdk = await readySdk(agent);
    const stanzaListeners = (): number => {
      const st = sdk._streamingConnection?.stanza as unknown as { eventNames(): Array<string | symbol>; listenerCount(e: string | symbol): number };
      return st.eventNames().reduce((n, e) => n + st.listenerCount(e), 0);
    };
    const baseline = stanzaListeners();
    const sdkListeners = sdk.eventNames().reduce((n, e) => n + sdk.listenerCount(e as never), 0);
    for (let i = 0; i < 20; i++) {
      const { conversationId } = await outbound(sdk, '+15550101');
      await sdk.endSession({ conversationId });
    }
    await until(() => sdk.getAllSessions().length === 0, 'all sessions released');
    expect(sdk._pendingCount).to.equal(0);
    expect(stanzaListeners()).to.equal(baseline);
    expect(sdk.eventNames().reduce((n, e) => n + sdk.listenerCount(e as never), 0)).to.equal(sdkListeners);
    expect(document.querySelectorAll('audio[class^="__gc-webrtc-inbound-"]').length).to.equal(0);
    expect(sdk.media.getAllActiveMediaTracks()).to.have.length(0);
  });
});
