import { describe, expect, it } from 'vitest';
import type { Activity, CardAction, TestAdapter } from 'botbuilder';
import { CHANNEL_LOCALE, SUPPORTED_LANGUAGES, type Lang } from '../../bot/shared/languages.ts';
import { CASE_STATUSES, CaseProviderError, DOCUMENT_CODES, type Case } from '../../bot/services/cases.ts';
import { knowledge, loginAs, say, testBot, translator } from '../helpers/bot.ts';

const text = (a: Partial<Activity>) => a.text ?? '';
const buttons = (a: Partial<Activity>): CardAction[] => a.suggestedActions?.actions ?? [];
const links = knowledge.contact.caseLinks;

async function turn(adapter: TestAdapter, activity: string | Partial<Activity>): Promise<Partial<Activity>[]> {
  adapter.activeQueue.splice(0);
  await adapter.send(activity as Partial<Activity>).startTest();
  return adapter.activeQueue.splice(0);
}

const ASK: Record<Lang, string> = {
  nb: 'hva er status på saken min',
  nn: 'kva er status på saka mi',
  en: 'what is the status of my case',
  pl: 'jaki jest status mojej sprawy',
  uk: 'який статус моєї справи',
  ar: 'ما هي حالة طلبي',
  so: 'xaaladda kiiskayga waa maxay',
  lt: 'kokia mano bylos būsena',
};

describe('case status', () => {
  it.each(SUPPORTED_LANGUAGES)('every status text exists and is filled in, in %s', (lang) => {
    for (const status of CASE_STATUSES) {
      const t = translator.t(lang, `cases:status.${status}`, {
        ...links,
        received: 'X',
        decisionBy: 'X',
        documents: 'X',
        dueBy: 'X',
        paymentOn: 'X',
        appealBy: 'X',
        from: 'X',
        to: 'X',
      });
      expect(t, `${lang} ${status}`).not.toMatch(/\{\{|cases:/);
    }
    for (const code of DOCUMENT_CODES) expect(translator.t(lang, `cases:documents.${code}`)).not.toMatch(/cases:/);
    for (const key of ['needLogin', 'expired', 'unavailable', 'intro', 'talkToPerson'])
      expect(translator.t(lang, `cases:${key}`)).not.toMatch(/^cases:/);
  });

  it.each(SUPPORTED_LANGUAGES)(
    'anonymous, in %s: the bot asks for a login, shows no case data, and links the processing times',
    async (lang) => {
      const { adapter } = testBot(CHANNEL_LOCALE[lang]);
      const [reply] = await turn(adapter, ASK[lang]);
      expect(text(reply!)).toContain(say(lang, 'cases:needLogin'));
      expect(text(reply!)).toContain(links.processingTimes);
      expect(text(reply!)).toContain('55 55 33 33');
      expect(text(reply!)).not.toMatch(/DAG-|BTR-/);
    },
  );

  it('anonymous, asking about one benefit: the processing-time link names it', async () => {
    const { adapter } = testBot('nb-NO');
    const [reply] = await turn(adapter, 'hvor lang tid tar det før jeg får svar på søknaden min om dagpenger');
    expect(text(reply!)).toContain(
      say('nb', 'cases:processingTime', { ...links, benefit: knowledge.topics.get('dagpenger')!.languages.nb.title }),
    );
  });

  it('logged in: a person waiting for documents is told which, by when and how, in Polish; and can talk to a person about that case', async () => {
    const { adapter, conversationId } = testBot('pl-PL');
    await loginAs(conversationId, '23068841240');
    const [reply] = await turn(adapter, ASK.pl);
    const shown = text(reply!);
    expect(shown).toContain(say('pl', 'cases:intro'));
    expect(shown).toContain('DAG-7H2W9C');
    expect(shown).toContain(say('pl', 'cases:documents.employment-contract'));
    expect(shown).toContain(say('pl', 'cases:documents.termination-letter'));
    expect(shown).toContain(links.mySide);
    const person = buttons(reply!)[0]!;
    expect(person.value).toEqual({ veiviser: 'person', reason: 'case-needs-person', caseRef: 'DAG-7H2W9C' });
    const [event] = await turn(adapter, { type: 'message', text: person.title, value: person.value });
    expect(event!.value).toMatchObject({ reason: 'case-needs-person', caseReference: 'DAG-7H2W9C', language: 'pl' });
  });

  it.each([
    ['12038541208', 'received', ['DAG-4K7P2Q']],
    ['04079141300', 'under-review', ['AAP-9M3X7T']],
    ['17027941249', 'approved', ['BTR-3Q8L5V']],
    ['09059441288', 'rejected', ['KST-6R4N8D']],
    ['28018341281', 'payment-stopped', ['DAG-2F9K4M']],
    ['15069041229', 'several', ['OVS-5T7J3H', 'BTR-8D2P6W', 'SOS-4V9C2L']],
  ])(
    'logged in as demo person %s (%s): each case in plain English, never an amount',
    async (person, _status, references) => {
      const { adapter, conversationId } = testBot('en-GB');
      await loginAs(conversationId, person);
      const [reply] = await turn(adapter, ASK.en);
      for (const ref of references) expect(text(reply!)).toContain(ref);
      expect(text(reply!)).not.toMatch(/\b(3926|3 926|18450|18 450|21774|21 774)\b/);
      expect(text(reply!)).not.toContain(person);
      expect(buttons(reply!)).toHaveLength(references.length);
    },
  );

  it('logged in with no cases: says so and where to look', async () => {
    const { adapter, conversationId } = testBot('nb-NO');
    await loginAs(conversationId, '01017041386');
    const [reply] = await turn(adapter, ASK.nb);
    expect(text(reply!)).toBe(say('nb', 'cases:none', links));
  });

  it('an identity that has expired during the conversation: the bot asks to log in again', async () => {
    const { adapter, conversationId } = testBot('en-GB');
    await loginAs(conversationId, '04079141300', new Date(Date.now() - 1000));
    const [reply] = await turn(adapter, ASK.en);
    expect(text(reply!)).toBe(say('en', 'cases:expired'));
  });

  it.each(['timeout', 'unavailable', 'bad-response'] as const)(
    'a case system failure (%s) gets an honest reply and the offer of a person',
    async (problem) => {
      const failing = { casesFor: async (): Promise<Case[]> => Promise.reject(new CaseProviderError(problem, 'test')) };
      const { adapter, conversationId } = testBot('en-GB', { caseProvider: failing });
      await loginAs(conversationId, '04079141300');
      const [reply] = await turn(adapter, ASK.en);
      expect(text(reply!)).toContain(say('en', 'cases:unavailable'));
      expect(buttons(reply!).map((b) => b.value)).toEqual([{ veiviser: 'person', reason: 'case-needs-person' }]);
    },
  );

  it('what the user types never logs them in: an identity number in the message is masked and no case is shown', async () => {
    const { adapter } = testBot('nb-NO');
    const replies = await turn(adapter, 'hva er status på saken min, fødselsnummeret mitt er 04079141300');
    expect(replies.map(text).join('\n')).not.toMatch(/AAP-9M3X7T|04079141300/);
    expect(replies.map(text).join('\n')).toContain(say('nb', 'cases:needLogin'));
  });
});
