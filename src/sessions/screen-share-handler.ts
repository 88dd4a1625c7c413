/**
 * Guest screen share (research/sdk-flows.md §6). `startScreenShare()` asks for the screen at
 * once (inside the user gesture), sends the `upgradeMedia` presence to the `acd-…` room of the
 * guest's JWT and resolves with the screen stream; the cloud proposes from that room (we proceed
 * at once), offers, and we answer with the screen. The session ends when every screen track
 * has ended (the browser's "stop sharing").
 */
import { parseJwt } from '../config';
import { SdkError, SdkErrorTypes } from '../errors';
import type { ICustomerData } from '../types/config';
import { SessionTypes, type IAcceptSessionRequest, type IEndSessionRequest, type IPendingSession, type IPendingSessionActionParams } from '../types/sessions';
import type { GenesysMediaSession } from './media-session';
import { liveSessionFor, pendingFor, rejectOverXmpp, stopStream, type ScreenHandlerDeps, type SessionActions } from './screen-common';
import type { SessionTypeHandler } from './session-manager';

export interface ScreenShareDeps extends ScreenHandlerDeps {
  isGuest: boolean;
  customerData: () => ICustomerData | undefined;
}

export class ScreenShareHandler implements SessionTypeHandler, SessionActions {
  readonly sessionType = SessionTypes.acdScreenShare;
  /** the screen being (or about to be) shared, by the conversation of the guest's code */
  private streamPromise: Promise<MediaStream> | undefined;
  private stream: MediaStream | undefined;

  constructor(private readonly deps: ScreenShareDeps) {}

  /** Must run synchronously up to `startDisplayMedia` (the picker needs the user gesture). */
  startScreenShare(): Promise<MediaStream> {
    if (!this.deps.isGuest) throw new SdkError(SdkErrorTypes.not_supported, 'Agent screen share is not yet supported');
    const data = this.deps.customerData();
    if (!data) throw new SdkError(SdkErrorTypes.session, 'startScreenShare() needs a redeemed security code');
    const room = parseJwt(data.jwt).data?.jid;
    if (!room) throw new SdkError(SdkErrorTypes.session, 'The guest JWT names no screen-share room');
    this.stopCurrent();
    const promise = this.deps.media.startDisplayMedia({ conversationId: data.conversation.id });
    this.streamPromise = promise;
    promise.then((stream) => {
      if (this.streamPromise !== promise) return stopStream(stream);
      this.stream = stream;
      this.watchTracks(stream);
    }, () => {
      if (this.streamPromise === promise) this.streamPromise = undefined;
    });
    this.deps.connection.stanza.sendPresence({
      to: room,
      type: 'upgradeMedia' as never,
      media: { conversationId: data.conversation.id, sourceCommunicationId: data.sourceCommunicationId, screenShare: true },
    });
    return promise;
  }

  /** When every screen track has ended, the share (and its session) ends. */
  private watchTracks(stream: MediaStream): void {
    const onEnded = (): void => {
      if (this.stream !== stream || stream.getTracks().some((t) => t.readyState === 'live')) return;
      const session = this.deps.manager.getAllSessions().find((s) => s.sessionType === this.sessionType && s._outboundStream === stream && !s.ended);
      this.stream = undefined;
      this.streamPromise = undefined;
      if (session) void session.end('success');
    };
    for (const track of stream.getTracks()) track.addEventListener('ended', onEnded, { once: true });
  }

  private stopCurrent(): void {
    const stream = this.stream;
    this.stream = undefined;
    this.streamPromise = undefined;
    for (const session of this.deps.manager.getAllSessions()) {
      if (session.sessionType === this.sessionType && !session.ended) void session.end('success');
    }
    stopStream(stream);
  }

  handlePropose(pending: IPendingSession & { sdpOverXmpp?: boolean }): void {
    const { sdpOverXmpp, ...event } = pending;
    void sdpOverXmpp;
    this.deps.emit('pendingSession', event);
    if (!this.streamPromise) {
      this.deps.logger.warn('screen share proposal without a screen being shared; not proceeding', { conversationId: pending.conversationId });
      return;
    }
    this.deps.manager.sendProceed(pending);
  }

  async handleSessionInit(session: GenesysMediaSession): Promise<void> {
    this.deps.manager.emitSessionStarted(session);
    try {
      if (!this.deps.isGuest) throw new SdkError(SdkErrorTypes.not_supported, 'Agent screen share is not yet supported');
      if (!this.streamPromise) throw new SdkError(SdkErrorTypes.session, 'No screen is being shared for this session');
      const stream = await this.streamPromise;
      if (session.ended) return;
      if (!stream.getTracks().some((t) => t.readyState === 'live')) throw new SdkError(SdkErrorTypes.session, 'The screen was no longer shared');
      session._outboundStream = stream;
      session.addMedia(stream);
      await session.accept();
    } catch (err) {
      await session.end('failed-application');
      this.deps.fail(err, SdkErrorTypes.session, 'Screen share session init failed');
    }
  }

  handleSessionEnded(session: GenesysMediaSession): void {
    const stream = session._outboundStream;
    session._outboundStream = undefined;
    if (stream && stream === this.stream) {
      this.stream = undefined;
      this.streamPromise = undefined;
    }
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

  /** The share is answered automatically; a second accept is a no-op. */
  async acceptSession(params: IAcceptSessionRequest): Promise<void> {
    liveSessionFor(this.deps, this.sessionType, params.conversationId);
    return Promise.resolve();
  }

  async endSession(params: IEndSessionRequest): Promise<void> {
    const session = liveSessionFor(this.deps, this.sessionType, params.conversationId);
    await session.end(params.reason ?? 'success');
  }

  destroy(): void {
    this.stopCurrent();
  }
}
