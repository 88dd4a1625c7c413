/**
 * `sdk.audioProcessor` (upstream audio-processor.md): owns the app's `IAudioProcessor` and is
 * what the softphone calls for outgoing audio. Failures never break a call:
 * - `init()` failing: logged, the processor is dropped (calls then use unprocessed audio, as documented);
 * - `process()` failing: `process()` returns the original stream, as documented. The softphone
 *   path uses `processOutgoing()` instead: once a working processor is set, unprocessed audio is
 *   never sent, so on a failure the call goes on with the microphone track disabled (silence),
 *   and the failure is reported as `sdkError` (`media`).
 */
import { SdkError, SdkErrorTypes } from '../errors';
import type { IAudioProcessor } from '../types/audio-processor';
import type { ILogger } from '../types/logger';

export interface OutgoingAudio {
  /** what to send */
  stream: MediaStream;
  /** true when `stream`'s audio is the processor's output (the input stream must then be stopped as well) */
  processed: boolean;
}

export class SdkAudioProcessor {
  private processor: IAudioProcessor | undefined;
  private initializing: Promise<void> | undefined;

  constructor(
    private readonly logger: ILogger,
    private readonly report: (error: SdkError) => void,
  ) {}

  /** The processor in use, if any. */
  get current(): IAudioProcessor | undefined {
    return this.processor;
  }

  /** Stores the processor and initializes it at once (not awaited: `init()` reports its own failure). */
  setAudioProcessor(audioProcessor: IAudioProcessor): void {
    if (!audioProcessor || typeof audioProcessor.process !== 'function') {
      this.logger.error('setAudioProcessor: no valid audio processor given');
      return;
    }
    this.processor = audioProcessor;
    this.initializing = undefined;
    void this.init();
  }

  /** Initializes the current processor (once); a failure is logged and the processor is dropped. */
  init(): Promise<void> {
    const processor = this.processor;
    if (!processor) {
      this.logger.error('audioProcessor.init(): no audio processor is set');
      return Promise.resolve();
    }
    this.initializing ??= (async () => {
      try {
        await processor.init();
        this.logger.info('audio processor initialized', { name: processor.name, id: processor.id });
      } catch (err) {
        this.logger.error('audio processor init failed; enhanced audio processing is unavailable', { name: processor.name, error: String(err) });
        if (this.processor === processor) {
          this.processor = undefined;
          this.initializing = undefined;
        }
      }
    })();
    return this.initializing;
  }

  /** Documented: the processed stream, or the original one when no processor is set or it fails. */
  async process(audioStream: MediaStream): Promise<MediaStream> {
    const processor = this.processor;
    if (!processor) {
      this.logger.error('audioProcessor.process(): no audio processor is set; returning the unprocessed stream');
      return audioStream;
    }
    try {
      await this.init();
      if (this.processor !== processor) return audioStream;
      return await processor.process(audioStream);
    } catch (err) {
      this.logger.error('audio processing failed; returning the unprocessed stream', { name: processor.name, error: String(err) });
      return audioStream;
    }
  }

  /**
   * The softphone path: audio tracks of `stream` through the processor. No processor (or one
   * whose init failed): `stream` unchanged. A failure: the input's audio tracks are disabled and
   * the call continues silent, so unprocessed audio is never sent.
   */
  async processOutgoing(stream: MediaStream): Promise<OutgoingAudio> {
    const processor = this.processor;
    if (!processor || stream.getAudioTracks().length === 0) return { stream, processed: false };
    await this.init();
    if (this.processor !== processor) return { stream, processed: false };
    try {
      const out = await processor.process(new MediaStream(stream.getAudioTracks()));
      if (!out || out.getAudioTracks().length === 0) throw new Error('the processor returned no audio track');
      // keep any non-audio tracks of the input beside the processed audio
      return { stream: new MediaStream([...out.getAudioTracks(), ...stream.getVideoTracks()]), processed: true };
    } catch (err) {
      for (const track of stream.getAudioTracks()) track.enabled = false;
      this.report(new SdkError(SdkErrorTypes.media, 'Audio processing failed: outgoing audio is muted so that unprocessed audio is not sent', {
        processor: processor.name, error: String(err),
      }));
      return { stream, processed: false };
    }
  }

  /** Destroys the current processor; later audio is not processed. */
  async destroy(): Promise<void> {
    const processor = this.processor;
    this.processor = undefined;
    this.initializing = undefined;
    if (!processor) return;
    try {
      await processor.destroy();
    } catch (err) {
      this.logger.error('audio processor destroy failed', { name: processor.name, error: String(err) });
    }
  }
}
