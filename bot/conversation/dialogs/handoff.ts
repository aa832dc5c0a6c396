/**
 * Handoff to a person: the request (queued, taken at once, or closed with what else to do), the
 * queue place while the user waits, cancelling, and what the handoff service reports (accepted,
 * back in the queue, completed, failed). The agent hub hears of it through the standard
 * handoff.initiate event, with the stored transcript.
 */
import { EventFactory, MessageFactory, type Activity, type TurnContext } from 'botbuilder';
import type { ReasonCode } from '../../knowledge/schemas.ts';
import type { HandoffStatusValue, QueueStatus } from '../../services/handoff.ts';
import type { Lang } from '../../shared/languages.ts';
import type { HandoffDesk } from '../handoffDesk.ts';
import type { Speaker } from '../speaker.ts';
import type { Dialog, DialogStep, DialogTurn } from './dialog.ts';

export interface HandoffState {
  id: string;
  status: 'queued' | 'active';
  agentName?: string;
}

export type HandoffInput =
  /** `lang` of the step: the language the user wrote the request in (what happens next is said in it, and the agent told). */
  | { kind: 'request'; reason: ReasonCode; caseRef?: string }
  | { kind: 'cancel' }
  /** A message while queued: the place in the queue again. */
  | { kind: 'waiting'; position?: number; minutes?: number }
  | { kind: 'status'; value: HandoffStatusValue }
  | { kind: 'position'; position?: number; minutes?: number };

export interface HandoffObserver {
  handoff?(reason: ReasonCode, outcome: 'queued' | 'unavailable' | 'active'): void;
}

type Step = DialogStep<HandoffState>;

export class HandoffDialog implements Dialog<HandoffState, HandoffInput> {
  readonly id = 'handoff';

  constructor(
    private readonly desk: HandoffDesk,
    private readonly speaker: Speaker,
    private readonly observe?: HandoffObserver,
  ) {}

  start(): HandoffInput {
    return { kind: 'request', reason: 'user-request' };
  }

  /** The conversation's open handoff, checked against the store (an agent may have ended it elsewhere). */
  async open(
    state: HandoffState | undefined,
    conversationId: string,
  ): Promise<{ state?: HandoffState; status?: QueueStatus }> {
    if (!state) return {};
    const status = await this.desk.status(conversationId);
    if (!status) return {};
    const { id, agentName } = status.handoff;
    const current =
      status.handoff.status === state.status
        ? state
        : { id, status: status.handoff.status as HandoffState['status'], agentName: agentName ?? undefined };
    return { state: current, status };
  }

  async step(lang: Lang, state: HandoffState | undefined, input: HandoffInput, turn: DialogTurn): Promise<Step> {
    const say = (key: string, values?: Record<string, unknown>) => this.speaker.say(lang, key, values);
    const waiting = (key: string, values: Record<string, unknown>): Step => ({
      state,
      replies: [MessageFactory.suggestedActions([this.speaker.cancelButton(lang)], say(key, values))],
    });
    switch (input.kind) {
      case 'request':
        return this.request(lang, input.reason, input.caseRef, turn);
      case 'cancel':
        await this.desk.cancel(turn.conversationId);
        return {
          replies: [{ type: 'message', text: say('handoff:cancelled') }],
          effects: [{ kind: 'route', route: 'handoff-cancel' }],
        };
      case 'waiting':
        return {
          ...waiting('handoff:stillWaiting', {
            position: input.position,
            minutes: this.speaker.minutes(lang, input.minutes ?? 1),
          }),
          effects: [{ kind: 'route', route: 'handoff-queued' }],
        };
      case 'position':
        if (state?.status !== 'queued' || !input.position) return { state, replies: [] };
        return waiting('handoff:position', {
          position: input.position,
          minutes: this.speaker.minutes(lang, input.minutes ?? 1),
        });
      case 'status':
        return this.status(lang, state, input.value);
    }
  }

