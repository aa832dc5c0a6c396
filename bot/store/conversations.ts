/**
 * Conversations and their activities (the transcript). Watermarks are per-conversation sequence
 * numbers handed out inside a transaction, so several instances can append to one conversation.
 * Callers mask personal data before they append: this module stores what it is given.
 */
import type { Activity } from 'botbuilder';
import type { Db } from './db.ts';

export interface ConversationRecord {
  id: string;
  channel: string;
  userId: string;
  locale: string | null;
  started: boolean;
  endedAt: Date | null;
  createdAt: Date;
}

export interface StoredActivity {
  seq: number;
  activity: Partial<Activity>;
}

interface ConversationRow {
  id: string;
  channel: string;
  user_id: string;
  locale: string | null;
  started: boolean;
  ended_at: Date | string | null;
  created_at: Date | string;
}

const toRecord = (r: ConversationRow): ConversationRecord => ({
  id: r.id,
  channel: r.channel,
  userId: r.user_id,
  locale: r.locale,
  started: r.started,
  endedAt: r.ended_at ? new Date(r.ended_at) : null,
  createdAt: new Date(r.created_at),
});

export class ConversationStore {
  constructor(private readonly db: Db) {}

  async create(c: {
    id: string;
    channel: string;
    userId: string;
    locale?: string | null;
    /** A verified person (from a signed ID token) and when that verification expires. */
    identity?: { personId: string; expiresAt: Date };
  }): Promise<ConversationRecord> {
    const { rows } = await this.db.query<ConversationRow>(
      'INSERT INTO conversations (id, channel, user_id, locale, person_id, identity_expires_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING *',
      [c.id, c.channel, c.userId, c.locale ?? null, c.identity?.personId ?? null, c.identity?.expiresAt ?? null],
    );
    return toRecord(rows[0]!);
  }

  /** The verified person of a conversation, if any (never shown in logs or transcripts). */
  async identity(id: string): Promise<{ personId: string; expiresAt: Date } | undefined> {
    const { rows } = await this.db.query<{ person_id: string | null; identity_expires_at: Date | string | null }>(
      'SELECT person_id, identity_expires_at FROM conversations WHERE id = $1',
      [id],
    );
    const r = rows[0];
    return r?.person_id && r.identity_expires_at
      ? { personId: r.person_id, expiresAt: new Date(r.identity_expires_at) }
      : undefined;
  }

  /** Registers a conversation another channel started (Bot Framework), if it is new. */
  async ensure(c: { id: string; channel: string; userId: string; locale?: string | null }): Promise<void> {
    await this.db.query(
      'INSERT INTO conversations (id, channel, user_id, locale, started) VALUES ($1, $2, $3, $4, true) ON CONFLICT (id) DO NOTHING',
      [c.id, c.channel, c.userId, c.locale ?? null],
    );
  }

  async get(id: string): Promise<ConversationRecord | undefined> {
    const { rows } = await this.db.query<ConversationRow>('SELECT * FROM conversations WHERE id = $1', [id]);
    return rows[0] ? toRecord(rows[0]) : undefined;
  }

  /** Marks the conversation started; true only for the call that started it. */
  async markStarted(id: string): Promise<boolean> {
    const { rowCount } = await this.db.query(
      'UPDATE conversations SET started = true, updated_at = now() WHERE id = $1 AND started = false',
      [id],
    );
    return rowCount === 1;
  }

  async end(id: string): Promise<void> {
    await this.db.query(
      'UPDATE conversations SET ended_at = now(), updated_at = now() WHERE id = $1 AND ended_at IS NULL',
      [id],
    );
  }

  /** Appends an activity; `build` gets the sequence number so the id can contain it. */
  async append(conversationId: string, build: (seq: number) => Partial<Activity>): Promise<StoredActivity> {
    return this.db.transaction(async (tx) => {
      const { rows } = await tx.query<{ next_seq: string }>(
        'UPDATE conversations SET next_seq = next_seq + 1, updated_at = now() WHERE id = $1 RETURNING next_seq',
        [conversationId],
      );
      if (!rows[0]) throw new Error(`unknown conversation ${conversationId}`);
      const seq = Number(rows[0].next_seq);
      const activity = build(seq);
      await tx.query('INSERT INTO activities (conversation_id, seq, activity) VALUES ($1, $2, $3::jsonb)', [
        conversationId,
        seq,
        JSON.stringify(activity),
      ]);
      return { seq, activity };
    });
  }

  /** Activities with a sequence number above `afterSeq`, oldest first. */
  async listAfter(conversationId: string, afterSeq: number, limit = 500): Promise<StoredActivity[]> {
    const { rows } = await this.db.query<{ seq: string; activity: Partial<Activity> }>(
      'SELECT seq, activity FROM activities WHERE conversation_id = $1 AND seq > $2 ORDER BY seq LIMIT $3',
      [conversationId, afterSeq, limit],
    );
    return rows.map((r) => ({ seq: Number(r.seq), activity: r.activity }));
  }

  /** The user's client asked for activities: it is still there. */
  async touchUser(id: string): Promise<void> {
    await this.db.query('UPDATE conversations SET user_seen_at = now() WHERE id = $1', [id]);
  }

  async hasActivity(conversationId: string, activityId: string): Promise<boolean> {
    const { rows } = await this.db.query(
      "SELECT 1 FROM activities WHERE conversation_id = $1 AND activity->>'id' = $2 LIMIT 1",
      [conversationId, activityId],
    );
    return rows.length > 0;
  }
}
