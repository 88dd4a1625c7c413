/** Units of the video SFU: RTP forwarding across source switches, VP8 packetization and key frames, the clip, speakers, audio levels. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RtpHeader, RtpPacket } from 'werift';
import { BOT_AUDIO_LEVEL_EXTENSION_ID, BotMedia, botClip } from '../../emulator/media/bot/bot-media';
import { Listeners } from '../../emulator/media/listeners';
import { RtpForwarder, type RtpSink, type RtpSource } from '../../emulator/media/rtp-forward';
import { AudioLevelTracker, audioLevelExtension, SILENCE_DBOV } from '../../emulator/media/sfu/audio-level';
import { assignAudioSlots, assignVideoSlots } from '../../emulator/media/sfu/slots';
import { SpeakerDetector } from '../../emulator/media/sfu/speakers';
import { isVp8KeyFrameStart, packetizeVp8 } from '../../emulator/media/vp8/vp8-rtp';
import { waitFor } from './softphone-phone';

class FakeSource implements RtpSource {
  readonly listeners = new Listeners<[RtpPacket]>();
  keyFrameRequests = 0;
  constructor(readonly id: string) {}
  onRtp(l: (rtp: RtpPacket) => void) { return this.listeners.add(l); }
  requestKeyFrame() { this.keyFrameRequests++; }
  send(seq: number, ts: number, payload = Buffer.from([0x10, 0x00]), extensions: { id: number; payload: Buffer }[] = []) {
    this.listeners.emit(new RtpPacket(new RtpHeader({ sequenceNumber: seq & 0xffff, timestamp: ts >>> 0, payloadType: 100, ssrc: 1234, extension: extensions.length > 0, extensions }), payload));
  }
}

class FakeSink implements RtpSink {
  readonly sent: RtpPacket[] = [];
  readonly requests = new Listeners<[]>();
  private readonly ready = new Listeners<[]>();
  constructor(private up = true) {}
  send(rtp: RtpPacket) { if (this.up) this.sent.push(rtp); }
  onKeyFrameRequest(l: () => void) { return this.requests.add(l); }
  canSend() { return this.up; }
  onCanSend(l: () => void) { return this.ready.add(l); }
  /** The transport comes up (DTLS connected) or goes down. */
  setUp(up: boolean) {
    this.up = up;
    if (up) this.ready.emit();
  }
}

const KEY = Buffer.from([0x10, 0x00, 0x9d, 0x01, 0x2a]); // S=1 PID=0, P bit 0: key frame start
const DELTA = Buffer.from([0x10, 0x01]); // P bit 1
const CONT = Buffer.from([0x00, 0x55]); // not a frame start

