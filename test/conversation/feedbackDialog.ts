/**
 * An example of adding a dialog: this one file plus one line in the registry
 * (`(s) => new FeedbackDialog(s.speaker)` in bot/conversation/dialogs/index.ts). The test passes
 * the registry with that line added, so the product does not ship an unreviewed text.
 * "/feedback" asks what could be better, the next typed message ends it with thanks; the answer
 * itself is never kept (it may hold personal data), only that feedback came.
 */
import type { Dialog, DialogStep } from '../../bot/conversation/dialogs/dialog.ts';
import type { Speaker } from '../../bot/conversation/speaker.ts';
import type { Lang } from '../../bot/shared/languages.ts';

type FeedbackInput = { kind: 'ask' } | { kind: 'answer'; text: string };

export class FeedbackDialog implements Dialog<{ asked: true }, FeedbackInput> {
  readonly id = 'feedback';
  readonly route = 'feedback';
  readonly received: string[] = [];

  constructor(private readonly speaker: Speaker) {}

  start(): FeedbackInput {
    return { kind: 'ask' };
  }

  claim(_lang: Lang, text: string): FeedbackInput | undefined {
    return text.trim().toLowerCase() === '/feedback' ? { kind: 'ask' } : undefined;
  }

  typed(text: string): FeedbackInput {
    return { kind: 'answer', text };
  }

  step(lang: Lang, _state: { asked: true } | undefined, input: FeedbackInput): DialogStep<{ asked: true }> {
    if (input.kind === 'ask')
      return { state: { asked: true }, replies: [{ type: 'message', text: `What could be better? (${lang})` }] };
    this.received.push(lang);
    return {
      replies: [{ type: 'message', text: 'Thank you!' }],
      effects: [{ kind: 'offerPerson', reason: 'user-request' }],
    };
  }
}
