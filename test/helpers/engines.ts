/**
 * The store engines the store tests run against: PGlite always; PostgreSQL when a server is
 * reachable (TEST_DATABASE_URL, default the local one), its suites reported as skipped otherwise.
 * With REQUIRE_POSTGRES=1 (as .ci/run sets), an unreachable server fails the run instead.
 */
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { describe } from 'vitest';
import { openStore, type Store } from '../../bot/store/index.ts';

export const POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const REQUIRE_POSTGRES = process.env.REQUIRE_POSTGRES === '1';

export async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

export const postgresAvailable = await postgresReachable();
if (!postgresAvailable) {
  const message = `PostgreSQL is not reachable at ${POSTGRES_URL.replace(/\/\/[^@]*@/, '//')}: the PostgreSQL store tests ${REQUIRE_POSTGRES ? 'FAIL (REQUIRE_POSTGRES=1)' : 'are skipped'}.`;
  if (REQUIRE_POSTGRES) throw new Error(message);
  console.warn(message);
}

export interface EngineUnderTest {
  name: 'pglite' | 'postgres';
  /** False for PostgreSQL when no server is reachable: its suites are skipped. */
  available: boolean;
  open(): Promise<{ store: Store; drop(): Promise<void> }>;
}

/** A fresh, empty database per call: in-memory PGlite, or a throw-away schema on PostgreSQL. */
export const engines: EngineUnderTest[] = [
  {
    name: 'pglite',
    available: true,
    async open() {
      const store = await openStore({ engine: 'pglite' });
      return { store, drop: () => store.close() };
    },
  },
  {
    name: 'postgres',
    available: postgresAvailable,
    async open() {
      const schema = `veiviser_test_${randomBytes(6).toString('hex')}`;
      const store = await openStore({ engine: 'postgres', connectionString: POSTGRES_URL, schema });
      return {
        store,
        async drop() {
          await store.close();
          const client = new pg.Client({ connectionString: POSTGRES_URL });
          await client.connect();
          await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
          await client.end();
        },
      };
    },
  },
];

/**
 * `describe.each(engines)`: one suite per engine, `$name` in the title replaced by its name. An
 * engine that is not available gets its suite reported as skipped, not left out.
 */
export function describeEngines(title: string, suite: (engine: EngineUnderTest) => void): void {
  for (const engine of engines)
    describe.skipIf(!engine.available)(title.replace('$name', engine.name), () => suite(engine));
}
