// A leg whose source switches (line appearance 1 / persistent sessions moving to another call)
// must keep sending one continuous RTP stream: Firefox drops audio whose sequence numbers jump
// back (SRTP replay check) or whose timestamps restart (jitter buffer), see docs/browsers.md.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { RTCPeerConnection, useOPUS } from 'werift';
import { MediaEdge } from '../../emulator/media/media-edge';
import type { MediaLeg } from '../../emulator/media/media-leg';
import { MediaRouter, customerSource, toneSource } from '../../emulator/conversations/media-routing';
import { waitFor } from './helpers';

const LOOPBACK = ['127.0.0.1'];
const edge = new MediaEdge({ hostAddresses: LOOPBACK });
const peers: RTCPeerConnection[] = [];
const router = new MediaRouter();
after(async () => {
  router.clearAll();
  await edge.closeAll();
  await Promise.all(peers.map((p) => p.close()));
});


/** The agent's browser as a werift peer that records each received audio packet's sequence number and timestamp. */
async function connectRecorder(leg: MediaLeg): Promise<Array<{ seq: number; ts: number; ssrc: number }>> {
  const received: Array<{ seq: number; ts: number; ssrc: number }> = [];
  const pc = new RTCPeerConnection({
    codecs: { audio: [useOPUS()] }, iceUseIpv4: false, iceUseIpv6: false,
    iceAdditionalHostAddresses: LOOPBACK, iceInterfaceAddresses: { udp4: '127.0.0.1' },
  });
  peers.push(pc);
  pc.onRemoteTransceiverAdded.subscribe((tr) => tr.onTrack.subscribe((track) => track.onReceiveRtp.subscribe((rtp) => {
    received.push({ seq: rtp.header.sequenceNumber, ts: rtp.header.timestamp, ssrc: rtp.header.ssrc });
  })));
  await pc.setRemoteDescription({ type: 'offer', sdp: await leg.createOffer() });
  await pc.setLocalDescription(await pc.createAnswer());
  await leg.applyAnswer(pc.localDescription!.sdp);
  await waitFor('leg connected', () => leg.state.connectionState === 'connected');
  return received;
}

const seqStep = (a: number, b: number) => (b - a + 0x10000) % 0x10000; // forward distance mod 2^16
const tsStep = (a: number, b: number) => (b - a + 0x100000000) % 0x100000000; // forward distance mod 2^32

describe('media routing: switching what a leg hears', () => {
  it('tone → customer on the same leg keeps one RTP stream: same SSRC, sequence and timestamps only move forward', async () => {
    for (let round = 0; round < 3; round++) { // each tone source starts at a random sequence number
      const leg = edge.createLeg({ mode: 'bridge' });
      const received = await connectRecorder(leg);
      router.set(`s${round}`, leg, toneSource(`tone-${round}`));
      await waitFor('tone packets', () => received.length > 20);
      const switchedAt = received.length;
      router.set(`s${round}`, leg, customerSource(`customer-${round}`));
      await waitFor('customer packets', () => received.length > switchedAt + 20);
      router.clear(`s${round}`);
      assert.equal(new Set(received.map((p) => p.ssrc)).size, 1, 'one SSRC');
      for (let i = 1; i < received.length; i++) {
        const [a, b] = [received[i - 1]!, received[i]!];
        assert.ok(seqStep(a.seq, b.seq) >= 1 && seqStep(a.seq, b.seq) <= 10, `packet ${i} (switch at ${switchedAt}): sequence ${a.seq} → ${b.seq}`);
        assert.ok(tsStep(a.ts, b.ts) >= 1 && tsStep(a.ts, b.ts) < 48000 * 5, `packet ${i} (switch at ${switchedAt}): timestamp ${a.ts} → ${b.ts}`);
      }
      await leg.close();
    }
  });
});
