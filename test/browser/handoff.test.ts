/**
 * A Polish user asks for a person in Web Chat; an agent logs in to the console on a second page,
 * sees the Polish item and its summary, claims it, they exchange messages, the agent sends a
 * knowledge answer that arrives in Polish, ends, and the bot resumes in Polish. Both pages are
 * checked with axe-core (WCAG 2.1 A/AA).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startTestApp } from '../helpers/app.ts';
import { knowledge, OPEN_TIME, say } from '../helpers/bot.ts';
import { AGENT_PASSWORD, agentsFile } from '../helpers/agent.ts';
import { recordProblems, runAxe, shownText, useAppAndBrowser, violationLines, type PageProblem } from './browser.ts';

const WAIT_MS = 10_000;
const suite = useAppAndBrowser(async () => startTestApp({ AGENTS_FILE: await agentsFile() }, { now: () => OPEN_TIME }));
const problems: PageProblem[] = [];

async function open(
  path: string,
  locale: string,
  label: string,
  bypassCSP = false,
): Promise<{ page: Page; collect(): Promise<void> }> {
  const context = await suite.browser().newContext({ locale, viewport: { width: 1280, height: 900 }, bypassCSP });
  const page = await context.newPage();
  page.setDefaultTimeout(WAIT_MS);
  const recorder = await recordProblems(page, label, problems);
  const response = await page.goto(`${suite.app().baseUrl}${path}`);
  expect(response?.status()).toBe(200);
  return { page, collect: recorder.collect };
}

const feed = (page: Page) => page.getByRole('feed');
const userSees = (page: Page, text: string) => feed(page).getByText(shownText(text)).first().waitFor();

describe('handoff in the browser', () => {
  it('a Polish user reaches an agent who answers with knowledge in Polish, and the bot resumes in Polish', async () => {
    // The user: Web Chat in Polish.
    const user = await open('/', 'pl-PL', 'user');
    await user.page.locator('select#language').selectOption('pl');
    await userSees(user.page, say('pl', 'welcome.intro'));
    const input = user.page.locator('[data-id="webchat-sendbox-input"]');
    await input.fill('chcę rozmawiać z człowiekiem');
    await input.press('Enter');
    await userSees(
      user.page,
      say('pl', 'handoff:queued', { position: 1, minutes: knowledge.contact.chat.defaultWaitMinutes }).split('\n')[0]!,
    );

    // The agent: the console, with axe on the login page (axe needs its inline script, so CSP is bypassed on this page only).
    const agent = await open('/agent', 'nb-NO', 'agent', true);
    const a = agent.page;
    expect(violationLines(await runAxe(a)), 'axe, agent login').toEqual([]);
    await a.getByLabel('Veileder-id').fill('kari');
    await a.getByLabel('Passord').fill(AGENT_PASSWORD);
    await a.getByRole('button', { name: 'Logg inn' }).click();
    const summary = 'Polskspråklig bruker trenger hjelp, ønsker å snakke med en person';
    const row = a.locator('tr', { hasText: summary });
    await row.waitFor();
    expect(await row.textContent()).toContain('pl (ditt språk)');
    expect(violationLines(await runAxe(a)), 'axe, agent queue').toEqual([]);
    await row.getByRole('button', { name: /^Ta/ }).click();
    await a.locator('#conversation-summary', { hasText: summary }).waitFor();
    await userSees(user.page, say('pl', 'handoff:accepted', { name: 'Kari Nordmann' }));

    // Messages both ways.
    await a.getByLabel('Melding til brukeren').fill('Dzień dobry! W czym mogę pomóc?');
    await a.getByRole('button', { name: 'Send', exact: true }).click();
    await userSees(user.page, 'Dzień dobry! W czym mogę pomóc?');
    await input.fill('Straciłem pracę. Co z zasiłkiem?');
    await input.press('Enter');
    await a.locator('#transcript li.from-user', { hasText: 'Straciłem pracę. Co z zasiłkiem?' }).waitFor();

    // A knowledge answer chosen in Norwegian arrives in Polish.
    await a.getByLabel('Tema').selectOption('dagpenger');
    await a
      .locator('#knowledge-preview', { hasText: knowledge.topics.get('dagpenger')!.languages.nb.answer.slice(0, 30) })
      .waitFor();
    expect(violationLines(await runAxe(a)), 'axe, agent conversation').toEqual([]);
    await a.getByRole('button', { name: /^Send svaret på pl/ }).click();
    const polish = knowledge.topics.get('dagpenger')!.languages.pl;
    await userSees(user.page, polish.title);
    await user.page.screenshot({ path: join(suite.resultsDir, 'handoff-user-pl.png') });
    await a.screenshot({ path: join(suite.resultsDir, 'handoff-agent.png') });

    // End: the bot resumes in Polish and asks for a rating.
    await a.getByLabel('Utfall').selectOption('resolved');
    await a.getByRole('button', { name: 'Avslutt samtalen' }).click();
    await a.locator('#conversation-notice', { hasText: 'Samtalen er avsluttet.' }).waitFor();
    await userSees(user.page, say('pl', 'handoff:ended'));
    await userSees(user.page, say('pl', 'handoff:rating.question'));

    await user.collect();
    expect(
      problems.filter((p) => p.page === 'user'),
      problems.map((p) => `[${p.page}] ${p.kind}: ${p.text}`).join('\n'),
    ).toEqual([]);
  });
});
