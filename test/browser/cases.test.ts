/** The demo login on the chat page, in Chromium: a demo person logs in and sees their own case. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startTestApp } from '../helpers/app.ts';
import { say, translator } from '../helpers/bot.ts';
import { recordProblems, runAxe, shownText, useAppAndBrowser, violationLines, type PageProblem } from './browser.ts';

const suite = useAppAndBrowser(() => startTestApp());
const problems: PageProblem[] = [];

describe('demo login on the chat page', () => {
  it('is marked DEMO; after logging in as a demo person, "hva er status på saken min" shows that person\'s case', async () => {
    const browser = suite.browser();
    const t = suite.app();
    const context = await browser.newContext({ locale: 'nb-NO', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const recorder = await recordProblems(page, 'demo', problems);
    await page.goto(`${t.baseUrl}/`);
    const feed = page.getByRole('feed');
    await feed
      .getByText(shownText(say('nb', 'welcome.intro')))
      .first()
      .waitFor();

    const demo = page.locator('#demo-login');
    expect(await demo.locator('.badge').textContent()).toBe('DEMO');
    const input = page.locator('[data-id="webchat-sendbox-input"]');

    // Anonymous first: a login offer, no case.
    await input.fill('hva er status på saken min');
    await input.press('Enter');
    await feed
      .getByText(shownText(say('nb', 'cases:needLogin')))
      .first()
      .waitFor();

    await page.getByLabel(translator.t('nb', 'page:demoPerson')).selectOption('jonas');
    await page.getByRole('button', { name: translator.t('nb', 'page:demoLogin') }).click();
    await page.locator('#demo-status', { hasText: 'Jonas Lie' }).waitFor();
    await feed
      .getByText(shownText(say('nb', 'welcome.intro')))
      .first()
      .waitFor();
    await input.fill('hva er status på saken min');
    await input.press('Enter');
    await feed
      .getByText(/AAP-9M3X7T/)
      .first()
      .waitFor();
    await page.screenshot({ path: join(suite.resultsDir, 'cases-demo-login.png') });

    await recorder.collect();
    expect(problems, problems.map((p) => `${p.kind}: ${p.text}`).join('\n')).toEqual([]);
    await context.close();

    // The same page, checked by axe (its inline script needs CSP bypassed on this page only).
    const axeContext = await browser.newContext({ locale: 'nb-NO', bypassCSP: true });
    const axePage = await axeContext.newPage();
    await axePage.goto(`${t.baseUrl}/`);
    await axePage.locator('#demo-person option').first().waitFor({ state: 'attached' });
    expect(violationLines(await runAxe(axePage)), 'axe, chat page with the demo login').toEqual([]);
    await axeContext.close();
  });
});
