/**
 * The chat page in a real browser: the Web Chat bundle against our Direct Line, language
 * switching (with right-to-left Arabic), accessibility (axe-core) and the Content-Security-Policy.
 * Runs the system Chromium through playwright-core; screenshots go to test-results/.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { knowledge, say, translator } from '../helpers/bot.ts';
import { CONTENT_SECURITY_POLICY } from '../../bot/channels/pages.ts';
import type { Lang } from '../../bot/shared/languages.ts';
import { launchChromium, recordProblems, runAxe, violationLines, shownText, type PageProblem } from './browser.ts';

const RESULTS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'test-results');
const WAIT_MS = 10_000;

let t: TestApp | undefined;
let browser: Browser | undefined;
/** Why Chromium did not start; every test fails with it (a missing browser must never skip). */
let launchError: unknown;
const problems: PageProblem[] = [];
/** The Content-Security-Policy header each page was served with, by page label. */
const servedPolicy = new Map<string, string | undefined>();
const openPages: { context: BrowserContext; collect(): Promise<void> }[] = [];

beforeAll(async () => {
  mkdirSync(RESULTS_DIR, { recursive: true });
  t = await startTestApp();
  browser = await launchChromium().catch((err: unknown) => {
    launchError = err;
    return undefined;
  });
});

