/**
 * The emergency reply knows the hour (Europe/Oslo, holidays from contact.yaml), and never
 * promises a person in the chat when no one can come. Emergencies in unsupported languages get
 * the numbers first.
 */
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { Activity, CardAction, TestAdapter } from 'botbuilder';
import { SUPPORTED_LANGUAGES, type Lang } from '../../bot/shared/languages.ts';
import { knowledge, say, testBot, translator } from '../helpers/bot.ts';

const text = (a: Partial<Activity>) => a.text ?? '';
const buttons = (a: Partial<Activity>): CardAction[] => a.suggestedActions?.actions ?? [];

async function turn(adapter: TestAdapter, activity: string | Partial<Activity>): Promise<Partial<Activity>[]> {
  adapter.activeQueue.splice(0);
  await adapter.send(activity as Partial<Activity>).startTest();
  return adapter.activeQueue.splice(0).filter((a) => a.type === 'message');
}

const LOCALES: Record<Lang, string> = {
  nb: 'nb-NO',
  nn: 'nn-NO',
  en: 'en-GB',
  pl: 'pl-PL',
  uk: 'uk-UA',
  ar: 'ar',
  so: 'so',
  lt: 'lt-LT',
};
/** A clear emergency in each language: the content's own first suicide phrase. */
const phrase = (lang: Lang) => knowledge.safety.signals[lang]!.find((g) => g.kind === 'suicide')!.phrases[0]!;

describe.each([
  ['a weekday at 23:00', new Date('2026-12-01T22:00:00Z'), '2026-12-02T08:00:00.000Z'],
  ['a Sunday afternoon', new Date('2026-11-29T13:00:00Z'), '2026-11-30T08:00:00.000Z'],
  ['Christmas Day (a public holiday, a Friday)', new Date('2026-12-25T11:00:00Z'), '2026-12-28T08:00:00.000Z'],
])('an emergency on %s', (_when, now, nextOpen) => {
  it.each(SUPPORTED_LANGUAGES)(
    'in %s: what is open now comes first, then when NAV opens; no promise of a person in the chat',
    async (lang) => {
      const { adapter } = testBot(LOCALES[lang], { now: () => now });
      await turn(adapter, {
        type: 'conversationUpdate',
        membersAdded: [{ id: 'user', name: 'user' }],
      } as Partial<Activity>);
      const replies = await turn(adapter, phrase(lang));
      const reply = text(replies[0]!);
      const opens = new Intl.DateTimeFormat(lang === 'nb' || lang === 'nn' ? `${lang}-NO` : lang, {
        weekday: 'long',
        day: 'numeric',
        month: 'long',
        hour: '2-digit',
        minute: '2-digit',
        timeZone: 'Europe/Oslo',
      }).format(new Date(nextOpen));
      expect(reply).toBe(
        translator.fill(lang, knowledge.safety.replyClosed[lang], { phone: knowledge.contact.phone, nextOpen: opens }),
      );
      // What is open day and night comes before NAV.
      for (const number of ['113', '112', '116 117', '116 123', '22 40 00 40'])
        expect(reply.indexOf(number), number).toBeLessThan(reply.indexOf(knowledge.contact.phone));
      expect(reply).toContain(opens);
      // The chat is closed: the offer says when it opens, and no one is promised.
      expect(text(replies[1]!)).not.toBe(say(lang, 'handoff:offer.emergency'));
      expect(text(replies[1]!)).toContain(
        say(lang, 'handoff:offer.emergencyClosed', { next: 'X' }).split('X')[0]!.slice(0, 12),
      );
      expect(buttons(replies[1]!).some((b) => (b.value as { veiviser?: string }).veiviser === 'person')).toBe(false);
    },
  );
});

describe('an emergency while NAV is open', () => {
  it('gives the daytime reply and offers a person with priority', async () => {
    const { adapter } = testBot('en-GB');
    const replies = await turn(adapter, phrase('en'));
    expect(text(replies[0]!)).toBe(
      translator.fill('en', knowledge.safety.reply.en, { phone: knowledge.contact.phone }),
    );
    expect(text(replies[1]!)).toBe(say('en', 'handoff:offer.emergency'));
  });
});

