/**
 * The agent's side of handoffs and bookings, as the agent console shows them: the queue in the
 * order an agent should take it, one conversation's transcript, knowledge answers in the user's
 * language (the same text the bot sends), and an office's bookings of a day. Who may read or
 * write a conversation is decided here; the HTTP routes only turn a refusal into a status.
 */
import type { Knowledge } from '../knowledge/index.ts';
import { isSupportedLanguage, textDirection } from '../shared/languages.ts';
import { maskPii } from '../shared/pii.ts';
import type { HandoffRecord, Store } from '../store/index.ts';
import type { Agent } from './agents.ts';
import { topicAnswer } from './answers.ts';
import type { BookingRecord, BookingService } from './booking.ts';
import type { LocalDate } from './calendar.ts';
import type { HandoffService } from './handoff.ts';

export const OUTCOMES = ['resolved', 'referred', 'meeting', 'callback', 'no-response', 'other'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** A handoff as an agent sees it. */
export interface HandoffView {
  id: string;
  status: HandoffRecord['status'];
  reason: string;
  lang: string;
  /** The direction of the user's language ('auto' for a language the bot does not support). */
  dir: 'ltr' | 'rtl' | 'auto';
  interpreter: boolean;
  priority: number;
  summary: string;
  context: Record<string, unknown>;
  agentName: string | null;
  mine: boolean;
  speaksLanguage: boolean;
  position?: number;
  waitingSeconds: number;
  userGone: boolean;
}

export interface TranscriptLine {
  seq: number;
  from: 'user' | 'agent' | 'bot';
  name: string;
  text: string;
  timestamp: unknown;
}

export interface TranscriptView {
  handoff: HandoffView;
  activities: TranscriptLine[];
  /** Pass back as `after` to get only what is new. */
  watermark: number;
}

/** One booking in an office's day list (and a row of its CSV export). */
export interface BookingRow {
  reference: string;
  time: string;
  start: string;
  minutes: number;
  topic: string;
  language: string;
  interpreter: string | null;
  status: BookingRecord['status'];
  cancelReason: string | null;
}

export const BOOKING_COLUMNS = [
  'reference',
  'time',
  'start',
  'minutes',
  'topic',
  'language',
  'interpreter',
  'status',
  'cancelReason',
] as const satisfies readonly (keyof BookingRow)[];

/**
 * Why the desk said no: no such handoff; another agent's conversation (to read); not open with
 * this agent (to write); already taken by someone else; no such knowledge topic.
 */
export type Refusal = { refused: 'not-found' | 'not-yours' | 'not-open' | 'taken' | 'unknown-topic' };

const refuse = (refused: Refusal['refused']): Refusal => ({ refused });

export function isRefusal(value: unknown): value is Refusal {
  return typeof value === 'object' && value !== null && 'refused' in value;
}

export interface AgentDeskOptions {
  store: Store;
  handoff: HandoffService;
  booking: BookingService;
  knowledge: Knowledge;
  /** Seconds without a poll after which the console shows the user as gone. */
  userTimeoutSeconds: number;
}

const TIME = new Intl.DateTimeFormat('nb-NO', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Oslo' });

export class AgentDesk {
  constructor(private readonly o: AgentDeskOptions) {}

  view(h: HandoffRecord & { position?: number }, agent: Agent): HandoffView {
    return {
      id: h.id,
      status: h.status,
      reason: h.reason,
      lang: h.lang,
      dir: isSupportedLanguage(h.lang) ? textDirection(h.lang) : 'auto',
      interpreter: h.interpreter,
      priority: h.priority,
      summary: h.summary,
      context: h.context,
      agentName: h.agentName,
      mine: h.agentId === agent.id,
      speaksLanguage: agent.languages.includes(h.lang),
      position: h.position,
      waitingSeconds: Math.max(0, Math.round((Date.now() - h.queuedAt.getTime()) / 1000)),
      userGone: !!h.userSeenAt && Date.now() - h.userSeenAt.getTime() > this.o.userTimeoutSeconds * 1000,
    };
  }

  /** Open handoffs: priority first (emergency is 0); within one priority, the agent's languages, then the longest wait. */
  async queue(agent: Agent): Promise<HandoffView[]> {
    const open = await this.o.store.handoffs.listOpen();
    return open
      .map((h) => this.view(h, agent))
      .sort(
        (a, b) =>
          a.priority - b.priority ||
          Number(b.speaksLanguage) - Number(a.speaksLanguage) ||
          b.waitingSeconds - a.waitingSeconds,
      );
  }

  async claim(id: string, agent: Agent): Promise<HandoffView | Refusal> {
    const claimed = await this.o.handoff.claim(id, { id: agent.id, name: agent.name });
    if (claimed) return this.view(claimed, agent);
    return (await this.o.store.handoffs.get(id)) ? refuse('taken') : refuse('not-found');
  }

  /** The agent's conversation's messages after `after` (an agent reading it counts as present). */
  async transcript(id: string, agent: Agent, after: number): Promise<TranscriptView | Refusal> {
    const h = await this.o.store.handoffs.get(id);
    if (!h) return refuse('not-found');
    if (h.agentId !== agent.id) return refuse('not-yours');
    if (h.status === 'active') await this.o.store.handoffs.touchAgent(h.id, agent.id);
    const rows = await this.o.store.conversations.listAfter(h.conversationId, after);
    const activities = rows
      .filter((r) => r.activity.type === 'message')
      .map((r): TranscriptLine => ({
        seq: r.seq,
        from: r.activity.from?.role === 'user' ? 'user' : r.activity.from?.id?.startsWith('agent:') ? 'agent' : 'bot',
        name: r.activity.from?.name ?? '',
        text: r.activity.text ?? '',
        timestamp: r.activity.timestamp,
      }));
    return { handoff: this.view(h, agent), activities, watermark: rows.at(-1)?.seq ?? after };
  }

  /** The handoff when it is open with this agent: only then may the agent write to the user. */
  async ownActive(id: string, agent: Agent): Promise<HandoffRecord | Refusal> {
    const h = await this.o.store.handoffs.get(id);
    if (!h) return refuse('not-found');
    if (h.status !== 'active' || h.agentId !== agent.id) return refuse('not-open');
    return h;
  }

  async sendMessage(h: HandoffRecord, agent: Agent, text: string): Promise<void> {
    await this.o.handoff.sendFromAgent(h, { id: agent.id, name: agent.name }, text);
  }

  /**
   * Sends a topic's reviewed answer, as the bot would write it: in the user's language when the
   * bot supports it, else in the language the bot answered in.
   */
  async sendKnowledge(
    h: HandoffRecord,
    agent: Agent,
    topicId: string | undefined,
  ): Promise<{ lang: string } | Refusal> {
    const topic = topicId ? this.o.knowledge.topics.get(topicId) : undefined;
    if (!topic) return refuse('unknown-topic');
    const lang = [h.lang, h.context.answerLanguage].find(isSupportedLanguage) ?? 'nb';
    const answer = topicAnswer(topic, lang);
    await this.o.handoff.sendFromAgent(h, { id: agent.id, name: agent.name }, `${answer.title}\n\n${answer.text}`);
    return { lang };
  }

  /** Ends the agent's conversation; the note is masked like everything stored. */
  async end(id: string, agent: Agent, outcome: Outcome, note: string | undefined): Promise<HandoffView | Refusal> {
    const ended = await this.o.handoff.end(id, agent.id, outcome, note ? maskPii(note).text : '');
    return ended ? this.view(ended, agent) : refuse('not-open');
  }

  /** The topics an agent can send, with the Norwegian text the agent previews. */
  topics(): { id: string; title: string; answer: string; link: string }[] {
    const topics = [...this.o.knowledge.topics.values()].map((t) => ({
      id: t.id,
      title: t.languages.nb.title,
      answer: t.languages.nb.answer,
      link: t.link,
    }));
    return topics.sort((a, b) => a.title.localeCompare(b.title, 'nb'));
  }

  offices(): { id: string; name: string }[] {
    return this.o.knowledge.offices.offices.map((x) => ({ id: x.id, name: x.name }));
  }

  hasOffice(id: string): boolean {
    return !!this.o.booking.office(id);
  }

  async bookingsOn(officeId: string, day: LocalDate): Promise<BookingRow[]> {
    return (await this.o.booking.onDay(officeId, day)).map((b) => ({
      reference: b.reference,
      time: TIME.format(b.slotStart),
      start: b.slotStart.toISOString(),
      minutes: b.slotMinutes,
      topic: b.topic,
      language: b.lang,
      interpreter: b.interpreterLang,
      status: b.status,
      cancelReason: b.cancelReason,
    }));
  }

  /** Cancels a booking for the person; the reason is masked like everything stored. */
  async cancelBooking(reference: string, reason: string): Promise<BookingRecord | undefined> {
    return this.o.booking.cancel(reference, maskPii(reason).text);
  }
}
