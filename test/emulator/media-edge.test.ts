import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, describe, it } from 'node:test';
import { RTCPeerConnection, RtpHeader, RtpPacket, useOPUS, useVP8, type RTCRtpTransceiver } from 'werift';
import { AudioMeter, LOUD_RMS } from '../../emulator/media/audio-meter';
import {
  candidateToJingle,
  formatCandidateFragment,
  jingleCandidateToInit,
  jingleToCandidates,
  jingleToSdp,
  parseCandidateFragment,
  sdpToJingle,
} from '../../emulator/media/jingle-sdp';
import { MediaEdge, modeForDialTarget } from '../../emulator/media/media-edge';
import { MediaError } from '../../emulator/media/media-error';
import type { MediaLeg } from '../../emulator/media/media-leg';
import { FRAME_MS, FRAME_SAMPLES, OpusToneEncoder } from '../../emulator/media/opus-tone';
import { sleep, waitFor } from './helpers';

const LOOPBACK = ['127.0.0.1'];
const edge = new MediaEdge({ hostAddresses: LOOPBACK });
const browsers: FakeBrowser[] = [];
after(async () => {
  await edge.closeAll();
  await Promise.all(browsers.map((b) => b.close()));
});


/** The agent's browser, played by a second werift peer on loopback: answers, sends Opus, meters what it hears. */
class FakeBrowser {
  readonly pc = new RTCPeerConnection({
    codecs: { audio: [useOPUS()], video: [useVP8()] },
    iceUseIpv4: false,
    iceUseIpv6: false,
    iceAdditionalHostAddresses: LOOPBACK,
    iceInterfaceAddresses: { udp4: '127.0.0.1' },
  });
  readonly heard = new AudioMeter();
  packetsReceived = 0;
  private audio: RTCRtpTransceiver | undefined;
  private sending: ReturnType<typeof setInterval> | undefined;

  constructor() {
    browsers.push(this);
    this.pc.onRemoteTransceiverAdded.subscribe((tr) => {
      if (tr.kind === 'audio') this.audio = tr;
      tr.onTrack.subscribe((track) =>
        track.onReceiveRtp.subscribe((rtp) => {
          this.packetsReceived++;
          if (tr.kind === 'audio') this.heard.push(rtp.payload);
        }),
      );
    });
  }

  async answer(offer: string): Promise<string> {
    await this.pc.setRemoteDescription({ type: 'offer', sdp: offer });
    await this.pc.setLocalDescription(await this.pc.createAnswer());
    return this.pc.localDescription!.sdp;
  }

  /** Sends a 20 ms-paced Opus stream: a loud tone, or encoded digital silence (what Chrome sends for a disabled track). */
  startSending(kind: 'tone' | 'silence'): void {
    this.stopSending();
    const encoder = new OpusToneEncoder({ frequencyHz: 523, amplitude: kind === 'tone' ? 0.3 : 0 });
    let seq = 0;
    this.sending = setInterval(() => {
      const header = new RtpHeader({ payloadType: 111, sequenceNumber: seq, timestamp: seq * FRAME_SAMPLES });
      seq++;
      this.audio?.sender.sendRtp(new RtpPacket(header, encoder.nextFrame())).catch(() => undefined);
    }, FRAME_MS);
  }

  stopSending(): void {
    clearInterval(this.sending);
  }

  async close(): Promise<void> {
    this.stopSending();
    this.heard.dispose();
    await this.pc.close();
  }
}

/** Offer → answer → both sides connected; returns offer→connected ms. */
async function connect(leg: MediaLeg, browser: FakeBrowser): Promise<number> {
  const started = Date.now();
  const offer = await leg.createOffer();
  await leg.applyAnswer(await browser.answer(offer));
  await waitFor('leg connected', () => leg.state.connectionState === 'connected');
  return Date.now() - started;
}

describe('MediaLeg offer', () => {
  it('offers Opus only with host candidates inline, on loopback only', async () => {
    const leg = edge.createLeg({ mode: 'silence', video: true });
    const sdp = await leg.createOffer();
    assert.match(sdp, /a=rtpmap:111 opus\/48000\/2/);
    assert.match(sdp, /a=rtpmap:96 VP8\/90000/);
    const rtpmaps = sdp.match(/^a=rtpmap:.*$/gm) ?? [];
    assert.equal(rtpmaps.length, 2, `only Opus + VP8 offered: ${rtpmaps.join(', ')}`);
    const candidates = sdp.match(/^a=candidate:.*$/gm) ?? [];
    assert.ok(candidates.length >= 1, 'host candidates are inline');
    for (const c of candidates) assert.match(c, / 127\.0\.0\.1 \d+ typ host/);
    assert.match(sdp, /a=setup:actpass/);
    await leg.close();
    await leg.close(); // idempotent
    assert.equal(edge.has(leg.id), false, 'closed legs leave the registry');
  });
});

