/** Opens the configured engine, migrates it, and exposes the repositories. */
import { openDb, type Db, type DbOptions } from './db.ts';
import { migrate } from './migrate.ts';
import { ConversationStore } from './conversations.ts';
import { SqlStorage } from './stateStorage.ts';
import { HandoffStore } from './handoffs.ts';
import { AgentSessionStore } from './agentSessions.ts';
import { BookingStore } from './bookings.ts';
import { RateLimitStore } from './rateLimits.ts';

export interface Store {
  db: Db;
  conversations: ConversationStore;
  state: SqlStorage;
  handoffs: HandoffStore;
  agentSessions: AgentSessionStore;
  bookings: BookingStore;
  rateLimits: RateLimitStore;
  /** True when the database answers. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export async function openStore(options: DbOptions): Promise<Store> {
  const db = await openDb(options);
  await migrate(db);
  return {
    db,
    conversations: new ConversationStore(db),
    state: new SqlStorage(db),
    handoffs: new HandoffStore(db),
    agentSessions: new AgentSessionStore(db),
    bookings: new BookingStore(db),
    rateLimits: new RateLimitStore(db),
    async ping() {
      try {
        await db.query('SELECT 1');
        return true;
      } catch {
        return false;
      }
    },
    close: () => db.close(),
  };
}

export { StoreError, type Db, type DbOptions } from './db.ts';
export { EtagConflictError } from './stateStorage.ts';
export type { ConversationRecord, StoredActivity } from './conversations.ts';
export type { HandoffRecord, NewHandoff } from './handoffs.ts';
export type { BookingRecord } from './bookings.ts';
