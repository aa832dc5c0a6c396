/** Keys for values that middleware and the bot share during one turn. */
import type { TurnContext } from 'botbuilder';
import type { PiiKind } from '../shared/pii.ts';

export const ROUTE_KEY = Symbol('veiviser.route');
export const PII_KEY = Symbol('veiviser.piiFound');

/** What the turn was about, for logs and metrics. Never message text. */
export function setRoute(context: TurnContext, route: string): void {
  context.turnState.set(ROUTE_KEY, route);
}

export function getRoute(context: TurnContext): string {
  return (context.turnState.get(ROUTE_KEY) as string | undefined) ?? context.activity.type;
}

export function getPiiFound(context: TurnContext): PiiKind[] {
  return (context.turnState.get(PII_KEY) as PiiKind[] | undefined) ?? [];
}
