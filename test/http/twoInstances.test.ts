/**
 * Two server processes' worth of instances sharing one PostgreSQL database: the user talks to
 * instance A over Direct Line, the agent works on instance B; everything relays through the store.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { connect, generateToken } from '../helpers/directline.ts';
import { OPEN_TIME, say } from '../helpers/bot.ts';
import { AgentClient, agentsFile } from '../helpers/agent.ts';
import { POSTGRES_URL, postgresAvailable, REQUIRE_POSTGRES } from '../helpers/engines.ts';
import { eventually } from '../helpers/poll.ts';

const database = `veiviser_relay_${randomBytes(5).toString('hex')}`;
const admin = async (sql: string) => {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
};

describe.runIf(postgresAvailable || REQUIRE_POSTGRES)('two instances on one PostgreSQL database', () => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    await admin(`CREATE DATABASE ${database}`);
    const url = POSTGRES_URL.replace(/\/[^/]*$/, `/${database}`);
    const env = {
      DATABASE_URL: url,
      AGENTS_FILE: await agentsFile(),
      TOKEN_SECRET: randomBytes(32).toString('hex'),
      HANDOFF_SWEEP_SECONDS: '1',
    };
    [a, b] = await Promise.all([
      startTestApp(env, { now: () => OPEN_TIME }),
      startTestApp(env, { now: () => OPEN_TIME }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  });

  it('the user on one instance and the agent on the other exchange messages without loss', async () => {
    const dl = connect(a.baseUrl, await generateToken(a.baseUrl, { locale: 'pl-PL' }));
    try {
      const agent = new AgentClient(b.baseUrl);
      expect((await agent.login('kari')).status).toBe(200);
      // The user's request on A becomes an item in the agent's queue on B.
      await dl.send('chcę rozmawiać z człowiekiem');
      const item: { id: string } = await eventually(async () =>
        (await agent.call('GET', '/queue')).data.items.find((i: { lang: string }) => i.lang === 'pl'),
      );
      await dl.waitFor((x) => x.type === 'event' && (x as { name?: string }).name === 'handoff.initiate');
      expect((await agent.call('POST', `/handoffs/${item.id}/claim`, {})).status).toBe(200);
      await dl.waitFor(
        (x) => x.type === 'message' && x.text === say('pl', 'handoff:accepted', { name: 'Kari Nordmann' }),
      );

      let watermark = 0;
      const seenByAgent: string[] = [];
      for (let i = 0; i < 10; i++) {
        await agent.call('POST', `/handoffs/${item.id}/messages`, { text: `wiadomość od doradcy ${i}` });
        await dl.waitFor((x) => x.type === 'message' && x.text === `wiadomość od doradcy ${i}`);

        await dl.send(`odpowiedź użytkownika ${i}`);
        await eventually(async () => {
          const view = await agent.call('GET', `/handoffs/${item.id}?after=${watermark}`);
          watermark = view.data.watermark;
          seenByAgent.push(...view.data.activities.map((x: { text: string }) => x.text));
          return seenByAgent.includes(`odpowiedź użytkownika ${i}`) || undefined;
        });
      }
      // Nothing lost, nothing doubled, in order.
      const userLines = seenByAgent.filter((x) => x.startsWith('odpowiedź użytkownika'));
      expect(userLines).toEqual(Array.from({ length: 10 }, (_, i) => `odpowiedź użytkownika ${i}`));
      const agentLines = dl.received.filter((x) => x.text?.startsWith('wiadomość od doradcy')).map((x) => x.text);
      expect(agentLines).toEqual(Array.from({ length: 10 }, (_, i) => `wiadomość od doradcy ${i}`));

      expect((await agent.call('POST', `/handoffs/${item.id}/end`, { outcome: 'resolved' })).status).toBe(200);
      await dl.waitFor((x) => x.type === 'message' && x.text === say('pl', 'handoff:ended'));
    } finally {
      dl.end();
    }
  });
});
