import { createHmac, randomBytes } from 'node:crypto';
import type { World } from '../world/world';
import type { IceService } from './stanzas';

const CREDENTIAL_LIFETIME_S = 24 * 3600;

/**
 * XEP-0215 answers. TURN credentials follow the TURN REST API convention
 * (`<expiry>:<userId>` / HMAC), minted per request with a per-process secret.
 * A force-TURN station gets no STUN services: upstream then uses iceTransportPolicy 'relay'.
 */
export class IceServiceDirectory {
  private readonly secret = randomBytes(20);

  constructor(private readonly world: World) {}

  services(userId: string, type: string | undefined): IceService[] {
    const user = this.world.user(userId);
    const station = user ? this.world.effectiveStation(user) : undefined;
    const forceTurn = station?.forceTurn ?? false;
    const wantTurn = type === undefined || type === 'turn' || type === 'turns';
    const wantStun = type === undefined || type === 'stun' || type === 'stuns';
    const out: IceService[] = [];
    if (wantTurn) {
      const username = `${Math.floor(Date.now() / 1000) + CREDENTIAL_LIFETIME_S}:${userId}`;
      const password = createHmac('sha1', this.secret).update(username).digest('base64');
      for (const t of this.world.ice.turn) {
        out.push({ type: 'turn', host: t.host, port: t.port, transport: t.transport ?? 'udp', username, password });
      }
    }
    if (wantStun && !forceTurn) {
      for (const s of this.world.ice.stun) out.push({ type: 'stun', host: s.host, port: s.port, transport: s.transport ?? 'udp' });
    }
    return out;
  }
}
