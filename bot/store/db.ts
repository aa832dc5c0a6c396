/**
 * One SQL dialect, two engines: PGlite (PostgreSQL compiled to WebAssembly, files under DATA_DIR)
 * as the embedded default, and a PostgreSQL server through `pg` when DATABASE_URL is set.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { DirectoryLockedError, lockDirectory } from './dirLock.ts';

export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: T[]; rowCount: number }>;
}

export interface Db extends Queryable {
  readonly engine: 'pglite' | 'postgres';
  /** Runs `fn` in one transaction; rolls back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * Any failure of the database, wrapped once where it happens. `unavailable`: the database could
 * not be reached (the HTTP edge answers 503); otherwise the query itself failed (our bug: 500).
 */
export class StoreError extends Error {
  readonly unavailable: boolean;
  /** The database's own error code (SQLSTATE), when it gave one. */
  readonly code?: string;

  constructor(message: string, options: { cause?: unknown; unavailable?: boolean } = {}) {
    super(message, { cause: options.cause });
    this.name = 'StoreError';
    const code = (options.cause as { code?: unknown } | undefined)?.code;
    this.code = typeof code === 'string' ? code : undefined;
    this.unavailable = options.unavailable ?? isUnreachable(options.cause);
  }
}

const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EPIPE',
  'EHOSTUNREACH',
  'EAI_AGAIN',
  '57P01',
  '57P02',
  '57P03',
  '53300',
]);
const UNREACHABLE_MESSAGE =
  /connection terminated|timeout exceeded when trying to connect|cannot use a pool after calling end|client has encountered a connection error|pglite is closed|connection refused/i;

/** True when an error means the database could not be reached, not that a query was wrong. */
export function isUnreachable(err: unknown): boolean {
  if (err instanceof StoreError) return err.unavailable;
  const code = (err as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string' && (UNREACHABLE_CODES.has(code) || code.startsWith('08'))) return true;
  return err instanceof Error && UNREACHABLE_MESSAGE.test(err.message);
}

/** Runs one database call, wrapping its failure in a StoreError (once). */
async function wrapped<T>(what: () => Promise<T>): Promise<T> {
  try {
    return await what();
  } catch (err) {
    if (err instanceof StoreError) throw err;
    throw new StoreError((err as Error)?.message ?? String(err), { cause: err });
  }
}

export type DbOptions =
  | { engine: 'pglite'; dataDir?: string } // no dataDir: in memory
  | { engine: 'postgres'; connectionString: string; schema?: string; maxConnections?: number };

export async function openDb(options: DbOptions): Promise<Db> {
  try {
    return options.engine === 'pglite' ? await openPglite(options.dataDir) : await openPostgres(options);
  } catch (err) {
    if (err instanceof DirectoryLockedError) throw err;
    throw new StoreError(`Could not open the ${options.engine} database: ${(err as Error).message}`, {
      cause: err,
      unavailable: true,
    });
  }
}

/**
 * A copy of a freshly initialised database, taken from the first new one this process creates
 * (compressed, about 4.5 MB). initdb takes seconds, more than all the rest of an app's start;
 * every later new database in the process (each further test app and test store in a worker)
 * loads the copy instead, which is what PGlite's own initdb ends with too.
 */
let freshCopy: Promise<Blob | undefined> | undefined;

async function createPglite(dataDir: string | undefined): Promise<PGlite> {
  if (dataDir && existsSync(join(dataDir, 'PG_VERSION'))) return PGlite.create(dataDir);
  const copy = await freshCopy;
  if (copy) return PGlite.create(dataDir, { loadDataDir: copy });
  const lite = await PGlite.create(dataDir);
  // Taken before anything (the migrations) writes to it; without a copy, the next one is made by initdb again.
  freshCopy ??= lite.dumpDataDir('gzip').catch(() => undefined);
  await freshCopy;
  return lite;
}

async function openPglite(dataDir: string | undefined): Promise<Db> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const release = dataDir ? lockDirectory(dataDir) : () => {};
  let lite: PGlite;
  try {
    lite = await createPglite(dataDir);
  } catch (err) {
    release();
    throw err;
  }
  const run = <T>(q: Pick<PGlite, 'query'>, sql: string, params?: unknown[]) =>
    wrapped(async () => {
      const res = await q.query<T>(sql, params);
      return { rows: res.rows, rowCount: res.affectedRows ?? res.rows.length };
    });
  return {
    engine: 'pglite',
    query: (sql, params) => run(lite, sql, params),
    // Errors of `fn` itself pass through as they are; its queries are wrapped one by one.
    transaction: (fn) =>
      lite
        .transaction((tx) => fn({ query: (sql, params) => run(tx, sql, params) }))
        .catch((err: unknown) => {
          throw err instanceof StoreError || !isUnreachable(err)
            ? err
            : new StoreError((err as Error).message, { cause: err });
        }),
    close: () => lite.close().finally(release),
  };
}

/** A server that is starting or busy gets two more tries at start-up, a second apart; a refused query fails at once. */
async function untilReachable<T>(attempt: () => Promise<T>, tries = 3): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (err) {
      if (i >= tries || !isUnreachable(err)) throw err;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

async function openPostgres(options: {
  connectionString: string;
  schema?: string;
  maxConnections?: number;
}): Promise<Db> {
  if (options.schema && !/^[a-z_][a-z0-9_]*$/.test(options.schema)) throw new Error('invalid schema name');
  if (options.schema) {
    const schema = options.schema;
    await untilReachable(async () => {
      const setup = new pg.Client({ connectionString: options.connectionString, connectionTimeoutMillis: 10_000 });
      setup.on('error', () => {}); // a reset socket is reported by the pending call, never as an uncaught error
      try {
        await setup.connect();
        await setup.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      } finally {
        await setup.end().catch(() => {});
      }
    });
  }
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: 5000,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  });
  // An idle client that loses its connection emits 'error' on the pool; without a listener
  // Node would crash the process. The next query reports the failure instead.
  pool.on('error', () => {});
  await untilReachable(() => pool.query('SELECT 1'));
  const run = <T>(q: pg.Pool | pg.PoolClient, sql: string, params?: unknown[]) =>
    wrapped(async () => {
      const res = await q.query(sql, params as unknown[]);
      return { rows: res.rows as T[], rowCount: res.rowCount ?? 0 };
    });
  return {
    engine: 'postgres',
    query: (sql, params) => run(pool, sql, params),
    async transaction(fn) {
      const client = await wrapped(() => pool.connect());
      try {
        await run(client, 'BEGIN');
        const result = await fn({ query: (sql, params) => run(client, sql, params) });
        await run(client, 'COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
