/** The Direct Line v3 subset over HTTP: a thin layer over DirectLineService. */
import type { Request, Response, Server } from 'restify';
import type { Logger } from 'pino';
import { languageFromLocale } from '../shared/languages.ts';
import { DirectLineError, type DirectLineService } from './directLineService.ts';
import { bearerToken, clientAddress, RateLimiter, sendError } from './http.ts';
import { IdentityError, type IdentityVerifier, type VerifiedIdentity } from '../services/identity.ts';

export interface DirectLineRouteOptions {
  service: DirectLineService;
  /** Verifies an ID token sent to tokens/generate; without one, identity tokens are refused. */
  identity?: IdentityVerifier;
  logger: Logger;
  trustProxy: boolean;
  tokensPerMinute: number;
  messagesPerMinute: number;
}

const STATUS: Record<DirectLineError['problem'], [number, string]> = {
  'bad-request': [400, 'BadArgument'],
  forbidden: [403, 'TokenExpiredOrInvalid'],
  'not-found': [404, 'ConversationNotFound'],
};

export function registerDirectLine(server: Server, o: DirectLineRouteOptions): void {
  const tokenLimiter = new RateLimiter(o.tokensPerMinute);
  const messageLimiter = new RateLimiter(o.messagesPerMinute);
  const base = '/v3/directline';

  const handle =
    (fn: (req: Request, res: Response) => Promise<void>) =>
    async (req: Request, res: Response): Promise<void> => {
      try {
        await fn(req, res);
      } catch (err) {
        if (err instanceof DirectLineError) {
          const [status, code] = STATUS[err.problem];
          sendError(res, status, code, err.message);
          return;
        }
        o.logger.error({ err: { name: (err as Error).name, message: (err as Error).message }, route: req.getRoute()?.path }, 'direct line request failed');
        sendError(res, 503, 'ServiceUnavailable', 'The chat service is unavailable right now. Please try again shortly.');
      }
    };

  const limited = (limiter: RateLimiter, key: string, res: Response): boolean => {
    const wait = limiter.take(key);
    if (wait === 0) return false;
    sendError(res, 429, 'TooManyRequests', `Too many requests. Try again in ${wait} s.`, { 'Retry-After': String(wait) });
    return true;
  };

  server.post(
    `${base}/tokens/generate`,
    handle(async (req, res) => {
      if (limited(tokenLimiter, clientAddress(req, o.trustProxy), res)) return;
      const body = (req.body && typeof req.body === 'object' ? req.body : {}) as { user?: { id?: unknown }; locale?: unknown };
      const userId = typeof body.user?.id === 'string' && /^dl_[\w-]{1,64}$/.test(body.user.id) ? body.user.id : undefined;
      const lang = typeof body.locale === 'string' ? languageFromLocale(body.locale) : undefined;
      // An ID token from the host page binds a verified person to the new conversation.
      const idToken = bearerToken(req);
      let identity: VerifiedIdentity | undefined;
      if (idToken) {
        if (!o.identity) return sendError(res, 401, 'IdentityNotSupported', 'This server verifies no ID tokens. Start the conversation without one.');
        try {
          identity = await o.identity.verify(idToken);
        } catch (err) {
          if (err instanceof IdentityError) return sendError(res, 401, 'InvalidIdToken', err.message);
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
      const claims = await o.service.authorize(bearerToken(req), req.params.conversationId);
      const { grant } = await o.service.start(claims);
      res.status(200);
      res.json(grant);
    }),
  );

  server.post(
    `${base}/conversations/:conversationId/activities`,
    handle(async (req, res) => {
      const claims = await o.service.authorize(bearerToken(req), req.params.conversationId);
      if (limited(messageLimiter, claims.conversationId, res)) return;
      const result = await o.service.post(claims, req.body, { origin: requestOrigin(req, o.trustProxy) });
      res.status(200);
      res.json(result);
    }),
  );

  server.get(
    `${base}/conversations/:conversationId/activities`,
    handle(async (req, res) => {
      const claims = await o.service.authorize(bearerToken(req), req.params.conversationId);
      const watermark = typeof req.query?.watermark === 'string' ? req.query.watermark : undefined;
      res.status(200);
      res.json(await o.service.list(claims.conversationId, watermark));
    }),
  );

  server.post(
    `${base}/conversations/:conversationId/upload`,
    handle(async (_req, res) => {
      sendError(res, 400, 'NotSupported', 'File upload is not supported in this chat.');
    }),
  );
}

/** The origin the client reached us at (the proxy's, when we trust it), for absolute links. */
function requestOrigin(req: Request, trustProxy: boolean): string | undefined {
  const host = (trustProxy ? req.header('x-forwarded-host') : undefined) ?? req.header('host');
  if (!host || !/^[\w.-]+(:\d{1,5})?$/.test(host)) return undefined;
  const proto = trustProxy && req.header('x-forwarded-proto') === 'https' ? 'https' : (req as unknown as { isSecure(): boolean }).isSecure?.() ? 'https' : 'http';
  return `${proto}://${host}`;
}
