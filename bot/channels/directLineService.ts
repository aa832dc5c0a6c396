/**
 * The built-in Direct Line: conversations, the activity list clients poll, and turns run through
 * an in-process CloudAdapter. Everything lives in the store, so any instance can serve any poll
 * and nothing is lost on restart. HTTP is in directLineRoutes.ts; the terminal chat uses this too.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import {
  ActivityTypes,
  CloudAdapter,
  type Activity,
  type ActivityHandler,
  type ResourceResponse,
  type TurnContext,
} from 'botbuilder';
import { maskPii } from '../shared/pii.ts';
import { CHANNEL_INTERNAL_KEY, CHANNEL_MASKED_KEY, CHANNEL_ORIGIN_KEY } from '../conversation/middleware.ts';
import type { ConversationChannel } from '../services/handoff.ts';
import type { ConversationService } from '../services/conversations.ts';
import { DIRECT_LINE_SERVICE_URL, InProcessAuthentication } from './inProcessConnector.ts';
import {
  DirectLineError,
  MAX_TEXT,
  activityId,
  clean,
  conversationRef,
  smallValue,
  validateClientActivity,
  withoutServerData,
} from './directLineActivities.ts';

import { TokenError, type TokenClaims, type TokenService } from './tokens.ts';

export const CHANNEL_ID = 'directline';
export const BOT_ACCOUNT = { id: 'veiviser', name: 'Veiviser', role: 'bot' } as const;

export interface ConversationGrant {
  conversationId: string;
  token: string;
  expires_in: number;
}

export interface ActivitySet {
  activities: Partial<Activity>[];
  watermark: string;
}

const USER_SEEN_EVERY_MS = 10_000; // a poll records the user as present at most this often

export class DirectLineService implements ConversationChannel {
  readonly adapter: CloudAdapter;
  private readonly auth: InProcessAuthentication;
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly userSeen = new Map<string, number>();
  /** Contact numbers an agent may write without them being masked (the agency's own). */
  private readonly publicNumbers: string[];

  constructor(
    private readonly conversations: ConversationService,
    private readonly tokens: TokenService,
    private readonly bot: ActivityHandler,
    options: { publicNumbers?: string[] } = {},
  ) {
    this.publicNumbers = options.publicNumbers ?? [];
    this.auth = new InProcessAuthentication((conversationId, activity) => this.deliver(conversationId, activity));
    this.adapter = new CloudAdapter(this.auth);
  }

  /** A new conversation and a token bound to it (tokens/generate). */
  async createConversation(
    options: { userId?: string; locale?: string; identity?: { personId: string; expiresAt: Date } } = {},
  ): Promise<ConversationGrant> {
    const conversationId = `${randomBytes(12).toString('base64url')}`;
    const userId = options.userId ?? `dl_${randomUUID()}`;
    await this.conversations.create({
      id: conversationId,
      channel: CHANNEL_ID,
      userId,
      locale: options.locale ?? null,
      identity: options.identity,
    });
    return this.grant({ conversationId, userId });
  }

  /** Checks a bearer token; with `conversationId`, also that the token belongs to it. */
  async authorize(token: string | undefined, conversationId?: string): Promise<TokenClaims> {
    if (!token) throw new DirectLineError('forbidden', 'A token is required (Authorization: Bearer <token>).');
    let claims: TokenClaims;
    try {
      claims = await this.tokens.verify(token);
    } catch (err) {
      if (err instanceof TokenError) throw new DirectLineError('forbidden', err.message);
      throw err;
    }
    if (conversationId !== undefined && claims.conversationId !== conversationId)
      throw new DirectLineError('forbidden', 'The token does not belong to this conversation.');
    const conversation = await this.conversations.get(claims.conversationId);
    if (!conversation || conversation.endedAt)
      throw new DirectLineError('not-found', 'The conversation does not exist or has ended.');
    return claims;
  }

  async refresh(claims: TokenClaims): Promise<ConversationGrant> {
    return this.grant(claims);
  }

  /** Starts the conversation once (the bot greets); later calls just resume it. */
  async start(claims: TokenClaims): Promise<{ grant: ConversationGrant; created: boolean }> {
    const created = await this.conversations.markStarted(claims.conversationId);
    if (created) {
      const conversation = await this.conversations.get(claims.conversationId);
      await this.runTurn(claims.conversationId, {
        type: ActivityTypes.ConversationUpdate,
        id: `${claims.conversationId}|start`,
        membersAdded: [{ id: claims.userId, name: '' }, { ...BOT_ACCOUNT }],
        from: { id: claims.userId, name: '', role: 'user' },
        locale: conversation?.locale ?? undefined,
      });
    }
    return { grant: await this.grant(claims), created };
  }

  /** Stores the user's activity (masked) so it is echoed to the client, then runs the turn. */
  async post(claims: TokenClaims, body: unknown, options: { origin?: string } = {}): Promise<ResourceResponse> {
    const incoming = validateClientActivity(body);
    if (incoming.type === ActivityTypes.Typing) return { id: `${claims.conversationId}|typing` };
    const masked =
      typeof incoming.text === 'string'
        ? maskPii(incoming.text.slice(0, MAX_TEXT), { keep: this.publicNumbers })
        : undefined;
    const clientData = (incoming.channelData ?? {}) as Record<string, unknown>;
    const channelData: Record<string, unknown> = {};
    if (typeof clientData.clientActivityID === 'string')
      channelData.clientActivityID = clientData.clientActivityID.slice(0, 100);
    if (typeof clientData.clientTimestamp === 'string')
      channelData.clientTimestamp = clientData.clientTimestamp.slice(0, 40);
    if (masked?.found.length) channelData[CHANNEL_MASKED_KEY] = masked.found;
    if (options.origin) channelData[CHANNEL_ORIGIN_KEY] = options.origin;

    const stored = await this.conversations.append(claims.conversationId, (seq) =>
      clean({
        type: incoming.type,
        id: activityId(claims.conversationId, seq),
        timestamp: new Date(),
        channelId: CHANNEL_ID,
        from: {
          id: claims.userId,
          name: typeof incoming.from?.name === 'string' ? incoming.from.name.slice(0, 100) : '',
          role: 'user',
        },
        conversation: conversationRef(claims.conversationId),
        recipient: { ...BOT_ACCOUNT },
        text: masked?.text,
        textFormat: masked ? 'plain' : undefined,
        locale: typeof incoming.locale === 'string' ? incoming.locale.slice(0, 20) : undefined,
        name: typeof incoming.name === 'string' ? incoming.name.slice(0, 100) : undefined,
        value:
          incoming.type === ActivityTypes.Event || incoming.type === ActivityTypes.Message
            ? smallValue(incoming.value)
            : undefined,
        channelData,
      }),
    );
    await this.runTurn(claims.conversationId, stored.activity);
    if (incoming.type === ActivityTypes.EndOfConversation) await this.conversations.end(claims.conversationId);
    return { id: stored.activity.id! };
  }

  /** Activities after the watermark (a sequence number), for polling clients. */
  async list(conversationId: string, watermark: string | undefined): Promise<ActivitySet> {
    await this.noteUserPresent(conversationId);
    if (watermark && !/^\d{1,15}$/.test(watermark))
      throw new DirectLineError('bad-request', 'The watermark must be a number from an earlier response.');
    const after = watermark ? Number(watermark) : 0;
    const rows = await this.conversations.listAfter(conversationId, after);
    const last = rows.at(-1)?.seq ?? after;
    return { activities: rows.map((r) => withoutServerData(r.activity)), watermark: String(last) };
  }

  /** A polling user is present; recorded at most every few seconds per conversation. */
  private async noteUserPresent(conversationId: string): Promise<void> {
    const now = Date.now();
    if (now - (this.userSeen.get(conversationId) ?? 0) < USER_SEEN_EVERY_MS) return;
    if (this.userSeen.size > 50_000) this.userSeen.clear();
    this.userSeen.set(conversationId, now);
    await this.conversations.userPresent(conversationId);
  }

  /** An event from our own server to the bot (never stored, never shown to the client). */
  async notify(conversationId: string, name: string, value: unknown): Promise<void> {
    const conversation = await this.conversations.get(conversationId);
    if (!conversation) return;
    await this.runTurn(conversationId, {
      type: ActivityTypes.Event,
      id: `${conversationId}|internal-${randomUUID()}`,
      name,
      value,
      from: { id: conversation.userId, name: '', role: 'user' },
      locale: conversation.locale ?? undefined,
      channelData: { [CHANNEL_INTERNAL_KEY]: true },
    });
  }

  /** A message from an agent, masked like everything stored, to the user's activity list. */
  async sendFromAgent(conversationId: string, agent: { id: string; name: string }, text: string): Promise<void> {
    const masked = maskPii(text.slice(0, MAX_TEXT), { keep: this.publicNumbers }).text;
    await this.conversations.append(conversationId, (seq) =>
      clean({
        type: ActivityTypes.Message,
        id: activityId(conversationId, seq),
        timestamp: new Date(),
        channelId: CHANNEL_ID,
        from: { id: `agent:${agent.id}`, name: agent.name, role: 'bot' },
        conversation: conversationRef(conversationId),
        recipient: { id: 'user', name: '', role: 'user' },
        text: masked,
        textFormat: 'plain',
        channelData: { veiviserAgent: true },
      }),
    );
  }

  /** Runs one turn; turns of one conversation never overlap in this process. */
  runTurn(conversationId: string, activity: Partial<Activity>): Promise<void> {
    const full = {
      ...activity,
      channelId: CHANNEL_ID,
      serviceUrl: DIRECT_LINE_SERVICE_URL,
      conversation: { id: conversationId },
      recipient: { ...BOT_ACCOUNT },
    } as Activity;
    const previous = this.queues.get(conversationId) ?? Promise.resolve();
    const next = previous
      .catch(() => {})
      .then(() =>
        this.adapter.processActivityDirect(this.auth.requestResult(), full, (ctx: TurnContext) => this.bot.run(ctx)),
      );
    this.queues.set(conversationId, next);
    void next
      .finally(() => {
        if (this.queues.get(conversationId) === next) this.queues.delete(conversationId);
      })
      .catch(() => {});
    return next;
  }

  /** Where the adapter's replies go: into the conversation's activity list. */
  private async deliver(conversationId: string, activity: Partial<Activity>): Promise<ResourceResponse> {
    // Web Chat holds back a reply to an activity it never saw (for 5 s): drop such replyToIds.
    const replyToId =
      activity.replyToId && (await this.conversations.hasActivity(conversationId, activity.replyToId))
        ? activity.replyToId
        : undefined;
    const stored = await this.conversations.append(conversationId, (seq) =>
      clean({
        ...activity,
        id: activityId(conversationId, seq),
        replyToId,
        timestamp: new Date(),
        channelId: CHANNEL_ID,
        serviceUrl: undefined,
        from: { ...BOT_ACCOUNT },
        conversation: conversationRef(conversationId),
      }),
    );
    return { id: stored.activity.id! };
  }

  private async grant(claims: TokenClaims): Promise<ConversationGrant> {
    const { token, expiresIn } = await this.tokens.issue(claims);
    return { conversationId: claims.conversationId, token, expires_in: expiresIn };
  }
}
