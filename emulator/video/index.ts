/** The video part of the emulator: rooms, meetings, the SFU, bots, routes. */
import type { Router } from '../http/router';
import type { Logger } from '../log';
import type { Notifier } from '../notifications/notifier';
import type { JwtIssuer } from '../world/jwt';
import type { World } from '../world/world';
import type { XmppServer } from '../xmpp/server';
import type { SignalingFlavour } from '../conversations/signaling/session';
import { addVideoRoutes } from './routes';
import { VideoService } from './video-service';

export interface VideoDeps {
  world: World;
  xmpp: XmppServer;
  notifier: Notifier;
  router: Router;
  jwt: JwtIssuer;
  log: Logger;
  flavourOf(userId: string): SignalingFlavour;
  graceMs(): number;
  mediaHostAddresses?: string[];
}

export function installVideo(deps: VideoDeps): VideoService {
  const video = new VideoService({
    world: deps.world,
    xmpp: deps.xmpp,
    notifier: deps.notifier,
    log: deps.log,
    flavourOf: deps.flavourOf,
    graceMs: deps.graceMs,
    hostAddresses: deps.mediaHostAddresses ?? ['127.0.0.1'],
  });
  addVideoRoutes(deps.router, { world: deps.world, jwt: deps.jwt, video });
  return video;
}

export { VideoService, VideoError, conversationsTopic, mediaTopic } from './video-service';
export { VideoRoom, type VideoParticipant } from './room';
