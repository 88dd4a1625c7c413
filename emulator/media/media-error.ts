/**
 * Typed failure of the media edge. The signalling layer maps `code` to a Jingle
 * error condition or a JSON-RPC error instead of letting werift exceptions escape.
 */
export type MediaErrorCode =
  | 'bad-sdp' // an SDP/Jingle payload we could not parse or werift refused to apply
  | 'bad-candidate' // an ICE candidate we could not parse or werift refused
  | 'bad-state' // the call does not fit the leg's negotiation state
  | 'closed' // the leg was closed already
  | 'unknown-leg'; // MediaEdge lookup by an id it does not know

export class MediaError extends Error {
  override readonly name = 'MediaError';

  constructor(
    readonly code: MediaErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
