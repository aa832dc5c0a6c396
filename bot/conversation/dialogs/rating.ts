/** After an agent's help: a 1–5 rating, by a button or the digit typed. Anything else leaves it unasked. */
import { MessageFactory } from 'botbuilder';
import type { Lang } from '../../shared/languages.ts';
import { button, type ButtonValue } from '../buttons.ts';
import type { HandoffDesk } from '../handoffDesk.ts';
import type { Speaker } from '../speaker.ts';
import type { Dialog, DialogStep, DialogTurn } from './dialog.ts';

export type RatingInput = { kind: 'ask' } | { kind: 'rate'; value: number };
type RatingState = { asked: true };

export class RatingDialog implements Dialog<RatingState, RatingInput> {
  readonly id = 'rating';
  readonly route = 'rating';

  constructor(
    private readonly desk: Pick<HandoffDesk, 'rate'>,
    private readonly speaker: Speaker,
  ) {}

  start(): RatingInput {
    return { kind: 'ask' };
  }

  /** A rating button at any time; a digit 1–5 only while the question is open. */
  read(running: boolean, text: string, value: ButtonValue | undefined): RatingInput | undefined {
    if (value?.veiviser === 'rating') return { kind: 'rate', value: value.value };
    return running && /^[1-5]$/.test(text) ? { kind: 'rate', value: Number(text) } : undefined;
  }

  async step(
    lang: Lang,
    _state: RatingState | undefined,
    input: RatingInput,
    turn: DialogTurn,
  ): Promise<DialogStep<RatingState>> {
    if (input.kind === 'ask') {
      const ratings = [1, 2, 3, 4, 5].map((n) => button(String(n), { veiviser: 'rating', value: n }));
      return {
        state: { asked: true },
        replies: [MessageFactory.suggestedActions(ratings, this.speaker.say(lang, 'handoff:rating.question'))],
      };
    }
    await this.desk.rate(turn.conversationId, input.value);
    return { replies: [{ type: 'message', text: this.speaker.say(lang, 'handoff:rating.thanks') }] };
  }
}
