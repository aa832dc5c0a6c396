/** The agent console's page at /agent: Norwegian or English, its strings inline for public/agent.js. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Request, Response, Server } from 'restify';
import { securityHeaders } from './pages.ts';

export const AGENT_UI_LANGUAGES = ['nb', 'en'] as const;
export type AgentUiLang = (typeof AGENT_UI_LANGUAGES)[number];

export function readAgentStrings(localesDir: string): Record<AgentUiLang, Record<string, unknown>> {
  const read = (lang: AgentUiLang) =>
    JSON.parse(readFileSync(join(localesDir, 'agent', `${lang}.json`), 'utf8')) as Record<string, unknown>;
  return { nb: read('nb'), en: read('en') };
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** `?lang=` when it names a console language, else English for an English browser, else Norwegian. */
function consoleLanguage(req: Request): AgentUiLang {
  const q = (req.query ?? {}) as Record<string, unknown>;
  return q.lang === 'en'
    ? 'en'
    : q.lang === 'nb'
      ? 'nb'
      : /^en\b/i.test(req.header('accept-language') ?? '')
        ? 'en'
        : 'nb';
}

export function renderAgentPage(lang: AgentUiLang, s: Record<string, unknown>): string {
  const other: AgentUiLang = lang === 'nb' ? 'en' : 'nb';
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(String(s.title))}</title>
<link rel="stylesheet" href="/assets/agent.css">
</head>
<body>
<header class="bar"><h1>${escapeHtml(String(s.title))}</h1><span id="who"></span><a href="/agent?lang=${other}" lang="${other}">${escapeHtml(String(s.language))}</a><button type="button" id="logout" hidden>${escapeHtml(String(s.logout))}</button></header>
<main id="main"></main>
<script type="application/json" id="strings">${JSON.stringify(s).replace(/</g, '\\u003c')}</script>
<script src="/assets/agent.js"></script>
</body>
</html>`;
}

export function registerAgentPage(server: Server, localesDir: string): void {
  const strings = readAgentStrings(localesDir);
  server.get('/agent', async (req: Request, res: Response) => {
    const lang = consoleLanguage(req);
    securityHeaders(res);
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    res.writeHead(200);
    res.end(renderAgentPage(lang, strings[lang]));
  });
}
