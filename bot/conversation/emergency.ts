/**
 * The emergency replies, written once: the reply for this hour, then a person (with priority
 * when someone can come, else when the chat opens, never a promise no one keeps); the gentle
 * question for a possible emergency; and the reply for a language the bot does not write.
 */
import { MessageFactory, type Activity } from 'botbuilder';
import type { Contact } from '../knowledge/contact.ts';
import type { Knowledge } from '../knowledge/index.ts';
import { isOpen, nextOpening, type OpeningHours } from '../services/calendar.ts';
import type { EmergencyKind } from '../understanding/model.ts';
import type { Lang } from '../shared/languages.ts';
import { button } from './buttons.ts';
import type { HandoffDesk } from './handoffDesk.ts';
import type { Speaker } from './speaker.ts';

/** When NAV answers the phone (and the office is open, for the reply's purpose): phone hours on weekdays, not on holidays. */
function navHours(contact: Contact): OpeningHours {
  const day = { opens: contact.phoneHours.opens, closes: contact.phoneHours.closes };
  return {
    timeZone: contact.chat.timeZone,
    hours: { monday: day, tuesday: day, wednesday: day, thursday: day, friday: day },
    holidays: contact.holidays,
  };
}

export class EmergencyReplies {
  private readonly hours: OpeningHours;

  constructor(
    private readonly speaker: Speaker,
    private readonly knowledge: Knowledge,
    private readonly handoff: HandoffDesk,
    private readonly now: () => Date,
  ) {
    this.hours = navHours(speaker.contact);
  }

  /** The reply for this hour: while NAV is open, the office today; otherwise what is open now first, and when NAV opens again. */
  text(lang: Lang): string {
    const now = this.now();
    const safety = this.knowledge.safety;
    if (isOpen(now, this.hours)) return this.speaker.fill(lang, safety.reply[lang]);
    const next = nextOpening(now, this.hours);
    return this.speaker.fill(lang, safety.replyClosed[lang], {
      nextOpen: next ? this.speaker.format.dateTime(lang, next) : '',
    });
  }

  /**
   * The reply, then a person. In a language the bot does not write (`unsupported`): the numbers
   * first, then a short text in that language where the content has one, otherwise the reply in
   * English and in Norwegian; the person is offered in English.
   */
  async replies(lang: Lang, unsupported?: string): Promise<Partial<Activity>[]> {
    if (!unsupported) return [{ type: 'message', text: this.text(lang) }, await this.person(lang)];
    const { numbers } = this.knowledge.safety;
    const own = this.knowledge.safetyUnsupported.languages[unsupported]?.reply;
    const parts = own ? [numbers, own] : [numbers, this.text('en'), this.text('nb')];
    return [{ type: 'message', text: parts.join('\n\n') }, await this.person('en')];
  }

  private async person(lang: Lang): Promise<Partial<Activity>> {
    const availability = await this.handoff.availability();
    if (availability.available) return this.speaker.offerPerson(lang, 'emergency');
    const next = availability.nextOpening ? this.speaker.format.dateTime(lang, availability.nextOpening) : '';
    const key = availability.why === 'full' || !next ? 'handoff:full' : 'handoff:offer.emergencyClosed';
    return MessageFactory.suggestedActions(
      [this.speaker.routeButton(lang, 'booking')],
      this.speaker.say(lang, key, { next }),
    );
  }

  /** A possible emergency: a gentle question, answered by a button or a typed yes or no. */
  checkIn(lang: Lang, kind: EmergencyKind): Partial<Activity> {
    const say = (key: string) => this.speaker.say(lang, key);
    return MessageFactory.suggestedActions(
      [
        button(say('checkIn.yes'), { veiviser: 'checkIn', answer: 'yes' }),
        button(say('checkIn.no'), { veiviser: 'checkIn', answer: 'no' }),
        button(say('checkIn.person'), { veiviser: 'checkIn', answer: 'person' }),
      ],
      say(`checkIn.${kind}`),
    );
  }

  /** A typed answer to the check-in ("ja", "no"): the buttons say the same. */
  isCheckInAnswer(lang: Lang, text: string, answer: 'yes' | 'no'): boolean {
    return this.speaker.isCommand(lang, `checkIn.${answer}Words`, text);
  }
}
