/**
 * A message, in order: with a person (the bot stays out of the way, safety excepted) → a pending
 * rating → the running dialogs and their own messages → the other buttons → unreadable input →
 * the language command → the privacy notice → safety (a possible emergency is asked about) →
 * the router's answer. The first step that takes the message ends the turn.
 */
import type { EmergencyKind } from '../understanding/model.ts';
import type { Decision, Router } from '../understanding/router.ts';
import { SUPPORTED_LANGUAGES, languageFromLocale, type Lang } from '../shared/languages.ts';
import type { AnswerInput } from './dialogs/answer.ts';
import type { HandoffDialog, HandoffInput } from './dialogs/handoff.ts';
import type { RatingDialog } from './dialogs/rating.ts';
import type { EmergencyReplies } from './emergency.ts';
import { chosen, follow, messageLanguage } from './languagePolicy.ts';
import { nextContext, remembered } from './profile.ts';
import type { DialogRunner } from './runner.ts';
import type { Speaker } from './speaker.ts';
import { MAX_MESSAGE_LENGTH, type Turn } from './turn.ts';
import { getPiiFound } from './turnState.ts';

/** One step of the pipeline: true when it took the message. */
export type Interceptor = (turn: Turn) => Promise<boolean>;

export class MessagePipeline {
  private readonly steps: Interceptor[] = [
    (t) => this.withPerson(t),
    (t) => this.rating(t),
    (t) => this.dialogs(t),
    (t) => this.buttons(t),
    (t) => this.unreadable(t),
    (t) => this.languageCommand(t),
    (t) => this.privacyNotice(t),
    (t) => this.safety(t),
  ];

  constructor(
    private readonly runner: DialogRunner,
    private readonly speaker: Speaker,
    private readonly emergency: EmergencyReplies,
    private readonly router: Router,
  ) {}

  async handle(turn: Turn): Promise<void> {
    for (const step of this.steps) if (await step(turn)) return;
    await this.respond(turn, turn.decision(), turn.text);
  }

  /** The emergency reply, then a person: the one way every emergency is answered. */
  async sendEmergency(turn: Turn, lang: Lang, unsupported?: string): Promise<void> {
    turn.route('emergency');
    turn.update({ fallbacks: 0, checkIn: undefined, ...(unsupported ? { unsupportedLang: unsupported } : {}) });
    await turn.send(...(await this.emergency.replies(lang, unsupported)));
  }

  private async withPerson(turn: Turn): Promise<boolean> {
    const { state, status } = await this.runner
      .get<HandoffDialog>('handoff')
      .open(turn.dialogState('handoff'), turn.conversationId);
    turn.setDialogState('handoff', state);
    if (!status) return false;
    const handoff = (input: HandoffInput) => this.runner.run(turn, 'handoff', input);
    if (turn.button?.veiviser === 'cancelQueue' && status.handoff.status === 'queued')
      await handoff({ kind: 'cancel' });
    else if (turn.isEmergency()) {
      // Safety first, also here: the emergency reply never waits for an agent.
      turn.route('emergency');
      await turn.send(this.emergency.text(turn.lang));
    } else if (status.handoff.status === 'active')
      turn.route('handoff-relay'); // the agent reads it from the transcript
    else await handoff({ kind: 'waiting', position: status.position, minutes: status.minutes });
    return true;
  }

  private async rating(turn: Turn): Promise<boolean> {
    const running = turn.dialogState('rating') !== undefined;
    const input = this.runner.get<RatingDialog>('rating').read(running, turn.text, turn.button);
    if (input) await this.runner.run(turn, 'rating', input);
    else if (running) turn.setDialogState('rating', undefined);
    return !!input;
  }

