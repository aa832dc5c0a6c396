/** The HTTP case provider against a local fake case API (plain node:http, independent of restify). */
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpCaseProvider } from '../../bot/services/cases.ts';

let server: Server;
let base = '';
let mode = 'ok';
const seen: { personHeader?: string; url?: string; auth?: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({
      personHeader: req.headers['nav-personident'] as string,
      url: req.url,
      auth: req.headers.authorization,
    });
    if (mode === 'slow') return void setTimeout(() => res.end('{"cases": []}'), 2000);
    if (mode === '500') return void ((res.statusCode = 500), res.end('oops'));
    if (mode === '404') return void ((res.statusCode = 404), res.end());
    if (mode === 'html') return void res.end('<html>not json</html>');
    if (mode === 'contract') return void res.end(JSON.stringify({ cases: [{ reference: 'X', status: 'lost' }] }));
    res.setHeader('Content-Type', 'application/json');
    res.end(
      JSON.stringify({
        cases: [
          {
            reference: 'DAG-1',
            benefit: 'dagpenger',
            status: 'under-review',
            receivedOn: '2026-11-01',
            decisionExpectedBy: '2026-12-20',
          },
        ],
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/api`;
});
afterAll(async () => new Promise<void>((resolve) => server.close(() => resolve())));

describe('HttpCaseProvider', () => {
  const provider = () => new HttpCaseProvider({ baseUrl: base, timeoutMs: 300, apiKey: 'key-1' });

  it('reads the cases, sending the person in a header, never in the URL', async () => {
    mode = 'ok';
    const cases = await provider().casesFor('12038541208');
    expect(cases).toEqual([
      {
        reference: 'DAG-1',
        benefit: 'dagpenger',
        status: 'under-review',
        receivedOn: '2026-11-01',
        decisionExpectedBy: '2026-12-20',
      },
    ]);
    expect(seen.at(-1)).toEqual({ personHeader: '12038541208', url: '/api/persons/cases', auth: 'Bearer key-1' });
  });

  it('404 means no cases', async () => {
    mode = '404';
    expect(await provider().casesFor('12038541208')).toEqual([]);
  });

  it.each([
    ['slow', 'timeout'],
    ['500', 'unavailable'],
    ['html', 'bad-response'],
    ['contract', 'bad-response'],
  ])('%s answers are a CaseProviderError (%s)', async (m, problem) => {
    mode = m;
    await expect(provider().casesFor('12038541208')).rejects.toMatchObject({ name: 'CaseProviderError', problem });
  });

  it('an unreachable API is unavailable', async () => {
    await expect(
      new HttpCaseProvider({ baseUrl: 'http://127.0.0.1:1/', timeoutMs: 300 }).casesFor('12038541208'),
    ).rejects.toMatchObject({ problem: 'unavailable' });
  });
});
