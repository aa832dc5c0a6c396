/**
 * The agent console's JSON API under /agent/api (the page is agentPage.ts): each route parses the
 * request, calls the agent desk and answers. Sessions and the same-origin guard are in agentSession.ts.
 */
import type { Request, Server } from 'restify';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { AgentAuth } from '../services/agents.ts';
import { BOOKING_COLUMNS, isRefusal, OUTCOMES, type AgentDesk, type Refusal } from '../services/agentDesk.ts';
import type { LocalDate } from '../services/calendar.ts';
import { clientAddress, HttpError, parseBody, RateLimiter, route, type RateLimitBackend } from './http.ts';
import { registerAgentPage } from './agentPage.ts';
import { AgentSessions, requireSameOriginJson } from './agentSession.ts';
import { sendCsv, toCsv } from './agentCsv.ts';

const MAX_MESSAGE = 4000;

export interface AgentConsoleOptions {
  auth: AgentAuth;
  desk: AgentDesk;
  logger: Logger;
  /** Secure cookies (HTTPS only) in production. */
  secureCookies: boolean;
  localesDir: string;
  /** Shared rate-limit counters (the store). */
  limits: RateLimitBackend;
  /** Login attempts per client address per minute, whatever the agent id. */
  loginsPerMinute?: number;
  trustProxy?: boolean;
}

/** A handoff id from the path: a positive integer, or no such handoff. */
function handoffId(req: Request): string {
  const id = String(req.params.id ?? '');
  if (!/^[1-9]\d{0,14}$/.test(id)) throw new HttpError(404, 'NotFound', 'No such handoff.');
  return id;
}

const REFUSALS: Record<Refusal['refused'], [number, string, string]> = {
  'not-found': [404, 'NotFound', 'No such handoff.'],
  'not-yours': [403, 'NotYours', 'This conversation is not yours.'],
  'not-open': [409, 'NotYours', 'This conversation is not open with you.'],
  taken: [409, 'AlreadyTaken', 'Someone else has taken this conversation, or it has ended.'],
  'unknown-topic': [400, 'UnknownTopic', 'No such topic.'],
};

/** The desk's answer, or the status its refusal stands for. */
function granted<T>(result: T | Refusal): T {
  if (!isRefusal(result)) return result;
  const [status, code, message] = REFUSALS[result.refused];
  throw new HttpError(status, code, message);
}

/** `office` and `date` (YYYY-MM-DD, a real day) from the query. */
function officeDay(req: Request, desk: AgentDesk): { office: string; day: LocalDate; date: string } {
  const q = (req.query ?? {}) as Record<string, unknown>;
  if (typeof q.office !== 'string' || !desk.hasOffice(q.office))
    throw new HttpError(400, 'BadArgument', 'office: an office id (see /agent/api/offices).');
  const m = typeof q.date === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(q.date) : null;
  const day = m ? { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) } : undefined;
  const real = day && new Date(Date.UTC(day.year, day.month - 1, day.day));
  if (!day || !real || real.getUTCMonth() !== day.month - 1 || real.getUTCDate() !== day.day)
    throw new HttpError(400, 'BadArgument', 'date: a real day, YYYY-MM-DD.');
  return { office: q.office, day, date: q.date as string };
}

const LoginBody = z.object({ id: z.string().trim().min(1).max(100), password: z.string().min(1).max(200) });
const MessageBody = z.object({ text: z.string().trim().min(1) });
const KnowledgeBody = z.object({ topic: z.string().max(100).optional() });
const EndBody = z.object({ outcome: z.enum(OUTCOMES), note: z.string().max(2000).optional() });
const CancelBody = z.object({ reason: z.string().trim().min(1).max(500) });

