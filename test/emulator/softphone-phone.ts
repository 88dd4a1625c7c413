/** A fake agent softphone for the softphone tests: a real stanza client plus a werift peer that answers and sends Opus. */
import type { Agent } from 'stanza';
import { RTCPeerConnection, RtpHeader, RtpPacket, useOPUS, type RTCRtpTransceiver } from 'werift';
import type { AgentInfo, RunningEmulator } from '../../emulator/index';
import { jingleToSdp, sdpToJingle } from '../../emulator/media/jingle-sdp';
import { FRAME_MS, FRAME_SAMPLES, OpusToneEncoder } from '../../emulator/media/opus-tone';
import { SIGNALING_DEFINITIONS } from '../../emulator/conversations/signaling/stanzas';
import { agentClient, createChannel, defineProposeMessage, http, startSession, stop } from './helpers';

export { sleep, waitFor } from './helpers';

export interface Propose {
  from: string;
  sessionId: string;
  conversationId: string;
  autoAnswer: string;
  sdpOverXmpp?: string;
  persistentCid?: string;
}

/** One agent device. Records proposes, retracts, offers, terminates and conversation events. */
export class Phone {
  client!: Agent;
  fullJid = '';
  readonly proposes: Propose[] = [];
  readonly retracts: string[] = [];
  /** `<accept>` carbons (another resource of this user, or our own echo, took the call) */
  readonly accepts: { from: string; sessionId: string }[] = [];
  readonly terminates: { sessionId: string; reason: string }[] = [];
  readonly offers: { sessionId: string; flavour: 'jingle' | 'sdp'; sdp: string; from: string }[] = [];
  readonly events: Record<string, any>[] = []; // eslint-disable-line @typescript-eslint/no-explicit-any
  pc: RTCPeerConnection | undefined;
  packetsReceived = 0;
  private audio: RTCRtpTransceiver | undefined;
  private sender: ReturnType<typeof setInterval> | undefined;
  /** Replace the answer SDP before sending (bad-SDP tests). */
  mangleAnswer: ((sdp: string) => string) | undefined;

  constructor(private readonly emu: RunningEmulator, readonly agent: AgentInfo) {}

  channelId = '';

  /** Reconnects on the same notification channel (a soft reconnect); `resource` as given (none: the server picks a new one). */
  async reconnect(resource?: string): Promise<this> {
    if (this.client) await stop(this.client).catch(() => undefined);
    return this.connect(resource, this.channelId, false);
  }

  async connect(resource?: string, channelId?: string, subscribe = true): Promise<this> {
    const channel = channelId ?? await createChannel(this.emu, this.agent.accessToken);
    this.channelId = channel;
    this.client = agentClient(this.emu, this.agent, channel, resource ? { resource } : {});
    const c = { channelId: channel };
    const client = this.client;
    client.stanzas.define(SIGNALING_DEFINITIONS);
    defineProposeMessage(client, { persistentCid: 'inin-persistent-cid' });
    client.removeAllListeners('iq:set:jingle');
    client.on('message', (msg: any) => { // eslint-disable-line @typescript-eslint/no-explicit-any
      if (msg.ininPropose) this.proposes.push({ from: String(msg.from), ...msg.ininPropose });
      if (msg.retract?.sessionId) this.retracts.push(msg.retract.sessionId);
      if (msg.accept?.sessionId) this.accepts.push({ from: String(msg.from ?? ''), sessionId: msg.accept.sessionId });
      const json = msg.pubsub?.items?.published?.[0]?.content?.json;
      if (json && String(json.topicName).endsWith('.conversations')) this.events.push(json.eventBody);
    });
    client.on('iq:set:jingle', (iq: any) => void this.onJingle(iq)); // eslint-disable-line @typescript-eslint/no-explicit-any
    client.on('iq:set:genesysWebrtcText' as any, (iq: any) => void this.onRpc(iq)); // eslint-disable-line @typescript-eslint/no-explicit-any
    // listeners first: a reconnect gets what the server kept for it right after the bind
    this.fullJid = await startSession(client);
    if (!subscribe) return this;
    const res = await http(this.emu, 'POST', `/api/v2/notifications/channels/${c.channelId}/subscriptions`, {
      token: this.agent.accessToken,
      body: [{ id: `v2.users.${this.agent.userId}.conversations` }],
    });
    if (res.status !== 200) throw new Error(`subscribe failed: ${res.status}`);
    return this;
  }

  proceed(p: Propose): void {
    this.client.sendMessage({ to: p.from, proceed: { sessionId: p.sessionId } } as any); // eslint-disable-line @typescript-eslint/no-explicit-any
  }

  /** `<accept>` to the user's own bare JID, as the SDK does once it has the offer (other resources stop ringing). */
  acceptToOwnBareJid(sessionId: string): void {
    this.client.sendMessage({ to: this.fullJid.split('/')[0], accept: { sessionId } } as any); // eslint-disable-line @typescript-eslint/no-explicit-any
  }