describe('echo leg', () => {
  it('returns the agent audio, counts it, meters it, and stops counting when the agent stops', async () => {
    const leg = edge.createLegForDialTarget('+15550100');
    assert.equal(leg.mode, 'echo');
    const browser = new FakeBrowser();
    const connectMs = await connect(leg, browser);
    browser.startSending('tone');
    await waitFor('echoed packets', () => browser.packetsReceived > 40);
    const c = edge.stats(leg.id).counters.audio;
    assert.ok(c.rtpPacketsFromAgent > 40, `from agent ${c.rtpPacketsFromAgent}`);
    assert.ok(c.rtpPacketsToAgent > 40, `to agent ${c.rtpPacketsToAgent}`);
    assert.ok(c.rtpBytesFromAgent > c.rtpPacketsFromAgent * 12);
    assert.ok(c.audioLevelFromAgent > 0.1, `agent level ${c.audioLevelFromAgent}`);
    assert.ok(c.loudPacketsFromAgent > 30, `loud ${c.loudPacketsFromAgent}`);
    assert.ok(browser.heard.level() > 0.1, `browser hears the echo: ${browser.heard.level()}`);

    browser.stopSending();
    await sleep(200);
    const stopped = leg.counters().audio;
    await sleep(400);
    const later = leg.counters().audio;
    assert.equal(later.rtpPacketsFromAgent, stopped.rtpPacketsFromAgent, 'no RTP after the agent stopped');
    assert.equal(later.rtpPacketsToAgent, stopped.rtpPacketsToAgent, 'echo stops too');
    assert.equal(later.audioLevelFromAgent, 0, 'level decays to 0 without packets');
    console.log(`# echo: offer→connected ${connectMs} ms, from agent ${stopped.rtpPacketsFromAgent}, to agent ${stopped.rtpPacketsToAgent}`);
  });

  it('tells a silent (track.enabled=false) agent from a talking one', async () => {
    const leg = edge.createLeg({ mode: 'echo' });
    const browser = new FakeBrowser();
    await connect(leg, browser);
    browser.startSending('silence');
    await waitFor('silent packets', () => leg.counters().audio.rtpPacketsFromAgent > 25);
    const c = leg.counters().audio;
    assert.equal(c.loudPacketsFromAgent, 0, 'silence frames are not loud');
    assert.ok(c.audioLevelFromAgent < LOUD_RMS, `silent level ${c.audioLevelFromAgent}`);
    browser.startSending('tone');
    await waitFor('loud packets', () => leg.counters().audio.loudPacketsFromAgent > 10);
  });
});

describe('tone and customer legs', () => {
  it('+15550101 streams a continuous non-silent tone, and hold stops it', async () => {
    const leg = edge.createLegForDialTarget('+15550101');
    assert.equal(leg.mode, 'tone');
    const browser = new FakeBrowser();
    await connect(leg, browser);
    await waitFor('tone packets', () => browser.packetsReceived > 40);
    assert.ok(browser.heard.level() > 0.1, `tone level ${browser.heard.level()}`);
    assert.ok(browser.heard.loudPackets > 35, `loud tone packets ${browser.heard.loudPackets}`);
    assert.equal(leg.counters().audio.rtpPacketsFromAgent, 0, 'the browser sent nothing');

    leg.setHeld(true);
    await sleep(100);
    const held = browser.packetsReceived;
    await sleep(300);
    assert.equal(browser.packetsReceived, held, 'no RTP while held');
    leg.setHeld(false);
    await waitFor('tone resumes', () => browser.packetsReceived > held + 10);
  });

  it('other numbers get the customer pattern: bursts of tone and silence', async () => {
    const leg = edge.createLegForDialTarget('+13175550199');
    assert.equal(leg.mode, 'customer');
    const browser = new FakeBrowser();
    await connect(leg, browser);
    await waitFor('customer packets', () => browser.packetsReceived >= 75);
    const loudShare = browser.heard.loudPackets / browser.packetsReceived;
    assert.ok(loudShare > 0.3 && loudShare < 0.7, `loud share ${loudShare}`);
  });
});

