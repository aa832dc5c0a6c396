/**
 * The entitlement screener as a dialog: one question at a time with its options as buttons
 * (typed answers are matched to the options too), back / start again / stop at every step, then
 * the topics that may fit, each with its reason. The answers live only in conversation state.
 */
import Fuse from 'fuse.js';
import { MessageFactory, type CardAction } from 'botbuilder';
import {
  isEmergencyAnswer,
  nextQuestion,
  screenerResults,
  type Answers,
  type Screener,
  type ScreenerQuestion,
} from '../../knowledge/screener.ts';
import type { Lang } from '../../shared/languages.ts';
import { normalise } from '../../understanding/normalise.ts';
import { button, type ButtonValue } from '../buttons.ts';
import type { Dialog, DialogStep } from './dialog.ts';

export interface ScreenerState {
  answers: Answers;
  /** Questions answered, in order, for "back". */
  history: string[];
}

export type ScreenerInput =
  | { kind: 'start' }
  | { kind: 'button'; value: Extract<ButtonValue, { veiviser: 'screener' }> }
  | { kind: 'text'; text: string };

/** The state is undefined when the screener is over (result, stop, emergency). Effects: "nothing for food today" is an emergency; a result's topics are counted. */
type ScreenerStep = DialogStep<ScreenerState>;

export interface ScreenerDialogDeps {
  screener: Screener;
  say(lang: Lang, key: string, values?: Record<string, unknown>): string;
  isCommand(lang: Lang, key: string, text: string): boolean;
  topic(id: string, lang: Lang): { title: string; answer: string; link: string } | undefined;
}

/** The first sentence of an answer: the one-line summary in a result. */
function firstSentence(answer: string): string {
  const line = answer.split(/\n/)[0]!.trim();
  const m = /^(.+?[.!?؟])(\s|$)/u.exec(line);
  return (m ? m[1]! : line).trim();
}

export class ScreenerDialog implements Dialog<ScreenerState, ScreenerInput> {
  readonly id = 'screener';
  readonly route = 'entitlement';
  private readonly fuses = new Map<string, Fuse<{ id: string; text: string }>>();

  constructor(private readonly deps: ScreenerDialogDeps) {}

  start(): ScreenerInput {
    return { kind: 'start' };
  }

  claim(_lang: Lang, _text: string, value: ButtonValue | undefined): ScreenerInput | undefined {
    return value?.veiviser === 'screener' ? { kind: 'button', value } : undefined;
  }

  typed(text: string): ScreenerInput {
    return { kind: 'text', text };
  }

  step(lang: Lang, state: ScreenerState | undefined, input: ScreenerInput): ScreenerStep {
    const current: ScreenerState = state ?? { answers: {}, history: [] };
    if (input.kind === 'start') return this.ask(lang, { answers: {}, history: [] }, true);

    const command =
      input.kind === 'button' && 'action' in input.value
        ? input.value.action
        : input.kind === 'text'
          ? this.command(lang, input.text)
          : undefined;
    if (command === 'stop') return { replies: [{ type: 'message', text: this.deps.say(lang, 'screener:stopped') }] };
    if (command === 'restart') return this.ask(lang, { answers: {}, history: [] }, false);
    if (command === 'back') {
      const history = current.history.slice(0, -1);
      const answers = { ...current.answers };
      const last = current.history.at(-1);
      if (last) delete answers[last];
      return this.ask(lang, { answers, history }, false);
    }

    const question = nextQuestion(this.deps.screener, current.answers);
    if (!question) return this.result(lang, current);
    let option: string | undefined;
    if (input.kind === 'button' && 'option' in input.value) {
      // A click on an older question's button answers that question only if it is the one asked now.
      const clicked = input.value;
      if (clicked.question === question.id && question.options.some((o) => o.id === clicked.option))
        option = clicked.option;
    } else if (input.kind === 'text') option = this.matchOption(question, lang, input.text);
    if (!option) {
      const again = this.ask(lang, current, false);
      return {
        ...again,
        replies: [{ type: 'message', text: this.deps.say(lang, 'screener:notUnderstood') }, ...again.replies],
      };
    }
    if (isEmergencyAnswer(question, option)) return { replies: [], effects: [{ kind: 'emergency' }] };
    const next: ScreenerState = {
      answers: { ...current.answers, [question.id]: option },
      history: [...current.history, question.id],
    };
    return nextQuestion(this.deps.screener, next.answers) ? this.ask(lang, next, false) : this.result(lang, next);
  }

