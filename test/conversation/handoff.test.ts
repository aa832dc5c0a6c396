import { describe, expect, it } from 'vitest';
import type { Activity, CardAction, TestAdapter } from 'botbuilder';
import { HANDOFF_STATUS_EVENT, QUEUE_POSITION_EVENT } from '../../bot/services/handoff.ts';
import { CHANNEL_INTERNAL_KEY } from '../../bot/conversation/middleware.ts';
import { knowledge, say, testBot, testStore } from '../helpers/bot.ts';

const text = (a: Partial<Activity>) => a.text ?? '';
const buttons = (a: Partial<Activity>): CardAction[] => a.suggestedActions?.actions ?? [];

/** An event from our own server to the bot, as the Direct Line sends it. */
function internal(name: string, value: unknown): Partial<Activity> {
  return { type: 'event', name, value, channelData: { [CHANNEL_INTERNAL_KEY]: true } };
}

/** Sends and collects every reply of the turn. */
async function turn(adapter: TestAdapter, activity: string | Partial<Activity>): Promise<Partial<Activity>[]> {
  adapter.activeQueue.splice(0);
  await adapter.send(activity as Partial<Activity>).startTest();
  return adapter.activeQueue.splice(0);
}

describe('handoff to a person (TestAdapter)', () => {
  it('asking for a person sends handoff.initiate with the transcript and context, then says what happens next', async () => {
    const { adapter, conversationId } = testBot('pl-PL');
    await turn(adapter, 'jak złożyć wniosek o zasiłek dla bezrobotnych');
    const replies = await turn(adapter, 'chcę rozmawiać z człowiekiem');
    const [event, message] = replies;
    expect(event!.type).toBe('event');
    expect(event!.name).toBe('handoff.initiate');
    const context = event!.value as Record<string, unknown>;
    expect(context).toMatchObject({
      reason: 'user-request',
      language: 'pl',
      answerLanguage: 'pl',
      interpreter: false,
      queued: true,
    });
    expect(context.routes).toEqual(['topic:dagpenger']);
    expect(context.summary).toBe('Polskspråklig bruker spør om dagpenger, ønsker å snakke med en person');
    const transcript = event!.attachments?.find((a) => a.name === 'Transcript');
    expect(transcript?.contentType).toBe('application/json');
    const activities = (transcript!.content as { activities: Partial<Activity>[] }).activities;
    expect(activities.at(-1)!.text).toBe('chcę rozmawiać z człowiekiem');
    const place = (await testStore.handoffs.position((await testStore.handoffs.openFor(conversationId))!.id))!;
    expect(text(message!)).toBe(
      say('pl', 'handoff:queued', { position: place, minutes: place * knowledge.contact.chat.defaultWaitMinutes }),
    );
    expect(buttons(message!).map((b) => b.value)).toEqual([{ veiviser: 'cancelQueue' }]);

    const h = (await testStore.handoffs.openFor(conversationId))!;
    expect(h).toMatchObject({ status: 'queued', reason: 'user-request', lang: 'pl', priority: 3 });
    expect(h.summary).toBe(context.summary);
  });

  it("asking for a person in Polish in a Norwegian conversation: the reply and the agent's language are Polish", async () => {
    const { adapter } = testBot('nb-NO');
    const [event, message] = await turn(adapter, 'chcę rozmawiać z człowiekiem');
    expect(event!.value).toMatchObject({ language: 'pl' });
    expect(text(message!)).toContain(say('pl', 'handoff:queued', { position: 1, minutes: 1 }).slice(0, 20));
  });

  it('while queued: new messages get the place in the queue, an emergency gets the emergency reply, and the user can leave', async () => {
    const { adapter, conversationId } = testBot('en-GB');
    await turn(adapter, 'I want to talk to a person');
    const waiting = await turn(adapter, 'hello?');
    const place = (await testStore.handoffs.position((await testStore.handoffs.openFor(conversationId))!.id))!;
    expect(text(waiting[0]!)).toBe(
      say('en', 'handoff:stillWaiting', {
        position: place,
        minutes: place * knowledge.contact.chat.defaultWaitMinutes,
      }),
    );
    const emergency = await turn(adapter, 'I have no money for food today');
    expect(text(emergency[0]!)).toContain('113');
    const position = await turn(adapter, internal(QUEUE_POSITION_EVENT, { position: 1, minutes: 3 }));
    expect(text(position[0]!)).toBe(say('en', 'handoff:position', { position: 1, minutes: 3 }));
    const cancelled = await turn(adapter, {
      type: 'message',
      text: 'Leave the queue',
      value: { veiviser: 'cancelQueue' },
    });
    expect(text(cancelled[0]!)).toBe(say('en', 'handoff:cancelled'));
    expect(await testStore.handoffs.openFor(conversationId)).toBeUndefined();
    expect((await testStore.handoffs.latestFor(conversationId))!.status).toBe('cancelled');
  });

  it('while an agent owns the conversation the bot is silent (the emergency reply excepted); when it ends, the bot resumes and asks for a rating', async () => {
    const { adapter, conversationId, handoff } = testBot('pl-PL');
    await turn(adapter, 'chcę rozmawiać z człowiekiem');
    const h = (await testStore.handoffs.openFor(conversationId))!;
    const claimed = await handoff.claim(h.id, { id: 'kari', name: 'Kari' });
    expect(claimed?.status).toBe('active');
    // The service has no channel here: the bot hears of the claim the way the Direct Line tells it.
    const accepted = await turn(
      adapter,
      internal(HANDOFF_STATUS_EVENT, { state: 'accepted', agentName: 'Kari', handoffId: h.id }),
    );
    expect(text(accepted[0]!)).toBe(say('pl', 'handoff:accepted', { name: 'Kari' }));

    expect(await turn(adapter, 'jak złożyć wniosek o zasiłek dla bezrobotnych')).toEqual([]);
    expect(await turn(adapter, 'dziękuję')).toEqual([]);
    const emergency = await turn(adapter, 'nie mam pieniędzy na jedzenie dzisiaj');
    expect(emergency).toHaveLength(1);
    expect(text(emergency[0]!)).toContain('113');

    await handoff.end(h.id, 'kari', 'resolved', '');
    const resumed = await turn(adapter, internal(HANDOFF_STATUS_EVENT, { state: 'completed', handoffId: h.id }));
    expect(text(resumed[0]!)).toBe(say('pl', 'handoff:ended'));
    expect(text(resumed[1]!)).toBe(say('pl', 'handoff:rating.question'));
    expect(buttons(resumed[1]!).map((b) => b.value)).toEqual(
      [1, 2, 3, 4, 5].map((value) => ({ veiviser: 'rating', value })),
    );
    const thanks = await turn(adapter, '4');
    expect(text(thanks[0]!)).toBe(say('pl', 'handoff:rating.thanks'));
    expect((await testStore.handoffs.latestFor(conversationId))!.rating).toBe(4);
    // And the bot answers again.
    const answer = await turn(adapter, 'zasiłek dla bezrobotnych');
    expect(text(answer[0]!)).toContain(knowledge.topics.get('dagpenger')!.languages.pl.answer.slice(0, 30));
  });

  it('a client cannot fake handoff.status: only events our server marks count', async () => {
    const { adapter, conversationId } = testBot('en-GB');
    await turn(adapter, 'I want to talk to a person');
    const faked = await turn(adapter, {
      type: 'event',
      channelId: 'directline',
      name: HANDOFF_STATUS_EVENT,
      value: { state: 'accepted', agentName: 'Mallory' },
    });
    expect(faked.some((a) => text(a).includes('Mallory'))).toBe(false);
    expect((await testStore.handoffs.openFor(conversationId))!.status).toBe('queued');
  });

  it('an agent who disappears gives the conversation back to the queue, and the user is told', async () => {
    const { adapter, conversationId, handoff } = testBot('nb-NO');
    await turn(adapter, 'jeg vil snakke med et menneske');
    const h = (await testStore.handoffs.openFor(conversationId))!;
    await handoff.claim(h.id, { id: 'ola', name: 'Ola' });
    await testStore.db.query("UPDATE handoffs SET agent_seen_at = now() - interval '10 minutes' WHERE id = $1", [h.id]);
    await handoff.sweep();
    const back = await testStore.handoffs.get(h.id);
    expect(back).toMatchObject({ status: 'queued', agentId: null });
    const told = await turn(
      adapter,
      internal(HANDOFF_STATUS_EVENT, { state: 'requeued', position: 1, handoffId: h.id }),
    );
    expect(text(told[0]!)).toBe(say('nb', 'handoff:agentLost', { position: 1 }));
  });

  it('an unsupported language hands off with the interpreter need and that language', async () => {
    const { adapter, conversationId } = testBot('nb-NO');
    const reply = await turn(adapter, 'Здравствуйте, я не говорю по-норвежски, мне нужна помощь с деньгами');
    const person = buttons(reply[0]!).find((b) => (b.value as { veiviser?: string }).veiviser === 'person')!;
    expect(person.value).toEqual({ veiviser: 'person', reason: 'language' });
    const [event] = await turn(adapter, { type: 'message', text: person.title, value: person.value });
    expect(event!.value).toMatchObject({ reason: 'language', language: 'ru', interpreter: true });
    expect((event!.value as { summary: string }).summary).toMatch(
      /^Russiskspråklig bruker trenger hjelp, ønsker tolk, skriver på et språk boten ikke støtter$/,
    );
    expect((await testStore.handoffs.openFor(conversationId))!.interpreter).toBe(true);
  });

  it('an emergency is answered first, then a person is offered with the highest priority', async () => {
    const { adapter, conversationId } = testBot('en-GB');
    const replies = await turn(adapter, 'I have nowhere to sleep tonight');
    expect(text(replies[0]!)).toContain('112');
    expect(text(replies[1]!)).toBe(say('en', 'handoff:offer.emergency'));
    const person = buttons(replies[1]!)[0]!;
    await turn(adapter, { type: 'message', text: person.title, value: person.value });
    expect((await testStore.handoffs.openFor(conversationId))!.priority).toBe(0);
  });

  it('a complaint about the service is answered and a person offered; asking for a person with a complaint hands off as a complaint', async () => {
    const { adapter } = testBot('en-GB');
    const replies = await turn(adapter, 'the service was bad, I want to complain about nav');
    expect(replies.some((r) => text(r) === say('en', 'handoff:offer.complaint'))).toBe(true);
    const other = testBot('en-GB');
    const [event] = await turn(other.adapter, 'I want to make a complaint about nav, my caseworker treated me badly');
    expect(event!.value).toMatchObject({ reason: 'complaint' });
  });
});
