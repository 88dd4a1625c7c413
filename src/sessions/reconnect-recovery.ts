/**
 * What happens to live sessions when the streaming socket comes back (any session type):
 * the cloud keeps a session across a reconnect (we reuse our resource and channel, and it follows
 * the reconnected socket), so nothing is renegotiated. But whatever the cloud said while we were
 * away may be lost, so each session is checked:
 * - a peer connection that is closed or failed cannot carry media any more: the session ends
 *   with reason `gone` (like upstream HEAD, research/sdk-flows.md §13);
 * - the session's handler may ask the cloud whether the session's conversation is still up
 *   (`verifyAfterReconnect`); when it is not (ended meanwhile, or the cloud restarted and does not
 *   know it) the session ends with reason `gone`. A failed check keeps the session.
 * Every check is bounded, so a recovery never hangs; sessions ended meanwhile are skipped.
 */
import type { StreamingConnection } from '../streaming/connection';
import type { ILogger } from '../types/logger';
import type { GenesysMediaSession } from './media-session';

/** What a session-type handler may add to the reconnect check. */
export interface ReconnectAware {
  /** Resolves false when the cloud no longer has this session's call/conference. */
  verifyAfterReconnect?(session: GenesysMediaSession): Promise<boolean>;
}

export interface ReconnectRecoveryDeps {
  connection: StreamingConnection;
  sessions: () => GenesysMediaSession[];
  handlerFor: (session: GenesysMediaSession) => ReconnectAware | undefined;
  logger: ILogger;
  /** bound of one session's check (default 10 s) */
  verifyTimeoutMs?: number;
}

const DEAD_PC_STATES: readonly RTCPeerConnectionState[] = ['closed', 'failed'];

/** Checks every live session after each reconnect; returns a detach function. */
export function attachReconnectRecovery(deps: ReconnectRecoveryDeps): () => void {
  const onConnected = ({ reconnect }: { reconnect: boolean }): void => {
    if (!reconnect) return;
    for (const session of deps.sessions()) void recoverSession(session, deps);
  };
  deps.connection.on('connected', onConnected);
  return () => { deps.connection.off('connected', onConnected); };
}

async function recoverSession(session: GenesysMediaSession, deps: ReconnectRecoveryDeps): Promise<void> {
  if (session.ended) return;
  const { logger } = deps;
  if (DEAD_PC_STATES.includes(session.pc.connectionState)) {
    logger.warn('session media is gone after the reconnect; ending it', { sessionId: session.id, conversationId: session.conversationId, pcState: session.pc.connectionState });
    await session.end('gone', true);
    return;
  }
  const verify = deps.handlerFor(session)?.verifyAfterReconnect;
  if (!verify) return;
  let alive = true;
  try {
    alive = await bounded(verify.call(deps.handlerFor(session), session), deps.verifyTimeoutMs ?? 10_000);
  } catch (err) {
    logger.warn('could not check a session after the reconnect; keeping it', { sessionId: session.id, error: String(err) });
  }
  if (!alive && !session.ended) {
    logger.warn('the cloud no longer has this session after the reconnect; ending it', { sessionId: session.id, conversationId: session.conversationId });
    await session.end('gone', true);
  }
}

function bounded<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms); }),
  ]).finally(() => clearTimeout(timer));
}
