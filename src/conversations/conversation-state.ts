/**
 * Pure helpers of the softphone conversation state machine (research/sdk-flows.md §4.4):
 * participant / call selection and the state classes.
 */
import type {
  ConversationUpdate, ICallStateFromParticipant, IConversationParticipantFromEvent,
} from '../types/sessions';

export const PENDING_STATES = ['alerting', 'contacting'];
export const CONNECTED_STATES = ['dialing', 'connected'];
export const ENDED_STATES = ['disconnected', 'terminated'];

export const isPending = (s?: string): boolean => !!s && PENDING_STATES.includes(s);
export const isConnected = (s?: string): boolean => !!s && CONNECTED_STATES.includes(s);
export const isEnded = (s?: string): boolean => !!s && ENDED_STATES.includes(s);

/** Keeps only the documented fields of a `v2.users.{id}.conversations` event body. */
export function toConversationUpdate(body: unknown): ConversationUpdate | undefined {
  const b = body as { id?: unknown; participants?: unknown } | null;
  if (!b || typeof b.id !== 'string' || !Array.isArray(b.participants)) return undefined;
  const participants = (b.participants as Array<Record<string, unknown>>).map((p) => ({
    id: String(p.id),
    purpose: String(p.purpose ?? ''),
    userId: p.userId as string | undefined,
    address: p.address as string | undefined,
    state: p.state as string | undefined,
    direction: p.direction as string | undefined,
    muted: p.muted as boolean | undefined,
    confined: p.confined as boolean | undefined,
    calls: (Array.isArray(p.calls) ? p.calls as Array<Record<string, unknown>> : []).map((c) => ({
      id: String(c.id),
      state: String(c.state),
      muted: !!c.muted,
      confined: !!c.confined,
      held: !!c.held,
      direction: (c.direction === 'outbound' ? 'outbound' : 'inbound') as 'inbound' | 'outbound',
      provider: String(c.provider ?? ''),
      ...(c.errorInfo ? { errorInfo: c.errorInfo } : {}),
    })),
    ...(Array.isArray(p.videos) ? { videos: p.videos as unknown[] } : {}),
  }));
  return { id: b.id, participants };
}

/** The user's participant: most recent first; one → it; else one with a connected call; else one with calls; else the first. */
export function getUserParticipant(update: ConversationUpdate, userId: string): IConversationParticipantFromEvent | undefined {
  const mine = update.participants.filter((p) => p.userId === userId && p.purpose !== 'voicemail').reverse();
  if (mine.length <= 1) return mine[0];
  return mine.find((p) => p.calls.some((c) => c.state === 'connected'))
    ?? mine.find((p) => p.calls.length > 0)
    ?? mine[0];
}

/** One call → it; exactly one non-ended → that; otherwise the last. */
export function getCallState(participant: IConversationParticipantFromEvent): ICallStateFromParticipant | undefined {
  const calls = participant.calls;
  if (calls.length <= 1) return calls[0];
  const live = calls.filter((c) => !isEnded(c.state));
  if (live.length === 1) return live[0];
  return calls[calls.length - 1];
}
