/**
 * A stand-in for a session-type handler whose code is loaded on first use (the video and screen
 * handlers live in a separate chunk: sessions/lazy-handlers.ts). It is registered like the real
 * handler, so signaling and `sdk` methods reach it before the code is there:
 * - signaling (propose, session-init, end, proposal gone) is queued and handed to the real handler
 *   in arrival order once it loaded; the queue is bounded (`maxQueued`), so is the load (`loadTimeoutMs`);
 * - a failed load is reported once (`sdkError`, type `session`); what was queued is dropped cleanly:
 *   a proposal is forgotten (as if retracted), a started session is ended (`failed-application`);
 *   the next use tries to load again;
 * - `sdk` methods wait for the load and then run on the real handler.
 */
import { SdkError, SdkErrorTypes } from '../errors';
import type { ILogger } from '../types/logger';
import type {
  IAcceptSessionRequest, IEndSessionRequest, IPendingSession, IPendingSessionActionParams, ISessionMuteRequest, SessionTypes,
} from '../types/sessions';
import { withTimeout } from '../utils/async';
import type { RoutedHandler } from './handler-registry';
import type { GenesysMediaSession } from './media-session';
import type { SessionManager } from './session-manager';

export interface LazyHandlerOptions<H extends RoutedHandler> {
  sessionType: SessionTypes;
  /** imports the chunk and constructs the real handler */
  load: () => Promise<H>;
  manager: SessionManager;
  logger: ILogger;
  fail: (error: unknown, type: SdkErrorTypes, message?: string) => SdkError;
  /** signaling events held while loading (default 100); beyond that they are dropped like after a failed load */
  maxQueued?: number;
  /** default 30 s */
  loadTimeoutMs?: number;
  /** the real handler serves `setAudioMute` */
  audioMute?: boolean;
}

export class LazyHandler<H extends RoutedHandler> implements RoutedHandler {
  readonly sessionType: SessionTypes;
  private handler: H | undefined;
  private loading: Promise<H> | undefined;
  /** queued signaling events not yet handed over */
  private queued = 0;
  private destroyed = false;

  /** present when the real handler serves `setAudioMute` (`audioMute` option) */
  readonly setAudioMute?: (params: ISessionMuteRequest) => Promise<void>;

  constructor(private readonly opts: LazyHandlerOptions<H>) {
    this.sessionType = opts.sessionType;
    if (opts.audioMute) {
      this.setAudioMute = (params) => this.run((h) => {
        if (!h.setAudioMute) throw new SdkError(SdkErrorTypes.not_supported, `setAudioMute() is not supported for ${this.sessionType} sessions`);
        return h.setAudioMute(params);
      });
    }
  }

  /** The real handler once loaded. */
  get loaded(): H | undefined { return this.handler; }

  /** Loads the real handler (once; again after a failure). Rejects with an SdkError (already reported). */
  load(): Promise<H> {
    if (this.handler) return Promise.resolve(this.handler);
    if (!this.loading) {
      const ms = this.opts.loadTimeoutMs ?? 30_000;
      this.opts.logger.debug('loading the session handler', { sessionType: this.sessionType });
      this.loading = withTimeout(this.opts.load(), ms, () => new Error(`not loaded within ${ms / 1000} s`)).then(
        (handler) => {
          if (this.destroyed) handler.destroy?.();
          else this.handler = handler;
          return handler;
        },
        (err: unknown) => {
          this.loading = undefined;
          throw this.opts.fail(err, SdkErrorTypes.session, `Could not load the ${this.sessionType} session code`);
        },
      );
    }
    return this.loading;
  }

  /** Loads in the background (a failure is reported, nothing else). */
  preload(): void {
    this.load().catch(() => undefined);
  }

  /**
   * Runs a signaling event on the real handler: at once when it is loaded and nothing is queued,
   * else after the load, in arrival order (every op is a reaction on the same load promise).
   */
  private signal<T>(op: (h: H) => T | Promise<T>, dropped: () => T | Promise<T>): Promise<T> {
    if (this.handler && this.queued === 0) return Promise.resolve().then(() => op(this.handler as H));
    if (this.queued >= (this.opts.maxQueued ?? 100)) {
      this.opts.logger.warn('too many session events while the session code loads: dropping one', { sessionType: this.sessionType });
      return Promise.resolve().then(dropped);
    }
    this.queued++;
    return this.load().then(
      (h) => { this.queued--; return op(h); },
      () => { this.queued--; return dropped(); },
    );
  }

  private direct<T>(op: (h: H) => T): boolean {
    if (!this.handler || this.queued > 0) return false;
    op(this.handler);
    return true;
  }

  // ---- signaling (SessionTypeHandler) ----

  handlePropose(pending: IPendingSession & { sdpOverXmpp?: boolean }): void {
    if (this.direct((h) => h.handlePropose(pending))) return;
    void this.signal((h) => h.handlePropose(pending), () => { this.forgetProposal(pending); });
  }

  handleSessionInit(session: GenesysMediaSession, reinviteOf?: GenesysMediaSession): Promise<void> {
    if (this.handler && this.queued === 0) return this.handler.handleSessionInit(session, reinviteOf);
    return this.signal((h) => h.handleSessionInit(session, reinviteOf), () => session.end('failed-application').catch(() => undefined));
  }

  handleSessionEnded(session: GenesysMediaSession): void {
    if (this.direct((h) => h.handleSessionEnded(session))) return;
    // not loading: the handler never saw this session (e.g. ended after a failed load), so no new load for it
    if (!this.loading) return;
    void this.signal((h) => h.handleSessionEnded(session), () => undefined);
  }

  handlePendingGone(sessionId: string): void {
    if (this.direct((h) => h.handlePendingGone?.(sessionId))) return;
    // nothing was prepared for a proposal the handler never saw: no need to load for this
    if (!this.loading) return;
    void this.signal((h) => h.handlePendingGone?.(sessionId), () => undefined);
  }

  verifyAfterReconnect(session: GenesysMediaSession): Promise<boolean> {
    const h = this.handler;
    return h?.verifyAfterReconnect ? h.verifyAfterReconnect(session) : Promise.resolve(true);
  }

  private forgetProposal(pending: IPendingSession): void {
    if (!this.opts.manager.removePending(pending.sessionId)) return;
    this.opts.logger.warn('session proposal ignored: its session code could not be loaded', { sessionId: pending.sessionId, conversationId: pending.conversationId });
  }

  // ---- sdk methods (SessionActions) ----

  /** Runs `fn` on the real handler, loading it first. */
  async run<T>(fn: (h: H) => Promise<T>): Promise<T> {
    return fn(await this.load());
  }

  acceptPendingSession(params: IPendingSessionActionParams): Promise<void> { return this.run((h) => h.acceptPendingSession(params)); }
  rejectPendingSession(params: IPendingSessionActionParams): Promise<void> { return this.run((h) => h.rejectPendingSession(params)); }
  acceptSession(params: IAcceptSessionRequest): Promise<void> { return this.run((h) => h.acceptSession(params)); }
  endSession(params: IEndSessionRequest): Promise<void> { return this.run((h) => h.endSession(params)); }


  isStarting(conversationId: string): boolean { return this.handler?.isStarting?.(conversationId) ?? false; }

  destroy(): void {
    this.destroyed = true;
    this.handler?.destroy?.();
  }
}
