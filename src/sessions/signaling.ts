/**
 * The two wire flavours a cloud-offered session can use (research/streaming-protocol.md §4.4, §4.5).
 * A `SessionSignaling` only formats and sends what the client says; incoming stanzas are routed
 * by the session manager to the session. The cloud always offers; the client only answers.
 */
import type { Jingle, JingleIce, JingleIceCandidate, JingleReason as StanzaJingleReason } from 'stanza/protocol';
import { convertIntermediateToRequest } from 'stanza/jingle/sdp/Protocol';
import { importFromSDP } from 'stanza/jingle/sdp/Intermediate';
import type { StreamingConnection } from '../streaming/connection';
import type { JingleReasonCondition } from '../types/sessions';
import { JINGLE_INFO_SCREEN_START, JINGLE_INFO_SCREEN_STOP, NS_JINGLE_RTP_INFO } from '../streaming/stanza-definitions';

/** Jingle session-info (screen-start/stop) sent by both flavours, like upstream: a Jingle IQ either way. */
async function sendJingleInfo(t: SignalingTarget, info: Record<string, unknown>): Promise<void> {
  await t.connection.sendIQ({ type: 'set', to: t.peerJid, jingle: { action: 'session-info', sid: t.sessionId, info } as unknown as Jingle });
}

export type SignalingFlavour = 'jingle' | 'sdp';

export interface SessionSignaling {
  readonly flavour: SignalingFlavour;
  sendAnswer(sdp: string): Promise<void>;
  sendCandidate(candidate: RTCIceCandidate, localSdp: string | undefined): Promise<void>;
  sendEndOfCandidates(localSdp: string | undefined): Promise<void>;
  sendActive(): Promise<void>;
  sendTerminate(reason: JingleReasonCondition): Promise<void>;
  /** video: mute/unmute of our audio or video; Jingle carries the userId as `creator` (protocol §4.4) */
  sendMute(kind: 'audio' | 'video', mute: boolean, userId: string): Promise<void>;
  /** video: our screen share inside the call started/stopped */
  sendScreenShare(started: boolean): Promise<void>;
}

interface SignalingTarget {
  connection: StreamingConnection;
  sessionId: string;
  peerJid: string;
}

/** Jingle (XEP-0166) with stanza's SDP↔Jingle converters; every IQ we set expects a result. */
export class JingleSignaling implements SessionSignaling {
  readonly flavour = 'jingle' as const;
  constructor(private readonly t: SignalingTarget) {}

  private async set(jingle: Partial<Jingle> & { action: Jingle['action'] }): Promise<void> {
    await this.t.connection.sendIQ({ type: 'set', to: this.t.peerJid, jingle: { ...jingle, sid: this.t.sessionId } as Jingle });
  }

  async sendAnswer(sdp: string): Promise<void> {
    const request = convertIntermediateToRequest(importFromSDP(sdp), 'responder', 'urn:xmpp:jingle:transports:ice-udp:1');
    // session-accept contents keep creator=initiator (the cloud created them)
    for (const content of request.contents ?? []) content.creator = 'initiator';
    await this.set({ ...request, action: 'session-accept' });
  }

  async sendCandidate(candidate: RTCIceCandidate): Promise<void> {
    const parsed = sdpCandidateToJingle(candidate.candidate);
    if (!parsed) return;
    await this.set({
      action: 'transport-info',
      contents: [{
        creator: 'initiator',
        name: candidate.sdpMid ?? '0',
        transport: {
          transportType: 'urn:xmpp:jingle:transports:ice-udp:1',
          usernameFragment: candidate.usernameFragment ?? parsed.ufrag,
          candidates: [parsed.candidate],
        } as JingleIce,
      }],
    });
  }

  async sendEndOfCandidates(localSdp: string | undefined): Promise<void> {
    const media = localSdp ? importFromSDP(localSdp).media[0] : undefined;
    if (!media) return;
    await this.set({
      action: 'transport-info',
      contents: [{
        creator: 'initiator',
        name: media.mid,
        transport: { transportType: 'urn:xmpp:jingle:transports:ice-udp:1', gatheringComplete: true, usernameFragment: media.iceParameters?.usernameFragment } as JingleIce,
      }],
    });
  }

  async sendActive(): Promise<void> {
    await this.set({ action: 'session-info', info: { infoType: '{urn:xmpp:jingle:apps:rtp:info:1}active' } } as Partial<Jingle> & { action: 'session-info' });
  }

  async sendTerminate(reason: JingleReasonCondition): Promise<void> {
    await this.set({ action: 'session-terminate', reason: { condition: reason } as StanzaJingleReason });
  }

  sendMute(kind: 'audio' | 'video', mute: boolean, userId: string): Promise<void> {
    return sendJingleInfo(this.t, { infoType: `{${NS_JINGLE_RTP_INFO}}${mute ? 'mute' : 'unmute'}`, creator: userId, name: kind });
  }