describe('RtpForwarder', () => {
  it('keeps audio sequence numbers continuous and timestamps advancing across a source switch, strips extensions', async () => {
    const sink = new FakeSink();
    const f = new RtpForwarder('audio', sink);
    const a = new FakeSource('a');
    const b = new FakeSource('b');
    f.setSource(a);
    for (let i = 0; i < 3; i++) a.send(65534 + i, 1000 + i * 960, Buffer.from([1]), [{ id: 1, payload: Buffer.from([0x85]) }]);
    await new Promise((r) => setTimeout(r, 30));
    f.setSource(b);
    a.send(2, 4000); // the old source is no longer forwarded
    b.send(500, 77777);
    b.send(501, 77777 + 960);
    const seqs = sink.sent.map((p) => p.header.sequenceNumber);
    assert.deepEqual(seqs, [65534, 65535, 0, 1, 2]);
    const ts = sink.sent.map((p) => p.header.timestamp);
    assert.equal(ts[1]! - ts[0]!, 960);
    assert.ok(ts[3]! - ts[2]! >= 30 * 48 * 0.8, `the switch advances the timestamp by the wall-clock gap (${ts[3]! - ts[2]!})`);
    assert.equal(ts[4]! - ts[3]!, 960);
    assert.ok(sink.sent.every((p) => p.header.extensions.length === 0 && !p.header.extension));
    assert.equal(f.forwarded, 5);
    f.dispose();
  });

  it('video waits for a key frame of the new source, asks for one, and passes the viewer\'s PLI on', () => {
    const sink = new FakeSink();
    const f = new RtpForwarder('video', sink);
    const a = new FakeSource('a');
    f.setSource(a);
    assert.equal(a.keyFrameRequests, 1, 'PLI to the source at once');
    a.send(10, 90000, DELTA);
    a.send(11, 90000, CONT);
    assert.equal(sink.sent.length, 0, 'no delta frame before the key frame');
    a.send(12, 93000, KEY);
    a.send(13, 93000, CONT);
    a.send(14, 96000, DELTA);
    assert.deepEqual(sink.sent.map((p) => p.header.sequenceNumber), [12, 13, 14]);
    sink.requests.emit();
    assert.equal(a.keyFrameRequests, 2, "the viewer's PLI reaches the source");
    f.dispose();
    sink.requests.emit();
    assert.equal(a.keyFrameRequests, 2, 'nothing after dispose');
  });

  it('video toward a sink whose transport is not up yet: no key frame asked for or spent until it is, then it starts on one', () => {
    const sink = new FakeSink(false);
    const f = new RtpForwarder('video', sink);
    const a = new FakeSource('a');
    f.setSource(a);
    assert.equal(a.keyFrameRequests, 0, 'a key frame now would be lost: not asked for');
    a.send(1, 0, KEY);
    a.send(2, 3000, DELTA);
    sink.setUp(true);
    assert.equal(a.keyFrameRequests, 1, 'asked for as soon as the transport is up');
    a.send(3, 6000, DELTA);
    assert.equal(sink.sent.length, 0, 'the key frame that came before did not count');
    a.send(4, 9000, KEY);
    a.send(5, 9000, CONT);
    assert.deepEqual(sink.sent.map((p) => p.header.sequenceNumber), [4, 5]);
    // a reconnect (ICE restart, new DTLS) starts over on a fresh key frame, numbering continuous
    sink.setUp(false);
    a.send(6, 12000, DELTA);
    sink.setUp(true);
    assert.equal(a.keyFrameRequests, 2);
    a.send(7, 15000, DELTA);
    a.send(8, 18000, KEY);
    assert.deepEqual(sink.sent.map((p) => p.header.sequenceNumber), [4, 5, 6]);
    assert.ok(isVp8KeyFrameStart(sink.sent[2]!.payload));
    f.dispose();
    sink.setUp(true);
    assert.equal(a.keyFrameRequests, 2, 'nothing after dispose');
  });

  it('restartOnKeyFrame resumes right after the last packet sent (no gap to NACK)', () => {
    const sink = new FakeSink();
    const f = new RtpForwarder('video', sink);
    const a = new FakeSource('a');
    f.setSource(a);
    a.send(100, 0, KEY);
    a.send(101, 3000, DELTA);
    f.restartOnKeyFrame();
    a.send(102, 6000, DELTA);
    a.send(103, 9000, KEY);
    assert.deepEqual(sink.sent.map((p) => p.header.sequenceNumber), [100, 101, 102]);
    f.dispose();
  });
});

describe('VP8 RTP', () => {
  it('packetizes a frame with a PictureID descriptor; only the first packet of a key frame is a key frame start', () => {
    const clip = botClip();
    assert.equal(clip.fourcc, 'VP80');
    assert.equal(clip.width, 320);
    assert.equal(clip.fps, 15);
    assert.ok(clip.frames.length >= 60, `${clip.frames.length} frames`);
    assert.ok(clip.frames[0]!.key);
    const keys = clip.frames.filter((f) => f.key).length;
    assert.ok(keys >= 4 && keys <= clip.frames.length / 10, `a key frame about every second (${keys})`);
    const key = clip.frames[0]!.data;
    const payloads = packetizeVp8(key, 0x1234);
    assert.ok(payloads.length > 1, 'a key frame spans several packets');
    assert.ok(payloads.every((p) => p.length <= 1100));
    assert.deepEqual([...payloads[0]!.subarray(0, 4)], [0x90, 0x80, 0x80 | 0x12, 0x34]);
    assert.ok(isVp8KeyFrameStart(payloads[0]!));
    assert.ok(payloads.slice(1).every((p) => !isVp8KeyFrameStart(p)));
    assert.equal(Buffer.concat(payloads.map((p) => p.subarray(4))).compare(key), 0, 'payloads reassemble the frame');
    const delta = clip.frames.find((f) => !f.key)!.data;
    assert.ok(!isVp8KeyFrameStart(packetizeVp8(delta, 1)[0]!));
  });
});

describe('bot media', () => {
  it('sends paced Opus with an RFC 6464 level and VP8 that jumps to a key frame on request', async () => {
    const bot = new BotMedia({ audio: true, video: true });
    const audio: RtpPacket[] = [];
    const video: RtpPacket[] = [];
    bot.audio!.onRtp((p) => audio.push(p));
    bot.video!.onRtp((p) => video.push(p));
    try {
      await waitFor('media', () => audio.length >= 10 && video.some((p) => p.header.marker), 3000);
      assert.ok(audio.every((p) => p.header.extensions.some((e) => e.id === BOT_AUDIO_LEVEL_EXTENSION_ID)));
      const step = (audio[1]!.header.timestamp - audio[0]!.header.timestamp) >>> 0;
      assert.equal(step, 960);
      const keysBefore = video.filter((p) => isVp8KeyFrameStart(p.payload)).length;
      bot.video!.requestKeyFrame();
      await waitFor('key frame', () => video.filter((p) => isVp8KeyFrameStart(p.payload)).length > keysBefore, 1000);
    } finally {
      bot.dispose();
    }
  });
});