  /** A dialog's own buttons and phrases; typed answers while it runs (a button elsewhere or an emergency ends it). */
  private async dialogs(turn: Turn): Promise<boolean> {
    for (const dialog of this.runner.conversational()) {
      const claimed = dialog.claim?.(turn.lang, turn.text, turn.button);
      if (claimed) {
        await this.runner.run(turn, dialog.id, claimed);
        return true;
      }
      if (turn.dialogState(dialog.id) === undefined || !dialog.typed) continue;
      if (turn.button || turn.isEmergency()) turn.setDialogState(dialog.id, undefined);
      else if (turn.text && turn.text.length <= MAX_MESSAGE_LENGTH) {
        await this.runner.run(turn, dialog.id, dialog.typed(turn.text));
        return true;
      }
    }
    return false;
  }

  private async buttons(turn: Turn): Promise<boolean> {
    const value = turn.button;
    if (!value) return false;
    const pending = turn.profile.checkIn;
    if (pending) turn.update({ checkIn: undefined });
    const answer = (route: string, input: AnswerInput) => {
      turn.route(route);
      turn.update({ context: nextContext(turn.profile.context, route, undefined, turn.now()) });
      return this.runner.run(turn, 'answer', input);
    };
    switch (value.veiviser) {
      case 'checkIn':
        if (value.answer === 'yes') return this.sendEmergency(turn, turn.lang).then(() => true);
        if (value.answer === 'person') turn.route('human');
        if (value.answer === 'person')
          return this.runner.run(turn, 'handoff', { kind: 'request', reason: 'emergency' }).then(() => true);
        if (pending) return this.answerCheckedIn(turn, pending).then(() => true);
        turn.route('emergency-check');
        await turn.send(this.speaker.say(turn.lang, 'fallback.notUnderstood'));
        return true;
      case 'topic':
      case 'norwegian':
        await answer(`topic:${value.id}`, { kind: value.veiviser, id: value.id });
        return true;
      case 'route':
        await answer(value.route, { kind: 'route', route: value.route });
        return true;
      case 'none':
        turn.update(remembered(turn.profile, { kind: 'fallback', route: 'unknown', lang: turn.lang }));
        await answer('unknown', { kind: 'none' });
        return true;
      case 'person':
        turn.route('human');
        turn.update({ context: undefined });
        await this.runner.run(turn, 'handoff', { kind: 'request', reason: value.reason, caseRef: value.caseRef });
        return true;
      case 'cancelQueue':
        turn.route('handoff');
        await turn.send(this.speaker.say(turn.lang, 'handoff:cancelled'));
        return true;
      case 'rating': // taken by the rating step
        return true;
      case 'screener':
      case 'booking': // taken by their dialogs
        turn.route('unknown');
        await turn.send(this.speaker.say(turn.lang, 'fallback.notUnderstood'));
        return true;
    }
  }

  private async unreadable(turn: Turn): Promise<boolean> {
    const { lang, text } = turn;
    if (!text) {
      turn.route('not-text');
      await turn.send(this.speaker.say(lang, 'input.notText'));
      return true;
    }
    if (text.length <= MAX_MESSAGE_LENGTH) return false;
    turn.route('too-long');
    const characters = (count: number) => this.speaker.say(lang, 'common:characters', { count });
    await turn.send(
      this.speaker.say(lang, 'input.tooLong', { length: characters(text.length), max: characters(MAX_MESSAGE_LENGTH) }),
    );
    return true;
  }

  /** "/lang en", "/language pl". */
  private async languageCommand(turn: Turn): Promise<boolean> {
    const command = /^\/lang(?:uage)?\b\s*(\S*)/i.exec(turn.text);
    if (!command) return false;
    turn.route('language');
    const wanted = languageFromLocale(command[1]);
    if (!wanted) {
      const names = SUPPORTED_LANGUAGES.map((l) => `${this.speaker.translator.t(l, 'common:languageName')} (${l})`);
      await turn.send(
        this.speaker.say(turn.lang, 'language.unknown', { list: this.speaker.format.list(turn.lang, names) }),
      );
      return true;
    }
    turn.update(chosen(wanted));
    await turn.send(this.speaker.say(wanted, 'language.changed'));
    return true;
  }

