/**
 * Live screen monitoring (upstream live-screen-monitoring.md, v11+): the cloud proposes from
 * `livemonitor-…@conference…` to the target (whose screens are watched) and to the observer.
 * Target: its own proposal (`fromUserId` is the user) is accepted at once; `acceptSession` needs
 * `mediaStream` (+ `liveScreenMonitoringMetadata`, POSTed once connected); it cannot end the
 * session. Observer (`liveMonitoringObserver: true` or `videoElements`): receives the screens into
 * the given `<video>` elements, sends nothing, and may end the session.
 */
import { SdkError, SdkErrorTypes } from '../errors';
import { SessionTypes, type IAcceptSessionRequest, type IEndSessionRequest, type IPendingSession, type IPendingSessionActionParams } from '../types/sessions';
import type { GenesysMediaSession } from './media-session';
import {
  addScreenTracks, liveSessionFor, pendingFor, postMetadataWhenConnected, rejectOverXmpp, stopStream,
  type ScreenHandlerDeps, type SessionActions,
} from './screen-common';
import type { SessionTypeHandler } from './session-manager';

type Role = 'target' | 'observer';

export class LiveMonitoringHandler implements SessionTypeHandler, SessionActions {
  readonly sessionType = SessionTypes.liveScreenMonitoring;
  private readonly roles = new WeakMap<GenesysMediaSession, Role>();
  private readonly elements = new WeakMap<GenesysMediaSession, HTMLVideoElement[]>();

  constructor(private readonly deps: ScreenHandlerDeps) {}

  private isMine(fromUserId: string | undefined): boolean {
    return !!fromUserId && fromUserId === this.deps.userId;
  }

  handlePropose(pending: IPendingSession & { sdpOverXmpp?: boolean }): void {
    const { sdpOverXmpp, ...event } = pending;
    void sdpOverXmpp;
    this.deps.emit('pendingSession', event);
    // the target's own monitoring is accepted at once; an observer's only when configured
    if (this.isMine(pending.fromUserId) || this.deps.config.autoAcceptPendingLiveScreenMonitoringRequests) this.deps.manager.sendProceed(pending);
  }

  async handleSessionInit(session: GenesysMediaSession): Promise<void> {
    this.deps.manager.emitSessionStarted(session);
    return Promise.resolve();
  }

  handleSessionEnded(session: GenesysMediaSession): void {
    const stream = session._outboundStream;
    session._outboundStream = undefined;
    stopStream(stream);
    for (const el of this.elements.get(session) ?? []) el.srcObject = null;
    this.elements.delete(session);
  }

  private roleOf(session: GenesysMediaSession): Role {
    return this.roles.get(session) ?? (this.isMine(session.fromUserId) ? 'target' : 'observer');
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
    const observer = params.liveMonitoringObserver === true || (!!params.videoElements?.length && !params.mediaStream);
    if (!observer && !params.mediaStream) {
      throw new SdkError(SdkErrorTypes.session, 'Cannot accept a live screen monitoring session as the target without providing a media stream', { conversationId: params.conversationId });
    }
    const session = liveSessionFor(this.deps, this.sessionType, params.conversationId);
    if (session._alreadyAccepted || this.roles.has(session)) return;
    if (observer) {
      const elements = params.videoElements?.length ? params.videoElements : [params.videoElement ?? this.deps.config.defaults.videoElement].filter((e): e is HTMLVideoElement => !!e);
      if (elements.length === 0) throw new SdkError(SdkErrorTypes.invalid_options, 'A live screen monitoring observer needs videoElements (or videoElement)', { conversationId: params.conversationId });
      this.roles.set(session, 'observer');
      this.attachScreens(session, elements);
    } else {
      const stream = params.mediaStream as MediaStream;
      this.roles.set(session, 'target');
      session._outboundStream = stream;
      addScreenTracks(session, stream);
      // screens the target does not have: those offered sections stay unused
      // (addMedia set the used ones to sendrecv at once; their replaceTrack is still running)
      for (const t of session.pc.getTransceivers()) if (t.direction === 'recvonly') t.direction = 'inactive';
      if (params.liveScreenMonitoringMetadata?.length) postMetadataWhenConnected(this.deps, session, params.liveScreenMonitoringMetadata);
    }
    await session.accept();
  }

  /** The target's screens, in offer order, one per element. */
  private attachScreens(session: GenesysMediaSession, elements: HTMLVideoElement[]): void {
    this.elements.set(session, elements);
    const show = (): void => {
      const tracks = session.pc.getTransceivers().map((t) => t.receiver.track).filter((t) => t.kind === 'video');
      elements.forEach((el, i) => {
        const track = tracks[i];
        if (!track) return;
        const current = el.srcObject instanceof MediaStream ? el.srcObject.getVideoTracks()[0] : undefined;
        if (current === track) return;
        el.autoplay = true;
        el.muted = true;
        el.playsInline = true;
        el.srcObject = new MediaStream([track]);
        void el.play().catch(() => undefined);
      });
    };
    show();
    session.on('peerTrackAdded', show);
  }

  async endSession(params: IEndSessionRequest): Promise<void> {
    const session = liveSessionFor(this.deps, this.sessionType, params.conversationId);
    if (this.roleOf(session) === 'target') {
      throw new SdkError(SdkErrorTypes.not_supported, 'A live screen monitoring session can only be ended by an observer', { conversationId: params.conversationId });
    }
    await session.end(params.reason ?? 'success');
  }
}
