import * as ids from './ids';
import { addResolvedAgent, type ResolvedWorld } from './seed';
import type {
  AccessToken, AgentInfo, AgentSeed, GuestCode, IceSeed, Organization, Queue, Station, User,
} from './types';

export type AuthResult =
  | { ok: true; user: User; token: AccessToken }
  | { ok: false; reason: 'unknown' | 'expired' | 'revoked' };

export interface StationChange {
  user: User;
  action: 'Associated' | 'Disassociated';
  station: Station | undefined;
}

export class WorldError extends Error {
  constructor(readonly status: 400 | 404, message: string) {
    super(message);
  }
}

/**
 * The whole emulated org state, in memory. Mutations go through methods so that
 * side effects (topic events) can be observed by the notification layer.
 */
export class World {
  organizations = new Map<string, Organization>();
  users = new Map<string, User>();
  stations = new Map<string, Station>();
  queues = new Map<string, Queue>();
  ice: Required<IceSeed>;
  private tokens = new Map<string, AccessToken>();
  private guestCodes = new Map<string, GuestCode>();
  private stationListeners = new Set<(change: StationChange) => void>();

  constructor(private readonly seed: ResolvedWorld) {
    this.ice = structuredClone(seed.ice);
    this.load();
  }

  /** Back to the seed: same ids and tokens as at start, added agents and codes gone. */
  reset(): void {
    this.load();
  }

  private load(): void {
    const s = structuredClone(this.seed);
    this.organizations = new Map(s.organizations.map((o) => [o.id, o]));
    this.users = new Map(s.users.map((u) => [u.id, u]));
    this.stations = new Map(s.stations.map((st) => [st.id, st]));
    this.queues = new Map(s.queues.map((q) => [q.id, q]));
    this.tokens = new Map(s.tokens.map((t) => [t.token, t]));
    this.ice = s.ice;
    this.guestCodes.clear();
  }

  get defaultOrganization(): Organization {
    const first = this.organizations.values().next();
    if (first.done) throw new Error('the world has no organization');
    return first.value;
  }

  organization(id: string): Organization | undefined {
    return this.organizations.get(id);
  }

  user(id: string): User | undefined {
    return this.users.get(id);
  }

  /** The station a user's softphone uses: the associated one (`effectiveStation`). */
  effectiveStation(user: User): Station | undefined {
    return user.associatedStationId ? this.stations.get(user.associatedStationId) : undefined;
  }

  createAgent(organizationId: string, seed: AgentSeed): User {
    const org = this.organizations.get(organizationId);
    if (!org) throw new WorldError(404, `organization ${organizationId} not found`);
    const users: User[] = [...this.users.values()];
    const stations: Station[] = [];
    const tokens: AccessToken[] = [];
    const user = addResolvedAgent({ users, stations, tokens }, org, seed);
    this.users.set(user.id, user);
    for (const st of stations) this.stations.set(st.id, st);
    for (const t of tokens) this.tokens.set(t.token, t);
    return user;
  }

  agentInfo(user: User): AgentInfo {
    const station = this.effectiveStation(user) ?? (user.defaultStationId ? this.stations.get(user.defaultStationId) : undefined);
    return {
      userId: user.id,
      name: user.name,
      accessToken: this.firstActiveToken(user.id) ?? '',
      stationId: station?.id ?? null,
      lineAppearance: station?.lineAppearance ?? null,
      persistentConnection: station?.persistentConnection ?? false,
      forceTurn: station?.forceTurn ?? false,
      jabberId: user.jabberId,
      organizationId: user.organizationId,
    };
  }

  // --- tokens ---------------------------------------------------------------------------------

  authenticate(token: string): AuthResult {
    const record = this.tokens.get(token);
    if (!record) return { ok: false, reason: 'unknown' };
    if (record.state !== 'active') return { ok: false, reason: record.state };
    const user = this.users.get(record.userId);
    if (!user) return { ok: false, reason: 'unknown' };
    return { ok: true, user, token: record };
  }

  issueToken(userId: string): string {
    if (!this.users.has(userId)) throw new WorldError(404, `user ${userId} not found`);
    const token = ids.accessToken();
    this.tokens.set(token, { token, userId, state: 'active' });
    return token;
  }

  setTokenState(token: string, state: 'expired' | 'revoked'): void {
    const record = this.tokens.get(token);
    if (!record) throw new WorldError(404, 'token not found');
    record.state = state;
  }

  private firstActiveToken(userId: string): string | undefined {
    for (const t of this.tokens.values()) if (t.userId === userId && t.state === 'active') return t.token;
    return undefined;
  }

  // --- stations -------------------------------------------------------------------------------

  onStationChange(listener: (change: StationChange) => void): () => void {
    this.stationListeners.add(listener);
    return () => this.stationListeners.delete(listener);
  }

  associateStation(userId: string, stationId?: string): Station {
    const user = this.requireUser(userId);
    const id = stationId ?? user.defaultStationId;
    if (!id) throw new WorldError(400, `user ${userId} has no default station; pass stationId`);
    const station = this.stations.get(id);
    if (!station) throw new WorldError(404, `station ${id} not found`);
    // A station serves one user at a time: take it away from its current user first.
    for (const other of this.users.values()) {
      if (other.id !== user.id && other.associatedStationId === id) this.disassociateStation(other.id);
    }
    user.associatedStationId = id;
    this.emitStation({ user, action: 'Associated', station });
    return station;
  }

  disassociateStation(userId: string): void {
    const user = this.requireUser(userId);
    user.associatedStationId = undefined;
    this.emitStation({ user, action: 'Disassociated', station: undefined });
  }

  /** The user currently associated with a station, if any. */
  stationUser(stationId: string): User | undefined {
    for (const u of this.users.values()) if (u.associatedStationId === stationId) return u;
    return undefined;
  }

  private emitStation(change: StationChange): void {
    for (const listener of this.stationListeners) listener(change);
  }

  private requireUser(userId: string): User {
    const user = this.users.get(userId);
    if (!user) throw new WorldError(404, `user ${userId} not found`);
    return user;
  }

  // --- guest codes ----------------------------------------------------------------------------

  createGuestCode(organizationId: string, conversationId: string = ids.uuid()): GuestCode {
    const code: GuestCode = { code: ids.securityCode(), organizationId, conversationId, redeemed: false };
    this.guestCodes.set(code.code, code);
    return code;
  }

  /** Codes are single-use, like production. */
  redeemGuestCode(organizationId: string, code: string): GuestCode | undefined {
    const record = this.guestCodes.get(code);
    if (!record || record.redeemed || record.organizationId !== organizationId) return undefined;
    record.redeemed = true;
    return record;
  }
}
