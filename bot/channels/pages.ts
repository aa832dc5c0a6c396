/**
 * The chat page and its static assets. The Web Chat bundle comes from the botframework-webchat
 * package, compressed once at start-up and served with long-lived caching; no CDN.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlibConstants, gzip } from 'node:zlib';
import type { Request, Response, Server } from 'restify';
import type { Translator } from '../knowledge/locales.ts';
import type { Contact } from '../knowledge/contact.ts';
import {
  DEFAULT_LANGUAGE,
  isSupportedLanguage,
  languageFromLocale,
  SUPPORTED_LANGUAGES,
  textDirection,
  CHANNEL_LOCALE,
  type Lang,
} from '../shared/languages.ts';

/** Web Chat's own UI strings exist for these locales; others use its English with our overrides. */
const WEBCHAT_UI_LOCALE: Record<Lang, string> = {
  nb: 'nb-NO',
  nn: 'nb-NO',
  en: 'en-US',
  pl: 'pl-PL',
  uk: 'uk-UA',
  ar: 'ar-SA',
  so: 'en-US',
  lt: 'lt-LT',
};

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  // Web Chat injects its component styles at run time.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "media-src 'self' blob:",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "object-src 'none'",
].join('; ');

export function securityHeaders(res: Response): void {
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
}

interface Asset {
  type: string;
  raw: Buffer;
  gzip?: Buffer;
  br?: Buffer;
  etag: string;
  immutable: boolean;
}

const require = createRequire(import.meta.url);

export function webChatBundlePath(): { path: string; version: string } {
  // The package's exports map hides dist/, so go there from its main file.
  const main = require.resolve('botframework-webchat');
  let dir = dirname(main);
  while (!readdirSafe(dir).includes('package.json')) dir = dirname(dir);
  const version = (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
  return { path: join(dir, 'dist', 'webchat.js'), version };
}

/**
 * The gzip and brotli forms of a file's bytes, made once per process: every app started in one
 * process (the test apps) serves the same bundle, and compressing it takes about a second.
 * Keyed by the bytes' full hash, so a changed file is compressed again.
 */
const compressions = new Map<string, Promise<[Buffer, Buffer]>>();

function compressed(raw: Buffer): Promise<[Buffer, Buffer]> {
  const key = createHash('sha256').update(raw).digest('base64url');
  let made = compressions.get(key);
  if (!made) {
    made = Promise.all([
      promisify(gzip)(raw, { level: 9 }),
      promisify(brotliCompress)(raw, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 9 } }),
    ]);
    // A failed compression is tried again by the next app.
    made.catch(() => compressions.delete(key));
    compressions.set(key, made);
  }
  return made;
}

