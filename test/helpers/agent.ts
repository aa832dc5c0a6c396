/** The agent console's JSON API, as the console page uses it (a cookie, JSON bodies). */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { upsertAgent } from '../../bot/services/agents.ts';

export const AGENT_PASSWORD = 'correct horse battery staple';

/** An agents file with Kari (nb, pl) and Ola (nb, en), both with AGENT_PASSWORD. */
export async function agentsFile(): Promise<string> {
  const file = join(mkdtempSync(join(tmpdir(), 'veiviser-agents-')), 'agents.json');
  await upsertAgent(file, { id: 'kari', name: 'Kari Nordmann', languages: ['nb', 'pl'] }, AGENT_PASSWORD);
  await upsertAgent(file, { id: 'ola', name: 'Ola Hansen', languages: ['nb', 'en'] }, AGENT_PASSWORD);
  return file;
}

export class AgentClient {
  cookie = '';
  constructor(private readonly baseUrl: string) {}

  async call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const res = await fetch(`${this.baseUrl}/agent/api${path}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...(this.cookie ? { Cookie: this.cookie } : {}),
        ...headers,
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) this.cookie = setCookie.split(';')[0]!;
    const text = await res.text();
    return {
      status: res.status,
      headers: res.headers,
      setCookie,
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      data: text ? (JSON.parse(text) as Record<string, any>) : {},
    };
  }

  login(id: string, password = AGENT_PASSWORD) {
    return this.call('POST', '/login', { id, password });
  }
}
