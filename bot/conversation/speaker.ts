/**
 * Everything the bot says is composed here or from here: locale strings with the contact values
 * filled in, content text filled the same way, the buttons every dialog shares, and the formats.
 */
import { MessageFactory, type Activity, type CardAction } from 'botbuilder';
import type { Contact } from '../knowledge/contact.ts';
import type { Knowledge } from '../knowledge/index.ts';
import type { Translator } from '../knowledge/locales.ts';
import type { ReasonCode } from '../knowledge/schemas.ts';
import type { Route } from '../understanding/model.ts';
import { isSupportedLanguage, type Lang } from '../shared/languages.ts';
import { button } from './buttons.ts';
import { isCommandWord } from './commandWords.ts';
import { Formatter } from './format.ts';

const OFFER_KEYS: Partial<Record<ReasonCode, string>> = {
  emergency: 'handoff:offer.emergency',
  complex: 'handoff:offer.complex',
  complaint: 'handoff:offer.complaint',
  interpreter: 'handoff:offer.interpreter',
  'case-needs-person': 'handoff:offer.caseNeedsPerson',
};

export class Speaker {
  readonly format: Formatter;

  constructor(
    readonly translator: Translator,
    readonly contact: Contact,
    readonly knowledge: Knowledge,
  ) {
    this.format = new Formatter(contact.chat.timeZone);
  }

  contactValues() {
    const { phone, phoneFromAbroad, phoneHours, writeUrl } = this.contact;
    return { phone, phoneFromAbroad, opens: phoneHours.opens, closes: phoneHours.closes, writeUrl };
  }

  /** A locale string with the contact values filled in. */
  say(lang: Lang, key: string, values: Record<string, unknown> = {}): string {
    return this.translator.t(lang, key, { ...this.contactValues(), ...values });
  }

  /** Content text with the contact values filled in, the same way locale strings are. */
  fill(lang: Lang, template: string, values: Record<string, unknown> = {}): string {
    return this.translator.fill(lang, template, { ...this.contactValues(), ...values });
  }

  list(lang: Lang, key: string): string[] {
    return this.translator.list(lang, key);
  }

  /** Is the message one of the localised words of this command (locale list `key`)? */
  isCommand(lang: Lang, key: string, text: string): boolean {
    return isCommandWord((l, k) => this.translator.list(l, k), lang, key, text);
  }

  /** "5 minutter", "1 minutt": a count of minutes in words. */
  minutes(lang: Lang, count: number): string {
    return this.say(lang, 'common:minutes', { count });
  }

  /** A language's name, in that language when the bot writes it, else from the content (or its code). */
  languageName(code: string, fallback: string): string {
    return isSupportedLanguage(code)
      ? this.translator.t(code, 'common:languageName')
      : (this.knowledge.languages.unsupported[code]?.name ?? (code || fallback));
  }

  topicTitle(lang: Lang, id: string): string {
    return this.knowledge.topics.get(id)?.languages[lang].title ?? id;
  }

  topicButton(lang: Lang, id: string): CardAction {
    return button(this.topicTitle(lang, id), { veiviser: 'topic', id });
  }

  routeButton(lang: Lang, route: Route): CardAction {
    if (route.startsWith('topic:')) return this.topicButton(lang, route.slice('topic:'.length));
    return button(this.say(lang, `clarify.labels.${route}`), { veiviser: 'route', route });
  }

  personButton(lang: Lang, reason: ReasonCode): CardAction {
    return button(this.say(lang, 'handoff:offer.button'), { veiviser: 'person', reason });
  }

  cancelButton(lang: Lang): CardAction {
    return button(this.say(lang, 'handoff:cancel'), { veiviser: 'cancelQueue' });
  }

  /** A person on offer, with the words for why. */
  offerPerson(lang: Lang, reason: ReasonCode): Partial<Activity> {
    return MessageFactory.suggestedActions(
      [this.personButton(lang, reason)],
      this.say(lang, OFFER_KEYS[reason] ?? 'fallback.offerPerson'),
    );
  }

  /** The welcome, with "What can I get?" as a button that starts the screener. */
  welcome(lang: Lang): Partial<Activity> {
    const text = ['welcome.intro', 'welcome.canHelp', 'welcome.person', 'welcome.privacy']
      .map((k) => this.say(lang, k))
      .join('\n\n');
    return MessageFactory.suggestedActions([this.routeButton(lang, 'entitlement')], text);
  }
}