afterEach(async () => {
  for (const { context, collect } of openPages.splice(0)) {
    await collect().catch(() => {});
    await context.close();
  }
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

function chromium(): Browser {
  if (!browser) throw launchError;
  return browser;
}

/**
 * Opens the chat page in a fresh context (so no sessionStorage carries over). The browser is
 * Norwegian: headless Chromium would otherwise send Accept-Language: en-US and get English.
 */
async function openChat(label: string, options: { bypassCSP?: boolean } = {}): Promise<Page> {
  const context = await chromium().newContext({
    locale: 'nb-NO',
    viewport: { width: 1280, height: 800 },
    bypassCSP: options.bypassCSP ?? false,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(WAIT_MS);
  const recorder = await recordProblems(page, label, problems);
  openPages.push({ context, collect: recorder.collect });
  const response = await page.goto(`${t!.baseUrl}/`);
  expect(response?.status()).toBe(200);
  servedPolicy.set(label, response?.headers()['content-security-policy']);
  return page;
}

/** Web Chat's visible transcript (its screen-reader live region repeats every message). */
const transcript = (page: Page): Locator => page.getByRole('feed');
/** A bot message paragraph, exactly as the bot says it in `lang`. */
const botSays = (page: Page, lang: Lang, key: string): Locator => transcript(page).getByText(shownText(say(lang, key)));
/** The first paragraph of a topic's answer, as the transcript shows it. */
const answerShown = (page: Page, id: string, lang: Lang): Locator =>
  transcript(page).getByText(shownText(knowledge.topics.get(id)!.languages[lang].answer.split(/\n\s*\n/)[0]!));
const sendBox = (page: Page): Locator => page.locator('[data-id="webchat-sendbox-input"]');
const pageText = (lang: Lang, key: string) => translator.t(lang, `page:${key}`);
const documentLanguage = (page: Page) =>
  page.evaluate(() => ({ lang: document.documentElement.lang, dir: document.documentElement.dir }));

/** Screenshots a settled chat: Web Chat briefly shows "Connecting…" after a language switch reconnects. */
async function screenshot(page: Page, name: string): Promise<void> {
  await page.locator('.webchat__connectivityStatus').waitFor({ state: 'hidden' });
  await page.screenshot({ path: join(RESULTS_DIR, name) });
}

async function chooseLanguage(page: Page, lang: Lang): Promise<void> {
  await page.locator('select#language').selectOption(lang);
  await botSays(page, lang, 'welcome.intro').waitFor();
}

describe('the chat page in Chromium', () => {
  it('greets in Norwegian, shows what the user writes, answers it, and a follow-up button works', async () => {
    const page = await openChat('nb');
    expect(await documentLanguage(page)).toEqual({ lang: 'nb', dir: 'ltr' });
    await botSays(page, 'nb', 'welcome.intro').waitFor();

    const input = sendBox(page);
    await input.fill('hva er dagpenger');
    await input.press('Enter');
    const mine = transcript(page).getByText('hva er dagpenger', { exact: true });
    await mine.waitFor();
    const reply = answerShown(page, 'dagpenger', 'nb');
    await reply.waitFor();
    expect(await input.inputValue()).toBe('');

    // The reply comes after the user's message: both measured in one frame, since Web Chat may
    // still be scrolling the transcript to the long answer.
    const replyHandle = await reply.elementHandle();
    const below = await mine.evaluate(
      (m, r) => r!.getBoundingClientRect().top > m.getBoundingClientRect().top,
      replyHandle,
    );
    expect(below).toBe(true);
    await screenshot(page, 'chat-nb.png');

    // The follow-up suggestions are buttons; a click answers that topic.
    const next = knowledge.topics.get('dagpenger')!.followUps[0]!;
    // More than one element in Web Chat's suggested-actions bar carries the name; click the visible one.
    await page
      .getByRole('button', { name: knowledge.topics.get(next)!.languages.nb.title, exact: true })
      .filter({ visible: true })
      .first()
      .click();
    await answerShown(page, next, 'nb').waitFor();
  });

  it('switches to English from the language picker and keeps the conversation', async () => {
    const page = await openChat('en');
    await botSays(page, 'nb', 'welcome.intro').waitFor();
    await chooseLanguage(page, 'en');

    expect(await page.locator('h1').textContent()).toBe(pageText('en', 'heading'));
    expect(await documentLanguage(page)).toEqual({ lang: 'en', dir: 'ltr' });
    expect(await sendBox(page).getAttribute('placeholder')).toBe(pageText('en', 'placeholder'));
    expect(await botSays(page, 'nb', 'welcome.intro').count()).toBe(1); // same conversation, history kept
    const status = page.locator('#status');
    expect(
      await status.isHidden(),
      `the page status must stay hidden after a switch, but says: ${await status.textContent()}`,
    ).toBe(true);
    await screenshot(page, 'chat-en.png');

    // A reload resumes the same conversation, in English.
    await page.reload();
    await botSays(page, 'en', 'welcome.intro').waitFor();
    expect(await botSays(page, 'nb', 'welcome.intro').count()).toBe(1);
    expect(await page.locator('h1').textContent()).toBe(pageText('en', 'heading'));
  });

  it('switches to Arabic and renders the page and Web Chat right to left', async () => {
    const page = await openChat('ar');
    await botSays(page, 'nb', 'welcome.intro').waitFor();
    await chooseLanguage(page, 'ar');

    expect(await documentLanguage(page)).toEqual({ lang: 'ar', dir: 'rtl' });
    expect(await page.locator('h1').textContent()).toBe(pageText('ar', 'heading'));

    // Web Chat marks its own root elements (transcript, send box) with dir="rtl".
    const rtlRoots = page.locator('#webchat-root [dir="rtl"]');
    await rtlRoots.first().waitFor();
    const directions = await rtlRoots.evaluateAll((els) => els.map((el) => getComputedStyle(el).direction));
    expect(directions.length).toBeGreaterThan(0);
    expect(new Set(directions)).toEqual(new Set(['rtl']));
    expect(await transcript(page).evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
    expect(await sendBox(page).evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
    expect(await sendBox(page).getAttribute('placeholder')).toBe(pageText('ar', 'placeholder'));

    // The bot's bubbles sit on the right-hand side in a right-to-left transcript.
    const bubble = (await botSays(page, 'ar', 'welcome.intro').boundingBox())!;
    const feed = (await transcript(page).boundingBox())!;
    expect(bubble.x + bubble.width / 2).toBeGreaterThan(feed.x + feed.width / 2);
    await screenshot(page, 'chat-ar.png');
  });

  it('has no WCAG 2.1 A/AA violations (axe-core), in Norwegian and in Arabic', async () => {
    // axe is injected as an inline script, which our CSP rightly forbids; this page alone bypasses it.
    const page = await openChat('axe', { bypassCSP: true });
    await botSays(page, 'nb', 'welcome.intro').waitFor();
    // One exchange too, so a user bubble and a link (nav.no in the reply) are checked as well.
    await sendBox(page).fill('hva er dagpenger');
    await sendBox(page).press('Enter');
    await answerShown(page, 'dagpenger', 'nb').waitFor();
    const nb = violationLines(await runAxe(page));

    await chooseLanguage(page, 'ar');
    const ar = violationLines(await runAxe(page));

    expect(nb, `axe, Norwegian page:\n${nb.join('\n')}`).toEqual([]);
    expect(ar, `axe, Arabic page:\n${ar.join('\n')}`).toEqual([]);
  });

  it('raised no CSP violations and logged no console errors in the pages above', () => {
    chromium();
    const labels = ['nb', 'en', 'ar'];
    expect([...servedPolicy.keys()], 'tests 1–3 must run first').toEqual(expect.arrayContaining(labels));
    for (const label of labels)
      expect(servedPolicy.get(label), `CSP header of page "${label}"`).toBe(CONTENT_SECURITY_POLICY);
    const seen = problems.filter((p) => labels.includes(p.page));
    expect(seen, seen.map((p) => `[${p.page}] ${p.kind}: ${p.text}`).join('\n')).toEqual([]);
  });
});
