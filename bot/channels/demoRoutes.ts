/**
 * The demo identity provider (embedded default only; refused in production and beside a real
 * issuer): demo people, a login that returns a signed ID token, and the key set that verifies it.
 */
import type { Request, Response, Server } from 'restify';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { DemoPerson } from '../services/cases.ts';
import type { DemoIdentityProvider } from '../services/identity.ts';
import { HttpError, parseBody, route } from './http.ts';

const LoginBody = z.object({ person: z.string().max(100) });

export function registerDemoIdentity(
  server: Server,
  o: { provider: DemoIdentityProvider; people: () => Promise<DemoPerson[]>; logger: Logger },
): void {
  const guard = (fn: (req: Request, res: Response) => Promise<void>) =>
    route(o.logger, async (req, res) => {
      res.setHeader('Cache-Control', 'no-store');
      await fn(req, res);
    });

  server.get(
    '/demo/people',
    guard(async (_req, res) => {
      // Display names and situations only: the (synthetic) identity numbers stay on the server.
      res.json({
        demo: true,
        people: (await o.people()).map((p) => ({ id: p.id, name: p.name, situation: p.situation })),
      });
    }),
  );

  server.post(
    '/demo/login',
    guard(async (req, res) => {
      const { person: id } = parseBody(req, LoginBody, 'Send {"person": "<id>"}.');
      const person = (await o.people()).find((p) => p.id === id);
      if (!person) throw new HttpError(404, 'UnknownPerson', 'No demo person with that id. See GET /demo/people.');
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
