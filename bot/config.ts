/**
 * The one place that reads the environment. Everything else receives a validated `Config`.
 * A bad variable stops start-up with a message naming every variable that is wrong.
 */
import { z } from 'zod';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const boolish = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  MicrosoftAppId: z.string().optional(),
  MicrosoftAppPassword: z.string().optional(),
  MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).optional(),
  MicrosoftAppTenantId: z.string().optional(),
  BOTFRAMEWORK_EMULATOR: boolish.default('false'),
  TOKEN_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  TOKEN_TTL_SECONDS: positiveInt(1800),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  RATE_LIMIT_TOKENS_PER_MINUTE: positiveInt(20),
  RATE_LIMIT_MESSAGES_PER_MINUTE: positiveInt(60),
  RATE_LIMIT_POLLS_PER_MINUTE: positiveInt(600),
  RATE_LIMIT_REFRESHES_PER_MINUTE: positiveInt(10),
  RATE_LIMIT_AGENT_LOGINS_PER_MINUTE: positiveInt(10),
  TRUST_PROXY: boolish.default('false'),
  AGENTS_FILE: z.string().min(1).optional(),
  AGENT_SESSION_HOURS: positiveInt(10),
  AGENT_TIMEOUT_SECONDS: positiveInt(90),
  USER_TIMEOUT_SECONDS: positiveInt(120),
  HANDOFF_SWEEP_SECONDS: positiveInt(5),
  OIDC_ISSUER: z.string().min(1).optional(),
  OIDC_AUDIENCE: z.string().min(1).optional(),
  OIDC_JWKS_URL: z.string().url().optional(),
  DEMO_IDENTITY: boolish.optional(),
  CASE_API_URL: z.string().url().optional(),
  CASE_API_KEY: z.string().min(1).optional(),
  CASE_API_TIMEOUT_MS: positiveInt(3000),
});

/** Rules across variables; checked on the raw values so they are reported with the rest. */
function crossChecks(env: Record<string, string | undefined>): string[] {
  const on = (v: string | undefined) => v === 'true' || v === '1' || v === 'yes';
  const problems: string[] = [];
  if (env.MicrosoftAppId && !env.MicrosoftAppPassword && env.MicrosoftAppType !== 'UserAssignedMSI')
    problems.push('MicrosoftAppPassword: is required when MicrosoftAppId is set');
  if (env.MicrosoftAppType === 'SingleTenant' && !env.MicrosoftAppTenantId)
    problems.push('MicrosoftAppTenantId: is required for SingleTenant');
  if (env.NODE_ENV === 'production' && !env.TOKEN_SECRET) problems.push('TOKEN_SECRET: must be set in production');
  const oidc = [env.OIDC_ISSUER, env.OIDC_AUDIENCE, env.OIDC_JWKS_URL].filter(Boolean).length;
  if (oidc > 0 && oidc < 3) problems.push('OIDC_ISSUER, OIDC_AUDIENCE, OIDC_JWKS_URL: set all three, or none');
  if (on(env.DEMO_IDENTITY) && env.NODE_ENV === 'production')
    problems.push('DEMO_IDENTITY: the demo identity provider is refused in production');
  if (on(env.DEMO_IDENTITY) && env.OIDC_ISSUER)
    problems.push(
      'DEMO_IDENTITY: the demo identity provider is refused when a real issuer (OIDC_ISSUER) is configured',
    );
  if (env.NODE_ENV === 'production' && !env.AGENTS_FILE)
    problems.push('AGENTS_FILE: must be set in production (see npm run agent:add)');
  if (env.NODE_ENV === 'production' && on(env.BOTFRAMEWORK_EMULATOR))
    problems.push('BOTFRAMEWORK_EMULATOR: cannot be on in production');
  return problems;
}

