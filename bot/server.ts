/**
 * Composition root: builds the store, content, bot and channels from a Config, and serves them
 * with restify. Tests call `createApp` with their own config and stop it with `close`.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import restify, { type Request, type Response, type Server } from 'restify';
import { ConversationState, type CloudAdapter } from 'botbuilder';
import type { Config } from './config.ts';
import type { Logger } from './logger.ts';
import { openStore, type Store } from './store/index.ts';
import { createTranslator, type Translator } from './knowledge/locales.ts';
import type { Contact } from './knowledge/contact.ts';
import type { Knowledge } from './knowledge/index.ts';
import { loadContentBuild } from './knowledge/build.ts';
import type { Router } from './understanding/router.ts';
import { GuidanceBot, createTurnErrorHandler } from './conversation/guidanceBot.ts';
import { PiiMaskingMiddleware, TurnLogMiddleware } from './conversation/middleware.ts';
import { DirectLineService } from './channels/directLineService.ts';
import { registerDirectLine } from './channels/directLineRoutes.ts';
import { registerBotFramework } from './channels/botFrameworkRoutes.ts';
import { AssetServer, registerPages } from './channels/pages.ts';
import { Metrics } from './channels/metrics.ts';
import { TokenService } from './channels/tokens.ts';
import { HttpError, route, sendError } from './channels/http.ts';
import { jsonBodyReader } from './channels/body.ts';
import { registerAgentConsole } from './channels/agentRoutes.ts';
import { HandoffService } from './services/handoff.ts';
import { AgentAuth, resetDemoAgent } from './services/agents.ts';
import { CaseService, DemoCaseProvider, HttpCaseProvider, demoPeople } from './services/cases.ts';
import { DemoIdentityProvider, IdentityVerifier } from './services/identity.ts';
import { registerDemoIdentity } from './channels/demoRoutes.ts';
import { BookingService } from './services/booking.ts';
import { AgentDesk } from './services/agentDesk.ts';
import { ConversationService } from './services/conversations.ts';

export const ROOT_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
export const MAX_BODY_BYTES = 64 * 1024;

export interface AppPaths {
  contentDir: string;
  localesDir: string;
  publicDir: string;
}

export const DEFAULT_PATHS: AppPaths = {
  contentDir: join(ROOT_DIR, 'content'),
  localesDir: join(ROOT_DIR, 'locales'),
  publicDir: join(ROOT_DIR, 'public'),
};

/** Everything the bot needs except HTTP; also used by the terminal chat. */
export interface Core {
  store: Store;
  translator: Translator;
  contact: Contact;
  knowledge: Knowledge;
  router: Router;
  bot: GuidanceBot;
  directLine: DirectLineService;
  metrics: Metrics;
  handoff: HandoffService;
  cases: CaseService;
  booking: BookingService;
  /** The agent console's side of handoffs and bookings. */
  desk: AgentDesk;
  /** Verifies ID tokens at tokens/generate (a real provider, the demo one, or none). */
  identity?: IdentityVerifier;
  demoIdentity?: DemoIdentityProvider;
}

export interface CoreOptions {
  paths?: AppPaths;
  /** An in-memory PGlite instead of DATA_DIR (the terminal chat, so it never competes with a running server). */
  inMemory?: boolean;
  /** The clock for opening hours (tests pin it). */
  now?: () => Date;
}

