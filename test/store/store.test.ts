import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EtagConflictError, type Store } from '../../bot/store/index.ts';
import { migrate } from '../../bot/store/migrate.ts';
import { describeEngines, engines, postgresAvailable, REQUIRE_POSTGRES } from '../helpers/engines.ts';

it('runs against PostgreSQL too when it is required', () => {
  if (REQUIRE_POSTGRES) expect(postgresAvailable).toBe(true);
  expect(engines.map((e) => e.name)).toContain('pglite');
});

describeEngines('store on $name', (engine) => {
  let store: Store;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ store, drop } = await engine.open());
  });
  afterAll(async () => drop());

  it('migrations are idempotent', async () => {
    expect(await migrate(store.db)).toEqual([]);
    const { rows } = await store.db.query<{ version: number }>(
      'SELECT version FROM schema_migrations ORDER BY version',
    );
    expect(rows.map((r) => r.version)).toEqual([1, 2, 3, 4, 5]);
  });

  describe('state storage', () => {
    it('reads back what it wrote, with an eTag', async () => {
      await store.state.write({ 'conv/1': { profile: { lang: 'pl' } } });
      const items = await store.state.read(['conv/1', 'missing']);
      expect(items['conv/1']).toMatchObject({ profile: { lang: 'pl' } });
      expect(typeof items['conv/1']!.eTag).toBe('string');
      expect(items.missing).toBeUndefined();
    });

    it('rejects a write with a stale eTag and accepts "*"', async () => {
      await store.state.write({ 'conv/2': { n: 1 } });
      const first = (await store.state.read(['conv/2']))['conv/2']!;
      await store.state.write({ 'conv/2': { ...first, n: 2 } });
      await expect(store.state.write({ 'conv/2': { ...first, n: 3 } })).rejects.toBeInstanceOf(EtagConflictError);
      expect((await store.state.read(['conv/2']))['conv/2']).toMatchObject({ n: 2 });
      await store.state.write({ 'conv/2': { n: 4, eTag: '*' } });
      expect((await store.state.read(['conv/2']))['conv/2']).toMatchObject({ n: 4 });
    });

    it('lets exactly one of two concurrent writers with the same eTag win', async () => {
      await store.state.write({ 'conv/3': { n: 0 } });
      const base = (await store.state.read(['conv/3']))['conv/3']!;
      const results = await Promise.allSettled(
        [1, 2, 3, 4, 5].map((n) => store.state.write({ 'conv/3': { ...base, n } })),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    });

    it('deletes', async () => {
      await store.state.write({ 'conv/4': { x: 1 } });
      await store.state.delete(['conv/4']);
      expect(await store.state.read(['conv/4'])).toEqual({});
    });
  });

  describe('conversations and activities', () => {
    it('hands out gap-free watermarks even under concurrent appends', async () => {
      await store.conversations.create({ id: 'c1', channel: 'directline', userId: 'dl_u' });
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          store.conversations.append('c1', (seq) => ({ id: `c1|${seq}`, type: 'message', text: `m${i}` })),
        ),
      );
      const all = await store.conversations.listAfter('c1', 0);
      expect(all.map((a) => a.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      expect((await store.conversations.listAfter('c1', 15)).map((a) => a.seq)).toEqual([16, 17, 18, 19, 20]);
      expect(await store.conversations.hasActivity('c1', 'c1|3')).toBe(true);
      expect(await store.conversations.hasActivity('c1', 'nope')).toBe(false);
    });

    it('starts once and ends', async () => {
      await store.conversations.create({ id: 'c2', channel: 'directline', userId: 'dl_u', locale: 'pl' });
      expect(await store.conversations.markStarted('c2')).toBe(true);
      expect(await store.conversations.markStarted('c2')).toBe(false);
      await store.conversations.end('c2');
      const c = await store.conversations.get('c2');
      expect(c?.locale).toBe('pl');
      expect(c?.endedAt).toBeInstanceOf(Date);
      expect(await store.conversations.get('unknown')).toBeUndefined();
    });

    it('refuses to append to an unknown conversation', async () => {
      await expect(store.conversations.append('ghost', () => ({ type: 'message' }))).rejects.toThrow(
        /unknown conversation/,
      );
    });

    it('answers ping', async () => {
      expect(await store.ping()).toBe(true);
    });
  });
});
