/**
 * The agents' queue. Every change of state is one conditional UPDATE, so two agents (on any
 * number of instances) can never both claim one conversation, and a conversation is in at most
 * one open handoff (a partial unique index).
 */
import type { Db } from './db.ts';

export type HandoffStatus = 'queued' | 'active' | 'ended' | 'cancelled' | 'abandoned';

export interface NewHandoff {
  conversationId: string;
  reason: string;
  lang: string;
  interpreter: boolean;
  priority: number;
  summary: string;
  context: Record<string, unknown>;
}

export interface HandoffRecord extends NewHandoff {
  id: string;
  status: HandoffStatus;
  agentId: string | null;
  agentName: string | null;
  createdAt: Date;
  queuedAt: Date;
  claimedAt: Date | null;
  endedAt: Date | null;
  outcome: string | null;
  note: string | null;
  rating: number | null;
  agentSeenAt: Date | null;
  userSeenAt: Date | null;
}

interface Row {
  id: string | number;
  conversation_id: string;
  status: HandoffStatus;
  reason: string;
  lang: string;
  interpreter: boolean;
  priority: number;
  summary: string;
  context: Record<string, unknown>;
  agent_id: string | null;
  agent_name: string | null;
  created_at: Date | string;
  queued_at: Date | string;
  claimed_at: Date | string | null;
  ended_at: Date | string | null;
  outcome: string | null;
  note: string | null;
  rating: number | null;
  agent_seen_at: Date | string | null;
  user_seen_at?: Date | string | null;
}

const date = (d: Date | string | null | undefined) => (d ? new Date(d) : null);

const toRecord = (r: Row): HandoffRecord => ({
  id: String(r.id),
  conversationId: r.conversation_id,
  status: r.status,
  reason: r.reason,
  lang: r.lang,
  interpreter: r.interpreter,
  priority: r.priority,
  summary: r.summary,
  context: r.context,
  agentId: r.agent_id,
  agentName: r.agent_name,
  createdAt: new Date(r.created_at),
  queuedAt: new Date(r.queued_at),
  claimedAt: date(r.claimed_at),
  endedAt: date(r.ended_at),
  outcome: r.outcome,
  note: r.note,
  rating: r.rating,
  agentSeenAt: date(r.agent_seen_at),
  userSeenAt: date(r.user_seen_at),
});

const WITH_USER = 'SELECT h.*, c.user_seen_at FROM handoffs h JOIN conversations c ON c.id = h.conversation_id';
/** Queue order: priority (0 first), then who has waited longest. */
const AHEAD =
  "q.status = 'queued' AND (q.priority < h.priority OR (q.priority = h.priority AND (q.queued_at, q.id) < (h.queued_at, h.id)))";

export class HandoffStore {
  constructor(private readonly db: Db) {}

  /** Queues a handoff; when the conversation already has an open one, returns that instead. */
  async enqueue(h: NewHandoff): Promise<{ handoff: HandoffRecord; created: boolean }> {
    const { rows } = await this.db.query<Row>(
      `INSERT INTO handoffs (conversation_id, status, reason, lang, interpreter, priority, summary, context)
       VALUES ($1, 'queued', $2, $3, $4, $5, $6, $7::jsonb)
       ON CONFLICT (conversation_id) WHERE status IN ('queued', 'active') DO NOTHING RETURNING *`,
      [h.conversationId, h.reason, h.lang, h.interpreter, h.priority, h.summary, JSON.stringify(h.context)],
    );
    if (rows[0]) return { handoff: toRecord(rows[0]), created: true };
    const open = await this.openFor(h.conversationId);
    if (!open) throw new Error(`handoff for ${h.conversationId} neither created nor open`);
    return { handoff: open, created: false };
  }

  async get(id: string): Promise<HandoffRecord | undefined> {
    if (!/^\d{1,18}$/.test(id)) return undefined;
    const { rows } = await this.db.query<Row>(`${WITH_USER} WHERE h.id = $1`, [id]);
    return rows[0] ? toRecord(rows[0]) : undefined;
  }

