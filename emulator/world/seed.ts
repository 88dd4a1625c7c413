import { readFile } from 'node:fs/promises';
import * as ids from './ids';
import type {
  AccessToken, AgentSeed, IceSeed, IceServerSeed, Organization, Queue, Station, User, WorldSeed,
} from './types';

/** Default world: one org, four agents covering LA 100, LA 1 and persistent connection, two queues. */
export const DEFAULT_SEED: WorldSeed = {
  organizations: [
    {
      name: 'Emulated Org',
      domain: 'emulated-org.orgspan.com',
      agents: [
        { name: 'Agent One', station: { lineAppearance: 100, persistentConnection: false } },
        { name: 'Agent Two', station: { lineAppearance: 100, persistentConnection: false } },
        { name: 'Agent Three', station: { lineAppearance: 1, persistentConnection: false } },
        { name: 'Agent Four', station: { lineAppearance: 100, persistentConnection: true } },
      ],
      queues: [{ name: 'Support' }, { name: 'Sales' }],
    },
  ],
};

/** Loopback only: no DNS names, so browsers never wait on resolution. */
export const DEFAULT_ICE: Required<IceSeed> = {
  stun: [{ host: '127.0.0.1', port: 3478 }],
  turn: [{ host: '127.0.0.1', port: 3478, transport: 'udp' }],
};

/** A seed with every id and token filled in; `World.reset()` rebuilds from it, so tokens survive resets. */
export interface ResolvedWorld {
  organizations: Organization[];
  users: User[];
  stations: Station[];
  queues: Queue[];
  tokens: AccessToken[];
  ice: Required<IceSeed>;
}

export class SeedError extends Error {}

export async function loadSeedFile(path: string): Promise<WorldSeed> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new SeedError(`cannot read world file ${path}: ${(err as Error).message}`);
  }
  try {
    return validateSeed(JSON.parse(text));
  } catch (err) {
    throw new SeedError(`invalid world file ${path}: ${(err as Error).message}`);
  }
}

/** Light structural validation: a typo in a world file should fail loudly, not produce a half world. */
export function validateSeed(value: unknown): WorldSeed {
  if (!isObject(value)) throw new SeedError('the world must be a JSON object');
  const orgs = value.organizations;
  if (orgs !== undefined && !Array.isArray(orgs)) throw new SeedError('"organizations" must be an array');
  for (const org of (orgs ?? []) as unknown[]) {
    if (!isObject(org)) throw new SeedError('each organization must be an object');
    if (org.agents !== undefined && !Array.isArray(org.agents)) throw new SeedError('"agents" must be an array');
    for (const agent of (org.agents ?? []) as unknown[]) {
      if (!isObject(agent)) throw new SeedError('each agent must be an object');
      const st = agent.station;
      if (st !== undefined && st !== false && !isObject(st)) throw new SeedError('"station" must be an object or false');
      if (isObject(st) && st.lineAppearance !== undefined && !isPositiveInt(st.lineAppearance)) {
        throw new SeedError('"station.lineAppearance" must be a positive integer');
      }
    }
    if (org.queues !== undefined && !Array.isArray(org.queues)) throw new SeedError('"queues" must be an array');
  }
  const ice = value.ice;
  if (ice !== undefined) {
    if (!isObject(ice)) throw new SeedError('"ice" must be an object');
    for (const key of ['stun', 'turn'] as const) {
      const list = ice[key];
      if (list === undefined) continue;
      if (!Array.isArray(list) || !list.every(isIceServer)) {
        throw new SeedError(`"ice.${key}" must be an array of {host, port}`);
      }
    }
  }
  return value as WorldSeed;
}

export function resolveSeed(seed: WorldSeed): ResolvedWorld {
  const world: ResolvedWorld = {
    organizations: [], users: [], stations: [], queues: [], tokens: [],
    ice: { stun: seed.ice?.stun ?? DEFAULT_ICE.stun, turn: seed.ice?.turn ?? DEFAULT_ICE.turn },
  };
  const orgSeeds = seed.organizations?.length ? seed.organizations : DEFAULT_SEED.organizations ?? [];
  orgSeeds.forEach((orgSeed, index) => {
    const org: Organization = {
      id: orgSeed.id ?? ids.uuid(),
      name: orgSeed.name ?? `Emulated Org ${index + 1}`,
      domain: (orgSeed.domain ?? `emulated-org${index + 1}.orgspan.com`).toLowerCase(),
      thirdPartyOrgId: String(3000 + index),
    };
    world.organizations.push(org);
    for (const agentSeed of orgSeed.agents ?? []) addResolvedAgent(world, org, agentSeed);
    for (const q of orgSeed.queues ?? []) {
      world.queues.push({ id: q.id ?? ids.uuid(), organizationId: org.id, name: q.name });
    }
  });
  return world;
}

/** Creates a user, its own station (associated) and one access token. Shared by seeding and `POST /__emulator/agents`. */
export function addResolvedAgent(
  world: Pick<ResolvedWorld, 'users' | 'stations' | 'tokens'>,
  org: Organization,
  seed: AgentSeed,
): User {
  const n = world.users.filter((u) => u.organizationId === org.id).length + 1;
  const name = seed.name ?? `Agent ${n}`;
  const user: User = {
    id: seed.id ?? ids.uuid(),
    organizationId: org.id,
    name,
    email: seed.email ?? `${name.toLowerCase().replace(/[^a-z0-9]+/g, '.')}.${n}@example.com`,
    jabberId: `${ids.hex24()}@${org.domain}`,
  };
  if (seed.station !== false) {
    const st = seed.station ?? {};
    const station: Station = {
      id: st.id ?? ids.uuid(),
      organizationId: org.id,
      name: st.name ?? `WebRTC Phone - ${name}`,
      ownerUserId: user.id,
      lineAppearance: st.lineAppearance ?? 100,
      persistentConnection: st.persistentConnection ?? false,
      forceTurn: st.forceTurn ?? false,
    };
    world.stations.push(station);
    user.defaultStationId = station.id;
    user.associatedStationId = station.id;
  }
  world.users.push(user);
  world.tokens.push({ token: seed.accessToken ?? ids.accessToken(), userId: user.id, state: 'active' });
  return user;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isPositiveInt(v: unknown): boolean {
  return typeof v === 'number' && Number.isInteger(v) && v > 0;
}

function isIceServer(v: unknown): v is IceServerSeed {
  return isObject(v) && typeof v.host === 'string' && typeof v.port === 'number'
    && (v.transport === undefined || v.transport === 'udp' || v.transport === 'tcp');
}
