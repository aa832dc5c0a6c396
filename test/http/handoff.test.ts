import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { connect, generateToken, type Activity } from '../helpers/directline.ts';
import { CLOSED_TIME, knowledge, OPEN_TIME, say } from '../helpers/bot.ts';
import { AgentClient, agentsFile } from '../helpers/agent.ts';
import { eventually } from '../helpers/poll.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ AGENTS_FILE: await agentsFile(), HANDOFF_SWEEP_SECONDS: '1' }, { now: () => OPEN_TIME });
});
afterAll(async () => t.close());

const botSays = (text: string) => (a: Activity) => a.type === 'message' && a.text === text;

describe('handoff over Direct Line, with the agent console API', () => {
  it('"chcę rozmawiać z człowiekiem": a Polish reply about what happens next and handoff.initiate with pl and the reason; then an agent takes over, relays both ways, sends a knowledge answer in Polish, and ends', async () => {
    const dl = connect(t.baseUrl, await generateToken(t.baseUrl, { locale: 'pl-PL' }));
    try {
      await dl.waitFor((a) => a.type === 'message' && !!a.text?.includes(say('pl', 'welcome.intro')));
      await dl.send('chcę rozmawiać z człowiekiem');
      const event = await dl.waitFor((a) => a.type === 'event' && (a as { name?: string }).name === 'handoff.initiate');
      const context = (event as { value?: Record<string, unknown> }).value!;
      expect(context).toMatchObject({ language: 'pl', reason: 'user-request', queued: true });
      const attachment = (event as { attachments?: { name: string; content: { activities: Activity[] } }[] })
        .attachments![0]!;
      expect(attachment.name).toBe('Transcript');
      expect(attachment.content.activities.some((a) => a.text === 'chcę rozmawiać z człowiekiem')).toBe(true);
      await dl.waitFor(
        botSays(say('pl', 'handoff:queued', { position: 1, minutes: knowledge.contact.chat.defaultWaitMinutes })),
      );

      // Agents: a wrong password, then Kari, who speaks Polish, sees the item first among equals.
      const kari = new AgentClient(t.baseUrl);
      expect((await kari.login('kari', 'wrong password')).status).toBe(401);
      const login = await kari.login('kari');
      expect(login.status).toBe(200);
      expect(login.setCookie).toMatch(/HttpOnly/);
      expect(login.setCookie).toMatch(/SameSite=Strict/);
      const queue = await kari.call('GET', '/queue');
      const item = queue.data.items.find((i: { context: { summary: string }; lang: string }) => i.lang === 'pl')!;
      expect(item).toMatchObject({
        status: 'queued',
        reason: 'user-request',
        interpreter: false,
        speaksLanguage: true,
        position: 1,
      });
      expect(item.summary).toBe('Polskspråklig bruker trenger hjelp, ønsker å snakke med en person');

      const ola = new AgentClient(t.baseUrl);
      await ola.login('ola');
      const [a, b] = await Promise.all([
        kari.call('POST', `/handoffs/${item.id}/claim`, {}),
        ola.call('POST', `/handoffs/${item.id}/claim`, {}),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 409]);
      const owner = a.status === 200 ? kari : ola;
      const ownerName = a.status === 200 ? 'Kari Nordmann' : 'Ola Hansen';
      await dl.waitFor(botSays(say('pl', 'handoff:accepted', { name: ownerName })));

      // Agent → user.
      expect(
        (await owner.call('POST', `/handoffs/${item.id}/messages`, { text: 'Dzień dobry, w czym mogę pomóc?' })).status,
      ).toBe(201);
      const relayed = await dl.waitFor((x) => x.type === 'message' && x.text === 'Dzień dobry, w czym mogę pomóc?');
      expect((relayed as { from: { name?: string } }).from.name).toBe(ownerName);

      // User → agent; the bot stays silent.
      await dl.send('straciłem pracę, co mam zrobić?');
      const seen: { text: string; from: string } | undefined = await eventually(async () => {
        const view = await owner.call('GET', `/handoffs/${item.id}`);
        return view.data.activities.find((x: { text: string }) => x.text === 'straciłem pracę, co mam zrobić?');
      });
      expect(seen?.from).toBe('user');

      // A knowledge answer picked in Norwegian arrives in Polish.
      expect((await owner.call('POST', `/handoffs/${item.id}/knowledge`, { topic: 'dagpenger' })).status).toBe(201);
      const dagpenger = knowledge.topics.get('dagpenger')!.languages.pl;
      await dl.waitFor((x) => x.type === 'message' && !!x.text?.includes(dagpenger.answer.slice(0, 40)));

      // End: the bot resumes in Polish and asks for a rating.
      expect(
        (await owner.call('POST', `/handoffs/${item.id}/end`, { outcome: 'resolved', note: 'Forklarte dagpenger' }))
          .status,
      ).toBe(200);
      await dl.waitFor(botSays(say('pl', 'handoff:ended')));
      await dl.waitFor((x) => x.type === 'message' && x.text === say('pl', 'handoff:rating.question'));
      const botReplies = dl.received.filter((x) => x.type === 'message' && x.from.id === 'veiviser');
      // Nothing from the bot between the user's message to the agent and the end.
      const userMessage = dl.received.findIndex((x) => x.text === 'straciłem pracę, co mam zrobić?');
      const ended = dl.received.findIndex((x) => x.text === say('pl', 'handoff:ended'));
      expect(botReplies.filter((x) => dl.received.indexOf(x) > userMessage && dl.received.indexOf(x) < ended)).toEqual(
        [],
      );
    } finally {
      dl.end();
    }
  });

  it('with no locale given, the Polish request itself sets the language: Polish reply, pl in the event', async () => {
    const dl = connect(t.baseUrl, await generateToken(t.baseUrl));
    try {
      await dl.send('chcę rozmawiać z człowiekiem');
      const event = await dl.waitFor((a) => a.type === 'event' && (a as { name?: string }).name === 'handoff.initiate');
      expect((event as { value?: Record<string, unknown> }).value).toMatchObject({
        language: 'pl',
        reason: 'user-request',
      });
      await dl.waitFor(
        (a) =>
          a.type === 'message' &&
          !!a.text?.startsWith(say('pl', 'handoff:queued', { position: 1, minutes: 1 }).slice(0, 25)),
      );
      await dl.send('Leave the queue', { value: { veiviser: 'cancelQueue' } });
      await dl.waitFor((a) => a.type === 'message' && a.text === say('pl', 'handoff:cancelled'));
    } finally {
      dl.end();
    }
  });

  it('tells a waiting user their new place when the queue moves, and a user who leaves gives up their place', async () => {
    const first = connect(t.baseUrl, await generateToken(t.baseUrl, { locale: 'en-GB' }));
    const second = connect(t.baseUrl, await generateToken(t.baseUrl, { locale: 'nb-NO' }));
    try {
      await first.send('I want to talk to a person');
      await first.waitFor(
        (a) =>
          a.type === 'message' &&
          !!a.text?.startsWith(say('en', 'handoff:queued', { position: 1, minutes: 1 }).slice(0, 30)),
      );
      await second.send('jeg vil snakke med et menneske');
      const queued = await second.waitFor(
        (a) =>
          a.type === 'message' &&
          !!a.text?.startsWith(say('nb', 'handoff:queued', { position: 2, minutes: 1 }).slice(0, 30)),
      );
      expect(queued.text).toContain(' 2 ');
      // The first leaves the queue with the button; the second is told, by the sweep, that they moved up.
      await first.send('Leave the queue', { value: { veiviser: 'cancelQueue' } });
      await first.waitFor((a) => a.type === 'message' && a.text === say('en', 'handoff:cancelled'));
      const moved = await second.waitFor(
        (a) =>
          a.type === 'message' &&
          !!a.text?.startsWith(say('nb', 'handoff:position', { position: 1, minutes: 1 }).split('.')[0]!),
        5000,
      );
      expect(moved.text).toContain('1');
      // The second closes the chat: their place is given up, and no agent sees them waiting.
      await new Promise<void>((resolve, reject) =>
        second.client
          .postActivity({ type: 'endOfConversation', from: { id: 'user' } } as never)
          .subscribe({ next: () => resolve(), error: reject }),
      );
      const kari = new AgentClient(t.baseUrl);
      await kari.login('kari');
      expect((await kari.call('GET', '/queue')).data.items).toEqual([]);
    } finally {
      first.end();
      second.end();
    }
  });

  it('counts handoffs by reason and outcome in the metrics', async () => {
    const metrics = await (await fetch(`${t.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(/veiviser_handoffs_total\{reason="user-request",outcome="queued"\} [1-9]/);
  });

  it('refuses what is not the console: no session, form posts, other origins, unknown ids', async () => {
    const anon = new AgentClient(t.baseUrl);
    expect((await anon.call('GET', '/queue')).status).toBe(401);
    const form = await fetch(`${t.baseUrl}/agent/api/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'id=kari&password=x',
    });
    expect(form.status).toBe(415);
    const cross = await anon.call('POST', '/login', { id: 'kari', password: 'x' }, { Origin: 'https://evil.example' });
    expect(cross.status).toBe(403);
    const kari = new AgentClient(t.baseUrl);
    await kari.login('kari');
    expect((await kari.call('POST', '/handoffs/999999/claim', {})).status).toBe(404);
    expect((await kari.call('POST', '/handoffs/abc/claim', {})).status).toBe(404);
    expect((await kari.call('POST', '/handoffs/1/end', { outcome: 'nonsense' })).status).toBe(400);
    const page = await fetch(`${t.baseUrl}/agent`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('veilederkonsoll');
  });

  it('locks an agent out after five wrong passwords, even with the right one after', async () => {
    const c = new AgentClient(t.baseUrl);
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await c.login('ola', `wrong ${i}`)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 429]);
    const locked = await c.login('ola');
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('outside opening hours', () => {
  let closed: TestApp;
  beforeAll(async () => {
    closed = await startTestApp({ AGENTS_FILE: await agentsFile() }, { now: () => CLOSED_TIME });
  });
  afterAll(async () => closed.close());

  it('offers the alternatives instead of a dead queue, and nothing enters the queue', async () => {
    const dl = connect(closed.baseUrl, await generateToken(closed.baseUrl, { locale: 'pl-PL' }));
    try {
      await dl.send('chcę rozmawiać z człowiekiem');
      const reply = await dl.waitFor(
        (a) => a.type === 'message' && !!a.text?.includes(say('pl', 'handoff:alternatives')),
      );
      expect(reply.text).toContain('55 55 33 33');
      expect(reply.text).toContain(knowledge.contact.writeUrl);
      const kari = new AgentClient(closed.baseUrl);
      await kari.login('kari');
      expect((await kari.call('GET', '/queue')).data.items).toEqual([]);
    } finally {
      dl.end();
    }
  });
});
