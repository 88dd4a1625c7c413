import type { Jid } from './jid';
import type { IqStanza, MessageStanza, PresenceStanza, StanzaKind, XmlElement } from './stanzas';

/** Identity of a bound client socket, as other modules see it. */
export interface SessionInfo {
  /** Unique per socket; also the `id` of the post-auth `<open/>` (upstream uses it as connectionId). */
  id: string;
  fullJid: string;
  bareJid: string;
  /** World user id; for guests a synthetic `guest-…` id. */
  userId: string;
  channelId: string;
  auth: 'token' | 'jwt';
  /** Claims of the JWT the socket authenticated with (JWT path only). */
  jwtClaims?: Readonly<Record<string, unknown>>;
}

interface InboundBase {
  /** Sender's full JID (the server overwrites whatever `from` the client sent). */
  from: string;
  to: string;
  /** Raw element, `from` already rewritten: forward it to keep elements the registry does not know. */
  xml: XmlElement;
  session: SessionInfo;
}

/** A stanza a client sent; `json` is stanza's JXT JSON (extend the registry to see custom payloads). */
export type InboundStanza =
  | (InboundBase & { kind: 'iq'; json: IqStanza })
  | (InboundBase & { kind: 'message'; json: MessageStanza })
  | (InboundBase & { kind: 'presence'; json: PresenceStanza });

/** Helpers handed to an endpoint handler; everything goes from the endpoint JID to the sending socket. */
export interface EndpointReply {
  /** IQ result to an IQ get/set, with an optional single payload element. */
  result(payload?: XmlElement): void;
  /** IQ error to an IQ get/set. */
  error(condition: string, type?: 'cancel' | 'modify' | 'auth' | 'wait'): void;
  /** Any stanza back to the sender's socket; `from` defaults to the address the client wrote to. */
  send(kind: StanzaKind, stanza: IqStanza | MessageStanza | PresenceStanza | XmlElement): void;
}

export type EndpointHandler = (stanza: InboundStanza, reply: EndpointReply) => void | Promise<void>;

/**
 * Which addresses an endpoint owns:
 * - string: a domain (`org1.gjoll.emulator`), compared case-insensitively;
 * - RegExp: tested against the full `to` string;
 * - function: any predicate on the parsed JID.
 */
export type JidMatcher = string | RegExp | ((jid: Jid) => boolean);

export interface Endpoint {
  matcher: JidMatcher;
  handler: EndpointHandler;
}

export function matches(matcher: JidMatcher, raw: string, jid: Jid): boolean {
  if (typeof matcher === 'string') return jid.domain === matcher.toLowerCase();
  if (matcher instanceof RegExp) {
    matcher.lastIndex = 0;
    return matcher.test(raw);
  }
  return matcher(jid);
}

/** Endpoints in registration order; the first match owns the stanza. */
export class EndpointRegistry {
  private endpoints: Endpoint[] = [];

  register(matcher: JidMatcher, handler: EndpointHandler): () => void {
    const endpoint = { matcher, handler };
    this.endpoints.push(endpoint);
    return () => {
      this.endpoints = this.endpoints.filter((e) => e !== endpoint);
    };
  }

  find(raw: string, jid: Jid): Endpoint | undefined {
    return this.endpoints.find((e) => matches(e.matcher, raw, jid));
  }
}
