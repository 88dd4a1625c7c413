import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type * as XMPP from 'stanza';
import type { Logger } from '../log';
import type { Faults } from '../faults';
import type { ChannelRegistry } from '../notifications/channels';
import type { ChannelDelivery } from '../notifications/notifier';
import * as ids from '../world/ids';
import { SCREEN_RECORDING_ISSUER, type JwtIssuer } from '../world/jwt';
import type { World } from '../world/world';
import { IceServiceDirectory } from './extdisco';
import { parseJid } from './jid';
import { PubsubService, type ServerPingOptions } from './pubsub';
import {
  EndpointRegistry, type EndpointHandler, type EndpointReply, type InboundStanza, type JidMatcher, type SessionInfo,
} from './routing';
import { XmppSession, type Identity, type SessionHost, type SocketAuth } from './session';
import {
  NS, XmlElement, createRegistry, exportStanza, iqError, iqResult, notificationMessage,
  type IqStanza, type MessageStanza, type PresenceStanza, type StanzaKind,
} from './stanzas';

export interface XmppServerOptions {
  world: World;
  channels: ChannelRegistry;
  jwt: JwtIssuer;
  faults: Faults;
  log: Logger;
  serverPings: ServerPingOptions;
  /** How long a departed client's JID waits for the client to reconnect (default 60 s). */
  continuityMs?: number;
}

export interface XmppServerEvents {
  /** A socket finished resource binding. */
  bound: [SessionInfo];
  /** A bound socket went away. */
  closed: [SessionInfo];
  /** Every stanza a bound client sends to something other than the server itself (a tap; routing still happens). */
  stanza: [InboundStanza];
  /**
   * A client came back after its socket went away: `previousJid` (gone) now lives on at `info`
   * (same full JID, or the same notification channel with a new resource). Services move the
   * signalling sessions they had with `previousJid` to `info.fullJid`.
   */
  rebound: [previousJid: string, info: SessionInfo];
}

/** A full JID whose socket went away recently; stanzas to it wait here for the client to come back. */
interface Departed {
  fullJid: string;
  userId: string;
  channelId: string;
  queue: XmlElement[];
  timer: NodeJS.Timeout;
}

/** Stanzas kept per departed JID (oldest dropped first). */
const MAX_QUEUED_STANZAS = 500;

type OutboundStanza = IqStanza | MessageStanza | PresenceStanza | XmlElement;

interface PendingRequest {
  to: string;
  resolve: (iq: IqStanza) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

const MAX_FRAME_BYTES = 1024 * 1024;

/**
 * XMPP over WebSocket (RFC 7395) at `/stream/channels/{id}` and `/stream/jwt/{jwt}`.
 * Owns the bound sessions and routes stanzas between clients, endpoints registered by
 * other emulator modules (media gateway, conference rooms) and the notification channels.
 */
export class XmppServer extends EventEmitter<XmppServerEvents> implements ChannelDelivery {
  readonly registry: XMPP.JXT.Registry = createRegistry();
  private readonly wss: WebSocketServer;
  private readonly sockets = new Set<XmppSession>();
  private readonly byFullJid = new Map<string, XmppSession>();
  private readonly byBareJid = new Map<string, Set<XmppSession>>();
  private readonly endpoints = new EndpointRegistry();
  private readonly pending = new Map<string, PendingRequest>();
  private readonly ice: IceServiceDirectory;
  private readonly pubsub: PubsubService;
  private itemCounter = 0;
  /** full JIDs whose socket went away, waiting for the client to reconnect */
  private readonly departed = new Map<string, Departed>();
  /** an old full JID → the full JID the client reconnected with (a new resource) */
  private readonly aliases = new Map<string, string>();

