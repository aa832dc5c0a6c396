/**
 * Handoff to a person: whether someone can take the conversation now (opening hours, queue
 * capacity), the queue with its positions and estimated waits, the summary an agent reads, and
 * the agent's side (claim, reply, knowledge answers, end). What the user is told is the bot's
 * job: this service tells the bot through events (ConversationChannel.notify).
 */
import type { Activity } from 'botbuilder';
import type { Contact } from '../knowledge/contact.ts';
import type { Escalation, ReasonCode } from '../knowledge/schemas.ts';
import type { Store, HandoffRecord } from '../store/index.ts';
import { isOpen, nextOpening, type OpeningHours } from './calendar.ts';

/** Events the service sends the bot (as event activities marked internal by the channel). */
export const HANDOFF_STATUS_EVENT = 'handoff.status';
export const QUEUE_POSITION_EVENT = 'veiviser/queuePosition';

export interface HandoffStatusValue {
  state: 'accepted' | 'failed' | 'completed' | 'requeued';
  agentName?: string;
  position?: number;
  minutes?: number;
  handoffId?: string;
}

/** How the service reaches a conversation: the channel the user is on. */
export interface ConversationChannel {
  /** Runs a bot turn for an internal event (handoff.status, queue position). */
  notify(conversationId: string, name: string, value: unknown): Promise<void>;
  /** Appends a message from the agent to the conversation the user sees. */
  sendFromAgent(conversationId: string, agent: { id: string; name: string }, text: string): Promise<void>;
}

export interface HandoffRequest {
  conversationId: string;
  /** The channel and user, for conversations our Direct Line did not start. */
  channel?: string;
  userId?: string;
  reason: ReasonCode;
  /** The user's language: a supported code, or the detected unsupported one. */
  lang: string;
  /** The supported language the bot answers in (knowledge answers go out in it). */
  answerLang: string;
  interpreter: boolean;
  /** Routes seen in the conversation, oldest first. */
  routes: readonly string[];
  clarifications: number;
  notUnderstood: number;
  /** Extra context, such as a case reference. */
  extra?: Record<string, unknown>;
}

export type HandoffOutcome =
  | { status: 'queued'; handoff: HandoffRecord; position: number; minutes: number; created: boolean }
  | { status: 'active'; handoff: HandoffRecord }
  | { status: 'unavailable'; why: 'closed' | 'full'; nextOpening?: Date; context: Record<string, unknown> };

export interface QueueStatus {
  handoff: HandoffRecord;
  position?: number;
  minutes?: number;
}

export interface HandoffSettings {
  /** An agent not seen for this long loses the conversation back to the queue. */
  agentTimeoutSeconds: number;
  /** A user whose client has not polled for this long has left. */
  userTimeoutSeconds: number;
}

/** The one-line Norwegian summary an agent reads first ("Polskspråklig bruker spør om dagpenger, …"). */
export function handoffSummary(
  escalation: Escalation,
  topicTitleNb: (id: string) => string | undefined,
  r: Pick<HandoffRequest, 'reason' | 'lang' | 'interpreter' | 'routes' | 'notUnderstood'>,
): string {
  const p = escalation.summaryPhrases;
  const adjective = escalation.languageAdjectives[r.lang] ?? r.lang.toUpperCase();
  const topics = [...new Set(r.routes.filter((x) => x.startsWith('topic:')).map((x) => x.slice(6)))]
    .slice(-2)
    .map((id) => topicTitleNb(id))
    .filter((t): t is string => !!t)
    .map((t) => t.charAt(0).toLowerCase() + t.slice(1));
  const subject = `${adjective}${p.user}`;
  const parts = [
    topics.length ? `${subject} ${p.asksAbout} ${topics.join(` ${p.and} `)}` : `${subject} ${p.needsHelp}`,
  ];
  if (r.notUnderstood > 0 || r.reason === 'not-understood') parts.push(p.didNotUnderstand);
  if (r.interpreter) parts.push(p.wantsInterpreter);
  if (!['interpreter', 'not-understood'].includes(r.reason)) parts.push(escalation.reasons[r.reason]!.summary);
  return parts.join(', ');
}

