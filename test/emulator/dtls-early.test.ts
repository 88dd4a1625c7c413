/**
 * The early-DTLS replay (emulator/media/dtls-early.ts) against a stand-in of werift's transport:
 * the browser's first ClientHello, dropped by werift before its DTLS server starts, is handed over
 * once it has started, and never after a live record (a stale hello handled after the browser's
 * next flight reset werift's handshake: ICE connected, DTLS "connecting" forever).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RTCPeerConnection } from 'werift';
import { replayEarlyDtls } from '../../emulator/media/dtls-early';

/** werift's `Event`: listeners called synchronously, in subscription order. */
class FakeEvent<T> {
  private readonly listeners: Array<(value: T) => void> = [];
  subscribe(listener: (value: T) => void): void { this.listeners.push(listener); }
  execute(value: T): void { for (const l of [...this.listeners]) l(value); }
}

/** A DTLS transport as werift's: `start()` announces "connecting", then builds its endpoint synchronously. */
class FakeDtls {
  state = 'new';
  readonly onStateChange = new FakeEvent<string>();
  readonly iceTransport = { connection: { onData: new FakeEvent<Buffer>() } };
  /** what the DTLS endpoint received, by record tag */
  readonly received: number[] = [];

  start(): void {
    this.state = 'connecting';
    this.onStateChange.execute('connecting');
    this.iceTransport.connection.onData.subscribe((data) => this.received.push(data[30]!));
  }

  /** a datagram read from the socket */
  input(tag: number, fragmentOffset = 0): void {
    this.iceTransport.connection.onData.execute(record(tag, fragmentOffset));
  }
}

/** A DTLS handshake record (epoch 0) with `tag` in its body. */
function record(tag: number, fragmentOffset: number): Buffer {
  const b = Buffer.alloc(40);
  b[0] = 22; // handshake
  b.writeUIntBE(fragmentOffset, 19, 3);
  b[30] = tag;
  return b;
}

function setup(): FakeDtls {
  const dtls = new FakeDtls();
  replayEarlyDtls({ dtlsTransports: [dtls] } as unknown as RTCPeerConnection);
  return dtls;
}

const macrotask = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('early DTLS replay', () => {
  it('hands the hello that arrived before the start to the started transport, before what arrives next', async () => {
    const dtls = setup();
    dtls.input(1, 0);
    dtls.input(2, 1175); // the second fragment of the same hello
    assert.deepEqual(dtls.received, []);
    dtls.start();
    setImmediate(() => dtls.input(3, 0)); // the next datagram read
    await macrotask();
    await macrotask();
    assert.deepEqual(dtls.received, [1, 2, 3]);
  });

  it('keeps only the latest flight (from its first fragment)', async () => {
    const dtls = setup();
    dtls.input(1, 0);
    dtls.input(2, 1175);
    dtls.input(3, 0); // the browser's retransmission
    dtls.input(4, 1175);
    dtls.start();
    await macrotask();
    assert.deepEqual(dtls.received, [3, 4]);
  });

  it('never replays after a live record reached the started transport (the stale hello would reset the handshake)', async () => {
    const dtls = setup();
    dtls.input(1, 0);
    dtls.start();
    // a busy emulator reads the browser's retransmitted hello (and, one round trip later, its next flight) before the replay ran
    dtls.input(2, 0);
    dtls.input(3, 0);
    await macrotask();
    await macrotask();
    assert.deepEqual(dtls.received, [2, 3]);
  });

  it('replays nothing when nothing came early, and nothing twice', async () => {
    const dtls = setup();
    dtls.start();
    await macrotask();
    dtls.input(5, 0);
    dtls.onStateChange.execute('connecting');
    await macrotask();
    assert.deepEqual(dtls.received, [5]);
  });
});
