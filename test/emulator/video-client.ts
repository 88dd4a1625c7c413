/**
 * A fake video client for the emulator's video tests: a real stanza client plus a werift peer
 * that answers the SFU offer, opens `videoConferenceControl`, sends real Opus + VP8 on slot 0
 * (the bots' media: speech-like Opus, the VP8 clip) and counts what arrives on every slot.
 */
import type { Agent } from 'stanza';
import { RTCPeerConnection, RtcpPayloadSpecificFeedback, useNACK, useOPUS, usePLI, useVP8, type RTCDataChannel, type RTCRtpTransceiver } from 'werift';
import type { AgentInfo, RunningEmulator } from '../../emulator/index';
import { SIGNALING_DEFINITIONS } from '../../emulator/conversations/signaling/stanzas';
import { BotMedia } from '../../emulator/media/bot/bot-media';
import { jingleToSdp, sdpToJingle } from '../../emulator/media/jingle-sdp';
import { isVp8KeyFrameStart } from '../../emulator/media/vp8/vp8-rtp';
import { connectAgent, defineProposeMessage, http, stop } from './helpers';

export interface VideoPropose {
  from: string;
  sessionId: string;
  conversationId: string;
  autoAnswer?: string;
  sdpOverXmpp?: string;
  originalRoomJid?: string;
  meetingId?: string;
  fromUserId?: string;
}

export interface SlotCounters {
  packets: number;
  keyFrames: number;
  /** Video: whether the first packet that arrived on the slot starts a VP8 key frame. */
  startedOnKeyFrame?: boolean;
}

const NS_RTP_INFO = 'urn:xmpp:jingle:apps:rtp:info:1';

/* eslint-disable @typescript-eslint/no-explicit-any */
export class VideoClient {
  client!: Agent;
  fullJid = '';
  readonly proposes: VideoPropose[] = [];
  readonly offers: { sessionId: string; flavour: 'jingle' | 'sdp'; sdp: string; from: string }[] = [];
  readonly terminates: { sessionId: string; reason: string }[] = [];
  readonly events: Record<string, any>[] = [];
  readonly mediaEvents: Record<string, any>[] = [];
  readonly statuses: Record<string, any>[] = [];
  readonly rpcErrors: unknown[] = [];
  /** Received packets per `audio-<n>` / `video-<n>` slot. */
  readonly slots = new Map<string, SlotCounters>();
  /** msid track id of each slot, from the offer. */
  readonly slotTrackIds = new Map<string, string>();
  pc: RTCPeerConnection | undefined;
  channel: RTCDataChannel | undefined;
  sessionId = '';
  peerJid = '';
  flavour: 'jingle' | 'sdp' = 'jingle';
  private media: BotMedia | undefined;
  private offs: (() => void)[] = [];

  constructor(private readonly emu: RunningEmulator, readonly agent: AgentInfo, private readonly sendMedia = true) {}

  async connect(): Promise<this> {
    const c = await connectAgent(this.emu, this.agent);
    this.client = c.client;
    this.fullJid = c.fullJid;
    const client = this.client;
    client.stanzas.define(SIGNALING_DEFINITIONS);
    defineProposeMessage(client, { originalRoomJid: 'inin-ofrom', meetingId: 'inin-meeting-id', fromUserId: 'inin-user-id' });
    // screen-start / screen-stop are Genesys additions to the RTP info namespace
    for (const element of ['screen-start', 'screen-stop']) {
      client.stanzas.define({ element, namespace: NS_RTP_INFO, path: 'iq.jingle.info', type: `{${NS_RTP_INFO}}${element}` });
    }
    client.removeAllListeners('iq:set:jingle');
    client.on('message', (msg: any) => {
      if (msg.ininPropose) this.proposes.push({ from: String(msg.from), ...msg.ininPropose });
      const json = msg.pubsub?.items?.published?.[0]?.content?.json;
      if (json && String(json.topicName).endsWith('.conversations')) this.events.push(json.eventBody);
      if (json && String(json.topicName).endsWith('.media')) this.mediaEvents.push(json.eventBody);
    });
    client.on('iq:set:jingle', (iq: any) => void this.onJingle(iq));
    client.on('iq:set:genesysWebrtcText' as any, (iq: any) => void this.onRpc(iq));
    await this.subscribe(`v2.users.${this.agent.userId}.conversations`, c.channelId);
    this.channelId = c.channelId;
    return this;
  }

