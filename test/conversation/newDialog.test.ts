import { ConversationState, MemoryStorage, TestAdapter, type Activity } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { DIALOGS } from '../../bot/conversation/dialogs/index.ts';
import { GuidanceBot } from '../../bot/conversation/guidanceBot.ts';
import { BookingService } from '../../bot/services/booking.ts';
import { CaseService, DemoCaseProvider } from '../../bot/services/cases.ts';
import { contact, handoffService, knowledge, OPEN_TIME, router, say, testStore, translator } from '../helpers/bot.ts';
import { FeedbackDialog } from './feedbackDialog.ts';

function botWithFeedback() {
  let dialog!: FeedbackDialog;
  const bot = new GuidanceBot({
    conversationState: new ConversationState(new MemoryStorage()),
    translator,
    contact,
    knowledge,
    router,
    handoff: handoffService(testStore),
    cases: new CaseService(testStore, new DemoCaseProvider(testStore)),
    booking: new BookingService(testStore, knowledge.offices, contact.holidays, 'f'.repeat(40), () => OPEN_TIME),
    now: () => OPEN_TIME,
    // The registry with one line added.
    dialogs: [...DIALOGS, (s) => (dialog = new FeedbackDialog(s.speaker))],
  });
  const adapter = new TestAdapter((context) => bot.run(context), {
    locale: 'en-US',
    conversation: { id: `feedback-${Date.now()}` },
  } as never);
  return { adapter, dialog: () => dialog };
}

describe('a new dialog is one file and one registry line', () => {
  it('claims its phrase, takes the typed answer while it runs, and its effects run after its replies', async () => {
    const { adapter, dialog } = botWithFeedback();
    await adapter.send('/feedback').assertReply('What could be better? (en)');
    await adapter
      .send('The answers were too long')
      .assertReply('Thank you!')
      .assertReply((a: Partial<Activity>) => expect(a.text).toBe(say('en', 'fallback.offerPerson')));
    expect(dialog().received).toEqual(['en']);
    // Over: the next message is routed as usual.
    await adapter
      .send('dagpenger')
      .assertReply((a: Partial<Activity>) => expect(a.text).toContain(knowledge.topics.get('dagpenger')!.link));
  });

  it('an emergency while it runs ends it and gets the emergency reply', async () => {
    const { adapter, dialog } = botWithFeedback();
    await adapter.send('/feedback').assertReply('What could be better? (en)');
    await adapter.send('I want to kill myself').assertReply((a: Partial<Activity>) => expect(a.text).toContain('113'));
    expect(dialog().received).toEqual([]);
  });
});
