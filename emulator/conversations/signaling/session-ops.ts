import type { RemoteCandidate } from '../../media/media-leg';
import type { SoftphoneSession } from './session';

/** What a signalling flavour asks of the gateway (common to Jingle and SDP over XMPP). */
export interface SessionOps {
  session(sid: string | undefined): SoftphoneSession | undefined;
  /** Applies the client's answer; throws MediaError('bad-sdp' | 'bad-state'). */
  applyAnswer(session: SoftphoneSession, sdp: string): Promise<void>;
  /** Adds a trickled client candidate (buffered until the answer is applied). */
  addCandidate(session: SoftphoneSession, candidate: RemoteCandidate): Promise<void>;
  clientActive(session: SoftphoneSession): void;
  /** The client ended the session (its IQ was already answered). */
  clientTerminated(session: SoftphoneSession, reason: string): void;
  /** Signalling failed (bad SDP, refused offer…): end the session and its calls. */
  fail(session: SoftphoneSession, condition: string, err?: unknown): void;
}
