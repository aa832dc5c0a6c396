/** Middleware every channel shares: personal data masking first, then one log line per turn. */
import type { Middleware, TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import { maskPii, type PiiKind } from '../shared/pii.ts';
import { getRoute, PII_KEY } from './turnState.ts';

/** channelData key a trusted channel (our Direct Line) uses to say it already masked the text. */
export const CHANNEL_MASKED_KEY = 'veiviserPiiMasked';
/** channelData key our Direct Line sets to the page's origin, so the bot can write absolute links to this server. */
export const CHANNEL_ORIGIN_KEY = 'veiviserOrigin';
/** channelData key our own server sets on events it sends the bot (handoff status, queue place); clients cannot set it. */
export const CHANNEL_INTERNAL_KEY = 'veiviserInternal';

/**
 * Masks national identity numbers, account and phone numbers and e-mail addresses in the
 * incoming text before anything else sees it, and remembers which kinds it found.
 */
export class PiiMaskingMiddleware implements Middleware {
  /** `keep`: the agency's own public numbers, which a user may type without them being masked. */
  constructor(private readonly keep: readonly string[] = []) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const activity = context.activity;
    const found = new Set<PiiKind>();
    const already = (activity.channelData as Record<string, unknown> | undefined)?.[CHANNEL_MASKED_KEY];
    if (Array.isArray(already)) for (const k of already) found.add(k as PiiKind);
    if (typeof activity.text === 'string' && activity.text) {
      const masked = maskPii(activity.text, { keep: this.keep });
      activity.text = masked.text;
      for (const k of masked.found) found.add(k);
    }
    context.turnState.set(PII_KEY, [...found]);
    await next();
  }
}

export interface TurnObserver {
  (channel: string, seconds: number, route: string): void;
}

/** One structured line per turn: conversation, channel, route, latency. Never the text. */
export class TurnLogMiddleware implements Middleware {
  constructor(
    private readonly logger: Logger,
    private readonly observe?: TurnObserver,
  ) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const started = process.hrtime.bigint();
    let failed = false;
    try {
      await next();
    } catch (err) {
      failed = true;
      throw err;
    } finally {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = getRoute(context);
      const channel = context.activity.channelId ?? 'unknown';
      this.observe?.(channel, seconds, route);
      this.logger.info(
        {
          conversationId: context.activity.conversation?.id,
          channel,
          type: context.activity.type,
          route,
          latencyMs: Math.round(seconds * 1000 * 10) / 10,
          failed,
        },
        'turn',
      );
    }
  }
}
