// Measures remote video and audio of a peer connection as a person would see and hear it:
// frames decoded per receiver (getStats inbound-rtp), a canvas sample of the picture, and the
// audio energy of one receiver. Shared by our video tests and the upstream compat suite.
import { control } from './emulator-client';

export interface VideoRoomParticipant {
  participantId: string; userId: string; name: string; kind: 'agent' | 'guest' | 'bot'; state: string;
  audioMuted: boolean; videoMuted: boolean; sharingScreen: boolean; pinnedBy: string[];
  counters: { audio: { rtpPacketsFromClient: number; rtpPacketsToClient: number }; video: { rtpPacketsFromClient: number; rtpPacketsToClient: number } };
  /** the emulator's peer connection of the participant (null for bots) */
  connectionState: string | null;
  /** the emulator's ICE, DTLS and control channel states of that peer connection */
  transport: { ice: string; dtls: string | null; control: string | null } | null;
  /** what the emulator's SFU sends this participant (its member.notify.status mapping) */
  incomingStreams: Array<{ sinkPinId: string; sourceId: string }>;
}
export interface VideoRoom { roomJid: string; conversationId: string; participants: VideoRoomParticipant[] }

export const videoRoom = (roomJid: string): Promise<VideoRoom> => control<VideoRoom>('GET', `video-rooms/${encodeURIComponent(roomJid)}`);
export const newRoom = async (name?: string): Promise<string> => (await control<{ roomJid: string }>('POST', 'video-rooms', name ? { name } : {})).roomJid;
export const addBot = (roomJid: string, body: { name?: string; audio?: boolean; video?: boolean } = {}): Promise<{ participantId: string; userId: string; name: string }> =>
  control('POST', `video-rooms/${encodeURIComponent(roomJid)}/bots`, body);

interface InboundStats { kind: string; mid?: string; trackIdentifier?: string; framesDecoded?: number; frameWidth?: number; frameHeight?: number; packetsReceived?: number; totalAudioEnergy?: number; audioLevel?: number }

/** inbound-rtp stats of the receiver that owns `track` (matched by mid, else track identifier). */
export async function inboundFor(pc: RTCPeerConnection, track: MediaStreamTrack): Promise<InboundStats | undefined> {
  const mid = pc.getTransceivers().find((t) => t.receiver.track === track)?.mid ?? undefined;
  const report = await pc.getStats();
  let found: InboundStats | undefined;
  report.forEach((s: InboundStats & { type: string }) => {
    if (s.type !== 'inbound-rtp' || s.kind !== track.kind) return;
    if ((mid && s.mid === mid) || s.trackIdentifier === track.id) found = s;
  });
  return found;
}

/** Frames decoded so far on the receiver of `track` (0 when none). */
export async function framesDecoded(pc: RTCPeerConnection, track: MediaStreamTrack): Promise<number> {
  return (await inboundFor(pc, track))?.framesDecoded ?? 0;
}

/** Waits until `track`'s receiver decodes `n` more frames than now; returns the total. */
export async function framesGrow(pc: RTCPeerConnection, track: MediaStreamTrack, n = 10, ms = 20000): Promise<number> {
  const start = await framesDecoded(pc, track);
  const deadline = Date.now() + ms;
  for (;;) {
    const now = await framesDecoded(pc, track);
    if (now >= start + n) return now;
    if (Date.now() > deadline) throw new Error(`timed out: ${now - start} of ${n} frames decoded on track ${track.id}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Mean brightness (0..255) of `track`'s picture, drawn on a canvas once a frame is shown. */
export async function brightness(track: MediaStreamTrack, ms = 15000): Promise<number> {
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.srcObject = new MediaStream([track]);
  document.body.append(video);
  try {
    await video.play().catch(() => undefined);
    const deadline = Date.now() + ms;
    let best = 0;
    while (Date.now() < deadline) {
      if (video.videoWidth > 0) {
        const canvas = document.createElement('canvas');
        canvas.width = 64;
        canvas.height = 48;
        const ctx = canvas.getContext('2d');
        if (!ctx) break;
        ctx.drawImage(video, 0, 0, canvas.width, canvas.height);
        const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
        let sum = 0;
        for (let i = 0; i < data.length; i += 4) sum += ((data[i] ?? 0) + (data[i + 1] ?? 0) + (data[i + 2] ?? 0)) / 3;
        best = Math.max(best, sum / (data.length / 4));
        if (best > 20) return best;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    return best;
  } finally {
    video.srcObject = null;
    video.remove();
  }
}

/** Waits until the receiver of audio `track` has taken in some audio energy (real sound, not silence). */
export async function hearsAudio(pc: RTCPeerConnection, track: MediaStreamTrack, ms = 20000): Promise<number> {
  // Chrome computes remote audio levels only while something plays the track
  const el = document.createElement('audio');
  el.muted = true;
  el.srcObject = new MediaStream([track]);
  void el.play().catch(() => undefined);
  try {
    const deadline = Date.now() + ms;
    for (;;) {
      const s = await inboundFor(pc, track);
      const energy = s?.totalAudioEnergy ?? 0;
      if (energy > 0 && (s?.packetsReceived ?? 0) > 0) return energy;
      if (Date.now() > deadline) throw new Error(`timed out: no audio energy on track ${track.id} (packets ${s?.packetsReceived ?? 0})`);
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    el.srcObject = null;
  }
}
