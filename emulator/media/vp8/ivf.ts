/** Reads an IVF file (the container ffmpeg/libvpx write VP8 into): a 32-byte header, then frames. */
import { readFileSync } from 'node:fs';

export interface IvfFrame {
  data: Buffer;
  /** VP8 key frame (bit 0 of the frame tag is 0). */
  key: boolean;
}

export interface IvfClip {
  fourcc: string;
  width: number;
  height: number;
  /** Frames per second from the header's time base. */
  fps: number;
  frames: IvfFrame[];
}

export function parseIvf(buf: Buffer): IvfClip {
  if (buf.length < 32 || buf.toString('latin1', 0, 4) !== 'DKIF') throw new Error('not an IVF file');
  const headerSize = buf.readUInt16LE(6);
  const fourcc = buf.toString('latin1', 8, 12);
  const width = buf.readUInt16LE(12);
  const height = buf.readUInt16LE(14);
  const rate = buf.readUInt32LE(16);
  const scale = buf.readUInt32LE(20) || 1;
  const frames: IvfFrame[] = [];
  for (let at = headerSize; at + 12 <= buf.length; ) {
    const size = buf.readUInt32LE(at);
    const data = buf.subarray(at + 12, at + 12 + size);
    if (data.length < size) break; // truncated last frame
    frames.push({ data, key: (data[0]! & 0x01) === 0 });
    at += 12 + size;
  }
  if (frames.length === 0) throw new Error('IVF file has no frames');
  return { fourcc, width, height, fps: rate / scale, frames };
}

export function readIvf(path: string): IvfClip {
  return parseIvf(readFileSync(path));
}
