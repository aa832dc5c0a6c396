import { describe, expect, it } from 'vitest';
import type { Activity, CardAction, TestAdapter } from 'botbuilder';
import { knowledge, say, testBot } from '../helpers/bot.ts';
import type { Lang } from '../../bot/shared/languages.ts';

const text = (a: Partial<Activity>) => a.text ?? '';
const buttons = (a: Partial<Activity>): CardAction[] => a.suggestedActions?.actions ?? [];
const question = (id: string, lang: Lang) =>
  knowledge.screener.questions.find((q) => q.id === id)!.text[lang] as string;
const option = (q: string, o: string, lang: Lang) =>
  knowledge.screener.questions.find((x) => x.id === q)!.options.find((x) => x.id === o)!.text[lang] as string;

async function turn(adapter: TestAdapter, activity: string | Partial<Activity>): Promise<Partial<Activity>[]> {
  adapter.activeQueue.splice(0);
  await adapter.send(activity as Partial<Activity>).startTest();
  return adapter.activeQueue.splice(0);
}

async function click(adapter: TestAdapter, reply: Partial<Activity>, title: string) {
  const b = buttons(reply).find((x) => x.title === title);
  expect(
    b,
    `button "${title}" among ${buttons(reply)
      .map((x) => x.title)
      .join(' | ')}`,
  ).toBeDefined();
  return turn(adapter, { type: 'message', text: b!.title, value: b!.value });
}

describe('the entitlement screener in conversation', () => {
  it('Norwegian: "hva har jeg krav på" starts it with buttons; lost job at 35 ends with dagpenger and arbeidssøker, their reasons and links', async () => {
    const { adapter } = testBot('nb-NO');
    let [reply] = await turn(adapter, 'hva har jeg krav på');
    expect(text(reply!)).toContain(say('nb', 'screener:intro'));
    expect(text(reply!)).toContain(question('age', 'nb'));
    [reply] = await click(adapter, reply!, option('age', '30-61', 'nb'));
    expect(text(reply!)).toBe(question('work', 'nb'));
    [reply] = await click(adapter, reply!, option('work', 'lost-job', 'nb'));
    [reply] = await click(adapter, reply!, option('health', 'healthy', 'nb'));
    [reply] = await click(adapter, reply!, option('children', 'none', 'nb'));
    [reply] = await click(adapter, reply!, option('money', 'enough', 'nb'));
    [reply] = await click(adapter, reply!, option('abroad', 'no', 'nb'));
    const result = text(reply!);
    expect(result).toContain(say('nb', 'screener:resultIntro'));
    expect(result).toContain(knowledge.screener.rules.find((r) => r.topic === 'dagpenger')!.reason.nb);
    expect(result).toContain('https://www.nav.no/dagpenger');
    expect(result).toContain(knowledge.topics.get('arbeidssoker')!.link);
    expect(result).toContain(say('nb', 'screener:note'));
    // "Tell me more" gives the topic's answer.
    const [more] = await click(
      adapter,
      reply!,
      say('nb', 'screener:tellMeMore', { title: knowledge.topics.get('dagpenger')!.languages.nb.title }),
    );
    expect(text(more!)).toContain(knowledge.topics.get('dagpenger')!.languages.nb.answer.slice(0, 40));
  });

  it('Polish: typed answers are matched to the options; back and stop work', async () => {
    const { adapter } = testBot('pl-PL');
    let [reply] = await turn(adapter, 'co mi się należy');
    expect(text(reply!)).toContain(question('age', 'pl'));
    [reply] = await turn(adapter, '20'); // a typed age picks the range
    expect(text(reply!)).toBe(question('work', 'pl'));
    [reply] = await click(adapter, reply!, say('pl', 'screener:back'));
    expect(text(reply!)).toBe(question('age', 'pl'));
    [reply] = await turn(adapter, option('age', '18-29', 'pl').toLowerCase());
    expect(text(reply!)).toBe(question('work', 'pl'));
    [reply] = await turn(adapter, option('work', 'not-working', 'pl'));
    expect(text(reply!)).toBe(question('health', 'pl'));
    const [stopped] = await turn(adapter, say('pl', 'screener:stop').toLowerCase());
    expect(text(stopped!)).toBe(say('pl', 'screener:stopped'));
    // Stopped: the next message is routed as usual again.
    const [answer] = await turn(adapter, 'zasiłek dla bezrobotnych');
    expect(text(answer!)).toContain(knowledge.topics.get('dagpenger')!.languages.pl.answer.slice(0, 30));
  });

  it('"nothing for food today" goes straight to the emergency reply', async () => {
    const { adapter } = testBot('en-GB');
    let [reply] = await turn(adapter, 'what am I entitled to');
    [reply] = await click(adapter, reply!, option('age', '67-plus', 'en'));
    const replies = await click(adapter, reply!, option('money', 'nothing-today', 'en'));
    expect(text(replies[0]!)).toContain('113');
    expect(text(replies[1]!)).toBe(say('en', 'handoff:offer.emergency'));
  });

  it('an emergency typed during the screener is answered first, and the screener ends', async () => {
    const { adapter } = testBot('en-GB');
    await turn(adapter, 'what am I entitled to');
    const [reply] = await turn(adapter, 'I have nowhere to sleep tonight');
    expect(text(reply!)).toContain('112');
  });

  it('the welcome offers the screener as a button', async () => {
    const { adapter } = testBot('nb-NO');
    const [welcome] = await turn(adapter, {
      type: 'conversationUpdate',
      membersAdded: [{ id: 'user1', name: '' }],
    } as Partial<Activity>);
    expect(buttons(welcome!).map((b) => b.value)).toEqual([{ veiviser: 'route', route: 'entitlement' }]);
  });
});
