/**
 * The conversations a channel runs and their activity lists, kept in the store so that any
 * instance can serve any poll and nothing is lost on restart. Callers mask personal data before
 * they append: this service stores what it is given.
 */
import type { Activity } from 'botbuilder';
import type { ConversationRecord, StoredActivity, Store } from '../store/index.ts';
export type { ConversationRecord, StoredActivity };

export interface NewConversation {
  id: string;
  channel: string;
  userId: string;
  locale?: string | null;
  /** A verified person (from a signed ID token) and when that verification expires. */
  identity?: { personId: string; expiresAt: Date };
}

export class ConversationService {
  constructor(private readonly store: Store) {}

  async create(c: NewConversation): Promise<ConversationRecord> {
    return this.store.conversations.create(c);
  }

  async get(id: string): Promise<ConversationRecord | undefined> {
    return this.store.conversations.get(id);
  }

  /** True the first time only: the conversation starts once, later calls resume it. */
  async markStarted(id: string): Promise<boolean> {
    return this.store.conversations.markStarted(id);
  }

  async end(id: string): Promise<void> {
    await this.store.conversations.end(id);
  }

  /** Appends an activity; `build` gets the activity's sequence number (its watermark). */
  async append(conversationId: string, build: (seq: number) => Partial<Activity>): Promise<StoredActivity> {
    return this.store.conversations.append(conversationId, build);
  }

  async listAfter(conversationId: string, afterSeq: number): Promise<StoredActivity[]> {
    return this.store.conversations.listAfter(conversationId, afterSeq);
  }

  async hasActivity(conversationId: string, activityId: string): Promise<boolean> {
    return this.store.conversations.hasActivity(conversationId, activityId);
  }

  /** The user's client polled: the user is present, and an open handoff no longer counts them gone. */
  async userPresent(conversationId: string): Promise<void> {
    await this.store.conversations.touchUser(conversationId);
    await this.store.handoffs.userBack(conversationId);
  }
}
