/**
 * Contact-centre agents: the agents file (AGENTS_FILE), scrypt password hashes, console sessions
 * and the lock-out after repeated failed logins. Sessions and failures live in the store, so any
 * instance accepts any agent's cookie.
 */
import { createHash, randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import type { Store } from '../store/index.ts';

const scrypt = (password: string, salt: Buffer, length: number, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) =>
    scryptCallback(password, salt, length, options, (err, key) => (err ? reject(err) : resolve(key))),
  );

/** scrypt cost: N=2^15, r=8, p=1 (about 32 MB and 50–100 ms per check). */
const COST = { N: 32768, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const KEY_LENGTH = 32;

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password.normalize('NFC'), salt, KEY_LENGTH, COST);
  return `scrypt$${COST.N}$${COST.r}$${COST.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = encoded.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const key = await scrypt(password.normalize('NFC'), Buffer.from(salt, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: COST.maxmem,
  });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

const AgentSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9._-]{1,39}$/, 'lower-case letters, digits, ".", "_" or "-", 2–40 characters'),
    name: z.string().trim().min(1).max(80),
    languages: z.array(z.string().regex(/^[a-z]{2,3}$/, 'an ISO 639 code')).min(1),
    password: z.string().startsWith('scrypt$', 'must be a hash made by npm run agent:add'),
    demo: z.boolean().optional(),
  })
  .strict();
const AgentsFileSchema = z.object({ agents: z.array(AgentSchema) }).strict();

export type AgentRecord = z.infer<typeof AgentSchema>;
export type Agent = Omit<AgentRecord, 'password'>;

export class AgentsFileError extends Error {
  constructor(file: string, problem: string) {
    super(`${file}: ${problem}`);
    this.name = 'AgentsFileError';
  }
}

export function readAgentsFile(file: string): AgentRecord[] {
  if (!existsSync(file)) return [];
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new AgentsFileError(file, `not valid JSON (${(err as Error).message})`);
  }
  const parsed = AgentsFileSchema.safeParse(json);
  if (!parsed.success)
    throw new AgentsFileError(file, parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  const ids = parsed.data.agents.map((a) => a.id);
  const twice = ids.find((id, i) => ids.indexOf(id) !== i);
  if (twice) throw new AgentsFileError(file, `agent id "${twice}" appears twice`);
  return parsed.data.agents;
}

export function writeAgentsFile(file: string, agents: AgentRecord[]): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, `${JSON.stringify({ agents }, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, file);
}

/** Adds an agent or replaces one with the same id (a new password). */
export async function upsertAgent(file: string, agent: Agent, password: string): Promise<void> {
  const agents = readAgentsFile(file).filter((a) => a.id !== agent.id);
  agents.push({ ...agent, password: await hashPassword(password) });
  writeAgentsFile(file, agents);
}

/** A password people can type: 4 groups of 4 letters and digits, without look-alikes. */
export function generatePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const bytes = randomBytes(16);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]);
  return [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join('')).join('-');
}

export const DEMO_AGENT: Agent = { id: 'demo', name: 'Demo Veileder', languages: ['nb', 'en', 'pl'], demo: true };

/** The embedded default: a demo agent whose password is new at every start (printed once). */
export async function resetDemoAgent(file: string): Promise<string> {
  const password = generatePassword();
  await upsertAgent(file, DEMO_AGENT, password);
  return password;
}

export type LoginResult =
  | { ok: true; agent: Agent; session: string }
  | { ok: false; problem: 'invalid' | 'locked'; retryAfterSeconds?: number };

export interface AgentAuthOptions {
  sessionHours: number;
  maxFailures?: number;
  lockSeconds?: number;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export class AgentAuth {
  private agents = new Map<string, AgentRecord>();
  private readonly dummyHash: Promise<string>;

  constructor(
    private readonly file: string,
    private readonly store: Store,
    private readonly options: AgentAuthOptions,
  ) {
    this.reload();
    // Unknown ids cost as much time as known ones, so timing does not reveal which exist.
    this.dummyHash = hashPassword(randomBytes(8).toString('hex'));
  }

  /** Reads the agents file again (after agent:add, without a restart). */
  reload(): void {
    this.agents = new Map(readAgentsFile(this.file).map((a) => [a.id, a]));
  }

  get(id: string): Agent | undefined {
    const a = this.agents.get(id);
    if (!a) return undefined;
    const { password: _password, ...agent } = a;
    return agent;
  }

  get sessionSeconds(): number {
    return this.options.sessionHours * 3600;
  }

  get count(): number {
    return this.agents.size;
  }

  /**
   * `address`: the client's address. The lock-out counts failures per agent id *and* address,
   * so someone guessing elsewhere cannot lock a known agent out of their own console.
   */
  async login(id: string, password: string, address = ''): Promise<LoginResult> {
    const maxFailures = this.options.maxFailures ?? 5;
    const lockSeconds = this.options.lockSeconds ?? 15 * 60;
    const key = id.toLowerCase().slice(0, 40);
    const lockKey = `${key}|${sha256(address).slice(0, 16)}`;
    const locked = await this.store.agentSessions.lockedFor(lockKey);
    if (locked > 0) return { ok: false, problem: 'locked', retryAfterSeconds: locked };
    if (!this.agents.has(key)) this.reload(); // added since start-up?
    const record = this.agents.get(key);
    const valid = await verifyPassword(password, record?.password ?? (await this.dummyHash));
    if (!record || !valid) {
      const failures = await this.store.agentSessions.recordFailure(lockKey, maxFailures, lockSeconds);
      return failures >= maxFailures
        ? { ok: false, problem: 'locked', retryAfterSeconds: lockSeconds }
        : { ok: false, problem: 'invalid' };
    }
    await this.store.agentSessions.clearFailures(lockKey);
    const session = randomBytes(32).toString('base64url');
    await this.store.agentSessions.create(sha256(session), key, this.options.sessionHours * 3600);
    return { ok: true, agent: this.get(key)!, session };
  }

  async authenticate(session: string | undefined): Promise<Agent | undefined> {
    if (!session || session.length > 100) return undefined;
    const id = await this.store.agentSessions.agentOf(sha256(session));
    return id ? this.get(id) : undefined;
  }

  async logout(session: string): Promise<void> {
    await this.store.agentSessions.delete(sha256(session));
  }
}
