/**
 * Remembers which conversation is ringing on, or active on, the headset, from the calls the
 * SDK makes. Used to give a device event a conversationId when the vendor did not report one
 * (mute is global on every vendor; some vendors omit the id on answer/end).
 */
export class HeadsetCallTracker {
  private readonly ringing: string[] = [];
  private active: string | undefined;

  ringingStarted(conversationId: string): void {
    this.stopRinging(conversationId);
    this.ringing.push(conversationId);
  }

  callActive(conversationId: string): void {
    this.stopRinging(conversationId);
    this.active = conversationId;
  }

  stopRinging(conversationId: string): void {
    const index = this.ringing.indexOf(conversationId);
    if (index >= 0) this.ringing.splice(index, 1);
  }

  callEnded(conversationId: string | undefined): void {
    if (conversationId) this.stopRinging(conversationId);
    if (!conversationId || this.active === conversationId) this.active = undefined;
  }

  clear(): void {
    this.ringing.length = 0;
    this.active = undefined;
  }

  /** the most recent call still ringing */
  get ringingConversationId(): string | undefined {
    return this.ringing[this.ringing.length - 1];
  }

  get activeConversationId(): string | undefined {
    return this.active;
  }
}
