/**
 * The agent console: the page at /agent and its JSON API under /agent/api. Sessions are HttpOnly,
 * SameSite=Strict cookies; every state-changing request must be JSON from our own origin.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Request, Response, Server } from 'restify';
import type { Logger } from 'pino';
import type { Knowledge } from '../knowledge/index.ts';
import type { Translator } from '../knowledge/locales.ts';
import { isSupportedLanguage } from '../shared/languages.ts';
import { maskPii } from '../shared/pii.ts';
import type { Agent, AgentAuth } from '../services/agents.ts';
import type { HandoffService } from '../services/handoff.ts';
import type { BookingService } from '../services/booking.ts';
import { addDays, zonedInstant } from '../services/calendar.ts';
import type { HandoffRecord, Store } from '../store/index.ts';
import { z } from 'zod';
import { clientAddress, HttpError, parseBody, RateLimiter, route, type RateLimitBackend } from './http.ts';
import { securityHeaders } from './pages.ts';

export const AGENT_UI_LANGUAGES = ['nb', 'en'] as const;
export type AgentUiLang = (typeof AGENT_UI_LANGUAGES)[number];
export const OUTCOMES = ['resolved', 'referred', 'meeting', 'callback', 'no-response', 'other'] as const;
const COOKIE = 'veiviser_agent';
const MAX_MESSAGE = 4000;

export interface AgentConsoleOptions {
  auth: AgentAuth;
  handoff: HandoffService;
  booking: BookingService;
  store: Store;
  knowledge: Knowledge;
  translator: Translator;
  logger: Logger;
  /** Secure cookies (HTTPS only) in production. */
  secureCookies: boolean;
  localesDir: string;
  /** Seconds without a poll after which the console shows the user as gone. */
  userTimeoutSeconds?: number;
  /** Shared rate-limit counters (the store). */
  limits: RateLimitBackend;
  /** Login attempts per client address per minute, whatever the agent id. */
  loginsPerMinute?: number;
  trustProxy?: boolean;
}

export function readAgentStrings(localesDir: string): Record<AgentUiLang, Record<string, unknown>> {
  const read = (lang: AgentUiLang) => JSON.parse(readFileSync(join(localesDir, 'agent', `${lang}.json`), 'utf8')) as Record<string, unknown>;
  return { nb: read('nb'), en: read('en') };
}

