/**
 * POST /api/messages for Bot Framework channels. With an app id, channel JWTs are required.
 * Without one, authentication is off and replies go to whatever serviceUrl a request names, so
 * the endpoint then answers only loopback callers with a loopback serviceUrl, and only when the
 * Emulator setting is on; otherwise it is off.
 */
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ActivityHandler,
  type TurnContext,
} from 'botbuilder';
import type { Request, Response, Server } from 'restify';
import type { Config } from '../config.ts';
import type { Logger } from 'pino';
import { HttpError, isLoopback, isLoopbackHttpUrl, route, sendError } from './http.ts';

export interface BotFrameworkRouteOptions {
  config: Config['botFramework'];
  bot: ActivityHandler;
  /** Adds middleware and onTurnError to the adapter. */
  prepare: (adapter: CloudAdapter) => void;
  logger: Logger;
}

export function registerBotFramework(server: Server, o: BotFrameworkRouteOptions): CloudAdapter | undefined {
  const { appId, emulator } = o.config;
  if (!appId && !emulator) {
    server.post('/api/messages', async (_req: Request, res: Response) =>
      sendError(
        res,
        404,
        'EndpointOff',
        'The Bot Framework endpoint is off. Set MicrosoftAppId and MicrosoftAppPassword, or BOTFRAMEWORK_EMULATOR=true for the local Emulator.',
      ),
    );
    return undefined;
  }
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: appId ?? '',
    MicrosoftAppPassword: o.config.appPassword ?? '',
    MicrosoftAppType: o.config.appType ?? (appId ? 'MultiTenant' : ''),
    MicrosoftAppTenantId: o.config.tenantId ?? '',
  });
  const adapter = new CloudAdapter(auth);
  o.prepare(adapter);

  server.post(
    '/api/messages',
    route(o.logger, async (req: Request, res: Response) => {
      const body = req.body as Record<string, unknown> | undefined;
      if (!body || typeof body !== 'object' || Array.isArray(body) || typeof body.type !== 'string' || !body.type)
        throw new HttpError(400, 'BadArgument', 'The body must be a Bot Framework activity with a type.');
      // Without an app id nothing is authenticated: reply only to a loopback Emulator, by a parsed
      // http(s) URL whose host is a loopback literal or exactly "localhost" (never a prefix test).
      if (!appId && (!isLoopback(req.socket?.remoteAddress) || !isLoopbackHttpUrl(body.serviceUrl)))
        throw new HttpError(
          403,
          'Forbidden',
          'Without an app id only the local Emulator (loopback caller and an http(s) loopback serviceUrl) may use this endpoint.',
        );
      await adapter.process(req, res, (context: TurnContext) => o.bot.run(context));
    }),
  );
  return adapter;
}
