import { bridge } from './bridge';
import { MediaError } from './media-error';
import { MediaLeg, type IceServer, type LegCounters, type LegMode, type LegState } from './media-leg';

/** Dial targets with fixed behaviour (ARCHITECTURE §7). */
export const ECHO_NUMBER = '+15550100';
export const TONE_NUMBER = '+15550101';

export interface MediaEdgeOptions {
  /** Host candidate addresses for every leg; e.g. ['127.0.0.1'] in tests. Default: every interface. */
  hostAddresses?: string[];
  iceServers?: IceServer[];
}

export interface CreateLegOptions {
  mode: LegMode;
  /** default true */
  audio?: boolean;
  video?: boolean;
  videoSlots?: number;
  videoDirection?: 'sendrecv' | 'recvonly' | 'sendonly';
  msidOnEverySection?: boolean;
  dataChannel?: boolean;
  id?: string;
}

export interface LegStats {
  id: string;
  mode: LegMode;
  state: LegState;
  counters: LegCounters;
}

/** The mode a leg toward a dialled number gets: echo, tone, or a simulated party. */
export function modeForDialTarget(target: string): LegMode {
  const digits = target.replace(/^tel:/, '').replace(/[\s()-]/g, '');
  if (digits === ECHO_NUMBER) return 'echo';
  if (digits === TONE_NUMBER) return 'tone';
  return 'customer';
}

/** Creates and tracks the emulator's media legs; closed legs drop out of the registry. */
export class MediaEdge {
  private readonly legs = new Map<string, MediaLeg>();
  private readonly unbridges = new Map<string, () => void>();

  constructor(private readonly options: MediaEdgeOptions = {}) {}

  createLeg(options: CreateLegOptions): MediaLeg {
    const leg = new MediaLeg({
      audio: options.audio,
      video: options.video,
      videoSlots: options.videoSlots,
      videoDirection: options.videoDirection,
      msidOnEverySection: options.msidOnEverySection,
      dataChannel: options.dataChannel,
      mode: options.mode,
      id: options.id,
      hostAddresses: this.options.hostAddresses,
      iceServers: this.options.iceServers,
    });
    if (this.legs.has(leg.id)) throw new MediaError('bad-state', `media leg ${leg.id} exists already`);
    this.legs.set(leg.id, leg);
    leg.onState((state) => {
      if (state.connectionState === 'closed') this.forget(leg.id);
    });
    return leg;
  }

  createLegForDialTarget(target: string, options: Omit<CreateLegOptions, 'mode'> = {}): MediaLeg {
    return this.createLeg({ ...options, mode: modeForDialTarget(target) });
  }

  /** Connects two legs' media (agent-to-agent); undone when either leg closes. */
  bridge(legIdA: string, legIdB: string): void {
    const a = this.get(legIdA);
    const b = this.get(legIdB);
    const unbridge = bridge(a, b);
    this.unbridges.set(a.id, unbridge);
    this.unbridges.set(b.id, unbridge);
  }

  get(legId: string): MediaLeg {
    const leg = this.legs.get(legId);
    if (!leg) throw new MediaError('unknown-leg', `no media leg ${legId}`);
    return leg;
  }

  has(legId: string): boolean {
    return this.legs.has(legId);
  }

  stats(legId: string): LegStats {
    const leg = this.get(legId);
    return { id: leg.id, mode: leg.mode, state: leg.state, counters: leg.counters() };
  }

  async close(legId: string): Promise<void> {
    await this.legs.get(legId)?.close();
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.legs.values()].map((leg) => leg.close()));
  }

  private forget(legId: string): void {
    this.legs.delete(legId);
    this.unbridges.get(legId)?.();
    this.unbridges.delete(legId);
  }
}
