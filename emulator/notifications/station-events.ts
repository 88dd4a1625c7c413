import type { World } from '../world/world';
import type { Notifier } from './notifier';

/** `v2.users.{id}.station` on (dis)association; upstream reads `metadata.action` and `eventBody.associatedStation.id`. */
export function publishStationEvents(world: World, notifier: Notifier): () => void {
  return world.onStationChange(({ user, action, station }) => {
    const eventBody = station ? { associatedStation: { id: station.id, name: station.name } } : {};
    notifier.publish(`v2.users.${user.id}.station`, eventBody, { action });
  });
}