describe('speakers and levels', () => {
  it('audio level: from the RFC 6464 extension, else from decoded Opus', async () => {
    const src = new FakeSource('s');
    const withExt = new AudioLevelTracker(src, () => 3);
    src.send(1, 0, Buffer.from([0]), [{ id: 3, payload: audioLevelExtension(-20, true) }]);
    assert.equal(withExt.level(), -20);
    withExt.dispose();
    const bot = new BotMedia({ audio: true, video: false });
    const decoded = new AudioLevelTracker(bot.audio!, () => undefined);
    let max = SILENCE_DBOV;
    try {
      await waitFor('bot speaking (decoded)', () => {
        max = Math.max(max, decoded.level());
        return max > -40;
      }, 8000);
    } finally {
      decoded.dispose();
      bot.dispose();
    }
  });

  it('the active speaker changes only when another speaks (hold time)', () => {
    const d = new SpeakerDetector();
    const at = (ms: number, levels: Record<string, number>) => d.update(new Map(Object.entries(levels)), ms);
    assert.equal(at(0, { a: -20, b: -90 }).active, 'a');
    assert.equal(at(500, { a: -20, b: -10 }).active, 'a', 'a still talking within the hold time');
    assert.equal(at(1600, { a: -20, b: -10 }).active, 'b');
    const s = at(2000, { a: -100, b: -100 });
    assert.equal(s.active, 'b', 'kept while nobody talks');
    assert.deepEqual(s.speaking, []);
    assert.equal(at(2100, { a: -30, b: -100 }).active, 'a');
  });
});

describe('slot assignment', () => {
  const cams = (...ids: string[]) => ids.map((id) => ({ id, videoMuted: id.endsWith('-off') }));
  const empty = [null, null, null, null, null];

  it('video: first joiner primary, others fill in join order, nobody reshuffled when someone joins or leaves', () => {
    let slots = assignVideoSlots({ previous: empty, candidates: cams('a', 'b'), pinned: null, activeSpeaker: null });
    assert.deepEqual(slots, ['a', 'b', null, null, null]);
    slots = assignVideoSlots({ previous: slots, candidates: cams('a', 'b', 'c'), pinned: null, activeSpeaker: null });
    assert.deepEqual(slots, ['a', 'b', 'c', null, null]);
    slots = assignVideoSlots({ previous: slots, candidates: cams('a', 'c'), pinned: null, activeSpeaker: null });
    assert.deepEqual(slots, ['a', null, 'c', null, null], 'c keeps its slot when b leaves');
  });

  it('video: the pin wins over the active speaker, the speaker over the sticky primary; the displaced one keeps a slot', () => {
    const previous = ['a', 'b', 'c', null, null];
    assert.deepEqual(assignVideoSlots({ previous, candidates: cams('a', 'b', 'c'), pinned: null, activeSpeaker: 'c' }), ['c', 'b', 'a', null, null]);
    assert.deepEqual(assignVideoSlots({ previous, candidates: cams('a', 'b', 'c'), pinned: 'b', activeSpeaker: 'c' }), ['b', 'a', 'c', null, null]);
    assert.deepEqual(assignVideoSlots({ previous, candidates: cams('a', 'b', 'c'), pinned: 'gone', activeSpeaker: null }), ['a', 'b', 'c', null, null]);
  });

  it('video: a speaker with the camera off does not take the primary slot; cameras that are on fill first', () => {
    assert.deepEqual(assignVideoSlots({ previous: empty, candidates: cams('x-off', 'a'), pinned: null, activeSpeaker: 'x-off' }), ['a', 'x-off', null, null, null]);
  });

  it('video: at most five, the sixth only through the primary slot', () => {
    const previous = ['a', 'b', 'c', 'd', 'e'];
    const candidates = cams('a', 'b', 'c', 'd', 'e', 'f');
    assert.deepEqual(assignVideoSlots({ previous, candidates, pinned: null, activeSpeaker: null }), previous);
    assert.deepEqual(assignVideoSlots({ previous, candidates, pinned: null, activeSpeaker: 'f' }), ['f', 'b', 'c', 'd', 'e']);
  });

  it('audio: sticky, and beyond five a speaker takes a silent member\'s slot', () => {
    const previous = ['a', 'b', 'c', 'd', 'e'];
    const candidates = ['a', 'b', 'c', 'd', 'e', 'f'];
    assert.deepEqual(assignAudioSlots({ previous, candidates, speaking: [] }), previous);
    assert.deepEqual(assignAudioSlots({ previous, candidates, speaking: ['f', 'a'] }), ['a', 'f', 'c', 'd', 'e']);
    assert.deepEqual(assignAudioSlots({ previous: empty, candidates: ['a', 'b'], speaking: ['b'] }), ['a', 'b', null, null, null]);
  });
});