  /** Personal data was removed from the message (middleware): the user is told what, kindly. */
  private async privacyNotice(turn: Turn): Promise<boolean> {
    const found = getPiiFound(turn.context);
    if (!found.length) return false;
    const items = this.speaker.format.list(
      turn.lang,
      found.map((k) => this.speaker.say(turn.lang, `privacy.${k}`)),
    );
    await turn.send(this.speaker.say(turn.lang, 'privacy.removed', { items }));
    return false;
  }

  /** Safety first: before help words, language switching or anything else. */
  private async safety(turn: Turn): Promise<boolean> {
    const { lang, text } = turn;
    const pending = turn.profile.checkIn;
    if (pending) turn.update({ checkIn: undefined });
    if (pending && this.emergency.isCheckInAnswer(lang, text, 'yes'))
      return this.sendEmergency(turn, lang).then(() => true);
    if (pending && this.emergency.isCheckInAnswer(lang, text, 'no'))
      return this.answerCheckedIn(turn, pending).then(() => true);
    const decision = turn.decision();
    if (decision.kind !== 'emergency' || !decision.confirm || !decision.emergency) return false;
    const kind = decision.emergency;
    // Asked once already: a second possible sign in a row is answered as an emergency; a kind
    // the user said was no emergency is not asked about again.
    if (pending?.kind === kind) await this.sendEmergency(turn, lang);
    else if (!turn.profile.checkedKinds?.includes(kind)) {
      turn.update(remembered(turn.profile, decision));
      turn.route('emergency-check');
      turn.update({ checkIn: { kind, text } });
      await turn.send(this.emergency.checkIn(lang, kind));
    } else await this.respond(turn, decision.ordinary ?? decision, text);
    return true;
  }

  /** The user said it was no emergency: that kind is not asked about again, and the message gets its ordinary answer. */
  private async answerCheckedIn(turn: Turn, pending: { kind: EmergencyKind; text: string }): Promise<void> {
    turn.update({
      checkIn: undefined,
      checkedKinds: [...new Set([...(turn.profile.checkedKinds ?? []), pending.kind])],
    });
    const decision = this.router.route(pending.text, { lang: turn.lang });
    return this.respond(turn, decision.confirm ? (decision.ordinary ?? decision) : decision, pending.text);
  }

  /** Answers a routed message (anything but a running dialog or a command). */
  private async respond(turn: Turn, decision: Decision, text: string): Promise<void> {
    if (decision.kind !== 'emergency' && this.speaker.isCommand(turn.lang, 'commands.help', text)) {
      turn.route('help');
      return turn.send(this.speaker.say(turn.lang, 'help'));
    }
    turn.route(decision.route);
    turn.update({
      ...remembered(turn.profile, decision),
      context: nextContext(turn.profile.context, decision.route, decision.facet, turn.now()),
    });
    if (decision.kind === 'emergency') return this.sendEmergency(turn, turn.lang, decision.unsupportedLang);
    if (decision.kind === 'language-request' && decision.requested) {
      turn.update(chosen(decision.requested));
      return turn.send(this.speaker.say(decision.requested, 'language.changed'));
    }
    if (decision.kind === 'language-help')
      return this.runner.run(turn, 'answer', { kind: 'unsupported', code: decision.lang });

    const followed = follow(turn.profile, turn.activity.locale, decision.detected);
    turn.update(followed.change);
    if (followed.switchedFrom)
      await turn.send(this.speaker.say(followed.lang, 'language.switched', { code: followed.switchedFrom }));
    if (decision.kind === 'answer' && decision.route === 'human') {
      turn.update({ fallbacks: 0 });
      // Asking for a person in another language than the conversation's: what happens next is
      // said, and the agent is told, in the language the user just wrote (without switching).
      const written = messageLanguage(decision.detected) ?? followed.lang;
      return this.runner.run(
        turn,
        'handoff',
        { kind: 'request', reason: decision.complaint ? 'complaint' : 'user-request' },
        written,
      );
    }
    return this.runner.run(turn, 'answer', { kind: 'decision', decision, text }, followed.lang);
  }
}
