/** The buttons the bot shows: messageBack values, so a click never depends on matching its label. */
import { ActionTypes, type CardAction } from 'botbuilder';
import { REASON_CODES, type ReasonCode } from '../knowledge/schemas.ts';
import { ACTION_ROUTES, type Route } from '../understanding/model.ts';

/** What a button sends back (messageBack value), so a click never depends on matching its label. */
export type ButtonValue =
  | { veiviser: 'topic'; id: string }
  | { veiviser: 'norwegian'; id: string }
  | { veiviser: 'route'; route: Route }
  | { veiviser: 'none' }
  | { veiviser: 'person'; reason: ReasonCode; caseRef?: string }
  | { veiviser: 'cancelQueue' }
  | { veiviser: 'rating'; value: number }
  | { veiviser: 'screener'; question: string; option: string }
  | { veiviser: 'screener'; action: 'back' | 'restart' | 'stop' }
  | { veiviser: 'booking'; action: BookingAction; value?: string }
  | { veiviser: 'checkIn'; answer: CheckInAnswer };

export const CHECK_IN_ANSWERS = ['yes', 'no', 'person'] as const;
export type CheckInAnswer = (typeof CHECK_IN_ANSWERS)[number];

export const BOOKING_ACTIONS = [
  'office',
  'topic',
  'interpreter',
  'slot',
  'later',
  'confirm',
  'changeTime',
  'stop',
  'cancelBooking',
  'moveBooking',
  'confirmCancel',
  'keepBooking',
] as const;
export type BookingAction = (typeof BOOKING_ACTIONS)[number];

export function button(title: string, value: ButtonValue): CardAction {
  return { type: ActionTypes.MessageBack, title, displayText: title, text: title, value };
}

/** A button's value from an incoming activity, if it is one of ours and well-formed. */
export function buttonValue(value: unknown): ButtonValue | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const v = value as Record<string, unknown>;
  if ((v.veiviser === 'topic' || v.veiviser === 'norwegian') && typeof v.id === 'string')
    return { veiviser: v.veiviser, id: v.id };
  if (
    v.veiviser === 'route' &&
    typeof v.route === 'string' &&
    (ACTION_ROUTES.includes(v.route as never) || v.route.startsWith('topic:'))
  )
    return { veiviser: 'route', route: v.route as Route };
  if (v.veiviser === 'none') return { veiviser: 'none' };
  if (v.veiviser === 'person' && REASON_CODES.includes(v.reason as ReasonCode))
    return {
      veiviser: 'person',
      reason: v.reason as ReasonCode,
      ...(typeof v.caseRef === 'string' && /^[A-Z0-9-]{3,40}$/.test(v.caseRef) ? { caseRef: v.caseRef } : {}),
    };
  if (v.veiviser === 'cancelQueue') return { veiviser: 'cancelQueue' };
  if (v.veiviser === 'screener' && typeof v.question === 'string' && typeof v.option === 'string')
    return { veiviser: 'screener', question: v.question.slice(0, 40), option: v.option.slice(0, 40) };
  if (v.veiviser === 'booking' && BOOKING_ACTIONS.includes(v.action as BookingAction))
    return {
      veiviser: 'booking',
      action: v.action as BookingAction,
      ...(typeof v.value === 'string' ? { value: v.value.slice(0, 60) } : {}),
    };
  if (v.veiviser === 'screener' && (v.action === 'back' || v.action === 'restart' || v.action === 'stop'))
    return { veiviser: 'screener', action: v.action };
  if (v.veiviser === 'checkIn' && CHECK_IN_ANSWERS.includes(v.answer as CheckInAnswer))
    return { veiviser: 'checkIn', answer: v.answer as CheckInAnswer };
  if (v.veiviser === 'rating' && Number.isInteger(v.value) && (v.value as number) >= 1 && (v.value as number) <= 5)
    return { veiviser: 'rating', value: v.value as number };
  return undefined;
}
