/**
 * Conversation notifications: the whole conversation (upstream shape) on
 * `v2.users.{userId}.conversations` for every user participant. The SDK's state machine
 * is driven by these (research/sdk-flows.md §4.4), so every state change publishes one.
 */
import type { Notifier } from '../notifications/notifier';
import type { Conversation } from './conversation';

export const conversationsTopic = (userId: string): string => `v2.users.${userId}.conversations`;

export class ConversationEvents {
  constructor(private readonly notifier: Notifier) {}

  /** Publishes the conversation's current state to each of its users. */
  publish(conversation: Conversation): void {
    const body = conversation.toJson();
    const users = new Set(conversation.userParticipants().map((p) => p.userId as string));
    for (const userId of users) this.notifier.publish(conversationsTopic(userId), body);
  }
}
