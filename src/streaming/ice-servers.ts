import type { Agent } from 'stanza';
import { withTimeout } from '../utils/async';

/** An XEP-0215 (`urn:xmpp:extdisco:1`) service entry. */
export interface ExtdiscoService {
  type?: string;
  host?: string;
  port?: number;
  transport?: string;
  username?: string;
  password?: string;
}

/** What peer connections should use: TURN first, then STUN; no STUN means relay only (force TURN). */
export interface IceConfiguration {
  iceServers: RTCIceServer[];
  iceTransportPolicy: RTCIceTransportPolicy;
}

function serviceUrl(s: ExtdiscoService, type: string): string {
  const host = s.host && s.host.includes(':') && !s.host.startsWith('[') ? `[${s.host}]` : s.host;
  let url = `${type}:${host}${s.port ? `:${s.port}` : ''}`;
  if ((type === 'turn' || type === 'turns') && s.transport && s.transport !== 'udp') url += `?transport=${s.transport}`;
  return url;
}

export function toIceConfiguration(turn: ExtdiscoService[], stun: ExtdiscoService[]): IceConfiguration {
  const iceServers: RTCIceServer[] = [];
  for (const s of turn) {
    if (!s.host) continue;
    const type = s.type === 'turns' ? 'turns' : 'turn';
    iceServers.push({ urls: serviceUrl(s, type), ...(s.username ? { username: s.username } : {}), ...(s.password ? { credential: s.password } : {}) });
  }
  const stunServers = stun.filter((s) => s.host);
  for (const s of stunServers) iceServers.push({ urls: serviceUrl(s, 'stun') });
  return { iceServers, iceTransportPolicy: stunServers.length === 0 ? 'relay' : 'all' };
}

/** Asks the XMPP domain for TURN and STUN services (both must answer, or the connect attempt fails). */
export async function discoverIceServers(client: Agent, server: string, timeoutMs: number): Promise<IceConfiguration> {
  const ask = async (type: 'turn' | 'stun'): Promise<ExtdiscoService[]> => {
    const result = await client.getServices(server, type, '1');
    if (!result || !Array.isArray(result.services)) throw new Error(`extdisco ${type}: no <services/> in the reply`);
    return result.services as ExtdiscoService[];
  };
  const [turn, stun] = await withTimeout(Promise.all([ask('turn'), ask('stun')]), timeoutMs, () => new Error('ICE server discovery timed out'));
  return toIceConfiguration(turn, stun);
}
