/**
 * The demo identity provider (embedded default only; refused in production and beside a real
 * issuer): demo people, a login that returns a signed ID token, and the key set that verifies it.
 */
import type { Request, Response, Server } from 'restify';
import type { Logger } from 'pino';
import type { Store } from '../store/index.ts';
import { demoPeople } from '../services/cases.ts';
import type { DemoIdentityProvider } from '../services/identity.ts';
import { sendError } from './http.ts';

export function registerDemoIdentity(server: Server, o: { provider: DemoIdentityProvider; store: Store; logger: Logger }): void {
  const guard =
    (fn: (req: Request, res: Response) => Promise<void>) =>
    async (req: Request, res: Response): Promise<void> => {
      res.setHeader('Cache-Control', 'no-store');
      try {
        await fn(req, res);
      } catch (err) {
        o.logger.error({ err: { name: (err as Error).name, message: (err as Error).message } }, 'demo identity request failed');
        sendError(res, 503, 'ServiceUnavailable', 'The demo login is unavailable right now.');
      }
    };

  server.get(
    '/demo/people',
    guard(async (_req, res) => {
      // Display names and situations only: the (synthetic) identity numbers stay on the server.
      res.json({ demo: true, people: (await demoPeople(o.store)).map((p) => ({ id: p.id, name: p.name, situation: p.situation })) });
    }),
  );

  server.post(
    '/demo/login',
    guard(async (req, res) => {
      const body = (req.body && typeof req.body === 'object' ? req.body : {}) as { person?: unknown };
      const person = (await demoPeople(o.store)).find((p) => p.id === body.person);
      if (!person) return sendError(res, 404, 'UnknownPerson', 'No demo person with that id. See GET /demo/people.');
      res.json({ id_token: await o.provider.issue(person.nationalId), demo: true });
    }),
  );

  server.get(
    '/demo/jwks.json',
    guard(async (_req, res) => {
      res.json(o.provider.jwks);
    }),
  );
}