export async function createCore(config: Config, logger: Logger, options: CoreOptions = {}): Promise<Core> {
  const paths = options.paths ?? DEFAULT_PATHS;
  const translator = createTranslator(paths.localesDir);
  // Content is validated once, before the store opens: broken content stops the start with file:line errors.
  // The router is built once per content version and process (several apps in one process share it).
  const { knowledge, router } = loadContentBuild(paths);
  const contact = knowledge.contact;
  const store = await openStore(
    config.databaseUrl
      ? { engine: 'postgres', connectionString: config.databaseUrl }
      : { engine: 'pglite', dataDir: options.inMemory ? undefined : join(config.dataDir, 'pglite') },
  );
  const conversationState = new ConversationState(store.state);
  const handoff = new HandoffService(
    store,
    contact,
    knowledge.escalation,
    (id) => knowledge.topics.get(id)?.languages.nb.title,
    config.handoff,
    undefined,
    options.now,
  );
  const demoIdentity = config.identity.demo ? await DemoIdentityProvider.create() : undefined;
  const identity = config.identity.oidc ? IdentityVerifier.remote(config.identity.oidc) : demoIdentity?.verifier();
  const caseProvider = config.cases.apiUrl
    ? new HttpCaseProvider({
        baseUrl: config.cases.apiUrl,
        apiKey: config.cases.apiKey,
        timeoutMs: config.cases.timeoutMs,
      })
    : demoIdentity
      ? new DemoCaseProvider(store)
      : undefined;
  const cases = new CaseService(store, caseProvider, options.now);
  const metrics = new Metrics({ defaults: true });
  const observe = {
    screenerResult: (topics: readonly string[]) => topics.forEach((topic) => metrics.screenerResults.inc({ topic })),
    handoff: (reason: string, outcome: string) => metrics.handoffs.inc({ reason, outcome }),
  };
  const booking = new BookingService(store, knowledge.offices, contact.holidays, config.tokenSecret, options.now);
  const bot = new GuidanceBot({
    conversationState,
    translator,
    contact,
    knowledge,
    router,
    handoff,
    cases,
    booking,
    observe,
    now: options.now,
  });
  const directLine = new DirectLineService(
    new ConversationService(store),
    new TokenService(config.tokenSecret, config.tokenTtlSeconds),
    bot,
    {
      publicNumbers: [contact.phone, contact.phoneFromAbroad],
    },
  );
  handoff.attach(directLine);
  const desk = new AgentDesk({
    store,
    handoff,
    booking,
    knowledge,
    userTimeoutSeconds: config.handoff.userTimeoutSeconds,
  });
  const prepare = prepareAdapter(bot, translator, contact, logger, metrics);
  prepare(directLine.adapter);
  return {
    store,
    translator,
    contact,
    knowledge,
    router,
    bot,
    directLine,
    metrics,
    handoff,
    cases,
    booking,
    desk,
    identity,
    demoIdentity,
    ...{ prepare },
  };
}

function prepareAdapter(bot: GuidanceBot, translator: Translator, contact: Contact, logger: Logger, metrics: Metrics) {
  return (adapter: CloudAdapter) => {
    adapter.use(new PiiMaskingMiddleware([contact.phone, contact.phoneFromAbroad]));
    adapter.use(new TurnLogMiddleware(logger, metrics.observeTurn));
    adapter.onTurnError = createTurnErrorHandler(bot, translator, contact, (err, context) =>
      logger.error({ err, conversationId: context.activity.conversation?.id }, 'turn failed'),
    );
  };
}

export interface App {
  server: Server;
  core: Core;
  /** Resolves with the port actually bound (PORT=0 picks a free one). */
  listen(): Promise<number>;
  close(): Promise<void>;
}

