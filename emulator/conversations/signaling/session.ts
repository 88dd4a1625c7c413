/** One signalling session (one propose id = one Jingle sid / JSON-RPC sessionId) and its media leg. */
import type { LegState, MediaLeg, RemoteCandidate } from '../../media/media-leg';
import * as ids from '../../world/ids';

export type SignalingFlavour = 'jingle' | 'sdp';

export type SessionState =
  | 'proposed' // propose sent, waiting for a proceed
  | 'offering' // proceed received, offer sent, waiting for the answer
  | 'connected' // answer applied; media may flow
  | 'ended';

/** What the gateway needs of a media leg (a softphone MediaLeg, a video room's SFU peer…). */
export interface SignalingLeg {
  readonly id: string;
  readonly state: LegState;
  createOffer(): Promise<string>;
  applyAnswer(sdp: string): Promise<void>;
  addRemoteCandidate(candidate: RemoteCandidate): Promise<void>;
  onState(listener: (state: LegState) => void): () => void;
  close(): Promise<void>;
}

export class SignalingSession<L extends SignalingLeg = SignalingLeg> {
  readonly id = ids.uuid();
  state: SessionState = 'proposed';
  /** The full JID that proceeded; every later stanza of the session goes there only. */
  targetJid?: string;
  /** Full JIDs the propose went to (fan-out). */
  readonly proposedTo = new Set<string>();
  leg?: L;
  /** Conversations whose user call is carried by this session (LA1 / persistent: several over time). */
  readonly conversations = new Set<string>();
  /** The client reported ICE connected (Jingle session-info active / JSON-RPC info active). */
  clientActive = false;
  /** Serializes the client's signalling so a candidate never overtakes the answer. */
  queue: Promise<void> = Promise.resolve();
  /** Grace timer while the client's socket is gone. */
  graceTimer?: NodeJS.Timeout;

  constructor(
    readonly userId: string,
    /** The cloud address of the session (softphone gateway JID, video room JID). */
    readonly gatewayJid: string,
    readonly flavour: SignalingFlavour,
    /** The conversation the session was proposed for. */
    readonly conversationId: string,
    /** inin-persistent-cid, when the station has persistent connection. */
    readonly persistentConversationId?: string,
  ) {
    this.conversations.add(conversationId);
  }

  get mediaConnected(): boolean {
    return this.state === 'connected' && this.leg?.state.connectionState === 'connected';
  }

  /** Runs `task` after the session's previous client stanzas were handled. */
  enqueue(task: () => Promise<void>): Promise<void> {
    const next = this.queue.then(task, task);
    this.queue = next.catch(() => undefined);
    return next;
  }
}

/** A softphone session: its leg is a MediaLeg. */
export type SoftphoneSession = SignalingSession<MediaLeg>;

/**
 * What a client says inside an established session besides offer/answer/candidates (video only):
 * Jingle `session-info` mute/unmute (creator = userId) and screen-start/screen-stop, or their
 * JSON-RPC counterparts (`mute`/`unmute` `{type}`, `screenStart`/`screenStop`).
 */
export type ClientInfo =
  | { type: 'mute' | 'unmute'; media: 'audio' | 'video'; creator?: string }
  | { type: 'screen-start' | 'screen-stop' };