  channelId = '';

  async subscribe(topic: string, channelId = this.channelId): Promise<void> {
    const res = await http(this.emu, 'POST', `/api/v2/notifications/channels/${channelId}/subscriptions`, { token: this.agent.accessToken, body: [{ id: topic }] });
    if (res.status !== 200) throw new Error(`subscribe failed: ${res.status}`);
  }

  proceed(p: VideoPropose): void {
    this.client.sendMessage({ to: p.from, proceed: { sessionId: p.sessionId } } as any);
  }

  reject(p: VideoPropose): void {
    this.client.sendMessage({ to: p.from, reject: { sessionId: p.sessionId } } as any);
  }

  slot(name: string): SlotCounters {
    return this.slots.get(name) ?? { packets: 0, keyFrames: 0 };
  }

  lastStatus(): Record<string, any> | undefined {
    return this.statuses.at(-1);
  }

  lastEvent(conversationId: string): Record<string, any> | undefined {
    return this.events.filter((e) => e.id === conversationId).at(-1);
  }

  /** Jingle session-info child (mute/unmute/screen-start/screen-stop) or the JSON-RPC method. */
  async info(kind: 'mute' | 'unmute' | 'screen-start' | 'screen-stop', media?: 'audio' | 'video'): Promise<void> {
    if (this.flavour === 'sdp') {
      const method = kind === 'screen-start' ? 'screenStart' : kind === 'screen-stop' ? 'screenStop' : kind;
      await this.rpc(method, { sessionId: this.sessionId, ...(media ? { type: media } : {}) });
      return;
    }
    const info = { infoType: `{${NS_RTP_INFO}}${kind}`, ...(media ? { creator: this.agent.userId, name: media } : {}) };
    await this.client.sendIQ({ type: 'set', to: this.peerJid, jingle: { action: 'session-info', sid: this.sessionId, info } } as any);
  }

  async terminate(): Promise<void> {
    if (this.flavour === 'sdp') await this.rpc('terminate', { sessionId: this.sessionId, reason: 'success' }).catch(() => undefined);
    else await this.client.sendIQ({ type: 'set', to: this.peerJid, jingle: { action: 'session-terminate', sid: this.sessionId, reason: { condition: 'success' } } } as any).catch(() => undefined);
  }

  rpc(method: string, params: Record<string, unknown>): Promise<unknown> {
    return this.client.sendIQ({ type: 'set', to: this.peerJid, genesysWebrtcText: JSON.stringify({ jsonrpc: '2.0', id: String(Math.random()), method, params }) } as any);
  }

