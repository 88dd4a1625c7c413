/**
 * The stand-in of the video handler until its chunk loaded (lazy-handler.ts): it also takes the
 * user's conversation events from `initialize()` on (the video handler needs the latest one of a
 * conference whose session starts later), keeps the last ones while loading and replays them in order.
 */
import type { Notifications } from '../streaming/notifications';
import type { ISessionMuteRequest } from '../types/sessions';
import { LazyHandler } from './lazy-handler';
import type { VideoHandler } from './video-handler';

/** conversation events kept while the video code loads (the handler itself keeps 20 conversations) */
const MAX_BUFFERED_EVENTS = 50;

export class LazyVideoHandler extends LazyHandler<VideoHandler> {
  private buffered: unknown[] = [];

  /** Subscribes to the user's conversation events (the softphone handler may share the topic). */
  async start(notifications: Notifications, userId: string): Promise<void> {
    await notifications.subscribe(`v2.users.${userId}.conversations`, (event) => this.onConversationEvent(event.eventBody), true);
  }

  private onConversationEvent(body: unknown): void {
    const handler = this.loaded;
    if (handler && this.buffered.length === 0) {
      handler.handleConversationEvent(body);
      return;
    }
    this.buffered.push(body);
    if (this.buffered.length > MAX_BUFFERED_EVENTS) this.buffered.shift();
    if (this.buffered.length === 1) {
      // replayed before any queued signaling of the same load (reactions run in order)
      this.load().then((h) => {
        const events = this.buffered;
        this.buffered = [];
        for (const b of events) h.handleConversationEvent(b);
      }, () => { this.buffered = []; });
    }
  }

  startVideoConference(roomJid: string, inviteeJid?: string): Promise<{ conversationId: string }> {
    return this.run((h) => h.startVideoConference(roomJid, inviteeJid));
  }

  startVideoMeeting(meetingId: string): Promise<{ conversationId: string }> {
    return this.run((h) => h.startVideoMeeting(meetingId));
  }

  setVideoMute(params: ISessionMuteRequest): Promise<void> {
    return this.run((h) => h.setVideoMute(params));
  }
}