  private status(lang: Lang, state: HandoffState | undefined, value: HandoffStatusValue): Step {
    const say = (key: string, values?: Record<string, unknown>) => this.speaker.say(lang, key, values);
    const id = value.handoffId ?? state?.id ?? '';
    switch (value.state) {
      case 'accepted':
        return {
          state: { id, status: 'active', agentName: value.agentName },
          replies: [{ type: 'message', text: say('handoff:accepted', { name: value.agentName ?? '' }) }],
        };
      case 'requeued':
        return {
          state: { id, status: 'queued' },
          replies: [
            MessageFactory.suggestedActions(
              [this.speaker.cancelButton(lang)],
              say('handoff:agentLost', { position: value.position ?? 1 }),
            ),
          ],
        };
      case 'completed':
        return {
          replies: [{ type: 'message', text: say('handoff:ended') }],
          effects: [
            { kind: 'profile', change: { fallbacks: 0 } },
            { kind: 'start', dialog: 'rating' },
          ],
        };
      case 'failed':
        return { replies: [{ type: 'message', text: say('handoff:failed') }] };
    }
  }

  /** Queues the conversation for a person (and tells an agent hub), or says what else to do. */
  private async request(lang: Lang, reason: ReasonCode, caseRef: string | undefined, turn: DialogTurn): Promise<Step> {
    const profile = turn.profile ?? {};
    const interpreter = reason === 'interpreter' || reason === 'language';
    // The interpreter language: the user's own, which the bot may not write.
    const interpreterLang = reason === 'language' && profile.unsupportedLang ? profile.unsupportedLang : lang;
    const seen = profile.seen ?? { routes: [], clarifications: 0, notUnderstood: 0 };
    const outcome = await this.desk.request({
      conversationId: turn.conversationId,
      channel: turn.activity?.channelId,
      userId: turn.activity?.from?.id,
      reason,
      lang: interpreterLang,
      answerLang: lang,
      interpreter,
      routes: seen.routes.filter((r) => r !== 'human'),
      clarifications: seen.clarifications,
      notUnderstood: seen.notUnderstood,
      ...(caseRef ? { extra: { caseReference: caseRef } } : {}),
    });
    if (outcome.status !== 'queued' || outcome.created) this.observe?.handoff?.(reason, outcome.status);
    const say = (key: string, values?: Record<string, unknown>) => this.speaker.say(lang, key, values);
    if (outcome.status === 'unavailable') {
      const why =
        outcome.why === 'full'
          ? say('handoff:full')
          : outcome.nextOpening
            ? say('handoff:closed', { next: this.speaker.format.dateTime(lang, outcome.nextOpening) })
            : say('handoff:closedNoTime');
      const alternatives = MessageFactory.suggestedActions(
        [this.speaker.routeButton(lang, 'booking')],
        `${why}\n\n${say('handoff:alternatives')}`,
      );
      return { replies: [await this.initiation(turn, outcome.context), alternatives] };
    }
    const { handoff } = outcome;
    if (outcome.status === 'active')
      return {
        state: { id: handoff.id, status: 'active', agentName: handoff.agentName ?? undefined },
        replies: [{ type: 'message', text: say('handoff:accepted', { name: handoff.agentName ?? '' }) }],
      };
    const text = [
      say('handoff:queued', { position: outcome.position, minutes: this.speaker.minutes(lang, outcome.minutes) }),
    ];
    if (interpreter) text.push(say('handoff:queuedInterpreter'));
    return {
      state: { id: handoff.id, status: 'queued' },
      replies: [
        ...(outcome.created ? [await this.initiation(turn, { ...handoff.context, handoffId: handoff.id })] : []),
        MessageFactory.suggestedActions([this.speaker.cancelButton(lang)], text.join('\n\n')),
      ],
      effects: [{ kind: 'profile', change: { fallbacks: 0 } }],
    };
  }

  /** The standard handoff.initiate event, with the stored transcript and this turn's activity. */
  private async initiation(turn: DialogTurn, handoffContext: Record<string, unknown>): Promise<Partial<Activity>> {
    const activity = turn.activity!;
    const transcript = [...(await this.desk.transcript(turn.conversationId))];
    if (!transcript.some((a) => a.id && a.id === activity.id)) transcript.push(activity);
    return EventFactory.createHandoffInitiation({ activity } as TurnContext, handoffContext, {
      activities: transcript as Activity[],
    });
  }
}
