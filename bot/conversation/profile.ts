/** What the bot keeps about one conversation between turns (conversation state, never message text except a pending check-in). */
import type { Decision } from '../understanding/router.ts';
import type { EmergencyKind } from '../understanding/model.ts';
import type { LanguageState } from './languagePolicy.ts';
import { FACET } from '../understanding/thresholds.ts';

/** What the conversation has been about, for the agent's summary. */
export interface Seen {
  routes: string[];
  clarifications: number;
  notUnderstood: number;
}

export interface ConversationProfile extends LanguageState {
  /** Fallbacks in a row. */
  fallbacks?: number;
  seen?: Seen;
  /** The last detected language the bot does not write: the interpreter language for a person or a meeting. */
  unsupportedLang?: string;
  /** The bot asked whether a message was an emergency; the message waits for the answer. */
  checkIn?: { kind: EmergencyKind; text: string };
  /** The kinds the user said were no emergency: not asked about again in this conversation. */
  checkedKinds?: EmergencyKind[];
  /** The state of each running dialog, by dialog id (handoff, rating, screener, booking…). */
  dialogs?: Record<string, unknown>;
  /** The topic (and facet) the conversation is on, for follow-ups that name none. */
  context?: TopicContext;
}

export interface TopicContext {
  topic: string;
  facet?: string;
  /** When it was last answered on (ISO). */
  at: string;
  /** Messages since, about something else. */
  turns: number;
}

/** The topic context after this decision: set by a topic answer, kept a few turns by others, gone after a while. */
export function nextContext(
  context: TopicContext | undefined,
  route: string,
  facet: string | undefined,
  now: Date,
): TopicContext | undefined {
  if (route.startsWith('topic:'))
    return { topic: route.slice('topic:'.length), ...(facet ? { facet } : {}), at: now.toISOString(), turns: 0 };
  if (!context || route === 'human' || route === 'emergency') return undefined;
  return context.turns + 1 >= FACET.contextTurns ? undefined : { ...context, turns: context.turns + 1 };
}

/** The topic follow-ups are about now, if the context is fresh. */
export function currentTopic(context: TopicContext | undefined, now: Date): string | undefined {
  if (!context) return undefined;
  const idle = (now.getTime() - Date.parse(context.at)) / 60_000;
  return idle >= 0 && idle <= FACET.contextMinutes ? context.topic : undefined;
}

/** Routes, clarifications and misunderstandings, for the agent's summary if it comes to that. */
export function remembered(
  profile: ConversationProfile,
  decision: Pick<Decision, 'kind' | 'route' | 'lang'>,
): Partial<ConversationProfile> {
  const seen = profile.seen ?? { routes: [], clarifications: 0, notUnderstood: 0 };
  return {
    seen: {
      routes: [...seen.routes, decision.route].slice(-20),
      clarifications: seen.clarifications + (decision.kind === 'clarify' ? 1 : 0),
      notUnderstood: seen.notUnderstood + (decision.kind === 'fallback' ? 1 : 0),
    },
    ...(decision.kind === 'language-help' ? { unsupportedLang: decision.lang } : {}),
  };
}

/** The profile as stored before dialogs kept their state under `dialogs` (a conversation open across the upgrade goes on). */
interface LegacyProfile extends ConversationProfile {
  handoff?: unknown;
  screener?: unknown;
  booking?: unknown;
  awaitingRating?: boolean;
}

/** A stored profile, in today's shape. */
export function storedProfile(stored: LegacyProfile): ConversationProfile {
  const { handoff, screener, booking, awaitingRating, ...profile } = stored;
  const legacy = { handoff, screener, booking, rating: awaitingRating ? { asked: true } : undefined };
  const moved = Object.entries(legacy).filter(([, state]) => state !== undefined);
  return moved.length ? { ...profile, dialogs: { ...Object.fromEntries(moved), ...profile.dialogs } } : profile;
}
