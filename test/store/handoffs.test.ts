import { afterAll, beforeAll, expect, it } from 'vitest';
import type { NewHandoff, Store } from '../../bot/store/index.ts';
import { describeEngines } from '../helpers/engines.ts';

const handoff = (conversationId: string, over: Partial<NewHandoff> = {}): NewHandoff => ({
  conversationId,
  reason: 'user-request',
  lang: 'pl',
  interpreter: false,
  priority: 3,
  summary: 'Polskspråklig bruker trenger hjelp',
  context: { reason: 'user-request' },
  ...over,
});

describeEngines('the handoff queue on $name', (engine) => {
  let store: Store;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ store, drop } = await engine.open());
  });
  afterAll(async () => drop());

  const conversation = async (id: string) =>
    store.conversations.create({ id, channel: 'directline', userId: `dl_${id}` });

  it('20 agents claim one conversation at once: exactly one wins', async () => {
    await conversation('race');
    const { handoff: h } = await store.handoffs.enqueue(handoff('race'));
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => store.handoffs.claim(h.id, { id: `agent${i}`, name: `Agent ${i}` })),
    );
    const winners = results.filter(Boolean);
    expect(winners).toHaveLength(1);
    const stored = await store.handoffs.get(h.id);
    expect(stored?.status).toBe('active');
    expect(stored?.agentId).toBe(winners[0]!.agentId);
  });

  it('a conversation is in at most one open handoff, also when it asks twice at once', async () => {
    await conversation('twice');
    const [a, b] = await Promise.all([
      store.handoffs.enqueue(handoff('twice')),
      store.handoffs.enqueue(handoff('twice')),
    ]);
    expect(a.handoff.id).toBe(b.handoff.id);
    expect([a.created, b.created].filter(Boolean)).toHaveLength(1);
  });

  it('orders the queue by priority, then by who waited longest, and counts places', async () => {
    for (const id of ['q1', 'q2', 'q3']) await conversation(id);
    const first = (await store.handoffs.enqueue(handoff('q1'))).handoff;
    const second = (await store.handoffs.enqueue(handoff('q2'))).handoff;
    const urgent = (await store.handoffs.enqueue(handoff('q3', { reason: 'emergency', priority: 0 }))).handoff;
    const before = await store.handoffs.position(first.id);
    expect(await store.handoffs.position(urgent.id)).toBe(1);
    expect(await store.handoffs.position(second.id)).toBe(before! + 1);
    const open = await store.handoffs.listOpen();
    expect(open[0]!.id).toBe(urgent.id);
    // Leaving the queue moves the others up; the new place is told once.
    expect(await store.handoffs.markNotified(second.id, before! + 1)).toBe(true);
    await store.handoffs.close('q1', 'cancelled');
    expect(await store.handoffs.position(second.id)).toBe(before!);
    expect(await store.handoffs.markNotified(second.id, before!)).toBe(true);
    expect(await store.handoffs.markNotified(second.id, before!)).toBe(false);
  });

  it('ends only for the agent who owns it; requeues keep the place; ratings go to the last ended handoff', async () => {
    await conversation('own');
    const { handoff: h } = await store.handoffs.enqueue(handoff('own'));
    await store.handoffs.claim(h.id, { id: 'kari', name: 'Kari' });
    expect(await store.handoffs.end(h.id, 'ola', 'resolved', '')).toBeUndefined();
    const back = await store.handoffs.requeue(h.id);
    expect(back).toMatchObject({ status: 'queued', agentId: null });
    expect(back!.queuedAt.getTime()).toBe(h.queuedAt.getTime());
    await store.handoffs.claim(h.id, { id: 'kari', name: 'Kari' });
    expect((await store.handoffs.end(h.id, 'kari', 'resolved', 'ok'))?.status).toBe('ended');
    expect(await store.handoffs.rate('own', 5)).toBe(true);
    expect((await store.handoffs.get(h.id))?.rating).toBe(5);
    expect(await store.handoffs.recentWaitSeconds()).toBeGreaterThanOrEqual(0);
  });

  it('finds agents and users who went away, each once', async () => {
    await conversation('gone');
    const { handoff: h } = await store.handoffs.enqueue(handoff('gone'));
    await store.db.query("UPDATE conversations SET user_seen_at = now() - interval '1 hour' WHERE id = 'gone'");
    const gone = await store.handoffs.usersGone(60);
    expect(gone.map((g) => g.id)).toContain(h.id);
    expect((await store.handoffs.usersGone(60)).map((g) => g.id)).not.toContain(h.id);
    // A conversation of another channel (no polling) is never taken for gone.
    await store.conversations.ensure({ id: 'teams', channel: 'msteams', userId: 'u' });
    const { handoff: other } = await store.handoffs.enqueue(handoff('teams'));
    await store.db.query("UPDATE handoffs SET created_at = now() - interval '1 hour' WHERE id = $1", [other.id]);
    expect((await store.handoffs.usersGone(60)).map((g) => g.id)).not.toContain(other.id);
    await store.handoffs.claim(h.id, { id: 'kari', name: 'Kari' });
    await store.db.query("UPDATE handoffs SET agent_seen_at = now() - interval '1 hour' WHERE id = $1", [h.id]);
    expect((await store.handoffs.agentsGone(60)).map((g) => g.id)).toContain(h.id);
  });

  it('locks an agent id out after repeated failures', async () => {
    for (let i = 1; i < 5; i++) expect(await store.agentSessions.recordFailure('kari', 5, 900)).toBe(i);
    expect(await store.agentSessions.lockedFor('kari')).toBe(0);
    await store.agentSessions.recordFailure('kari', 5, 900);
    expect(await store.agentSessions.lockedFor('kari')).toBeGreaterThan(800);
    await store.agentSessions.clearFailures('kari');
    expect(await store.agentSessions.lockedFor('kari')).toBe(0);
  });
});
