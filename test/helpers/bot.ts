/** The real bot, real locales and content, on a TestAdapter with the production middleware. */
import { ConversationState, MemoryStorage, TestAdapter } from 'botbuilder';
import { GuidanceBot } from '../../bot/conversation/guidanceBot.ts';
import { PiiMaskingMiddleware } from '../../bot/conversation/middleware.ts';
import { createTranslator } from '../../bot/knowledge/locales.ts';
import { loadKnowledge } from '../../bot/knowledge/index.ts';
import { Router } from '../../bot/understanding/router.ts';
import { DEFAULT_PATHS } from '../../bot/server.ts';
import type { Lang } from '../../bot/shared/languages.ts';

export const translator = createTranslator(DEFAULT_PATHS.localesDir);
export const knowledge = loadKnowledge(DEFAULT_PATHS);
export const contact = knowledge.contact;
export const router = new Router(knowledge.understanding);

/** A locale string with the contact values filled in, exactly as the bot says it. */
export function say(lang: Lang, key: string, values: Record<string, unknown> = {}): string {
  return translator.t(lang, key, {
    phone: contact.phone,
    phoneFromAbroad: contact.phoneFromAbroad,
    opens: contact.phoneHours.opens,
    closes: contact.phoneHours.closes,
    ...values,
  });
}

export function testBot(locale?: string) {
  const bot = new GuidanceBot({ conversationState: new ConversationState(new MemoryStorage()), translator, contact, knowledge, router });
  const adapter = new TestAdapter((context) => bot.run(context), locale ? { locale } : undefined);
  adapter.use(new PiiMaskingMiddleware());
  return { bot, adapter };
}