describe('an emergency in a language the bot does not support', () => {
  it('Russian: the numbers first, then the short text in Russian', async () => {
    const { adapter } = testBot();
    const replies = await turn(adapter, 'Мне очень плохо, мысли о самоубийстве не отпускают, что мне делать');
    const reply = text(replies[0]!);
    expect(reply.startsWith(knowledge.safety.numbers)).toBe(true);
    expect(reply).toContain(knowledge.safetyUnsupported.languages.ru!.reply);
  });
});

describe('a possible emergency: the check-in', () => {
  // The decision is pinned for one message, so the dialog is tested whatever the score says of it today.
  const POSSIBLE = 'jeg er så sliten av alt med dagpengene';
  const ANOTHER = 'jeg orker ikke dagpengesøknaden lenger';
  let isPinned = false;
  let unpin = () => {};
  // The router is the worker's shared build: unpin it for the test files that run after this one.
  afterAll(() => unpin());
  async function pinned() {
    if (isPinned) return;
    isPinned = true;
    const { router } = await import('../helpers/bot.ts');
    const original = router.route.bind(router);
    const spy = vi.spyOn(router, 'route').mockImplementation((text, ctx) => {
      const d = original(text, ctx);
      if (text !== POSSIBLE && text !== ANOTHER) return d;
      return {
        ...d,
        kind: 'emergency',
        route: 'emergency',
        emergency: 'suicide',
        confirm: true,
        score: 0.45,
        ordinary: d,
      };
    });
    unpin = () => spy.mockRestore();
  }
  const value = (b: CardAction) => b.value as { veiviser: string; answer: string };
  const click = (adapter: TestAdapter, b: CardAction) =>
    turn(adapter, { type: 'message', text: b.title, value: b.value });

  it('asks gently, with yes / no / a person; "no" gives the ordinary answer and that kind is not asked about again', async () => {
    await pinned();
    const { adapter } = testBot('nb-NO');
    const [question] = await turn(adapter, POSSIBLE);
    expect(text(question!)).toBe(say('nb', 'checkIn.suicide'));
    expect(buttons(question!).map((b) => [b.title, value(b).answer])).toEqual([
      [say('nb', 'checkIn.yes'), 'yes'],
      [say('nb', 'checkIn.no'), 'no'],
      [say('nb', 'checkIn.person'), 'person'],
    ]);
    const [answer] = await click(adapter, buttons(question!)[1]!);
    // The ordinary answer: dagpenger's, or the question whether it is dagpenger that is meant.
    const offered = [text(answer!), ...buttons(answer!).map((b) => b.title)].join('\n');
    expect(offered).toContain(knowledge.topics.get('dagpenger')!.languages.nb.title);
    expect(text(answer!)).not.toBe(say('nb', 'checkIn.suicide'));
    const again = await turn(adapter, POSSIBLE);
    expect(again.map(text)).not.toContain(say('nb', 'checkIn.suicide'));
  });

  it('"yes" gives the emergency reply and a person; a typed "ja" counts as yes', async () => {
    await pinned();
    const first = testBot('nb-NO');
    const [question] = await turn(first.adapter, POSSIBLE);
    const yes = await click(first.adapter, buttons(question!)[0]!);
    expect(text(yes[0]!)).toBe(translator.fill('nb', knowledge.safety.reply.nb, { phone: knowledge.contact.phone }));
    expect(text(yes[1]!)).toBe(say('nb', 'handoff:offer.emergency'));
    const second = testBot('nb-NO');
    await turn(second.adapter, POSSIBLE);
    const typed = await turn(second.adapter, 'ja');
    expect(text(typed[0]!)).toContain('116 123');
  });

  it('is never shown twice in a row: a second possible sign of the same kind is answered as an emergency', async () => {
    await pinned();
    const { adapter } = testBot('nb-NO');
    const [question] = await turn(adapter, POSSIBLE);
    expect(text(question!)).toBe(say('nb', 'checkIn.suicide'));
    const next = await turn(adapter, ANOTHER);
    expect(next.map(text)).not.toContain(say('nb', 'checkIn.suicide'));
    expect(text(next[0]!)).toContain('116 123');
  });

  it('"talk to a person" hands off with the emergency priority', async () => {
    await pinned();
    const { adapter, conversationId } = testBot('nb-NO');
    const [question] = await turn(adapter, POSSIBLE);
    await click(adapter, buttons(question!)[2]!);
    const { testStore } = await import('../helpers/bot.ts');
    const open = (await testStore.handoffs.listOpen()).find((h) => h.conversationId === conversationId);
    expect(open).toMatchObject({ reason: 'emergency', priority: 0 });
  });
});
