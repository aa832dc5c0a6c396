/** The real bot, real locales and content, on a TestAdapter with the production middleware. */
import { ConversationState, MemoryStorage, TestAdapter } from 'botbuilder';
import { GuidanceBot, type GuidanceBotDeps } from '../../bot/conversation/guidanceBot.ts';
import { PiiMaskingMiddleware } from '../../bot/conversation/middleware.ts';
import { createTranslator } from '../../bot/knowledge/locales.ts';
import { loadContentBuild } from '../../bot/knowledge/build.ts';
import { DEFAULT_PATHS } from '../../bot/server.ts';
import { openStore, type Store } from '../../bot/store/index.ts';
import { HandoffService } from '../../bot/services/handoff.ts';
import { CaseService, DemoCaseProvider, type CaseProvider } from '../../bot/services/cases.ts';
import { BookingService } from '../../bot/services/booking.ts';
import type { Lang } from '../../bot/shared/languages.ts';

export const translator = createTranslator(DEFAULT_PATHS.localesDir);
// The same build the test apps' createApp uses: built once per worker while the content is unchanged.
export const { knowledge, router } = loadContentBuild(DEFAULT_PATHS);
export const contact = knowledge.contact;

/** A locale string with the contact values filled in, exactly as the bot says it (counts of minutes and characters in words, as the bot writes them). */
export function say(lang: Lang, key: string, values: Record<string, unknown> = {}): string {
  const counted = (name: string, noun: string) =>
    typeof values[name] === 'number'
      ? { [name]: translator.t(lang, `common:${noun}`, { count: values[name] as number }) }
      : {};
  values = {
    ...values,
    ...counted('minutes', 'minutes'),
    ...counted('length', 'characters'),
    ...counted('max', 'characters'),
  };
  return translator.t(lang, key, {
    phone: contact.phone,
    phoneFromAbroad: contact.phoneFromAbroad,
    opens: contact.phoneHours.opens,
    closes: contact.phoneHours.closes,
    writeUrl: contact.writeUrl,
    ...values,
  });
}

/** A Tuesday morning in Oslo: the chat with a person is open. */
export const OPEN_TIME = new Date('2026-12-01T09:30:00Z');
/** A Sunday: closed. */
export const CLOSED_TIME = new Date('2026-11-29T12:00:00Z');

/** One in-memory store for the conversation tests (each test bot has its own conversation id). */
export const testStore: Store = await openStore({ engine: 'pglite' });

export function handoffService(store: Store, now: () => Date = () => OPEN_TIME) {
  return new HandoffService(
    store,
    contact,
    knowledge.escalation,
    (id) => knowledge.topics.get(id)?.languages.nb.title,
    { agentTimeoutSeconds: 60, userTimeoutSeconds: 120 },
    undefined,
    now,
  );
}

let conversations = 0;

/** Binds a verified person to a test conversation, as tokens/generate does for a valid ID token. */
export async function loginAs(
  conversationId: string,
  personId: string,
  expiresAt = new Date(Date.now() + 3600_000),
): Promise<void> {
  await testStore.conversations.create({
    id: conversationId,
    channel: 'test',
    userId: 'user1',
    identity: { personId, expiresAt },
  });
}

export function testBot(
  locale?: string,
  options: { now?: () => Date; caseProvider?: CaseProvider; dialogs?: GuidanceBotDeps['dialogs'] } = {},
) {
  // The real service: conversations of other channels than our Direct Line are registered on their first handoff.
  const handoff = handoffService(testStore, options.now);
  const cases = new CaseService(testStore, options.caseProvider ?? new DemoCaseProvider(testStore));
  const booking = new BookingService(
    testStore,
    knowledge.offices,
    contact.holidays,
    't'.repeat(40),
    options.now ?? (() => OPEN_TIME),
  );
  const bot = new GuidanceBot({
    conversationState: new ConversationState(new MemoryStorage()),
    translator,
    contact,
    knowledge,
    router,
    handoff,
    cases,
    booking,
    now: options.now ?? (() => OPEN_TIME),
    dialogs: options.dialogs,
  });
  const conversation = { id: `test-${process.pid}-${++conversations}-${Date.now()}`, name: 'test' };
  const adapter = new TestAdapter((context) => bot.run(context), {
    ...(locale ? { locale } : {}),
    conversation,
  } as never);
  adapter.use(new PiiMaskingMiddleware());
  return { bot, adapter, handoff, conversationId: conversation.id };
}
