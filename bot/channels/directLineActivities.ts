/**
 * Direct Line activities at the edge: the protocol's errors, what a client may post (validated,
 * values kept only when small), ids, and the server-only markers removed before clients see them.
 */
import { ActivityTypes, type Activity, type ConversationAccount } from 'botbuilder';
import { CHANNEL_MASKED_KEY, CHANNEL_ORIGIN_KEY } from '../conversation/middleware.ts';
import { HttpError } from './http.ts';

export type DirectLineProblem = 'bad-request' | 'forbidden' | 'not-found';

const STATUS: Record<DirectLineProblem, [number, string]> = {
  'bad-request': [400, 'BadArgument'],
  forbidden: [403, 'TokenExpiredOrInvalid'],
  'not-found': [404, 'ConversationNotFound'],
};

/** A Direct Line protocol error: its status and code are the ones Direct Line clients expect. */
export class DirectLineError extends HttpError {
  constructor(
    readonly problem: DirectLineProblem,
    message: string,
  ) {
    super(STATUS[problem][0], STATUS[problem][1], message);
    this.name = 'DirectLineError';
  }
}

const CLIENT_TYPES = new Set<string>([
  ActivityTypes.Message,
  ActivityTypes.Event,
  ActivityTypes.Typing,
  ActivityTypes.EndOfConversation,
]);
export const MAX_TEXT = 20_000; // far above the bot's own limit; anything longer is cut before storing

export const conversationRef = (id: string) => ({ id }) as ConversationAccount;

export function activityId(conversationId: string, seq: number): string {
  return `${conversationId}|${String(seq).padStart(7, '0')}`;
}

export function clean<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** Server-only markers never go back to clients. */
export function withoutServerData(activity: Partial<Activity>): Partial<Activity> {
  const data = activity.channelData as Record<string, unknown> | undefined;
  if (!data || !(CHANNEL_MASKED_KEY in data || CHANNEL_ORIGIN_KEY in data)) return activity;
  const { [CHANNEL_MASKED_KEY]: _masked, [CHANNEL_ORIGIN_KEY]: _origin, ...rest } = data;
  return { ...activity, channelData: rest };
}

export function validateClientActivity(body: unknown): Partial<Activity> {
  if (!body || typeof body !== 'object' || Array.isArray(body))
    throw new DirectLineError('bad-request', 'The body must be an activity object.');
  const activity = body as Partial<Activity>;
  if (typeof activity.type !== 'string' || !CLIENT_TYPES.has(activity.type))
    throw new DirectLineError('bad-request', `The activity type must be one of: ${[...CLIENT_TYPES].join(', ')}.`);
  if (activity.text !== undefined && typeof activity.text !== 'string')
    throw new DirectLineError('bad-request', 'The text must be a string.');
  if (activity.type === ActivityTypes.Event && typeof activity.name !== 'string')
    throw new DirectLineError('bad-request', 'An event needs a name.');
  return activity;
}

/**
 * A button's value (messageBack) or an event's value, kept when it is small: the bot reads ids
 * from it, never free text, and a transcript should not grow by what a client chooses to send.
 */
export function smallValue(value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  const json = JSON.stringify(value);
  return json !== undefined && json.length <= 2048 ? value : undefined;
}
