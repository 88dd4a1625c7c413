/**
 * The signalling side of the three screen flows: one `SoftphoneGateway` instance (the same
 * propose / proceed / offer / answer machinery as calls, both flavours) owning the conference
 * rooms whose local part says what the session is (streaming-protocol §4.1):
 * `acd-…` guest screen share, `screenrecording-…`, `livemonitor-…`. Every session's media leg
 * only receives screens (or, for a monitoring observer, only sends them), video only.
 */
import type { Logger } from '../log';
import type { MediaEdge } from '../media/media-edge';
import { SignalingGateway, type GatewayHooks } from '../conversations/signaling/gateway';
import type { SignalingSession } from '../conversations/signaling/session';
import type { MediaLeg } from '../media/media-leg';
import type { InboundStanza } from '../xmpp/routing';
import type { Organization } from '../world/types';
import type { XmppServer } from '../xmpp/server';

export type ScreenSession = SignalingSession<MediaLeg>;
export type ScreenGateway = SignalingGateway<MediaLeg>;

export const SCREEN_ROOM_MATCHER = /^(acd|screenrecording|livemonitor)-[^@/]*@conference\./i;

/** Screens a recording or a monitoring session carries at most (upstream docs: four). */
export const MAX_SCREENS = 4;

export type ScreenRole = 'guest' | 'recorder' | 'target' | 'observer';

export const roomJid = (prefix: 'screenrecording' | 'livemonitor', conversationId: string, org: Organization): string =>
  `${prefix}-${conversationId}@conference.${org.domain}`;

export interface ScreenGatewayOptions {
  xmpp: XmppServer;
  edge: MediaEdge;
  log: Logger;
  graceMs: () => number;
  hooks: GatewayHooks<MediaLeg>;
  /** the role of a session (decides its leg) */
  roleOf: (session: ScreenSession) => ScreenRole | undefined;
  onPresence: (stanza: InboundStanza & { kind: 'presence' }) => void;
}

export function createScreenGateway(opts: ScreenGatewayOptions): ScreenGateway {
  return new SignalingGateway<MediaLeg>({
    xmpp: opts.xmpp,
    log: opts.log,
    graceMs: opts.graceMs,
    hooks: opts.hooks,
    matcher: SCREEN_ROOM_MATCHER,
    label: 'screen',
    answerKind: 'video',
    onPresence: opts.onPresence,
    createLeg: (session) => {
      const role = opts.roleOf(session);
      if (role === 'guest') return opts.edge.createLeg({ mode: 'recvonly', audio: false, video: true, videoSlots: 1, videoDirection: 'recvonly' });
      // the observer's slots carry the target's screens; sendrecv so a client may send placeholders
      if (role === 'observer') return opts.edge.createLeg({ mode: 'silence', audio: false, video: true, videoSlots: MAX_SCREENS, videoDirection: 'sendrecv', msidOnEverySection: true });
      return opts.edge.createLeg({ mode: 'recvonly', audio: false, video: true, videoSlots: MAX_SCREENS, videoDirection: 'recvonly', msidOnEverySection: true });
    },
  });
}

/** Control-view counters: what the client sent (`…FromClient`) and what it was sent (`…ToClient`). */
export function clientCounters(c: { rtpPacketsFromAgent: number; rtpBytesFromAgent: number; rtpPacketsToAgent: number; rtpBytesToAgent: number; lastPacketFromAgentAt: number | null }): Record<string, number | null> {
  return {
    rtpPacketsFromClient: c.rtpPacketsFromAgent,
    rtpBytesFromClient: c.rtpBytesFromAgent,
    rtpPacketsToClient: c.rtpPacketsToAgent,
    rtpBytesToClient: c.rtpBytesToAgent,
    lastPacketFromClientAt: c.lastPacketFromAgentAt,
  };
}

/** A session's leg as the control API shows it. */
export function legView(session: ScreenSession | undefined, role: ScreenRole, userId: string): Record<string, unknown> {
  const leg = session?.leg;
  return {
    role,
    userId,
    sessionId: session?.id ?? null,
    signaling: session?.flavour ?? null,
    sessionState: session?.state ?? null,
    state: leg ? leg.state : null,
    counters: leg ? { video: clientCounters(leg.counters().video) } : { video: clientCounters({ rtpPacketsFromAgent: 0, rtpBytesFromAgent: 0, rtpPacketsToAgent: 0, rtpBytesToAgent: 0, lastPacketFromAgentAt: null }) },
    tracks: leg ? leg.videoSlots().filter((s) => s.mid !== null).map((s) => ({ mid: s.mid, slot: s.slot, counters: clientCounters(s.counters) })) : [],
  };
}