  sendScreenShare(started: boolean): Promise<void> {
    return sendJingleInfo(this.t, { infoType: started ? JINGLE_INFO_SCREEN_START : JINGLE_INFO_SCREEN_STOP });
  }
}

/** SDP over XMPP: JSON-RPC in `<genesys-webrtc xmlns="genesys">`; our IQs expect results, theirs get none. */
export class SdpOverXmppSignaling implements SessionSignaling {
  readonly flavour = 'sdp' as const;
  constructor(private readonly t: SignalingTarget) {}

  private async rpc(method: string, params: Record<string, unknown>): Promise<void> {
    await this.t.connection.sendIQ({
      type: 'set',
      to: this.t.peerJid,
      genesysWebrtc: { jsonrpc: '2.0', id: crypto.randomUUID(), method, params: { ...params, sessionId: this.t.sessionId } },
    });
  }

  sendAnswer(sdp: string): Promise<void> { return this.rpc('answer', { sdp }); }

  sendCandidate(candidate: RTCIceCandidate): Promise<void> {
    // fragment format "m=<mid> 9 RTP/AVP 0\r\na=candidate:…\r\n" (the m= token is the mid)
    return this.rpc('iceCandidate', { sdp: `m=${candidate.sdpMid ?? '0'} 9 RTP/AVP 0\r\na=${candidate.candidate}\r\n` });
  }

  sendEndOfCandidates(): Promise<void> { return this.rpc('iceCandidate', { sdp: 'a=end-of-candidates\r\n' }); }

  sendActive(): Promise<void> { return this.rpc('info', { status: 'active' }); }

  sendTerminate(reason: JingleReasonCondition): Promise<void> { return this.rpc('terminate', { reason }); }

  sendMute(kind: 'audio' | 'video', mute: boolean): Promise<void> { return this.rpc(mute ? 'mute' : 'unmute', { type: kind }); }

  // upstream sends the Jingle session-info for SDP-over-XMPP sessions too (there is no JSON-RPC form)
  sendScreenShare(started: boolean): Promise<void> {
    return sendJingleInfo(this.t, { infoType: started ? JINGLE_INFO_SCREEN_START : JINGLE_INFO_SCREEN_STOP });
  }
}

/** Parses a cloud `iceCandidate` fragment; `undefined` for anything without an `m=` and `a=candidate` line. */
export function parseCandidateFragment(sdp: string): RTCIceCandidateInit | undefined {
  const mid = /m=([^\s]+)/.exec(sdp)?.[1];
  const line = /a=(candidate:[^\r\n]+)/.exec(sdp)?.[1];
  if (!mid || !line) return undefined;
  return { sdpMid: mid, candidate: line };
}

/** `candidate:…` SDP attribute → Jingle ice-udp candidate (numeric component, as the cloud expects). */
export function sdpCandidateToJingle(line: string): { candidate: JingleIceCandidate; ufrag?: string } | undefined {
  const parts = line.replace(/^a=/, '').replace(/^candidate:/, '').trim().split(/\s+/);
  if (parts.length < 8 || parts[6] !== 'typ') return undefined;
  const candidate: JingleIceCandidate = {
    foundation: parts[0] as string,
    component: Number(parts[1]),
    protocol: (parts[2] as string).toLowerCase() as JingleIceCandidate['protocol'],
    priority: Number(parts[3]),
    ip: parts[4] as string,
    port: Number(parts[5]),
    type: parts[7] as JingleIceCandidate['type'],
  };
  let ufrag: string | undefined;
  for (let i = 8; i + 1 < parts.length; i += 2) {
    const key = parts[i];
    const value = parts[i + 1] as string;
    if (key === 'raddr') candidate.relatedAddress = value;
    else if (key === 'rport') candidate.relatedPort = Number(value);
    else if (key === 'tcptype') candidate.tcpType = value as JingleIceCandidate['tcpType'];
    else if (key === 'generation') candidate.generation = Number(value);
    else if (key === 'ufrag') ufrag = value;
  }
  return { candidate, ufrag };
}

/** Jingle ice-udp candidate → `candidate:…` SDP attribute value. */
export function jingleCandidateToSdp(c: JingleIceCandidate): string {
  let line = `candidate:${c.foundation} ${c.component} ${c.protocol} ${c.priority} ${c.ip} ${c.port} typ ${c.type}`;
  if (c.relatedAddress) line += ` raddr ${c.relatedAddress}`;
  if (c.relatedPort !== undefined) line += ` rport ${c.relatedPort}`;
  if (c.tcpType) line += ` tcptype ${c.tcpType}`;
  line += ` generation ${c.generation ?? 0}`;
  return line;
}