  /** The conversation's queued or active handoff. */
  async openFor(conversationId: string): Promise<HandoffRecord | undefined> {
    const { rows } = await this.db.query<Row>(
      `${WITH_USER} WHERE h.conversation_id = $1 AND h.status IN ('queued', 'active')`,
      [conversationId],
    );
    return rows[0] ? toRecord(rows[0]) : undefined;
  }

  /** The conversation's most recent handoff, open or not. */
  async latestFor(conversationId: string): Promise<HandoffRecord | undefined> {
    const { rows } = await this.db.query<Row>(`${WITH_USER} WHERE h.conversation_id = $1 ORDER BY h.id DESC LIMIT 1`, [
      conversationId,
    ]);
    return rows[0] ? toRecord(rows[0]) : undefined;
  }

  /** 1-based place in the queue, or undefined when not queued. */
  async position(id: string): Promise<number | undefined> {
    const { rows } = await this.db.query<{ ahead: string }>(
      `SELECT (SELECT count(*) FROM handoffs q WHERE ${AHEAD}) AS ahead FROM handoffs h WHERE h.id = $1 AND h.status = 'queued'`,
      [id],
    );
    return rows[0] ? Number(rows[0].ahead) + 1 : undefined;
  }

  async queuedCount(): Promise<number> {
    const { rows } = await this.db.query<{ n: string }>("SELECT count(*) AS n FROM handoffs WHERE status = 'queued'");
    return Number(rows[0]!.n);
  }

  /** Every queued and active handoff, each queued one with its place. */
  async listOpen(): Promise<(HandoffRecord & { position?: number })[]> {
    const { rows } = await this.db.query<Row & { ahead: string | null }>(
      `SELECT h.*, c.user_seen_at,
              CASE WHEN h.status = 'queued' THEN (SELECT count(*) FROM handoffs q WHERE ${AHEAD}) END AS ahead
         FROM handoffs h JOIN conversations c ON c.id = h.conversation_id
        WHERE h.status IN ('queued', 'active') ORDER BY h.priority, h.queued_at, h.id`,
    );
    return rows.map((r) => ({ ...toRecord(r), ...(r.ahead !== null ? { position: Number(r.ahead) + 1 } : {}) }));
  }

  /** Atomic: exactly one of any number of concurrent claims of a queued handoff wins. */
  async claim(id: string, agent: { id: string; name: string }): Promise<HandoffRecord | undefined> {
    if (!/^\d{1,18}$/.test(id)) return undefined;
    const { rows } = await this.db.query<Row>(
      `UPDATE handoffs SET status = 'active', agent_id = $2, agent_name = $3, claimed_at = now(), agent_seen_at = now()
        WHERE id = $1 AND status = 'queued' RETURNING *`,
      [id, agent.id, agent.name],
    );
    return rows[0] ? toRecord(rows[0]) : undefined;
  }

  /** The agent who owns the handoff ends it. */
  async end(id: string, agentId: string, outcome: string, note: string): Promise<HandoffRecord | undefined> {
    const { rows } = await this.db.query<Row>(
      `UPDATE handoffs SET status = 'ended', ended_at = now(), outcome = $3, note = $4
        WHERE id = $1 AND status = 'active' AND agent_id = $2 RETURNING *`,
      [id, agentId, outcome, note],
    );
    return rows[0] ? toRecord(rows[0]) : undefined;
  }

  /** The user leaves the queue (or, with `abandoned`, went away without a word). */
  async close(conversationId: string, status: 'cancelled' | 'abandoned'): Promise<HandoffRecord | undefined> {
    const { rows } = await this.db.query<Row>(
      `UPDATE handoffs SET status = $2, ended_at = now() WHERE conversation_id = $1 AND status IN ('queued', 'active') RETURNING *`,
      [conversationId, status],
    );
    return rows[0] ? toRecord(rows[0]) : undefined;
  }

