/**
 * `npm run --silent classify`: JSON Lines in (`{"text": "...", "locale": "pl", "history": ["..."]}`), one routing
 * decision per line out, in order, exactly as ROUTES.md specifies. Nothing else goes to stdout;
 * a bad input line gets `{"error": "..."}` on its line so the output stays aligned.
 */
import { createInterface } from 'node:readline';
import { languageFromLocale } from '../shared/languages.ts';
import type { Decision } from '../understanding/router.ts';
import { loadOrExit } from './load.ts';

/** The public output format of ROUTES.md. */
export function classifyOutput(decision: Decision): Record<string, unknown> {
  const out: Record<string, unknown> = { route: decision.route };
  if (decision.facet) out.facet = decision.facet;
  if (decision.referral) out.referral = decision.referral;
  if (decision.emergency) out.emergency = decision.emergency;
  if (decision.confirm) out.confirm = true;
  out.lang = decision.lang;
  out.score = Math.round(decision.score * 1000) / 1000;
  if (decision.route === 'clarify') out.candidates = decision.candidates ?? [];
  return out;
}

// A reader that stops early (`| head`) is not an error: stop writing, quietly.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

async function main() {
  const { router } = loadOrExit();
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line.trim()) continue;
    let result: Record<string, unknown>;
    try {
      const input = JSON.parse(line) as { text?: unknown; locale?: unknown; history?: unknown };
      if (typeof input.text !== 'string') throw new Error('"text" must be a string');
      if (input.locale !== undefined && input.locale !== null && typeof input.locale !== 'string')
        throw new Error('"locale" must be a string');
      const history = input.history ?? [];
      if (!Array.isArray(history) || history.length > 50 || !history.every((h) => typeof h === 'string'))
        throw new Error('"history" must be a list of at most 50 earlier user messages (strings), oldest first');
      const lang = languageFromLocale(input.locale as string | undefined);
      // The conversation's topic from its earlier messages, as the bot keeps it.
      const topic = router.contextTopic(history as string[], lang);
      result = classifyOutput(router.route(input.text, { lang, ...(topic ? { topic } : {}) }));
    } catch (err) {
      result = { error: (err as Error).message };
    }
    process.stdout.write(`${JSON.stringify(result)}\n`);
  }
}

await main();