export async function createApp(
  config: Config,
  logger: Logger,
  paths: AppPaths = DEFAULT_PATHS,
  options: Pick<CoreOptions, 'now'> = {},
): Promise<App> {
  const assets = new AssetServer(paths.publicDir);
  // Compressing runs on the thread pool while the content and the store load.
  const compressed = assets.compress();
  compressed.catch(() => {}); // awaited below; a start-up that fails first must not leave it unhandled
  const core = await createCore(config, logger, { paths, ...options });
  await compressed;

  const server = restify.createServer({ name: 'veiviser', handleUncaughtExceptions: false });
  server.pre(restify.pre.sanitizePath());
  server.use(restify.plugins.queryParser({ mapParams: false }));
  // Our own reader, not restify's bodyParser: JSON only, the limit counted after inflating, never a file on disk.
  server.use(jsonBodyReader(MAX_BODY_BYTES));

  // Every error restify itself raises (413, malformed JSON, unknown route…) leaves as
  // `{ "error": { code, message } }`, never with a stack trace.
  server.on(
    'restifyError',
    (
      _req: Request,
      _res: Response,
      err: Error & { statusCode?: number; body?: { code?: string } },
      callback: () => void,
    ) => {
      const status = err.statusCode ?? 500;
      const code = err.body?.code ?? err.name;
      const message = status >= 500 ? 'Internal error. Please try again.' : err.message;
      (err as unknown as { toJSON: () => unknown }).toJSON = () => ({ error: { code, message } });
      if (status >= 500) logger.error({ err }, 'request failed');
      callback();
    },
  );
  server.on('after', (req: Request, res: Response) => {
    core.metrics.httpResponses.inc({
      route: req.getRoute()?.path?.toString() ?? 'unmatched',
      status: String(res.statusCode),
    });
  });

  registerPages(server, assets, core.translator, core.contact, { demoLogin: !!core.demoIdentity });
  if (config.agents.demo) {
    const password = await resetDemoAgent(config.agents.file);
    logger.info({ agent: 'demo' }, 'demo agent password reset');
    process.stdout.write(`\nAgent console (demo): log in as "demo" with the one-time password ${password}\n`);
  }
  const agentAuth = new AgentAuth(config.agents.file, core.store, { sessionHours: config.agents.sessionHours });
  registerAgentConsole(server, {
    auth: agentAuth,
    desk: core.desk,
    logger,
    secureCookies: config.env === 'production',
    localesDir: paths.localesDir,
    limits: core.store.rateLimits,
    loginsPerMinute: config.rateLimits.agentLoginsPerMinute,
    trustProxy: config.trustProxy,
  });
  const sweep = setInterval(() => {
    core.handoff.sweep().catch((err: Error) => logger.warn({ err }, 'handoff sweep failed'));
  }, config.handoff.sweepSeconds * 1000);
  sweep.unref();
  if (core.demoIdentity)
    registerDemoIdentity(server, { provider: core.demoIdentity, people: () => demoPeople(core.store), logger });
  registerDirectLine(server, {
    service: core.directLine,
    identity: core.identity,
    logger,
    trustProxy: config.trustProxy,
    limits: core.store.rateLimits,
    ...config.rateLimits,
  });
  registerBotFramework(server, {
    config: config.botFramework,
    bot: core.bot,
    prepare: prepareAdapter(core.bot, core.translator, core.contact, logger, core.metrics),
    logger,
  });

  // The calendar file of a booking: only with the token the confirmation linked to.
  server.get(
    '/bookings/:file',
    route(logger, async (req: Request, res: Response) => {
      const file = String(req.params.file ?? '');
      const reference = /^([A-HJ-NP-Z2-9]{6})\.ics$/.exec(file)?.[1];
      const token = (req.query as Record<string, unknown> | undefined)?.token;
      if (!reference || typeof token !== 'string' || !core.booking.checkIcsToken(reference, token))
        throw new HttpError(404, 'NotFound', 'No such booking.');
      const booking = await core.booking.get(reference);
      if (!booking) throw new HttpError(404, 'NotFound', 'No such booking.');
      const office = core.booking.office(booking.officeId);
      res.setHeader('Content-Type', 'text/calendar; charset=utf-8');
      res.setHeader('Content-Disposition', `attachment; filename="nav-${reference}.ics"`);
      res.setHeader('Cache-Control', 'no-store');
      res.writeHead(200);
      res.end(core.booking.ics(booking, office ? `NAV: ${office.name}` : 'NAV'));
    }),
  );

  server.get('/health', async (_req: Request, res: Response) => {
    res.status(200);
    res.json({ status: 'ok' });
  });
  server.get('/ready', async (_req: Request, res: Response) => {
    const storeOk = await core.store.ping();
    res.status(storeOk ? 200 : 503);
    res.json({
      status: storeOk ? 'ready' : 'unavailable',
      store: storeOk ? 'ok' : 'unreachable',
      engine: core.store.db.engine,
      content: { topics: core.knowledge.topics.size, intents: core.knowledge.understanding.intents.length },
    });
  });
  server.get('/metrics', async (_req: Request, res: Response) => {
    const body = await core.metrics.registry.metrics();
    res.setHeader('Content-Type', core.metrics.registry.contentType);
    res.writeHead(200);
    res.end(body);
  });
  server.on('NotFound', (_req: Request, res: Response, _err: unknown, callback: () => void) => {
    sendError(res, 404, 'NotFound', 'No such resource.');
    callback();
  });

  return {
    server,
    core,
    listen: () =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.port, config.host, () => {
          const address = server.address();
          resolve(typeof address === 'object' && address ? address.port : config.port);
        });
      }),
    async close() {
      clearInterval(sweep);
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await core.store.close();
    },
  };
}
