import { describe, expect, it } from 'vitest';
import { DIALOGS } from '../../bot/conversation/dialogs/index.ts';
import type { Activity } from 'botbuilder';
import { knowledge, say, testBot } from '../helpers/bot.ts';
import { FeedbackDialog } from './feedbackDialog.ts';

function botWithFeedback() {
  let dialog!: FeedbackDialog;
  // The registry with one line added.
  const { adapter } = testBot('en-US', { dialogs: [...DIALOGS, (s) => (dialog = new FeedbackDialog(s.speaker))] });
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
