/**
 * Bring-your-own audio processing (upstream audio-processor.md): outgoing softphone audio goes
 * through the processor before it is sent.
 */
export interface IAudioProcessor {
  /** human readable name of the processor (used in logs) */
  readonly name: string;
  /** id of the processor */
  readonly id: string;
  /** initialize the processor and start any required audio context(s) */
  init: () => Promise<void>;
  /** process an audio stream and return the processed stream */
  process: (audioStream: MediaStream) => Promise<MediaStream>;
  /** stop the audio context(s) and clean up the processor */
  destroy: () => Promise<void>;
}
