/**
 * `npm run chat -- --lang pl`: talk to the same bot in the terminal, in-process, through the same
 * Direct Line service the web chat uses (an in-memory store unless DATABASE_URL is set).
 * Reads lines from standard input; a number clicks that button of the last reply; `/quit` or
 * end of input stops.
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import type { CardAction } from 'botbuilder';
import { loadConfigOrExit } from '../config.ts';
import { createLogger } from '../logger.ts';
import { createCore } from '../server.ts';
import { isSupportedLanguage, CHANNEL_LOCALE, SUPPORTED_LANGUAGES } from '../shared/languages.ts';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { lang: { type: 'string', default: 'nb' }, help: { type: 'boolean', default: false } },
  });
  if (values.help || !isSupportedLanguage(values.lang)) {
    process.stderr.write(`Usage: npm run chat -- [--lang ${SUPPORTED_LANGUAGES.join('|')}]\n`);
    return values.help ? 0 : 2;
  }
  const lang = values.lang;
  const config = loadConfigOrExit();
  // Logs go to stderr, and only warnings: the conversation owns stdout.
  const core = await createCore({ ...config, logLevel: 'warn' }, createLogger('warn', process.stderr as never), {
    inMemory: true,
  });
  const userId = 'dl_terminal';
  const grant = await core.directLine.createConversation({ userId, locale: lang });
  const claims = { conversationId: grant.conversationId, userId };
  let watermark = '0';
  // The buttons of the bot's last message: typing a button's number clicks it.
  let buttons: CardAction[] = [];
  const printNew = async () => {
    const set = await core.directLine.list(claims.conversationId, watermark);
    watermark = set.watermark;
    for (const a of set.activities) {
      if (a.from?.role !== 'bot' || a.type !== 'message') continue;
      process.stdout.write(`\nVeiviser: ${a.text ?? ''}\n`);
      const actions = a.suggestedActions?.actions ?? [];
      buttons = actions;
      if (actions.length) process.stdout.write(`  ${actions.map((x, i) => `[${i + 1}] ${x.title}`).join('  ')}\n`);
    }
  };
  await core.directLine.start(claims);
  await printNew();

  const interactive = process.stdin.isTTY;
  const rl = createInterface({
    input: process.stdin,
    output: interactive ? process.stdout : undefined,
    terminal: interactive,
  });
  if (interactive) rl.setPrompt('\n> ');
  if (interactive) rl.prompt();
  for await (const line of rl) {
    const text = line.trim();
    if (text === '/quit' || text === '/exit') break;
    const clicked = /^\d+$/.test(text) ? buttons[Number(text) - 1] : undefined;
    if (clicked) {
      // What Web Chat sends for a button: its value (messageBack) or its text (imBack).
      const value = clicked.type === 'messageBack' ? clicked.value : undefined;
      const said = clicked.type === 'messageBack' ? (clicked.text ?? clicked.title) : String(clicked.value);
      await core.directLine.post(claims, { type: 'message', text: said, value, locale: CHANNEL_LOCALE[lang] });
      await printNew();
    } else if (text) {
      await core.directLine.post(claims, { type: 'message', text, locale: CHANNEL_LOCALE[lang] });
      await printNew();
    }
    if (interactive) rl.prompt();
  }
  rl.close();
  await core.store.close();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    process.stderr.write(`chat failed: ${err.message}\n`);
    process.exit(1);
  },
);
