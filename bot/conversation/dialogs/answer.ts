/**
 * Answers from the knowledge content: a topic's reviewed answer (and its Norwegian original), a
 * question when the message fits several routes, an honest fallback with suggestions (and a
 * person after a few in a row), the action routes, and the reply to a language the bot does
 * not write. Stateless: what it changes in the profile goes back as effects.
 */
import { ActionTypes, MessageFactory, type Activity, type CardAction } from 'botbuilder';
import type { Knowledge } from '../../knowledge/index.ts';
import type { ReasonCode } from '../../knowledge/schemas.ts';
import { topicAnswer } from '../../services/answers.ts';
import type { Lang } from '../../shared/languages.ts';
import type { Route } from '../../understanding/model.ts';
import type { Decision } from '../../understanding/router.ts';
import { DECIDE } from '../../understanding/thresholds.ts';
import { button } from '../buttons.ts';
import type { Speaker } from '../speaker.ts';
import type { Dialog, DialogStep, DialogTurn, Effect } from './dialog.ts';

export type AnswerInput =
  /** A routed message: answer, clarify or fall back (emergencies and language requests are the bot's). */
  | { kind: 'decision'; decision: Decision; text: string }
  | { kind: 'topic'; id: string }
  | { kind: 'norwegian'; id: string }
  | { kind: 'route'; route: Route }
  /** "None of these" after a question. */
  | { kind: 'none' }
  /** A message in a language the bot does not write (its code). */
  | { kind: 'unsupported'; code: string };

const ACTION_KEYS: Partial<Record<Route, string>> = {
  'case-status': 'actions:caseStatus',
  entitlement: 'actions:entitlement',
  human: 'actions:human',
  booking: 'actions:booking',
  'language-help': 'actions:languageHelp',
};

/** What the bot can do, offered when nothing in a message was understood. */
const MAIN_MENU: readonly Route[] = ['entitlement', 'case-status', 'booking', 'human'];

/** Action routes another dialog answers. */
const ACTION_DIALOGS: Partial<Record<Route, string>> = { entitlement: 'screener', booking: 'booking' };

type Step = DialogStep<never>;

export class AnswerDialog implements Dialog<never, AnswerInput> {
  readonly id = 'answer';

  constructor(
    private readonly speaker: Speaker,
    private readonly knowledge: Knowledge,
  ) {}

  start(): AnswerInput {
    return { kind: 'none' };
  }

  step(lang: Lang, _state: undefined, input: AnswerInput, turn: DialogTurn): Step {
    switch (input.kind) {
      case 'decision':
        return this.decided(lang, input.decision, input.text, turn);
      case 'topic':
        return this.knowledge.topics.has(input.id) ? this.topic(lang, input.id) : this.notUnderstood(lang);
      case 'norwegian':
        return this.knowledge.topics.has(input.id) ? this.norwegian(lang, input.id) : this.notUnderstood(lang);
      case 'route':
        if (input.route.startsWith('topic:')) return this.topic(lang, input.route.slice('topic:'.length));
        return this.action(lang, input.route, '');
      case 'none':
        return this.fallback(lang, [], turn);
      case 'unsupported':
        return this.unsupported(lang, input.code);
    }
  }

  private decided(lang: Lang, decision: Decision, text: string, turn: DialogTurn): Step {
    const reset: Effect = { kind: 'profile', change: { fallbacks: 0 } };
    let step: Step;
    if (decision.kind === 'answer') {
      const topic = decision.route.startsWith('topic:') ? this.knowledge.topics.get(decision.intent ?? '') : undefined;
      const kind = decision.intent?.replace(/^smalltalk-/, '') ?? 'greeting';
      if (topic) step = this.topic(lang, topic.id, decision.facet);
      else if (decision.route === 'smalltalk') step = this.text(this.speaker.say(lang, `actions:smalltalk.${kind}`));
      else if (decision.route !== 'clarify') step = this.action(lang, decision.route, text);
      else step = { replies: [] };
      step = { ...step, effects: [reset, ...(step.effects ?? [])] };
    } else if (decision.kind === 'clarify')
      step = { ...this.clarify(lang, decision.candidates ?? []), effects: [reset] };
    else if (decision.referral && this.knowledge.referrals[decision.referral])
      step = { ...this.referral(lang, decision.referral), effects: [reset] };
    else step = this.fallback(lang, decision.candidates ?? [], turn);
    // Complaints and several problems at once: the answer, and a person on offer.
    const offer: ReasonCode | undefined = decision.complaint
      ? 'complaint'
      : this.isComplex(text, decision)
        ? 'complex'
        : undefined;
    return offer ? { ...step, effects: [...(step.effects ?? []), { kind: 'offerPerson', reason: offer }] } : step;
  }

  private isComplex(text: string, decision: Decision): boolean {
    const { minWords, topics } = this.knowledge.escalation.triggers.complex;
    const wordCount = text.split(/\s+/).filter(Boolean).length;
    return decision.kind === 'answer' && wordCount >= minWords && 1 + (decision.related?.length ?? 0) >= topics;
  }

  private action(lang: Lang, route: Route, text: string): Step {
    if (route === 'human')
      return {
        replies: [],
        effects: [{ kind: 'run', dialog: 'handoff', input: { kind: 'request', reason: 'user-request' } }],
      };
    if (route === 'case-status')
      return { replies: [], effects: [{ kind: 'run', dialog: 'case-status', input: { text } }] };
    const dialog = ACTION_DIALOGS[route];
    if (dialog) return { replies: [], effects: [{ kind: 'start', dialog }] };
    const reply = this.text(this.speaker.say(lang, ACTION_KEYS[route] ?? 'fallback.notUnderstood'));
    return route === 'language-help' ? { ...reply, effects: [{ kind: 'offerPerson', reason: 'interpreter' }] } : reply;
  }

