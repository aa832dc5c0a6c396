import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { readdirSync, readFileSync } from 'node:fs';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { connect, type Activity } from '../helpers/directline.ts';
import { say } from '../helpers/bot.ts';
import { DEMO_AUDIENCE, DEMO_ISSUER } from '../../bot/services/identity.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t.close());

async function tokensGenerate(idToken?: string, body: Record<string, unknown> = {}) {
  return fetch(`${t.baseUrl}/v3/directline/tokens/generate`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(idToken ? { Authorization: `Bearer ${idToken}` } : {}) },
    body: JSON.stringify(body),
  });
}

async function demoToken(person: string): Promise<string> {
  const res = await fetch(`${t.baseUrl}/demo/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ person }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { id_token: string }).id_token;
}

async function ask(grantRes: Response, question: string): Promise<{ reply: Activity; conversationId: string }> {
  expect(grantRes.status).toBe(200);
  const grant = (await grantRes.json()) as { token: string; conversationId: string; expires_in: number };
  const dl = connect(t.baseUrl, grant);
  try {
    const id = await dl.send(question);
    const reply = await dl.waitFor((a) => a.type === 'message' && a.replyToId === id);
    return { reply, conversationId: grant.conversationId };
  } finally {
    dl.end();
  }
}

describe('case status over Direct Line, with the demo identity provider', () => {
  it('lists demo people without their identity numbers, and publishes its key set', async () => {
    const people = (await (await fetch(`${t.baseUrl}/demo/people`)).json()) as {
      demo: boolean;
      people: { id: string; name: string }[];
    };
    expect(people.demo).toBe(true);
    expect(people.people.length).toBeGreaterThanOrEqual(8);
    expect(JSON.stringify(people)).not.toMatch(/\d{11}/);
    const jwks = (await (await fetch(`${t.baseUrl}/demo/jwks.json`)).json()) as { keys: { kty: string; d?: string }[] };
    expect(jwks.keys[0]!.kty).toBe('EC');
    expect(jwks.keys[0]!.d).toBeUndefined();
    expect(
      (
        await fetch(`${t.baseUrl}/demo/login`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: '{"person":"nobody"}',
        })
      ).status,
    ).toBe(404);
  });

  it('anonymous "hva er status på saken min" gets a login offer and no case data', async () => {
    const { reply } = await ask(await tokensGenerate(), 'hva er status på saken min');
    expect(reply.text).toContain(say('nb', 'cases:needLogin'));
    expect(reply.text).not.toMatch(/AAP-|DAG-|BTR-|KST-|OVS-|SOS-/);
  });

  it("with a demo person's ID token, the same question gets that person's status", async () => {
    const { reply } = await ask(await tokensGenerate(await demoToken('jonas')), 'hva er status på saken min');
    expect(reply.text).toContain(say('nb', 'cases:intro'));
    expect(reply.text).toContain('AAP-9M3X7T');
    expect(reply.text).not.toContain('04079141300');
  });

  it('refuses forged, foreign, mistargeted and expired ID tokens at tokens/generate with 401', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const kid = JSON.parse(Buffer.from((await demoToken('jonas')).split('.')[0]!, 'base64url').toString())
      .kid as string;
    const forge = (claims: { iss?: string; aud?: string; exp?: number }) =>
      new SignJWT({ pid: '04079141300' })
        .setProtectedHeader({ alg: 'ES256', kid })
        .setIssuer(claims.iss ?? DEMO_ISSUER)
        .setAudience(claims.aud ?? DEMO_AUDIENCE)
        .setExpirationTime(claims.exp ?? Math.floor(Date.now() / 1000) + 600)
        .sign(privateKey);
    void exportJWK(publicKey);
    const forged = await tokensGenerate(await forge({}));
    expect(forged.status).toBe(401);
    expect(await forged.json()).toMatchObject({
      error: { code: 'InvalidIdToken', message: expect.stringMatching(/signature/) },
    });
    // A genuine demo token, tampered with: its payload changed, the signature no longer fits.
    const [h, p, s] = (await demoToken('per')).split('.');
    const tampered = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(p!, 'base64url').toString()), pid: '04079141300' }),
    ).toString('base64url');
    expect((await tokensGenerate(`${h}.${tampered}.${s}`)).status).toBe(401);
    expect((await tokensGenerate('garbage')).status).toBe(401);
    expect((await tokensGenerate(await forge({ exp: Math.floor(Date.now() / 1000) - 3600 }))).status).toBe(401);
  });

  it('privacy: after a logged-in case conversation, neither the logs nor the stored activities hold the identity number or any payment amount', async () => {
    const { conversationId } = await ask(
      await tokensGenerate(await demoToken('fatima'), { locale: 'en-GB' }),
      'what is the status of my case',
    );
    const { rows } = await t.app.core.store.db.query<{ activity: unknown }>(
      'SELECT activity FROM activities WHERE conversation_id = $1',
      [conversationId],
    );
    const stored = JSON.stringify(rows);
    expect(stored).toContain('OVS-5T7J3H'); // the answer is there…
    const logs = JSON.stringify(t.logs);
    for (const secret of ['15069041229', '21774', '21 774', '21\u00a0774', '3926', '18450']) {
      expect(stored, `stored activities contain ${secret}`).not.toContain(secret);
      expect(logs, `logs contain ${secret}`).not.toContain(secret);
    }
    // …and the data folder's log-like files (none expected) hold nothing either.
    for (const f of readdirSync(t.config.dataDir).filter((n) => n.endsWith('.log')))
      expect(readFileSync(`${t.config.dataDir}/${f}`, 'utf8')).not.toContain('15069041229');
  });
});
