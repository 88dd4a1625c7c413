import { randomUUID } from 'node:crypto';
import type { WebSocket } from 'ws';
import type * as XMPP from 'stanza';
import type { JwtClaims } from '../world/jwt';
import { isPubsubServiceJid } from '../notifications/topics';
import { parseJid } from './jid';
import type { InboundStanza, SessionInfo } from './routing';
import {
  MalformedFrameError, XmlElement, extdiscoResult, iqError, iqResult, parseFrame, serverPing,
  streamClose, streamError, streamOpen,
  type IceService, type IqStanza, type MessageStanza, type PresenceStanza,
} from './stanzas';

/** How the socket was opened: `/stream/channels/{id}` (token, SASL PLAIN) or `/stream/jwt/{jwt}` (ANONYMOUS). */
export type SocketAuth = { kind: 'channel'; channelId: string } | { kind: 'jwt'; jwt: string };

export interface Identity {
  userId: string;
  bareJid: string;
  channelId: string;
  jwtClaims?: JwtClaims;
}

/** What a session needs from the server; keeps the session free of routing and world details. */
export interface SessionHost {
  readonly registry: XMPP.JXT.Registry;
  /** Validates SASL PLAIN credentials for a channel socket. */
  authenticateToken(channelId: string, authcid: string, token: string): Identity | undefined;
  /** Validates the JWT of a `/stream/jwt/` socket. */
  authenticateJwt(jwt: string): Identity | undefined;
  refusesPings(userId: string): boolean;
  iceServices(userId: string, type: string | undefined): IceService[];
  bound(session: XmppSession): void;
  closed(session: XmppSession): void;
  /** Pubsub IQs to `notifications.*`; returns the reply. */
  pubsub(session: XmppSession, iq: IqStanza): XmlElement;
  /** Everything not addressed to the server itself. */
  route(stanza: InboundStanza): void;
  log(message: string): void;
}

type State = 'awaiting-open' | 'awaiting-auth' | 'awaiting-restart' | 'awaiting-bind' | 'bound' | 'closed';

/** One client WebSocket: RFC 7395 framing, SASL, bind, and the IQs the server answers itself. */
export class XmppSession {
  readonly id = randomUUID();
  private state: State = 'awaiting-open';
  private domain = '';
  private identity: Identity | undefined;
  private resource = '';
  private pingTimer: NodeJS.Timeout | undefined;
  private pingCounter = 0;

  constructor(
    private readonly ws: WebSocket,
    private readonly auth: SocketAuth,
    private readonly host: SessionHost,
  ) {}

  get isBound(): boolean {
    return this.state === 'bound';
  }

  get fullJid(): string {
    return this.identity ? `${this.identity.bareJid}/${this.resource}` : '';
  }

  /** Channel of an authenticated socket, bound or not. */
  get channelId(): string | undefined {
    return this.identity?.channelId;
  }

  get serverDomain(): string {
    return this.domain;
  }

  get info(): SessionInfo {
    const id = this.requireIdentity();
    return {
      id: this.id,
      fullJid: this.fullJid,
      bareJid: id.bareJid,
      userId: id.userId,
      channelId: id.channelId,
      auth: this.auth.kind === 'jwt' ? 'jwt' : 'token',
      ...(id.jwtClaims ? { jwtClaims: id.jwtClaims } : {}),
    };
  }

  /** Entry point for every WebSocket message. Any failure is contained to this socket. */
  onFrame(text: string): void {
    if (this.state === 'closed' || !text.trim()) return;
    let frame;
    try {
      frame = parseFrame(this.host.registry, text);
    } catch (err) {
      const reason = err instanceof MalformedFrameError ? err.message : 'unparseable frame';
      return this.fail('not-well-formed', reason);
    }
    const { kind, json, xml } = frame;
    if (kind === 'stream' && json) {
      if (json.action === 'close' || xml.name === 'close') return this.closeGracefully();
      return this.onOpen(json);
    }
    if (kind === 'sasl' && json && this.state === 'awaiting-auth') return this.onSasl(json);
    if ((kind === 'iq' || kind === 'message' || kind === 'presence') && json) {
      if (this.state === 'awaiting-bind' && kind === 'iq') return this.onBind(json as unknown as IqStanza);
      if (this.state === 'bound') return this.onStanza(kind, json, xml);
      return this.fail('not-authorized', `${kind} before the session is bound`);
    }
    // Unknown top-level element, a stanza without xmlns="jabber:client", or one out of order.
    this.fail('unsupported-stanza-type', `unexpected <${xml.name}>`);
  }