  private async answer(offer: string): Promise<string> {
    const pc = new RTCPeerConnection({
      codecs: { audio: [useOPUS()], video: [useVP8({ rtcpFeedback: [useNACK(), usePLI()] })] },
      iceUseIpv4: false,
      iceUseIpv6: false,
      iceAdditionalHostAddresses: ['127.0.0.1'],
      iceInterfaceAddresses: { udp4: '127.0.0.1' },
    });
    this.pc = pc;
    const sections = offer.split(/\r?\n(?=m=)/).slice(1);
    const names = new Map<string, string>();
    const perKind = { audio: 0, video: 0 };
    for (const section of sections) {
      const kind = /^m=(\w+)/.exec(section)?.[1];
      const mid = /^a=mid:(\S+)/m.exec(section)?.[1];
      if ((kind !== 'audio' && kind !== 'video') || mid === undefined) continue;
      const name = `${kind}-${perKind[kind]++}`;
      names.set(mid, name);
      const track = /^a=msid:\S+ (\S+)/m.exec(section)?.[1];
      if (track) this.slotTrackIds.set(name, track);
    }
    const senders: Partial<Record<'audio' | 'video', RTCRtpTransceiver>> = {};
    pc.onRemoteTransceiverAdded.subscribe((tr) => {
      const name = names.get(tr.mid ?? '') ?? `unknown-${tr.mid}`;
      if (name === 'audio-0') senders.audio = tr;
      if (name === 'video-0') senders.video = tr;
      tr.onTrack.subscribe((track) =>
        track.onReceiveRtp.subscribe((rtp) => {
          const c = this.slots.get(name) ?? { packets: 0, keyFrames: 0 };
          c.packets++;
          const key = name.startsWith('video') && isVp8KeyFrameStart(rtp.payload);
          if (c.packets === 1 && name.startsWith('video')) c.startedOnKeyFrame = key;
          if (key) c.keyFrames++;
          this.slots.set(name, c);
        }),
      );
    });
    await pc.setRemoteDescription({ type: 'offer', sdp: offer });
    await pc.setLocalDescription(await pc.createAnswer());
    pc.connectionStateChange.subscribe((state) => {
      if (state !== 'connected' || this.channel) return;
      const channel = pc.createDataChannel('videoConferenceControl');
      this.channel = channel;
      channel.onMessage.subscribe((data) => {
        const msg = JSON.parse(data.toString());
        if (msg.method === 'member.notify.status') this.statuses.push(msg.params);
      });
      if (this.sendMedia) this.startMedia(senders);
    });
    return pc.localDescription!.sdp;
  }

  private startMedia(senders: Partial<Record<'audio' | 'video', RTCRtpTransceiver>>): void {
    const media = new BotMedia({ audio: true, video: true });
    this.media = media;
    if (senders.audio) this.offs.push(media.audio!.onRtp((rtp) => void senders.audio!.sender.sendRtp(rtp.clone()).catch(() => undefined)));
    if (senders.video) {
      const video = senders.video;
      this.offs.push(media.video!.onRtp((rtp) => void video.sender.sendRtp(rtp.clone()).catch(() => undefined)));
      video.sender.onRtcp.subscribe((rtcp) => {
        if (rtcp instanceof RtcpPayloadSpecificFeedback) media.video!.requestKeyFrame();
      });
    }
  }

  private async onJingle(iq: any): Promise<void> {
    const j = iq.jingle;
    if (j.action === 'session-terminate') {
      this.client.sendIQResult(iq);
      this.terminates.push({ sessionId: j.sid, reason: j.reason?.condition });
      return;
    }
    if (j.action !== 'session-initiate') return this.client.sendIQResult(iq);
    const offer = jingleToSdp(j, 'initiator');
    this.flavour = 'jingle';
    this.sessionId = j.sid;
    this.peerJid = String(iq.from);
    this.offers.push({ sessionId: j.sid, flavour: 'jingle', sdp: offer, from: String(iq.from) });
    const answer = await this.answer(offer);
    this.client.sendIQResult(iq);
    const { contents, groups } = sdpToJingle(answer, 'responder');
    await this.client.sendIQ({ type: 'set', to: iq.from, jingle: { action: 'session-accept', sid: j.sid, contents, groups } } as any).catch((err) => this.rpcErrors.push(err));
  }

  private async onRpc(iq: any): Promise<void> {
    const rpc = JSON.parse(iq.genesysWebrtcText);
    if (rpc.method === 'terminate') {
      this.terminates.push({ sessionId: rpc.params.sessionId, reason: rpc.params.reason });
      return;
    }
    if (rpc.method !== 'offer') return;
    this.flavour = 'sdp';
    this.sessionId = rpc.params.sessionId;
    this.peerJid = String(iq.from);
    this.offers.push({ sessionId: rpc.params.sessionId, flavour: 'sdp', sdp: rpc.params.sdp, from: String(iq.from) });
    const answer = await this.answer(rpc.params.sdp);
    await this.rpc('answer', { sessionId: rpc.params.sessionId, sdp: answer }).catch((err) => this.rpcErrors.push(err));
  }

  async close(): Promise<void> {
    for (const off of this.offs.splice(0)) off();
    this.media?.dispose();
    await this.pc?.close().catch(() => undefined);
    if (this.client) await stop(this.client);
  }
}
