/**
 * webrtc-stats-gatherer (telemetry of each session's peer connection) loads on its own, after
 * `ready` or with the first session: no page pays for it before then, and none with
 * `optOutOfTelemetry`. A gatherer made after the peer connection connected still polls; only the
 * ICE connect time of that first session is then not measured.
 */
export type StatsGathererClass = typeof import('./stats-gatherer').default;

let loaded: StatsGathererClass | undefined;
let loading: Promise<StatsGathererClass> | undefined;

export function loadStatsGatherer(): Promise<StatsGathererClass> {
  loading ??= import('./stats-gatherer').then((m) => (loaded = m.default), (err: unknown) => {
    loading = undefined;
    throw err;
  });
  return loading;
}

/** The class if already loaded (sessions then create their gatherer at once). */
export function statsGathererIfLoaded(): StatsGathererClass | undefined {
  return loaded;
}
