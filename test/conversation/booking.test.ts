import { describe, expect, it } from 'vitest';
import type { Activity, CardAction, TestAdapter } from 'botbuilder';
import { loginAs, say, testBot, testStore } from '../helpers/bot.ts';

const text = (a: Partial<Activity>) => a.text ?? '';
const buttons = (a: Partial<Activity>): CardAction[] => a.suggestedActions?.actions ?? [];

async function turn(adapter: TestAdapter, activity: string | Partial<Activity>): Promise<Partial<Activity>[]> {
  adapter.activeQueue.splice(0);
  await adapter.send(activity as Partial<Activity>).startTest();
  return adapter.activeQueue.splice(0);
}
const click = (adapter: TestAdapter, b: CardAction) =>
  turn(adapter, { type: 'message', text: b.title, value: b.value });

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
    [reply] = await click(
      adapter,
      buttons(reply!).find((b) => (b.value as { action: string }).action === 'later')!,
    );
    [reply] = await click(adapter, buttons(reply!)[0]!);
    expect(text(reply!)).toContain('Polski');
    [reply] = await click(adapter, buttons(reply!)[0]!);
    const reference = /\b([A-HJ-NP-Z2-9]{6})\b/.exec(text(reply!))![1]!;
    expect((await testStore.bookings.get(reference))!).toMatchObject({
      officeId: 'kristiansand',
      interpreterLang: 'pl',
      topic: 'dagpenger',
      lang: 'pl',
    });

    // Move, then cancel, with the code.
    [reply] = await turn(adapter, `przenieś ${reference}`);
    const moveTo = buttons(reply!)[1]!;
    const [moved] = await click(adapter, moveTo);
    const newReference = /\b([A-HJ-NP-Z2-9]{6})\b/.exec(text(moved!))![1]!;
    expect(newReference).not.toBe(reference);
    expect((await testStore.bookings.get(reference))!.status).toBe('cancelled');
    // Cancelling asks first.
    const [question] = await turn(adapter, `odwołaj ${newReference}`);
    expect(text(question!)).toContain(newReference);
    expect(buttons(question!).map((b) => b.title)).toEqual([
      say('pl', 'booking:yesCancel'),
      say('pl', 'booking:keepBooking'),
    ]);
    expect((await testStore.bookings.get(newReference))!.status).toBe('confirmed');
    const [cancelled] = await click(adapter, buttons(question!)[0]!);
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

/** Books the first free time at NAV Grünerløkka in a new English conversation; returns the code. */
async function bookOne(adapter: TestAdapter): Promise<string> {
  await turn(adapter, 'I want an appointment at the NAV office');
  let [reply] = await turn(adapter, '0557');
  for (let i = 0; i < 10 && !/reference code is/.test(text(reply!)); i++)
    [reply] = await click(adapter, buttons(reply!)[0]!);
  return /\b([A-HJ-NP-Z2-9]{6})\b/.exec(text(reply!))![1]!;
}

