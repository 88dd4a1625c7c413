import type { ILogger } from '../types/logger';
import type { IHeadsetCallInfo } from '../types/headsets';
import { HeadsetEmitter, HeadsetEventStream } from './events';
import type { HeadsetConnectionStatus, IHeadsetImplementation, ISdkHeadset } from './types';

/**
 * `sdk.headset` when `useHeadsets` is false (and the fallback when the vendor library cannot
 * load): every method is a no-op, `headsetEvents$` never emits, the vendor library is never loaded.
 */
export class StubHeadsetService extends HeadsetEmitter implements ISdkHeadset {
  readonly headsetEvents$: HeadsetEventStream;

  constructor(logger: ILogger) {
    super(logger);
    this.headsetEvents$ = new HeadsetEventStream(logger);
  }

  get headsetEvents(): HeadsetEventStream { return this.headsetEvents$; }
  get currentSelectedImplementation(): IHeadsetImplementation | null { return null; }
  get isActive(): boolean { return false; }

  async load(): Promise<boolean> { return false; }
  async setRinging(_callInfo: IHeadsetCallInfo, _hasOtherActiveCalls: boolean): Promise<void> { /* no-op */ }
  async outgoingCall(_callInfo: IHeadsetCallInfo): Promise<void> { /* no-op */ }
  async answerIncomingCall(_conversationId: string, _autoAnswer: boolean): Promise<void> { /* no-op */ }
  async rejectIncomingCall(_conversationId: string, _expectExistingConversation?: boolean): Promise<void> { /* no-op */ }
  async setMute(_isMuted: boolean): Promise<void> { /* no-op */ }
  async setHold(_conversationId: string, _isHeld: boolean): Promise<void> { /* no-op */ }
  async endCurrentCall(_conversationId: string, _hasOtherActiveCalls?: boolean): Promise<void> { /* no-op */ }
  async endAllCalls(): Promise<void> { /* no-op */ }
  async resetHeadsetStateForCall(_conversationId: string): Promise<void> { /* no-op */ }
  updateAudioInputDevice(_deviceId: string, _changeReason?: 'alternativeClient'): void { /* no-op */ }
  deviceIsSupported(_params: { micLabel: string }): boolean { return false; }
  showRetry(): boolean { return false; }
  async retryConnection(_micLabel: string): Promise<void> { /* no-op */ }
  getConnectionStatus(): HeadsetConnectionStatus { return 'noVendor'; }

  destroy(): void {
    this.headsetEvents$.complete();
    this.removeAllListeners();
  }
}
