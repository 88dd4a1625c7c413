/** The softphone part of the emulator: conversations, signalling gateway, media routing, routes. */
import type { Logger } from '../log';
import { MediaEdge } from '../media/media-edge';
import type { Notifier } from '../notifications/notifier';
import type { Router } from '../http/router';
import type { JwtIssuer } from '../world/jwt';
import type { World } from '../world/world';
import type { XmppServer } from '../xmpp/server';
import { CallService } from './call-service';
import { ConversationEvents } from './conversation-events';
import { addSoftphoneControlRoutes } from './control-routes';
import { addSoftphoneRestRoutes } from './rest-routes';

export interface SoftphoneDeps {
  world: World;
  xmpp: XmppServer;
  notifier: Notifier;
  router: Router;
  jwt: JwtIssuer;
  log: Logger;
  /** Host candidate addresses of the media legs (default loopback only). */
  mediaHostAddresses?: string[];
}

export function installSoftphone(deps: SoftphoneDeps): CallService {
  const edge = new MediaEdge({ hostAddresses: deps.mediaHostAddresses ?? ['127.0.0.1'] });
  const calls = new CallService({ world: deps.world, xmpp: deps.xmpp, edge, events: new ConversationEvents(deps.notifier), log: deps.log });
  addSoftphoneRestRoutes(deps.router, { world: deps.world, jwt: deps.jwt, calls });
  addSoftphoneControlRoutes(deps.router, calls);
  return calls;
}

export { CallService, type SoftphoneSettings } from './call-service';
export { isFlavour } from './control-routes';
export type { SignalingFlavour } from './signaling/session';
