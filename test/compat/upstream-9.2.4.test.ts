// The PUBLISHED genesys-cloud-webrtc-sdk@9.2.4 (streaming-client 17.2.7, stanza 12.20) against
// our emulator. Where 9.2.4 fails here the emulator is wrong (docs/compat.md).
import { expect } from '@open-wc/testing';
import {
  control, measureRemoteAudio, recordingLogger, until, waitForEvent,
  type AgentInfo, type RecordingLogger, type UpstreamSdk, type UpstreamSession,
  useUpstream,
} from './upstream-helpers';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Signaling = 'jingle' | 'sdp';
interface Harness { sdk: UpstreamSdk; logger: RecordingLogger; errors: unknown[]; agent?: AgentInfo }

const ECHO_NUMBER = '+15550100';
const harness = useUpstream();

function track(sdk: UpstreamSdk, logger: RecordingLogger): Harness {
  const errors: unknown[] = [];
  // 9.2.4 emits both 'sdkError' and (for rtcSessionError) a bare 'error' that throws without a listener.
  sdk.on('sdkError', (e: unknown) => errors.push(e));
  sdk.on('error', (e: unknown) => errors.push(e));
  harness.live.push(sdk);
  return { sdk, logger, errors };
}

/**
 * 9.2.4 always warns about a non-standard environment and about client-side pings (the SDK passes
 * useServerSidePings:false); anything else at warn/error level is an incompatibility.
 */
const EXPECTED_WARNINGS = [/Environment is not in the standard list/, /configured to not use server-side pinging/];
/** No sdkError, and nothing at warn/error level in the SDK log but the two expected warnings. */
function expectClean(h: Harness): void {
  expect(h.errors, 'no sdkError').to.deep.equal([]);
  expect(unexpectedWarnings(h.logger), 'no SDK warnings or errors beyond the two expected ones').to.deep.equal([]);
}
function unexpectedWarnings(logger: RecordingLogger): string[] {
  return logger.entries
    .filter((e) => e.level === 'warn' || e.level === 'error')
    .filter((e) => !EXPECTED_WARNINGS.some((re) => re.test(e.message)))
    .map((e) => `[${e.level}] ${e.message.slice(0, 300)}`);
}

async function agentSdk(agentOpts: Record<string, unknown> = {}, config: Record<string, unknown> = {}): Promise<Harness> {
  const agent = await control<AgentInfo>('POST', 'agents', agentOpts);
  const logger = recordingLogger();
  const sdk = new harness.Sdk({
    environment: harness.info.environment, wsHost: harness.info.wsHost, accessToken: agent.accessToken,
    optOutOfTelemetry: true, logger, useHeadsets: false, ...config,
  });
  return { ...track(sdk, logger), agent };
}

async function readyAgent(agentOpts: Record<string, unknown> = {}, config: Record<string, unknown> = {}): Promise<Harness> {
  const h = await agentSdk(agentOpts, config);
  const ready = waitForEvent(h.sdk, 'ready', undefined, 15000, h.logger);
  await h.sdk.initialize();
  await ready;
  return h;
}

/** The emulator's view of a conversation (control API). */
function emulatorConversation(id: string): Promise<any> {
  return control('GET', `conversations/${id}`);
}

/** The audio counters of the agent's media leg at the emulator (legs[].counters). */
async function legAudio(conversationId: string): Promise<{ rtpPacketsToAgent: number; rtpPacketsFromAgent: number }> {
  const legs = (await emulatorConversation(conversationId)).legs ?? [];
  const audio = legs.map((l: any) => l.counters?.audio).find(Boolean);
  if (!audio) throw new Error(`the emulator reports no media leg counters for ${conversationId}`);
  return audio;
}

function userCall(conversation: any, userId: string): any {
  const participant = [...(conversation.participants ?? [])].reverse().find((p: any) => p.userId === userId);
  const calls = participant?.calls ?? (participant?.call ? [participant.call] : []);
  return calls[calls.length - 1] ?? participant;
}

