/**
 * Speaker detection over the room's audio levels: who is speaking (above a threshold), and one
 * active speaker that changes only when someone else is clearly speaking (a hold time keeps the
 * primary video from flapping between two people talking over each other).
 */
export const SPEAKING_DBOV = -45;
const HOLD_MS = 1000;

export interface SpeakerState {
  /** Member ids speaking now, loudest first. */
  speaking: string[];
  /** The active speaker (may have just stopped talking: kept until someone else talks). */
  active: string | null;
}

export class SpeakerDetector {
  private active: string | null = null;
  private activeSince = 0;

  update(levels: Map<string, number>, now = Date.now()): SpeakerState {
    const speaking = [...levels.entries()].filter(([, dbov]) => dbov > SPEAKING_DBOV).sort((a, b) => b[1] - a[1]).map(([id]) => id);
    if (this.active !== null && !levels.has(this.active)) this.active = null;
    const loudest = speaking[0];
    if (loudest !== undefined && loudest !== this.active) {
      const activeStillTalking = this.active !== null && speaking.includes(this.active);
      if (!activeStillTalking || now - this.activeSince > HOLD_MS) {
        this.active = loudest;
        this.activeSince = now;
      }
    }
    return { speaking, active: this.active };
  }

  reset(): void {
    this.active = null;
  }
}
