/**
 * What each agent leg hears. Agent legs are created in mode `bridge` (silent by themselves);
 * the call service picks a source per signalling session (echo, tone, simulated customer, or
 * another agent's leg) and switches it when an LA1 / persistent session moves to another call.
 */
import type { MediaLeg } from '../media/media-leg';
import { startCustomer } from '../media/customer';
import { startTone } from '../media/tone';

export type SourceMode = 'echo' | 'tone' | 'customer' | 'agent' | 'idle';

export interface MediaSource {
  /** Same key = same source: nothing is restarted. */
  key: string;
  mode: SourceMode;
  start(leg: MediaLeg): () => void;
}

export const idleSource: MediaSource = { key: 'idle', mode: 'idle', start: () => () => undefined };

/** Agent RTP back to the agent, unless the agent is muted (the echo is the "far end"). */
export function echoSource(key: string, muted: () => boolean): MediaSource {
  return {
    key,
    mode: 'echo',
    start: (leg) => leg.onAgentRtp('audio', (rtp) => {
      if (!muted()) leg.sendToAgent('audio', rtp);
    }),
  };
}

export const toneSource = (key: string): MediaSource => ({ key, mode: 'tone', start: (leg) => startTone(leg) });
export const customerSource = (key: string): MediaSource => ({ key, mode: 'customer', start: (leg) => startCustomer(leg) });

/** The other agent's audio (one direction; the other agent's session adds the reverse one). */
export function agentSource(key: string, from: MediaLeg, audible: () => boolean): MediaSource {
  return {
    key,
    mode: 'agent',
    start: (leg) => {
      const offs = (['audio', 'video'] as const).map((kind) =>
        from.onAgentRtp(kind, (rtp) => {
          if (audible()) leg.sendToAgent(kind, rtp);
        }),
      );
      return () => offs.forEach((off) => off());
    },
  };
}

export class MediaRouter {
  private readonly attached = new Map<string, { key: string; mode: SourceMode; stop: () => void }>();

  /** Makes `source` the one feeding `leg` (keyed by signalling session id). */
  set(sessionId: string, leg: MediaLeg, source: MediaSource): void {
    const current = this.attached.get(sessionId);
    if (current?.key === source.key) return;
    current?.stop();
    leg.sourceChanged();
    this.attached.set(sessionId, { key: source.key, mode: source.mode, stop: source.start(leg) });
  }

  mode(sessionId: string): SourceMode {
    return this.attached.get(sessionId)?.mode ?? 'idle';
  }

  clear(sessionId: string): void {
    this.attached.get(sessionId)?.stop();
    this.attached.delete(sessionId);
  }

  clearAll(): void {
    for (const id of [...this.attached.keys()]) this.clear(id);
  }
}