function readdirSafe(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

export class AssetServer {
  private readonly assets = new Map<string, Asset>();
  readonly webChatUrl: string;

  constructor(publicDir: string) {
    const bundle = webChatBundlePath();
    this.webChatUrl = `/assets/webchat-${bundle.version}.js`;
    this.add(this.webChatUrl, readFileSync(bundle.path), 'application/javascript; charset=utf-8', true);
    this.add('/assets/app.js', readFileSync(join(publicDir, 'app.js')), 'application/javascript; charset=utf-8', false);
    this.add('/assets/style.css', readFileSync(join(publicDir, 'style.css')), 'text/css; charset=utf-8', false);
    this.add(
      '/assets/agent.js',
      readFileSync(join(publicDir, 'agent.js')),
      'application/javascript; charset=utf-8',
      false,
    );
    this.add('/assets/agent.css', readFileSync(join(publicDir, 'agent.css')), 'text/css; charset=utf-8', false);
  }

  private add(url: string, raw: Buffer, type: string, immutable: boolean): void {
    const etag = `"${createHash('sha256').update(raw).digest('base64url').slice(0, 22)}"`;
    this.assets.set(url, { raw, type, etag, immutable });
  }

  /** Compresses every asset once; brotli at a middle level keeps start-up short for the 3.9 MB bundle. */
  async compress(): Promise<void> {
    await Promise.all(
      [...this.assets.values()].map(async (a) => {
        [a.gzip, a.br] = await compressed(a.raw);
      }),
    );
  }

  register(server: Server): void {
    server.get('/assets/*', async (req: Request, res: Response) => {
      const asset = this.assets.get(req.path());
      if (!asset) {
        res.status(404);
        res.json({ error: { code: 'NotFound', message: 'No such asset.' } });
        return;
      }
      securityHeaders(res);
      res.setHeader('Content-Type', asset.type);
      res.setHeader('ETag', asset.etag);
      res.setHeader('Vary', 'Accept-Encoding');
      res.setHeader(
        'Cache-Control',
        asset.immutable ? 'public, max-age=31536000, immutable' : 'public, max-age=300, must-revalidate',
      );
      if (req.header('if-none-match') === asset.etag) {
        res.writeHead(304);
        res.end();
        return;
      }
      const accept = req.header('accept-encoding') ?? '';
      let body = asset.raw;
      if (asset.br && /\bbr\b/.test(accept)) {
        body = asset.br;
        res.setHeader('Content-Encoding', 'br');
      } else if (asset.gzip && /\bgzip\b/.test(accept)) {
        body = asset.gzip;
        res.setHeader('Content-Encoding', 'gzip');
      }
      res.setHeader('Content-Length', String(body.length));
      res.writeHead(200);
      res.end(body);
    });
  }
}

/** Picks the page language: ?lang=, then Accept-Language, then Norwegian. */
export function pageLanguage(query: unknown, acceptLanguage: string | undefined): Lang {
  const fromQuery = (query as Record<string, unknown> | undefined)?.lang;
  if (isSupportedLanguage(fromQuery)) return fromQuery;
  for (const part of (acceptLanguage ?? '').split(',')) {
    const lang = languageFromLocale(part.split(';')[0]);
    if (lang) return lang;
  }
  return DEFAULT_LANGUAGE;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function renderChatPage(
  lang: Lang,
  translator: Translator,
  contact: Contact,
  webChatUrl: string,
  options: { demoLogin?: boolean } = {},
): string {
  const t = (key: string) => translator.t(lang, `page:${key}`, { phone: contact.phone });
  const strings = Object.fromEntries(
    SUPPORTED_LANGUAGES.map((l) => [
      l,
      {
        ...(translator.resources[l].page as Record<string, string>),
        languageName: translator.t(l, 'common:languageName'),
      },
    ]),
  );
  const config = {
    lang,
    languages: SUPPORTED_LANGUAGES,
    channelLocale: CHANNEL_LOCALE,
    direction: Object.fromEntries(SUPPORTED_LANGUAGES.map((l) => [l, textDirection(l)])),
    webChatLocale: WEBCHAT_UI_LOCALE,
    phone: contact.phone,
    strings,
  };
  // JSON inside <script type="application/json"> must not be able to close the tag.
  const json = JSON.stringify(config).replace(/</g, '\\u003c');
  const languageOptions = SUPPORTED_LANGUAGES.map(
    (l) =>
      `<option value="${l}" lang="${l}"${l === lang ? ' selected' : ''}>${escapeHtml(translator.t(l, 'common:languageName'))}</option>`,
  ).join('');
  return `<!doctype html>
<html lang="${lang}" dir="${textDirection(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title data-i18n="title">${escapeHtml(t('title'))}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/style.css">
</head>
<body>
<header class="top">
  <div class="brand">
    <h1 data-i18n="heading">${escapeHtml(t('heading'))}</h1>
    <p data-i18n="intro">${escapeHtml(t('intro'))}</p>
  </div>
  <div class="controls">
    <label for="language" data-i18n="languageLabel">${escapeHtml(t('languageLabel'))}</label>
    <select id="language" name="language">${languageOptions}</select>
    <button type="button" id="new-conversation" data-i18n="newConversation">${escapeHtml(t('newConversation'))}</button>
  </div>
</header>
<main id="main">
  ${
    options.demoLogin
      ? `<section id="demo-login" class="demo" aria-labelledby="demo-heading">
    <h2 id="demo-heading"><span class="badge" data-i18n="demoBadge">${escapeHtml(t('demoBadge'))}</span> <span data-i18n="loginHeading">${escapeHtml(t('loginHeading'))}</span></h2>
    <p data-i18n="demoNote">${escapeHtml(t('demoNote'))}</p>
    <label for="demo-person" data-i18n="demoPerson">${escapeHtml(t('demoPerson'))}</label>
    <select id="demo-person" name="demo-person"></select>
    <button type="button" id="demo-login-button" data-i18n="demoLogin">${escapeHtml(t('demoLogin'))}</button>
    <p id="demo-status" role="status"></p>
  </section>`
      : ''
  }
  <p class="privacy" data-i18n="privacyNote">${escapeHtml(t('privacyNote'))}</p>
  <p id="status" role="status" data-i18n="loading">${escapeHtml(t('loading'))}</p>
  <section id="webchat" aria-labelledby="chat-heading"><h2 id="chat-heading" class="visually-hidden" data-i18n="heading">${escapeHtml(t('heading'))}</h2></section>
  <noscript><p>${escapeHtml(t('noscript'))}</p></noscript>
</main>
<script id="veiviser-config" type="application/json">${json}</script>
<script src="${webChatUrl}"></script>
<script src="/assets/app.js"></script>
</body>
</html>
`;
}

export function registerPages(
  server: Server,
  assets: AssetServer,
  translator: Translator,
  contact: Contact,
  options: { demoLogin?: boolean } = {},
): void {
  assets.register(server);
  server.get('/', async (req: Request, res: Response) => {
    const lang = pageLanguage(req.query, req.header('accept-language'));
    const html = renderChatPage(lang, translator, contact, assets.webChatUrl, options);
    securityHeaders(res);
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    res.writeHead(200);
    res.end(html);
  });
}
