/**
 * What the three screen session handlers (guest share, recording, live monitoring) share: their
 * dependencies, the accept/end actions the client routes to them by session type, pending-session
 * handling over XMPP, and the metadata POST made once the peer connection is connected.
 */
import type { PlatformClient } from '../api/platform-client';
import type { ResolvedConfig } from '../config';
import { SdkError, SdkErrorTypes } from '../errors';
import type { SdkMedia } from '../media/sdk-media';
import type { StreamingConnection } from '../streaming/connection';
import type { SdkEvents } from '../types/events';
import type { ILogger } from '../types/logger';
import type { IAcceptSessionRequest, IEndSessionRequest, IPendingSession, IPendingSessionActionParams, ScreenRecordingMetadata, SessionTypes } from '../types/sessions';
import type { GenesysMediaSession } from './media-session';
import type { RoutedHandler } from './handler-registry';
import type { SessionManager } from './session-manager';
import { bareJid } from './session-types';

export interface ScreenHandlerDeps {
  manager: SessionManager;
  connection: StreamingConnection;
  http: PlatformClient;
  config: Readonly<ResolvedConfig>;
  logger: ILogger;
  media: SdkMedia;
  /** the user id (agent, JWT); undefined for guests */
  userId: string | undefined;
  emit: <K extends keyof SdkEvents>(event: K, ...args: Parameters<SdkEvents[K]>) => void;
  fail: (error: unknown, type: SdkErrorTypes, message?: string) => SdkError;
}


/**
 * The part the three screen handlers do alike: pending sessions are proceeded or rejected over XMPP,
 * and an ended session releases the stream it sent.
 */
export abstract class ScreenSessionHandler<D extends ScreenHandlerDeps = ScreenHandlerDeps> implements RoutedHandler {
  abstract readonly sessionType: SessionTypes;

  constructor(protected readonly deps: D) {}

  abstract handlePropose(pending: IPendingSession & { sdpOverXmpp?: boolean }): void;
  abstract handleSessionInit(session: GenesysMediaSession): Promise<void>;
  abstract acceptSession(params: IAcceptSessionRequest): Promise<void>;
  abstract endSession(params: IEndSessionRequest): Promise<void>;

  handleSessionEnded(session: GenesysMediaSession): void {
    stopStream(this.releaseOutboundStream(session));
  }

  async acceptPendingSession(params: IPendingSessionActionParams): Promise<void> {
    this.deps.manager.sendProceed(pendingFor(this.deps, this.sessionType, params.conversationId));
    return Promise.resolve();
  }

  async rejectPendingSession(params: IPendingSessionActionParams): Promise<void> {
    rejectOverXmpp(this.deps, pendingFor(this.deps, this.sessionType, params.conversationId));
    return Promise.resolve();
  }

  /** Detaches the stream the session sent (the caller stops it). */
  protected releaseOutboundStream(session: GenesysMediaSession): MediaStream | undefined {
    const stream = session._outboundStream;
    session._outboundStream = undefined;
    return stream;
  }
}

export function pendingFor(deps: ScreenHandlerDeps, type: SessionTypes, conversationId: string): IPendingSession & { sdpOverXmpp?: boolean } {
  const pending = deps.manager.getPendingByConversation(conversationId, type);
  if (!pending) throw new SdkError(SdkErrorTypes.session, 'Could not find a pendingSession matching the params', { conversationId, sessionType: type });
  return pending;
}

/** `<reject>` to our own bare JID (other clients stop ringing) and to the proposer. */
export function rejectOverXmpp(deps: ScreenHandlerDeps, pending: IPendingSession): void {
  deps.manager.removePending(pending.sessionId);
  deps.connection.sendMessage({ to: bareJid(deps.connection.jid), reject: { sessionId: pending.sessionId } });
  deps.connection.sendMessage({ to: pending.fromJid, reject: { sessionId: pending.sessionId } });
}

export function liveSessionFor(deps: ScreenHandlerDeps, type: SessionTypes, conversationId: string): GenesysMediaSession {
  const session = deps.manager.getAllSessions().find((s) => s.sessionType === type && s.conversationId === conversationId && !s.ended);
  if (!session) throw new SdkError(SdkErrorTypes.session, 'Unable to find session', { conversationId, sessionType: type });
  return session;
}

/** Adds each track of `stream` to its own offered video (or audio) transceiver, in order. */
export function addScreenTracks(session: GenesysMediaSession, stream: MediaStream): void {
  for (const track of stream.getTracks()) session.addMedia(new MediaStream([track]));
}

/** Stops the tracks the app handed over for a screen session (upstream cleans screen media up on end). */
export function stopStream(stream: MediaStream | undefined): void {
  for (const track of stream?.getTracks() ?? []) track.stop();
}

/** Checks the metadata list a screen accept needs. */
export function requireMetadata(list: ScreenRecordingMetadata[] | undefined, what: string): ScreenRecordingMetadata[] {
  if (!Array.isArray(list) || list.length === 0) {
    throw new SdkError(SdkErrorTypes.not_supported, `Cannot accept a ${what} session without ${what === 'screen recording' ? 'screenRecordingMetadatas' : 'liveScreenMonitoringMetadata'}`);
  }
  return list;
}

const METADATA_RETRY = { maxAttempts: 4, maxTotalWaitMs: 15_000, baseDelayMs: 500, retryStatuses: [408, 409, 429, 500, 502, 503, 504] };

/**
 * Once the peer connection first reaches `connected` (never after a disconnect), POSTs the
 * screen metadata once, with each `trackId` replaced by the mid of the transceiver sending that
 * track (`_trackId` keeps the original). Retried with a bound; a final failure is `sdkError`.
 */
export function postMetadataWhenConnected(deps: ScreenHandlerDeps, session: GenesysMediaSession, metadatas: ScreenRecordingMetadata[]): void {
  const pc = session.pc;
  let done = false;
  const onState = (): void => {
    const state = pc.connectionState;
    if (done || session.ended) return cleanup();
    if (state === 'disconnected' || state === 'failed' || state === 'closed') return cleanup();
    if (state !== 'connected') return;
    cleanup();
    void post();
  };
  const cleanup = (): void => {
    done = true;
    pc.removeEventListener('connectionstatechange', onState);
  };
  const post = async (): Promise<void> => {
    const metaData = metadatas.map((m) => {
      const mid = pc.getTransceivers().find((t) => t.sender.track?.id === m.trackId)?.mid;
      if (!mid) deps.logger.warn('no transceiver sends the metadata track; its trackId is kept', { conversationId: session.conversationId, trackId: m.trackId });
      return { ...m, trackId: mid ?? m.trackId, _trackId: m.trackId };
    });
    const jwt = deps.config.authMode === 'jwt' ? deps.config.jwt : undefined;
    const body = { participantJid: bareJid(deps.connection.jid), metaData, roomId: session.originalRoomJid, conversationId: session.conversationId };
    try {
      await deps.http.request(`recordings/screensessions/metadata${jwt ? '/backgroundassistant' : ''}`, {
        method: 'POST', body, ...(jwt ? { token: jwt } : {}), retry: METADATA_RETRY,
      });
      deps.logger.info('screen metadata sent', { conversationId: session.conversationId, screens: metaData.length });
    } catch (err) {
      deps.fail(err, SdkErrorTypes.http, 'Failed to send the screen metadata');
    }
  };
  pc.addEventListener('connectionstatechange', onState);
  session.once('terminated', cleanup);
  onState();
}
