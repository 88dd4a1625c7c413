import type { RemoteCandidate } from '../../media/media-leg';
import type { ClientInfo, SignalingSession } from './session';

/** What a signalling flavour asks of the gateway (common to Jingle and SDP over XMPP). */
export interface SessionOps {
  session(sid: string | undefined): SignalingSession | undefined;
  /** Applies the client's answer; throws MediaError('bad-sdp' | 'bad-state'). */
  applyAnswer(session: SignalingSession, sdp: string): Promise<void>;
  /** Adds a trickled client candidate (buffered until the answer is applied). */
  addCandidate(session: SignalingSession, candidate: RemoteCandidate): Promise<void>;
  clientActive(session: SignalingSession): void;
  /** Mute/unmute, screen-start/stop (video sessions; softphone ignores them). */
  clientInfo(session: SignalingSession, info: ClientInfo): void;
  /** The client ended the session (its IQ was already answered). */
  clientTerminated(session: SignalingSession, reason: string): void;
  /** Signalling failed (bad SDP, refused offer…): end the session and its calls. */
  fail(session: SignalingSession, condition: string, err?: unknown): void;
}
