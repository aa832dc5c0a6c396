/** What the bot needs to tell a user about their cases (bot/services/cases.ts implements it). */
import type { CaseLookup } from '../services/cases.ts';

export interface CaseDesk {
  /** The cases of the verified person bound to the conversation; never from message text. */
  lookup(conversationId: string): Promise<CaseLookup>;
}