/** A cookie's value; a malformed one counts as absent (the agent is asked to log in), never as an error. */
export function cookie(req: Request, name: string): string | undefined {
  for (const part of (req.header('cookie') ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k !== name) continue;
    try {
      return decodeURIComponent(v.join('='));
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A handoff id from the path: a positive integer, or no such handoff. */
function handoffId(req: Request): string {
  const id = String(req.params.id ?? '');
  if (!/^[1-9]\d{0,14}$/.test(id)) throw new HttpError(404, 'NotFound', 'No such handoff.');
  return id;
}

const LoginBody = z.object({ id: z.string().trim().min(1).max(100), password: z.string().min(1).max(200) });

export function registerAgentConsole(server: Server, o: AgentConsoleOptions): void {
  const strings = readAgentStrings(o.localesDir);
  const logins = new RateLimiter(o.limits, 'agent-login', o.loginsPerMinute ?? 10);
  const userTimeout = o.userTimeoutSeconds ?? 120;

  const setSession = (res: Response, value: string, maxAge: number) =>
    res.setHeader(
      'Set-Cookie',
      `${COOKIE}=${encodeURIComponent(value)}; Path=/agent; HttpOnly; SameSite=Strict; Max-Age=${maxAge}${o.secureCookies ? '; Secure' : ''}`,
    );

  /** JSON only, from our own page: a form post or another site's script gets 403/415. */
  const checkWrite = (req: Request) => {
    if (!/^application\/json\b/i.test(req.header('content-type') ?? '')) throw new HttpError(415, 'UnsupportedMediaType', 'Send JSON.');
    const origin = req.header('origin');
    if (origin && origin !== `http://${req.header('host')}` && origin !== `https://${req.header('host')}`)
      throw new HttpError(403, 'Forbidden', 'Cross-origin requests are not allowed.');
  };

  const handle =
    (fn: (req: Request, res: Response, agent: Agent) => Promise<void>, options: { write?: boolean } = {}) =>
    route(o.logger, async (req, res) => {
      res.setHeader('Cache-Control', 'no-store');
      if (options.write) checkWrite(req);
      const agent = await o.auth.authenticate(cookie(req, COOKIE));
      if (!agent) throw new HttpError(401, 'Unauthorized', 'Log in first.');
      await fn(req, res, agent);
    });

  const ownHandoff = async (id: string, agent: Agent): Promise<HandoffRecord> => {
    const h = await o.store.handoffs.get(id);
    if (!h) throw new HttpError(404, 'NotFound', 'No such handoff.');
    if (h.status !== 'active' || h.agentId !== agent.id) throw new HttpError(409, 'NotYours', 'This conversation is not open with you.');
    return h;
  };

  const view = (h: HandoffRecord & { position?: number }, agent: Agent) => ({
    id: h.id,
    status: h.status,
    reason: h.reason,
    lang: h.lang,
    interpreter: h.interpreter,
    priority: h.priority,
    summary: h.summary,
    context: h.context,
    agentName: h.agentName,
    mine: h.agentId === agent.id,
    speaksLanguage: agent.languages.includes(h.lang),
    position: h.position,
    waitingSeconds: Math.max(0, Math.round((Date.now() - h.queuedAt.getTime()) / 1000)),
    userGone: !!h.userSeenAt && Date.now() - h.userSeenAt.getTime() > userTimeout * 1000,
  });

  // --- the page ------------------------------------------------------------------------
  server.get('/agent', async (req: Request, res: Response) => {
    const q = (req.query ?? {}) as Record<string, unknown>;
    const lang: AgentUiLang = q.lang === 'en' ? 'en' : q.lang === 'nb' ? 'nb' : /^en\b/i.test(req.header('accept-language') ?? '') ? 'en' : 'nb';
    const s = strings[lang];
    const other: AgentUiLang = lang === 'nb' ? 'en' : 'nb';
    const html = `<!doctype html>
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
    securityHeaders(res);
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    res.writeHead(200);
    res.end(html);
  });

  // --- session ---------------------------------------------------------------------------
  server.post(
    '/agent/api/login',
    route(o.logger, async (req, res) => {
      res.setHeader('Cache-Control', 'no-store');
      checkWrite(req);
      const address = clientAddress(req, o.trustProxy ?? false);
      await logins.check(address);
      const { id, password } = parseBody(req, LoginBody, 'Send {"id": "...", "password": "..."}.');
      const result = await o.auth.login(id.trim(), password, address);
      if (!result.ok) {
        if (result.problem === 'locked')
          throw new HttpError(429, 'Locked', 'Too many failed attempts.', { 'Retry-After': String(result.retryAfterSeconds ?? 900) });
        throw new HttpError(401, 'InvalidCredentials', 'Wrong agent id or password.');
      }
      o.logger.info({ agent: result.agent.id }, 'agent logged in');
      setSession(res, result.session, o.auth.sessionSeconds);
      res.status(200);
      res.json({ agent: result.agent });
    }),
  );

  server.post(
    '/agent/api/logout',
    handle(
      async (req, res) => {
        await o.auth.logout(cookie(req, COOKIE)!);
        setSession(res, '', 0);
        res.status(204);
        res.end();
      },
      { write: true },
    ),
  );

  server.get(
    '/agent/api/me',
    handle(async (_req, res, agent) => {
      res.json({ agent });
    }),
  );

  // --- queue -----------------------------------------------------------------------------
  server.get(
    '/agent/api/queue',
    handle(async (_req, res, agent) => {
      const open = await o.store.handoffs.listOpen();
      // Priority first (emergency is 0); within one priority, the agent's languages, then the longest wait.
      const items = open
        .map((h) => view(h, agent))
        .sort((a, b) => a.priority - b.priority || Number(b.speaksLanguage) - Number(a.speaksLanguage) || b.waitingSeconds - a.waitingSeconds);
      res.json({ items });
    }),
  );

  server.get(
    '/agent/api/topics',
    handle(async (_req, res) => {
      const topics = [...o.knowledge.topics.values()].map((t) => ({ id: t.id, title: t.languages.nb.title, answer: t.languages.nb.answer, link: t.link }));
      topics.sort((a, b) => a.title.localeCompare(b.title, 'nb'));
      res.json({ topics });
    }),
  );

  server.post(
    '/agent/api/handoffs/:id/claim',
    handle(
      async (req, res, agent) => {
        const claimed = await o.handoff.claim(handoffId(req), { id: agent.id, name: agent.name });
        if (!claimed) {
          const h = await o.store.handoffs.get(handoffId(req));
          if (!h) throw new HttpError(404, 'NotFound', 'No such handoff.');
          throw new HttpError(409, 'AlreadyTaken', 'Someone else has taken this conversation, or it has ended.');
        }
        o.logger.info({ agent: agent.id, handoff: claimed.id }, 'handoff claimed');
        res.json({ handoff: view(claimed, agent) });
      },
      { write: true },
    ),
  );

  server.get(
    '/agent/api/handoffs/:id',
    handle(async (req, res, agent) => {
      const h = await o.store.handoffs.get(handoffId(req));
      if (!h) throw new HttpError(404, 'NotFound', 'No such handoff.');
      if (h.agentId !== agent.id) throw new HttpError(403, 'NotYours', 'This conversation is not yours.');
      if (h.status === 'active') await o.store.handoffs.touchAgent(h.id, agent.id);
      const q = (req.query ?? {}) as Record<string, unknown>;
      const after = typeof q.after === 'string' && /^\d{1,9}$/.test(q.after) ? Number(q.after) : 0;
      const rows = await o.store.conversations.listAfter(h.conversationId, after);
      const activities = rows
        .filter((r) => r.activity.type === 'message')
        .map((r) => ({
          seq: r.seq,
          from: r.activity.from?.role === 'user' ? 'user' : r.activity.from?.id?.startsWith('agent:') ? 'agent' : 'bot',
          name: r.activity.from?.name ?? '',
          text: r.activity.text ?? '',
          timestamp: r.activity.timestamp,
        }));
      res.json({ handoff: view(h, agent), activities, watermark: rows.at(-1)?.seq ?? after });
    }),
  );

  server.post(
    '/agent/api/handoffs/:id/messages',
    handle(
      async (req, res, agent) => {
        const h = await ownHandoff(handoffId(req), agent);
        const { text } = parseBody(req, z.object({ text: z.string().trim().min(1) }), 'Send {"text": "..."}.');
        if (text.length > MAX_MESSAGE) throw new HttpError(400, 'TooLong', `At most ${MAX_MESSAGE} characters.`);
        await o.handoff.sendFromAgent(h, { id: agent.id, name: agent.name }, text.trim());
        res.status(201);
        res.json({ ok: true });
      },
      { write: true },
    ),
  );

  server.post(
    '/agent/api/handoffs/:id/knowledge',
    handle(
      async (req, res, agent) => {
        const h = await ownHandoff(handoffId(req), agent);
        const { topic } = parseBody(req, z.object({ topic: z.string().max(100).optional() }), 'Send {"topic": "<topic id>"}.');
        const t = topic ? o.knowledge.topics.get(topic) : undefined;
        if (!t) throw new HttpError(400, 'UnknownTopic', 'No such topic.');
        // The user's language when we write it; else the language the bot answered in.
        const answerLang = [h.lang, h.context.answerLanguage].find(isSupportedLanguage) ?? 'nb';
        const block = t.languages[answerLang];
        const text = block.answer.includes(t.link) ? block.answer : `${block.answer}\n\n${t.link}`;
        await o.handoff.sendFromAgent(h, { id: agent.id, name: agent.name }, `${block.title}\n\n${text}`);
        res.status(201);
        res.json({ ok: true, lang: answerLang });
      },
      { write: true },
    ),
  );

  // --- bookings at the offices -----------------------------------------------------------
  const dayBookings = async (req: Request) => {
    const q = (req.query ?? {}) as Record<string, unknown>;
    const office = typeof q.office === 'string' ? o.booking.office(q.office) : undefined;
    if (!office) throw new HttpError(400, 'BadArgument', 'office: an office id (see /agent/api/offices).');
    const m = typeof q.date === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(q.date) : null;
    const day = m ? { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) } : undefined;
    const real = day && new Date(Date.UTC(day.year, day.month - 1, day.day));
    if (!day || !real || real.getUTCMonth() !== day.month - 1 || real.getUTCDate() !== day.day) throw new HttpError(400, 'BadArgument', 'date: a real day, YYYY-MM-DD.');
    const from = zonedInstant(day, '00:00', 'Europe/Oslo');
    const to = zonedInstant(addDays(day, 1), '00:00', 'Europe/Oslo');
    const time = new Intl.DateTimeFormat('nb-NO', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Oslo' });
    return (await o.store.bookings.list(office.id, from, to)).map((b) => ({
      reference: b.reference,
      time: time.format(b.slotStart),
      start: b.slotStart.toISOString(),
      minutes: b.slotMinutes,
      topic: b.topic,
      language: b.lang,
      interpreter: b.interpreterLang,
      status: b.status,
      cancelReason: b.cancelReason,
    }));
  };

  server.get(
    '/agent/api/offices',
    handle(async (_req, res) => {
      res.json({ offices: o.knowledge.offices.offices.map((x) => ({ id: x.id, name: x.name })) });
    }),
  );

  server.get(
    '/agent/api/bookings',
    handle(async (req, res) => {
      res.json({ bookings: await dayBookings(req) });
    }),
  );

  server.get(
    '/agent/api/bookings.csv',
    handle(async (req, res) => {
      const rows = await dayBookings(req);
      const cell = (v: unknown) => {
        const s = v === null || v === undefined ? '' : String(v);
        // Quoted, and never read as a formula by a spreadsheet.
        return `"${(/^[=+\-@]/.test(s) ? `'${s}` : s).replace(/"/g, '""')}"`;
      };
      const header = ['reference', 'time', 'start', 'minutes', 'topic', 'language', 'interpreter', 'status', 'cancelReason'];
      const csv = [header.join(','), ...rows.map((r) => header.map((h) => cell(r[h as keyof typeof r])).join(','))].join('\r\n');
      const q = (req.query ?? {}) as Record<string, string>;
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      res.setHeader('Content-Disposition', `attachment; filename="bookings-${q.office}-${q.date}.csv"`);
      res.writeHead(200);
      res.end(`\ufeff${csv}\r\n`);
    }),
  );

  server.post(
    '/agent/api/bookings/:reference/cancel',
    handle(
      async (req, res, agent) => {
        const { reason } = parseBody(req, z.object({ reason: z.string().trim().min(1).max(500) }), 'reason: a short text.');
        const cancelled = await o.booking.cancel(String(req.params.reference), maskPii(reason).text);
        if (!cancelled) throw new HttpError(404, 'NotFound', 'No active booking with that reference.');
        o.logger.info({ agent: agent.id, booking: cancelled.reference }, 'booking cancelled by an agent');
        res.json({ booking: { reference: cancelled.reference, status: cancelled.status } });
      },
      { write: true },
    ),
  );

  server.post(
    '/agent/api/handoffs/:id/end',
    handle(
      async (req, res, agent) => {
        const { outcome, note } = parseBody(req, z.object({ outcome: z.enum(OUTCOMES), note: z.string().max(2000).optional() }), `outcome: one of ${OUTCOMES.join(', ')}; note: at most 2000 characters.`);
        const ended = await o.handoff.end(handoffId(req), agent.id, outcome, typeof note === 'string' ? maskPii(note).text : '');
        if (!ended) throw new HttpError(409, 'NotYours', 'This conversation is not open with you.');
        o.logger.info({ agent: agent.id, handoff: ended.id, outcome }, 'handoff ended');
        res.json({ handoff: view(ended, agent) });
      },
      { write: true },
    ),
  );
}
