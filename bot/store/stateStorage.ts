/**
 * botbuilder `Storage` over the `bot_state` table. Writes with an eTag other than "*" succeed only
 * when the stored eTag still matches, so two instances cannot silently overwrite each other.
 */
import type { Storage, StoreItems } from 'botbuilder';
import { StoreError, type Db } from './db.ts';

export class EtagConflictError extends StoreError {
  constructor(readonly key: string) {
    super(`Storage: eTag conflict writing "${key}"`);
    this.name = 'EtagConflictError';
  }
}

export class SqlStorage implements Storage {
  constructor(private readonly db: Db) {}

  async read(keys: string[]): Promise<StoreItems> {
    if (keys.length === 0) return {};
    const { rows } = await this.db.query<{ key: string; doc: Record<string, unknown>; etag: string }>(
      'SELECT key, doc, etag::text AS etag FROM bot_state WHERE key = ANY($1::text[])',
      [keys],
    );
    const items: StoreItems = {};
    for (const row of rows) items[row.key] = { ...row.doc, eTag: row.etag };
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    for (const [key, item] of Object.entries(changes)) {
      const { eTag, ...doc } = (item ?? {}) as Record<string, unknown>;
      const expected = typeof eTag === 'string' && eTag !== '*' && eTag !== '' ? eTag : undefined;
      if (expected === undefined) {
        await this.db.query(
          `INSERT INTO bot_state (key, doc, etag) VALUES ($1, $2::jsonb, 1)
           ON CONFLICT (key) DO UPDATE SET doc = EXCLUDED.doc, etag = bot_state.etag + 1, updated_at = now()`,
          [key, JSON.stringify(doc)],
        );
        continue;
      }
      if (!/^\d+$/.test(expected)) throw new EtagConflictError(key);
      const { rowCount } = await this.db.query(
        `INSERT INTO bot_state (key, doc, etag) VALUES ($1, $2::jsonb, 1)
         ON CONFLICT (key) DO UPDATE SET doc = EXCLUDED.doc, etag = bot_state.etag + 1, updated_at = now()
         WHERE bot_state.etag = $3::bigint`,
        [key, JSON.stringify(doc), expected],
      );
      if (rowCount === 0) throw new EtagConflictError(key);
    }
  }

  async delete(keys: string[]): Promise<void> {
    if (keys.length) await this.db.query('DELETE FROM bot_state WHERE key = ANY($1::text[])', [keys]);
  }
}
