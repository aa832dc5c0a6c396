import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../bot/store/index.ts';
import { RateLimiter } from '../../bot/channels/http.ts';
import { describeEngines, POSTGRES_URL, postgresAvailable } from '../helpers/engines.ts';

describeEngines('rate limits in the store on $name', (engine) => {
  let store: Store;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ store, drop } = await engine.open());
  });
  afterAll(async () => drop());

  it('allows a burst of the capacity, then says how long to wait; keys are independent', async () => {
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await store.rateLimits.take('a', 3, 3 / 60));
    expect(results.slice(0, 3)).toEqual([0, 0, 0]);
    expect(results[3]).toBeGreaterThanOrEqual(19); // one token every 20 s at 3 a minute
    expect(results[3]).toBeLessThanOrEqual(20);
    expect(await store.rateLimits.take('b', 3, 3 / 60)).toBe(0);
  });

  it('refills with time', async () => {
    expect(await store.rateLimits.take('fast', 1, 20)).toBe(0);
    expect(await store.rateLimits.take('fast', 1, 20)).toBe(1);
    await new Promise((r) => setTimeout(r, 120));
    expect(await store.rateLimits.take('fast', 1, 20)).toBe(0);
  });

  it('lets exactly the capacity through when 30 requests race for it', async () => {
    const waits = await Promise.all(Array.from({ length: 30 }, () => store.rateLimits.take('race', 10, 10 / 60)));
    expect(waits.filter((w) => w === 0)).toHaveLength(10);
  });

  it('RateLimiter throws a 429 with Retry-After over the limit', async () => {
    const limiter = new RateLimiter(store.rateLimits, 'test', 1);
    await limiter.check('1.2.3.4');
    await expect(limiter.check('1.2.3.4')).rejects.toMatchObject({
      status: 429,
      headers: { 'Retry-After': expect.stringMatching(/^\d+$/) },
    });
  });
});

describe.runIf(postgresAvailable)('two instances on one PostgreSQL database', () => {
  const schema = `veiviser_rl_${randomBytes(5).toString('hex')}`;
  let a: Store;
  let b: Store;
  beforeAll(async () => {
    a = await openStore({ engine: 'postgres', connectionString: POSTGRES_URL, schema });
    b = await openStore({ engine: 'postgres', connectionString: POSTGRES_URL, schema });
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  });

  it('share one limit: 5 a minute across both, not 5 each', async () => {
    const limiters = [new RateLimiter(a.rateLimits, 'shared', 5), new RateLimiter(b.rateLimits, 'shared', 5)];
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        limiters[i % 2]!.check('client').then(
          () => 'ok',
          (e: { status: number }) => e.status,
        ),
      ),
    );
    expect(outcomes.filter((o) => o === 'ok')).toHaveLength(5);
    expect(outcomes.filter((o) => o === 429)).toHaveLength(5);
  });
});
