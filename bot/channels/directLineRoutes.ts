/** The Direct Line v3 subset over HTTP: a thin layer over DirectLineService. */
import type { Request, Response, Server } from 'restify';
import type { Logger } from 'pino';
import { z } from 'zod';
import { languageFromLocale } from '../shared/languages.ts';
import type { DirectLineService } from './directLineService.ts';
import { bearerToken, clientAddress, HttpError, parseBody, RateLimiter, route, type RateLimitBackend } from './http.ts';
import { IdentityError, type IdentityVerifier, type VerifiedIdentity } from '../services/identity.ts';

export interface DirectLineRouteOptions {
  service: DirectLineService;
  /** Verifies an ID token sent to tokens/generate; without one, identity tokens are refused. */
  identity?: IdentityVerifier;
  logger: Logger;
  trustProxy: boolean;
  /** Where the rate limits are counted (the store, shared by every instance). */
  limits: RateLimitBackend;
  tokensPerMinute: number;
  messagesPerMinute: number;
  pollsPerMinute: number;
  refreshesPerMinute: number;
}

const GenerateBody = z
  .object({
    // Web Chat sends its own user id and locale; anything we do not recognise is ignored, not refused.
    user: z
      .object({ id: z.string().max(200).optional(), name: z.string().max(200).optional() })
      .passthrough()
      .optional(),
    locale: z.string().max(40).optional(),
  })
  .passthrough();

export function registerDirectLine(server: Server, o: DirectLineRouteOptions): void {
  const tokens = new RateLimiter(o.limits, 'dl-token', o.tokensPerMinute);
  const messages = new RateLimiter(o.limits, 'dl-message', o.messagesPerMinute);
  const polls = new RateLimiter(o.limits, 'dl-poll', o.pollsPerMinute);
  const refreshes = new RateLimiter(o.limits, 'dl-refresh', o.refreshesPerMinute);
  const base = '/v3/directline';
  const handle = (fn: (req: Request, res: Response) => Promise<void>) => route(o.logger, fn);

  server.post(
    `${base}/tokens/generate`,
    handle(async (req, res) => {
      await tokens.check(clientAddress(req, o.trustProxy));
      const body = parseBody(req, GenerateBody, 'Send {"user": {"id": "dl_..."}, "locale": "nb"} or an empty body.');
      const id = body.user?.id;
      const userId = typeof id === 'string' && /^dl_[\w-]{1,64}$/.test(id) ? id : undefined;
      const lang = body.locale ? languageFromLocale(body.locale) : undefined;
      // An ID token from the host page binds a verified person to the new conversation.
      const idToken = bearerToken(req);
      let identity: VerifiedIdentity | undefined;
      if (idToken) {
        if (!o.identity)
          throw new HttpError(
            401,
            'IdentityNotSupported',
            'This server verifies no ID tokens. Start the conversation without one.',
          );
        try {
          identity = await o.identity.verify(idToken);
        } catch (err) {
          if (err instanceof IdentityError) throw new HttpError(401, 'InvalidIdToken', err.message);
          throw err;
        }
      }
      res.status(200);
      res.json(await o.service.createConversation({ userId, locale: lang, identity }));
    }),
  );

  server.post(
    `${base}/tokens/refresh`,
    handle(async (req, res) => {
      const claims = await o.service.authorize(bearerToken(req));
      await refreshes.check(claims.conversationId);
      res.status(200);
      res.json(await o.service.refresh(claims));
    }),
  );

  server.post(
    `${base}/conversations`,
    handle(async (req, res) => {
      const claims = await o.service.authorize(bearerToken(req));
      const { grant, created } = await o.service.start(claims);
      res.status(created ? 201 : 200);
      res.json(grant);
    }),
  );

  server.get(
    `${base}/conversations/:conversationId`,
    handle(async (req, res) => {
      const claims = await o.service.authorize(bearerToken(req), String(req.params.conversationId));
      const { grant } = await o.service.start(claims);
      res.status(200);
      res.json(grant);
    }),
  );

  server.post(
    `${base}/conversations/:conversationId/activities`,
    handle(async (req, res) => {
      const claims = await o.service.authorize(bearerToken(req), String(req.params.conversationId));
      await messages.check(claims.conversationId);
      const result = await o.service.post(claims, req.body, { origin: requestOrigin(req, o.trustProxy) });
      res.status(200);
      res.json(result);
    }),
  );

  server.get(
    `${base}/conversations/:conversationId/activities`,
    handle(async (req, res) => {
      const claims = await o.service.authorize(bearerToken(req), String(req.params.conversationId));
      await polls.check(claims.conversationId);
      const watermark = req.query?.watermark;
      if (watermark !== undefined && typeof watermark !== 'string')
        throw new HttpError(400, 'BadArgument', 'Give one watermark.');
      res.status(200);
      res.json(await o.service.list(claims.conversationId, watermark));
    }),
  );

  server.post(
    `${base}/conversations/:conversationId/upload`,
    handle(async () => {
      throw new HttpError(400, 'NotSupported', 'File upload is not supported in this chat.');
    }),
  );
}

/** The origin the client reached us at (the proxy's, when we trust it), for absolute links. */
function requestOrigin(req: Request, trustProxy: boolean): string | undefined {
  const host = (trustProxy ? req.header('x-forwarded-host') : undefined) ?? req.header('host');
  if (!host || !/^[\w.-]+(:\d{1,5})?$/.test(host)) return undefined;
  const proto =
    trustProxy && req.header('x-forwarded-proto') === 'https'
      ? 'https'
      : (req as unknown as { isSecure(): boolean }).isSecure?.()
        ? 'https'
        : 'http';
  return `${proto}://${host}`;
}