  /** An active handoff whose agent vanished goes back to the queue, keeping its place. */
  async requeue(id: string): Promise<HandoffRecord | undefined> {
    const { rows } = await this.db.query<Row>(
      `UPDATE handoffs SET status = 'queued', agent_id = NULL, agent_name = NULL, claimed_at = NULL, notified_position = NULL
        WHERE id = $1 AND status = 'active' RETURNING *`,
      [id],
    );
    return rows[0] ? toRecord(rows[0]) : undefined;
  }

  async touchAgent(id: string, agentId: string): Promise<void> {
    await this.db.query(
      "UPDATE handoffs SET agent_seen_at = now() WHERE id = $1 AND status = 'active' AND agent_id = $2",
      [id, agentId],
    );
  }

  /** Active handoffs whose agent has not been seen for `seconds`. */
  async agentsGone(seconds: number): Promise<HandoffRecord[]> {
    const { rows } = await this.db.query<Row>(
      `${WITH_USER} WHERE h.status = 'active' AND h.agent_seen_at < now() - make_interval(secs => $1)`,
      [seconds],
    );
    return rows.map(toRecord);
  }

  /**
   * Open handoffs whose user has not polled for `seconds`, each returned once (the flag is set
   * in the same statement, so two instances never both act on one). Only our Direct Line's
   * users poll; conversations of other channels are never taken for gone.
   */
  async usersGone(seconds: number): Promise<HandoffRecord[]> {
    const { rows } = await this.db.query<Row>(
      `UPDATE handoffs h SET user_gone_noted = true FROM conversations c
        WHERE c.id = h.conversation_id AND c.channel = 'directline' AND h.status IN ('queued', 'active') AND NOT h.user_gone_noted
          AND coalesce(c.user_seen_at, h.created_at) < now() - make_interval(secs => $1)
        RETURNING h.*, c.user_seen_at`,
      [seconds],
    );
    return rows.map(toRecord);
  }

  /** The user is back (polling again): a later absence is noticed again. */
  async userBack(conversationId: string): Promise<void> {
    await this.db.query(
      "UPDATE handoffs SET user_gone_noted = false WHERE conversation_id = $1 AND status IN ('queued', 'active') AND user_gone_noted",
      [conversationId],
    );
  }

  /** True for the one caller that records this new position (so the user is told once). */
  async markNotified(id: string, position: number): Promise<boolean> {
    const { rowCount } = await this.db.query(
      "UPDATE handoffs SET notified_position = $2 WHERE id = $1 AND status = 'queued' AND notified_position IS DISTINCT FROM $2",
      [id, position],
    );
    return rowCount === 1;
  }

  /** Mean wait (queued → claimed) over the last `n` claims of the past day, in seconds. */
  async recentWaitSeconds(n = 20): Promise<number | undefined> {
    const { rows } = await this.db.query<{ wait: string | number | null }>(
      `SELECT avg(extract(epoch FROM claimed_at - queued_at)) AS wait FROM (
         SELECT claimed_at, queued_at FROM handoffs WHERE claimed_at IS NOT NULL AND claimed_at > now() - interval '1 day'
          ORDER BY claimed_at DESC LIMIT $1) recent`,
      [n],
    );
    const wait = rows[0]?.wait;
    return wait === null || wait === undefined ? undefined : Number(wait);
  }

  /** The user's 1–5 rating of their latest ended handoff. */
  async rate(conversationId: string, rating: number): Promise<boolean> {
    const { rowCount } = await this.db.query(
      `UPDATE handoffs SET rating = $2 WHERE id = (SELECT id FROM handoffs WHERE conversation_id = $1 AND status = 'ended' ORDER BY id DESC LIMIT 1)`,
      [conversationId, rating],
    );
    return rowCount === 1;
  }
}
