/**
 * A simulated video participant's media, as forwarding sources: Opus speech-like audio (with the
 * RFC 6464 audio level, as a browser sends it) and VP8 video from the committed clip
 * (`assets/bot-320x240.ivf`, made by `scripts/make-bot-clip.sh`), looped with continuous RTP
 * timestamps. A key frame request jumps to the clip's next key frame (one per second in the
 * clip), so a newcomer or a slot switch gets a picture at once. Like an encoder's key frame
 * throttle, jumps are at least KEY_JUMP_MIN_MS apart: a request inside that window is kept and
 * served when it ends (never dropped), and any key frame that goes out answers it.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { RtpHeader, RtpPacket } from 'werift';
import { Listeners } from '../listeners';
import { FRAME_MS, FRAME_SAMPLES } from '../opus-tone';
import type { RtpSource } from '../rtp-forward';
import { audioLevelExtension } from '../sfu/audio-level';
import { readIvf, type IvfClip } from '../vp8/ivf';
import { packetizeVp8 } from '../vp8/vp8-rtp';
import { speechFrames } from './speech-audio';

/** Extension id the bots put their audio level under (their own "negotiation"). */
export const BOT_AUDIO_LEVEL_EXTENSION_ID = 1;
const CLIP_PATH = fileURLToPath(new URL('../assets/bot-320x240.ivf', import.meta.url));
const MAX_BURST = 3;
const KEY_JUMP_MIN_MS = 250;

let clip: IvfClip | null = null;
export function botClip(): IvfClip {
  clip ??= readIvf(CLIP_PATH);
  return clip;
}

export interface BotMediaOptions {
  audio: boolean;
  video: boolean;
}

export interface BotCounters {
  audio: number;
  video: number;
}

/** Paced RTP production; one timer per kind, started at once, stopped by dispose(). */
export class BotMedia {
  readonly id = randomUUID();
  readonly audio: RtpSource | null;
  readonly video: RtpSource | null;
  readonly sent: BotCounters = { audio: 0, video: 0 };
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly audioListeners = new Listeners<[RtpPacket]>();
  private readonly videoListeners = new Listeners<[RtpPacket]>();
  private keyFrameWanted = false;

  constructor(options: BotMediaOptions) {
    this.audio = options.audio ? this.startAudio() : null;
    this.video = options.video ? this.startVideo() : null;
  }

  dispose(): void {
    for (const t of this.timers.splice(0)) clearInterval(t);
    this.audioListeners.clear();
    this.videoListeners.clear();
  }

  private startAudio(): RtpSource {
    const frames = speechFrames();
    let index = randomInt(frames.length);
    let seq = randomInt(0x10000);
    const ts0 = randomInt(0x100000000);
    const started = Date.now();
    let due = 0;
    this.paced(FRAME_MS, () => {
      const target = Math.floor((Date.now() - started) / FRAME_MS);
      if (target - due > MAX_BURST) due = target - MAX_BURST;
      for (; due < target; due++) {
        const frame = frames[index]!;
        index = (index + 1) % frames.length;
        const header = new RtpHeader({
          payloadType: 111,
          sequenceNumber: seq,
          timestamp: (ts0 + due * FRAME_SAMPLES) >>> 0,
          marker: false,
          extension: true,
          extensions: [{ id: BOT_AUDIO_LEVEL_EXTENSION_ID, payload: audioLevelExtension(frame.dbov, frame.voice) }],
        });
        seq = (seq + 1) & 0xffff;
        this.sent.audio++;
        this.audioListeners.emit(new RtpPacket(header, frame.opus));
      }
    });
    return { id: `${this.id}:audio`, onRtp: (l) => this.audioListeners.add(l), requestKeyFrame: () => undefined };
  }

  private startVideo(): RtpSource {
    const { frames, fps } = botClip();
    const frameMs = 1000 / fps;
    const step = Math.round(90000 / fps);
    let index = 0;
    let seq = randomInt(0x10000);
    let pictureId = randomInt(0x8000);
    const ts0 = randomInt(0x100000000);
    const started = Date.now();
    let due = 0;
    let lastJump = 0;
    this.paced(frameMs, () => {
      const target = Math.floor((Date.now() - started) / frameMs);
      if (target - due > MAX_BURST) due = target - MAX_BURST;
      for (; due < target; due++) {
        if (this.keyFrameWanted && Date.now() - lastJump >= KEY_JUMP_MIN_MS) {
          this.keyFrameWanted = false;
          lastJump = Date.now();
          while (!frames[index]!.key) index = (index + 1) % frames.length;
        }
        const frame = frames[index]!;
        if (frame.key) this.keyFrameWanted = false; // the clip's own key frame answers a pending request
        index = (index + 1) % frames.length;
        const payloads = packetizeVp8(frame.data, pictureId);
        pictureId = (pictureId + 1) & 0x7fff;
        payloads.forEach((payload, i) => {
          const header = new RtpHeader({
            payloadType: 96,
            sequenceNumber: seq,
            timestamp: (ts0 + due * step) >>> 0,
            marker: i === payloads.length - 1,
          });
          seq = (seq + 1) & 0xffff;
          this.sent.video++;
          this.videoListeners.emit(new RtpPacket(header, payload));
        });
      }
    });
    return {
      id: `${this.id}:video`,
      onRtp: (l) => this.videoListeners.add(l),
      requestKeyFrame: () => {
        this.keyFrameWanted = true;
      },
    };
  }

  private paced(periodMs: number, tick: () => void): void {
    const timer = setInterval(tick, Math.max(5, Math.floor(periodMs / 2)));
    timer.unref();
    this.timers.push(timer);
  }
}