  send(el: XmlElement): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(el.toString());
  }

  /** Stream error, `<close/>`, socket close: upstream ignores stream errors, so the close is what matters. */
  fail(condition: string, text?: string): void {
    if (this.state === 'closed') return;
    this.host.log(`session ${this.id}: stream error ${condition}${text ? ` (${text})` : ''}`);
    this.send(streamError(condition, text));
    this.send(streamClose());
    this.shutdown();
    this.ws.close(1000);
  }

  /** Abrupt loss (fault injection, server shutdown): no closing handshake. */
  drop(): void {
    this.shutdown();
    this.ws.terminate();
  }

  /** Called once the socket is gone, whoever closed it. */
  shutdown(): void {
    if (this.state === 'closed') return;
    const wasBound = this.state === 'bound';
    this.state = 'closed';
    clearInterval(this.pingTimer);
    if (wasBound) this.host.closed(this);
  }

  /** Server-side pings (after the client subscribed to `enable.server.side.pings`). */
  startServerPings(intervalMs: number): void {
    clearInterval(this.pingTimer);
    this.pingTimer = setInterval(() => {
      this.pingCounter += 1;
      this.send(serverPing(`sping-${this.pingCounter}`, this.domain, this.fullJid));
    }, intervalMs);
  }

  private closeGracefully(): void {
    this.send(streamClose());
    this.shutdown();
    this.ws.close(1000);
  }

  private onOpen(open: Record<string, unknown>): void {
    if (this.state !== 'awaiting-open' && this.state !== 'awaiting-restart') {
      return this.fail('policy-violation', 'unexpected stream restart');
    }
    if (typeof open.to === 'string' && open.to) this.domain = open.to.toLowerCase();
    // Each <open/> reply gets a fresh id; the post-auth one is this socket's connection id.
    const streamId = this.state === 'awaiting-restart' ? this.id : randomUUID();
    this.send(streamOpen(this.domain, streamId));
    if (this.state === 'awaiting-open') {
      // Offer exactly one mechanism: stanza picks the highest-ranked one offered whatever credentials it has.
      const mechanism = this.auth.kind === 'channel' ? 'PLAIN' : 'ANONYMOUS';
      this.send(this.exportFeatures({ sasl: { mechanisms: [mechanism] } }));
      this.state = 'awaiting-auth';
    } else {
      // like the real cloud (research/captures): the RFC 3921 session IQ is advertised as optional,
      // so clients start right after bind (a session IQ is still answered)
      this.send(this.exportFeatures({ bind: {}, legacySession: { optional: true } }));
      this.state = 'awaiting-bind';
    }
  }

  private exportFeatures(features: Record<string, unknown>): XmlElement {
    const el = this.host.registry.export('features', features);
    if (!el) throw new Error('cannot serialize stream features');
    return el;
  }

  private onSasl(sasl: Record<string, unknown>): void {
    if (sasl.type !== 'auth') return this.saslFailure('aborted');
    const value = Buffer.isBuffer(sasl.value) ? sasl.value.toString('utf8') : '';
    let identity: Identity | undefined;
    if (this.auth.kind === 'channel') {
      if (sasl.mechanism !== 'PLAIN') return this.saslFailure('invalid-mechanism');
      // PLAIN: authzid \0 authcid \0 password, password = "authKey:" + access token.
      const [, authcid = '', password = ''] = value.split('\0');
      if (password.startsWith('authKey:')) {
        identity = this.host.authenticateToken(this.auth.channelId, authcid, password.slice('authKey:'.length));
      }
    } else {
      if (sasl.mechanism !== 'ANONYMOUS') return this.saslFailure('invalid-mechanism');
      identity = this.host.authenticateJwt(this.auth.jwt);
    }
    if (!identity) return this.saslFailure('not-authorized');
    this.identity = identity;
    this.state = 'awaiting-restart';
    this.send(new XmlElement('success', { xmlns: 'urn:ietf:params:xml:ns:xmpp-sasl' }));
  }

  private saslFailure(condition: string): void {
    this.host.log(`session ${this.id}: SASL failure ${condition}`);
    this.send(new XmlElement('failure', { xmlns: 'urn:ietf:params:xml:ns:xmpp-sasl' }, [new XmlElement(condition)]));
  }

  private onBind(iq: IqStanza): void {
    if (iq.type !== 'set' || !iq.bind || iq.id === undefined) {
      return this.fail('not-authorized', 'resource binding required');
    }
    const requested = iq.bind.resource?.trim();
    if (requested && requested.length > 1023) {
      return this.send(iqError(iq.id, undefined, undefined, 'bad-request', 'modify'));
    }
    // 17.2.7 sends no resource: the server invents one. 19.x sends a UUID and reuses it.
    this.resource = requested || `srv-${randomUUID()}`;
    this.state = 'bound';
    this.host.bound(this);
    const bind = new XmlElement('bind', { xmlns: 'urn:ietf:params:xml:ns:xmpp-bind' }, [
      new XmlElement('jid', {}, [this.fullJid]),
    ]);
    this.send(iqResult(iq.id, undefined, this.fullJid, bind));
  }

  private onStanza(kind: 'iq' | 'message' | 'presence', json: Record<string, unknown>, xml: XmlElement): void {
    // The server stamps the sender; clients cannot spoof `from`.
    xml.setAttribute('from', this.fullJid);
    json.from = this.fullJid;
    const to = typeof json.to === 'string' ? json.to : '';
    if (kind === 'iq') {
      const iq = json as unknown as IqStanza;
      const target = to ? parseJid(to) : undefined;
      const identity = this.requireIdentity();
      const toServer = !target || target.bare === this.domain || target.full === identity.bareJid;
      if (toServer && (iq.type === 'get' || iq.type === 'set')) return this.onServerIq(iq);
      if (target && isPubsubServiceJid(to)) {
        if (iq.type === 'get' || iq.type === 'set') this.send(this.host.pubsub(this, iq));
        return;
      }
    }
    const base = { from: this.fullJid, to, xml, session: this.info };
    if (kind === 'iq') this.host.route({ ...base, kind, json: json as unknown as IqStanza });
    else if (kind === 'message') this.host.route({ ...base, kind, json: json as unknown as MessageStanza });
    else this.host.route({ ...base, kind, json: json as unknown as PresenceStanza });
  }

  /** IQ get/set with no `to`, to the domain, or to the user's own bare JID. */
  private onServerIq(iq: IqStanza): void {
    const id = iq.id ?? '';
    const from = iq.to || undefined;
    switch (iq.payloadType) {
      case 'ping':
        if (this.host.refusesPings(this.requireIdentity().userId)) return;
        return this.send(iqResult(id, from, this.fullJid));
      case 'legacySession':
        return this.send(iqResult(id, from, this.fullJid));
      case 'externalServices': {
        const type = iq.externalServices?.type;
        const services = this.host.iceServices(this.requireIdentity().userId, type);
        return this.send(extdiscoResult(id, from ?? this.domain, this.fullJid, type, services));
      }
      case 'invalid-payload-count':
        return this.send(iqError(id, from, this.fullJid, 'bad-request', 'modify'));
      default:
        return this.send(iqError(id, from, this.fullJid, 'service-unavailable'));
    }
  }

  private requireIdentity(): Identity {
    if (!this.identity) throw new Error('session is not authenticated');
    return this.identity;
  }
}
