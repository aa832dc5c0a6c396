/**
 * The registry: every dialog of the bot, built from the services it needs. Adding a dialog is
 * one file in this folder and one line here; the bot finds it by its id, gives it its own
 * buttons and claimed messages (`claim`), and its typed answers while it runs (`typed`).
 */
import type { Knowledge } from '../../knowledge/index.ts';
import type { Router } from '../../understanding/router.ts';
import type { CaseDesk } from '../caseDesk.ts';
import type { HandoffDesk } from '../handoffDesk.ts';
import type { Speaker } from '../speaker.ts';
import { AnswerDialog } from './answer.ts';
import { BookingDialog, type BookingDesk } from './booking.ts';
import { CaseStatusDialog } from './caseStatus.ts';
import type { Dialog } from './dialog.ts';
import { HandoffDialog, type HandoffObserver } from './handoff.ts';
import { RatingDialog } from './rating.ts';
import { ScreenerDialog } from './screener.ts';

export interface DialogServices {
  speaker: Speaker;
  knowledge: Knowledge;
  router: Router;
  handoff: HandoffDesk;
  cases: CaseDesk;
  booking: BookingDesk;
  observe?: HandoffObserver;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each dialog has its own state and input types
export type AnyDialog = Dialog<any, any>;
export type DialogFactory = (services: DialogServices) => AnyDialog;

export const DIALOGS: readonly DialogFactory[] = [
  (s) => new AnswerDialog(s.speaker, s.knowledge),
  (s) => new HandoffDialog(s.handoff, s.speaker, s.observe),
  (s) => new RatingDialog(s.handoff, s.speaker),
  (s) => new CaseStatusDialog(s.cases, s.speaker, (text, lang) => s.router.topicOf(text, lang)),
  (s) =>
    new BookingDialog({
      desk: s.booking,
      ...dialogSpeech(s.speaker),
      topicTitle: (id, lang) => s.knowledge.topics.get(id)?.languages[lang].title,
      languageName: (code, lang) => s.speaker.languageName(code, lang),
      formatTime: (lang, date) => s.speaker.format.slot(lang, date),
    }),
  (s) =>
    new ScreenerDialog({
      screener: s.knowledge.screener,
      ...dialogSpeech(s.speaker),
      topic: (id, lang) => topicOf(s.knowledge, id, lang),
    }),
];

function dialogSpeech(speaker: Speaker) {
  return {
    say: (lang: Parameters<Speaker['say']>[0], key: string, values?: Record<string, unknown>) =>
      speaker.say(lang, key, values),
    list: (lang: Parameters<Speaker['list']>[0], key: string) => speaker.list(lang, key),
    isCommand: (lang: Parameters<Speaker['isCommand']>[0], key: string, text: string) =>
      speaker.isCommand(lang, key, text),
  };
}

function topicOf(knowledge: Knowledge, id: string, lang: Parameters<Speaker['say']>[0]) {
  const t = knowledge.topics.get(id);
  return t && { title: t.languages[lang].title, answer: t.languages[lang].answer, link: t.link };
}