describe('bridge', () => {
  it('forwards RTP A→B and B→A', async () => {
    const legA = edge.createLeg({ mode: 'bridge' });
    const legB = edge.createLeg({ mode: 'bridge' });
    const [a, b] = [new FakeBrowser(), new FakeBrowser()];
    await Promise.all([connect(legA, a), connect(legB, b)]);
    edge.bridge(legA.id, legB.id);

    a.startSending('tone');
    await waitFor('A→B', () => b.packetsReceived > 25);
    assert.ok(b.heard.level() > 0.1, 'B hears A');
    assert.equal(a.packetsReceived, 0, 'A does not hear itself');
    a.stopSending();

    b.startSending('tone');
    await waitFor('B→A', () => a.packetsReceived > 25);
    assert.ok(a.heard.level() > 0.1, 'A hears B');
    b.stopSending();
    assert.ok(legA.counters().audio.rtpPacketsToAgent > 25 && legB.counters().audio.rtpPacketsToAgent > 25);
  });
});

describe('Jingle conversion', () => {
  it('offer SDP → session-initiate contents → SDP still negotiates, and the Jingle answer applies', async () => {
    const leg = edge.createLeg({ mode: 'echo', video: true, dataChannel: true });
    const offer = await leg.createOffer();
    assert.match(offer, /^m=application 9 UDP\/DTLS\/SCTP webrtc-datachannel/m);
    const initiate = sdpToJingle(offer, 'initiator');
    const mids = [...offer.matchAll(/^a=mid:(\S+)/gm)].map((m) => m[1]);
    assert.deepEqual(
      initiate.contents.map((c) => c.name),
      mids,
      'content name = mid',
    );
    const candidates = jingleToCandidates(initiate.contents);
    assert.ok(candidates.length > 0, 'inline candidates travel in the transports');
    for (const c of initiate.contents) {
      const transport = c.transport as { candidates?: Array<{ component: unknown }> };
      for (const cand of transport.candidates ?? []) assert.equal(cand.component, 1);
    }
    assert.deepEqual(initiate.groups, [{ semantics: 'BUNDLE', contents: mids }]);

    const browser = new FakeBrowser();
    const answer = await browser.answer(jingleToSdp(initiate, 'initiator'));
    const accept = sdpToJingle(answer, 'responder');
    await leg.applyAnswer(jingleToSdp(accept, 'responder'));
    await waitFor('connected via Jingle', () => leg.state.connectionState === 'connected');
    browser.startSending('tone');
    await waitFor('echo via Jingle', () => browser.packetsReceived > 10);
    browser.stopSending();

    // As upstream video: the client opens the control channel once connected.
    const labels: string[] = [];
    leg.onDataChannel((channel) => labels.push(channel.label));
    browser.pc.createDataChannel('videoConferenceControl');
    await waitFor('client data channel', () => labels.length > 0);
    assert.deepEqual(labels, ['videoConferenceControl']);
  });

  it('trickled client candidates (Jingle and SDP-over-XMPP fragments) connect a candidate-less answer', async () => {
    const leg = edge.createLeg({ mode: 'echo' });
    const browser = new FakeBrowser();
    const answer = await browser.answer(await leg.createOffer());
    const lines = answer.match(/^a=candidate:.*$/gm) ?? [];
    assert.ok(lines.length > 0);
    await leg.applyAnswer(answer.replace(/^a=(candidate:.*|end-of-candidates)\r\n/gm, ''));
    const mid = /^a=mid:(\S+)/m.exec(answer)![1]!;
    for (const line of lines) {
      const viaJingle = jingleCandidateToInit(candidateToJingle(line), mid);
      const viaFragment = parseCandidateFragment(formatCandidateFragment({ candidate: line, sdpMid: mid }));
      assert.deepEqual(viaFragment, { candidate: line.slice(2), sdpMid: mid });
      await leg.addRemoteCandidate(viaJingle);
    }
    await leg.addRemoteCandidate({ candidate: '' }); // end-of-candidates in RTCIceCandidateInit form
    await leg.addRemoteCandidate({ candidate: 'a=end-of-candidates', sdpMid: mid });
    await waitFor('connected via trickle', () => leg.state.connectionState === 'connected');
  });
});