export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  botFramework: {
    appId: string | undefined;
    appPassword: string | undefined;
    appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI' | undefined;
    tenantId: string | undefined;
    /** Serve /api/messages without authentication, on loopback only, for the Bot Framework Emulator. */
    emulator: boolean;
  };
  tokenSecret: string;
  tokenTtlSeconds: number;
  logLevel: string;
  rateLimits: {
    tokensPerMinute: number;
    messagesPerMinute: number;
    pollsPerMinute: number;
    refreshesPerMinute: number;
    agentLoginsPerMinute: number;
  };
  trustProxy: boolean;
  agents: {
    /** The agents file; the embedded default keeps one with a demo agent in DATA_DIR. */
    file: string;
    /** True when AGENTS_FILE was not given: a demo agent gets a fresh one-time password at start-up. */
    demo: boolean;
    sessionHours: number;
  };
  handoff: { agentTimeoutSeconds: number; userTimeoutSeconds: number; sweepSeconds: number };
  identity: {
    /** A real identity provider (ID-porten or similar), or none. */
    oidc?: { issuer: string; audience: string; jwksUrl: string };
    /** The demo identity provider and demo case system (embedded default only). */
    demo: boolean;
  };
  cases: { apiUrl?: string; apiKey?: string; timeoutMs: number };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates the environment once. Throws ConfigError naming every bad variable. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  // Empty strings count as unset, as they do in most .env tooling.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(cleaned);
  const problems = [
    ...(parsed.success
      ? []
      : parsed.error.issues.map((i) => {
          const name = String(i.path[0] ?? '');
          const got = source[name] !== undefined ? ` (got "${redactValue(name, source[name])}")` : '';
          return `${i.path.join('.')}: ${i.message}${got}`;
        })),
    ...crossChecks(cleaned),
  ];
  if (problems.length || !parsed.success) throw new ConfigError(problems);
  const env = parsed.data;
  const dataDir = resolve(env.DATA_DIR);
  return {
    env: env.NODE_ENV,
    port: env.PORT,
    host: env.HOST,
    dataDir,
    databaseUrl: env.DATABASE_URL,
    botFramework: {
      appId: env.MicrosoftAppId,
      appPassword: env.MicrosoftAppPassword,
      appType: env.MicrosoftAppType,
      tenantId: env.MicrosoftAppTenantId,
      emulator: env.BOTFRAMEWORK_EMULATOR,
    },
    tokenSecret: env.TOKEN_SECRET ?? loadOrCreateSecret(dataDir),
    tokenTtlSeconds: env.TOKEN_TTL_SECONDS,
    logLevel: env.LOG_LEVEL,
    rateLimits: {
      tokensPerMinute: env.RATE_LIMIT_TOKENS_PER_MINUTE,
      messagesPerMinute: env.RATE_LIMIT_MESSAGES_PER_MINUTE,
      pollsPerMinute: env.RATE_LIMIT_POLLS_PER_MINUTE,
      refreshesPerMinute: env.RATE_LIMIT_REFRESHES_PER_MINUTE,
      agentLoginsPerMinute: env.RATE_LIMIT_AGENT_LOGINS_PER_MINUTE,
    },
    trustProxy: env.TRUST_PROXY,
    agents: {
      file: env.AGENTS_FILE ? resolve(env.AGENTS_FILE) : join(dataDir, 'agents.json'),
      demo: !env.AGENTS_FILE && env.NODE_ENV !== 'production',
      sessionHours: env.AGENT_SESSION_HOURS,
    },
    identity: {
      ...(env.OIDC_ISSUER && env.OIDC_AUDIENCE && env.OIDC_JWKS_URL
        ? { oidc: { issuer: env.OIDC_ISSUER, audience: env.OIDC_AUDIENCE, jwksUrl: env.OIDC_JWKS_URL } }
        : {}),
      demo: env.DEMO_IDENTITY ?? (env.NODE_ENV !== 'production' && !env.OIDC_ISSUER),
    },
    cases: { apiUrl: env.CASE_API_URL, apiKey: env.CASE_API_KEY, timeoutMs: env.CASE_API_TIMEOUT_MS },
    handoff: {
      agentTimeoutSeconds: env.AGENT_TIMEOUT_SECONDS,
      userTimeoutSeconds: env.USER_TIMEOUT_SECONDS,
      sweepSeconds: env.HANDOFF_SWEEP_SECONDS,
    },
  };
}

/** For entry points: the config, or the list of problems on stderr and exit code 2. */
export function loadConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`${err.message}\n`);
    process.exit(2);
  }
}

function redactValue(name: string, value: string | undefined): string {
  return /PASSWORD|SECRET|KEY|DATABASE_URL/i.test(name) ? '***' : String(value);
}

/** A generated secret is kept in DATA_DIR so tokens stay valid across restarts. */
function loadOrCreateSecret(dataDir: string): string {
  const file = join(dataDir, 'token-secret');
  if (existsSync(file)) {
    const secret = readFileSync(file, 'utf8').trim();
    if (secret.length >= 32) return secret;
  }
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return secret;
}