/** Outbound echo call; resolves once the auto-answered session has started. */
async function callEcho(h: Harness): Promise<{ conversationId: string; session: UpstreamSession; pending: any }> {
  const pending = waitForEvent(h.sdk, 'pendingSession', undefined, 10000, h.logger);
  const started = waitForEvent(h.sdk, 'sessionStarted', undefined, 10000, h.logger);
  const { id } = await h.sdk.startSoftphoneSession({ phoneNumber: ECHO_NUMBER });
  expect(id, 'startSoftphoneSession returns the conversation id').to.be.a('string').with.length.greaterThan(0);
  const p = await pending;
  const session = await started;
  expect(p.conversationId).to.equal(id);
  expect(session.conversationId).to.equal(id);
  return { conversationId: id, session, pending: p };
}

async function waitConnected(session: UpstreamSession): Promise<void> {
  await until(() => session.pc?.connectionState === 'connected', `the session's peer connection to connect (state ${session.pc?.connectionState})`, 10000);
}

describe('upstream genesys-cloud-webrtc-sdk 9.2.4 against the emulator', () => {
  describe('1. initialize as an agent', () => {
    it('becomes ready with the station loaded', async () => {
      const h = await agentSdk();
      const ready = waitForEvent(h.sdk, 'ready', undefined, 15000, h.logger);
      const station = waitForEvent(h.sdk, 'station', undefined, 15000, h.logger);
      await h.sdk.initialize();
      await ready;
      const stationEvent = await station;
      expect(h.sdk.connected, 'streaming connected').to.equal(true);
      expect(h.sdk.station, 'sdk.station').to.be.an('object');
      expect(h.sdk.station.id).to.equal(h.agent!.stationId);
      expect(h.sdk.station.type).to.equal('inin_webrtc_softphone');
      expect(h.sdk.station.webRtcCallAppearances).to.equal(100);
      expect(stationEvent.action).to.equal('Associated');
      expect(stationEvent.station.id).to.equal(h.agent!.stationId);
      expect(h.sdk.isPersistentConnectionEnabled()).to.equal(false);
      expect(h.sdk.isConcurrentSoftphoneSessionsEnabled()).to.equal(true);
      expectClean(h);
      // The emulator sees the socket, bound as the agent.
      const sessions = await control<{ entities: { userId: string; bareJid: string }[] }>('GET', 'sessions');
      const mine = sessions.entities.filter((s) => s.userId === h.agent!.userId);
      expect(mine, 'one streaming socket for the agent').to.have.length(1);
      expect(mine[0]!.bareJid).to.equal(h.agent!.jabberId);
    });
  });

  for (const signaling of ['jingle', 'sdp'] as Signaling[]) {
    describe(`2. outbound echo call (${signaling})`, () => {
      it('auto-answers and echoes audio', async () => {
        const h = await readyAgent({ signaling });
        const { conversationId, session, pending } = await callEcho(h);
        expect(pending.autoAnswer, 'an outbound call is auto-answered').to.equal(true);
        expect(pending.sessionType).to.equal('softphone');
        expect(session.sessionType).to.equal('softphone');
        // The propose's inin-sdp-over-xmpp decides the flavour (9.2.4 does not copy it onto pendingSession):
        // 17.2.7 builds a GenesysCloudMediaSession (JSON-RPC, it has a `webrtcExtension`) for SDP-over-XMPP,
        // or a stanza Jingle MediaSession (it has a `parent`, the Jingle session manager).
        expect('webrtcExtension' in session, 'an SDP-over-XMPP session').to.equal(signaling === 'sdp');
        expect(Boolean(session.parent), 'a Jingle session').to.equal(signaling === 'jingle');
        await waitConnected(session);
        const rms = await measureRemoteAudio(session);
        expect(rms).to.be.greaterThan(0.01);
        const ended = waitForEvent(h.sdk, 'sessionEnded', (s: any) => s.conversationId === conversationId, 10000, h.logger);
        await h.sdk.endSession({ conversationId });
        await ended;
        expectClean(h);
      });
    });
  }

  // 3–5 run in both flavours as well: the flow is the same, the signalling underneath is not.
  for (const signaling of ['jingle', 'sdp'] as Signaling[]) {
    describe(`3. inbound customer call (${signaling})`, () => {
      it('rings, is accepted with acceptPendingSession and carries the customer audio', async () => {
        const h = await readyAgent({ signaling });
        const pending = waitForEvent(h.sdk, 'pendingSession', undefined, 10000, h.logger);
        const started = waitForEvent(h.sdk, 'sessionStarted', undefined, 15000, h.logger);
        const inbound = await control<{ conversationId: string }>('POST', 'inbound-call', { toUserId: h.agent!.userId });
        const p = await pending;
        expect(p.conversationId).to.equal(inbound.conversationId);
        expect(p.autoAnswer, 'an inbound call is not auto-answered').to.equal(false);
        expect(p.sessionType).to.equal('softphone');
        // Nothing starts until the agent accepts.
        await new Promise((r) => setTimeout(r, 300));
        expect(h.sdk.sessionManager.getAllActiveSessions?.() ?? [], 'no session before accepting').to.have.length(0);
        await h.sdk.acceptPendingSession({ conversationId: p.conversationId });
        const session = await started;
        expect(session.conversationId).to.equal(p.conversationId);
        await waitConnected(session);
        const rms = await measureRemoteAudio(session);
        expect(rms).to.be.greaterThan(0.01);
        expectClean(h);
      });
    });

    describe(`4. mute and hold (${signaling})`, () => {
      it('reach the emulator and come back as conversationUpdate, then unmute/unhold', async () => {
        const h = await readyAgent({ signaling });
        const { conversationId, session } = await callEcho(h);
        await waitConnected(session);
        const userId = h.agent!.userId;

        const updates: any[] = [];
        h.sdk.on('conversationUpdate', (u: any) => updates.push(u));
        const callOf = (u: any) => u?.current?.find?.((c: any) => c.conversationId === conversationId);
        const update = (pred: (c: any) => boolean) => until(() => updates.some((u) => { const c = callOf(u); return c && pred(c); }), 'a matching conversationUpdate', 10000);
        const atEmulator = (pred: (call: any) => boolean, what: string) =>
          until(async () => { const call = userCall(await emulatorConversation(conversationId), userId); return call && pred(call) ? call : undefined; }, what, 10000);

        // mute
        await h.sdk.setAudioMute({ conversationId, mute: true });
        await update((c) => c.mostRecentUserParticipant?.muted === true || c.mostRecentCallState?.muted === true);
        await atEmulator((c) => c.muted === true, 'muted at the emulator');
        // hold: the emulator's leg stops sending media to the agent
        await h.sdk.setConversationHeld({ conversationId, held: true });
        await update((c) => c.mostRecentCallState?.held === true);
        await atEmulator((c) => c.held === true, 'held at the emulator');
        await new Promise((r) => setTimeout(r, 200));
        const heldBefore = (await legAudio(conversationId)).rtpPacketsToAgent;
        await new Promise((r) => setTimeout(r, 600));
        expect((await legAudio(conversationId)).rtpPacketsToAgent, 'no RTP to the agent while held').to.equal(heldBefore);
        // unmute + unhold
        await h.sdk.setAudioMute({ conversationId, mute: false });
        await h.sdk.setConversationHeld({ conversationId, held: false });
        await update((c) => c.mostRecentCallState?.held === false && c.mostRecentCallState?.muted === false);
        const call = await atEmulator((c) => c.muted === false && c.held === false, 'unmuted and unheld at the emulator');
        expect(call.muted).to.equal(false);
        expect(call.held).to.equal(false);

        // After the unhold media flows to the agent again; the agent's audio reached the leg all along.
        await until(async () => (await legAudio(conversationId)).rtpPacketsToAgent > heldBefore, 'RTP to the agent after unhold', 10000);
        expect((await legAudio(conversationId)).rtpPacketsFromAgent, 'RTP from the agent').to.be.greaterThan(0);
        expectClean(h);
      });
    });

    describe(`5. end (${signaling})`, () => {
      it('endSession resolves and sessionEnded fires exactly once', async () => {
        const h = await readyAgent({ signaling });
        const { conversationId, session } = await callEcho(h);
        await waitConnected(session);
        const ended: any[] = [];
        h.sdk.on('sessionEnded', (s: any) => { if (s.conversationId === conversationId) ended.push(s); });
        await h.sdk.endSession({ conversationId });
        await until(() => ended.length > 0, 'sessionEnded', 10000);
        // Give any duplicate a chance to arrive before counting.
        await new Promise((r) => setTimeout(r, 1000));
        expect(ended, 'sessionEnded exactly once').to.have.length(1);
        const conversation = await emulatorConversation(conversationId);
        const call = userCall(conversation, h.agent!.userId);
        expect(['disconnected', 'terminated']).to.include(call.state);
        expectClean(h);
      });
    });
  }

  describe('7. socket dropped mid-call (issue 13)', () => {
    // 17.2.7 reconnects on the same channel with a new stanza instance and a new resource. The
    // emulator moves the call to the new socket (media, events and the hang-up terminate follow
    // it). 9.2.4 itself keeps the old session on the old stanza instance, whose Jingle manager never
    // sees the terminate: its endSession() then never resolves (an upstream bug, docs/compat.md).
    it('the call follows the reconnected socket: media continues and the hang-up ends it at the cloud', async function () {
      this.timeout(40000);
      const h = await readyAgent();
      const { conversationId, session } = await callEcho(h);
      await waitConnected(session);
      const before = await control<{ entities: { userId: string; fullJid: string }[] }>('GET', 'sessions');
      const oldJid = before.entities.find((s) => s.userId === h.agent!.userId)?.fullJid;
      const reconnected = waitForEvent(h.sdk, 'connected', undefined, 20000, h.logger);
      await control('POST', 'faults', { type: 'drop-sockets', userId: h.agent!.userId });
      await reconnected;
      const after = await control<{ entities: { userId: string; fullJid: string }[] }>('GET', 'sessions');
      expect(after.entities.find((s) => s.userId === h.agent!.userId)?.fullJid).to.not.equal(oldJid);
      const rtp = (await legAudio(conversationId)).rtpPacketsToAgent;
      await until(async () => (await legAudio(conversationId)).rtpPacketsToAgent > rtp + 25, 'RTP still flowing after the reconnect', 10000);
      void Promise.resolve(h.sdk.endSession({ conversationId })).catch(() => undefined);
      await until(async () => ['disconnected', 'terminated'].includes(userCall(await emulatorConversation(conversationId), h.agent!.userId)?.state), 'the call ended at the emulator', 10000);
    });
  });

  describe('6. guest initialize with a security code', () => {
    it('redeems the code, connects over the JWT socket and becomes ready', async () => {
      const code = await control<{ securityCode: string; organizationId: string; conversationId: string }>('POST', 'guest-codes', {});
      const logger = recordingLogger();
      const h = track(new harness.Sdk({ environment: harness.info.environment, wsHost: harness.info.wsHost, organizationId: code.organizationId, optOutOfTelemetry: true, logger }), logger);
      expect(h.sdk.isGuest, 'no access token → guest').to.equal(true);
      const ready = waitForEvent(h.sdk, 'ready', undefined, 15000, logger);
      await h.sdk.initialize({ securityCode: code.securityCode });
      await ready;
      expect(h.sdk.connected).to.equal(true);
      expect(h.sdk._customerData?.conversation?.id, 'the redeemed conversation').to.equal(code.conversationId);
      expect(h.sdk._customerData?.jwt).to.be.a('string');
      const sessions = await control<{ entities: { auth: string; bareJid: string }[] }>('GET', 'sessions');
      expect(sessions.entities.some((s) => /^guest-/.test(s.bareJid)), 'a guest socket at the emulator').to.equal(true);
      // A security code is single-use.
      const again = await fetch(`${harness.info.environment}/api/v2/conversations/codes`, {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ organizationId: code.organizationId, addCommunicationCode: code.securityCode }),
      });
      expect(again.status).to.equal(400);
      expectClean(h);
    });
  });
});