describe('candidate fragments', () => {
  const line =
    'a=candidate:3229573512 1 udp 2122194687 192.0.2.2 58049 typ host generation 0 ufrag seBl network-id 1';

  it('formats and parses the "m=<mid> 9 RTP/AVP 0" fragment', () => {
    const fragment = formatCandidateFragment({ candidate: line, sdpMid: '0' });
    assert.equal(fragment, `m=0 9 RTP/AVP 0\r\n${line}\r\n`);
    assert.deepEqual(parseCandidateFragment(fragment), { candidate: line.slice(2), sdpMid: '0' });
    assert.deepEqual(parseCandidateFragment(`m=audio 9 RTP/AVP 0\n${line}\n`), { candidate: line.slice(2), sdpMid: 'audio' });
    assert.equal(parseCandidateFragment('a=end-of-candidates'), null, '17.2.7 sends it with no CRLF and no m=');
    assert.equal(parseCandidateFragment('a=end-of-candidates\r\n'), null);
  });

  it('converts to a Jingle candidate with a numeric component and back', () => {
    const jingle = candidateToJingle(line);
    assert.equal(jingle.component, 1);
    assert.equal(jingle.ip, '192.0.2.2');
    assert.equal(jingle.port, 58049);
    assert.deepEqual(jingleCandidateToInit(jingle, '0'), {
      candidate: 'candidate:3229573512 1 udp 2122194687 192.0.2.2 58049 typ host',
      sdpMid: '0',
    });
  });

  it('rejects garbage with typed errors', () => {
    const bad = (fn: () => unknown, code: string) =>
      assert.throws(fn, (e: unknown) => e instanceof MediaError && e.code === code);
    bad(() => parseCandidateFragment('m=0 9 RTP/AVP 0\r\na=candidate:x y z\r\n'), 'bad-candidate');
    bad(() => parseCandidateFragment(`${line}\r\n`), 'bad-candidate');
    bad(() => parseCandidateFragment(''), 'bad-candidate');
    bad(() => candidateToJingle('candidate:1 1 udp 1 1.2.3.4 5 typ bogus'), 'bad-candidate');
    bad(() => sdpToJingle('hello', 'initiator'), 'bad-sdp');
    bad(() => jingleToSdp({ contents: [] }, 'responder'), 'bad-sdp');
  });
});

describe('bad input never crashes the process', () => {
  it('answers and candidates that werift refuses become MediaErrors', async () => {
    const leg = edge.createLeg({ mode: 'echo' });
    const isCode = (code: string) => (e: unknown) => e instanceof MediaError && e.code === code;
    await assert.rejects(leg.applyAnswer('v=0\r\n'), isCode('bad-state'), 'no offer yet');
    await leg.createOffer();
    await assert.rejects(leg.applyAnswer('garbage'), isCode('bad-sdp'));
    await assert.rejects(leg.applyAnswer('v=0\r\nm=audio\r\n'), isCode('bad-sdp'));
    await assert.rejects(leg.addRemoteCandidate({ candidate: 'candidate:nonsense' }), isCode('bad-candidate'));
    await leg.close();
    await assert.rejects(leg.createOffer(), isCode('closed'));
    assert.equal(modeForDialTarget('tel:+1 555-0100'), 'echo');
  });
});

describe('close()', () => {
  it('leaves nothing running: a process that connects a tone leg and closes it exits promptly', async () => {
    const script = `
      const { MediaEdge } = await import('./emulator/media/media-edge.ts');
      const { RTCPeerConnection, useOPUS } = await import('werift');
      const edge = new MediaEdge({ hostAddresses: ['127.0.0.1'] });
      const leg = edge.createLeg({ mode: 'tone' });
      const pc = new RTCPeerConnection({ codecs: { audio: [useOPUS()] }, iceUseIpv4: false, iceUseIpv6: false,
        iceAdditionalHostAddresses: ['127.0.0.1'], iceInterfaceAddresses: { udp4: '127.0.0.1' } });
      await pc.setRemoteDescription({ type: 'offer', sdp: await leg.createOffer() });
      await pc.setLocalDescription(await pc.createAnswer());
      await leg.applyAnswer(pc.localDescription.sdp);
      while (leg.counters().audio.rtpPacketsToAgent < 5) await new Promise((r) => setTimeout(r, 20));
      await edge.closeAll();
      await pc.close();
      console.log('closed', Date.now());
    `;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: new URL('../..', import.meta.url),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    let timer: ReturnType<typeof setTimeout> | undefined;
    const code = await new Promise<number | null | 'timeout'>((resolve) => {
      child.on('exit', resolve);
      timer = setTimeout(() => resolve('timeout'), 15000);
    });
    clearTimeout(timer);
    if (code === 'timeout') child.kill();
    assert.notEqual(code, 'timeout', `child never exited; stdout: ${out}`);
    assert.equal(code, 0);
    const closedAt = Number(/closed (\d+)/.exec(out)?.[1]);
    const lingerMs = Date.now() - closedAt;
    assert.ok(lingerMs < 2000, `process lingered ${lingerMs} ms after close()`);
  });
});
