/**
 * The `videoConferenceControl` data channel of a video session (research/sdk-flows.md §5.5).
 * The cloud offers `m=application … webrtc-datachannel`; the client opens the channel (in-band,
 * DCEP) and only listens: every message is JSON-RPC, `member.notify.status` carries speakers and
 * the receive-slot mapping.
 */
import type { ILogger } from '../types/logger';

export const CONTROL_CHANNEL_LABEL = 'videoConferenceControl';

/** true when an SDP offers (or answers) an SCTP data channel section */
export function offersDataChannel(sdp: string | undefined): boolean {
  return !!sdp && sdp.includes('webrtc-datachannel');
}

/**
 * Opens the control channel on `pc` and hands each parsed message to `onMessage`.
 * Returns a function that closes it. Messages that are not JSON are logged and dropped.
 */
export function openControlChannel(pc: RTCPeerConnection, logger: ILogger, onMessage: (message: unknown) => void): () => void {
  let channel: RTCDataChannel;
  try {
    channel = pc.createDataChannel(CONTROL_CHANNEL_LABEL);
  } catch (err) {
    logger.warn('could not open the video control data channel', { error: String(err) });
    return () => undefined;
  }
  const onData = (e: MessageEvent): void => {
    const text = typeof e.data === 'string' ? e.data : new TextDecoder().decode(e.data as ArrayBuffer);
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      logger.warn('a video control message was not JSON; ignored', { length: text.length });
      return;
    }
    onMessage(message);
  };
  channel.binaryType = 'arraybuffer';
  channel.addEventListener('message', onData);
  channel.addEventListener('open', () => logger.debug('video control data channel open'));
  return () => {
    channel.removeEventListener('message', onData);
    try { channel.close(); } catch { /* already closed */ }
  };
}