export class HandoffService {
  constructor(
    private readonly store: Store,
    private readonly contact: Contact,
    private readonly escalation: Escalation,
    private readonly topicTitleNb: (id: string) => string | undefined,
    private readonly settings: HandoffSettings,
    private channel?: ConversationChannel,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The channel is created after the service (it runs the bot, which uses the service). */
  attach(channel: ConversationChannel): void {
    this.channel = channel;
  }

  get timeZone(): string {
    return this.contact.chat.timeZone;
  }

  async transcript(conversationId: string): Promise<Partial<Activity>[]> {
    return (await this.store.conversations.listAfter(conversationId, 0, 1000)).map((a) => a.activity);
  }

  get hours(): OpeningHours {
    return { timeZone: this.contact.chat.timeZone, hours: this.contact.chat.hours, holidays: this.contact.holidays };
  }

  /** Can a person take a new conversation now? */
  async availability(): Promise<
    { available: true } | { available: false; why: 'closed' | 'full'; nextOpening?: Date }
  > {
    const now = this.now();
    if (!isOpen(now, this.hours)) return { available: false, why: 'closed', nextOpening: nextOpening(now, this.hours) };
    if ((await this.store.handoffs.queuedCount()) >= this.contact.chat.maxQueue)
      return { available: false, why: 'full' };
    return { available: true };
  }

  /** Estimated minutes for a place in the queue, from recent waits (or the configured default). */
  async estimateMinutes(position: number): Promise<number> {
    return Math.max(1, Math.round((await this.minutesPerPlace()) * position));
  }

  private async minutesPerPlace(): Promise<number> {
    const recent = await this.store.handoffs.recentWaitSeconds();
    return recent !== undefined ? Math.max(1, recent / 60) : this.contact.chat.defaultWaitMinutes;
  }

  async request(r: HandoffRequest): Promise<HandoffOutcome> {
    if (r.channel && r.channel !== 'directline')
      await this.store.conversations.ensure({
        id: r.conversationId,
        channel: r.channel,
        userId: r.userId ?? 'unknown',
      });
    const open = await this.store.handoffs.openFor(r.conversationId);
    if (open?.status === 'active') return { status: 'active', handoff: open };
    const summary = handoffSummary(this.escalation, this.topicTitleNb, r);
    const context: Record<string, unknown> = {
      reason: r.reason,
      language: r.lang,
      answerLanguage: r.answerLang,
      interpreter: r.interpreter,
      routes: r.routes,
      clarifications: r.clarifications,
      notUnderstood: r.notUnderstood,
      summary,
      ...r.extra,
    };
    if (!open) {
      const availability = await this.availability();
      // No dead queue: the user gets the alternatives, and an external agent hub still learns of
      // the escalation (queued: false) to follow up its own way.
      if (!availability.available)
        return {
          status: 'unavailable',
          why: availability.why,
          nextOpening: availability.nextOpening,
          context: { ...context, queued: false, unavailable: availability.why },
        };
    }
    const { handoff, created } = await this.store.handoffs.enqueue({
      conversationId: r.conversationId,
      reason: r.reason,
      lang: r.lang,
      interpreter: r.interpreter,
      priority: this.escalation.reasons[r.reason]!.priority,
      summary,
      context: { ...context, queued: true },
    });
    const position = (await this.store.handoffs.position(handoff.id)) ?? 1;
    await this.store.handoffs.markNotified(handoff.id, position);
    return { status: 'queued', handoff, position, minutes: await this.estimateMinutes(position), created };
  }

  /** The conversation's open handoff, with its place in the queue when queued. */
  async status(conversationId: string): Promise<QueueStatus | undefined> {
    const handoff = await this.store.handoffs.openFor(conversationId);
    if (!handoff) return undefined;
    if (handoff.status !== 'queued') return { handoff };
    const position = (await this.store.handoffs.position(handoff.id)) ?? 1;
    return { handoff, position, minutes: await this.estimateMinutes(position) };
  }

  async cancel(conversationId: string): Promise<boolean> {
    return !!(await this.store.handoffs.close(conversationId, 'cancelled'));
  }

  async rate(conversationId: string, rating: number): Promise<boolean> {
    return this.store.handoffs.rate(conversationId, rating);
  }

  /** The user ended the conversation (or it was closed): the open handoff ends with it. */
  async userLeft(conversationId: string): Promise<void> {
    await this.store.handoffs.close(conversationId, 'abandoned');
  }

  // --- the agent's side -----------------------------------------------------------------

  async claim(id: string, agent: { id: string; name: string }): Promise<HandoffRecord | undefined> {
    const claimed = await this.store.handoffs.claim(id, agent);
    if (claimed)
      await this.notify(claimed.conversationId, HANDOFF_STATUS_EVENT, {
        state: 'accepted',
        agentName: agent.name,
        handoffId: id,
      });
    return claimed;
  }

  async sendFromAgent(handoff: HandoffRecord, agent: { id: string; name: string }, text: string): Promise<void> {
    if (!this.channel) throw new Error('no conversation channel attached');
    await this.channel.sendFromAgent(handoff.conversationId, agent, text);
    await this.store.handoffs.touchAgent(handoff.id, agent.id);
  }

  async end(id: string, agentId: string, outcome: string, note: string): Promise<HandoffRecord | undefined> {
    const ended = await this.store.handoffs.end(id, agentId, outcome, note);
    if (ended) await this.notify(ended.conversationId, HANDOFF_STATUS_EVENT, { state: 'completed', handoffId: id });
    return ended;
  }

  /**
   * One round of housekeeping, run by every instance on a timer: tell queued users their new
   * place, give conversations of vanished agents back to the queue, and close queue places of
   * users who left. Each change is claimed by one conditional UPDATE, so instances never repeat
   * one another.
   */
  async sweep(): Promise<{ notified: number; requeued: number; abandoned: number }> {
    // One estimate per round, not one query per waiting user.
    let perPlace: number | undefined;
    const minutes = async (position: number) =>
      Math.max(1, Math.round((perPlace ??= await this.minutesPerPlace()) * position));
    let requeued = 0;
    for (const h of await this.store.handoffs.agentsGone(this.settings.agentTimeoutSeconds)) {
      const back = await this.store.handoffs.requeue(h.id);
      if (!back) continue;
      requeued++;
      const position = (await this.store.handoffs.position(back.id)) ?? 1;
      await this.store.handoffs.markNotified(back.id, position);
      await this.notify(back.conversationId, HANDOFF_STATUS_EVENT, {
        state: 'requeued',
        position,
        minutes: await minutes(position),
        handoffId: back.id,
      });
    }
    let abandoned = 0;
    for (const h of await this.store.handoffs.usersGone(this.settings.userTimeoutSeconds)) {
      // A queued place is given up; an active conversation stays with its agent, who sees that
      // the user has gone quiet and decides.
      if (h.status === 'queued' && (await this.store.handoffs.close(h.conversationId, 'abandoned'))) abandoned++;
    }
    let notified = 0;
    for (const h of await this.store.handoffs.listOpen()) {
      if (h.status !== 'queued' || h.position === undefined) continue;
      if (!(await this.store.handoffs.markNotified(h.id, h.position))) continue;
      notified++;
      await this.notify(h.conversationId, QUEUE_POSITION_EVENT, {
        position: h.position,
        minutes: await minutes(h.position),
      });
    }
    return { notified, requeued, abandoned };
  }

  private async notify(
    conversationId: string,
    name: string,
    value: HandoffStatusValue | Record<string, unknown>,
  ): Promise<void> {
    const conversation = await this.store.conversations.get(conversationId);
    // Conversations of other channels are told by their own agent hub.
    if (!this.channel || !conversation || conversation.endedAt || conversation.channel !== 'directline') return;
    await this.channel.notify(conversationId, name, value);
  }
}