  private ask(lang: Lang, state: ScreenerState, intro: boolean): ScreenerStep {
    const question = nextQuestion(this.deps.screener, state.answers);
    if (!question) return this.result(lang, state);
    const buttons: CardAction[] = question.options.map((o) =>
      button(o.text[lang] as string, { veiviser: 'screener', question: question.id, option: o.id }),
    );
    if (state.history.length)
      buttons.push(button(this.deps.say(lang, 'screener:back'), { veiviser: 'screener', action: 'back' }));
    if (state.history.length)
      buttons.push(button(this.deps.say(lang, 'screener:restart'), { veiviser: 'screener', action: 'restart' }));
    buttons.push(button(this.deps.say(lang, 'screener:stop'), { veiviser: 'screener', action: 'stop' }));
    const text = [intro ? this.deps.say(lang, 'screener:intro') : undefined, question.text[lang] as string]
      .filter(Boolean)
      .join('\n\n');
    return { state, replies: [MessageFactory.suggestedActions(buttons, text)] };
  }

  private result(lang: Lang, state: ScreenerState): ScreenerStep {
    const results = screenerResults(this.deps.screener, state.answers);
    const person = button(this.deps.say(lang, 'handoff:offer.button'), { veiviser: 'person', reason: 'user-request' });
    const meeting = button(this.deps.say(lang, 'screener:meeting'), { veiviser: 'route', route: 'booking' });
    if (!results.length) {
      return {
        replies: [
          MessageFactory.suggestedActions(
            [person, meeting],
            `${this.deps.say(lang, 'screener:resultNone')}\n\n${this.deps.say(lang, 'screener:note')}`,
          ),
        ],
        effects: [{ kind: 'screenerResult', topics: [] }],
      };
    }
    const blocks = results.map((r) => {
      const topic = this.deps.topic(r.topic, lang)!;
      return `**${topic.title}**: ${r.reason[lang]}\n\n${firstSentence(topic.answer)} ${topic.link}`;
    });
    const more = results.map((r) => {
      const title = this.deps.topic(r.topic, lang)!.title;
      return button(this.deps.say(lang, 'screener:tellMeMore', { title }), { veiviser: 'topic', id: r.topic });
    });
    const text = [
      this.deps.say(lang, 'screener:resultIntro'),
      ...blocks,
      this.deps.say(lang, 'screener:note'),
      this.deps.say(lang, 'screener:nextSteps'),
    ].join('\n\n');
    return {
      replies: [MessageFactory.suggestedActions([...more, person, meeting], text)],
      effects: [{ kind: 'screenerResult', topics: results.map((r) => r.topic) }],
    };
  }

  private command(lang: Lang, text: string): 'back' | 'restart' | 'stop' | undefined {
    return (['back', 'restart', 'stop'] as const).find((c) =>
      this.deps.isCommand(lang, `screener:commands.${c}`, text),
    );
  }

  /** A typed answer: the option's number, or its text (fuzzy, in the user's language). */
  private matchOption(question: ScreenerQuestion, lang: Lang, text: string): string | undefined {
    const said = normalise(text).trim();
    const number = /^\d{1,3}$/.test(said) ? Number(said) : undefined;
    if (number !== undefined) {
      const ranged = question.options.find((o) => o.range && number >= o.range[0] && number <= o.range[1]);
      if (ranged || question.options.some((o) => o.range)) return ranged?.id;
      return question.options[number - 1]?.id;
    }
    const key = `${question.id}:${lang}`;
    let fuse = this.fuses.get(key);
    if (!fuse) {
      const docs = question.options.flatMap((o) =>
        [lang, 'en', 'nb'].map((l) => ({ id: o.id, text: normalise(o.text[l as Lang] as string) })),
      );
      fuse = new Fuse(docs, { keys: ['text'], includeScore: true, threshold: 0.4, ignoreLocation: true });
      this.fuses.set(key, fuse);
    }
    const [best] = fuse.search(said);
    return best && (best.score ?? 1) <= 0.4 ? best.item.id : undefined;
  }
}
