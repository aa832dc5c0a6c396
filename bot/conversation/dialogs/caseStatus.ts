/**
 * "What is happening with my case?": the user's own cases, only for a verified identity, each in
 * plain words (where it stands, what happens next, what to do now; never an amount). Without a
 * login: how to log in, and the processing time of the benefit asked about.
 */
import { MessageFactory } from 'botbuilder';
import type { Case } from '../../services/cases.ts';
import type { Lang } from '../../shared/languages.ts';
import { button } from '../buttons.ts';
import type { CaseDesk } from '../caseDesk.ts';
import type { Speaker } from '../speaker.ts';
import type { Dialog, DialogStep, DialogTurn } from './dialog.ts';

export interface CaseStatusInput {
  /** The message asked with ("…my dagpenger application"), for the benefit's processing time. */
  text: string;
}

export class CaseStatusDialog implements Dialog<never, CaseStatusInput> {
  readonly id = 'case-status';

  constructor(
    private readonly desk: CaseDesk,
    private readonly speaker: Speaker,
    /** The benefit a message is most about, if any (the router's topicOf). */
    private readonly topicOf: (text: string, lang: Lang) => string | undefined,
  ) {}

  start(): CaseStatusInput {
    return { text: '' };
  }

  async step(lang: Lang, _state: undefined, input: CaseStatusInput, turn: DialogTurn): Promise<DialogStep<never>> {
    const say = (key: string, values?: Record<string, unknown>) => this.speaker.say(lang, key, values);
    const links = this.speaker.contact.caseLinks;
    const lookup = await this.desk.lookup(turn.conversationId);
    switch (lookup.state) {
      case 'anonymous': {
        const benefit = input.text ? this.topicOf(input.text, lang) : undefined;
        const title = benefit ? this.speaker.knowledge.topics.get(benefit)?.languages[lang].title : undefined;
        const time = title
          ? say('cases:processingTime', { ...links, benefit: title })
          : say('cases:processingTimeGeneral', links);
        return {
          replies: [{ type: 'message', text: [say('cases:needLogin'), time, say('cases:orCall')].join('\n\n') }],
        };
      }
      case 'expired':
        return { replies: [{ type: 'message', text: say('cases:expired') }] };
      case 'unavailable':
        return {
          replies: [
            MessageFactory.suggestedActions(
              [this.speaker.personButton(lang, 'case-needs-person')],
              `${say('cases:unavailable')}\n\n${say('cases:orCall')}`,
            ),
          ],
        };
      case 'ok': {
        if (!lookup.cases.length) return { replies: [{ type: 'message', text: say('cases:none', links) }] };
        const blocks = lookup.cases.map(
          (c) =>
            `**${say('cases:case', { benefit: this.speaker.topicTitle(lang, c.benefit), reference: c.reference })}**\n\n${this.caseText(lang, c)}`,
        );
        const buttons = lookup.cases.slice(0, 3).map((c) =>
          button(say('cases:talkToPerson', { benefit: this.speaker.topicTitle(lang, c.benefit) }), {
            veiviser: 'person',
            reason: 'case-needs-person',
            caseRef: c.reference,
          }),
        );
        return { replies: [MessageFactory.suggestedActions(buttons, [say('cases:intro'), ...blocks].join('\n\n'))] };
      }
    }
  }

  /** One case in plain words. Never an amount. */
  private caseText(lang: Lang, c: Case): string {
    const { format } = this.speaker;
    const date = (d?: string) => (d ? format.day(lang, d) : '');
    const documents = (c.documents ?? []).map((d) =>
      this.speaker.say(lang, `cases:documents.${d}`, { defaultValue: this.speaker.say(lang, 'cases:documents.other') }),
    );
    return this.speaker.say(lang, `cases:status.${c.status}`, {
      ...this.speaker.contact.caseLinks,
      received: date(c.receivedOn),
      decisionBy: date(c.decisionExpectedBy),
      documents: documents.length ? format.list(lang, documents) : '',
      dueBy: date(c.documentsDueBy),
      paymentOn: date(c.nextPaymentOn),
      appealBy: date(c.appealDeadline),
      from: date(c.missingMeldekort?.from),
      to: date(c.missingMeldekort?.to),
    });
  }
}
