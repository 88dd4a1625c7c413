/**
 * Conversation model: participants, their calls and states, in the shape the upstream SDK reads
 * (research/sdk-flows.md §4.4). One participant has one call here; the participant's state
 * mirrors its call's state.
 */
import * as ids from '../world/ids';

export type CallState = 'alerting' | 'contacting' | 'dialing' | 'connected' | 'disconnected' | 'terminated';
export type Direction = 'inbound' | 'outbound';
export type Purpose = 'agent' | 'user' | 'customer' | 'external' | 'acd';

/** What a simulated (non-agent) party does with media. */
export type RemoteMedia = 'echo' | 'tone' | 'customer';

export interface ErrorInfo {
  code: string;
  message: string;
}

export interface Call {
  id: string;
  state: CallState;
  direction: Direction;
  muted: boolean;
  held: boolean;
  confined: boolean;
  provider: 'Edge';
  errorInfo?: ErrorInfo;
  connectedTime?: string;
  disconnectedTime?: string;
}

export interface Participant {
  id: string;
  purpose: Purpose;
  name: string;
  address: string;
  /** World user id for agents/users; undefined for simulated parties. */
  userId?: string;
  /** For simulated parties: what they send to the agent. */
  remoteMedia?: RemoteMedia;
  startTime: string;
  call: Call;
  /** Screen shares of this participant (a guest's share on the customer), as the platform lists them. */
  screenshares?: Record<string, unknown>[];
}

export const PENDING_STATES: ReadonlySet<CallState> = new Set(['alerting', 'contacting']);
export const ENDED_STATES: ReadonlySet<CallState> = new Set(['disconnected', 'terminated']);

export const isEnded = (state: CallState): boolean => ENDED_STATES.has(state);

export class Conversation {
  readonly id = ids.uuid();
  readonly startTime = new Date().toISOString();
  endTime?: string;
  readonly participants: Participant[] = [];

  constructor(readonly organizationId: string) {}

  addParticipant(init: {
    purpose: Purpose;
    name: string;
    address: string;
    direction: Direction;
    state: CallState;
    userId?: string;
    remoteMedia?: RemoteMedia;
  }): Participant {
    const p: Participant = {
      id: ids.uuid(),
      purpose: init.purpose,
      name: init.name,
      address: init.address,
      ...(init.userId ? { userId: init.userId } : {}),
      ...(init.remoteMedia ? { remoteMedia: init.remoteMedia } : {}),
      startTime: new Date().toISOString(),
      call: {
        id: ids.uuid(),
        state: init.state,
        direction: init.direction,
        muted: false,
        held: false,
        confined: false,
        provider: 'Edge',
      },
    };
    this.participants.push(p);
    return p;
  }

  participant(id: string): Participant | undefined {
    return this.participants.find((p) => p.id === id);
  }

  /** Participants that are world users (agents), in join order. */
  userParticipants(): Participant[] {
    return this.participants.filter((p) => p.userId !== undefined);
  }

  userParticipant(userId: string): Participant | undefined {
    return [...this.participants].reverse().find((p) => p.userId === userId);
  }

  /** The other party of a two-party call. */
  peerOf(p: Participant): Participant | undefined {
    return this.participants.find((q) => q !== p);
  }

  hasUser(userId: string): boolean {
    return this.participants.some((p) => p.userId === userId);
  }

  get ended(): boolean {
    return this.participants.every((p) => isEnded(p.call.state));
  }

  setState(p: Participant, state: CallState): void {
    if (p.call.state === state) return;
    p.call.state = state;
    const now = new Date().toISOString();
    if (state === 'connected') p.call.connectedTime ??= now;
    if (isEnded(state)) p.call.disconnectedTime ??= now;
    if (this.ended) this.endTime ??= now;
  }

  /** The conversation as `GET /api/v2/conversations/{id}` and the notification `eventBody` show it. */
  toJson(): Record<string, unknown> {
    return {
      id: this.id,
      startTime: this.startTime,
      ...(this.endTime ? { endTime: this.endTime } : {}),
      participants: this.participants.map(participantJson),
      selfUri: `/api/v2/conversations/${this.id}`,
    };
  }
}

export function participantJson(p: Participant): Record<string, unknown> {
  const { call } = p;
  return {
    id: p.id,
    name: p.name,
    address: p.address,
    ...(p.userId ? { userId: p.userId, user: { id: p.userId, selfUri: `/api/v2/users/${p.userId}` } } : {}),
    purpose: p.purpose,
    state: call.state,
    direction: call.direction,
    muted: call.muted,
    held: call.held,
    confined: call.confined,
    startTime: p.startTime,
    ...(call.connectedTime ? { connectedTime: call.connectedTime } : {}),
    ...(call.disconnectedTime ? { endTime: call.disconnectedTime } : {}),
    calls: [
      {
        id: call.id,
        state: call.state,
        direction: call.direction,
        muted: call.muted,
        held: call.held,
        confined: call.confined,
        recording: false,
        recordingState: 'none',
        provider: call.provider,
        ...(call.errorInfo ? { errorInfo: call.errorInfo } : {}),
        ...(call.connectedTime ? { connectedTime: call.connectedTime } : {}),
        ...(call.disconnectedTime ? { disconnectedTime: call.disconnectedTime } : {}),
        self: { nameRaw: p.name, addressNormalized: p.address, addressRaw: p.address },
        other: {},
      },
    ],
    videos: [],
    ...(p.screenshares ? { screenshares: p.screenshares } : {}),
  };
}
