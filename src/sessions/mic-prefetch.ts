import { stopOwnedTracks } from '../media/owned-tracks';
import type { SdkMedia } from '../media/sdk-media';
import type { ILogger } from '../types/logger';

/** Unclaimed microphone streams are stopped after this long. */
const PREFETCH_TTL_MS = 10_000;

interface Prefetch {
  promise: Promise<MediaStream>;
  /** the TTL */
  timer: ReturnType<typeof setTimeout>;
}

/**
 * The default microphone, opened before a softphone session needs it.
 *
 * After our proceed the cloud still has to build and send its offer (a round trip plus its
 * createOffer). A session that will be answered automatically needs the default microphone, so
 * getUserMedia (and the first enumerateDevices) runs during that time instead of after the
 * offer: it was the longest step between the offer and our answer. Whatever is not claimed is
 * stopped (TTL, retract, end, destroy).
 *
 * Not earlier: opening it at `startSoftphoneSession()` (during the REST call) was measured on
 * 2026-12-02 and made calls slower here (the emulator's REST and propose compete with the
 * capture start on the same cores: start → offer 26 vs 19 ms warm), and on a real network the
 * proceed → offer round trip hides getUserMedia just as well. The same held for video joins.
 */
export class MicPrefetch {
  private readonly bySession = new Map<string, Prefetch>();
  private destroyed = false;

  constructor(
    private readonly media: SdkMedia,
    private readonly logger: ILogger,
  ) {}

  /** For a proposal we proceed with: a task later (after the proceed), unless `answered()` by then. */
  forSession(sessionId: string, answered: () => boolean = () => false): void {
    if (this.bySession.has(sessionId)) return;
    // a task later, so the proceed (written by stanza in microtasks) goes out first
    setTimeout(() => {
      if (this.bySession.has(sessionId) || answered()) return;
      const promise = this.open(sessionId);
      if (promise) this.bySession.set(sessionId, { promise, timer: setTimeout(() => this.release(sessionId), PREFETCH_TTL_MS) });
    }, 0);
  }

  /** The session's stream, if one was opened for it; the caller owns it from now on. */
  take(sessionId: string): Promise<MediaStream> | undefined {
    const entry = this.bySession.get(sessionId);
    if (!entry) return undefined;
    clearTimeout(entry.timer);
    this.bySession.delete(sessionId);
    return entry.promise;
  }

  /** The proposal went away (retract / reject / end) or nothing claimed the stream. */
  release(sessionId: string): void {
    const entry = this.bySession.get(sessionId);
    if (!entry) return;
    this.bySession.delete(sessionId);
    this.drop(entry);
  }

  destroy(): void {
    this.destroyed = true;
    for (const id of [...this.bySession.keys()]) this.release(id);
  }

  private open(sessionId: string): Promise<MediaStream> | undefined {
    if (this.destroyed || this.media.getDefaultAudioStream()) return undefined;
    let promise: Promise<MediaStream>;
    try {
      promise = this.media.startMedia({ audio: this.media.getValidSdkMediaRequestDeviceId(undefined), sessionId });
    } catch (err) {
      this.logger.debug('microphone prefetch not started', { sessionId, error: String(err) });
      return undefined;
    }
    promise.catch(() => undefined); // reported by sdk.media; the accept rethrows it
    return promise;
  }

  private drop(entry: Prefetch): void {
    clearTimeout(entry.timer);
    entry.promise.then((stream) => stopOwnedTracks(stream, this.media), () => undefined);
  }
}
