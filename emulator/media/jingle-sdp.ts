/**
 * SDP ↔ signalling payload conversions for both upstream flavours:
 * Jingle (stanza's own converters, so the JSON is what stanza's JXT registry
 * exports as XML) and the SDP-over-XMPP candidate fragment.
 */
import type { IntermediateCandidate } from 'stanza/jingle/sdp/Intermediate.js';
import { exportToSDP, importFromSDP } from 'stanza/jingle/sdp/Intermediate.js';
import {
  convertCandidateToIntermediate,
  convertIntermediateToCandidate,
  convertIntermediateToRequest,
  convertRequestToIntermediate,
} from 'stanza/jingle/sdp/Protocol.js';
import type { Jingle, JingleContent, JingleIceCandidate } from 'stanza/protocol';
import { MediaError } from './media-error';
import type { RemoteCandidate } from './media-leg';

export const NS_ICE_UDP = 'urn:xmpp:jingle:transports:ice-udp:1';

/** The SDP-carrying part of a Jingle element (session-initiate / session-accept / transport-info). */
export type JingleDescription = Required<Pick<Jingle, 'contents'>> & Pick<Jingle, 'groups'>;

/** `initiator` for the cloud's offer, `responder` for the client's answer (as stanza's sessions use them). */
export type JingleRole = 'initiator' | 'responder';

/**
 * SDP → Jingle contents + BUNDLE groups. Content names are the SDP mids, candidate
 * components numeric. Inline `a=candidate` lines end up in each content's transport.
 */
export function sdpToJingle(sdp: string, role: JingleRole): JingleDescription {
  if (typeof sdp !== 'string' || !sdp.startsWith('v=0')) throw new MediaError('bad-sdp', 'not an SDP');
  try {
    const request = convertIntermediateToRequest(importFromSDP(sdp), role, NS_ICE_UDP);
    return { contents: request.contents ?? [], groups: request.groups ?? [] };
  } catch (cause) {
    throw new MediaError('bad-sdp', `cannot convert SDP to Jingle: ${String(cause)}`, { cause });
  }
}

/** Jingle contents (e.g. a client's session-accept, `role` = the *sender's* role) → SDP. */
export function jingleToSdp(jingle: Pick<Jingle, 'contents' | 'groups'>, role: JingleRole): string {
  const contents = jingle.contents ?? [];
  if (contents.length === 0) throw new MediaError('bad-sdp', 'Jingle element has no contents');
  try {
    return exportToSDP(convertRequestToIntermediate({ sid: '', contents, groups: jingle.groups ?? [] }, role));
  } catch (cause) {
    throw new MediaError('bad-sdp', `cannot convert Jingle to SDP: ${String(cause)}`, { cause });
  }
}

/** All candidates of a transport-info, as RTCIceCandidateInit-like values for MediaLeg.addRemoteCandidate. */
export function jingleToCandidates(contents: JingleContent[]): RemoteCandidate[] {
  return contents.flatMap((content) => {
    const transport = content.transport as { candidates?: JingleIceCandidate[] } | undefined;
    return (transport?.candidates ?? []).map((candidate) => jingleCandidateToInit(candidate, content.name));
  });
}

export function jingleCandidateToInit(candidate: JingleIceCandidate, contentName: string): RemoteCandidate {
  return { candidate: formatCandidate(convertCandidateToIntermediate(candidate)), sdpMid: contentName };
}

/** `candidate:…` (with or without `a=`) → Jingle candidate JSON with a numeric component. */
export function candidateToJingle(candidateLine: string): JingleIceCandidate {
  return convertIntermediateToCandidate(parseCandidate(candidateLine));
}

// SDP-over-XMPP `iceCandidate` payloads: "m=<mid> 9 RTP/AVP 0\r\na=candidate:…\r\n".
// The m= token is the mid, not the media kind.

export function formatCandidateFragment(candidate: { candidate: string; sdpMid: string }): string {
  const line = candidate.candidate.trim().replace(/^a=/, '');
  if (!line.startsWith('candidate:')) throw new MediaError('bad-candidate', 'not an ICE candidate');
  return `m=${candidate.sdpMid} 9 RTP/AVP 0\r\na=${line}\r\n`;
}

/**
 * Parses a client fragment. Returns null for an end-of-candidates fragment
 * ("a=end-of-candidates", sent without an m= line), which needs no action.
 */
export function parseCandidateFragment(fragment: string): RemoteCandidate | null {
  if (typeof fragment !== 'string') throw new MediaError('bad-candidate', 'fragment is not a string');
  const lines = fragment.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  const candidateLine = lines.find((l) => l.startsWith('a=candidate:'));
  if (!candidateLine) {
    if (lines.some((l) => l === 'a=end-of-candidates')) return null;
    throw new MediaError('bad-candidate', 'fragment has no a=candidate line');
  }
  const mid = /^m=(\S+)/.exec(lines.find((l) => l.startsWith('m=')) ?? '')?.[1];
  if (mid === undefined) throw new MediaError('bad-candidate', 'fragment has no m= line');
  parseCandidate(candidateLine); // validate now, so the caller can reject the IQ
  return { candidate: candidateLine.slice(2), sdpMid: mid };
}

const TYPES = new Set(['host', 'srflx', 'prflx', 'relay']);

function parseCandidate(line: string): IntermediateCandidate {
  const parts = line.trim().replace(/^a=/, '').replace(/^candidate:/, '').split(/\s+/);
  const [foundation, component, protocol, priority, ip, port, typ, type] = parts;
  const proto = protocol?.toLowerCase();
  if (
    !foundation ||
    !/^\d+$/.test(component ?? '') ||
    (proto !== 'udp' && proto !== 'tcp') ||
    !/^\d+$/.test(priority ?? '') ||
    !ip ||
    !/^\d+$/.test(port ?? '') ||
    typ !== 'typ' ||
    !TYPES.has(type ?? '')
  ) {
    throw new MediaError('bad-candidate', `cannot parse candidate: ${line.slice(0, 80)}`);
  }
  const candidate: IntermediateCandidate = {
    foundation,
    component: Number(component),
    protocol: proto,
    priority: Number(priority),
    ip,
    address: ip,
    port: Number(port),
    type: type as IntermediateCandidate['type'],
  };
  for (let i = 8; i + 1 < parts.length; i += 2) {
    const value = parts[i + 1]!;
    if (parts[i] === 'raddr') candidate.relatedAddress = value;
    else if (parts[i] === 'rport') candidate.relatedPort = Number(value);
    else if (parts[i] === 'tcptype') candidate.tcpType = value;
  }
  return candidate;
}

function formatCandidate(c: IntermediateCandidate): string {
  const component = c.component === 'rtp' ? 1 : c.component === 'rtcp' ? 2 : c.component;
  let line = `candidate:${c.foundation} ${component} ${c.protocol} ${c.priority} ${c.ip} ${c.port} typ ${c.type}`;
  if (c.relatedAddress !== undefined && c.relatedPort !== undefined) line += ` raddr ${c.relatedAddress} rport ${c.relatedPort}`;
  if (c.tcpType) line += ` tcptype ${c.tcpType}`;
  return line;
}
