/**
 * Verified identity: an OIDC-style ID token (as ID-porten issues) checked with jose against the
 * configured issuer, audience and key set. The embedded default has a clearly marked demo
 * identity provider that signs tokens with a local key, published as a key set, so the
 * verification path is the real one.
 */
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  errors,
  exportJWK,
  generateKeyPair,
  jwtVerify,
  SignJWT,
  type JSONWebKeySet,
  type JWTVerifyGetKey,
} from 'jose';

export type IdentityProblem =
  'malformed' | 'bad-signature' | 'wrong-issuer' | 'wrong-audience' | 'expired' | 'no-person';

export class IdentityError extends Error {
  constructor(
    readonly problem: IdentityProblem,
    message: string,
  ) {
    super(message);
    this.name = 'IdentityError';
  }
}

export interface VerifiedIdentity {
  /** The national identity number (ID-porten's `pid`). */
  personId: string;
  expiresAt: Date;
}

export interface IdentityVerifierOptions {
  issuer: string;
  audience: string;
  keys: JWTVerifyGetKey;
  /** Seconds of clock difference tolerated. */
  clockTolerance?: number;
}

export class IdentityVerifier {
  constructor(private readonly options: IdentityVerifierOptions) {}

  static remote(o: { issuer: string; audience: string; jwksUrl: string }): IdentityVerifier {
    return new IdentityVerifier({
      issuer: o.issuer,
      audience: o.audience,
      keys: createRemoteJWKSet(new URL(o.jwksUrl)),
    });
  }

  async verify(token: string): Promise<VerifiedIdentity> {
    try {
      const { payload } = await jwtVerify(token, this.options.keys, {
        issuer: this.options.issuer,
        audience: this.options.audience,
        clockTolerance: this.options.clockTolerance ?? 30,
        algorithms: ['ES256', 'RS256', 'PS256', 'ES384', 'RS384', 'ES512', 'RS512'],
        requiredClaims: ['exp'],
      });
      const personId =
        typeof payload.pid === 'string' ? payload.pid : typeof payload.sub === 'string' ? payload.sub : undefined;
      if (!personId || !/^\d{11}$/.test(personId))
        throw new IdentityError('no-person', 'The ID token names no person (pid).');
      return { personId, expiresAt: new Date(payload.exp! * 1000) };
    } catch (err) {
      if (err instanceof IdentityError) throw err;
      if (err instanceof errors.JWTExpired)
        throw new IdentityError('expired', 'The ID token has expired. Log in again.');
      if (err instanceof errors.JWTClaimValidationFailed) {
        if (err.claim === 'iss')
          throw new IdentityError('wrong-issuer', 'The ID token was not issued by the configured identity provider.');
        if (err.claim === 'aud')
          throw new IdentityError('wrong-audience', 'The ID token was issued for another service.');
        throw new IdentityError('malformed', `The ID token's "${err.claim}" claim is not valid.`);
      }
      if (err instanceof errors.JWSSignatureVerificationFailed || err instanceof errors.JWKSNoMatchingKey)
        throw new IdentityError('bad-signature', 'The ID token signature does not verify.');
      throw new IdentityError('malformed', 'The ID token is not a valid signed JWT.');
    }
  }
}

export const DEMO_ISSUER = 'urn:veiviser:demo-idp';
export const DEMO_AUDIENCE = 'veiviser';

/** The demo identity provider: a fresh signing key per start, its public half as a key set. */
export class DemoIdentityProvider {
  private constructor(
    private readonly privateKey: CryptoKey,
    readonly jwks: JSONWebKeySet,
    private readonly kid: string,
  ) {}

  static async create(): Promise<DemoIdentityProvider> {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const kid = `demo-${Date.now().toString(36)}`;
    const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
    return new DemoIdentityProvider(privateKey, { keys: [jwk] }, kid);
  }

  /** An ID token for a demo person, valid for `ttlSeconds`. */
  async issue(personId: string, ttlSeconds = 3600): Promise<string> {
    return new SignJWT({ pid: personId, acr: 'demo' })
      .setProtectedHeader({ alg: 'ES256', kid: this.kid })
      .setIssuer(DEMO_ISSUER)
      .setAudience(DEMO_AUDIENCE)
      .setSubject(personId)
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
      .sign(this.privateKey);
  }

  verifier(): IdentityVerifier {
    return new IdentityVerifier({ issuer: DEMO_ISSUER, audience: DEMO_AUDIENCE, keys: createLocalJWKSet(this.jwks) });
  }
}
