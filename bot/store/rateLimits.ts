/**
 * Token buckets in the database, so every instance counts against the same limit. One
 * statement refills the bucket for the time passed, takes a token when there is one, and says
 * whether it did; concurrent requests on one key are serialised by the row lock.
 */
import type { Db } from './db.ts';

export class RateLimitStore {
  private lastPrune = 0;

  constructor(private readonly db: Db) {}

  /**
   * Takes one token from `key`'s bucket (`capacity` tokens, refilled at `perSecond`).
   * Returns 0 when allowed, else the whole seconds until a token is there.
   */
  async take(key: string, capacity: number, perSecond: number): Promise<number> {
    const { rows } = await this.db.query<{ tokens: number; allowed: boolean }>(
      `INSERT INTO rate_limits AS r (key, tokens, updated_at, allowed) VALUES ($1, $2::float8 - 1, now(), true)
       ON CONFLICT (key) DO UPDATE SET
         tokens = CASE WHEN least($2::float8, r.tokens + extract(epoch FROM now() - r.updated_at)::float8 * $3::float8) >= 1
                       THEN least($2::float8, r.tokens + extract(epoch FROM now() - r.updated_at)::float8 * $3::float8) - 1
                       ELSE least($2::float8, r.tokens + extract(epoch FROM now() - r.updated_at)::float8 * $3::float8) END,
         allowed = least($2::float8, r.tokens + extract(epoch FROM now() - r.updated_at)::float8 * $3::float8) >= 1,
         updated_at = now()
       RETURNING tokens, allowed`,
      [key, capacity, perSecond],
    );
    const row = rows[0]!;
    this.prune(capacity / perSecond);
    if (row.allowed) return 0;
    return Math.max(1, Math.ceil((1 - Number(row.tokens)) / perSecond));
  }

  /** Drops buckets that are full again (untouched for longer than a refill), now and then. */
  private prune(refillSeconds: number): void {
    const now = Date.now();
    if (now - this.lastPrune < 60_000) return;
    this.lastPrune = now;
    void this.db
      .query('DELETE FROM rate_limits WHERE updated_at < now() - make_interval(secs => $1)', [
        Math.max(3600, refillSeconds * 2),
      ])
      .catch(() => {});
  }
}
