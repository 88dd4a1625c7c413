/**
 * Screen recording sessions (research/sdk-flows.md §7, upstream screen-recording.md): the cloud
 * proposes from `screenrecording-…@conference…`; the app (or `autoAcceptPendingScreenRecordingRequests`)
 * proceeds, gathers the screens itself and calls `acceptSession` with `mediaStream` and
 * `screenRecordingMetadatas`. The metadata is POSTed once the peer connection is connected. Only
 * the cloud ends a recording.
 */
import { SdkError, SdkErrorTypes } from '../errors';
import { SessionTypes, type IAcceptSessionRequest, type IEndSessionRequest, type IPendingSession, type IPendingSessionActionParams } from '../types/sessions';
import type { GenesysMediaSession } from './media-session';
import {
  addScreenTracks, liveSessionFor, pendingFor, postMetadataWhenConnected, rejectOverXmpp, requireMetadata, stopStream,
  type ScreenHandlerDeps, type SessionActions,
} from './screen-common';
import type { SessionTypeHandler } from './session-manager';

export class ScreenRecordingHandler implements SessionTypeHandler, SessionActions {
  readonly sessionType = SessionTypes.screenRecording;
  private readonly accepting = new WeakSet<GenesysMediaSession>();

  constructor(private readonly deps: ScreenHandlerDeps) {}

  handlePropose(pending: IPendingSession & { sdpOverXmpp?: boolean }): void {
    if (this.deps.config.autoAcceptPendingScreenRecordingRequests) {
      this.deps.manager.sendProceed(pending);
      return;
    }
    const { sdpOverXmpp, ...event } = pending;
    void sdpOverXmpp;
    this.deps.emit('pendingSession', event);
  }

  async handleSessionInit(session: GenesysMediaSession): Promise<void> {
    // the app gathers the screens and calls acceptSession (never automatic)
    this.deps.manager.emitSessionStarted(session);
    return Promise.resolve();
  }

  handleSessionEnded(session: GenesysMediaSession): void {
    const stream = session._outboundStream;
    session._outboundStream = undefined;
    stopStream(stream);
  }

  async acceptPendingSession(params: IPendingSessionActionParams): Promise<void> {
    this.deps.manager.sendProceed(pendingFor(this.deps, this.sessionType, params.conversationId));
    return Promise.resolve();
  }

  async rejectPendingSession(params: IPendingSessionActionParams): Promise<void> {
    rejectOverXmpp(this.deps, pendingFor(this.deps, this.sessionType, params.conversationId));
    return Promise.resolve();
  }

  async acceptSession(params: IAcceptSessionRequest): Promise<void> {
    if (!params.mediaStream) throw new SdkError(SdkErrorTypes.session, 'Cannot accept screen recording session without providing a media stream', { conversationId: params.conversationId });
    const metadatas = requireMetadata(params.screenRecordingMetadatas, 'screen recording');
    const session = liveSessionFor(this.deps, this.sessionType, params.conversationId);
    // a second accept (also one racing the first) is a no-op
    if (session._alreadyAccepted || this.accepting.has(session)) return;
    this.accepting.add(session);
    try {
      session._outboundStream = params.mediaStream;
      addScreenTracks(session, params.mediaStream);
      postMetadataWhenConnected(this.deps, session, metadatas);
      await session.accept();
    } finally {
      this.accepting.delete(session);
    }
  }

  endSession(params: IEndSessionRequest): Promise<void> {
    return Promise.reject(new SdkError(SdkErrorTypes.not_supported, 'A screen recording session must be ended remotely', { conversationId: params.conversationId }));
  }
}
