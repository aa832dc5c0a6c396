/** Agent console sessions and the login lock-out, shared by every instance through the store. */
import type { Db } from './db.ts';

export class AgentSessionStore {
  constructor(private readonly db: Db) {}

  async create(idHash: string, agentId: string, ttlSeconds: number): Promise<void> {
    await this.db.query(
      'INSERT INTO agent_sessions (id_hash, agent_id, expires_at) VALUES ($1, $2, now() + make_interval(secs => $3))',
      [idHash, agentId, ttlSeconds],
    );
  }

  /** The agent of a live session. */
  async agentOf(idHash: string): Promise<string | undefined> {
    const { rows } = await this.db.query<{ agent_id: string }>(
      'SELECT agent_id FROM agent_sessions WHERE id_hash = $1 AND expires_at > now()',
      [idHash],
    );
    return rows[0]?.agent_id;
  }

  async delete(idHash: string): Promise<void> {
    await this.db.query('DELETE FROM agent_sessions WHERE id_hash = $1 OR expires_at < now()', [idHash]);
  }

  /** Seconds the agent id is still locked out for (0 when not locked). */
  async lockedFor(agentId: string): Promise<number> {
    const { rows } = await this.db.query<{ left: string | number | null }>(
      'SELECT extract(epoch FROM locked_until - now()) AS left FROM agent_login_failures WHERE agent_id = $1 AND locked_until > now()',
      [agentId],
    );
    return rows[0]?.left ? Math.ceil(Number(rows[0].left)) : 0;
  }

  /** Counts a failed login; locks the id for `lockSeconds` at `maxFailures`. Returns the count. */
  async recordFailure(agentId: string, maxFailures: number, lockSeconds: number): Promise<number> {
    const { rows } = await this.db.query<{ failures: number }>(
      `INSERT INTO agent_login_failures AS f (agent_id, failures) VALUES ($1, 1)
       ON CONFLICT (agent_id) DO UPDATE SET
         failures = CASE WHEN f.locked_until IS NOT NULL AND f.locked_until <= now() THEN 1 ELSE f.failures + 1 END,
         locked_until = CASE WHEN f.locked_until IS NOT NULL AND f.locked_until <= now() THEN NULL ELSE f.locked_until END,
         updated_at = now()
       RETURNING failures`,
      [agentId],
    );
    const failures = rows[0]!.failures;
    if (failures >= maxFailures)
      await this.db.query(
        'UPDATE agent_login_failures SET locked_until = now() + make_interval(secs => $2) WHERE agent_id = $1',
        [agentId, lockSeconds],
      );
    return failures;
  }

  async clearFailures(agentId: string): Promise<void> {
    await this.db.query('DELETE FROM agent_login_failures WHERE agent_id = $1', [agentId]);
  }
}