describe('only the owner may change a booking', () => {
  it('a second conversation is refused with the answer an unknown code gets; the owner is asked to confirm, and may keep it', async () => {
    const owner = testBot('en-GB');
    const reference = await bookOne(owner.adapter);

    const stranger = testBot('en-GB');
    for (const attempt of [`cancel ${reference}`, `move ${reference}`, `delete ${reference}`]) {
      const [refused] = await turn(stranger.adapter, attempt);
      expect(text(refused!)).toBe(say('en', 'booking:unknownReference', { reference }));
      expect(buttons(refused!)).toEqual([]);
    }
    // A forged button press cannot reach another's booking either: the code lives in the server's state.
    const [forged] = await turn(stranger.adapter, {
      type: 'message',
      text: 'Yes',
      value: { veiviser: 'booking', action: 'confirmCancel' },
    });
    expect(text(forged!)).not.toBe(say('en', 'booking:cancelled', { reference }));
    expect((await testStore.bookings.get(reference))!.status).toBe('confirmed');

    const [question] = await turn(owner.adapter, `cancel ${reference}`);
    expect(text(question!)).toContain(reference);
    const [kept] = await click(
      owner.adapter,
      buttons(question!).find((b) => (b.value as { action: string }).action === 'keepBooking')!,
    );
    expect(text(kept!)).toBe(say('en', 'booking:kept', { reference }));
    expect((await testStore.bookings.get(reference))!.status).toBe('confirmed');

    const [again] = await turn(owner.adapter, `cancel ${reference}`);
    const [cancelled] = await click(
      owner.adapter,
      buttons(again!).find((b) => (b.value as { action: string }).action === 'confirmCancel')!,
    );
    expect(text(cancelled!)).toBe(say('en', 'booking:cancelled', { reference }));
    expect((await testStore.bookings.get(reference))!.status).toBe('cancelled');
  });

  it('the verified person a booking was made for may manage it from another conversation; another person may not', async () => {
    const first = testBot('en-GB');
    await loginAs(first.conversationId, '01019012345');
    const reference = await bookOne(first.adapter);
    expect((await testStore.bookings.get(reference))!.personKey).toMatch(/^[\w-]{20,}$/);
    expect((await testStore.bookings.get(reference))!.personKey).not.toContain('01019012345');

    const otherPerson = testBot('en-GB');
    await loginAs(otherPerson.conversationId, '02029054321');
    const [refused] = await turn(otherPerson.adapter, `cancel ${reference}`);
    expect(text(refused!)).toBe(say('en', 'booking:unknownReference', { reference }));

    const samePerson = testBot('en-GB');
    await loginAs(samePerson.conversationId, '01019012345');
    const [question] = await turn(samePerson.adapter, `cancel ${reference}`);
    expect(text(question!)).toContain(reference);
    expect(buttons(question!).map((b) => (b.value as { action: string }).action)).toEqual([
      'confirmCancel',
      'keepBooking',
    ]);
    await click(samePerson.adapter, buttons(question!)[0]!);
    expect((await testStore.bookings.get(reference))!.status).toBe('cancelled');
  });
});

describe('per-turn data is never shared between conversations', () => {
  it('two bookings confirmed at the same moment each get the calendar link of their own origin', async () => {
    const { BookingDialog } = await import('../../bot/conversation/dialogs/booking.ts');
    const { BookingService } = await import('../../bot/services/booking.ts');
    const { knowledge, contact } = await import('../helpers/bot.ts');
    const service = new BookingService(
      testStore,
      knowledge.offices,
      contact.holidays,
      'u'.repeat(40),
      () => new Date('2026-12-01T09:30:00Z'),
    );
    // A desk whose booking answers only after the other conversation's turn has begun.
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const desk = Object.assign(Object.create(service) as typeof service, {
      book: async (r: Parameters<typeof service.book>[0]) => {
        if (r.conversationId === 'conv-a') await gate;
        return service.book(r);
      },
    });
    const dialog = new BookingDialog({
      desk,
      say: (lang, key, values) => say(lang, key, values),
      list: () => [],
      topicTitle: () => 'x',
      languageName: (c) => c,
      formatTime: (_l, d) => d.toISOString(),
    });
    const [slotA, slotB] = await service.freeSlots('grunerlokka', 2);
    const state = (slot: Date) => ({
      step: 'confirm' as const,
      officeId: 'grunerlokka',
      topic: 'other',
      interpreterLang: null,
      slot: slot.toISOString(),
    });
    const confirm = { kind: 'button' as const, value: { veiviser: 'booking' as const, action: 'confirm' as const } };
    const a = dialog.step('en', state(slotA!.start), confirm, {
      conversationId: 'conv-a',
      origin: 'https://a.example',
    });
    const b = dialog.step('en', state(slotB!.start), confirm, {
      conversationId: 'conv-b',
      origin: 'https://b.example',
    });
    await b;
    release();
    const [ra, rb] = await Promise.all([a, b]);
    expect(ra.replies[0]!.text).toContain('(https://a.example/bookings/');
    expect(rb.replies[0]!.text).toContain('(https://b.example/bookings/');
  });
});
