import type { Organization, Station, User } from '../world/types';
import type { World } from '../world/world';

/** Platform API JSON shapes, limited to the fields upstream clients read (plus a few for realism). */

export function organizationJson(org: Organization) {
  return {
    id: org.id,
    name: org.name,
    thirdPartyOrgId: org.thirdPartyOrgId,
    thirdPartyOrgName: org.name.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
    domain: org.domain,
    state: 'active',
    selfUri: '/api/v2/organizations/me',
  };
}

export function stationJson(world: World, station: Station) {
  const user = world.stationUser(station.id);
  return {
    id: station.id,
    name: station.name,
    status: user ? 'ASSOCIATED' : 'AVAILABLE',
    ...(user ? { userId: user.id } : {}),
    webRtcUserId: station.ownerUserId,
    type: 'inin_webrtc_softphone',
    webRtcPersistentEnabled: station.persistentConnection,
    webRtcForceTurn: station.forceTurn,
    webRtcCallAppearances: station.lineAppearance,
    selfUri: `/api/v2/stations/${station.id}`,
  };
}

const stationRef = (station: Station, user: User) => ({
  id: station.id,
  name: station.name,
  associatedUser: { id: user.id },
  selfUri: `/api/v2/stations/${station.id}`,
});

/** `expand` may repeat or be comma-separated: `?expand=station,authorization`. */
export function parseExpand(query: URLSearchParams): Set<string> {
  return new Set(query.getAll('expand').flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean));
}

export function userJson(world: World, user: User, expand: Set<string>) {
  const body: Record<string, unknown> = {
    id: user.id,
    name: user.name,
    email: user.email,
    username: user.email,
    state: 'active',
    chat: { jabberId: user.jabberId },
    selfUri: `/api/v2/users/${user.id}`,
  };
  if (expand.has('station')) {
    const station = world.effectiveStation(user);
    const own = user.defaultStationId ? world.stations.get(user.defaultStationId) : undefined;
    body.station = {
      ...(station ? { associatedStation: stationRef(station, user), effectiveStation: stationRef(station, user) } : {}),
      ...(own ? { defaultStation: stationRef(own, user) } : {}),
    };
  }
  if (expand.has('authorization')) {
    body.authorization = { roles: [{ id: 'emulated-agent-role', name: 'Agent' }], permissions: ['conversation:communication:view'] };
  }
  if (expand.has('organization')) {
    const org = world.organization(user.organizationId);
    if (org) body.organization = organizationJson(org);
  }
  return body;
}
