/** Direct Line tokens: HS256 JWTs bound to one conversation and one user, with an expiry. */
import { SignJWT, jwtVerify, errors } from 'jose';

export interface TokenClaims {
  conversationId: string;
  userId: string;
}

export type TokenProblem = 'expired' | 'invalid';

export class TokenError extends Error {
  constructor(readonly problem: TokenProblem) {
    super(problem === 'expired' ? 'The token has expired.' : 'The token is not valid.');
    this.name = 'TokenError';
  }
}

const ISSUER = 'veiviser-directline';

export class TokenService {
  private readonly key: Uint8Array;

  constructor(
    secret: string,
    readonly ttlSeconds: number,
  ) {
    this.key = new TextEncoder().encode(secret);
  }

  async issue(claims: TokenClaims): Promise<{ token: string; expiresIn: number }> {
    const token = await new SignJWT({ conv: claims.conversationId })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(ISSUER)
      .setSubject(claims.userId)
      .setIssuedAt()
      .setExpirationTime(`${this.ttlSeconds}s`)
      .sign(this.key);
    return { token, expiresIn: this.ttlSeconds };
  }

  async verify(token: string): Promise<TokenClaims> {
    try {
      const { payload } = await jwtVerify(token, this.key, { issuer: ISSUER, algorithms: ['HS256'] });
      if (typeof payload.conv !== 'string' || typeof payload.sub !== 'string') throw new TokenError('invalid');
      return { conversationId: payload.conv, userId: payload.sub };
    } catch (err) {
      if (err instanceof TokenError) throw err;
      throw new TokenError(err instanceof errors.JWTExpired ? 'expired' : 'invalid');
    }
  }
}
