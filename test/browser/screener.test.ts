/** The entitlement screener in Web Chat: from the welcome's button, clicking through to a result. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startTestApp } from '../helpers/app.ts';
import { knowledge, say } from '../helpers/bot.ts';
import { recordProblems, shownText, useAppAndBrowser, type PageProblem } from './browser.ts';

const suite = useAppAndBrowser(() => startTestApp());
const problems: PageProblem[] = [];
const option = (q: string, o: string) =>
  knowledge.screener.questions.find((x) => x.id === q)!.options.find((x) => x.id === o)!.text.nb as string;

describe('the screener in the browser', () => {
  it('starts from the welcome button and reaches a result with links and "tell me more"', async () => {
    const context = await suite.browser().newContext({ locale: 'nb-NO', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const recorder = await recordProblems(page, 'screener', problems);
    await page.goto(`${suite.app().baseUrl}/`);
    const feed = page.getByRole('feed');
    const clickButton = (name: string) =>
      page.getByRole('button', { name, exact: true }).filter({ visible: true }).first().click();

    await feed
      .getByText(shownText(say('nb', 'welcome.intro')))
      .first()
      .waitFor();
    await clickButton(say('nb', 'clarify.labels.entitlement'));
    await feed
      .getByText(shownText(say('nb', 'screener:intro')))
      .first()
      .waitFor();
    for (const [q, o] of [
      ['age', '18-29'],
      ['work', 'not-working'],
      ['health', 'healthy'],
      ['children', 'none'],
      ['money', 'enough'],
      ['abroad', 'no'],
    ] as const) {
      await feed
        .getByText(shownText(knowledge.screener.questions.find((x) => x.id === q)!.text.nb as string))
        .last()
        .waitFor();
      await clickButton(option(q, o));
    }
    await feed
      .getByText(shownText(say('nb', 'screener:resultIntro')))
      .first()
      .waitFor();
    await feed
      .getByText(shownText(say('nb', 'screener:note')))
      .first()
      .waitFor();
    await page.screenshot({ path: join(suite.resultsDir, 'screener-result-nb.png') });
    await clickButton(say('nb', 'screener:tellMeMore', { title: knowledge.topics.get('ung')!.languages.nb.title }));
    await feed.getByText(knowledge.topics.get('ung')!.languages.nb.answer.slice(0, 40)).first().waitFor();
    await recorder.collect();
    expect(problems, problems.map((p) => `${p.kind}: ${p.text}`).join('\n')).toEqual([]);
    await context.close();
  });
});