export function registerAgentConsole(server: Server, o: AgentConsoleOptions): void {
  const { desk, logger } = o;
  const logins = new RateLimiter(o.limits, 'agent-login', o.loginsPerMinute ?? 10);
  const sessions = new AgentSessions(o.auth, logger, o.secureCookies);
  const write = { write: true };

  registerAgentPage(server, o.localesDir);

  // --- session ---------------------------------------------------------------------------
  server.post(
    '/agent/api/login',
    route(logger, async (req, res) => {
      res.setHeader('Cache-Control', 'no-store');
      requireSameOriginJson(req);
      const address = clientAddress(req, o.trustProxy ?? false);
      await logins.check(address);
      const { id, password } = parseBody(req, LoginBody, 'Send {"id": "...", "password": "..."}.');
      const result = await o.auth.login(id.trim(), password, address);
      if (!result.ok) {
        if (result.problem === 'locked')
          throw new HttpError(429, 'Locked', 'Too many failed attempts.', {
            'Retry-After': String(result.retryAfterSeconds ?? 900),
          });
        throw new HttpError(401, 'InvalidCredentials', 'Wrong agent id or password.');
      }
      logger.info({ agent: result.agent.id }, 'agent logged in');
      sessions.set(res, result.session, o.auth.sessionSeconds);
      res.status(200);
      res.json({ agent: result.agent });
    }),
  );

  server.post(
    '/agent/api/logout',
    sessions.guarded(async (req, res) => {
      await o.auth.logout(sessions.current(req)!);
      sessions.set(res, '', 0);
      res.status(204);
      res.end();
    }, write),
  );

  server.get(
    '/agent/api/me',
    sessions.guarded(async (_req, res, agent) => {
      res.json({ agent });
    }),
  );

  // --- queue and conversations -----------------------------------------------------------
  server.get(
    '/agent/api/queue',
    sessions.guarded(async (_req, res, agent) => {
      res.json({ items: await desk.queue(agent) });
    }),
  );

  server.get(
    '/agent/api/topics',
    sessions.guarded(async (_req, res) => {
      res.json({ topics: desk.topics() });
    }),
  );

  server.post(
    '/agent/api/handoffs/:id/claim',
    sessions.guarded(async (req, res, agent) => {
      const handoff = granted(await desk.claim(handoffId(req), agent));
      logger.info({ agent: agent.id, handoff: handoff.id }, 'handoff claimed');
      res.json({ handoff });
    }, write),
  );

  server.get(
    '/agent/api/handoffs/:id',
    sessions.guarded(async (req, res, agent) => {
      const q = (req.query ?? {}) as Record<string, unknown>;
      const after = typeof q.after === 'string' && /^\d{1,9}$/.test(q.after) ? Number(q.after) : 0;
      res.json(granted(await desk.transcript(handoffId(req), agent, after)));
    }),
  );

  server.post(
    '/agent/api/handoffs/:id/messages',
    sessions.guarded(async (req, res, agent) => {
      const h = granted(await desk.ownActive(handoffId(req), agent));
      const { text } = parseBody(req, MessageBody, 'Send {"text": "..."}.');
      if (text.length > MAX_MESSAGE) throw new HttpError(400, 'TooLong', `At most ${MAX_MESSAGE} characters.`);
      await desk.sendMessage(h, agent, text.trim());
      res.status(201);
      res.json({ ok: true });
    }, write),
  );

  server.post(
    '/agent/api/handoffs/:id/knowledge',
    sessions.guarded(async (req, res, agent) => {
      const h = granted(await desk.ownActive(handoffId(req), agent));
      const { topic } = parseBody(req, KnowledgeBody, 'Send {"topic": "<topic id>"}.');
      const { lang } = granted(await desk.sendKnowledge(h, agent, topic));
      res.status(201);
      res.json({ ok: true, lang });
    }, write),
  );

  server.post(
    '/agent/api/handoffs/:id/end',
    sessions.guarded(async (req, res, agent) => {
      const { outcome, note } = parseBody(
        req,
        EndBody,
        `outcome: one of ${OUTCOMES.join(', ')}; note: at most 2000 characters.`,
      );
      const handoff = granted(await desk.end(handoffId(req), agent, outcome, note));
      logger.info({ agent: agent.id, handoff: handoff.id, outcome }, 'handoff ended');
      res.json({ handoff });
    }, write),
  );

  // --- bookings at the offices -----------------------------------------------------------
  server.get(
    '/agent/api/offices',
    sessions.guarded(async (_req, res) => {
      res.json({ offices: desk.offices() });
    }),
  );

  server.get(
    '/agent/api/bookings',
    sessions.guarded(async (req, res) => {
      const { office, day } = officeDay(req, desk);
      res.json({ bookings: await desk.bookingsOn(office, day) });
    }),
  );

  server.get(
    '/agent/api/bookings.csv',
    sessions.guarded(async (req, res) => {
      const { office, day, date } = officeDay(req, desk);
      sendCsv(res, `bookings-${office}-${date}.csv`, toCsv(BOOKING_COLUMNS, await desk.bookingsOn(office, day)));
    }),
  );

  server.post(
    '/agent/api/bookings/:reference/cancel',
    sessions.guarded(async (req, res, agent) => {
      const { reason } = parseBody(req, CancelBody, 'reason: a short text.');
      const cancelled = await desk.cancelBooking(String(req.params.reference), reason);
      if (!cancelled) throw new HttpError(404, 'NotFound', 'No active booking with that reference.');
      logger.info({ agent: agent.id, booking: cancelled.reference }, 'booking cancelled by an agent');
      res.json({ booking: { reference: cancelled.reference, status: cancelled.status } });
    }, write),
  );
}
