/** What the bot needs from the handoff service (bot/services/handoff.ts implements it). */
import type { Activity } from 'botbuilder';
import type { HandoffOutcome, HandoffRequest, QueueStatus } from '../services/handoff.ts';

export interface HandoffDesk {
  request(r: HandoffRequest): Promise<HandoffOutcome>;
  status(conversationId: string): Promise<QueueStatus | undefined>;
  cancel(conversationId: string): Promise<boolean>;
  rate(conversationId: string, rating: number): Promise<boolean>;
  userLeft(conversationId: string): Promise<void>;
  /** The stored (masked) transcript so far, oldest first. */
  transcript(conversationId: string): Promise<Partial<Activity>[]>;
  /** The time zone of the opening hours, to tell the user when the chat opens. */
  readonly timeZone: string;
  /** Whether a person can take a conversation now (chat hours, queue room), else when the chat opens. */
  availability(): Promise<{ available: true } | { available: false; why: 'closed' | 'full'; nextOpening?: Date }>;
}
