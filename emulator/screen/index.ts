/** The screen part of the emulator: guest screen share, screen recording, live screen monitoring. */
import type { CallService } from '../conversations/call-service';
import type { Router } from '../http/router';
import type { Logger } from '../log';
import type { MediaEdge } from '../media/media-edge';
import type { JwtIssuer } from '../world/jwt';
import type { World } from '../world/world';
import type { XmppServer } from '../xmpp/server';
import { addScreenRoutes } from './routes';
import { ScreenService } from './screen-service';

export interface ScreenDeps {
  world: World;
  xmpp: XmppServer;
  router: Router;
  jwt: JwtIssuer;
  log: Logger;
  /** the softphone's call service: conversations the guest shares into, settings (flavour, grace) */
  calls: CallService;
  edge: MediaEdge;
}

export function installScreen(deps: ScreenDeps): ScreenService {
  const screens = new ScreenService({ world: deps.world, xmpp: deps.xmpp, edge: deps.edge, log: deps.log, calls: deps.calls });
  addScreenRoutes(deps.router, { world: deps.world, jwt: deps.jwt, screens });
  return screens;
}

export { ScreenService } from './screen-service';