  /** The facet asked for when the topic has it (the overview one tap away), else the overview. */
  private topic(lang: Lang, id: string, facetId?: string): Step {
    const topic = this.knowledge.topics.get(id)!;
    const facet = facetId ? this.knowledge.facets.get(id)?.[facetId] : undefined;
    if (facet) {
      const answer = facet.languages[lang].answer;
      const more = button(this.speaker.say(lang, 'answer.moreAbout', { title: topic.languages[lang].title }), {
        veiviser: 'topic',
        id,
      });
      const text = answer.includes(facet.link) ? answer : `${answer}\n\n${facet.link}`;
      return {
        replies: [
          MessageFactory.suggestedActions(
            [more, ...topic.followUps.slice(0, 2).map((f) => this.speaker.topicButton(lang, f))],
            text,
          ),
        ],
      };
    }
    const buttons: CardAction[] = topic.followUps.map((f) => this.speaker.topicButton(lang, f));
    if (lang !== 'nb' && lang !== 'nn')
      buttons.push(button(this.speaker.say(lang, 'answer.showNorwegian'), { veiviser: 'norwegian', id }));
    return { replies: [MessageFactory.suggestedActions(buttons, topicAnswer(topic, lang).text)] };
  }

  private norwegian(lang: Lang, id: string): Step {
    const topic = this.knowledge.topics.get(id)!;
    const nb = topic.languages.nb;
    const text = this.speaker.say(lang, 'answer.norwegianOriginal', {
      title: topic.languages[lang].title,
      titleNb: nb.title,
      answer: nb.answer,
    });
    return {
      replies: [
        MessageFactory.suggestedActions(
          topic.followUps.map((f) => this.speaker.topicButton(lang, f)),
          text,
        ),
      ],
    };
  }

  private clarify(lang: Lang, candidates: Route[]): Step {
    const buttons = [
      ...candidates.map((r) => this.speaker.routeButton(lang, r)),
      button(this.speaker.say(lang, 'clarify.none'), { veiviser: 'none' }),
    ];
    return { replies: [MessageFactory.suggestedActions(buttons, this.speaker.say(lang, 'clarify.question'))] };
  }

  /** Not understood: suggestions when there are some; after a few in a row, a person. */
  private fallback(lang: Lang, suggestions: Route[], turn: DialogTurn): Step {
    const fallbacks = (turn.profile?.fallbacks ?? 0) + 1;
    if (fallbacks >= this.knowledge.escalation.triggers.fallbacksInARow) {
      // Not understood twice after writing in a language we do not support: a language problem.
      const reason: ReasonCode = turn.profile?.unsupportedLang ? 'language' : 'not-understood';
      return {
        replies: [
          MessageFactory.suggestedActions(
            [this.speaker.personButton(lang, reason)],
            this.speaker.say(lang, 'fallback.offerPerson'),
          ),
        ],
        effects: [{ kind: 'profile', change: { fallbacks: 0 } }],
      };
    }
    const suggested = suggestions.slice(0, DECIDE.maxChoices).map((r) => this.speaker.routeButton(lang, r));
    // Nothing close: the main menu, no topic guesses.
    const buttons = suggested.length ? suggested : MAIN_MENU.map((r) => this.speaker.routeButton(lang, r));
    return {
      replies: [
        MessageFactory.suggestedActions(
          buttons,
          this.speaker.say(lang, suggested.length ? 'fallback.withSuggestions' : 'fallback.notUnderstood'),
        ),
      ],
      effects: [{ kind: 'profile', change: { fallbacks } }],
    };
  }

  /** A short reply in that language, and a way on: English, Norwegian, or a person with an interpreter. */
  private unsupported(lang: Lang, code: string): Step {
    const known = this.knowledge.languages.unsupported[code];
    const text = known ? this.speaker.fill(lang, known.reply) : this.speaker.say(lang, 'actions:languageHelp');
    const buttons: CardAction[] = (['en', 'nb'] as const).map((l) => ({
      type: ActionTypes.ImBack,
      title: this.speaker.translator.t(l, 'common:languageName'),
      value: `/lang ${l}`,
    }));
    // Labelled in English and Norwegian, the two languages offered.
    const person = `${this.speaker.say('en', 'handoff:offer.button')} / ${this.speaker.say('nb', 'handoff:offer.button')}`;
    buttons.push(button(person, { veiviser: 'person', reason: 'language' }));
    return { replies: [MessageFactory.suggestedActions(buttons, text)] };
  }

  /** Not NAV's question: who helps, and the link. */
  private referral(lang: Lang, id: string): Step {
    const referral = this.knowledge.referrals[id]!;
    const answer = this.speaker.fill(lang, referral.languages[lang].answer);
    return this.text(answer.includes(referral.link) ? answer : `${answer}\n\n${referral.link}`);
  }

  private notUnderstood(lang: Lang): Step {
    return {
      ...this.text(this.speaker.say(lang, 'fallback.notUnderstood')),
      effects: [{ kind: 'route', route: 'unknown' }],
    };
  }

  private text(text: string): Step {
    const reply: Partial<Activity> = { type: 'message', text };
    return { replies: [reply] };
  }
}
