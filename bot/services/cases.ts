/**
 * A person's cases, from a case system behind the CaseProvider interface: the demo provider over
 * seeded tables (embedded default), or the HTTP provider for a real case API (contract in
 * docs/case-api.md). Looked up only for a person whose identity was verified from a signed token
 * and bound to the conversation; never from what anyone types. Case details are never logged.
 */
import { z } from 'zod';
import type { Store } from '../store/index.ts';

export const CASE_STATUSES = [
  'received',
  'under-review',
  'waiting-for-documents',
  'approved',
  'rejected',
  'payment-stopped',
] as const;
export const DOCUMENT_CODES = [
  'employment-contract',
  'termination-letter',
  'payslips',
  'medical-certificate',
  'bank-statement',
  'rental-contract',
  'birth-certificate',
  'other',
] as const;

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');

export const CaseSchema = z.object({
  reference: z.string().regex(/^[A-Z0-9-]{3,40}$/),
  benefit: z.string().regex(/^[a-z-]{2,40}$/),
  status: z.enum(CASE_STATUSES),
  receivedOn: day,
  decisionExpectedBy: day.optional(),
  documents: z.array(z.string()).optional(),
  documentsDueBy: day.optional(),
  nextPaymentOn: day.optional(),
  /** Kept by the case system; the bot never shows or stores amounts (the user sees them on nav.no). */
  nextPaymentAmount: z.number().optional(),
  appealDeadline: day.optional(),
  missingMeldekort: z.object({ from: day, to: day }).optional(),
});
export type Case = z.infer<typeof CaseSchema>;

export class CaseProviderError extends Error {
  constructor(
    readonly problem: 'timeout' | 'unavailable' | 'bad-response',
    message: string,
  ) {
    super(message);
    this.name = 'CaseProviderError';
  }
}

export interface CaseProvider {
  /** The person's cases (newest first), by their national identity number. */
  casesFor(nationalId: string): Promise<Case[]>;
}

const isoDay = (offsetDays: number, now: Date) =>
  new Date(now.getTime() + offsetDays * 86_400_000).toISOString().slice(0, 10);

interface DemoCaseRow {
  reference: string;
  benefit: string;
  status: Case['status'];
  received_days: number;
  decision_days: number | null;
  documents: string | null;
  documents_due_days: number | null;
  payment_days: number | null;
  payment_amount: number | null;
  appeal_days: number | null;
  period_from_days: number | null;
  period_to_days: number | null;
}

/** The demo case system: seeded tables, dates relative to today. */
export class DemoCaseProvider implements CaseProvider {
  constructor(
    private readonly store: Store,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async casesFor(nationalId: string): Promise<Case[]> {
    const { rows } = await this.store.db.query<DemoCaseRow>(
      'SELECT * FROM demo_cases WHERE national_id = $1 ORDER BY received_days DESC',
      [nationalId],
    );
    const now = this.now();
    return rows.map((r) =>
      CaseSchema.parse({
        reference: r.reference,
        benefit: r.benefit,
        status: r.status,
        receivedOn: isoDay(r.received_days, now),
        ...(r.decision_days !== null ? { decisionExpectedBy: isoDay(r.decision_days, now) } : {}),
        ...(r.documents ? { documents: r.documents.split(',') } : {}),
        ...(r.documents_due_days !== null ? { documentsDueBy: isoDay(r.documents_due_days, now) } : {}),
        ...(r.payment_days !== null ? { nextPaymentOn: isoDay(r.payment_days, now) } : {}),
        ...(r.payment_amount !== null ? { nextPaymentAmount: r.payment_amount } : {}),
        ...(r.appeal_days !== null ? { appealDeadline: isoDay(r.appeal_days, now) } : {}),
        ...(r.period_from_days !== null && r.period_to_days !== null
          ? { missingMeldekort: { from: isoDay(r.period_from_days, now), to: isoDay(r.period_to_days, now) } }
          : {}),
      }),
    );
  }
}

export interface DemoPerson {
  id: string;
  name: string;
  situation: string;
  nationalId: string;
}

export async function demoPeople(store: Store): Promise<DemoPerson[]> {
  const { rows } = await store.db.query<{ id: string; name: string; situation: string; national_id: string }>(
    'SELECT id, name, situation, national_id FROM demo_people ORDER BY name',
  );
  return rows.map((r) => ({ id: r.id, name: r.name, situation: r.situation, nationalId: r.national_id }));
}

/**
 * A real case API over HTTP (docs/case-api.md): `GET {baseUrl}/persons/cases` with the national
 * identity number in the `Nav-Personident` header (never in the URL, so it stays out of access
 * logs), answering `{"cases": [Case…]}`. Slow answers time out; errors and bad JSON are
 * CaseProviderErrors, which the bot turns into an honest reply and the offer of a person.
 */
export class HttpCaseProvider implements CaseProvider {
  constructor(private readonly options: { baseUrl: string; timeoutMs: number; apiKey?: string }) {}

  async casesFor(nationalId: string): Promise<Case[]> {
    let res: Response;
    try {
      res = await fetch(
        new URL(
          'persons/cases',
          this.options.baseUrl.endsWith('/') ? this.options.baseUrl : `${this.options.baseUrl}/`,
        ),
        {
          headers: {
            Accept: 'application/json',
            'Nav-Personident': nationalId,
            ...(this.options.apiKey ? { Authorization: `Bearer ${this.options.apiKey}` } : {}),
          },
          signal: AbortSignal.timeout(this.options.timeoutMs),
        },
      );
    } catch (err) {
      const name = (err as Error).name;
      if (name === 'TimeoutError' || name === 'AbortError')
        throw new CaseProviderError('timeout', `case API did not answer within ${this.options.timeoutMs} ms`);
      throw new CaseProviderError('unavailable', `case API unreachable (${(err as Error).message})`);
    }
    if (res.status === 404) return [];
    if (!res.ok) throw new CaseProviderError('unavailable', `case API answered ${res.status}`);
    let body: unknown;
    try {
      body = await res.json();
    } catch {
      throw new CaseProviderError('bad-response', 'case API answered with invalid JSON');
    }
    const parsed = z.object({ cases: z.array(CaseSchema) }).safeParse(body);
    if (!parsed.success)
      throw new CaseProviderError(
        'bad-response',
        `case API answer does not follow the contract (${parsed.error.issues[0]?.path.join('.')})`,
      );
    return parsed.data.cases;
  }
}

export type CaseLookup =
  | { state: 'anonymous' }
  | { state: 'expired' }
  | { state: 'unavailable'; problem: CaseProviderError['problem'] }
  | { state: 'ok'; cases: Case[] };

/** The bot's way to a user's cases: the verified identity bound to the conversation, then the provider. */
export class CaseService {
  constructor(
    private readonly store: Store,
    private readonly provider: CaseProvider | undefined,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async lookup(conversationId: string): Promise<CaseLookup> {
    const identity = await this.store.conversations.identity(conversationId);
    if (!identity) return { state: 'anonymous' };
    if (identity.expiresAt <= this.now()) return { state: 'expired' };
    if (!this.provider) return { state: 'unavailable', problem: 'unavailable' };
    try {
      return { state: 'ok', cases: await this.provider.casesFor(identity.personId) };
    } catch (err) {
      if (err instanceof CaseProviderError) return { state: 'unavailable', problem: err.problem };
      throw err;
    }
  }
}
