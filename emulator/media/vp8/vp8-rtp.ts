/**
 * VP8 over RTP (RFC 7741): splitting a frame into packets with a payload descriptor, and telling
 * a key frame's first packet apart (what an SFU waits for after switching a receiver's source).
 */

/** Payload bytes per packet, well below a loopback / Ethernet MTU with SRTP overhead. */
export const VP8_MAX_PAYLOAD = 1100;

/**
 * Splits one VP8 frame into RTP payloads. Descriptor: X=1, S on the first packet, PID 0, and a
 * 15-bit PictureID (I=1, M=1) so receivers can tell frames apart when packets are lost.
 */
export function packetizeVp8(frame: Buffer, pictureId: number, maxPayload = VP8_MAX_PAYLOAD): Buffer[] {
  const out: Buffer[] = [];
  const chunk = maxPayload - 4;
  for (let at = 0; at < frame.length || out.length === 0; at += chunk) {
    const descriptor = Buffer.from([0x80 | (at === 0 ? 0x10 : 0), 0x80, 0x80 | ((pictureId >> 8) & 0x7f), pictureId & 0xff]);
    out.push(Buffer.concat([descriptor, frame.subarray(at, at + chunk)]));
  }
  return out;
}

/** True when the RTP payload is the first packet of a VP8 key frame (S=1, PID=0, P bit 0). */
export function isVp8KeyFrameStart(payload: Buffer): boolean {
  if (payload.length < 2) return false;
  const b0 = payload[0]!;
  const start = (b0 & 0x10) !== 0 && (b0 & 0x07) === 0;
  if (!start) return false;
  let at = 1;
  if (b0 & 0x80) {
    const x = payload[at++]!;
    if (x & 0x80) at += (payload[at]! & 0x80) ? 2 : 1; // PictureID, 7 or 15 bits
    if (x & 0x40) at += 1; // TL0PICIDX
    if (x & 0x30) at += 1; // TID / KEYIDX
  }
  return at < payload.length && (payload[at]! & 0x01) === 0;
}
