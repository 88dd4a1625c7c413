/**
 * The one place session-type handlers are known: `sdk` routes every session method (accept,
 * reject, end, mute, …) to the handler of the session's type found here, and the session manager
 * routes signaling to the same objects. Lazily loaded handlers (video, screens) are registered here
 * as `LazyHandler` stand-ins that load the real handler on first use (lazy-handler.ts).
 */
import type {
  IAcceptSessionRequest, IEndSessionRequest, IPendingSessionActionParams, ISessionMuteRequest, SessionTypes,
} from '../types/sessions';
import type { SessionManager, SessionTypeHandler } from './session-manager';

/** The session methods of `sdk` a handler serves (routed by session type). */
export interface SessionActions {
  readonly sessionType: SessionTypes;
  acceptPendingSession(params: IPendingSessionActionParams): Promise<void>;
  rejectPendingSession(params: IPendingSessionActionParams): Promise<void>;
  acceptSession(params: IAcceptSessionRequest): Promise<void>;
  endSession(params: IEndSessionRequest): Promise<void>;
  /** absent: `setAudioMute` is not supported for the type */
  setAudioMute?(params: ISessionMuteRequest): Promise<void>;
  /** a session of the type is being set up for this conversation (no session object yet) */
  isStarting?(conversationId: string): boolean;
  destroy?(): void;
}

export type RoutedHandler = SessionTypeHandler & SessionActions;

export class HandlerRegistry {
  private readonly byType = new Map<SessionTypes, RoutedHandler>();

  constructor(private readonly manager: SessionManager) {}

  register<H extends RoutedHandler>(handler: H): H {
    this.byType.set(handler.sessionType, handler);
    this.manager.registerHandler(handler);
    return handler;
  }

  get(type: SessionTypes | string | undefined): RoutedHandler | undefined {
    return type ? this.byType.get(type as SessionTypes) : undefined;
  }

  /** The session type a session method with these params is for: `sessionType` when given, else the conversation's. */
  typeFor(params: { conversationId: string; sessionType?: string }): SessionTypes | undefined {
    const given = params.sessionType as SessionTypes | undefined;
    if (given && this.byType.has(given)) return given;
    const type = this.manager.sessionTypeOfConversation(params.conversationId);
    if (type) return type;
    for (const h of this.byType.values()) if (h.isStarting?.(params.conversationId)) return h.sessionType;
    return undefined;
  }

  all(): RoutedHandler[] { return [...this.byType.values()]; }

  destroy(): void {
    for (const h of this.byType.values()) h.destroy?.();
    this.byType.clear();
  }
}
