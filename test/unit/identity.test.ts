import { describe, expect, it } from 'vitest';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT } from 'jose';
import {
  DEMO_AUDIENCE,
  DEMO_ISSUER,
  DemoIdentityProvider,
  IdentityError,
  IdentityVerifier,
} from '../../bot/services/identity.ts';
import { nationalId } from '../helpers/factories.ts';

const PERSON = nationalId('120385', 412);

async function keyPair(kid: string) {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  return { privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256' } };
}

async function sign(
  key: CryptoKey,
  kid: string,
  claims: { iss?: string; aud?: string; exp?: number; pid?: string } = {},
) {
  return new SignJWT({ pid: claims.pid ?? PERSON })
    .setProtectedHeader({ alg: 'ES256', kid })
    .setIssuer(claims.iss ?? 'https://idporten.example')
    .setAudience(claims.aud ?? 'veiviser')
    .setIssuedAt()
    .setExpirationTime(claims.exp ?? Math.floor(Date.now() / 1000) + 600)
    .sign(key);
}

describe('ID token verification', async () => {
  const good = await keyPair('k1');
  const other = await keyPair('k1'); // same kid, another key: a forgery
  const verifier = new IdentityVerifier({
    issuer: 'https://idporten.example',
    audience: 'veiviser',
    keys: createLocalJWKSet({ keys: [good.jwk] }),
  });
  const problem = (token: string) =>
    verifier.verify(token).then(
      () => 'ok',
      (e: IdentityError) => e.problem,
    );

  it('accepts a valid token and returns the person and expiry', async () => {
    const identity = await verifier.verify(await sign(good.privateKey, 'k1'));
    expect(identity.personId).toBe(PERSON);
    expect(identity.expiresAt.getTime()).toBeGreaterThan(Date.now());
  });

  it.each([
    ['a forged signature', async () => sign(other.privateKey, 'k1'), 'bad-signature'],
    ['another issuer', async () => sign(good.privateKey, 'k1', { iss: 'https://evil.example' }), 'wrong-issuer'],
    ['another audience', async () => sign(good.privateKey, 'k1', { aud: 'someone-else' }), 'wrong-audience'],
    [
      'an expired token',
      async () => sign(good.privateKey, 'k1', { exp: Math.floor(Date.now() / 1000) - 3600 }),
      'expired',
    ],
    ['no person id', async () => sign(good.privateKey, 'k1', { pid: 'not-a-number' }), 'no-person'],
    ['garbage', async () => 'not.a.jwt', 'malformed'],
  ])('refuses %s', async (_name, make, expected) => {
    expect(await problem(await make())).toBe(expected);
  });

  it('the demo provider signs tokens its published key set verifies, and only those', async () => {
    const demo = await DemoIdentityProvider.create();
    const identity = await demo.verifier().verify(await demo.issue(PERSON));
    expect(identity.personId).toBe(PERSON);
    const otherDemo = await DemoIdentityProvider.create();
    await expect(demo.verifier().verify(await otherDemo.issue(PERSON))).rejects.toMatchObject({
      problem: 'bad-signature',
    });
    expect(demo.jwks.keys[0]).not.toHaveProperty('d'); // the public half only
    expect([DEMO_ISSUER, DEMO_AUDIENCE]).toEqual(['urn:veiviser:demo-idp', 'veiviser']);
  });
});