  constructor(private readonly opts: XmppServerOptions) {
    super();
    this.ice = new IceServiceDirectory(opts.world);
    this.pubsub = new PubsubService(opts.channels, opts.serverPings);
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: MAX_FRAME_BYTES,
      // Browsers fail the handshake unless the requested subprotocol is echoed.
      handleProtocols: (protocols) => (protocols.has('xmpp') ? 'xmpp' : false),
    });
  }

  // --- public API for other emulator modules -----------------------------------------------------

  /** Adds JXT definitions (e.g. Genesys jingle-message, genesys-webrtc) so inbound JSON carries them. */
  defineStanzas(definitions: Parameters<XMPP.JXT.Registry['define']>[0]): void {
    this.registry.define(definitions);
  }

  /** Routes stanzas clients send to matching addresses to `handler`; returns an unregister function. */
  registerEndpoint(matcher: JidMatcher, handler: EndpointHandler): () => void {
    return this.endpoints.register(matcher, handler);
  }

  /**
   * Sends a stanza to a client: a full JID reaches that socket, a bare JID every socket of the user.
   * `to` is filled in when missing; set `from` (e.g. the gateway's full JID) yourself.
   * Returns the number of sockets written to.
   */
  sendTo(jid: string, kind: StanzaKind, stanza: OutboundStanza): number {
    const el = this.toElement(kind, stanza);
    const target = parseJid(jid);
    const current = target.resource ? this.resolveAlias(target.full) : jid;
    if (!el.attributes.to || el.attributes.to === jid) el.setAttribute('to', current);
    const targets = this.sessionsFor(current);
    for (const s of targets) s.send(el);
    if (targets.length === 0 && target.resource) {
      // The client's socket is gone but it may come back (reconnect): keep the stanza for it.
      const departed = this.departed.get(current);
      if (departed) {
        departed.queue.push(el);
        if (departed.queue.length > MAX_QUEUED_STANZAS) departed.queue.shift();
        return 1;
      }
    }
    return targets.length;
  }

  /** The full JID a (possibly old) full JID reaches now. */
  resolveAlias(fullJid: string): string {
    let jid = fullJid;
    for (let hops = 0; hops < 20; hops++) {
      const next = this.aliases.get(jid);
      if (!next) break;
      jid = next;
    }
    return jid;
  }

  /** Sends an IQ get/set to a full JID and resolves with the client's reply (result or error). */
  request(jid: string, iq: IqStanza, timeoutMs = 15000): Promise<IqStanza> {
    const id = iq.id ?? `emu-${ids.uuid()}`;
    const to = parseJid(jid).full;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`no reply from ${to} to iq ${id}`));
      }, timeoutMs);
      this.pending.set(id, { to, resolve, reject, timer });
      if (this.sendTo(jid, 'iq', { ...iq, id }) === 0) {
        clearTimeout(timer);
        this.pending.delete(id);
        reject(new Error(`${to} is not connected`));
      }
    });
  }

  sessions(): SessionInfo[] {
    return [...this.byFullJid.values()].map((s) => s.info);
  }

  sessionsOfUser(userId: string): SessionInfo[] {
    return this.sessions().filter((s) => s.userId === userId);
  }

  /** Closes a user's sockets without a closing handshake (fault injection). */
  dropUser(userId: string): number {
    const victims = [...this.sockets].filter((s) => s.isBound && s.info.userId === userId);
    for (const s of victims) s.drop();
    return victims.length;
  }

  deliverToChannel(channelId: string, node: string, payload: unknown): number {
    let count = 0;
    for (const s of this.byFullJid.values()) {
      if (s.info.channelId !== channelId) continue;
      this.itemCounter += 1;
      s.send(notificationMessage(this.pubsubJid(s), s.fullJid, node, payload, String(this.itemCounter)));
      count += 1;
    }
    if (count === 0) {
      // Nobody on the channel right now: events wait for the client's reconnect (soft reconnects reuse the channel).
      for (const d of this.departed.values()) {
        if (d.channelId !== channelId) continue;
        this.itemCounter += 1;
        const domain = d.fullJid.split('@')[1]?.split('/')[0] ?? '';
        d.queue.push(notificationMessage(`notifications.${domain}`, d.fullJid, node, payload, String(this.itemCounter)));
        if (d.queue.length > MAX_QUEUED_STANZAS) d.queue.shift();
      }
    }
    return count;
  }

  // --- wiring with the HTTP server ------------------------------------------------------------------

  /** Handles `upgrade` for `/stream/...`; answers 404 otherwise. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const auth = socketAuthFromPath(req.url ?? '');
    if (!auth) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, auth));
  }

  /** Drops every socket (reset / shutdown); pending requests fail. */
  dropAll(): void {
    for (const s of [...this.sockets]) s.drop();
    for (const d of this.departed.values()) clearTimeout(d.timer);
    this.departed.clear();
    this.aliases.clear();
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(new Error('emulator reset'));
      this.pending.delete(id);
    }
  }

  async close(): Promise<void> {
    this.dropAll();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  // --- internals ----------------------------------------------------------------------------------

  private accept(ws: WebSocket, auth: SocketAuth): void {
    const session = new XmppSession(ws, auth, this.host);
    this.sockets.add(session);
    ws.on('message', (data: RawData) => {
      try {
        session.onFrame(rawToString(data));
      } catch (err) {
        // A bug in handling one frame must not take the process (or other users) down.
        this.opts.log.warn(`session ${session.id}: ${(err as Error).stack ?? String(err)}`);
        session.fail('internal-server-error');
      }
    });
    ws.on('error', (err) => this.opts.log.debug(`session ${session.id}: socket error ${err.message}`));
    ws.on('close', () => {
      session.shutdown();
      this.sockets.delete(session);
      // A JWT socket that authenticated but never bound still owns a private channel.
      const channel = session.channelId ? this.opts.channels.get(session.channelId) : undefined;
      if (channel?.ephemeral) this.opts.channels.delete(channel.id);
    });
  }

  private readonly host: SessionHost = {
    registry: this.registry,
    authenticateToken: (channelId, authcid, token) => this.authenticateToken(channelId, authcid, token),
    authenticateJwt: (jwt) => this.authenticateJwt(jwt),
    refusesPings: (userId) => this.opts.faults.refusesPings(userId),
    iceServices: (userId, type) => this.ice.services(userId, type),
    bound: (session) => this.onBound(session),
    closed: (session) => this.onClosed(session),
    pubsub: (session, iq) => this.pubsub.handle(session, iq),
    route: (stanza) => this.route(stanza),
    log: (message) => this.opts.log.debug(message),
  };

  private authenticateToken(channelId: string, authcid: string, token: string): Identity | undefined {
    const auth = this.opts.world.authenticate(token);
    if (!auth.ok) return undefined;
    const channel = this.opts.channels.get(channelId);
    if (!channel || channel.userId !== auth.user.id) return undefined;
    // Upstream sends the bare JID as authcid; stanza's default is the JID's local part.
    const expected = authcid.includes('@') ? auth.user.jabberId : parseJid(auth.user.jabberId).local;
    if (authcid && authcid.toLowerCase() !== expected) return undefined;
    return { userId: auth.user.id, bareJid: auth.user.jabberId, channelId };
  }

  private authenticateJwt(jwt: string): Identity | undefined {
    const claims = this.opts.jwt.verify(jwt);
    if (!claims) return undefined;
    const { world, channels } = this.opts;
    // Screen-recording JWTs carry a real user; guests get a synthetic JID at their org's domain,
    // the same for every socket of one JWT (the cloud's guest identity is its JWT), so a guest that
    // reconnects with its resource is the same full JID and its screen share follows it.
    const user = claims.iss === SCREEN_RECORDING_ISSUER && claims.data.uid ? world.user(claims.data.uid) : undefined;
    const userId = user?.id ?? `guest-${uuidShaped(createHash('sha256').update(jwt).digest('hex'))}`;
    const domain = world.organization(claims.org)?.domain ?? world.defaultOrganization.domain;
    const bareJid = user?.jabberId ?? `${userId}@${domain}`;
    const channel = channels.create(userId, { ephemeral: true });
    return { userId, bareJid, channelId: channel.id, jwtClaims: claims };
  }

  private onBound(session: XmppSession): void {
    // Same full JID twice (19.x reuses its resource): the newer socket wins, like most servers.
    const previous = this.byFullJid.get(session.fullJid);
    if (previous && previous !== session) previous.fail('conflict', 'replaced by new connection');
    const info = session.info;
    this.byFullJid.set(session.fullJid, session);
    let set = this.byBareJid.get(info.bareJid);
    if (!set) this.byBareJid.set(info.bareJid, (set = new Set()));
    set.add(session);
    this.opts.log.debug(`bound ${info.fullJid} on ${info.channelId}`);
    this.emit('bound', info);
    this.rebind(info);
  }

  /**
   * Continuity across reconnects: a client that comes back with the same full JID (19.x reuses its
   * resource) or on the same notification channel (a soft reconnect; 17.x gets a new resource)
   * takes over what was addressed to its old JID: queued stanzas are delivered, later stanzas to
   * the old JID are forwarded, and services are told (`rebound`) to move their sessions.
   */
  private rebind(info: SessionInfo): void {
    const matches = [...this.departed.values()].filter((d) => d.userId === info.userId
      && (d.fullJid === info.fullJid || (info.auth === 'token' && d.channelId === info.channelId)));
    for (const d of matches) {
      clearTimeout(d.timer);
      this.departed.delete(d.fullJid);
      if (d.fullJid !== info.fullJid) {
        this.aliases.set(d.fullJid, info.fullJid);
        for (const [from, to] of this.aliases) if (to === d.fullJid) this.aliases.set(from, info.fullJid);
      }
      this.aliases.delete(info.fullJid);
      const socket = this.byFullJid.get(info.fullJid);
      for (const el of d.queue) {
        if (el.attributes.to === d.fullJid) el.setAttribute('to', info.fullJid);
        socket?.send(el);
      }
      this.opts.log.debug(`rebound ${d.fullJid} -> ${info.fullJid} (${d.queue.length} queued stanzas)`);
      this.emit('rebound', d.fullJid, info);
    }
  }

  private rememberDeparted(info: SessionInfo): void {
    const previous = this.departed.get(info.fullJid);
    if (previous) clearTimeout(previous.timer);
    const timer = setTimeout(() => {
      this.departed.delete(info.fullJid);
      for (const [from, to] of this.aliases) if (to === info.fullJid || from === info.fullJid) this.aliases.delete(from);
    }, this.opts.continuityMs ?? 60_000);
    timer.unref();
    this.departed.set(info.fullJid, { fullJid: info.fullJid, userId: info.userId, channelId: info.channelId, queue: previous?.queue ?? [], timer });
  }

  private onClosed(session: XmppSession): void {
    const info = session.info;
    if (this.byFullJid.get(session.fullJid) === session) this.byFullJid.delete(session.fullJid);
    const set = this.byBareJid.get(info.bareJid);
    set?.delete(session);
    if (set?.size === 0) this.byBareJid.delete(info.bareJid);
    const channel = this.opts.channels.get(info.channelId);
    if (channel?.ephemeral) this.opts.channels.delete(channel.id);
    // Replaced by a newer socket with the same JID: nothing departed. Otherwise wait for a reconnect.
    if (!this.byFullJid.has(session.fullJid) && info.auth === 'token') this.rememberDeparted(info);
    this.opts.log.debug(`closed ${info.fullJid}`);
    this.emit('closed', info);
  }

  private route(stanza: InboundStanza): void {
    this.emit('stanza', stanza);
    const { json, session } = stanza;
    const isIqRequest = stanza.kind === 'iq' && (json.type === 'get' || json.type === 'set');
    // Replies to IQs the emulator sent through request().
    if (stanza.kind === 'iq' && !isIqRequest && json.id !== undefined) {
      const pending = this.pending.get(json.id);
      if (pending && pending.to === stanza.from) {
        clearTimeout(pending.timer);
        this.pending.delete(json.id);
        pending.resolve(stanza.json);
        return;
      }
    }
    if (!stanza.to) return; // results to server pings, presence broadcasts: nothing to do
    const target = parseJid(stanza.to);
    const endpoint = this.endpoints.find(stanza.to, target);
    if (endpoint) return this.runEndpoint(endpoint.handler, stanza);
    const sockets = target.resource
      ? [this.byFullJid.get(target.full)].filter((s): s is XmppSession => s !== undefined)
      : stanza.kind === 'iq' ? [] : [...(this.byBareJid.get(target.bare) ?? [])];
    for (const s of sockets) s.send(stanza.xml);
    if (sockets.length === 0 && isIqRequest) {
      this.sessionById(session.id)?.send(iqError(json.id, stanza.to, stanza.from, 'service-unavailable'));
    }
  }

  private runEndpoint(handler: EndpointHandler, stanza: InboundStanza): void {
    const sender = this.sessionById(stanza.session.id);
    const isIqRequest = stanza.kind === 'iq' && (stanza.json.type === 'get' || stanza.json.type === 'set');
    let answered = false;
    const requireIq = () => {
      if (!isIqRequest) throw new Error('result()/error() answer IQ get/set only');
      answered = true;
    };
    const reply: EndpointReply = {
      result: (payload) => {
        requireIq();
        sender?.send(iqResult(stanza.json.id ?? '', stanza.to, stanza.from, payload));
      },
      error: (condition, type = 'cancel') => {
        requireIq();
        sender?.send(iqError(stanza.json.id, stanza.to, stanza.from, condition, type));
      },
      send: (kind, out) => {
        const el = this.toElement(kind, out);
        if (!el.attributes.from) el.setAttribute('from', stanza.to);
        if (!el.attributes.to) el.setAttribute('to', stanza.from);
        sender?.send(el);
      },
    };
    const onError = (err: unknown) => {
      this.opts.log.warn(`endpoint for ${stanza.to} failed: ${(err as Error)?.stack ?? String(err)}`);
      if (isIqRequest && !answered) reply.error('internal-server-error', 'wait');
    };
    try {
      const done = handler(stanza, reply);
      if (done instanceof Promise) done.catch(onError);
    } catch (err) {
      onError(err);
    }
  }

  private toElement(kind: StanzaKind, stanza: OutboundStanza): XmlElement {
    if (stanza instanceof XmlElement) {
      // Stanza's parser drops top-level stanzas without the client namespace.
      if (!stanza.attributes.xmlns) stanza.setAttribute('xmlns', NS.client);
      return stanza;
    }
    return exportStanza(this.registry, kind, stanza);
  }

  private sessionsFor(jid: string): XmppSession[] {
    const target = parseJid(jid);
    if (target.resource) {
      const s = this.byFullJid.get(target.full);
      return s ? [s] : [];
    }
    return [...(this.byBareJid.get(target.bare) ?? [])];
  }

  private sessionById(id: string): XmppSession | undefined {
    for (const s of this.sockets) if (s.id === id) return s;
    return undefined;
  }

  /** The pubsub service JID the client wrote to is `notifications.{apiHost}`; echo the same shape. */
  private pubsubJid(session: XmppSession): string {
    return `notifications.${session.serverDomain}`;
  }
}

function socketAuthFromPath(url: string): SocketAuth | undefined {
  const path = url.split('?')[0] ?? '';
  const m = /^\/stream\/(channels|jwt)\/([^/]+)$/.exec(path);
  if (!m || !m[1] || !m[2]) return undefined;
  const value = decodeURIComponent(m[2]);
  return m[1] === 'channels' ? { kind: 'channel', channelId: value } : { kind: 'jwt', jwt: value };
}

function rawToString(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data as ArrayBuffer).toString('utf8');
}


/** 32 hex digits as a UUID-shaped string (8-4-4-4-12). */
function uuidShaped(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
