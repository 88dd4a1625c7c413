import type { RTCPeerConnection } from 'werift';

/** DTLS records are content types 20..63 (RFC 7983 demultiplexing). */
const isDtlsRecord = (data: Buffer): boolean => data.length > 13 && data[0]! >= 20 && data[0]! <= 63;
/** A handshake record (epoch 0) carrying the start of a message: fragment_offset (bytes 19..21) is 0. */
const isFirstFragment = (data: Buffer): boolean => data[0] === 22 && data.length >= 25 && data.readUIntBE(19, 3) === 0;
const MAX_RECORDS = 4;

interface IceConnectionLike {
  onData: { subscribe(listener: (data: Buffer) => void): unknown; execute(data: Buffer): void };
}
interface DtlsTransportLike {
  state: string;
  iceTransport: { connection: IceConnectionLike };
  onStateChange: { subscribe(listener: (state: string) => void): unknown };
}

/**
 * The browser's first DTLS ClientHello reaches werift before werift starts its DTLS server.
 * The browser (DTLS client) sends it as soon as its ICE side is writable; werift (controlling)
 * starts DTLS only once its own ICE check loop reports "connected" (it polls every 20 ms), so
 * the hello is dropped and the handshake waits for the browser's retransmission, 50–100 ms later
 * (bench trace: `dtls in ClientHello (dtls new)` → `ice connected` → the next ClientHello).
 * A real media server answers the first hello. This keeps the DTLS records of the latest flight
 * that arrived before werift's DTLS transport started and hands them to the transport once it
 * has started (at most four records); werift internals missing = no-op.
 *
 * The replay must come before anything live: a stale ClientHello handled after the browser's
 * next flight makes werift redo its flight 2 (new random and key pair) after it sent flight 4, so
 * the browser's flight 5 never decrypts and both sides retransmit forever (ICE connected, DTLS
 * "connecting"). With `setImmediate` a busy emulator read the browser's retransmitted hello, sent
 * HelloVerifyRequest and ServerHello…, and only then replayed (a rare CI failure of the video
 * tests, docs/reliability.md). So: a microtask (werift builds its endpoint synchronously right
 * after announcing "connecting"), and no replay once a live record reached the started transport.
 */
export function replayEarlyDtls(pc: RTCPeerConnection): void {
  const transports = (pc as unknown as { dtlsTransports?: DtlsTransportLike[] }).dtlsTransports ?? [];
  for (const dtls of transports) {
    const connection = dtls?.iceTransport?.connection;
    if (!connection?.onData || !dtls.onStateChange || (dtls as { __earlyDtls?: boolean }).__earlyDtls) continue;
    (dtls as { __earlyDtls?: boolean }).__earlyDtls = true;
    let early: Buffer[] = [];
    let replayed = false;
    let replaying = false;
    connection.onData.subscribe((data) => {
      if (!isDtlsRecord(data) || replaying) return;
      // a live record after the start: the browser's own (newer) retransmission makes the copies stale
      if (dtls.state !== 'new') {
        early = [];
        return;
      }
      if (replayed) return;
      // a ClientHello with a post-quantum key share spans two records (fragments): keep the
      // fragments of the latest flight, from the one at fragment offset 0
      if (isFirstFragment(data)) early = [];
      if (early.length < MAX_RECORDS) early.push(Buffer.from(data));
    });
    dtls.onStateChange.subscribe((state) => {
      if (state !== 'connecting' || replayed) return;
      replayed = true;
      if (!early.length) return;
      // werift creates its DTLS endpoint synchronously right after announcing "connecting": a
      // microtask runs after that and before any other I/O is read
      queueMicrotask(() => {
        const pending = early;
        early = [];
        replaying = true;
        try {
          for (const r of pending) if (dtls.state === 'connecting') connection.onData.execute(r);
        } finally {
          replaying = false;
        }
      });
    });
  }
}
