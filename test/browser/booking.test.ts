/** Booking a meeting with an interpreter in Web Chat, then the agent console's bookings view, cancel and CSV. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startTestApp } from '../helpers/app.ts';
import { knowledge, OPEN_TIME, say } from '../helpers/bot.ts';
import { AGENT_PASSWORD, agentsFile } from '../helpers/agent.ts';
import { localTime } from '../../bot/services/calendar.ts';
import { runAxe, shownText, useAppAndBrowser, violationLines } from './browser.ts';

const suite = useAppAndBrowser(async () => startTestApp({ AGENTS_FILE: await agentsFile() }, { now: () => OPEN_TIME }));

describe('booking in the browser', () => {
  it('a Polish user books a meeting with a Polish interpreter; an agent sees it, cancels it with a reason, and exports CSV', async () => {
    const browser = suite.browser();
    const userContext = await browser.newContext({ locale: 'pl-PL', viewport: { width: 1280, height: 900 } });
    const page = await userContext.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${suite.app().baseUrl}/`);
    await page.locator('select#language').selectOption('pl');
    const feed = page.getByRole('feed');
    await feed
      .getByText(shownText(say('pl', 'welcome.intro')))
      .first()
      .waitFor();
    const input = page.locator('[data-id="webchat-sendbox-input"]');
    await input.fill('chcę umówić spotkanie w biurze nav');
    await input.press('Enter');
    await feed
      .getByText(shownText(say('pl', 'booking:askOffice')))
      .first()
      .waitFor();
    await input.fill('0557');
    await input.press('Enter');
    await feed
      .getByText(/NAV Grünerløkka/)
      .first()
      .waitFor();
    const click = (name: string) =>
      page.getByRole('button', { name, exact: true }).filter({ visible: true }).first().click();
    await click(knowledge.topics.get('dagpenger')!.languages.pl.title);
    await feed
      .getByText(shownText(say('pl', 'booking:askInterpreter')))
      .first()
      .waitFor();
    await page
      .getByRole('button', { name: say('pl', 'booking:interpreterIn', { language: 'Polski' }) })
      .filter({ visible: true })
      .first()
      .click();
    await feed
      .getByText(shownText(say('pl', 'booking:askSlot')))
      .first()
      .waitFor();
    const slot = (await suite.app().app.core.booking.freeSlots('grunerlokka', 1))[0]!;
    await click(
      new Intl.DateTimeFormat('pl', {
        weekday: 'short',
        day: 'numeric',
        month: 'short',
        hour: '2-digit',
        minute: '2-digit',
        timeZone: 'Europe/Oslo',
      }).format(slot.start),
    );
    await click(say('pl', 'booking:confirm'));
    const confirmation = feed.getByText(/[A-HJ-NP-Z2-9]{6}/).last();
    await confirmation.waitFor();
    const reference = /\b([A-HJ-NP-Z2-9]{6})\b/.exec((await confirmation.textContent()) ?? '')![1]!;
    await page.screenshot({ path: join(suite.resultsDir, 'booking-user-pl.png') });
    const ics = feed.locator(`a[href*="/bookings/${reference}.ics"]`).first();
    const href = (await ics.getAttribute('href'))!;
    expect(href).toMatch(new RegExp(`/bookings/${reference}\\.ics\\?token=`));
    const calendar = await page.evaluate(async (url) => (await fetch(url)).text(), href);
    expect(calendar).toContain(`UID:${reference}@veiviser`);
    const booking = (await suite.app().app.core.store.bookings.get(reference))!;
    expect(booking.interpreterLang).toBe('pl');
    const day = localTime(booking.slotStart, 'Europe/Oslo');
    const date = `${day.year}-${String(day.month).padStart(2, '0')}-${String(day.day).padStart(2, '0')}`;

    // The agent console: bookings per office and day.
    const agentContext = await browser.newContext({
      locale: 'nb-NO',
      viewport: { width: 1280, height: 1000 },
      bypassCSP: true,
    });
    const a = await agentContext.newPage();
    a.setDefaultTimeout(10_000);
    await a.goto(`${suite.app().baseUrl}/agent`);
    await a.getByLabel('Veileder-id').fill('kari');
    await a.getByLabel('Passord').fill(AGENT_PASSWORD);
    await a.getByRole('button', { name: 'Logg inn' }).click();
    await a.locator('#bookings-office option[value="grunerlokka"]').waitFor({ state: 'attached' });
    await a.locator('#bookings-office').selectOption('grunerlokka');
    await a.locator('#bookings-date').fill(date);
    await a.getByRole('button', { name: 'Vis', exact: true }).click();
    const row = a.locator(`tr[data-reference="${reference}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain('pl');
    expect(violationLines(await runAxe(a)), 'axe, agent bookings').toEqual([]);
    const csv = await a.evaluate(
      async (href) => (await fetch(href)).text(),
      (await a.locator('#bookings-csv').getAttribute('href'))!,
    );
    expect(csv).toContain(`"${reference}"`);
    expect(csv.split('\r\n')[0]).toContain('reference,time,start');
    await row.getByLabel(/Årsak til avbestilling/).fill('Kontoret er stengt');
    await row.getByRole('button', { name: /Avbestill/ }).click();
    await a.locator(`tr[data-reference="${reference}"]`, { hasText: 'avbestilt' }).waitFor();
    expect((await suite.app().app.core.store.bookings.get(reference))!).toMatchObject({
      status: 'cancelled',
      cancelReason: 'Kontoret er stengt',
    });
    await a.screenshot({ path: join(suite.resultsDir, 'booking-agent.png') });
    await userContext.close();
    await agentContext.close();
  });
});
