/**
 * Browser-test helpers: the system Chromium through playwright-core (never a downloaded browser),
 * a recorder for console errors, page errors and CSP violations, axe-core, and text matching that
 * survives Web Chat's Markdown typography.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import type { TestApp } from '../helpers/app.ts';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { AxeResults } from 'axe-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';
const RESULTS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'test-results');

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Launches the system Chromium; a missing browser is a failure, not a reason to skip. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `The browser tests need Chromium at ${CHROMIUM_PATH}, and it is missing. Install the distribution's chromium package ` +
        '(e.g. apt-get install chromium); these tests never download a browser.',
    );
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/** Something the page reported that a clean run never shows. */
export interface PageProblem {
  page: string;
  kind: 'console' | 'pageerror' | 'csp';
  text: string;
}

declare global {
  interface Window {
    __cspViolations?: string[];
  }
}

/**
 * Records console errors and uncaught exceptions from the start, and CSP violations through a
 * `securitypolicyviolation` listener installed before any page script runs. Call `collect()`
 * before closing the page: the CSP violations live in the page until then.
 */
export async function recordProblems(
  page: Page,
  label: string,
  into: PageProblem[],
): Promise<{ collect(): Promise<void> }> {
  page.on('console', (message) => {
    if (message.type() === 'error')
      into.push({ page: label, kind: 'console', text: `${message.text()} (${message.location().url})` });
  });
  page.on('pageerror', (error) => into.push({ page: label, kind: 'pageerror', text: error.message }));
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener(
      'securitypolicyviolation',
      (e) => {
        window.__cspViolations!.push(
          `${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber} ${e.sample}`,
        );
      },
      true,
    );
  });
  return {
    async collect() {
      const seen = await page.evaluate(() => window.__cspViolations ?? []);
      for (const text of seen) into.push({ page: label, kind: 'csp', text });
    },
  };
}

const require = createRequire(import.meta.url);
let axeSource: string | undefined;

/** Injects axe-core into the page and runs the WCAG 2.0/2.1 A and AA rules on the whole document. */
export async function runAxe(page: Page, options: { exclude?: string[] } = {}): Promise<AxeResults> {
  axeSource ??= readFileSync(join(dirname(require.resolve('axe-core')), 'axe.min.js'), 'utf8');
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axeSource });
  return page.evaluate(async (exclude) => {
    const axe = (window as unknown as { axe: typeof import('axe-core') }).axe;
    const context = exclude.length ? { include: [document], exclude: exclude.map((s) => [s]) } : document;
    return axe.run(context as never, {
      runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'],
      resultTypes: ['violations'],
    });
  }, options.exclude ?? []);
}

/** Every WCAG A/AA violation, whatever axe rates its impact, one line per node, for an assertion message. */
export function violationLines(results: AxeResults): string[] {
  return results.violations.flatMap((v) =>
    v.nodes.map(
      (n) => `${v.id} [${v.impact}] ${JSON.stringify(n.target)}: ${n.failureSummary?.replace(/\s+/g, ' ') ?? v.help}`,
    ),
  );
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A pattern for a whole paragraph of bot text as Web Chat shows it: its Markdown renderer turns
 * straight quotes into typographic ones (NAV's → NAV’s) and puts zero-width spaces around links
 * (nav.no), so quotes match either form and zero-width spaces may appear anywhere. Anchored, so
 * it matches the paragraph itself, not the screen-reader label "Bot said: …" next to it.
 */
export function shownText(text: string): RegExp {
  const chars = [...text].map((c) =>
    c === "'" ? "['‘’]" : c === '"' ? '["“”]' : /\s/.test(c) ? '\\s+' : escapeRegExp(c),
  );
  return new RegExp(`^\\s*${chars.join('\\u200b*')}\\s*$`);
}

/**
 * One server and one Chromium for a browser test file: started before its tests, closed after.
 * A Chromium that fails to start fails every test that asks for it (a missing browser must never skip).
 */
export function useAppAndBrowser(start: () => Promise<TestApp>): {
  app(): TestApp;
  browser(): Browser;
  resultsDir: string;
} {
  let app: TestApp | undefined;
  let browser: Browser | undefined;
  let launchError: unknown;
  beforeAll(async () => {
    mkdirSync(RESULTS_DIR, { recursive: true });
    app = await start();
    browser = await launchChromium().catch((err: unknown) => {
      launchError = err;
      return undefined;
    });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });
  return {
    app: () => app!,
    browser: () => {
      if (!browser) throw launchError;
      return browser;
    },
    resultsDir: RESULTS_DIR,
  };
}
