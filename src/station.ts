import type { PlatformClient } from './api/platform-client';
import type { Notifications } from './streaming/notifications';
import type { ILogger } from './types/logger';
import type { ISdkStationEvent, IStation } from './types/station';

interface StationTopicEvent {
  associatedStation?: { id?: string };
}

/**
 * The user's effective WebRTC station: fetched at initialize and kept current from the
 * `v2.users.{id}.station` topic. Only used when softphone sessions are allowed.
 */
export class StationTracker {
  private _station: IStation | null = null;
  private fetchSeq = 0;

  constructor(
    private readonly userId: string,
    private readonly api: PlatformClient,
    private readonly notifications: Notifications,
    private readonly logger: ILogger,
    private readonly emitStation: (event: ISdkStationEvent) => void,
    private readonly emitConcurrent: (enabled: boolean) => void,
  ) {}

  get station(): IStation | null { return this._station; }

  isPersistentConnectionEnabled(): boolean {
    return !!(this._station && this._station.webRtcPersistentEnabled && this._station.type === 'inin_webrtc_softphone');
  }

  isConcurrentSoftphoneSessionsEnabled(): boolean {
    return (this._station?.webRtcCallAppearances ?? 0) > 1;
  }

  /** GET stations/{id}; `initialize()` starts it early and hands the promise to `start`. */
  static fetchStation(api: PlatformClient, stationId: string): Promise<IStation> {
    return api.request<IStation>(`stations/${encodeURIComponent(stationId)}`);
  }

  /**
   * Loads the effective station (if any) and listens for association changes. `prefetched` is
   * a `fetchStation` of that station already under way. The topic is subscribed at once; the
   * station (and its events) is applied once `connected` resolves, so the SDK's `connected`
   * event still comes before `station`.
   */
  async start(effectiveStationId: string | undefined, prefetched?: Promise<IStation>, connected?: Promise<void>): Promise<void> {
    const topic = `v2.users.${this.userId}.station`;
    const subscribed = this.notifications.subscribe<StationTopicEvent>(topic, (event) => this.onTopicEvent(event.metadata, event.eventBody));
    subscribed.catch(() => undefined); // awaited below
    await connected;
    if (effectiveStationId) {
      await this.fetch(effectiveStationId, prefetched);
    } else {
      this.logger.warn('User does not have an effective station');
    }
    await subscribed;
  }

  private onTopicEvent(metadata: Record<string, unknown> | undefined, body: StationTopicEvent | undefined): void {
    const action = metadata?.action;
    if (action === 'Disassociated') {
      this.fetchSeq++; // a fetch still in flight must not resurrect the old station
      this._station = null;
      this.emitStation({ action: 'Disassociated', station: null });
    } else if (action === 'Associated' || action === 'WebRTCMigration') {
      const id = body?.associatedStation?.id ?? this._station?.id;
      if (id) void this.fetch(id).catch(() => undefined);
    }
  }

  private async fetch(stationId: string, prefetched?: Promise<IStation>): Promise<void> {
    const seq = ++this.fetchSeq;
    try {
      const station = await (prefetched ?? StationTracker.fetchStation(this.api, stationId));
      if (seq !== this.fetchSeq) return;
      this._station = station;
      this.logger.info('station loaded', { id: station.id, type: station.type, lineAppearance: station.webRtcCallAppearances, persistent: station.webRtcPersistentEnabled, forceTurn: station.webRtcForceTurn });
      this.emitConcurrent(this.isConcurrentSoftphoneSessionsEnabled());
      this.emitStation({ action: 'Associated', station });
    } catch (err) {
      this.logger.warn('Failed to load the user\'s station', err);
      throw err;
    }
  }
}