  /** Events of one conversation: the user participant's call states in order. */
  states(conversationId: string): string[] {
    return this.events
      .filter((e) => e.id === conversationId)
      .map((e) => e.participants.filter((p: any) => p.userId === this.agent.userId).at(-1)?.calls[0].state) // eslint-disable-line @typescript-eslint/no-explicit-any
      .filter((s, i, all) => i === 0 || all[i - 1] !== s); // the SDK drops repeats too
  }

  lastEvent(conversationId: string): Record<string, any> | undefined { // eslint-disable-line @typescript-eslint/no-explicit-any
    return this.events.filter((e) => e.id === conversationId).at(-1);
  }

  private async answer(offer: string): Promise<string> {
    this.pc?.close().catch(() => undefined);
    const pc = new RTCPeerConnection({
      codecs: { audio: [useOPUS()] },
      iceUseIpv4: false,
      iceUseIpv6: false,
      iceAdditionalHostAddresses: ['127.0.0.1'],
      iceInterfaceAddresses: { udp4: '127.0.0.1' },
    });
    this.pc = pc;
    pc.onRemoteTransceiverAdded.subscribe((tr) => {
      if (tr.kind === 'audio') this.audio = tr;
      tr.onTrack.subscribe((track) => track.onReceiveRtp.subscribe(() => this.packetsReceived++));
    });
    await pc.setRemoteDescription({ type: 'offer', sdp: offer });
    await pc.setLocalDescription(await pc.createAnswer());
    const sdp = pc.localDescription!.sdp;
    return this.mangleAnswer ? this.mangleAnswer(sdp) : sdp;
  }

  startTone(): void {
    this.stopTone();
    const encoder = new OpusToneEncoder({ frequencyHz: 523, amplitude: 0.3 });
    let seq = 0;
    this.sender = setInterval(() => {
      const header = new RtpHeader({ payloadType: 111, sequenceNumber: seq & 0xffff, timestamp: (seq * FRAME_SAMPLES) >>> 0 });
      seq++;
      this.audio?.sender.sendRtp(new RtpPacket(header, encoder.nextFrame())).catch(() => undefined);
    }, FRAME_MS);
  }

  stopTone(): void {
    if (this.sender) clearInterval(this.sender);
    this.sender = undefined;
  }

  private async onJingle(iq: any): Promise<void> { // eslint-disable-line @typescript-eslint/no-explicit-any
    const j = iq.jingle;
    if (j.action === 'session-terminate') {
      this.client.sendIQResult(iq);
      this.terminates.push({ sessionId: j.sid, reason: j.reason?.condition });
      return;
    }
    if (j.action !== 'session-initiate') return this.client.sendIQResult(iq);
    const offer = jingleToSdp(j, 'initiator');
    this.offers.push({ sessionId: j.sid, flavour: 'jingle', sdp: offer, from: String(iq.from) });
    const answer = await this.answer(offer);
    this.client.sendIQResult(iq);
    const { contents, groups } = sdpToJingle(answer, 'responder');
    await this.client
      .sendIQ({ type: 'set', to: iq.from, jingle: { action: 'session-accept', sid: j.sid, contents, groups } } as any) // eslint-disable-line @typescript-eslint/no-explicit-any
      .catch((err) => this.rpcErrors.push(err));
    this.startTone();
  }

  readonly rpcErrors: unknown[] = [];

  private async onRpc(iq: any): Promise<void> { // eslint-disable-line @typescript-eslint/no-explicit-any
    const rpc = JSON.parse(iq.genesysWebrtcText);
    if (rpc.method === 'terminate') {
      this.terminates.push({ sessionId: rpc.params.sessionId, reason: rpc.params.reason });
      return;
    }
    if (rpc.method !== 'offer') return;
    this.offers.push({ sessionId: rpc.params.sessionId, flavour: 'sdp', sdp: rpc.params.sdp, from: String(iq.from) });
    const answer = await this.answer(rpc.params.sdp);
    await this.rpc(String(iq.from), 'answer', { sessionId: rpc.params.sessionId, sdp: answer }).catch((err) => this.rpcErrors.push(err));
    this.startTone();
  }

  rpc(to: string, method: string, params: Record<string, unknown>): Promise<unknown> {
    return this.client.sendIQ({ type: 'set', to, genesysWebrtcText: JSON.stringify({ jsonrpc: '2.0', id: String(Math.random()), method, params }) } as any); // eslint-disable-line @typescript-eslint/no-explicit-any
  }

  async close(): Promise<void> {
    this.stopTone();
    await this.pc?.close().catch(() => undefined);
    if (this.client) await stop(this.client);
  }
}
