import { describe, expect, it } from 'vitest';
import type { Activity, CardAction, TestAdapter } from 'botbuilder';
import { say, testBot, testStore } from '../helpers/bot.ts';

const text = (a: Partial<Activity>) => a.text ?? '';
const buttons = (a: Partial<Activity>): CardAction[] => a.suggestedActions?.actions ?? [];

async function turn(adapter: TestAdapter, activity: string | Partial<Activity>): Promise<Partial<Activity>[]> {
  adapter.activeQueue.splice(0);
  await adapter.send(activity as Partial<Activity>).startTest();
  return adapter.activeQueue.splice(0);
}
const click = (adapter: TestAdapter, b: CardAction) => turn(adapter, { type: 'message', text: b.title, value: b.value });

describe('booking a meeting', () => {
  it('Norwegian: postcode 0557, then the first button each time, ends in a confirmation with a reference code', async () => {
    const { adapter } = testBot('nb-NO');
    let [reply] = await turn(adapter, 'jeg vil bestille time på nav-kontoret');
    expect(text(reply!)).toBe(say('nb', 'booking:askOffice'));
    [reply] = await turn(adapter, '0557');
    expect(text(reply!)).toContain('NAV Grünerløkka');
    let answers = 1;
    while (!text(reply!).includes(say('nb', 'booking:confirmed', { reference: 'XXXXXX' }).slice(0, 20))) {
      [reply] = await click(adapter, buttons(reply!)[0]!);
      expect(++answers).toBeLessThanOrEqual(10);
    }
    const reference = /\b([A-HJ-NP-Z2-9]{6})\b/.exec(text(reply!))![1]!;
    const booking = (await testStore.bookings.get(reference))!;
    expect(booking).toMatchObject({ officeId: 'grunerlokka', status: 'confirmed', interpreterLang: null });
    expect(text(reply!)).toContain(`/bookings/${reference}.ics?token=`);
  });

  it('Polish: the interpreter in Polish is offered first, the topic comes from the conversation; a typed place name with a typo finds the office', async () => {
    const { adapter } = testBot('pl-PL');
    await turn(adapter, 'jak złożyć wniosek o zasiłek dla bezrobotnych');
    await turn(adapter, 'chcę umówić spotkanie w biurze nav');
    let [reply] = await turn(adapter, 'Kristiansnad');
    expect(text(reply!)).toContain('NAV Kristiansand');
    expect(buttons(reply!)[0]!.value).toEqual({ veiviser: 'booking', action: 'topic', value: 'dagpenger' });
    [reply] = await click(adapter, buttons(reply!)[0]!);
    expect(text(reply!)).toBe(say('pl', 'booking:askInterpreter'));
    expect(buttons(reply!)[0]!.value).toEqual({ veiviser: 'booking', action: 'interpreter', value: 'pl' });
    [reply] = await click(adapter, buttons(reply!)[0]!);
    expect(buttons(reply!).length).toBe(12); // 10 times, later dates, cancel
    [reply] = await click(adapter, buttons(reply!).find((b) => (b.value as { action: string }).action === 'later')!);
    [reply] = await click(adapter, buttons(reply!)[0]!);
    expect(text(reply!)).toContain('Polski');
    [reply] = await click(adapter, buttons(reply!)[0]!);
    const reference = /\b([A-HJ-NP-Z2-9]{6})\b/.exec(text(reply!))![1]!;
    expect((await testStore.bookings.get(reference))!).toMatchObject({ officeId: 'kristiansand', interpreterLang: 'pl', topic: 'dagpenger', lang: 'pl' });

    // Move, then cancel, with the code.
    [reply] = await turn(adapter, `przenieś ${reference}`);
    const moveTo = buttons(reply!)[1]!;
    const [moved] = await click(adapter, moveTo);
    const newReference = /\b([A-HJ-NP-Z2-9]{6})\b/.exec(text(moved!))![1]!;
    expect(newReference).not.toBe(reference);
    expect((await testStore.bookings.get(reference))!.status).toBe('cancelled');
    const [cancelled] = await turn(adapter, `odwołaj ${newReference}`);
    expect(text(cancelled!)).toBe(say('pl', 'booking:cancelled', { reference: newReference }));
    expect((await testStore.bookings.get(newReference))!.status).toBe('cancelled');
  });

  it('stop ends the booking dialog, and an unknown code is said to be unknown', async () => {
    const { adapter } = testBot('en-GB');
    await turn(adapter, 'I want an appointment at the NAV office');
    const [stopped] = await turn(adapter, 'stop');
    expect(text(stopped!)).toBe(say('en', 'booking:stopped'));
    const [unknown] = await turn(adapter, 'cancel ABC234');
    expect(text(unknown!)).toBe(say('en', 'booking:unknownReference', { reference: 'ABC234' }));
  });
});
