/** Seed format (JSON file or object) and the resolved in-memory model of the emulated world. */

export interface IceServerSeed {
  host: string;
  port: number;
  transport?: 'udp' | 'tcp';
}

export interface IceSeed {
  /** STUN services returned by extdisco (omitted for force-TURN stations). */
  stun?: IceServerSeed[];
  /** TURN services returned by extdisco; credentials are minted per request. */
  turn?: IceServerSeed[];
}

export interface StationSeed {
  id?: string;
  name?: string;
  /** webRtcCallAppearances: 1 or 100 in practice. */
  lineAppearance?: number;
  persistentConnection?: boolean;
  forceTurn?: boolean;
}

export interface AgentSeed {
  id?: string;
  name?: string;
  email?: string;
  accessToken?: string;
  /** The agent's own WebRTC station (associated at start); `false` for a user without a station. */
  station?: StationSeed | false;
}

export interface QueueSeed {
  id?: string;
  name: string;
}

export interface OrganizationSeed {
  id?: string;
  name?: string;
  /** XMPP domain of the org's users, e.g. `org1.orgspan.com`. */
  domain?: string;
  agents?: AgentSeed[];
  queues?: QueueSeed[];
}

export interface WorldSeed {
  organizations?: OrganizationSeed[];
  ice?: IceSeed;
}

export interface Organization {
  id: string;
  name: string;
  domain: string;
  thirdPartyOrgId: string;
}

export interface User {
  id: string;
  organizationId: string;
  name: string;
  email: string;
  /** Bare JID: 24-hex local part at the org domain, like production. */
  jabberId: string;
  /** The agent's own station (reassociated by default on `POST users/{id}/station`). */
  defaultStationId?: string;
  associatedStationId?: string;
}

export interface Station {
  id: string;
  organizationId: string;
  name: string;
  /** The WebRTC user the station belongs to (`webRtcUserId`). */
  ownerUserId: string;
  lineAppearance: number;
  persistentConnection: boolean;
  forceTurn: boolean;
}

export interface Queue {
  id: string;
  organizationId: string;
  name: string;
}

export type TokenState = 'active' | 'expired' | 'revoked';

export interface AccessToken {
  token: string;
  userId: string;
  state: TokenState;
}

export interface GuestCode {
  code: string;
  organizationId: string;
  conversationId: string;
  redeemed: boolean;
}

/** The agent object printed in the CLI JSON line and returned by `POST /__emulator/agents`. */
export interface AgentInfo {
  userId: string;
  name: string;
  accessToken: string;
  stationId: string | null;
  lineAppearance: number | null;
  persistentConnection: boolean;
  forceTurn: boolean;
  jabberId: string;
  organizationId: string;
}
