/**
 * Agent sessions and the same-origin guard of the agent console: the session is an HttpOnly,
 * SameSite=Strict cookie scoped to /agent, and every state-changing request must be JSON from our
 * own origin (a form post or another site's script gets 415 or 403).
 */
import type { Request, Response } from 'restify';
import type { Logger } from 'pino';
import type { Agent, AgentAuth } from '../services/agents.ts';
import { HttpError, route, type Handler } from './http.ts';

const COOKIE = 'veiviser_agent';

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

/** JSON only, from our own page: a form post or another site's script gets 415/403. */
export function requireSameOriginJson(req: Request): void {
  if (!/^application\/json\b/i.test(req.header('content-type') ?? ''))
    throw new HttpError(415, 'UnsupportedMediaType', 'Send JSON.');
  const origin = req.header('origin');
  if (origin && origin !== `http://${req.header('host')}` && origin !== `https://${req.header('host')}`)
    throw new HttpError(403, 'Forbidden', 'Cross-origin requests are not allowed.');
}

export type AgentHandler = (req: Request, res: Response, agent: Agent) => Promise<void>;

export class AgentSessions {
  constructor(
    private readonly auth: AgentAuth,
    private readonly logger: Logger,
    /** Secure cookies (HTTPS only) in production. */
    private readonly secureCookies: boolean,
  ) {}

  /** The session cookie of the request, if any. */
  current(req: Request): string | undefined {
    return cookie(req, COOKIE);
  }

  /** Sets the session cookie; an empty value with `maxAge` 0 removes it. */
  set(res: Response, value: string, maxAge: number): void {
    res.setHeader(
      'Set-Cookie',
      `${COOKIE}=${encodeURIComponent(value)}; Path=/agent; HttpOnly; SameSite=Strict; Max-Age=${maxAge}${this.secureCookies ? '; Secure' : ''}`,
    );
  }

  /** An API route never cached, for a logged-in agent only; `write`: also JSON from our own origin. */
  guarded(fn: AgentHandler, options: { write?: boolean } = {}): Handler {
    return route(this.logger, async (req, res) => {
      res.setHeader('Cache-Control', 'no-store');
      if (options.write) requireSameOriginJson(req);
      const agent = await this.auth.authenticate(this.current(req));
      if (!agent) throw new HttpError(401, 'Unauthorized', 'Log in first.');
      await fn(req, res, agent);
    });
  }
}
